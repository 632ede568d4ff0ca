//! The keymap as data: every action, its default keys and its help text. The help screen and
//! the hint line are generated from this table, and `[keys]` in the config remaps it.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod actions;

pub use actions::{ACTIONS, Action, ActionInfo, Group};

use crate::config::KeyOverride;

/// A key with its modifiers, normalized so that `G` and `Shift-g` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        // Shift is already in the character (`G`) or the code (`BackTab`).
        let mods = match code {
            KeyCode::Char(_) | KeyCode::BackTab => mods - KeyModifiers::SHIFT,
            _ => mods,
        };
        Key { code, mods }
    }

    /// Parses `q`, `G`, `Enter`, `PgDn`, `Ctrl-r`, `Shift-Tab`, `F5`, …
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (prefix_len, m) = if lower.starts_with("ctrl-") {
                (5, KeyModifiers::CONTROL)
            } else if lower.starts_with("alt-") {
                (4, KeyModifiers::ALT)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (6, KeyModifiers::SHIFT)
            } else {
                break;
            };
            mods |= m;
            rest = &rest[prefix_len..];
        }
        let mut chars = rest.chars();
        let mut code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(format!("unknown key name `{text}`")),
                },
                _ => return Err(format!("unknown key name `{text}`")),
            },
        };
        if let (KeyCode::Char(c), true) = (code, mods.contains(KeyModifiers::SHIFT)) {
            code = KeyCode::Char(c.to_ascii_uppercase());
        }
        Ok(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        match Keymap::new(&[]) {
            Ok(map) => map,
            // The defaults are parsed by a test; an error here is a bug in the table above.
            Err(e) => unreachable!("default keymap: {e}"),
        }
    }
}

impl Keymap {
    /// The default keymap with the config's `[keys]` overrides applied. An unknown action, an
    /// unknown key name or a key bound to two actions is an error that names it.
    pub fn new(overrides: &[KeyOverride]) -> Result<Keymap, String> {
        for o in overrides {
            if !ACTIONS.iter().any(|a| a.name == o.action) {
                let names: Vec<_> = ACTIONS.iter().map(|a| a.name).collect();
                return Err(format!(
                    "[keys] line {}: unknown action `{}`; the actions are: {}",
                    o.line,
                    o.action,
                    names.join(", ")
                ));
            }
        }
        let mut bindings: Vec<(Key, Action, &str)> = Vec::new();
        for info in ACTIONS {
            let custom = overrides.iter().find(|o| o.action == info.name);
            let names: Vec<&str> = match custom {
                Some(o) => o.keys.iter().map(String::as_str).collect(),
                None => info.default_keys.to_vec(),
            };
            for name in names {
                let key = Key::parse(name).map_err(|e| match custom {
                    Some(o) => format!("[keys] line {}: {e} for `{}`", o.line, o.action),
                    None => e,
                })?;
                if let Some((_, _, other)) = bindings.iter().find(|(k, _, _)| *k == key) {
                    return Err(format!(
                        "[keys]: `{name}` is bound to both `{other}` and `{}`",
                        info.name
                    ));
                }
                bindings.push((key, info.action, info.name));
            }
        }
        Ok(Keymap {
            bindings: bindings.into_iter().map(|(k, a, _)| (k, a)).collect(),
        })
    }

    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        self.bindings
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, a)| *a)
    }

    /// The keys bound to an action, for hints and help.
    pub fn keys(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// The first key of an action as text, for the hint line.
    pub fn hint(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(ToString::to_string)
            .unwrap_or_else(|| String::from("—"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_match_the_design() {
        let map = Keymap::default();
        assert_eq!(
            map.action(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(&press(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        // Terminals report `G` with Shift; it is still `G`.
        assert_eq!(
            map.action(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            map.action(&press(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Action::Open)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Related)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('5'), KeyModifiers::NONE)),
            Some(Action::Insights)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn overrides_replace_the_defaults_of_an_action() {
        let o = KeyOverride {
            action: "refresh".into(),
            keys: vec!["F5".into(), "Ctrl-r".into()],
            line: 3,
        };
        let map = Keymap::new(&[o]).unwrap();
        assert_eq!(
            map.action(&press(KeyCode::F(5), KeyModifiers::NONE)),
            Some(Action::Refresh)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Action::Refresh)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('r'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(map.hint(Action::Refresh), "F5");
    }

    #[test]
    fn mistakes_in_keys_are_named() {
        let o = |action: &str, key: &str| KeyOverride {
            action: action.into(),
            keys: vec![key.into()],
            line: 7,
        };
        let e = Keymap::new(&[o("refresh_now", "r")]).unwrap_err();
        assert!(e.contains("refresh_now") && e.contains("line 7"), "{e}");
        let e = Keymap::new(&[o("refresh", "Hyper-r")]).unwrap_err();
        assert!(e.contains("Hyper-r"), "{e}");
        let e = Keymap::new(&[o("refresh", "j")]).unwrap_err();
        assert!(e.contains("down") && e.contains("refresh"), "{e}");
    }

    #[test]
    fn key_names_round_trip() {
        for name in [
            "q",
            "G",
            "Enter",
            "Esc",
            "PgDn",
            "Ctrl-r",
            "F5",
            "Shift-Tab",
            "Space",
        ] {
            let key = Key::parse(name).unwrap();
            assert_eq!(
                Key::parse(&key.to_string().replace('↑', "Up")).unwrap(),
                key,
                "{name}"
            );
        }
    }
}
