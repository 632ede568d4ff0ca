//! What the receiver has done since the sync started: events kept, retries recognised, and
//! requests refused by reason. Read by the log now and by `/metrics` later.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::vendors::wecom::Refusal;

#[derive(Debug, Default)]
pub struct Counts {
    /// Events kept for the first time.
    pub kept: AtomicU64,
    /// Events kept before (WeCom's retries, replays): acknowledged, nothing added.
    pub duplicates: AtomicU64,
    /// URL verifications answered.
    pub verified: AtomicU64,
    /// Messages that were not `change_external_contact`: acknowledged, not kept.
    pub ignored: AtomicU64,
    /// Events that could not be kept in time (the database): not acknowledged.
    pub unkept: AtomicU64,
    refused: [AtomicU64; Refusal::ALL.len()],
}

impl Counts {
    pub fn refuse(&self, reason: Refusal) {
        if let Some(i) = Refusal::ALL.iter().position(|&r| r == reason)
            && let Some(count) = self.refused.get(i)
        {
            count.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Requests refused for `reason`.
    pub fn refused(&self, reason: Refusal) -> u64 {
        Refusal::ALL
            .iter()
            .position(|&r| r == reason)
            .and_then(|i| self.refused.get(i))
            .map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// Requests refused for any reason.
    pub fn refused_total(&self) -> u64 {
        self.refused.iter().map(|c| c.load(Ordering::Relaxed)).sum()
    }

    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}
