//! The offline cache: the last complete load of each pane, on disk, so the next start shows
//! data in its very first frame ("cached 3 min ago") until fresh data arrives.
//!
//! One file per pane and vendor setup, in the platform cache directory, mode 0600. It holds
//! the normalized records and their raw vendor objects — never a credential: the records never
//! contain one, and the text is scrubbed of the configured secrets before it is written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::domain::Resource;
use crate::fetch::Records;
use crate::redact::Secret;

/// Bumped when the record types change shape; older files are ignored.
const VERSION: u32 = 1;

/// What is written: borrowed, so saving copies no record.
#[derive(Serialize)]
#[serde(tag = "resource", content = "records", rename_all = "lowercase")]
enum StoredRef<'a> {
    Stores(&'a [crate::domain::Store]),
    Customers(&'a [crate::domain::Customer]),
    Outflow(&'a [crate::domain::OutflowAlert]),
    Operators(&'a [crate::domain::Operator]),
}

#[derive(Serialize)]
struct FileRef<'a> {
    version: u32,
    saved_at: u64,
    #[serde(flatten)]
    data: StoredRef<'a>,
}

#[derive(Deserialize)]
#[serde(tag = "resource", content = "records", rename_all = "lowercase")]
enum Stored {
    Stores(Vec<crate::domain::Store>),
    Customers(Vec<crate::domain::Customer>),
    Outflow(Vec<crate::domain::OutflowAlert>),
    Operators(Vec<crate::domain::Operator>),
}

#[derive(Deserialize)]
struct File {
    version: u32,
    /// Unix seconds.
    saved_at: u64,
    #[serde(flatten)]
    data: Stored,
}

#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    /// Tells apart vendor setups (demo, or accounts) so one never shows another's data.
    profile: String,
    secrets: Vec<Secret>,
}

impl Cache {
    /// The cache for this config in the platform cache directory, if there is one.
    /// `demo` is the demo data's scale when running on the demo server.
    pub fn for_config(config: &Config, demo: Option<u32>) -> Option<Cache> {
        let dirs = directories::ProjectDirs::from("", "", "scrm-tui")?;
        Some(Cache::new(dirs.cache_dir(), config, demo))
    }

    pub fn new(dir: &Path, config: &Config, demo: Option<u32>) -> Cache {
        let profile = if let Some(scale) = demo {
            match scale {
                1 => String::from("demo"),
                n => format!("demo-x{n}"),
            }
        } else {
            // Where the data comes from, not the credentials: those may rotate.
            let mut identity = String::new();
            if let Some(w) = &config.weiban {
                identity += &format!("weiban {} {}\n", w.base_url, w.corp_id);
            }
            if let Some(y) = &config.yunzhong {
                identity += &format!("yunzhong {} {}\n", y.base_url, y.uniacid);
            }
            if let Some(t) = &config.tanma {
                identity += &format!("tanma {} {} {:?}\n", t.base_url, t.app_id, t.qw_user_ids);
            }
            if let Some(y) = &config.youmi {
                identity += &format!("youmi {} {}\n", y.base_url, y.app_id);
            }
            let digest = Sha256::digest(identity.as_bytes());
            digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
        };
        let mut secrets = Vec::new();
        secrets.extend(config.weiban.as_ref().map(|w| w.secret.clone()));
        secrets.extend(config.yunzhong.as_ref().map(|y| y.cookie.clone()));
        secrets.extend(config.tanma.as_ref().map(|t| t.app_key.clone()));
        secrets.extend(config.youmi.as_ref().map(|y| y.app_key.clone()));
        Cache {
            dir: dir.to_owned(),
            profile,
            secrets,
        }
    }

    pub fn path(&self, resource: Resource) -> PathBuf {
        self.dir.join(format!("{}-{resource}.json", self.profile))
    }

    /// The records of a complete load as the bytes to store.
    pub fn encode(&self, records: &Records) -> Option<Vec<u8>> {
        let data = match records {
            Records::Stores(r) => StoredRef::Stores(r),
            Records::Customers(r) => StoredRef::Customers(r),
            Records::Outflow(r) => StoredRef::Outflow(r),
            Records::Operators(r) => StoredRef::Operators(r),
        };
        let saved_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let text = serde_json::to_string(&FileRef {
            version: VERSION,
            saved_at,
            data,
        })
        .ok()?;
        let secrets: Vec<&Secret> = self.secrets.iter().collect();
        Some(crate::redact::scrub(&text, &secrets).into_bytes())
    }

    /// Writes a pane's cache file (owner-only), replacing the old one in one step.
    pub fn write(&self, resource: Resource, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path(resource);
        let temporary = path.with_extension("json.tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, &path)
    }

    /// A pane's cached records and their age, if there is a readable cache of this version.
    pub fn read(&self, resource: Resource) -> Option<(Records, Duration)> {
        let bytes = std::fs::read(self.path(resource)).ok()?;
        let file: File = match serde_json::from_slice(&bytes) {
            Ok(file) => file,
            Err(e) => {
                tracing::warn!(%resource, "ignoring the offline cache: {e}");
                return None;
            }
        };
        if file.version != VERSION {
            return None;
        }
        let records = match file.data {
            Stored::Stores(r) => Records::Stores(r),
            Stored::Customers(r) => Records::Customers(r),
            Stored::Outflow(r) => Records::Outflow(r),
            Stored::Operators(r) => Records::Operators(r),
        };
        if records.resource() != resource {
            return None;
        }
        let saved = UNIX_EPOCH + Duration::from_secs(file.saved_at);
        let age = SystemTime::now().duration_since(saved).unwrap_or_default();
        Some((records, age))
    }
}
