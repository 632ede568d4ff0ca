//! A theme's colours, read from TOML: the built-in dark and light themes are
//! `assets/themes/*.toml`, compiled in; a user's theme is the same format, from any subset of
//! the keys over a base.

use std::str::FromStr;
use std::sync::OnceLock;

use ratatui::style::Color;

use crate::engine::EngineError;

/// The two themes that come with the app.
pub const DARK: &str = include_str!("../../assets/themes/dark.toml");
pub const LIGHT: &str = include_str!("../../assets/themes/light.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub title: Color,
    pub border: Color,
    pub header: Color,
    pub dim: Color,
    pub tab: Color,
    pub tab_active_fg: Color,
    pub tab_active_bg: Color,
    pub badge_fg: Color,
    pub badge_bg: Color,
    pub key: Color,
    pub deleted: Color,
    pub info: Color,
    pub warn: Color,
    pub error: Color,
    pub good: Color,
    pub bad: Color,
    pub new_row: Color,
    pub unread_fg: Color,
    pub unread_bg: Color,
    pub matched: Color,
    pub tree_key: Color,
    pub tree_string: Color,
    pub tree_number: Color,
    pub tree_bool: Color,
    pub embedded_fg: Color,
    pub embedded_bg: Color,
    pub chips: [Color; 8],
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::dark()
    }
}

impl Palette {
    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Palette> {
        match name {
            "dark" => Some(Palette::dark()),
            "light" => Some(Palette::light()),
            _ => None,
        }
    }

    /// The dark theme, parsed once.
    pub fn dark() -> Palette {
        static DARK_PALETTE: OnceLock<Palette> = OnceLock::new();
        // The built-in files are parsed by a test; a failure here is a bug in them.
        *DARK_PALETTE.get_or_init(|| Palette::parse(DARK, None).unwrap_or(BLANK))
    }

    pub fn light() -> Palette {
        static LIGHT_PALETTE: OnceLock<Palette> = OnceLock::new();
        *LIGHT_PALETTE.get_or_init(|| Palette::parse(LIGHT, None).unwrap_or(BLANK))
    }

    /// Reads a theme file: its `base` (or `fallback`, or every key must be given), then each
    /// colour it sets. An unknown key or colour is an error that names it.
    pub fn parse(text: &str, fallback: Option<Palette>) -> Result<Palette, EngineError> {
        let table: toml::Table =
            toml::from_str(text).map_err(|e| EngineError::ThemeSyntax(e.to_string()))?;
        let base = match table.get("base") {
            Some(toml::Value::String(name)) => {
                Some(Palette::builtin(name).ok_or_else(|| EngineError::UnknownBase(name.clone()))?)
            }
            Some(other) => return Err(EngineError::BaseNotText(other.to_string())),
            None => fallback,
        };
        let mut palette = base.unwrap_or(BLANK);
        let mut given = Vec::new();
        for (key, value) in &table {
            if key == "base" {
                continue;
            }
            palette.set(key, value)?;
            given.push(key.as_str());
        }
        if base.is_none()
            && let Some(missing) = KEYS.iter().find(|k| !given.contains(k))
        {
            return Err(EngineError::MissingColour(missing));
        }
        Ok(palette)
    }

    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), EngineError> {
        if key == "chips" {
            let list = value.as_array().ok_or(EngineError::ChipsNotList)?;
            let colors = list
                .iter()
                .map(|v| color("chips", v))
                .collect::<Result<Vec<Color>, EngineError>>()?;
            self.chips = colors
                .try_into()
                .map_err(|c: Vec<Color>| EngineError::ChipsCount(c.len()))?;
            return Ok(());
        }
        let slot = match key {
            "title" => &mut self.title,
            "border" => &mut self.border,
            "header" => &mut self.header,
            "dim" => &mut self.dim,
            "tab" => &mut self.tab,
            "tab_active_fg" => &mut self.tab_active_fg,
            "tab_active_bg" => &mut self.tab_active_bg,
            "badge_fg" => &mut self.badge_fg,
            "badge_bg" => &mut self.badge_bg,
            "key" => &mut self.key,
            "deleted" => &mut self.deleted,
            "info" => &mut self.info,
            "warn" => &mut self.warn,
            "error" => &mut self.error,
            "good" => &mut self.good,
            "bad" => &mut self.bad,
            "new_row" => &mut self.new_row,
            "unread_fg" => &mut self.unread_fg,
            "unread_bg" => &mut self.unread_bg,
            "matched" => &mut self.matched,
            "tree_key" => &mut self.tree_key,
            "tree_string" => &mut self.tree_string,
            "tree_number" => &mut self.tree_number,
            "tree_bool" => &mut self.tree_bool,
            "embedded_fg" => &mut self.embedded_fg,
            "embedded_bg" => &mut self.embedded_bg,
            _ => {
                return Err(EngineError::UnknownThemeKey {
                    key: key.to_owned(),
                    known: &KEYS,
                });
            }
        };
        *slot = color(key, value)?;
        Ok(())
    }
}

/// Every key of a theme file.
const KEYS: [&str; 27] = [
    "title",
    "border",
    "header",
    "dim",
    "tab",
    "tab_active_fg",
    "tab_active_bg",
    "badge_fg",
    "badge_bg",
    "key",
    "deleted",
    "info",
    "warn",
    "error",
    "good",
    "bad",
    "new_row",
    "unread_fg",
    "unread_bg",
    "matched",
    "tree_key",
    "tree_string",
    "tree_number",
    "tree_bool",
    "embedded_fg",
    "embedded_bg",
    "chips",
];

const BLANK: Palette = Palette {
    title: Color::Reset,
    border: Color::Reset,
    header: Color::Reset,
    dim: Color::Reset,
    tab: Color::Reset,
    tab_active_fg: Color::Reset,
    tab_active_bg: Color::Reset,
    badge_fg: Color::Reset,
    badge_bg: Color::Reset,
    key: Color::Reset,
    deleted: Color::Reset,
    info: Color::Reset,
    warn: Color::Reset,
    error: Color::Reset,
    good: Color::Reset,
    bad: Color::Reset,
    new_row: Color::Reset,
    unread_fg: Color::Reset,
    unread_bg: Color::Reset,
    matched: Color::Reset,
    tree_key: Color::Reset,
    tree_string: Color::Reset,
    tree_number: Color::Reset,
    tree_bool: Color::Reset,
    embedded_fg: Color::Reset,
    embedded_bg: Color::Reset,
    chips: [Color::Reset; 8],
};

fn color(key: &str, value: &toml::Value) -> Result<Color, EngineError> {
    let text = value.as_str().ok_or_else(|| EngineError::ColourNotText {
        key: key.to_owned(),
        value: value.to_string(),
    })?;
    Color::from_str(text).map_err(|_| EngineError::NotAColour {
        key: key.to_owned(),
        text: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_themes_parse_completely() {
        let dark = Palette::parse(DARK, None).unwrap();
        let light = Palette::parse(LIGHT, None).unwrap();
        assert_eq!(dark.title, Color::Cyan);
        assert_eq!(light.warn, Color::Rgb(0xa0, 0x60, 0x00));
        assert_ne!(dark, light);
    }

    #[test]
    fn a_user_theme_sets_some_colours_over_a_base() {
        let mine = Palette::parse("base = \"light\"\ntitle = \"#ff8800\"\nchips = [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\"]\n", None).unwrap();
        let light = Palette::builtin("light").unwrap();
        assert_eq!(mine.title, Color::Rgb(0xff, 0x88, 0x00));
        assert_eq!(mine.chips[0], Color::Indexed(1));
        assert_eq!(mine.border, light.border);
        let over_dark = Palette::parse("key = \"red\"", Palette::builtin("dark")).unwrap();
        assert_eq!(over_dark.key, Color::Red);
        for (text, wanted) in [
            ("titel = \"red\"", "unknown key `titel`"),
            ("title = \"reddish\"", "not a colour"),
            ("title = 3", "as a string"),
            ("base = \"solarized\"", "the bases are dark and light"),
            ("title = \"red\"", "is missing"),
            ("base = \"dark\"\nchips = [\"red\"]", "8 colours, not 1"),
        ] {
            let e = Palette::parse(text, None).unwrap_err().to_string();
            assert!(e.contains(wanted), "{text}: {e}");
        }
    }
}
