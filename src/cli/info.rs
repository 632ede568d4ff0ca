//! `scrm-tui info`: what this installation would use — the version, the config file and
//! whether it parsed, where logs, the cache, the prompt history, themes and exports go, each
//! vendor's server and limits, network settings — and every warning, without contacting a
//! vendor and without a secret.

use std::fmt::Write as _;
use std::path::Path;

use crate::config::Config;
use crate::fetch::Clients;

/// What became of the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigStatus {
    Parsed,
    /// No file there: the defaults.
    Missing,
    /// The file's error (it names the key and line, never a secret's value).
    Invalid(String),
    /// `--demo`: the demo server's vendors over the file's other settings.
    Demo,
}

/// The report, as text. `config_path` is the file read, or where it would be.
pub fn report(config: &Config, config_path: Option<&Path>, status: &ConfigStatus) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scrm-tui {}", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(out, "config   {}", config_line(config_path, status));
    paths(&mut out, config);
    let network = &config.network;
    let _ = writeln!(
        out,
        "network  connect within {} s, answer within {} s, answers up to {} MiB, redirects never followed",
        network.connect_timeout_seconds, network.timeout_seconds, network.max_response_mb
    );
    if let Some(database) = &config.database {
        let _ = writeln!(out, "database {}", database_line(database));
    }
    vendors(&mut out, config);
    wecom(&mut out, config);
    for warning in &config.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    out
}

/// WeCom's callback: the URL to enter in the admin console for each corp (never the token or
/// the key), as the sync serves it; behind a TLS proxy, its public https address instead.
fn wecom(out: &mut String, config: &Config) {
    let Some(listen) = config.listen() else {
        return;
    };
    let _ = writeln!(out, "listen   {listen} (scrm-tui sync)");
    for section in &config.wecom {
        let _ = writeln!(
            out,
            "wecom    corp {}  callback URL http://{listen}{}  (enter it in 管理后台 → 客户联系 → \
             API → 接收事件服务器; behind your TLS proxy: https://YOUR-HOST{})",
            section.corp_id,
            section.callback_path(),
            section.callback_path(),
        );
    }
}

/// Which config file, and what became of it.
fn config_line(config_path: Option<&Path>, status: &ConfigStatus) -> String {
    match (config_path, status) {
        (Some(path), ConfigStatus::Parsed) => format!("{} (parsed)", path.display()),
        (Some(path), ConfigStatus::Demo) => {
            format!("{} (--demo: the demo's vendors)", path.display())
        }
        (Some(path), ConfigStatus::Missing) => {
            format!("(none; it would be read from {})", path.display())
        }
        (Some(path), ConfigStatus::Invalid(e)) => {
            format!(
                "{} (does not parse; defaults shown below): {e}",
                path.display()
            )
        }
        (None, _) => String::from("(none: no config directory on this system)"),
    }
}

/// Where the log, the cache, the state, the themes and the exports go.
fn paths(out: &mut String, config: &Config) {
    let shown = |path: Option<&Path>| {
        path.map_or_else(|| String::from("(none)"), |p| p.display().to_string())
    };
    let _ = writeln!(out, "log      {}", shown(crate::logging::path().as_deref()));
    let cache = directories::ProjectDirs::from("", "", "scrm-tui");
    let _ = writeln!(
        out,
        "cache    {}",
        shown(cache.as_ref().map(|d| d.cache_dir()))
    );
    let _ = writeln!(
        out,
        "state    {} (the filter and command history)",
        shown(crate::tui::history::path().as_deref())
    );
    let _ = writeln!(
        out,
        "themes   {} (ui.theme = \"{}\")",
        shown(crate::config::theme::dir().as_deref()),
        config.ui.theme
    );
    let exports = match &config.ui.export_dir {
        Some(dir) => dir.display().to_string(),
        None => std::env::current_dir().map_or_else(
            |_| String::from("(the working directory)"),
            |d| format!("{} (the working directory)", d.display()),
        ),
    };
    let _ = writeln!(
        out,
        "exports  {exports} ({}{})",
        config.ui.export_format.extension(),
        if config.ui.csv_bom {
            ", CSV with a byte-order mark"
        } else {
            ""
        }
    );
}

/// The database's target only: never the password.
fn database_line(database: &crate::config::DatabaseConfig) -> String {
    match crate::store::DatabaseUrl::parse(database.url.expose()) {
        Ok(url) => format!(
            "{} (sslmode {}, {}; dashboards read it, `sync` writes it)",
            url.target(),
            url.tls(),
            if database.listen {
                "LISTEN for new alerts"
            } else {
                "no LISTEN: reads every poll"
            }
        ),
        Err(e) => format!("unusable: {e}"),
    }
}

/// Each configured account: its vendor, name, server, which company, and limits. With one
/// account per vendor the line reads as it always has (`weiban   https://…  (…)`).
fn vendors(out: &mut String, config: &Config) {
    let accounts = config.accounts();
    if accounts.is_empty() {
        let _ = writeln!(out, "vendors  none configured");
    }
    let named = accounts.iter().any(|a| !a.account.is_default());
    let clients = Clients::from_config(config).ok();
    for info in &accounts {
        let limits = clients
            .as_ref()
            .and_then(|c| c.limits(info.vendor, &info.account))
            .map(|l| {
                let rates: Vec<String> = l
                    .rates
                    .iter()
                    .map(|r| format!("{} per {} s", r.calls, r.per.as_secs()))
                    .collect();
                let rates = if rates.is_empty() {
                    String::from("no rate limit")
                } else {
                    rates.join(", ")
                };
                format!("{} in flight, {rates}", l.in_flight)
            })
            .unwrap_or_default();
        let url = &info.base_url;
        let vendor = info.vendor.name();
        if named {
            let (account, tenant) = (&info.account, &info.tenant);
            let _ = writeln!(
                out,
                "{vendor:<8} account {account:<10} {url}  {tenant}  ({limits})"
            );
        } else {
            let _ = writeln!(out, "{vendor:<8} {url}  ({limits})");
        }
    }
}
