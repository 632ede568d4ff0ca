//! Logs go to a file in the platform's state directory, never to the terminal (which belongs
//! to the dashboard). `RUST_LOG` sets the level; the default is `info`.
//!
//! A dashboard left open for weeks must not fill the disk: at 5 MiB the file is rotated
//! (`scrm-tui.log` → `scrm-tui.log.1` → … → `scrm-tui.log.3`, the oldest dropped).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
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
    start(false)
}

/// As [`init`], and every line to stderr too: for `scrm-tui sync`, which runs as a service
/// (systemd's journal reads stderr) and has no screen to keep clean.
pub fn init_service() -> Option<PathBuf> {
    start(true)
}

fn start(also_stderr: bool) -> Option<PathBuf> {
    STARTED.get_or_init(Instant::now);
    let path = path()?;
    std::fs::create_dir_all(path.parent()?).ok()?;
    let file = RotatingFile::open(path.clone(), MAX_BYTES, KEEP).ok()?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(Scrubbed(Tee {
            file,
            stderr: also_stderr,
        })))
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(path)
}

/// The log file, and stderr when asked.
struct Tee {
    file: RotatingFile,
    stderr: bool,
}

impl Write for Tee {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.stderr {
            // A closed stderr must not stop the log file.
            let _ = io::stderr().write_all(buf);
        }
        self.file.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// When the process started (as near as [`init`], its first act, tells).
static STARTED: OnceLock<Instant> = OnceLock::new();

/// The time since the process started, for start-up figures in the log.
pub fn since_start() -> Duration {
    STARTED.get_or_init(Instant::now).elapsed()
}

/// Writes each log line with every known secret masked ([`crate::redact::scrub_known`]): our
/// own lines never hold one, but a library's debug line might (a URL with Weiban's token).
pub struct Scrubbed<W>(pub W);

impl<W: Write> Write for Scrubbed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0
            .write_all(crate::redact::scrub_known(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// When the log is rotated, and how many old logs are kept.
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
pub const KEEP: usize = 3;

/// A log file that moves itself aside when it grows past `max_bytes`.
pub struct RotatingFile {
    path: PathBuf,
    max_bytes: u64,
    keep: usize,
    file: File,
    len: u64,
}

impl RotatingFile {
    pub fn open(path: PathBuf, max_bytes: u64, keep: usize) -> io::Result<RotatingFile> {
        let file = open_append(&path)?;
        let len = file.metadata()?.len();
        let mut rotating = RotatingFile {
            path,
            max_bytes,
            keep,
            file,
            len,
        };
        if rotating.len >= max_bytes {
            rotating.rotate()?;
        }
        Ok(rotating)
    }

    /// The path of old log number `n` (1 is the newest).
    pub fn old(&self, n: usize) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }

    fn rotate(&mut self) -> io::Result<()> {
        self.file.flush()?;
        if self.keep == 0 {
            let _ = std::fs::remove_file(&self.path);
        } else {
            let _ = std::fs::remove_file(self.old(self.keep));
            for n in (1..self.keep).rev() {
                let _ = std::fs::rename(self.old(n), self.old(n + 1));
            }
            std::fs::rename(&self.path, self.old(1))?;
        }
        self.file = open_append(&self.path)?;
        self.len = 0;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.len > 0 && self.len + buf.len() as u64 > self.max_bytes {
            // A failed rotation must not stop logging: go on in the full file.
            let _ = self.rotate();
        }
        let written = self.file.write(buf)?;
        self.len += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

fn open_append(path: &std::path::Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Logs name customers and staff: readable by the user alone.
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_rotates_and_keeps_a_few_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scrm-tui.log");
        let mut log = RotatingFile::open(path.clone(), 100, 2).unwrap();
        for i in 0..12 {
            // One write per line, as the log writes one per event.
            log.write_all(format!("line {i:02} of the log, thirty b\n").as_bytes())
                .unwrap();
        }
        log.flush().unwrap();
        let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap_or_default();
        // Three 29-byte lines fit in 100 bytes; the last three are in the live file.
        assert_eq!(read(&path).lines().count(), 3);
        assert!(read(&path).starts_with("line 09"));
        assert!(read(&log.old(1)).starts_with("line 06"));
        assert!(read(&log.old(2)).starts_with("line 03"));
        assert!(!log.old(3).exists(), "only two old logs are kept");
        for p in [path.clone(), log.old(1), log.old(2)] {
            assert!(std::fs::metadata(&p).unwrap().len() <= 100);
        }
    }

    #[test]
    fn an_oversized_log_from_before_is_moved_aside_at_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scrm-tui.log");
        std::fs::write(&path, "x".repeat(500)).unwrap();
        let log = RotatingFile::open(path.clone(), 100, 3).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
        assert_eq!(std::fs::metadata(log.old(1)).unwrap().len(), 500);
    }
}
