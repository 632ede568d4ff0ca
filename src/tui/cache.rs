//! The offline cache: the last complete load of each pane, on disk, so the next start shows
//! data in its very first frame ("cached 3 min ago") until fresh data arrives.
//!
//! One file per pane and vendor setup, in the platform cache directory, mode 0600. It holds
//! the normalized records and their raw vendor objects — never a credential: the records never
//! contain one, and the text is scrubbed of the configured secrets before it is written.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::domain::{Listed, Resource, Shared, Snapshot};
use crate::redact::Secret;
use crate::tui::TuiError;

/// Bumped when the file or the record types change shape; older files are ignored.
const VERSION: u32 = 4;

/// No record of a cache is longer than this; a longer length is a damaged file.
const RECORD_MAX: usize = 256 << 20;

/// The file: a header line, `{"version", "saved_at", "resource", "records"}` (the count), then
/// each record as its length in bytes on a line and its JSON on the next. Written and read
/// record by record — neither side ever holds the whole text — and each record is decoded
/// from a buffer of its own bytes, several times faster than decoding from a reader.
#[derive(Deserialize)]
struct Header {
    version: u32,
    /// Unix seconds.
    saved_at: u64,
    resource: String,
    records: usize,
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
            // An account's name counts only when it is not `default`, so the cache of a
            // config with one account per vendor is where it was.
            let name = |a: &crate::domain::Account| a.key_prefix();
            for w in &config.weiban {
                identity += &format!("{}weiban {} {}\n", name(&w.account), w.base_url, w.corp_id);
            }
            for y in &config.yunzhong {
                identity += &format!(
                    "{}yunzhong {} {}\n",
                    name(&y.account),
                    y.base_url,
                    y.uniacid
                );
            }
            for t in &config.tanma {
                identity += &format!(
                    "{}tanma {} {} {:?}\n",
                    name(&t.account),
                    t.base_url,
                    t.app_id,
                    t.qw_user_ids
                );
            }
            for y in &config.youmi {
                identity += &format!("{}youmi {} {}\n", name(&y.account), y.base_url, y.app_id);
            }
            let digest = Sha256::digest(identity.as_bytes());
            digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
        };
        let mut secrets = Vec::new();
        secrets.extend(config.weiban.iter().map(|w| w.secret.clone()));
        secrets.extend(config.yunzhong.iter().map(|y| y.cookie.clone()));
        secrets.extend(config.tanma.iter().map(|t| t.app_key.clone()));
        secrets.extend(config.youmi.iter().map(|y| y.app_key.clone()));
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
        let resource = snapshot.resource();
        crate::each_resource!(snapshot, Snapshot, |r| self.write(resource, r))
    }

    fn write<R: Serialize>(&self, resource: Resource, records: &[Arc<R>]) -> std::io::Result<()> {
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
        writeln!(
            out,
            "{{\"version\":{VERSION},\"saved_at\":{saved_at},\"resource\":\"{resource}\",\"records\":{}}}",
            records.len()
        )?;
        let secrets: Vec<&Secret> = self.secrets.iter().collect();
        let mut text = Vec::new();
        for record in records {
            text.clear();
            serde_json::to_writer(&mut text, &**record)?;
            let json = match std::str::from_utf8(&text) {
                Ok(json) => crate::redact::scrub(json, &secrets),
                // serde_json writes UTF-8 only; never write what could not be scrubbed.
                Err(_) => return Err(std::io::Error::other("a record is not UTF-8")),
            };
            writeln!(out, "{}", json.len())?;
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
        }
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temporary, &path)
    }

    /// A pane's cached records and their age, if there is a readable cache of this version;
    /// shared as the pane holds them, so that none is moved or copied on its way there.
    pub fn read(&self, resource: Resource) -> Option<(Snapshot, Duration)> {
        crate::each_record_type!(resource, |R| self
            .read_as::<R>(resource)
            .map(|(r, a)| (R::snapshot(r), a)))
    }

    fn read_as<R: DeserializeOwned>(&self, resource: Resource) -> Option<(Shared<R>, Duration)> {
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
        let mut reader = BufReader::with_capacity(1 << 16, std::fs::File::open(&path).ok()?);
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let file: Header = match serde_json::from_str(&line) {
            Ok(header) => header,
            Err(e) => {
                tracing::warn!(%resource, "ignoring the offline cache: {e}");
                return None;
            }
        };
        if file.version != VERSION || file.resource != resource.name() {
            return None;
        }
        let records = match read_records(&mut reader, file.records) {
            Ok(records) => records,
            Err(e) => {
                tracing::warn!(%resource, "ignoring the offline cache: {e}");
                return None;
            }
        };
        let saved = UNIX_EPOCH + Duration::from_secs(file.saved_at);
        let age = SystemTime::now().duration_since(saved).unwrap_or_default();
        Some((Arc::new(records), age))
    }
}

/// `count` records, each a length line and that many bytes of JSON.
fn read_records<R: DeserializeOwned>(
    reader: &mut impl BufRead,
    count: usize,
) -> Result<Vec<Arc<R>>, TuiError> {
    // The count comes from the file: trust it for no more than a start.
    let mut records = Vec::with_capacity(count.min(1 << 20));
    let (mut line, mut bytes) = (String::new(), Vec::new());
    for n in 0..count {
        line.clear();
        reader.read_line(&mut line).map_err(TuiError::Cache)?;
        let len: usize = line
            .trim_end()
            .parse()
            .ok()
            .filter(|&len| len <= RECORD_MAX)
            .ok_or_else(|| TuiError::CacheRecord {
                record: n,
                problem: String::from("no length"),
            })?;
        bytes.resize(len + 1, 0);
        reader
            .read_exact(&mut bytes)
            .map_err(|e| TuiError::CacheRecord {
                record: n,
                problem: e.to_string(),
            })?;
        let record = serde_json::from_slice(&bytes[..len]).map_err(|e| TuiError::CacheRecord {
            record: n,
            problem: e.to_string(),
        })?;
        records.push(Arc::new(record));
    }
    Ok(records)
}
