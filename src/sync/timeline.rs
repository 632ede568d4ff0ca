//! Team mode's half of `[triage] weiban_timeline`: dashboards hold no vendor secret, so the
//! sync puts the notes of the team's dones on the customers' Weiban timelines. It follows the
//! log as the dashboards do (by sequence number), and writes what became of each attempt back
//! to it as a `timeline` event under its own role: each done at most three times, a minute
//! apart, never again once posted — the log says so to every sync that comes after.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::Utc;

use crate::domain::triage::Ledger;
use crate::domain::triage::timeline::{Post, due};
use crate::domain::triage::{Action, Posting};
use crate::fetch::Clients;
use crate::store::{Store, StoreError};

/// How often the log is looked through: a note shows at the vendor within seconds.
pub const EVERY: Duration = Duration::from_secs(5);
/// Postings per pass, one at a time within Weiban's limits; more wait for the next pass.
const PER_PASS: usize = 20;

/// The log as the sync last read it, and when it looks again.
#[derive(Debug, Default)]
pub struct TimelineWriter {
    ledger: Ledger,
    /// Dones that cannot be posted (the alert is gone, or not a Weiban one): not looked up
    /// again.
    unpostable: HashSet<i64>,
    next: Option<Instant>,
}

impl TimelineWriter {
    /// How long until the next pass.
    pub fn until_next(&self) -> Duration {
        self.next.map_or(Duration::ZERO, |at| {
            at.saturating_duration_since(Instant::now())
        })
    }

    /// Reads the log's new events and posts what is due; returns how many were posted. A
    /// vendor failure is kept in the log; only the database's failure is an error.
    pub async fn pass(&mut self, clients: &Clients, store: &Store) -> Result<usize, StoreError> {
        if self.until_next() > Duration::ZERO {
            return Ok(0);
        }
        self.next = Some(Instant::now() + EVERY);
        self.ledger
            .extend(store.triage_after(self.ledger.last_seq()).await?);
        let due: Vec<_> = due(&self.ledger, Utc::now())
            .into_iter()
            .filter(|(done, _)| !self.unpostable.contains(&done.seq))
            .map(|(done, attempt)| (done.clone(), attempt))
            .collect();
        let mut posted = 0;
        for (done, attempt) in due.into_iter().take(PER_PASS) {
            let alert = store.alert_by_key(&done.alert).await?;
            let Some(post) = alert.and_then(|alert| Post::of(&done, attempt, &alert)) else {
                self.unpostable.insert(done.seq);
                continue;
            };
            let Some(timeline) = clients.put_on_timeline(&post).await else {
                // No Weiban account: nothing can be posted.
                self.unpostable.insert(done.seq);
                continue;
            };
            let kept = store
                .triage_by_sync(&post.alert, &Action::Timeline(timeline.clone()))
                .await;
            let detail = timeline.detail();
            match kept {
                Ok(Ok(_)) if timeline.posting == Posting::Posted => {
                    posted += 1;
                    tracing::info!(alert = %post.alert, done = done.seq, "{detail}");
                }
                Ok(Ok(_)) => tracing::warn!(alert = %post.alert, done = done.seq, "{detail}"),
                Ok(Err(denied)) => {
                    // The log would not keep it: not posted again by this process.
                    self.unpostable.insert(done.seq);
                    tracing::warn!(alert = %post.alert, done = done.seq, "{detail}; not in the log: {denied}");
                }
                Err(e) => {
                    self.unpostable.insert(done.seq);
                    return Err(e);
                }
            }
        }
        // This pass's own events, so that the next does not post them again.
        self.ledger
            .extend(store.triage_after(self.ledger.last_seq()).await?);
        Ok(posted)
    }
}
