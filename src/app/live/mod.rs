//! Live outflow: polling for new alerts, deduplication, highlighting, the unread count and
//! pausing. The state lives here; `update` drives it.

#[cfg(test)]
mod tests;
mod update;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::domain::{OutflowAlert, Record};

/// Each poll reaches this far back before the previous window's end, so that an alert the
/// vendor indexes late is still seen; duplicates are dropped by key.
pub const OVERLAP_S: i64 = 120;
/// How long a new alert stays highlighted.
pub const HIGHLIGHT: Duration = Duration::from_secs(30);

/// How often to poll and whether to ring the bell are in [`super::Settings`].
#[derive(Debug, Default)]
pub struct Live {
    pub paused: bool,
    /// New alerts not yet seen on the Outflow pane.
    pub unread: usize,
    /// Alerts that arrived while paused, newest first; shown on resume.
    pub buffered: Vec<Arc<OutflowAlert>>,
    /// Keys of new alerts and when their highlight ends.
    pub highlighted: Vec<(String, Instant)>,
    pub polling: bool,
    pub generation: u64,
    /// When to poll next; `None` until the first load has completed.
    pub next_poll: Option<Instant>,
    /// Polls that failed in a row: the next one backs off ([`super::retry`]).
    pub failures: u32,
    /// The end of the last window that arrived complete (Unix seconds).
    pub covered_until: Option<i64>,
    /// The source announced new alerts while a poll was under way: poll again at once.
    pub announced: bool,
    /// When the sync's WeCom listener was up (team mode with WeCom's callback).
    pub listening: Option<crate::domain::Listening>,
    /// The team's sync, read with each poll: who leads, what is stale.
    pub sync: Option<crate::domain::SyncState>,
}

impl Live {
    pub fn is_highlighted(&self, key: &str) -> bool {
        self.highlighted.iter().any(|(k, _)| k == key)
    }

    /// Drops highlights whose time is up; returns whether any was dropped.
    pub fn expire(&mut self, now: Instant) -> bool {
        let before = self.highlighted.len();
        self.highlighted.retain(|(_, until)| now < *until);
        before != self.highlighted.len()
    }

    /// The alerts of `polled` that are not already among `shown` or the buffered ones, and
    /// those that are but have changed (WeCom's alert, enriched by Weiban's report of the
    /// same loss): `(fresh, changed)`.
    pub fn sort_out(
        &self,
        shown: &[Arc<OutflowAlert>],
        polled: Vec<OutflowAlert>,
    ) -> (Vec<Arc<OutflowAlert>>, Vec<Arc<OutflowAlert>>) {
        let known: HashMap<String, &Arc<OutflowAlert>> = shown
            .iter()
            .chain(&self.buffered)
            .map(|a| (a.key(), a))
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        let (mut fresh, mut changed) = (Vec::new(), Vec::new());
        for alert in polled {
            let key = alert.key();
            if !seen.insert(key.clone()) {
                continue;
            }
            match known.get(&key) {
                None => fresh.push(Arc::new(alert)),
                Some(old) if ***old != alert => changed.push(Arc::new(alert)),
                Some(_) => {}
            }
        }
        (fresh, changed)
    }
}

/// `shown` with each alert of `changed` in the place of the one with its key.
pub fn replace(
    shown: &[Arc<OutflowAlert>],
    changed: &[Arc<OutflowAlert>],
) -> Vec<Arc<OutflowAlert>> {
    let by_key: HashMap<String, &Arc<OutflowAlert>> =
        changed.iter().map(|a| (a.key(), a)).collect();
    shown
        .iter()
        .map(|a| {
            by_key
                .get(&a.key())
                .map_or_else(|| a.clone(), |&n| n.clone())
        })
        .collect()
}

/// `fresh` merged into `shown`, newest first (stable for equal times).
pub fn merge(shown: &[Arc<OutflowAlert>], fresh: Vec<Arc<OutflowAlert>>) -> Vec<Arc<OutflowAlert>> {
    let mut all: Vec<Arc<OutflowAlert>> = fresh.into_iter().chain(shown.iter().cloned()).collect();
    all.sort_by_key(|a| std::cmp::Reverse(a.outflow_at));
    all
}
