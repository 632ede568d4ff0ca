//! The command line (the README's "On the command line") and what each command does.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

pub use args::{Cli, Command, ResourceArg, Sources};
use get::Get;

use crate::config::{self, Config, ConfigError, DatabaseConfig};
use crate::demo::faults::Rule;
use crate::demo::{DemoOptions, DemoServer};
use crate::domain::output::Format;
use crate::redact::Secret;
use crate::tui;

mod account;
mod args;
mod context;
pub mod get;
pub mod info;
mod sync;
pub mod triage;

use account::{Choice, choose_account};

pub async fn run(cli: Cli) -> ExitCode {
    let before = cli.sources;
    match cli.command {
        Some(Command::DemoServer { .. } | Command::Completions { .. } | Command::Man)
            if before.any() =>
        {
            eprintln!(
                "scrm-tui: --config, --demo, --database and --demo-* are for the dashboard, \
                 get, sync and info; see scrm-tui --help"
            );
            ExitCode::from(2)
        }
        Some(Command::DemoServer {
            addr,
            scale,
            weiban_limits,
            fault,
            wecom_callback,
        }) => demo_server(addr, scale, weiban_limits, (fault, wecom_callback)).await,
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "scrm-tui", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(Command::Man) => man(&mut std::io::stdout()),
        Some(Command::Info { sources }) => {
            let sources = sources.over(before);
            let (database, demo) = (database_url(&sources), sources.demo());
            info(sources.config, demo, database).await
        }
        Some(Command::Sync { sources, listen }) => sync_command(sources.over(before), listen).await,
        Some(Command::Get {
            resource,
            format,
            with_context,
            sources,
        }) => {
            let job = match resource.resource() {
                Some(resource) => Get::Records(get::Request {
                    resource,
                    format,
                    with_context,
                }),
                None => Get::TriageLog(format),
            };
            get_command(job, sources.over(before)).await
        }
        None => {
            let database = database_url(&before);
            let demo = before.demo();
            let choice = Choice {
                account: before.account,
                faults: before.demo_fault,
            };
            dashboard(before.config, demo, choice, database).await
        }
    }
}

/// The database: the command line's, then the environment's; the file's `[database]` after
/// them.
/// `scrm-tui sync`: the vendors (under --demo, the demo's) into the database — the command
/// line's or the environment's, else the file's.
async fn sync_command(sources: Sources, listen: Option<std::net::SocketAddr>) -> ExitCode {
    let database = database_url(&sources);
    let file = read_config(sources.config.clone()).ok().flatten();
    let file_listen = listen
        .or_else(|| file.as_ref().and_then(|c| c.sync.listen))
        .map(|a| a.to_string());
    let file_database = file.and_then(|c| c.database);
    let demo = sources.demo();
    // Under --demo the demo plays WeCom, posting to this sync's own listener.
    let at = file_listen.unwrap_or_else(|| config::DEFAULT_LISTEN.to_owned());
    let wecom = Some(format!("http://{at}{}", config::CALLBACK_PATH));
    let (mut config, _server) = match prepare(
        sources.config,
        demo,
        (sources.demo_fault, wecom),
        database.clone(),
    )
    .await
    {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    if listen.is_some() {
        config.sync.listen = listen;
    }
    let url = database
        .or(config.database.clone().map(|d| d.url))
        .or(file_database.map(|d| d.url));
    sync::run(&config, url).await
}

/// `scrm-tui get`; an xlsx workbook is never written to a terminal.
async fn get_command(job: Get, sources: Sources) -> ExitCode {
    use std::io::IsTerminal;
    if job.format() == Format::Xlsx && std::io::stdout().is_terminal() {
        eprintln!(
            "scrm-tui: an xlsx workbook is binary; send it to a file: \
             scrm-tui get {what} --format xlsx > {what}.xlsx",
            what = job.name()
        );
        return ExitCode::from(2);
    }
    let database = database_url(&sources);
    let demo = sources.demo();
    let choice = Choice {
        account: sources.account,
        faults: sources.demo_fault,
    };
    get(sources.config, demo, choice, job, database).await
}

fn database_url(sources: &Sources) -> Option<Secret> {
    sources.database.clone().map(Secret::new).or_else(|| {
        std::env::var("SCRM_TUI_DATABASE_URL")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(Secret::new)
    })
}

/// The manual page, from the same definitions as `--help`.
fn man(out: &mut dyn Write) -> ExitCode {
    let command = <Cli as clap::CommandFactory>::command();
    match clap_mangen::Man::new(command).render(out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scrm-tui: cannot write the manual page: {e}");
            ExitCode::FAILURE
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

/// The config to run with: the file's, or with `--demo` the demo server's vendors (keeping
/// the file's `[ui]`, `[outflow]`, `[network]`, `[me]`, `[triage]` and `[keys]`). The server
/// is returned so it lives long enough. `demo` is the demo data's scale when `--demo` is
/// given.
async fn prepare(
    explicit: Option<PathBuf>,
    demo: Option<u32>,
    (faults, wecom_callback): (Vec<Rule>, Option<String>),
    database: Option<Secret>,
) -> Result<(Config, Option<Demo>), ExitCode> {
    let file = read_config(explicit).map_err(|e| {
        eprintln!("scrm-tui: {e}");
        ExitCode::from(2)
    })?;
    let Some(scale) = demo else {
        return Ok((own_config(file, database)?, None));
    };
    let options = DemoOptions {
        scale,
        faults,
        wecom_callback,
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
    Ok((on_demo(file.unwrap_or_default(), server), Some(demo)))
}

/// The file's config, with `--database` in place of its `[database]` url; team mode needs
/// no file, a database URL is enough.
fn own_config(file: Option<Config>, database: Option<Secret>) -> Result<Config, ExitCode> {
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
    Ok(Config { database, ..file })
}

/// The demo server's vendors with the file's own settings.
fn on_demo(file: Config, server: Config) -> Config {
    // The file's vendors are not used: their warnings would be about servers not asked.
    let not_asked = file.plain_http_warnings();
    let warnings = file.warnings.into_iter().filter(|w| !not_asked.contains(w));
    Config {
        ui: file.ui,
        outflow: file.outflow,
        network: file.network,
        me: file.me,
        triage: file.triage,
        keys: file.keys,
        keymap: file.keymap,
        warnings: warnings.collect(),
        ..server
    }
}

async fn info(explicit: Option<PathBuf>, demo: Option<u32>, database: Option<Secret>) -> ExitCode {
    let path = explicit.clone().or_else(config::default_path);
    // Without a file, or with a broken one, there is still something to say: where it would
    // be, what is wrong with it, and where everything else goes.
    let (config, status) = if demo.is_some() {
        match prepare(explicit, demo, (Vec::new(), None), None).await {
            Ok((config, _)) => (config, info::ConfigStatus::Demo),
            Err(code) => return code,
        }
    } else {
        match read_config(explicit) {
            Ok(Some(config)) => (config, info::ConfigStatus::Parsed),
            Ok(None) => (Config::default(), info::ConfigStatus::Missing),
            Err(e) => (
                Config::default(),
                info::ConfigStatus::Invalid(e.to_string()),
            ),
        }
    };
    let mut config = config;
    if let Some(url) = database {
        let listen = config.database.as_ref().is_none_or(|d| d.listen);
        config.database = Some(DatabaseConfig { url, listen });
    }
    print!("{}", info::report(&config, path.as_deref(), &status));
    // A config that does not parse is worth a non-zero exit, for scripts that check it.
    match status {
        info::ConfigStatus::Invalid(_) => ExitCode::from(2),
        _ => ExitCode::SUCCESS,
    }
}

async fn dashboard(
    explicit: Option<PathBuf>,
    demo: Option<u32>,
    choice: Choice,
    database: Option<Secret>,
) -> ExitCode {
    let (mut config, _server) = match prepare(explicit, demo, (choice.faults, None), database).await
    {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    if let Err(code) = choose_account(&mut config, choice.account, false) {
        return code;
    }
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
    choice: Choice,
    job: Get,
    database: Option<Secret>,
) -> ExitCode {
    // `get` prints the columns, never a raw object: none is packed or kept.
    crate::domain::RawJson::keep_none();
    let (mut config, _server) = match prepare(explicit, demo, (choice.faults, None), database).await
    {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    if let Err(code) = choose_account(&mut config, choice.account, true) {
        return code;
    }
    for warning in &config.warnings {
        eprintln!("warning: {warning}");
    }
    // The team's database when one is configured, else the vendors; with the triage log
    // (solo mode's file in the state directory) when the alerts or the log are asked for.
    let solo_log = job
        .reads_triage()
        .then(|| crate::store::triage_file::default_path(demo.is_some()))
        .flatten();
    let source = match crate::fetch::dashboard_source(&config, solo_log.as_deref()) {
        Ok((source, warnings)) => {
            warnings.iter().for_each(|w| eprintln!("warning: {w}"));
            source
        }
        Err(e) => {
            eprintln!("scrm-tui: {e}");
            return ExitCode::from(get::UNUSABLE);
        }
    };
    // Buffered: the lock alone writes line by line, a system call for each line of JSON.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut err = std::io::stderr().lock();
    let zone = tui::local_zone();
    let code = match job {
        Get::Records(request) => {
            get::print(request, source.as_ref(), &zone, &mut out, &mut err).await
        }
        Get::TriageLog(format) => {
            triage::print_log(source.as_ref(), format, &zone, &mut out, &mut err).await
        }
    };
    ExitCode::from(code)
}

async fn demo_server(
    addr: SocketAddr,
    scale: u32,
    weiban_limits: bool,
    (faults, wecom_callback): (Vec<Rule>, Option<String>),
) -> ExitCode {
    let options = DemoOptions {
        scale,
        weiban_limits: weiban_limits.then(crate::demo::EnforcedLimits::weiban),
        faults,
        wecom_callback,
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
