use std::process::ExitCode;

use clap::Parser;
use scrm_tui::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    scrm_tui::logging::init();
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
