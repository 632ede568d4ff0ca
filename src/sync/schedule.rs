//! When each job is due: outflow every poll, the other resources every refresh, each job of
//! each vendor's account on its own, and a failed one again after the poll period.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::Job;
use crate::domain::{Account, Resource, Vendor};
use crate::store::LastRun;

pub struct Schedule {
    jobs: Vec<(Job, Instant)>,
    poll: Duration,
    refresh: Duration,
    lookback: Duration,
    /// How often Weiban's customers are loaded in full.
    full_every: Duration,
    /// Each Weiban account's windows.
    windows: HashMap<Account, Windows>,
}

/// Where an account's next loads begin.
#[derive(Debug, Clone, Copy, Default)]
struct Windows {
    /// Where the next outflow poll starts (Unix seconds); the look-back at first.
    outflow_from: Option<i64>,
    /// Weiban's customers: when last in full, and where the changes to ask for next begin.
    full_at: Option<Instant>,
    changed_from: Option<i64>,
}

/// Polls ask again from a little before the last window's end, so that an alert recorded
/// late is not missed (the table keeps each once).
const OVERLAP_S: i64 = 120;

impl Schedule {
    /// `periods`: the outflow poll, the refresh, and Weiban's customers' full refresh.
    pub fn new(
        accounts: &[(Vendor, Account)],
        periods: (Duration, Duration, Duration),
        lookback: Duration,
    ) -> Self {
        let (poll, refresh, full_every) = periods;
        let now = Instant::now();
        let jobs = Resource::ALL
            .iter()
            .copied()
            .flat_map(|resource| {
                accounts
                    .iter()
                    .filter(move |(v, _)| resource.vendors().contains(v))
                    .map(move |(vendor, account)| {
                        let job = Job {
                            resource,
                            vendor: *vendor,
                            account: account.clone(),
                            from: None,
                        };
                        (job, now)
                    })
            })
            .collect();
        Schedule {
            jobs,
            poll,
            refresh,
            lookback,
            full_every,
            windows: HashMap::new(),
        }
    }

    /// Resumes from the last runs in the database (another sync's, when this one takes over):
    /// each job due a period after its last run, each window where the last one ended.
    pub fn resume(&mut self, runs: &[LastRun], now: DateTime<Utc>) {
        let instant = Instant::now();
        // A time in the database, as an instant of this process (at most now).
        let ago = |at: DateTime<Utc>| {
            let ago = (now - at).to_std().unwrap_or_default();
            instant.checked_sub(ago).unwrap_or(instant)
        };
        for run in runs {
            let Some(index) = self.jobs.iter().position(|(job, _)| {
                job.resource == run.resource
                    && job.vendor == run.vendor
                    && job.account == run.account
            }) else {
                continue;
            };
            let period = if run.complete {
                self.period(run.resource)
            } else {
                self.poll
            };
            if let Some(slot) = self.jobs.get_mut(index) {
                slot.1 = ago(run.finished_at) + period;
            }
            let windows = self.windows.entry(run.account.clone()).or_default();
            match run.resource {
                Resource::Outflow => {
                    if let Some(end) = run.window_end {
                        windows.outflow_from = Some(end - OVERLAP_S);
                    }
                }
                Resource::Customers if run.vendor == Vendor::Weiban => {
                    windows.changed_from = run.window_end.map(|end| end - OVERLAP_S);
                    windows.full_at = run.full_at.map(ago);
                }
                _ => {}
            }
        }
    }

    /// Every job and how often it runs (what the health check holds a leader to).
    pub fn expected(&self) -> Vec<super::listener::health::Expected> {
        self.jobs
            .iter()
            .map(|(job, _)| super::listener::health::Expected {
                resource: job.resource,
                vendor: job.vendor,
                account: job.account.clone(),
                every: self.period(job.resource),
            })
            .collect()
    }

    /// Each resource's interval (for the dashboards' stale warning).
    pub fn intervals(&self) -> Vec<(Resource, Duration)> {
        let mut intervals: Vec<(Resource, Duration)> = Vec::new();
        for (job, _) in &self.jobs {
            if !intervals.iter().any(|(r, _)| *r == job.resource) {
                intervals.push((job.resource, self.period(job.resource)));
            }
        }
        intervals
    }

    /// The job due first, if one is due now (outflow with the window it covers).
    pub fn next_due(&self) -> Option<Job> {
        let now = Instant::now();
        let (job, _) = self
            .jobs
            .iter()
            .filter(|(_, due)| *due <= now)
            .min_by_key(|(job, due)| (*due, job.resource != Resource::Outflow))?;
        let mut job = job.clone();
        let windows = self.windows.get(&job.account).copied().unwrap_or_default();
        let full_due = windows
            .full_at
            .is_none_or(|at| at.elapsed() >= self.full_every);
        if job.resource == Resource::Customers && job.vendor == Vendor::Weiban && !full_due {
            job.from = windows.changed_from;
        }
        if job.resource == Resource::Outflow {
            let lookback = i64::try_from(self.lookback.as_secs()).unwrap_or(i64::MAX);
            job.from = Some(
                windows
                    .outflow_from
                    .unwrap_or_else(|| chrono::Utc::now().timestamp() - lookback),
            );
        }
        Some(job)
    }

    /// How long until a job is due.
    pub fn until_next(&self) -> Duration {
        let now = Instant::now();
        self.jobs
            .iter()
            .map(|(_, due)| due.saturating_duration_since(now))
            .min()
            .unwrap_or(self.poll)
    }

    fn period(&self, resource: Resource) -> Duration {
        if resource == Resource::Outflow {
            self.poll
        } else {
            self.refresh
        }
    }

    fn set_due(&mut self, job: &Job, due: Instant) {
        if let Some(slot) = self.jobs.iter_mut().find(|(j, _)| {
            j.resource == job.resource && j.vendor == job.vendor && j.account == job.account
        }) {
            slot.1 = due;
        }
    }

    /// A job ran (its vendor may have failed: the run says so); the next is a period away.
    pub fn done(&mut self, job: &Job, window_end: Option<i64>) {
        let windows = self.windows.entry(job.account.clone()).or_default();
        match (job.resource, window_end) {
            (Resource::Outflow, Some(end)) => windows.outflow_from = Some(end - OVERLAP_S),
            (Resource::Customers, Some(end)) if job.vendor == Vendor::Weiban => {
                if !job.changes() {
                    windows.full_at = Some(Instant::now());
                }
                windows.changed_from = Some(end - OVERLAP_S);
            }
            _ => {}
        }
        let due = Instant::now() + self.period(job.resource);
        self.set_due(job, due);
    }

    /// A job failed with the database: due again at once (after the reconnection).
    pub fn retry(&mut self, job: &Job) {
        self.set_due(job, Instant::now());
    }

    /// A job failed with the database while the connection stays: again after a poll period.
    pub fn done_failed(&mut self, job: &Job) {
        let due = Instant::now() + self.poll;
        self.set_due(job, due);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weiban() -> Vec<(Vendor, Account)> {
        vec![(Vendor::Weiban, Account::default())]
    }

    fn run(resource: Resource, minutes_ago: i64, window_end: Option<i64>) -> LastRun {
        let now = Utc::now();
        LastRun {
            resource,
            vendor: Vendor::Weiban,
            account: Account::default(),
            finished_at: now - chrono::Duration::minutes(minutes_ago),
            complete: true,
            window_end,
            full_at: Some(now - chrono::Duration::minutes(minutes_ago)),
            complete_at: None,
        }
    }

    #[test]
    fn a_new_leader_resumes_where_the_runs_left_off() {
        let periods = (
            Duration::from_secs(30),
            Duration::from_secs(300),
            Duration::from_secs(86_400),
        );
        let mut schedule = Schedule::new(&weiban(), periods, Duration::from_secs(7 * 86_400));
        let end = Utc::now().timestamp() - 10;
        schedule.resume(
            &[
                run(Resource::Outflow, 0, Some(end)),
                run(Resource::Stores, 1, None),
                run(Resource::Customers, 1, Some(end)),
            ],
            Utc::now(),
        );
        // Outflow, stores, customers ran lately; the staff directory never did: it alone is due.
        let due = schedule.next_due().expect("the staff directory");
        assert_eq!(due.resource, Resource::Staff);
        schedule.done(&due, None);
        assert!(schedule.next_due().is_none(), "nothing else is due yet");
        // Stores come a refresh after their last run (4 of 5 minutes left), outflow a poll after.
        let until = schedule.until_next();
        assert!(until <= Duration::from_secs(30), "{until:?}");
        // The next outflow window starts where the last one ended (less the overlap).
        let windows = schedule
            .windows
            .get(&Account::default())
            .copied()
            .unwrap_or_default();
        assert_eq!(windows.outflow_from, Some(end - OVERLAP_S));
        assert_eq!(windows.changed_from, Some(end - OVERLAP_S));
        assert!(windows.full_at.is_some(), "the last full load is known");
    }
}
