//! `scrm-tui info`: what this installation would use — config file, log, cache, each vendor's
//! server and limits, network settings — and every warning, without contacting a vendor and
//! without a secret.

use std::fmt::Write as _;
use std::path::Path;

use crate::config::Config;
use crate::fetch::Clients;

/// The report, as text. `config_path` is the file read, or where it would be.
pub fn report(config: &Config, config_path: Option<&Path>, read: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scrm-tui {}", env!("CARGO_PKG_VERSION"));
    let shown = |path: Option<&Path>| {
        path.map_or_else(|| String::from("(none)"), |p| p.display().to_string())
    };
    let config_line = match (config_path, read) {
        (Some(path), true) => path.display().to_string(),
        (Some(path), false) => format!("(none; it would be read from {})", path.display()),
        (None, _) => String::from("(none)"),
    };
    let _ = writeln!(out, "config   {config_line}");
    let _ = writeln!(out, "log      {}", shown(crate::logging::path().as_deref()));
    let cache = directories::ProjectDirs::from("", "", "scrm-tui");
    let _ = writeln!(
        out,
        "cache    {}",
        shown(cache.as_ref().map(|d| d.cache_dir()))
    );
    let network = &config.network;
    let _ = writeln!(
        out,
        "network  connect within {} s, answer within {} s, answers up to {} MiB, redirects never followed",
        network.connect_timeout_seconds, network.timeout_seconds, network.max_response_mb
    );
    if let Some(database) = &config.database {
        // The target only: never the password.
        let line = match crate::store::DatabaseUrl::parse(database.url.expose()) {
            Ok(url) => format!(
                "{} (sslmode {:?}, {}; dashboards read it, `sync` writes it)",
                url.target(),
                url.tls(),
                if database.listen {
                    "LISTEN for new alerts"
                } else {
                    "no LISTEN: reads every poll"
                }
            ),
            Err(e) => format!("unusable: {e}"),
        };
        let _ = writeln!(out, "database {line}");
    }
    let urls = config.base_urls();
    if urls.is_empty() {
        let _ = writeln!(out, "vendors  none configured");
    }
    let clients = Clients::from_config(config).ok();
    for (vendor, url) in urls {
        let limits = clients
            .as_ref()
            .and_then(|c| c.limits(vendor))
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
        let _ = writeln!(out, "{:<8} {url}  ({limits})", vendor.name());
    }
    for warning in &config.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    out
}
