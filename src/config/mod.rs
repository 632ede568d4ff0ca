//! The TOML config: vendor sections, `[outflow]`, `[ui]`, `[network]` and `[keys]`, as plain
//! data (the README's "Configure your vendors" lists every key).
//!
//! Unknown keys are errors that name the key and its line (the TOML parser's message does
//! both). Every secret can come from the environment, which wins over the file.

mod accounts;
mod error;
mod parse;
mod sort;
pub mod theme;

pub use crate::engine::keymap::KeyOverride;
pub use accounts::{AccountInfo, env_name};
pub use error::{ConfigError, Problem};
pub use sort::DefaultSort;

use crate::engine::keymap::Keymap;
use crate::engine::palette::Palette;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::domain::{Account, Vendor};
use crate::i18n::Lang;
use crate::redact::Secret;

pub const ENV_WEIBAN_SECRET: &str = "SCRM_TUI_WEIBAN_SECRET";
pub const ENV_YUNZHONG_COOKIE: &str = "SCRM_TUI_YUNZHONG_COOKIE";
pub const ENV_TANMA_APP_KEY: &str = "SCRM_TUI_TANMA_APP_KEY";
pub const ENV_YOUMI_APP_KEY: &str = "SCRM_TUI_YOUMI_APP_KEY";
pub const ENV_WECOM_TOKEN: &str = "SCRM_TUI_WECOM_TOKEN";
pub const ENV_WECOM_ENCODING_AES_KEY: &str = "SCRM_TUI_WECOM_ENCODING_AES_KEY";

pub const WEIBAN_DEFAULT_URL: &str = "https://open.weibanzhushou.com";
pub const YOUMI_DEFAULT_URL: &str = "http://api10.agsoft.net:5001/publicapi/v1";

/// The config, resolved: defaults applied, secrets merged from the environment.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Each vendor's accounts, in the file's order: one (`default`) for a single table.
    pub weiban: Vec<WeibanConfig>,
    pub yunzhong: Vec<YunzhongConfig>,
    pub tanma: Vec<TanmaConfig>,
    pub youmi: Vec<YoumiConfig>,
    /// WeCom's own callback, one section per corp (account): received by the sync.
    pub wecom: Vec<WecomConfig>,
    pub outflow: OutflowConfig,
    pub ui: UiConfig,
    pub network: NetworkConfig,
    /// Team mode: where the sync writes and dashboards read.
    pub database: Option<DatabaseConfig>,
    pub sync: SyncConfig,
    pub me: MeConfig,
    pub triage: TriageConfig,
    /// `[keys]`: action name → keys, with the line each action was written on.
    pub keys: Vec<KeyOverride>,
    /// The default keymap with `keys` applied, checked when the file was read.
    pub keymap: Keymap,
    /// Things the user should know that do not stop the program (shown once at start).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct WeibanConfig {
    pub account: Account,
    pub base_url: String,
    pub corp_id: String,
    pub secret: Secret,
    pub limits: LimitsConfig,
}

#[derive(Debug, Clone)]
pub struct YunzhongConfig {
    pub account: Account,
    pub base_url: String,
    pub uniacid: u64,
    pub cookie: Secret,
    pub limits: LimitsConfig,
}

#[derive(Debug, Clone)]
pub struct TanmaConfig {
    pub account: Account,
    pub base_url: String,
    pub app_id: String,
    pub app_key: Secret,
    pub qw_user_ids: Vec<String>,
    pub limits: LimitsConfig,
}

#[derive(Debug, Clone)]
pub struct YoumiConfig {
    pub account: Account,
    pub base_url: String,
    pub app_id: String,
    pub app_key: Secret,
    pub limits: LimitsConfig,
}

/// `[wecom]`: one corp's self-built app with customer-contact permission, whose
/// `change_external_contact` events the sync receives at `/wecom/callback[/ACCOUNT]`.
#[derive(Debug, Clone)]
pub struct WecomConfig {
    pub account: Account,
    /// The receive id every message must end with.
    pub corp_id: String,
    pub token: Secret,
    /// 43 characters of base64, as the admin console shows it.
    pub encoding_aes_key: Secret,
}

impl Config {
    /// Where the sync listens, if anywhere: `[sync] listen`, else the default when WeCom's
    /// callback is configured.
    pub fn listen(&self) -> Option<std::net::SocketAddr> {
        self.sync
            .listen
            .or_else(|| (!self.wecom.is_empty()).then(|| DEFAULT_LISTEN.parse().ok())?)
    }
}

impl WecomConfig {
    /// The path WeCom is told to call for this account.
    pub fn callback_path(&self) -> String {
        if self.account.is_default() {
            String::from(CALLBACK_PATH)
        } else {
            format!("{CALLBACK_PATH}/{}", self.account)
        }
    }
}

/// Where the sync's listener receives WeCom's callback (`/NAME` for a named account).
pub const CALLBACK_PATH: &str = "/wecom/callback";

/// Where the sync listens when `[wecom]` is configured and `[sync] listen` is not.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8090";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutflowConfig {
    pub poll_seconds: u64,
    pub lookback_days: u32,
    pub bell: bool,
}

impl Default for OutflowConfig {
    fn default() -> Self {
        Self {
            poll_seconds: 30,
            lookback_days: 7,
            bell: false,
        }
    }
}

/// `[database]`: the PostgreSQL of team mode. The URL may carry a password: it is a secret.
#[derive(Debug, Clone, PartialEq)]
pub struct DatabaseConfig {
    pub url: Secret,
    /// LISTEN for new outflow alerts; off on a read replica (then read every poll).
    pub listen: bool,
}

/// `[me]`: who this dashboard's user is, for the triage log.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeConfig {
    /// A display name kept beside the login (the database role, or the OS user), never
    /// instead of it.
    pub name: String,
}

/// `[triage]`: what handling an outflow alert does beyond the triage log.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TriageConfig {
    /// A done with a note is also put on the customer's Weiban timeline
    /// (`external_user_event/add`): by the sync in team mode, by the dashboard in solo mode.
    pub weiban_timeline: bool,
}

/// `[sync]`: the team's one puller.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SyncConfig {
    /// How often Stores, Customers and Operators are loaded (Weiban's customers: only what
    /// changed, between full loads).
    pub refresh_seconds: u64,
    /// How often Weiban's customers are loaded in full, which is how deletions are noticed.
    pub full_refresh_seconds: u64,
    /// The sync's HTTP listener (WeCom's callback); `127.0.0.1:8090` when `[wecom]` is
    /// configured and this is not.
    pub listen: Option<std::net::SocketAddr>,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            refresh_seconds: 300,
            full_refresh_seconds: 86_400,
            listen: None,
        }
    }
}

/// `[network]`: how long to wait for a vendor.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkConfig {
    /// Seconds to wait for a connection.
    pub connect_timeout_seconds: f64,
    /// Seconds to wait for a whole answer; a vendor that says nothing for longer has failed.
    pub timeout_seconds: f64,
    /// The largest answer read, in MiB; a longer one fails the call.
    pub max_response_mb: u64,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        Self {
            connect_timeout_seconds: 10.0,
            timeout_seconds: 30.0,
            max_response_mb: 64,
        }
    }
}

impl NetworkConfig {
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.connect_timeout_seconds)
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.timeout_seconds)
    }

    /// The largest answer read, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_mb.saturating_mul(1 << 20)
    }
}

/// `[vendor.limits]` as written: a key left out keeps the vendor's published (or guessed)
/// limit, and a rate of 0 turns that limit off. The vendor clients resolve it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Requests in flight at once (at least 1).
    pub in_flight: Option<u32>,
    /// Calls per endpoint per minute.
    pub per_minute: Option<u32>,
    pub per_hour: Option<u32>,
}

impl LimitsConfig {
    /// No rate limit, and at most `in_flight` requests at once.
    pub fn lifted(in_flight: u32) -> LimitsConfig {
        LimitsConfig {
            in_flight: Some(in_flight),
            per_minute: Some(0),
            per_hour: Some(0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClipboardMode {
    #[default]
    Auto,
    Native,
    Osc52,
    Off,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    pub clipboard: ClipboardMode,
    pub mouse: bool,
    /// `None`: from `LANG`.
    pub lang: Option<Lang>,
    /// `dark`, `light`, or the name of `themes/NAME.toml` in the config directory.
    pub theme: String,
    /// The colours `theme` names, read when the config was loaded.
    #[serde(skip)]
    pub palette: Palette,
    /// How often Stores, Customers and Operators reload; 0 turns it off.
    pub refresh_seconds: u64,
    /// Where exports without a path are written; the working directory when unset.
    pub export_dir: Option<PathBuf>,
    /// What `e` (and `:export` without a format or extension) writes.
    pub export_format: crate::domain::output::Format,
    /// CSV files written by exports start with a UTF-8 byte-order mark, so that Excel and WPS
    /// read their Chinese right. `get` never writes one.
    pub csv_bom: bool,
    /// `[ui.sort]`: a pane's order at start, `customers = "added_at desc"`.
    pub sort: std::collections::BTreeMap<String, String>,
    /// The account the panes show at start (`all`, or one configured account's name).
    pub account: Option<String>,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            clipboard: ClipboardMode::default(),
            mouse: false,
            lang: None,
            theme: String::from("dark"),
            palette: Palette::default(),
            refresh_seconds: 300,
            export_dir: None,
            export_format: crate::domain::output::Format::Csv,
            csv_bom: true,
            sort: Default::default(),
            account: None,
        }
    }
}

/// The platform's config path: `$XDG_CONFIG_HOME/scrm-tui/config.toml` on Linux.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "scrm-tui").map(|d| d.config_dir().join("config.toml"))
}

/// Reads and resolves the config at `path`, with secrets from the process environment.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    load_with_env(path, &|name| std::env::var(name).ok())
}

/// As [`load`], with the environment given (for tests).
pub fn load_with_env(
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ConfigError::NotFound(path.to_owned()));
        }
        Err(e) => return Err(ConfigError::Read(path.to_owned(), e)),
    };
    let mut config =
        parse::parse(&text, env).map_err(|e| ConfigError::Invalid(path.to_owned(), Box::new(e)))?;
    // A theme is a file of its own: checked here, with the rest, so a wrong key in it stops
    // the dashboard and `info` alike.
    config.ui.palette = theme::palette(&config.ui.theme)
        .map_err(|e| ConfigError::Invalid(path.to_owned(), Box::new(e)))?;
    if let Some(warning) = permission_warning(path) {
        config.warnings.push(warning);
    }
    Ok(config)
}

#[cfg(unix)]
fn permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "{} can be read by other users (mode {mode:o}) and holds credentials; run: chmod 600 {}",
            path.display(),
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn permission_warning(_path: &Path) -> Option<String> {
    None
}

impl Config {
    /// A warning for each vendor reached over plain HTTP beyond this machine: its credentials
    /// and data cross the network unencrypted. (Youmi's public server speaks only HTTP, so
    /// this warns rather than refuses.)
    pub fn plain_http_warnings(&self) -> Vec<String> {
        self.accounts()
            .into_iter()
            .filter(|a| is_plain_http_elsewhere(&a.base_url))
            .map(|a| {
                let (vendor, url) = (a.vendor, a.base_url);
                let section = if a.account.is_default() {
                    format!("[{vendor}]")
                } else {
                    format!("[[{vendor}]] \"{}\"", a.account)
                };
                format!(
                    "{section} base_url {url} is plain http: {vendor}'s credentials and data \
                     cross the network unencrypted"
                )
            })
            .collect()
    }

    /// The vendors with a section in this config.
    pub fn vendors(&self) -> Vec<Vendor> {
        let mut v: Vec<Vendor> = self.accounts().into_iter().map(|a| a.vendor).collect();
        v.dedup();
        v
    }
}

/// Whether a URL is `http://` to a host other than this machine.
fn is_plain_http_elsewhere(url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(url) else {
        return false;
    };
    let host = url.host_str().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    url.scheme() == "http" && !loopback
}

/// The example config shown by `README.md` and by the first-start message.
pub const EXAMPLE: &str = r#"[weiban]                        # stores, outflow alerts, customers
base_url = "https://open.weibanzhushou.com"
corp_id  = "..."
secret   = "..."                # or env SCRM_TUI_WEIBAN_SECRET
"#;
