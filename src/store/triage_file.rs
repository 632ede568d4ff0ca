//! Solo mode's triage log: `triage.jsonl` in the state directory, one event per line, appended
//! and synced to disk before an action is reported done. A crash can only tear the last line:
//! reading skips it with a warning and cuts it off, so the next event starts on a line of its
//! own and nothing before it is lost.

use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::domain::triage::{Action, Ledger, Refusal, TriageEvent};

/// `$XDG_STATE_HOME/scrm-tui/triage.jsonl` on Linux; on the demo, `triage-demo.jsonl` beside
/// it, apart from real work.
pub fn default_path(demo: bool) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "scrm-tui")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.cache_dir());
    Some(dir.join(if demo {
        "triage-demo.jsonl"
    } else {
        "triage.jsonl"
    }))
}

/// One line of the file.
#[derive(Serialize, Deserialize)]
struct Line {
    seq: i64,
    alert: String,
    at: DateTime<Utc>,
    by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(default)]
    host: String,
    action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    outcome: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

impl Line {
    fn of(event: &TriageEvent) -> Line {
        Line {
            seq: event.seq,
            alert: event.alert.clone(),
            at: event.at,
            by: event.by.clone(),
            name: event.name.clone(),
            host: event.host.clone(),
            action: event.action.name().to_owned(),
            outcome: event.action.outcome_name().map(str::to_owned),
            note: event.action.text().to_owned(),
        }
    }

    fn event(self) -> Option<TriageEvent> {
        Some(TriageEvent {
            action: Action::from_parts(&self.action, self.outcome.as_deref(), &self.note)?,
            seq: self.seq,
            alert: self.alert,
            at: self.at,
            by: self.by,
            name: self.name,
            host: self.host,
        })
    }
}

/// Who acts and from where, for every event this dashboard writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The login: the operating-system user in solo mode.
    pub by: String,
    /// `[me] name`, beside the login.
    pub name: String,
    pub host: String,
}

/// The open log and the ledger derived from it.
#[derive(Debug)]
pub struct TriageFile {
    path: PathBuf,
    file: File,
    ledger: Ledger,
}

/// What reading a log found: the events, and what was skipped.
#[derive(Debug, Default)]
pub struct Read {
    pub events: Vec<TriageEvent>,
    /// A line that does not read (a torn last line, a hand edit), named by number.
    pub warnings: Vec<String>,
    /// Where the last whole line ends.
    good_len: u64,
}

impl TriageFile {
    /// Opens (or creates) the log at `path`, reads it and cuts off a torn last line.
    pub fn open(path: &Path) -> Result<(TriageFile, Vec<String>), StoreError> {
        let fail = |e: std::io::Error| StoreError::file(path, &e);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.read(true).append(true).create(true);
        // Notes name customers: readable by the owner only.
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path).map_err(fail)?;
        let read = read_from(&file, path)?;
        if read.good_len < file.metadata().map_err(fail)?.len() {
            file.set_len(read.good_len).map_err(fail)?;
        }
        let file_log = TriageFile {
            path: path.to_owned(),
            file,
            ledger: Ledger::of(read.events),
        };
        Ok((file_log, read.warnings))
    }

    /// Reads the log at `path` without changing it (for `get triage-log`); no file is an
    /// empty log.
    pub fn read(path: &Path) -> Result<Read, StoreError> {
        match File::open(path) {
            Ok(file) => read_from(&file, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Read::default()),
            Err(e) => Err(StoreError::file(path, &e)),
        }
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `action` on `alert` when its state allows it, synced to disk before it returns;
    /// a refusal writes nothing.
    pub fn append(
        &mut self,
        alert: &str,
        action: Action,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Result<TriageEvent, Refusal>, StoreError> {
        if let Err(refusal) = self.ledger.check(alert, &action) {
            return Ok(Err(refusal));
        }
        let event = TriageEvent {
            seq: self.ledger.last_seq() + 1,
            alert: alert.to_owned(),
            at,
            by: actor.by.clone(),
            name: actor.name.clone(),
            host: actor.host.clone(),
            action,
        };
        let fail = |e: std::io::Error| StoreError::file(&self.path, &e);
        let mut line =
            serde_json::to_string(&Line::of(&event)).map_err(|e| fail(std::io::Error::other(e)))?;
        line.push('\n');
        // One write of the whole line, then to the disk: a crash tears at most this line.
        self.file.write_all(line.as_bytes()).map_err(fail)?;
        self.file.sync_data().map_err(fail)?;
        self.ledger.extend(vec![event.clone()]);
        Ok(Ok(event))
    }
}

fn read_from(file: &File, path: &Path) -> Result<Read, StoreError> {
    let fail = |e: std::io::Error| StoreError::file(path, &e);
    let mut file = file;
    file.seek(SeekFrom::Start(0)).map_err(fail)?;
    let mut reader = BufReader::new(file);
    let mut read = Read::default();
    let mut offset = 0u64;
    let mut buf = Vec::new();
    for number in 1.. {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(fail)?;
        if n == 0 {
            break;
        }
        let whole = buf.last() == Some(&b'\n');
        let event = std::str::from_utf8(&buf)
            .ok()
            .and_then(|text| serde_json::from_str::<Line>(text.trim_end()).ok())
            .and_then(Line::event);
        match (event, whole) {
            (Some(event), true) => {
                offset += n as u64;
                read.good_len = offset;
                read.events.push(event);
            }
            // The last line, cut short by a crash: skipped, and cut off by `open`.
            (_, false) => {
                read.warnings.push(format!(
                    "{} line {number}: cut short (the dashboard stopped while writing it); skipped",
                    path.display()
                ));
            }
            (None, true) => {
                offset += n as u64;
                read.good_len = offset;
                read.warnings.push(format!(
                    "{} line {number}: not a triage event; skipped",
                    path.display()
                ));
            }
        }
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::triage::{Outcome, State};

    fn actor() -> Actor {
        Actor {
            by: String::from("alice"),
            name: String::from("张三"),
            host: String::from("desk-1"),
        }
    }

    #[test]
    fn events_survive_a_reopen_and_a_torn_last_line_is_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/triage.jsonl");
        let now = Utc::now();
        let note = "客户说\"下周\"再联系\n第二行\t".repeat(50);
        {
            let (mut log, warnings) = TriageFile::open(&path).unwrap();
            assert!(warnings.is_empty());
            log.append("a", Action::Claim, &actor(), now)
                .unwrap()
                .unwrap();
            let refused = log.append("a", Action::Claim, &actor(), now).unwrap();
            assert!(matches!(refused, Err(Refusal::ClaimedBy { .. })));
            let done = Action::Done {
                outcome: Outcome::WonBack,
                note: note.clone(),
            };
            log.append("a", done, &actor(), now).unwrap().unwrap();
        }
        // A crash in the middle of the next line.
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        file.write_all(br#"{"seq":3,"alert":"b","at":"2026-"#)
            .unwrap();
        drop(file);
        let (mut log, warnings) = TriageFile::open(&path).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("line 3") && warnings[0].contains("cut short"));
        match log.ledger().state("a") {
            State::Done { note: kept, by, .. } => {
                assert_eq!(kept, note);
                assert_eq!(by, "alice");
            }
            other => panic!("{other:?}"),
        }
        let next = log
            .append("b", Action::Claim, &actor(), now)
            .unwrap()
            .unwrap();
        assert_eq!(next.seq, 3);
        let read = TriageFile::read(&path).unwrap();
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        assert_eq!(read.events.len(), 3);
        assert_eq!(read.events[2].name, "张三");
    }
}
