//! Reading the TOML file: its shape (unknown keys are errors naming the key and the line),
//! secrets from the environment over the file, and the checks every setting must pass.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::accounts::{Named, Place, Sections, places};
use super::*;

// The file's shape. Secrets are optional here because the environment may supply them.

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    weiban: Option<Sections<WeibanSection>>,
    yunzhong: Option<Sections<YunzhongSection>>,
    tanma: Option<Sections<TanmaSection>>,
    youmi: Option<Sections<YoumiSection>>,
    wecom: Option<Sections<wecom::WecomSection>>,
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
    account: Option<toml::Spanned<String>>,
    base_url: Option<String>,
    corp_id: Option<String>,
    secret: Option<Secret>,
    limits: Option<LimitsConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YunzhongSection {
    account: Option<toml::Spanned<String>>,
    base_url: Option<String>,
    uniacid: Option<u64>,
    cookie: Option<Secret>,
    limits: Option<LimitsConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TanmaSection {
    account: Option<toml::Spanned<String>>,
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
    account: Option<toml::Spanned<String>>,
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
    let url = env.secret(
        &[String::from("SCRM_TUI_DATABASE_URL")],
        section.and_then(|s| s.url),
    );
    Ok(url.map(|url| DatabaseConfig { url, listen }))
}

/// Checks a `[vendor.limits]` table (each account has its own).
fn limits(
    section: Option<LimitsConfig>,
    vendor: &str,
    place: &Place,
) -> Result<LimitsConfig, Problem> {
    let limits = section.unwrap_or_default();
    if limits.in_flight == Some(0) {
        return Err(Problem::Invalid(format!(
            "[{vendor}.limits] in_flight{} must be at least 1",
            place.whose()
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
        weiban: resolve_all(file.weiban, "weiban", text, &env, WeibanSection::resolve)?,
        yunzhong: resolve_all(
            file.yunzhong,
            "yunzhong",
            text,
            &env,
            YunzhongSection::resolve,
        )?,
        tanma: resolve_all(file.tanma, "tanma", text, &env, TanmaSection::resolve)?,
        youmi: resolve_all(file.youmi, "youmi", text, &env, YoumiSection::resolve)?,
        wecom: resolve_all(
            file.wecom,
            "wecom",
            text,
            &env,
            wecom::WecomSection::resolve,
        )?,
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
    if config.triage.weiban_timeline && config.weiban.is_empty() && config.database.is_none() {
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
    // Team mode reads accounts from the database: any name may be there.
    if let Some(name) = &config.ui.account
        && config.database.is_none()
    {
        config
            .check_account(name)
            .map_err(|e| Problem::Invalid(format!("[ui] {e}")))?;
    }
    if !(1..=4096).contains(&network.max_response_mb) {
        return Err(Problem::Invalid(format!(
            "[network] max_response_mb must be between 1 and 4096, not {}",
            network.max_response_mb
        )));
    }
    Ok(())
}

/// Each of a vendor's sections resolved for its account.
fn resolve_all<S: Named, C>(
    sections: Option<Sections<S>>,
    vendor: &str,
    text: &str,
    env: &Env,
    resolve: fn(S, &Env, Place) -> Result<C, Problem>,
) -> Result<Vec<C>, Problem> {
    places(sections, vendor, text)?
        .into_iter()
        .map(|(section, place)| resolve(section, env, place))
        .collect()
}

/// Where secrets come from besides the file: the environment, which wins.
struct Env<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Env<'_> {
    /// The secret from the first of the environment variables `names` that is set, else
    /// from the file.
    fn secret(&self, names: &[String], file_value: Option<Secret>) -> Option<Secret> {
        names
            .iter()
            .find_map(|name| (self.0)(name).filter(|v| !v.trim().is_empty()))
            .map(Secret::new)
            .or(file_value)
            .filter(|s| !s.is_empty())
    }

    /// An account's secret, or the error saying where to put it.
    fn required(
        &self,
        place: &Place,
        key: &str,
        base: &str,
        file_value: Option<Secret>,
    ) -> Result<Secret, Problem> {
        let names = place.env_names(base);
        self.secret(&names, file_value)
            .ok_or_else(|| missing(&place.label, key, names.first().map(String::as_str)))
    }
}

/// A required key that is missing: where to put it.
fn missing(section: &str, key: &str, env_name: Option<&str>) -> Problem {
    let mut m = format!("{section} needs `{key}`");
    if let Some(env_name) = env_name {
        m.push_str(&format!(
            " (in the file, or in the environment as {env_name})"
        ));
    }
    Problem::Invalid(m)
}

impl Named for WeibanSection {
    fn account(&self) -> Option<&toml::Spanned<String>> {
        self.account.as_ref()
    }
}

impl WeibanSection {
    fn resolve(self, env: &Env, place: Place) -> Result<WeibanConfig, Problem> {
        let base_url = self.base_url.as_deref().unwrap_or(WEIBAN_DEFAULT_URL);
        Ok(WeibanConfig {
            base_url: url("weiban", &place, base_url)?,
            corp_id: required(self.corp_id)
                .ok_or_else(|| missing(&place.label, "corp_id", None))?,
            secret: env.required(&place, "secret", ENV_WEIBAN_SECRET, self.secret)?,
            limits: limits(self.limits, "weiban", &place)?,
            account: place.account,
        })
    }
}

impl Named for YunzhongSection {
    fn account(&self) -> Option<&toml::Spanned<String>> {
        self.account.as_ref()
    }
}

impl YunzhongSection {
    fn resolve(self, env: &Env, place: Place) -> Result<YunzhongConfig, Problem> {
        let base_url =
            required(self.base_url).ok_or_else(|| missing(&place.label, "base_url", None))?;
        Ok(YunzhongConfig {
            base_url: url("yunzhong", &place, &base_url)?,
            uniacid: self
                .uniacid
                .ok_or_else(|| missing(&place.label, "uniacid", None))?,
            cookie: env.required(&place, "cookie", ENV_YUNZHONG_COOKIE, self.cookie)?,
            limits: limits(self.limits, "yunzhong", &place)?,
            account: place.account,
        })
    }
}

impl Named for TanmaSection {
    fn account(&self) -> Option<&toml::Spanned<String>> {
        self.account.as_ref()
    }
}

impl TanmaSection {
    fn resolve(self, env: &Env, place: Place) -> Result<TanmaConfig, Problem> {
        let base_url =
            required(self.base_url).ok_or_else(|| missing(&place.label, "base_url", None))?;
        Ok(TanmaConfig {
            base_url: url("tanma", &place, &base_url)?,
            app_id: required(self.app_id).ok_or_else(|| missing(&place.label, "app_id", None))?,
            app_key: env.required(&place, "app_key", ENV_TANMA_APP_KEY, self.app_key)?,
            qw_user_ids: self.qw_user_ids,
            limits: limits(self.limits, "tanma", &place)?,
            account: place.account,
        })
    }
}

impl Named for YoumiSection {
    fn account(&self) -> Option<&toml::Spanned<String>> {
        self.account.as_ref()
    }
}

impl YoumiSection {
    fn resolve(self, env: &Env, place: Place) -> Result<YoumiConfig, Problem> {
        let base_url = self.base_url.as_deref().unwrap_or(YOUMI_DEFAULT_URL);
        Ok(YoumiConfig {
            base_url: url("youmi", &place, base_url)?,
            app_id: required(self.app_id).ok_or_else(|| missing(&place.label, "app_id", None))?,
            app_key: env.required(&place, "app_key", ENV_YOUMI_APP_KEY, self.app_key)?,
            limits: limits(self.limits, "youmi", &place)?,
            account: place.account,
        })
    }
}

fn required(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A base URL must be http(s) with a host; a trailing slash is dropped.
fn url(section: &str, place: &Place, value: &str) -> Result<String, Problem> {
    let whose = place.whose();
    let parsed = reqwest::Url::parse(value.trim()).map_err(|e| {
        Problem::Invalid(format!(
            "[{section}] base_url `{value}`{whose} is not a URL: {e}"
        ))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Problem::Invalid(format!(
            "[{section}] base_url `{value}`{whose} must start with http:// or https://"
        )));
    }
    Ok(value.trim().trim_end_matches('/').to_owned())
}

/// The 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

#[cfg(test)]
mod tests;
mod wecom;
