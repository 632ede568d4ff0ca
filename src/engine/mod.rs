//! Pure engines the model drives and the config checks: the filter's query language, the
//! keymap, the `:` command line, the prompts' history and the theme's colours. None of them
//! knows `App`; each is data in, data out, so the config layer can validate `[keys]` and
//! `ui.theme` with the same code the dashboard runs.

pub mod command;
mod error;
pub mod filter;
pub mod history;
pub mod keymap;
pub mod palette;

pub use error::EngineError;
