//! Reading the TOML file: its shape (unknown keys are errors naming the key and the line),
//! secrets from the environment over the file, and the checks every setting must pass.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::*;

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
    database: Option<DatabaseSection>,
    #[serde(default)]
    sync: SyncConfig,
    #[serde(default)]
    me: MeConfig,
    #[serde(default)]
    triage: TriageConfig,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatabaseSection {
    url: Option<Secret>,
    #[serde(default = "yes")]
    listen: bool,
}

fn yes() -> bool {
    true
}

/// The database: `SCRM_TUI_DATABASE_URL` over the file's `[database] url`.
fn database(
    section: Option<DatabaseSection>,
    env: &Env,
) -> Result<Option<DatabaseConfig>, Problem> {
    let listen = section.as_ref().is_none_or(|s| s.listen);
    let url = env.secret("SCRM_TUI_DATABASE_URL", section.and_then(|s| s.url));
    Ok(url.map(|url| DatabaseConfig { url, listen }))
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

pub fn parse(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, Problem> {
    let file: FileConfig = toml::from_str(text).map_err(|e| Problem::Syntax(e.to_string()))?;
    let env = Env(env);
    let keys: Vec<KeyOverride> = file
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
    let keymap = Keymap::new(&keys)?;
    let mut config = Config {
        weiban: file.weiban.map(|s| s.resolve(&env)).transpose()?,
        yunzhong: file.yunzhong.map(|s| s.resolve(&env)).transpose()?,
        tanma: file.tanma.map(|s| s.resolve(&env)).transpose()?,
        youmi: file.youmi.map(|s| s.resolve(&env)).transpose()?,
        outflow: file.outflow,
        ui: file.ui,
        network: file.network,
        database: database(file.database, &env)?,
        sync: file.sync,
        me: file.me,
        triage: file.triage,
        keys,
        keymap,
        warnings: Vec::new(),
    };
    check(&config)?;
    config.warnings = config.plain_http_warnings();
    if config.triage.weiban_timeline && config.weiban.is_none() && config.database.is_none() {
        config.warnings.push(String::from(
            "[triage] weiban_timeline is on, but there is no [weiban] section: notes stay in \
             the triage log only",
        ));
    }
    Ok(config)
}

/// The settings that must be in range.
fn check(config: &Config) -> Result<(), Problem> {
    if config.outflow.poll_seconds == 0 {
        return Err(Problem::Invalid(
            "[outflow] poll_seconds must be at least 1".into(),
        ));
    }
    let network = &config.network;
    for (key, seconds) in [
        ("connect_timeout_seconds", network.connect_timeout_seconds),
        ("timeout_seconds", network.timeout_seconds),
    ] {
        // Below 0.1 s nothing could answer; above an hour the dashboard would look hung.
        if !(0.1..=3600.0).contains(&seconds) {
            return Err(Problem::Invalid(format!(
                "[network] {key} must be between 0.1 and 3600 seconds, not {seconds}"
            )));
        }
    }
    config.ui.default_sorts()?;
    if !(1..=4096).contains(&network.max_response_mb) {
        return Err(Problem::Invalid(format!(
            "[network] max_response_mb must be between 1 and 4096, not {}",
            network.max_response_mb
        )));
    }
    Ok(())
}

/// Where secrets come from besides the file: the environment, which wins.
struct Env<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Env<'_> {
    /// The secret from the environment variable `name`, else from the file.
    fn secret(&self, name: &str, file_value: Option<Secret>) -> Option<Secret> {
        (self.0)(name)
            .filter(|v| !v.trim().is_empty())
            .map(Secret::new)
            .or(file_value)
            .filter(|s| !s.is_empty())
    }
}

/// A required key that is missing: where to put it.
fn missing(section: &str, key: &str, env_name: Option<&str>) -> Problem {
    let mut m = format!("[{section}] needs `{key}`");
    if let Some(env_name) = env_name {
        m.push_str(&format!(
            " (in the file, or in the environment as {env_name})"
        ));
    }
    Problem::Invalid(m)
}

impl WeibanSection {
    fn resolve(self, env: &Env) -> Result<WeibanConfig, Problem> {
        Ok(WeibanConfig {
            base_url: url(
                "weiban",
                self.base_url.as_deref().unwrap_or(WEIBAN_DEFAULT_URL),
            )?,
            corp_id: required(self.corp_id).ok_or_else(|| missing("weiban", "corp_id", None))?,
            secret: env
                .secret(ENV_WEIBAN_SECRET, self.secret)
                .ok_or_else(|| missing("weiban", "secret", Some(ENV_WEIBAN_SECRET)))?,
            limits: limits(self.limits, "weiban")?,
        })
    }
}

impl YunzhongSection {
    fn resolve(self, env: &Env) -> Result<YunzhongConfig, Problem> {
        let base_url =
            required(self.base_url).ok_or_else(|| missing("yunzhong", "base_url", None))?;
        Ok(YunzhongConfig {
            base_url: url("yunzhong", &base_url)?,
            uniacid: self
                .uniacid
                .ok_or_else(|| missing("yunzhong", "uniacid", None))?,
            cookie: env
                .secret(ENV_YUNZHONG_COOKIE, self.cookie)
                .ok_or_else(|| missing("yunzhong", "cookie", Some(ENV_YUNZHONG_COOKIE)))?,
            limits: limits(self.limits, "yunzhong")?,
        })
    }
}

impl TanmaSection {
    fn resolve(self, env: &Env) -> Result<TanmaConfig, Problem> {
        let base_url = required(self.base_url).ok_or_else(|| missing("tanma", "base_url", None))?;
        Ok(TanmaConfig {
            base_url: url("tanma", &base_url)?,
            app_id: required(self.app_id).ok_or_else(|| missing("tanma", "app_id", None))?,
            app_key: env
                .secret(ENV_TANMA_APP_KEY, self.app_key)
                .ok_or_else(|| missing("tanma", "app_key", Some(ENV_TANMA_APP_KEY)))?,
            qw_user_ids: self.qw_user_ids,
            limits: limits(self.limits, "tanma")?,
        })
    }
}

impl YoumiSection {
    fn resolve(self, env: &Env) -> Result<YoumiConfig, Problem> {
        Ok(YoumiConfig {
            base_url: url(
                "youmi",
                self.base_url.as_deref().unwrap_or(YOUMI_DEFAULT_URL),
            )?,
            app_id: required(self.app_id).ok_or_else(|| missing("youmi", "app_id", None))?,
            app_key: env
                .secret(ENV_YOUMI_APP_KEY, self.app_key)
                .ok_or_else(|| missing("youmi", "app_key", Some(ENV_YOUMI_APP_KEY)))?,
            limits: limits(self.limits, "youmi")?,
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::time::Duration;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn parse_ok(text: &str) -> Config {
        match parse(text, &no_env) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    fn parse_err(text: &str) -> String {
        match parse(text, &no_env) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn default_sorts_name_a_pane_and_one_of_its_columns() {
        use crate::domain::{ColumnKey, Resource};
        let c = parse_ok(
            "[ui]\nexport_format = \"xlsx\"\ncsv_bom = false\n[ui.sort]\ncustomers = \"added_at desc\"\nstores = \"-created_at\"\noperators = \"friends asc\"\n",
        );
        assert_eq!(c.ui.export_format, crate::domain::output::Format::Xlsx);
        assert!(!c.ui.csv_bom);
        let sorts = c.ui.default_sorts().unwrap();
        let customers = sorts
            .iter()
            .find(|s| s.resource == Resource::Customers)
            .unwrap();
        assert_eq!(
            (customers.column, customers.descending),
            (ColumnKey::AddedAt, true)
        );
        let stores = sorts
            .iter()
            .find(|s| s.resource == Resource::Stores)
            .unwrap();
        assert_eq!(
            (stores.column, stores.descending),
            (ColumnKey::CreatedAt, true)
        );
        let operators = sorts
            .iter()
            .find(|s| s.resource == Resource::Operators)
            .unwrap();
        assert_eq!(
            (operators.column, operators.descending),
            (ColumnKey::Friends, false)
        );
        let e = parse_err("[ui.sort]\nclients = \"name\"\n");
        assert!(e.contains("`clients` is not a pane"), "{e}");
        let e = parse_err("[ui.sort]\ncustomers = \"friends\"\n");
        assert!(
            e.contains("no column `friends`") && e.contains("added_at"),
            "{e}"
        );
        let e = parse_err("[ui.sort]\ncustomers = \"name downwards\"\n");
        assert!(e.contains("asc or desc"), "{e}");
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
        assert_eq!(c.ui.theme, "light");
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
    fn plain_http_beyond_this_machine_is_a_warning_naming_the_vendor() {
        // Youmi's default server speaks plain HTTP.
        let c = parse_ok("[youmi]\napp_id = \"a\"\napp_key = \"k\"\n");
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(c.warnings[0].starts_with("[youmi] base_url http://api10.agsoft.net"));
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost",
            "http://[::1]:9",
        ] {
            let text = format!("[yunzhong]\nbase_url = \"{local}\"\nuniacid = 2\ncookie = \"c\"\n");
            assert!(parse_ok(&text).warnings.is_empty(), "{local}");
        }
        let https =
            "[yunzhong]\nbase_url = \"https://shop.example.com\"\nuniacid = 2\ncookie = \"c\"\n";
        assert!(parse_ok(https).warnings.is_empty());
        let plain = https.replace("https://", "http://");
        assert!(parse_ok(&plain).warnings[0].starts_with("[yunzhong]"));
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
