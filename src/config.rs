//! The TOML config: vendor sections, `[outflow]`, `[ui]`, `[network]` and `[keys]`, as plain
//! data (the README's "Configuration" lists every key).
//!
//! Unknown keys are errors that name the key and its line (the TOML parser's message does
//! both). Every secret can come from the environment, which wins over the file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::domain::Vendor;
use crate::i18n::Lang;
use crate::redact::Secret;

pub const ENV_WEIBAN_SECRET: &str = "SCRM_TUI_WEIBAN_SECRET";
pub const ENV_YUNZHONG_COOKIE: &str = "SCRM_TUI_YUNZHONG_COOKIE";
pub const ENV_TANMA_APP_KEY: &str = "SCRM_TUI_TANMA_APP_KEY";
pub const ENV_YOUMI_APP_KEY: &str = "SCRM_TUI_YOUMI_APP_KEY";

pub const WEIBAN_DEFAULT_URL: &str = "https://open.weibanzhushou.com";
pub const YOUMI_DEFAULT_URL: &str = "http://api10.agsoft.net:5001/publicapi/v1";

/// The config, resolved: defaults applied, secrets merged from the environment.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub weiban: Option<WeibanConfig>,
    pub yunzhong: Option<YunzhongConfig>,
    pub tanma: Option<TanmaConfig>,
    pub youmi: Option<YoumiConfig>,
    pub outflow: OutflowConfig,
    pub ui: UiConfig,
    pub network: NetworkConfig,
    /// `[keys]`: action name → keys, with the line each action was written on.
    pub keys: Vec<KeyOverride>,
    /// Things the user should know that do not stop the program (shown once at start).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct WeibanConfig {
    pub base_url: String,
    pub corp_id: String,
    pub secret: Secret,
    pub limits: LimitsConfig,
}

#[derive(Debug, Clone)]
pub struct YunzhongConfig {
    pub base_url: String,
    pub uniacid: u64,
    pub cookie: Secret,
    pub limits: LimitsConfig,
}

#[derive(Debug, Clone)]
pub struct TanmaConfig {
    pub base_url: String,
    pub app_id: String,
    pub app_key: Secret,
    pub qw_user_ids: Vec<String>,
    pub limits: LimitsConfig,
}

#[derive(Debug, Clone)]
pub struct YoumiConfig {
    pub base_url: String,
    pub app_id: String,
    pub app_key: Secret,
    pub limits: LimitsConfig,
}

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

/// `[network]`: how long to wait for a vendor.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkConfig {
    /// Seconds to wait for a connection.
    pub connect_timeout_seconds: f64,
    /// Seconds to wait for a whole answer; a vendor that says nothing for longer has failed.
    pub timeout_seconds: f64,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        Self {
            connect_timeout_seconds: 10.0,
            timeout_seconds: 30.0,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    pub clipboard: ClipboardMode,
    pub mouse: bool,
    /// `None`: from `LANG`.
    pub lang: Option<Lang>,
    pub theme: ThemeName,
    /// How often Stores, Customers and Operators reload; 0 turns it off.
    pub refresh_seconds: u64,
    /// Where exports without a path are written; the working directory when unset.
    pub export_dir: Option<PathBuf>,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            clipboard: ClipboardMode::default(),
            mouse: false,
            lang: None,
            theme: ThemeName::default(),
            refresh_seconds: 300,
            export_dir: None,
        }
    }
}

/// One `[keys]` entry: `action = ["key", …]` (or a single string).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyOverride {
    pub action: String,
    pub keys: Vec<String>,
    pub line: usize,
}

#[derive(Debug)]
pub enum ConfigError {
    /// No file at the path (the default path, or `--config FILE`).
    NotFound(PathBuf),
    Read(PathBuf, std::io::Error),
    /// The TOML parser's message, which names the key and the line.
    Parse(PathBuf, String),
    Invalid(PathBuf, String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NotFound(p) => write!(f, "no config file at {}", p.display()),
            ConfigError::Read(p, e) => write!(f, "cannot read {}: {e}", p.display()),
            ConfigError::Parse(p, m) => write!(f, "error in {}: {}", p.display(), m.trim_end()),
            ConfigError::Invalid(p, m) => write!(f, "error in {}: {m}", p.display()),
        }
    }
}

impl std::error::Error for ConfigError {}

// The file's shape. Secrets are optional here because the environment may supply them.

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    weiban: Option<WeibanSection>,
    yunzhong: Option<YunzhongSection>,
    tanma: Option<TanmaSection>,
    youmi: Option<YoumiSection>,
    #[serde(default)]
    outflow: OutflowConfig,
    #[serde(default)]
    ui: UiConfig,
    #[serde(default)]
    network: NetworkConfig,
    #[serde(default)]
    keys: BTreeMap<toml::Spanned<String>, KeyList>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeibanSection {
    base_url: Option<String>,
    corp_id: Option<String>,
    secret: Option<Secret>,
    limits: Option<LimitsConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YunzhongSection {
    base_url: Option<String>,
    uniacid: Option<u64>,
    cookie: Option<Secret>,
    limits: Option<LimitsConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TanmaSection {
    base_url: Option<String>,
    app_id: Option<String>,
    app_key: Option<Secret>,
    #[serde(default)]
    qw_user_ids: Vec<String>,
    limits: Option<LimitsConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YoumiSection {
    base_url: Option<String>,
    app_id: Option<String>,
    app_key: Option<Secret>,
    limits: Option<LimitsConfig>,
}

/// Checks a `[vendor.limits]` table.
fn limits(section: Option<LimitsConfig>, vendor: &str) -> Result<LimitsConfig, Problem> {
    let limits = section.unwrap_or_default();
    if limits.in_flight == Some(0) {
        return Err(Problem::Invalid(format!(
            "[{vendor}.limits] in_flight must be at least 1"
        )));
    }
    Ok(limits)
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
    let mut config = parse(&text, env).map_err(|e| match e {
        Problem::Syntax(m) => ConfigError::Parse(path.to_owned(), m),
        Problem::Invalid(m) => ConfigError::Invalid(path.to_owned(), m),
    })?;
    if let Some(warning) = permission_warning(path) {
        config.warnings.push(warning);
    }
    Ok(config)
}

enum Problem {
    Syntax(String),
    Invalid(String),
}

fn parse(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, Problem> {
    let file: FileConfig = toml::from_str(text).map_err(|e| Problem::Syntax(e.to_string()))?;
    let secret = |name: &str, file_value: Option<Secret>| {
        env(name)
            .filter(|v| !v.trim().is_empty())
            .map(Secret::new)
            .or(file_value)
            .filter(|s| !s.is_empty())
    };
    let missing = |section: &str, key: &str, env_name: Option<&str>| {
        let mut m = format!("[{section}] needs `{key}`");
        if let Some(env_name) = env_name {
            m.push_str(&format!(
                " (in the file, or in the environment as {env_name})"
            ));
        }
        Problem::Invalid(m)
    };

    let weiban = match file.weiban {
        None => None,
        Some(s) => Some(WeibanConfig {
            base_url: url(
                "weiban",
                s.base_url.as_deref().unwrap_or(WEIBAN_DEFAULT_URL),
            )?,
            corp_id: required(s.corp_id).ok_or_else(|| missing("weiban", "corp_id", None))?,
            secret: secret(ENV_WEIBAN_SECRET, s.secret)
                .ok_or_else(|| missing("weiban", "secret", Some(ENV_WEIBAN_SECRET)))?,
            limits: limits(s.limits, "weiban")?,
        }),
    };
    let yunzhong = match file.yunzhong {
        None => None,
        Some(s) => Some(YunzhongConfig {
            base_url: url(
                "yunzhong",
                &required(s.base_url).ok_or_else(|| missing("yunzhong", "base_url", None))?,
            )?,
            uniacid: s
                .uniacid
                .ok_or_else(|| missing("yunzhong", "uniacid", None))?,
            cookie: secret(ENV_YUNZHONG_COOKIE, s.cookie)
                .ok_or_else(|| missing("yunzhong", "cookie", Some(ENV_YUNZHONG_COOKIE)))?,
            limits: limits(s.limits, "yunzhong")?,
        }),
    };
    let tanma = match file.tanma {
        None => None,
        Some(s) => Some(TanmaConfig {
            base_url: url(
                "tanma",
                &required(s.base_url).ok_or_else(|| missing("tanma", "base_url", None))?,
            )?,
            app_id: required(s.app_id).ok_or_else(|| missing("tanma", "app_id", None))?,
            app_key: secret(ENV_TANMA_APP_KEY, s.app_key)
                .ok_or_else(|| missing("tanma", "app_key", Some(ENV_TANMA_APP_KEY)))?,
            qw_user_ids: s.qw_user_ids,
            limits: limits(s.limits, "tanma")?,
        }),
    };
    let youmi = match file.youmi {
        None => None,
        Some(s) => Some(YoumiConfig {
            base_url: url("youmi", s.base_url.as_deref().unwrap_or(YOUMI_DEFAULT_URL))?,
            app_id: required(s.app_id).ok_or_else(|| missing("youmi", "app_id", None))?,
            app_key: secret(ENV_YOUMI_APP_KEY, s.app_key)
                .ok_or_else(|| missing("youmi", "app_key", Some(ENV_YOUMI_APP_KEY)))?,
            limits: limits(s.limits, "youmi")?,
        }),
    };
    if file.outflow.poll_seconds == 0 {
        return Err(Problem::Invalid(
            "[outflow] poll_seconds must be at least 1".into(),
        ));
    }
    for (key, seconds) in [
        (
            "connect_timeout_seconds",
            file.network.connect_timeout_seconds,
        ),
        ("timeout_seconds", file.network.timeout_seconds),
    ] {
        // Below 0.1 s nothing could answer; above an hour the dashboard would look hung.
        if !(0.1..=3600.0).contains(&seconds) {
            return Err(Problem::Invalid(format!(
                "[network] {key} must be between 0.1 and 3600 seconds, not {seconds}"
            )));
        }
    }
    let keys = file
        .keys
        .into_iter()
        .map(|(action, list)| KeyOverride {
            line: line_of(text, action.span().start),
            action: action.into_inner(),
            keys: match list {
                KeyList::One(k) => vec![k],
                KeyList::Many(ks) => ks,
            },
        })
        .collect();
    Ok(Config {
        weiban,
        yunzhong,
        tanma,
        youmi,
        outflow: file.outflow,
        ui: file.ui,
        network: file.network,
        keys,
        warnings: Vec::new(),
    })
}

fn required(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A base URL must be http(s) with a host; a trailing slash is dropped.
fn url(section: &str, value: &str) -> Result<String, Problem> {
    let parsed = reqwest::Url::parse(value.trim()).map_err(|e| {
        Problem::Invalid(format!("[{section}] base_url `{value}` is not a URL: {e}"))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Problem::Invalid(format!(
            "[{section}] base_url `{value}` must start with http:// or https://"
        )));
    }
    Ok(value.trim().trim_end_matches('/').to_owned())
}

/// The 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
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
    /// The vendors with a section in this config.
    pub fn vendors(&self) -> Vec<Vendor> {
        let mut v = Vec::new();
        if self.weiban.is_some() {
            v.push(Vendor::Weiban);
        }
        if self.yunzhong.is_some() {
            v.push(Vendor::Yunzhong);
        }
        if self.tanma.is_some() {
            v.push(Vendor::Tanma);
        }
        if self.youmi.is_some() {
            v.push(Vendor::Youmi);
        }
        v
    }
}

/// The example config shown by `README.md` and by the first-start message.
pub const EXAMPLE: &str = r#"[weiban]                        # stores, outflow alerts, customers
base_url = "https://open.weibanzhushou.com"
corp_id  = "..."
secret   = "..."                # or env SCRM_TUI_WEIBAN_SECRET
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn parse_ok(text: &str) -> Config {
        match parse(text, &no_env) {
            Ok(c) => c,
            Err(Problem::Syntax(m) | Problem::Invalid(m)) => panic!("{m}"),
        }
    }

    fn parse_err(text: &str) -> String {
        match parse(text, &no_env) {
            Ok(_) => panic!("expected an error"),
            Err(Problem::Syntax(m) | Problem::Invalid(m)) => m,
        }
    }

    #[test]
    fn timeouts_are_settings_with_sane_defaults() {
        let c = parse_ok(FULL);
        assert_eq!(c.network.connect_timeout(), Duration::from_secs(10));
        assert_eq!(c.network.timeout(), Duration::from_secs(30));
        let c = parse_ok(&format!(
            "{FULL}\n[network]\nconnect_timeout_seconds = 3\ntimeout_seconds = 0.5\n"
        ));
        assert_eq!(c.network.connect_timeout(), Duration::from_secs(3));
        assert_eq!(c.network.timeout(), Duration::from_millis(500));
        let err = parse_err(&format!("{FULL}\n[network]\ntimeout_seconds = 0\n"));
        assert!(err.contains("[network] timeout_seconds"), "{err}");
    }

    #[test]
    fn limits_are_read_as_written() {
        let c = parse_ok(FULL);
        assert_eq!(c.weiban.unwrap().limits, LimitsConfig::default());
        let text = format!(
            "{FULL}\n[weiban.limits]\nper_minute = 300\n\n[yunzhong.limits]\nin_flight = 1\nper_minute = 0\n"
        );
        let c = parse_ok(&text);
        assert_eq!(
            c.weiban.unwrap().limits,
            LimitsConfig {
                per_minute: Some(300),
                ..LimitsConfig::default()
            }
        );
        assert_eq!(
            c.yunzhong.unwrap().limits,
            LimitsConfig {
                in_flight: Some(1),
                per_minute: Some(0),
                per_hour: None,
            }
        );
        let err = parse_err(&format!("{FULL}\n[weiban.limits]\nin_flight = 0\n"));
        assert!(err.contains("[weiban.limits] in_flight"), "{err}");
        let err = parse_err(&format!("{FULL}\n[weiban.limits]\nper_second = 3\n"));
        assert!(err.contains("per_second"), "{err}");
    }

    const FULL: &str = r#"
[weiban]
base_url = "https://open.weibanzhushou.com"
corp_id  = "1703429757388935169"
secret   = "file-secret"

[yunzhong]
base_url = "https://shop.example.com"
uniacid  = 2
cookie   = "laravel_session=abc"

[tanma]
base_url    = "https://api.tanmarket.cn:20066"
app_id      = "app"
app_key     = "key-from-file"
qw_user_ids = ["dowen"]

[youmi]
app_id   = "yid"
app_key  = "ykey"

[outflow]
poll_seconds  = 15
lookback_days = 3
bell          = true

[ui]
clipboard = "osc52"
mouse     = true
lang      = "en"
theme     = "light"

[keys]
copy_id = ["y", "c"]
quit = "q"
"#;

    #[test]
    fn the_design_example_parses_completely() {
        let c = parse_ok(FULL);
        let w = c.weiban.unwrap();
        assert_eq!(w.corp_id, "1703429757388935169");
        assert_eq!(w.secret.expose(), "file-secret");
        assert_eq!(c.yunzhong.unwrap().uniacid, 2);
        assert_eq!(c.tanma.unwrap().qw_user_ids, ["dowen"]);
        assert_eq!(c.youmi.unwrap().base_url, YOUMI_DEFAULT_URL);
        assert_eq!(c.outflow.poll_seconds, 15);
        assert!(c.outflow.bell);
        assert_eq!(c.ui.clipboard, ClipboardMode::Osc52);
        assert_eq!(c.ui.lang, Some(Lang::En));
        assert_eq!(c.ui.theme, ThemeName::Light);
        assert_eq!(c.keys.len(), 2);
        assert_eq!(c.keys[0].action, "copy_id");
        assert_eq!(c.keys[0].keys, ["y", "c"]);
        assert_eq!(c.keys[0].line, 34);
        assert_eq!(c.keys[1].keys, ["q"]);
    }

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let c = parse_ok("");
        assert!(c.weiban.is_none());
        assert_eq!(c.outflow, OutflowConfig::default());
        assert_eq!(c.ui, UiConfig::default());
    }

    #[test]
    fn unknown_keys_name_the_key_and_the_line() {
        let m = parse_err("[weiban]\ncorp_id = \"x\"\nsecret = \"y\"\ncorpid = \"typo\"\n");
        assert!(m.contains("corpid"), "{m}");
        assert!(m.contains("line 4"), "{m}");
        let m = parse_err("[ui]\ntheme = \"dark\"\n\n[uii]\n");
        assert!(m.contains("uii") && m.contains("line 4"), "{m}");
        let m = parse_err("[ui]\nclipboard = \"xclip\"\n");
        assert!(m.contains("xclip") && m.contains("line 2"), "{m}");
    }

    #[test]
    fn environment_secrets_win_over_the_file() {
        let env = |name: &str| (name == ENV_WEIBAN_SECRET).then(|| "from-env".to_owned());
        let Ok(c) = parse(FULL, &env) else { panic!() };
        assert_eq!(c.weiban.unwrap().secret.expose(), "from-env");
        // And the environment alone is enough.
        let text = "[weiban]\ncorp_id = \"1\"\n";
        let Ok(c) = parse(text, &env) else { panic!() };
        assert_eq!(c.weiban.unwrap().secret.expose(), "from-env");
    }

    #[test]
    fn a_missing_secret_says_where_to_put_it() {
        let m = parse_err("[weiban]\ncorp_id = \"1\"\n");
        assert!(m.contains("secret") && m.contains(ENV_WEIBAN_SECRET), "{m}");
    }

    #[test]
    fn bad_base_urls_are_rejected() {
        let m = parse_err(
            "[weiban]\nbase_url = \"open.weibanzhushou.com\"\ncorp_id = \"1\"\nsecret = \"s\"\n",
        );
        assert!(m.contains("base_url"), "{m}");
    }

    #[test]
    fn secrets_do_not_appear_in_debug_output() {
        let c = parse_ok(FULL);
        let text = format!("{c:?}");
        for secret in [
            "file-secret",
            "laravel_session=abc",
            "key-from-file",
            "ykey",
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_world_readable_file_gets_a_warning() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[ui]\nmouse = false\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let c = load_with_env(&path, &no_env).unwrap();
        assert!(
            c.warnings.iter().any(|w| w.contains("chmod 600")),
            "{:?}",
            c.warnings
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(load_with_env(&path, &no_env).unwrap().warnings.is_empty());
    }

    #[test]
    fn a_missing_file_is_its_own_error() {
        let e = load_with_env(Path::new("/nonexistent/scrm-tui.toml"), &no_env).unwrap_err();
        assert!(matches!(e, ConfigError::NotFound(_)));
    }
}
