//! The config layer's error: which file, and what in it is wrong.

use std::path::PathBuf;

use crate::engine::EngineError;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No file at the path (the default path, or `--config FILE`).
    #[error("no config file at {}", .0.display())]
    NotFound(PathBuf),
    #[error("cannot read {}: {}", .0.display(), .1)]
    Read(PathBuf, #[source] std::io::Error),
    #[error("error in {}: {}", .0.display(), .1)]
    Invalid(PathBuf, #[source] Box<Problem>),
}

/// What is wrong in a config file (or a theme file it names), before the path is known.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    /// The TOML parser's message, which names the key and the line.
    #[error("{}", .0.trim_end())]
    Syntax(String),
    /// A value out of range or a required key missing, in words that name the key.
    #[error("{0}")]
    Invalid(String),
    /// A `[keys]` mistake the keymap found.
    #[error(transparent)]
    Keys(#[from] EngineError),
    #[error("ui.theme = \"{0}\": a theme is dark, light, or the name of a file in themes/")]
    ThemeName(String),
    #[error("ui.theme = \"{0}\": no config directory to look in")]
    NoThemeDir(String),
    #[error(
        "ui.theme = \"{name}\": cannot read {} ({error}); the built-in themes are dark and light",
        path.display()
    )]
    ThemeUnreadable {
        name: String,
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}: {error}", path.display())]
    Theme { path: PathBuf, error: EngineError },
}
