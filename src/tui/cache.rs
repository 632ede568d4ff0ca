//! The offline cache: the last complete load of each pane, on disk, so the next start shows
//! data in its very first frame ("cached 3 min ago") until fresh data arrives.
//!
//! One file per pane and vendor setup, in the platform cache directory, mode 0600. It holds
//! the normalized records and their raw vendor objects — never a credential: the records never
//! contain one, and the text is scrubbed of the configured secrets before it is written.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::domain::{Records, Resource, Snapshot};
use crate::redact::Secret;

/// Bumped when the file or the record types change shape; older files are ignored.
const VERSION: u32 = 3;

/// Cache files up to this size are read whole before decoding.
const WHOLE_FILE_MAX: u64 = 16 << 20;

/// The file: `{"version", "saved_at", "resource", "records": […]}`, written and read record by
/// record, so neither side ever holds the whole text.
#[derive(Deserialize)]
struct File<R> {
    version: u32,
    /// Unix seconds.
    saved_at: u64,
    resource: String,
    records: Vec<R>,
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

    /// Writes a pane's records (owner-only), replacing the old file in one step. Each record
    /// is scrubbed of the configured secrets on its way out.
    pub fn save(&self, snapshot: &Snapshot) -> std::io::Result<()> {
        match snapshot {
            Snapshot::Stores(r) => self.write(Resource::Stores, r),
            Snapshot::Customers(r) => self.write(Resource::Customers, r),
            Snapshot::Outflow(r) => self.write(Resource::Outflow, r),
            Snapshot::Operators(r) => self.write(Resource::Operators, r),
        }
    }

    fn write<R: Serialize>(&self, resource: Resource, records: &[R]) -> std::io::Result<()> {
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
        let file = options.open(&temporary)?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        let saved_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        write!(
            out,
            "{{\"version\":{VERSION},\"saved_at\":{saved_at},\"resource\":\"{resource}\",\"records\":["
        )?;
        let secrets: Vec<&Secret> = self.secrets.iter().collect();
        let mut text = Vec::new();
        for (i, record) in records.iter().enumerate() {
            text.clear();
            serde_json::to_writer(&mut text, record)?;
            if i > 0 {
                out.write_all(b",")?;
            }
            match std::str::from_utf8(&text) {
                Ok(json) => out.write_all(crate::redact::scrub(json, &secrets).as_bytes())?,
                // serde_json writes UTF-8 only; never write what could not be scrubbed.
                Err(_) => return Err(std::io::Error::other("a record is not UTF-8")),
            }
        }
        out.write_all(b"]}")?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temporary, &path)
    }

    /// A pane's cached records and their age, if there is a readable cache of this version.
    pub fn read(&self, resource: Resource) -> Option<(Records, Duration)> {
        match resource {
            Resource::Stores => self.read_as(resource).map(|(r, a)| (Records::Stores(r), a)),
            Resource::Customers => self
                .read_as(resource)
                .map(|(r, a)| (Records::Customers(r), a)),
            Resource::Outflow => self
                .read_as(resource)
                .map(|(r, a)| (Records::Outflow(r), a)),
            Resource::Operators => self
                .read_as(resource)
                .map(|(r, a)| (Records::Operators(r), a)),
        }
    }

    fn read_as<R: DeserializeOwned>(&self, resource: Resource) -> Option<(Vec<R>, Duration)> {
        let path = self.path(resource);
        let mut file = std::fs::File::open(&path).ok()?;
        // An older version is skipped without decoding its records: this program writes the
        // version first.
        let expected = format!("{{\"version\":{VERSION},");
        let mut start = vec![0; expected.len()];
        file.read_exact(&mut start).ok()?;
        if start != expected.as_bytes() {
            return None;
        }
        // A small file is read whole (several times faster to decode); a large one record by
        // record, so its text is never held beside its records.
        let file = std::fs::File::open(&path).ok()?;
        let size = file.metadata().map_or(u64::MAX, |m| m.len());
        let decoded = if size <= WHOLE_FILE_MAX {
            let mut bytes = Vec::with_capacity(size as usize);
            let mut file = file;
            file.read_to_end(&mut bytes).ok()?;
            serde_json::from_slice::<File<R>>(&bytes)
        } else {
            serde_json::from_reader(BufReader::with_capacity(1 << 16, file))
        };
        let file: File<R> = match decoded {
            Ok(file) => file,
            Err(e) => {
                tracing::warn!(%resource, "ignoring the offline cache: {e}");
                return None;
            }
        };
        if file.version != VERSION || file.resource != resource.name() {
            return None;
        }
        let saved = UNIX_EPOCH + Duration::from_secs(file.saved_at);
        let age = SystemTime::now().duration_since(saved).unwrap_or_default();
        Some((file.records, age))
    }
}
