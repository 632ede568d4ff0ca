//! One key as written in `[keys]` and shown in the help (`Ctrl-r`, `Alt-x`, `G`, `F5`), and a
//! binding: one key or a sequence of them (`g g`).

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::engine::EngineError;

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
        // A terminal sends Ctrl with a letter as the letter's control code, the same for `r`
        // and `R`: crossterm reports it lower case, so `Ctrl-R` must mean `Ctrl-r`.
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Key { code, mods }
    }

    /// Parses `q`, `G`, `Enter`, `PgDn`, `Ctrl-r`, `Shift-Tab`, `F5`, …
    pub fn parse(text: &str) -> Result<Key, EngineError> {
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
                    _ => return Err(EngineError::UnknownKeyName(text.to_owned())),
                },
                _ => return Err(EngineError::UnknownKeyName(text.to_owned())),
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

/// What fires an action: one key, or keys pressed one after the other (`g g`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Binding(pub Vec<Key>);

impl Binding {
    /// Keys separated by spaces: `g g`, `Ctrl-w j`. A lone `Space` names the space bar.
    pub fn parse(text: &str) -> Result<Binding, EngineError> {
        let keys = text
            .split_whitespace()
            .map(Key::parse)
            .collect::<Result<Vec<Key>, EngineError>>()?;
        match keys.len() {
            0 => Err(EngineError::EmptyKey),
            1..=3 => Ok(Binding(keys)),
            _ => Err(EngineError::TooManyKeys(text.to_owned())),
        }
    }

    pub fn keys(&self) -> &[Key] {
        &self.0
    }
}

impl fmt::Display for Binding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::from_event(&KeyEvent::new(code, mods))
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

    #[test]
    fn ctrl_and_alt_keys_parse_as_the_terminal_sends_them() {
        let ctrl_r = event(KeyCode::Char('r'), KeyModifiers::CONTROL);
        for name in ["Ctrl-r", "ctrl-R", "CTRL-r", "Ctrl-R", "control-r"] {
            if name.starts_with("control") {
                assert!(Key::parse(name).is_err(), "{name}");
                continue;
            }
            assert_eq!(Key::parse(name).unwrap(), ctrl_r, "{name}");
        }
        // Some terminals report the letter upper case when Shift is held too.
        assert_eq!(
            event(
                KeyCode::Char('R'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            ),
            ctrl_r
        );
        assert_eq!(
            Key::parse("Alt-x").unwrap(),
            event(KeyCode::Char('x'), KeyModifiers::ALT)
        );
        assert_eq!(
            Key::parse("alt-X").unwrap(),
            event(KeyCode::Char('X'), KeyModifiers::ALT | KeyModifiers::SHIFT)
        );
        assert_ne!(Key::parse("Alt-x").unwrap(), Key::parse("Alt-X").unwrap());
        assert_eq!(
            Key::parse("Ctrl-Alt-d").unwrap(),
            event(
                KeyCode::Char('d'),
                KeyModifiers::CONTROL | KeyModifiers::ALT
            )
        );
        assert_eq!(Key::parse("Ctrl-R").unwrap().to_string(), "Ctrl-r");
    }

    #[test]
    fn sequences_parse_and_show_as_written() {
        let b = Binding::parse("g g").unwrap();
        assert_eq!(b.keys().len(), 2);
        assert_eq!(b.to_string(), "g g");
        assert_eq!(Binding::parse("Ctrl-w  J").unwrap().to_string(), "Ctrl-w J");
        assert!(Binding::parse("").is_err());
        assert!(Binding::parse("a b c d").is_err());
        assert!(
            Binding::parse("g Hyper-x")
                .unwrap_err()
                .to_string()
                .contains("Hyper-x")
        );
    }
}
