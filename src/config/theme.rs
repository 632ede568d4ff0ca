//! `ui.theme`: a built-in theme (`dark`, `light`) or a user's own, `themes/NAME.toml` in the
//! config directory, over the dark theme unless it names another base.

use std::path::PathBuf;

use crate::engine::palette::Palette;

/// `$XDG_CONFIG_HOME/scrm-tui/themes` on Linux.
pub fn dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "scrm-tui").map(|d| d.config_dir().join("themes"))
}

/// The palette `ui.theme` names; an error names the file and what is wrong in it.
pub fn palette(name: &str) -> Result<Palette, String> {
    if let Some(palette) = Palette::builtin(name) {
        return Ok(palette);
    }
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'));
    if !valid {
        return Err(format!(
            "ui.theme = \"{name}\": a theme is dark, light, or the name of a file in themes/"
        ));
    }
    let Some(dir) = dir() else {
        return Err(format!(
            "ui.theme = \"{name}\": no config directory to look in"
        ));
    };
    palette_in(&dir, name)
}

/// `NAME.toml` in `dir`.
pub fn palette_in(dir: &std::path::Path, name: &str) -> Result<Palette, String> {
    let path = dir.join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "ui.theme = \"{name}\": cannot read {} ({e}); the built-in themes are dark and light",
            path.display()
        )
    })?;
    Palette::parse(&text, Some(Palette::dark())).map_err(|e| format!("{}: {e}", path.display()))
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
        let e = palette_in(dir.path(), "bad").unwrap_err();
        assert!(e.contains("bad.toml") && e.contains("titel"), "{e}");
        let e = palette_in(dir.path(), "none").unwrap_err();
        assert!(
            e.contains("none.toml") && e.contains("dark and light"),
            "{e}"
        );
        assert!(
            palette("../etc/passwd")
                .unwrap_err()
                .contains("a theme is dark, light")
        );
        assert_eq!(palette("light").unwrap(), Palette::light());
    }
}
