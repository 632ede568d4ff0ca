//! The command line (the README's "On the command line") and what each command does.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, Config, ConfigError, DatabaseConfig};
use crate::demo::faults::Rule;
use crate::demo::{DemoOptions, DemoServer};
use crate::domain::Resource;
use crate::domain::output::Format;
use crate::redact::Secret;
use crate::tui;

mod context;
pub mod get;
pub mod info;
mod sync;

#[derive(Debug, Parser)]
#[command(
    name = "scrm-tui",
    version,
    about = "A terminal dashboard for WeCom SCRM support staff"
)]
pub struct Cli {
    /// Config file (default: the platform config dir, e.g. ~/.config/scrm-tui/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use the embedded demo server instead of real vendor accounts.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Team mode: PostgreSQL to read from (dashboards, `get`) or write to (`sync`). Better in
    /// SCRM_TUI_DATABASE_URL or `[database] url`: a command line is visible to other users.
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// With `--demo`: multiply the demo data (900 customers per unit).
    #[arg(long, global = true, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub demo_scale: u32,
    /// With `--demo`: make a vendor fail, as `vendor:fault[:after[:times]]`
    /// (e.g. `weiban:http-502:3:1`; faults: http-500, http-502, garbage, truncated, empty,
    /// hang, reset, expired-token, rate-limited, bad-signature, login-required, redirect,
    /// huge). Repeatable.
    #[arg(long, global = true, value_name = "RULE", value_parser = Rule::parse)]
    pub demo_fault: Vec<Rule>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every record of a resource from every configured vendor.
    Get {
        resource: ResourceArg,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Outflow: add each alert's customer context (retention_days, followed_by,
        /// recovered, add_way, channel), fetched within the vendor's limits.
        #[arg(long)]
        with_context: bool,
    },
    /// Team mode: the one puller. Loads every resource of every configured vendor on a
    /// schedule, within each vendor's limits, into PostgreSQL, until SIGTERM.
    ///
    /// Example: SCRM_TUI_DATABASE_URL=postgres://sync@db/scrm scrm-tui sync --config sync.toml
    Sync,
    /// Show the config, log and cache in use, each vendor's server and limits, and every
    /// warning (plain http, a config readable by others), without contacting a vendor.
    Info,
    /// Run the demo server alone and print its address.
    DemoServer {
        #[arg(long, default_value = "127.0.0.1:0")]
        addr: SocketAddr,
        /// Multiply the demo data.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
        scale: u32,
        /// Enforce Weiban's published limits (5 in flight, 600 calls/min and 36 000/hour per
        /// endpoint), answering 10052/10053 as the vendor does; otherwise there are none.
        #[arg(long)]
        weiban_limits: bool,
        /// Make a vendor fail, as `vendor:fault[:after[:times]]` (see `--demo-fault`); more
        /// can be added and cleared while it runs, at `/__demo/faults`. Repeatable.
        #[arg(long, value_name = "RULE", value_parser = Rule::parse)]
        fault: Vec<Rule>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResourceArg {
    Stores,
    Customers,
    Outflow,
    Operators,
}

impl From<ResourceArg> for Resource {
    fn from(r: ResourceArg) -> Resource {
        match r {
            ResourceArg::Stores => Resource::Stores,
            ResourceArg::Customers => Resource::Customers,
            ResourceArg::Outflow => Resource::Outflow,
            ResourceArg::Operators => Resource::Operators,
        }
    }
}

pub async fn run(cli: Cli) -> ExitCode {
    // The command line, then the environment; the file's `[database]` after them.
    let database = cli.database.clone().map(Secret::new).or_else(|| {
        std::env::var("SCRM_TUI_DATABASE_URL")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(Secret::new)
    });
    match cli.command {
        Some(Command::DemoServer {
            addr,
            scale,
            weiban_limits,
            fault,
        }) => demo_server(addr, scale, weiban_limits, fault).await,
        Some(Command::Info) => info(cli.config, cli.demo.then_some(cli.demo_scale), database).await,
        Some(Command::Sync) => {
            let demo = cli.demo.then_some(cli.demo_scale);
            // The sync asks the vendors (under --demo, the demo's) and writes the database:
            // the command line's or environment's, else the file's.
            let file_database = read_config(cli.config.clone())
                .ok()
                .flatten()
                .and_then(|c| c.database);
            let (config, _server) =
                match prepare(cli.config, demo, cli.demo_fault, database.clone()).await {
                    Ok(prepared) => prepared,
                    Err(code) => return code,
                };
            let url = database
                .or(config.database.clone().map(|d| d.url))
                .or(file_database.map(|d| d.url));
            sync::run(&config, url).await
        }
        Some(Command::Get {
            resource,
            format,
            with_context,
        }) => {
            use std::io::IsTerminal;
            if format == Format::Xlsx && std::io::stdout().is_terminal() {
                eprintln!(
                    "scrm-tui: an xlsx workbook is binary; send it to a file: \
                     scrm-tui get {} --format xlsx > {}.xlsx",
                    Resource::from(resource),
                    Resource::from(resource)
                );
                return ExitCode::from(2);
            }
            let demo = cli.demo.then_some(cli.demo_scale);
            let request = get::Request {
                resource: resource.into(),
                format,
                with_context,
            };
            get(cli.config, demo, cli.demo_fault, request, database).await
        }
        None => {
            dashboard(
                cli.config,
                cli.demo.then_some(cli.demo_scale),
                cli.demo_fault,
                database,
            )
            .await
        }
    }
}

/// The config file's settings, or `None` when there is no file at the default path.
fn read_config(explicit: Option<PathBuf>) -> Result<Option<Config>, ConfigError> {
    let Some(path) = explicit.clone().or_else(config::default_path) else {
        return Ok(None);
    };
    match config::load(&path) {
        Ok(config) => Ok(Some(config)),
        Err(ConfigError::NotFound(_)) if explicit.is_none() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The in-process demo server: it generates its data and starts serving in the background,
/// so the dashboard's first frame does not wait for it; dropped at exit, it stops.
pub struct Demo {
    /// Holds the server once it runs; dropping the handle drops the server, which stops it.
    _server: tokio::task::JoinHandle<std::io::Result<DemoServer>>,
}

/// The config to run with: the file's, or with `--demo` the demo server's vendors (keeping the
/// file's `[ui]`, `[outflow]` and `[keys]`). The server is returned so it lives long enough.
/// `demo` is the demo data's scale when `--demo` is given.
async fn prepare(
    explicit: Option<PathBuf>,
    demo: Option<u32>,
    faults: Vec<Rule>,
    database: Option<Secret>,
) -> Result<(Config, Option<Demo>), ExitCode> {
    let file = read_config(explicit).map_err(|e| {
        eprintln!("scrm-tui: {e}");
        ExitCode::from(2)
    })?;
    let Some(scale) = demo else {
        // Team mode needs no file: a database URL is enough.
        let file = match (file, &database) {
            (Some(file), _) => file,
            (None, Some(_)) => Config::default(),
            (None, None) => {
                eprintln!("{}", first_start_message());
                return Err(ExitCode::from(2));
            }
        };
        let listen = file.database.as_ref().is_none_or(|d| d.listen);
        let database = database
            .map(|url| DatabaseConfig { url, listen })
            .or(file.database.clone());
        return Ok((Config { database, ..file }, None));
    };
    let options = DemoOptions {
        scale,
        faults,
        ..DemoOptions::default()
    };
    let cannot_start = |e: std::io::Error| {
        eprintln!("scrm-tui: cannot start the demo server: {e}");
        ExitCode::FAILURE
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(cannot_start)?;
    let base = format!("http://{}", listener.local_addr().map_err(cannot_start)?);
    let server = crate::demo::config_for(&base, &options);
    let demo = Demo {
        _server: tokio::task::spawn_blocking(move || DemoServer::serve(listener, options)),
    };
    let file = file.unwrap_or_default();
    // The file's vendors are not used: their warnings would be about servers not asked.
    let not_asked = file.plain_http_warnings();
    let warnings = file.warnings.into_iter().filter(|w| !not_asked.contains(w));
    let config = Config {
        ui: file.ui,
        outflow: file.outflow,
        network: file.network,
        keys: file.keys,
        warnings: warnings.collect(),
        ..server
    };
    Ok((config, Some(demo)))
}

async fn info(explicit: Option<PathBuf>, demo: Option<u32>, database: Option<Secret>) -> ExitCode {
    let path = explicit.clone().or_else(config::default_path);
    let config = if demo.is_some() {
        prepare(explicit, demo, Vec::new(), None)
            .await
            .map(|(config, _)| config)
    } else {
        // Without a file there is still something to say: where it would be.
        read_config(explicit)
            .map(Option::unwrap_or_default)
            .map_err(|e| {
                eprintln!("scrm-tui: {e}");
                ExitCode::from(2)
            })
    };
    let mut config = match config {
        Ok(config) => config,
        Err(code) => return code,
    };
    if let Some(url) = database {
        let listen = config.database.as_ref().is_none_or(|d| d.listen);
        config.database = Some(DatabaseConfig { url, listen });
    }
    let read = path.as_ref().is_some_and(|p| p.exists());
    print!("{}", info::report(&config, path.as_deref(), read));
    ExitCode::SUCCESS
}

async fn dashboard(
    explicit: Option<PathBuf>,
    demo: Option<u32>,
    faults: Vec<Rule>,
    database: Option<Secret>,
) -> ExitCode {
    let (config, _server) = match prepare(explicit, demo, faults, database).await {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    match tui::run(config, demo).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scrm-tui: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn get(
    explicit: Option<PathBuf>,
    demo: Option<u32>,
    faults: Vec<Rule>,
    request: get::Request,
    database: Option<Secret>,
) -> ExitCode {
    let (config, _server) = match prepare(explicit, demo, faults, database).await {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    for warning in &config.warnings {
        eprintln!("warning: {warning}");
    }
    // The team's database when one is configured, else the vendors.
    let source = match crate::fetch::source(&config) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("scrm-tui: {e}");
            return ExitCode::from(get::UNUSABLE);
        }
    };
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = get::print(
        request,
        source.as_ref(),
        &tui::local_zone(),
        &mut out,
        &mut err,
    )
    .await;
    ExitCode::from(code)
}

async fn demo_server(
    addr: SocketAddr,
    scale: u32,
    weiban_limits: bool,
    faults: Vec<Rule>,
) -> ExitCode {
    let options = DemoOptions {
        scale,
        weiban_limits: weiban_limits.then(crate::demo::EnforcedLimits::weiban),
        faults,
        ..DemoOptions::default()
    };
    let server = match DemoServer::start(addr, options).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("scrm-tui: cannot start the demo server on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", server.base_url());
    let _ = writeln!(
        out,
        "# demo server with {} stores. A config for it:\n\n{}\n# Ctrl-C stops it.",
        server.data().stores.len(),
        server.config_toml(),
    );
    let _ = out.flush();
    drop(out);
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}

/// What a new user sees when there is no config yet.
pub fn first_start_message() -> String {
    let path = config::default_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| String::from("the config file"));
    format!(
        "scrm-tui: no config file yet ({path}).\n\n\
         Try it with demo data, no account needed:\n\n    scrm-tui --demo\n\n\
         Or create {path} with your vendor accounts, for example:\n\n{}\n\
         README.md lists every vendor section. Keep the file private: chmod 600 {path}",
        config::EXAMPLE
            .lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}
