//! The team's sync as every dashboard sees it: which host leads (none: nobody pulls the
//! vendors), and the resources not written in three times their interval.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Resource;

/// A resource is stale once not written for this many of its intervals.
pub const STALE_AFTER_INTERVALS: u32 = 3;

/// What the database says of the sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// The host holding the lease; `None` when no sync leads (never did, stopped, or died).
    pub leader: Option<String>,
    /// Resources behind their schedule, the stalest first.
    pub stale: Vec<Stale>,
}

/// A resource the sync has not written in [`STALE_AFTER_INTERVALS`] intervals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub resource: Resource,
    /// When it was last written complete (never: `None`).
    pub written: Option<DateTime<Utc>>,
    pub every: Duration,
}

impl SyncState {
    /// From the lease's holder (if it holds), the leader's schedule (each resource's interval)
    /// and when each resource was last written, as of `now`. A leader that has just taken
    /// over is given until `since` + the allowance before a never-written resource is stale.
    pub fn of(
        leader: Option<String>,
        schedule: &[(Resource, Duration)],
        written: &[(Resource, Option<DateTime<Utc>>)],
        since: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> SyncState {
        let mut stale: Vec<Stale> = schedule
            .iter()
            .filter_map(|&(resource, every)| {
                let written = written
                    .iter()
                    .find(|(r, _)| *r == resource)
                    .and_then(|(_, at)| *at);
                let from = match (written, since) {
                    (Some(at), _) => at,
                    (None, Some(since)) => since,
                    (None, None) => return None,
                };
                let allowed = every * STALE_AFTER_INTERVALS;
                ((now - from).to_std().unwrap_or_default() > allowed).then_some(Stale {
                    resource,
                    written,
                    every,
                })
            })
            .collect();
        stale.sort_by_key(|s| s.written);
        SyncState { leader, stale }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_three_intervals_behind_is_stale_the_stalest_first() {
        let now = DateTime::from_timestamp(1_765_000_000, 0).unwrap();
        let ago = |minutes| Some(now - chrono::Duration::minutes(minutes));
        let schedule = [
            (Resource::Customers, Duration::from_secs(300)),
            (Resource::Stores, Duration::from_secs(300)),
            (Resource::Outflow, Duration::from_secs(30)),
        ];
        let written = [
            (Resource::Customers, ago(14)),
            (Resource::Stores, ago(16)),
            (Resource::Outflow, ago(1)),
        ];
        let state = SyncState::of(Some("sync-a".into()), &schedule, &written, ago(60), now);
        let stale: Vec<_> = state.stale.iter().map(|s| s.resource).collect();
        assert_eq!(stale, [Resource::Stores]);
        // Never written, long after the takeover: stale; just after it: not yet.
        let state = SyncState::of(None, &schedule[2..], &[], ago(60), now);
        assert_eq!(state.stale.len(), 1);
        assert!(
            SyncState::of(None, &schedule[2..], &[], ago(1), now)
                .stale
                .is_empty()
        );
    }
}
