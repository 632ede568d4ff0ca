//! The keymap as data: every action, its default keys and its help text. The help screen and
//! the hint line are generated from this table, and `[keys]` in the config remaps it.

use crossterm::event::KeyEvent;
#[cfg(test)]
use crossterm::event::{KeyCode, KeyModifiers};

use crate::engine::EngineError;

mod actions;
mod key;

pub use actions::{ACTIONS, Action, ActionInfo, Group};
pub use key::{Binding, Key};

/// One `[keys]` entry of the config: `action = ["key", …]` (or a single string), with the
/// line it was written on.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyOverride {
    pub action: String,
    pub keys: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Binding, Action)>,
}

/// What the keys pressed so far mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The start of a sequence, these keys so far: wait for the next key.
    Pending(Vec<Key>),
    Nothing,
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
    /// unknown key name, a key bound to two actions or a key that is both bound and the start
    /// of a sequence is an error that names it.
    pub fn new(overrides: &[KeyOverride]) -> Result<Keymap, EngineError> {
        for o in overrides {
            if !ACTIONS.iter().any(|a| a.name == o.action) {
                return Err(EngineError::UnknownAction {
                    line: o.line,
                    action: o.action.clone(),
                    known: ACTIONS.iter().map(|a| a.name).collect(),
                });
            }
        }
        let mut bindings: Vec<(Binding, Action, &'static str)> = Vec::new();
        for info in ACTIONS.iter() {
            let custom = overrides.iter().find(|o| o.action == info.name);
            let names: Vec<&str> = match custom {
                Some(o) => o.keys.iter().map(String::as_str).collect(),
                None => info.default_keys.to_vec(),
            };
            for name in names {
                let binding = Binding::parse(name).map_err(|e| match custom {
                    Some(o) => EngineError::BadOverride {
                        line: o.line,
                        action: o.action.clone(),
                        source: Box::new(e),
                    },
                    None => e,
                })?;
                if let Some((other, _, action)) = bindings.iter().find(|(b, _, _)| {
                    b.keys().starts_with(binding.keys()) || binding.keys().starts_with(b.keys())
                }) {
                    return Err(if *other == binding {
                        EngineError::BoundTwice {
                            key: name.to_owned(),
                            first: action,
                            second: info.name,
                        }
                    } else {
                        EngineError::Overlap {
                            shorter: other.to_string(),
                            first: action,
                            longer: binding.to_string(),
                            second: info.name,
                        }
                    });
                }
                bindings.push((binding, info.action, info.name));
            }
        }
        Ok(Keymap {
            bindings: bindings.into_iter().map(|(k, a, _)| (k, a)).collect(),
        })
    }

    /// The action of a single key (popups, the sort letters); sequences are for [`lookup`].
    ///
    /// [`lookup`]: Keymap::lookup
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        self.bindings
            .iter()
            .find(|(b, _)| b.keys() == [key])
            .map(|(_, a)| *a)
    }

    /// What `key` means after the keys `pending` were pressed: an action, the start of a
    /// longer sequence, or nothing. Keys that lead nowhere are dropped and `key` counts alone,
    /// as in vim.
    pub fn lookup(&self, pending: &[Key], key: Key) -> Lookup {
        let mut typed = pending.to_vec();
        typed.push(key);
        if let Some((_, action)) = self.bindings.iter().find(|(b, _)| b.keys() == typed) {
            return Lookup::Action(*action);
        }
        if self
            .bindings
            .iter()
            .any(|(b, _)| b.keys().starts_with(&typed))
        {
            return Lookup::Pending(typed);
        }
        if pending.is_empty() {
            Lookup::Nothing
        } else {
            self.lookup(&[], key)
        }
    }

    /// The bindings of an action, for hints and help.
    pub fn keys(&self, action: Action) -> Vec<&Binding> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(b, _)| b)
            .collect()
    }

    /// The first binding of an action as text, for the hint line.
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
    fn sequences_wait_for_their_next_key() {
        let o = |action: &str, keys: &[&str]| KeyOverride {
            action: action.into(),
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            line: 4,
        };
        let map = Keymap::new(&[
            o("top", &["g g", "Home"]),
            o("refresh", &["Ctrl-R", "Alt-x"]),
        ])
        .unwrap();
        let key = |c: char| Key::parse(&c.to_string()).unwrap();
        assert_eq!(map.lookup(&[], key('g')), Lookup::Pending(vec![key('g')]));
        assert_eq!(
            map.lookup(&[key('g')], key('g')),
            Lookup::Action(Action::Top)
        );
        // A key that leads nowhere drops the sequence and counts alone.
        assert_eq!(
            map.lookup(&[key('g')], key('j')),
            Lookup::Action(Action::Down)
        );
        assert_eq!(map.lookup(&[], key('z')), Lookup::Nothing);
        let ctrl_r = Key::from_event(&press(KeyCode::Char('r'), KeyModifiers::CONTROL));
        assert_eq!(map.lookup(&[], ctrl_r), Lookup::Action(Action::Refresh));
        let alt_x = Key::from_event(&press(KeyCode::Char('x'), KeyModifiers::ALT));
        assert_eq!(map.lookup(&[], alt_x), Lookup::Action(Action::Refresh));
        // The help shows them as they fire.
        let shown: Vec<String> = map
            .keys(Action::Refresh)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(shown, ["Ctrl-r", "Alt-x"]);
        assert_eq!(map.hint(Action::Top), "g g");
        // `g` alone (the default of `top`) and `g g` cannot both be bound.
        let e = Keymap::new(&[o("bottom", &["g g"])])
            .unwrap_err()
            .to_string();
        assert!(e.contains("`g`") && e.contains("`g g`"), "{e}");
    }

    #[test]
    fn mistakes_in_keys_are_named() {
        let o = |action: &str, key: &str| KeyOverride {
            action: action.into(),
            keys: vec![key.into()],
            line: 7,
        };
        let e = Keymap::new(&[o("refresh_now", "r")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("refresh_now") && e.contains("line 7"), "{e}");
        let e = Keymap::new(&[o("refresh", "Hyper-r")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("Hyper-r"), "{e}");
        let e = Keymap::new(&[o("refresh", "j")]).unwrap_err().to_string();
        assert!(e.contains("down") && e.contains("refresh"), "{e}");
    }
}
