//! The command line's shape: each flag declared under the commands it applies to, so that
//! `--help` of each command shows only its own, with examples.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::LazyLock;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::demo::faults::Rule;
use crate::domain::Resource;
use crate::domain::output::Format;

/// The largest demo scale: 1 120 is a million customers (1 008 000).
const MAX_SCALE: i64 = 1200;

#[derive(Debug, Parser)]
#[command(
    name = "scrm-tui",
    version,
    about = "A terminal dashboard for WeCom SCRM support staff: stores, customers, outflow \
             alerts and operator accounts across Weiban, Yunzhong, Tanma and Youmi",
    after_help = "Examples:\n  \
        scrm-tui                                  the dashboard, with ~/.config/scrm-tui/config.toml\n  \
        scrm-tui --demo                           the dashboard on the embedded demo server\n  \
        scrm-tui get customers --format xlsx > customers.xlsx\n  \
        scrm-tui info                             where the config, logs and exports are"
)]
pub struct Cli {
    /// Where the dashboard (no command) reads from.
    #[command(flatten)]
    pub sources: Sources,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where the records come from: the config's vendors, the demo server, or the team's database.
#[derive(Debug, Clone, Default, Args)]
pub struct Sources {
    /// Config file (default: the platform config dir, e.g. ~/.config/scrm-tui/config.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use the embedded demo server instead of real vendor accounts.
    #[arg(long)]
    pub demo: bool,
    /// Team mode: PostgreSQL to read from (dashboards, `get`) or write to (`sync`). Better in
    /// SCRM_TUI_DATABASE_URL or `[database] url`: a command line is visible to other users.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// With `--demo`: multiply the demo data (900 customers per unit; default 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_SCALE))]
    pub demo_scale: Option<u32>,
    /// With `--demo`: make a vendor fail, as `vendor:fault[:after[:times]]`
    /// (e.g. `weiban:http-502:3:1`; faults: http-500, http-502, garbage, truncated, empty,
    /// hang, slow, reset, expired-token, rate-limited, bad-signature, login-required,
    /// redirect, huge; paging that lies: repeat-page, repeat-cursor, inflated-total, empty-page).
    /// Repeatable.
    #[arg(long, value_name = "RULE", value_parser = Rule::parse)]
    pub demo_fault: Vec<Rule>,
    /// One account's records only (a name of `[[vendor]] account = …`, or `all`): the
    /// dashboard starts on it (`:account` switches), `get` asks only its vendors.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
}

impl Sources {
    /// These flags given after the command, over those given before it
    /// (`scrm-tui --demo get stores` and `scrm-tui get stores --demo` are the same).
    pub fn over(self, before: Sources) -> Sources {
        let mut faults = before.demo_fault;
        faults.extend(self.demo_fault);
        Sources {
            config: self.config.or(before.config),
            demo: self.demo || before.demo,
            database: self.database.or(before.database),
            demo_scale: self.demo_scale.or(before.demo_scale),
            demo_fault: faults,
            account: self.account.or(before.account),
        }
    }

    /// With `--demo`, the demo data's scale.
    pub fn demo(&self) -> Option<u32> {
        self.demo.then_some(self.demo_scale.unwrap_or(1))
    }

    /// Whether any flag was given: commands that take none say so.
    pub fn any(&self) -> bool {
        self.config.is_some()
            || self.demo
            || self.database.is_some()
            || self.demo_scale.is_some()
            || !self.demo_fault.is_empty()
            || self.account.is_some()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every record of a resource from every configured vendor.
    #[command(after_help = "Examples:\n  \
        scrm-tui get stores                         JSON on stdout\n  \
        scrm-tui get customers --format csv > customers.csv\n  \
        scrm-tui get customers --format xlsx > customers.xlsx\n  \
        scrm-tui get outflow --with-context --demo\n  \
        scrm-tui get triage-log --format csv > triage.csv")]
    Get {
        resource: ResourceArg,
        /// json, csv (a spreadsheet-safe CSV, no byte-order mark on stdout), or xlsx (an
        /// Excel workbook: send it to a file).
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Outflow: add each alert's customer context (retention_days, followed_by,
        /// recovered, add_way, channel), fetched within the vendor's limits.
        #[arg(long)]
        with_context: bool,
        #[command(flatten)]
        sources: Sources,
    },
    /// Team mode: the one puller. Loads every resource of every configured vendor on a
    /// schedule, within each vendor's limits, into PostgreSQL, until SIGTERM.
    #[command(after_help = "Example:\n  \
        SCRM_TUI_DATABASE_URL=postgres://sync@db/scrm scrm-tui sync --config sync.toml --listen 0.0.0.0:8090")]
    Sync {
        #[command(flatten)]
        sources: Sources,
        /// Where its HTTP listener answers (WeCom's callback, /healthz, /metrics); overrides
        /// `[sync] listen`.
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
    },
    /// Show the version, the config (and whether it parsed), each vendor's server and limits
    /// (never a secret), the cache, log, state and export paths, and every warning, without
    /// contacting a vendor.
    #[command(after_help = "Example:\n  scrm-tui info --config ~/work/scrm.toml")]
    Info {
        #[command(flatten)]
        sources: Sources,
    },
    /// Print a shell completion script.
    #[command(after_help = "Examples:\n  \
        scrm-tui completions bash > ~/.local/share/bash-completion/completions/scrm-tui\n  \
        scrm-tui completions zsh > ~/.zfunc/_scrm-tui\n  \
        scrm-tui completions fish > ~/.config/fish/completions/scrm-tui.fish")]
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  \
        scrm-tui man > ~/.local/share/man/man1/scrm-tui.1 && man scrm-tui")]
    Man,
    /// Run the demo server alone and print its address, then a config for it.
    #[command(after_help = "Example:\n  \
        scrm-tui demo-server --scale 112 > demo.toml &")]
    DemoServer {
        #[arg(long, default_value = "127.0.0.1:0")]
        addr: SocketAddr,
        /// Multiply the demo data.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=MAX_SCALE))]
        scale: u32,
        /// Enforce Weiban's published limits (5 in flight, 600 calls/min and 36 000/hour per
        /// endpoint), answering 10052/10053 as the vendor does; otherwise there are none.
        #[arg(long)]
        weiban_limits: bool,
        /// Make a vendor fail, as `vendor:fault[:after[:times]]` (e.g. `weiban:http-502:3:1`;
        /// faults: http-500, http-502, garbage, truncated, empty, hang, slow, reset,
        /// expired-token, rate-limited, bad-signature, login-required, redirect, huge); more can be added and
        /// cleared while it runs, at `/__demo/faults`. Repeatable.
        #[arg(long, value_name = "RULE", value_parser = Rule::parse)]
        fault: Vec<Rule>,
        /// Play WeCom: post each new outflow alert to this callback URL as WeCom's encrypted
        /// `change_external_contact` event, a second before the Weiban list shows it (the
        /// printed config then has the matching [wecom] section).
        #[arg(long, value_name = "URL")]
        wecom_callback: Option<String>,
    },
}

/// What `get` prints: a resource, by its descriptor's name, or the triage log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceArg {
    Resource(Resource),
    /// The triage log: every claim, release, done, note and reopen, oldest first.
    TriageLog,
}

/// Every resource, then the triage log: what `get` accepts, in that order.
static RESOURCE_ARGS: LazyLock<Vec<ResourceArg>> = LazyLock::new(|| {
    let resources = Resource::ALL.iter().map(|&r| ResourceArg::Resource(r));
    resources.chain([ResourceArg::TriageLog]).collect()
});

impl ValueEnum for ResourceArg {
    fn value_variants<'a>() -> &'a [Self] {
        RESOURCE_ARGS.as_slice()
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            ResourceArg::Resource(resource) => PossibleValue::new(resource.name()),
            ResourceArg::TriageLog => PossibleValue::new("triage-log")
                .help("The triage log: every claim, release, done, note and reopen, oldest first"),
        })
    }
}

impl ResourceArg {
    /// The resource asked for; `None` for the triage log.
    pub fn resource(self) -> Option<Resource> {
        match self {
            ResourceArg::Resource(resource) => Some(resource),
            ResourceArg::TriageLog => None,
        }
    }
}
