//! The `scrm-tui` binary: parses the command line, starts logging and the runtime, and runs
//! the command; a panic prints one scrubbed line.

use std::process::ExitCode;

use clap::Parser;
use scrm_tui::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The sync is a service: its log goes to stderr too.
    let log = if matches!(cli.command, Some(cli::Command::Sync { .. })) {
        scrm_tui::logging::init_service()
    } else {
        scrm_tui::logging::init()
    };
    install_panic_hook(log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("scrm-tui: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(cli::run(cli))
}

/// A panic prints one scrubbed message (no credential, whatever the panic carried) and where
/// the log is. The dashboard's terminal set-up wraps this hook so that the terminal is
/// restored before it runs.
fn install_panic_hook(log: Option<std::path::PathBuf>) {
    std::panic::set_hook(Box::new(move |info| {
        let message = scrm_tui::redact::scrub_known(&info.to_string());
        tracing::error!("{message}");
        let log = log.as_ref().map_or_else(
            || String::from("(no log file)"),
            |p| p.display().to_string(),
        );
        eprintln!("scrm-tui crashed, which is a bug: {message}\nThe log is at {log}");
    }));
}
