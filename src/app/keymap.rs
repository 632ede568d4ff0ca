//! The keymap as data: every action, its default keys and its help text. The help screen and
//! the hint line are generated from this table, and `[keys]` in the config remaps it.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::KeyOverride;
use crate::domain::Resource;
use crate::i18n::Tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Expand,
    Collapse,
    ToggleRaw,
    ExpandAll,
    CollapseAll,
    Refresh,
    Quit,
    /// Pause or resume live updates.
    Pause,
    /// Operators pane: open the reference lists (labels, ad groups, custom attributes).
    References,
    /// Show a pane.
    Pane(Resource),
    NextPane,
    PrevPane,
    /// Open the filter input.
    Filter,
    /// Open the command line.
    Command,
    Help,
    CopyId,
    CopyJson,
    /// Show the selected id and record in a popup, for selecting by hand.
    ShowValue,
    Export,
}

impl Action {
    /// Whether the action does something in a list (not only in the detail view); a sort
    /// letter never shadows one of these.
    pub fn in_list(self) -> bool {
        !matches!(
            self,
            Action::Expand
                | Action::Collapse
                | Action::ToggleRaw
                | Action::ExpandAll
                | Action::CollapseAll
        )
    }
}

/// One row of the keymap table.
pub struct ActionInfo {
    pub action: Action,
    /// The name used in `[keys]`.
    pub name: &'static str,
    pub default_keys: &'static [&'static str],
    pub help: Tr,
    pub group: Group,
}

/// The sections of the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Panes,
    Detail,
    Data,
    App,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Move,
        Group::Panes,
        Group::Data,
        Group::Detail,
        Group::App,
    ];

    pub fn title(self) -> Tr {
        match self {
            Group::Move => ["Move", "移动"],
            Group::Panes => ["Panes", "面板"],
            Group::Detail => ["Detail view", "详情"],
            Group::Data => ["Data", "数据"],
            Group::App => ["App", "应用"],
        }
    }
}

pub const ACTIONS: &[ActionInfo] = &[
    ActionInfo {
        action: Action::Up,
        name: "up",
        default_keys: &["k", "Up"],
        help: ["move up", "上移"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::Down,
        name: "down",
        default_keys: &["j", "Down"],
        help: ["move down", "下移"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::PageUp,
        name: "page_up",
        default_keys: &["PgUp"],
        help: ["page up", "上一页"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::PageDown,
        name: "page_down",
        default_keys: &["PgDn"],
        help: ["page down", "下一页"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::Top,
        name: "top",
        default_keys: &["g", "Home"],
        help: ["first row", "第一行"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::Bottom,
        name: "bottom",
        default_keys: &["G", "End"],
        help: ["last row", "最后一行"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::Open,
        name: "open",
        default_keys: &["Enter"],
        help: ["detail / expand or collapse", "详情 / 展开或折叠"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::Back,
        name: "back",
        default_keys: &["Esc"],
        help: ["back to the list", "返回列表 / 清除过滤"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::Expand,
        name: "expand",
        default_keys: &["l", "Right"],
        help: ["expand", "展开"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::Collapse,
        name: "collapse",
        default_keys: &["h", "Left"],
        help: ["collapse / go to parent", "折叠 / 回到上级"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::ToggleRaw,
        name: "toggle_raw",
        default_keys: &["s"],
        help: [
            "JSON in a string: decoded / raw",
            "字符串里的 JSON：解析 / 原文",
        ],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::ExpandAll,
        name: "expand_all",
        default_keys: &["E"],
        help: ["expand everything", "全部展开"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::CollapseAll,
        name: "collapse_all",
        default_keys: &["C"],
        help: ["collapse everything", "全部折叠"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::Pane(Resource::Stores),
        name: "stores",
        default_keys: &["1"],
        help: ["Stores pane", "门店"],
        group: Group::Panes,
    },
    ActionInfo {
        action: Action::Pane(Resource::Customers),
        name: "customers",
        default_keys: &["2"],
        help: ["Customers pane", "客户"],
        group: Group::Panes,
    },
    ActionInfo {
        action: Action::Pane(Resource::Outflow),
        name: "outflow",
        default_keys: &["3"],
        help: ["Outflow pane", "流失提醒"],
        group: Group::Panes,
    },
    ActionInfo {
        action: Action::Pane(Resource::Operators),
        name: "operators",
        default_keys: &["4"],
        help: ["Operators pane", "运营号"],
        group: Group::Panes,
    },
    ActionInfo {
        action: Action::NextPane,
        name: "next_pane",
        default_keys: &["Tab"],
        help: ["next pane", "下一个面板"],
        group: Group::Panes,
    },
    ActionInfo {
        action: Action::PrevPane,
        name: "prev_pane",
        default_keys: &["Shift-Tab"],
        help: ["previous pane", "上一个面板"],
        group: Group::Panes,
    },
    ActionInfo {
        action: Action::References,
        name: "references",
        default_keys: &["L"],
        help: [
            "operators: labels, ad groups, custom attributes",
            "运营号：标签、广告组、自定义属性",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Filter,
        name: "filter",
        default_keys: &["/"],
        help: [
            "filter (Enter keeps it, Esc clears)",
            "过滤（Enter 保留，Esc 清除）",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Command,
        name: "command",
        default_keys: &[":"],
        help: ["command line (Tab completes)", "命令行（Tab 补全）"],
        group: Group::App,
    },
    ActionInfo {
        action: Action::CopyId,
        name: "copy_id",
        default_keys: &["y"],
        help: [
            "copy the id (in the detail view: the value under the cursor)",
            "复制 id（详情中：光标处的值）",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::CopyJson,
        name: "copy_json",
        default_keys: &["Y"],
        help: ["copy the record as JSON", "复制整条记录（JSON）"],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::ShowValue,
        name: "show_value",
        default_keys: &["v"],
        help: [
            "show the id and record, to select by hand",
            "显示 id 与记录，便于手动选取",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Export,
        name: "export",
        default_keys: &["e"],
        help: ["export the rows shown (CSV)", "导出当前行（CSV）"],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Pause,
        name: "pause",
        default_keys: &["p"],
        help: ["pause / resume live outflow", "暂停 / 继续实时流失提醒"],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Refresh,
        name: "refresh",
        default_keys: &["r"],
        help: ["refresh now", "立即刷新"],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Help,
        name: "help",
        default_keys: &["?", "F1"],
        help: ["this help", "本帮助"],
        group: Group::App,
    },
    ActionInfo {
        action: Action::Quit,
        name: "quit",
        default_keys: &["q"],
        help: ["quit (Ctrl-C always quits)", "退出（Ctrl-C 总是退出）"],
        group: Group::App,
    },
];

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
