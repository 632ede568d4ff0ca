//! `scrm-tui sync` as a service runs it: the binary, a config file, the database in the
//! environment.

use std::path::Path;
use std::time::Duration;

use super::pg::{Postgres, psql_try};

/// Starts `scrm-tui sync --config HOME/sync.toml` against `pg`, its log piped.
pub fn sync_process(pg: &Postgres, home: &Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_scrm-tui"))
        .args(["sync", "--config"])
        .arg(home.join("sync.toml"))
        .env(
            "SCRM_TUI_DATABASE_URL",
            format!("{}?sslmode=disable", pg.url),
        )
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("scrm-tui runs")
}

/// A number the database answers (0 while it cannot).
pub fn count(pg: &Postgres, sql: &str) -> u64 {
    psql_try(&pg.url, sql)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Waits (up to a minute) until `done`.
pub fn wait_for(what: &str, done: impl Fn() -> bool) {
    let started = std::time::Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(60), "{what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
