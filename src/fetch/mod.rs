//! Where records come from, off the UI task. A [`Source`] loads a resource — the vendors'
//! clients ([`Clients`]) today; a second source is a second implementation, not a branch. The
//! [`Fetcher`] runs loads as tasks that report [`LoadEvent`](crate::domain::LoadEvent)s of
//! domain types; they never touch UI state.

mod database;
mod error;
mod fetcher;
mod listing;
mod loads;
mod solo_triage;
mod source;
mod tally;
mod timeline;
mod vendors;

pub use database::{Database, Me};
pub use error::FetchError;
pub use fetcher::Fetcher;
pub use solo_triage::SoloTriage;
pub use source::{OnRecords, Source, Triaged, load};
pub use vendors::Clients;

/// Where a dashboard or `get` reads from: the team's database when the config names one
/// (no vendor section needed), else the configured vendors.
pub fn source(config: &crate::config::Config) -> Result<std::sync::Arc<dyn Source>, FetchError> {
    let lookback = std::time::Duration::from_secs(u64::from(config.outflow.lookback_days) * 86_400);
    match &config.database {
        Some(database) => {
            let url = crate::store::DatabaseUrl::parse(database.url.expose())?;
            Ok(std::sync::Arc::new(Database::new(
                url,
                lookback,
                database.listen,
            )))
        }
        None => Ok(std::sync::Arc::new(Clients::from_config(config)?)),
    }
}

/// The dashboard's source: as [`source`], with the triage log — solo mode's file at
/// `solo_log` (opened here; a torn last line is cut off with a warning), or the database's,
/// written with `[me] name` and this host.
pub fn dashboard_source(
    config: &crate::config::Config,
    solo_log: Option<&std::path::Path>,
) -> Result<(std::sync::Arc<dyn Source>, Vec<String>), FetchError> {
    let me = Me {
        name: config.me.name.clone(),
        host: host_name(),
    };
    let lookback = std::time::Duration::from_secs(u64::from(config.outflow.lookback_days) * 86_400);
    if let Some(database) = &config.database {
        let url = crate::store::DatabaseUrl::parse(database.url.expose())?;
        let source = Database::new(url, lookback, database.listen).with_me(me);
        return Ok((std::sync::Arc::new(source), Vec::new()));
    }
    let mut clients = Clients::from_config(config)?;
    let mut warnings = Vec::new();
    if let Some(path) = solo_log {
        let (file, said) = crate::store::triage_file::TriageFile::open(path)?;
        warnings.extend(said);
        let actor = crate::store::triage_file::Actor {
            by: os_user(),
            name: me.name,
            host: me.host,
        };
        clients.triage = Some(SoloTriage::new(file, actor));
    }
    Ok((std::sync::Arc::new(clients), warnings))
}

/// The operating-system user: who acts in solo mode. The account the process runs as (what
/// `id -un` says), which a service, a container or `su -c` has even without `USER`; then the
/// environment's name; `me` only when neither says.
fn os_user() -> String {
    let account = whoami::username().ok();
    let env = || {
        ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|name| std::env::var(name).ok())
    };
    pick_user(account, env).unwrap_or_else(|| String::from("me"))
}

/// The first name that says something.
fn pick_user(account: Option<String>, env: impl FnOnce() -> Option<String>) -> Option<String> {
    let named = |name: &String| !name.trim().is_empty();
    account.filter(named).or_else(|| env().filter(named))
}

/// This machine's name, kept with each triage event.
fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_comes_before_the_environment() {
        let env = || Some(String::from("from-env"));
        assert_eq!(
            pick_user(Some(String::from("alice")), env).as_deref(),
            Some("alice")
        );
        assert_eq!(pick_user(None, env).as_deref(), Some("from-env"));
        assert_eq!(
            pick_user(Some(String::from(" ")), env).as_deref(),
            Some("from-env")
        );
        assert_eq!(pick_user(None, || None), None);
    }

    #[test]
    fn the_os_user_is_the_process_account_without_user_set() {
        // What `id -un` says, whatever USER holds.
        let id = std::process::Command::new("id").arg("-un").output();
        if let Some(out) = id.ok().filter(|o| o.status.success()) {
            let expected = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            assert_eq!(os_user(), expected);
        }
    }
}
