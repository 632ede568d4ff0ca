//! Logs go to a file in the platform's state directory, never to the terminal (which belongs
//! to the dashboard). `RUST_LOG` sets the level; the default is `info`.

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use tracing_subscriber::EnvFilter;

/// `$XDG_STATE_HOME/scrm-tui/scrm-tui.log` on Linux (the cache dir where there is no state dir).
pub fn path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "scrm-tui")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.cache_dir());
    Some(dir.join("scrm-tui.log"))
}

/// Starts logging to the file; returns its path, or `None` when it cannot be opened (the app
/// runs on without logs rather than failing).
pub fn init() -> Option<PathBuf> {
    STARTED.get_or_init(Instant::now);
    let path = path()?;
    std::fs::create_dir_all(path.parent()?).ok()?;
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&path).ok()?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(path)
}

/// When the process started (as near as [`init`], its first act, tells).
static STARTED: OnceLock<Instant> = OnceLock::new();

/// The time since the process started, for start-up figures in the log.
pub fn since_start() -> Duration {
    STARTED.get_or_init(Instant::now).elapsed()
}
