//! The prompts' history on disk: `history.json` in the state directory, beside the log. Read
//! once at start (a missing or broken file is an empty history), written whole after each
//! new entry, through a temporary file renamed over it, so that no reader sees half of it.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::engine::history::History;

/// `$XDG_STATE_HOME/scrm-tui/history.json` on Linux.
pub fn path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "scrm-tui")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.cache_dir());
    Some(dir.join("history.json"))
}

pub fn load(path: &Path) -> History {
    let Ok(text) = std::fs::read_to_string(path) else {
        return History::default();
    };
    serde_json::from_str(&text).unwrap_or_else(|e| {
        tracing::warn!(path = %path.display(), "the prompt history is unreadable, starting anew: {e}");
        History::default()
    })
}

pub fn save(path: &Path, history: &History) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    // Filters hold customer names: readable by the owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    file.write_all(&serde_json::to_vec(history).map_err(std::io::Error::other)?)?;
    std::fs::rename(&tmp, path)
}
