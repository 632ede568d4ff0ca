//! `scrm-tui sync`: finds the database, stops on SIGTERM or Ctrl-C, and runs the sync.

use std::process::ExitCode;

use tokio::sync::watch;

use crate::config::Config;
use crate::redact::Secret;
use crate::store::DatabaseUrl;

pub async fn run(config: &Config, url: Option<Secret>) -> ExitCode {
    let Some(url) = url else {
        eprintln!(
            "scrm-tui sync: no database: give --database URL, set SCRM_TUI_DATABASE_URL, or \
             add [database] url to the config"
        );
        return ExitCode::from(2);
    };
    let url = match DatabaseUrl::parse(url.expose()) {
        Ok(url) => url,
        Err(e) => {
            eprintln!("scrm-tui sync: {e}");
            return ExitCode::from(2);
        }
    };
    let (stop, stopped) = watch::channel(false);
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("stopping: no new vendor call; the pages in flight are written first");
        let _ = stop.send(true);
    });
    match crate::sync::run(config, &url, stopped).await {
        Ok(()) => {
            tracing::info!("sync stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("scrm-tui sync: {e}");
            ExitCode::FAILURE
        }
    }
}

/// SIGTERM (systemd's stop), SIGINT (Ctrl-C) or SIGHUP.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
