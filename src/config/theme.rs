//! `ui.theme`: a built-in theme (`dark`, `light`) or a user's own, `themes/NAME.toml` in the
//! config directory, over the dark theme unless it names another base.

use std::path::PathBuf;

use super::Problem;
use crate::engine::palette::Palette;

/// `$XDG_CONFIG_HOME/scrm-tui/themes` on Linux.
pub fn dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "scrm-tui").map(|d| d.config_dir().join("themes"))
}

/// The palette `ui.theme` names; an error names the file and what is wrong in it.
pub fn palette(name: &str) -> Result<Palette, Problem> {
    if let Some(palette) = Palette::builtin(name) {
        return Ok(palette);
    }
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'));
    if !valid {
        return Err(Problem::ThemeName(name.to_owned()));
    }
    let Some(dir) = dir() else {
        return Err(Problem::NoThemeDir(name.to_owned()));
    };
    palette_in(&dir, name)
}

/// `NAME.toml` in `dir`.
pub fn palette_in(dir: &std::path::Path, name: &str) -> Result<Palette, Problem> {
    let path = dir.join(format!("{name}.toml"));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            return Err(Problem::ThemeUnreadable {
                name: name.to_owned(),
                path,
                error,
            });
        }
    };
    Palette::parse(&text, Some(Palette::dark())).map_err(|error| Problem::Theme { path, error })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_file_in_the_directory_is_loaded_over_dark() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("desk.toml"), "title = \"#112233\"\n").unwrap();
        let desk = palette_in(dir.path(), "desk").unwrap();
        assert_eq!(desk.title, ratatui::style::Color::Rgb(0x11, 0x22, 0x33));
        assert_eq!(desk.border, Palette::dark().border);
        std::fs::write(dir.path().join("bad.toml"), "titel = \"red\"\n").unwrap();
        let e = palette_in(dir.path(), "bad").unwrap_err().to_string();
        assert!(e.contains("bad.toml") && e.contains("titel"), "{e}");
        let e = palette_in(dir.path(), "none").unwrap_err().to_string();
        assert!(
            e.contains("none.toml") && e.contains("dark and light"),
            "{e}"
        );
        assert!(
            palette("../etc/passwd")
                .unwrap_err()
                .to_string()
                .contains("a theme is dark, light")
        );
        assert_eq!(palette("light").unwrap(), Palette::light());
    }
}
