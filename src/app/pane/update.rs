//! Loads: records arriving while a load runs, its outcome (a complete load replaces the
//! records, a failed one keeps the last good data and retries with backoff), the offline
//! cache at start and periodic refreshes.

use std::time::{Duration, Instant};

use crate::app::pane::{self, LoadError};
use crate::app::{App, Cmd, Level, PANES, retry};
use crate::domain::{LoadFailure, Loaded, Progress, Records, Resource, Skipped, Snapshot};

impl App {
    /// Records of a fetch under way.
    pub(crate) fn on_arrived(
        &mut self,
        resource: Resource,
        generation: u64,
        records: Records,
        progress: Progress,
    ) {
        if generation != self.list(resource).status().generation {
            return; // an older fetch's
        }
        let (rows, locale) = (self.list_rows(), self.locale());
        self.panes.arrive(records, progress, rows, &locale);
    }

    /// A fetch finished; a complete one is saved for the next start.
    pub(crate) fn on_loaded(
        &mut self,
        resource: Resource,
        generation: u64,
        loaded: Loaded,
    ) -> Vec<Cmd> {
        if generation != self.list(resource).status().generation {
            return Vec::new(); // an older fetch; a newer one is on its way
        }
        let complete = loaded.errors.is_empty();
        if resource == Resource::Outflow && complete {
            // Live polling continues from where this load's window ended.
            self.live.covered_until = loaded.window_end.or(self.live.covered_until);
            self.live.next_poll = Some(self.now + self.settings.poll_every);
        }
        let error = (!complete).then(|| LoadError::of(&loaded.errors));
        let finished = pane::Finished {
            complete,
            finished_at: loaded.finished_at,
            error,
            pages: pane::Pages {
                got: loaded.pages,
                expected: loaded.expected_pages,
            },
        };
        let (rows, locale) = (self.list_rows(), self.locale());
        self.panes.apply(loaded.records, finished, rows, &locale);
        self.learn_accounts(resource);
        self.report(resource, &loaded.errors, &loaded.skipped);
        if complete {
            vec![Cmd::SaveCache(self.snapshot(resource))]
        } else {
            Vec::new()
        }
    }

    /// What went wrong with a load: every error and unreadable record in the log, the first
    /// on screen; a failed load is retried.
    fn report(&mut self, resource: Resource, errors: &[LoadFailure], skipped: &[Skipped]) {
        for error in errors {
            tracing::warn!(%resource, "{error}");
        }
        for record in skipped {
            tracing::warn!(%resource, "{record}");
        }
        if !errors.is_empty() {
            self.schedule_retry(resource, errors);
            let text = LoadError::of(errors).message;
            self.flash_failures(Level::Error, text, errors);
        } else if let Some(first) = skipped.first() {
            let text = match skipped.len() {
                1 => first.to_string(),
                n => format!("{n} records could not be read; first: {first}"),
            };
            self.flash(Level::Warn, text);
        }
    }

    /// The offline cache, read at start: shown until the first load completes.
    pub(crate) fn on_cached(&mut self, records: Snapshot, age: Duration) {
        let (rows, locale, now) = (self.list_rows(), self.locale(), self.now);
        let cached = pane::Cached { age, read_at: now };
        self.panes.show_cached(records, cached, rows, &locale);
    }

    /// After a failed load: the next attempt backs off, and waits out a rate-limit block.
    /// A configuration error is not retried; it needs the user.
    pub(crate) fn schedule_retry(&mut self, resource: Resource, errors: &[LoadFailure]) {
        if !errors.iter().any(|e| e.is_transient()) {
            return;
        }
        let floor = errors.iter().filter_map(|e| e.retry_after()).max();
        let unit = self.jitter.unit();
        let now = self.now;
        let pane = self.list_mut(resource);
        let wait = retry::delay(pane.status().failures, unit, floor);
        pane.status_mut().retry_at = Some(now + wait);
        tracing::info!(%resource, wait_s = wait.as_secs(), "retrying after a failed load");
    }

    /// Periodic refresh: a pane reloads one period after its last attempt. Outflow keeps
    /// itself fresh by polling once its first load succeeded; until then it retries too.
    pub(crate) fn refresh_due(&mut self, now: Instant) -> Vec<Cmd> {
        let mut due = Vec::new();
        for &resource in PANES {
            let pane = self.list(resource);
            let Some(period) = self.period(resource) else {
                continue;
            };
            if resource == Resource::Outflow && pane.status().loaded_at.is_some() {
                continue;
            }
            let due_at = match pane.status().retry_at {
                // After a failure: the backoff decides, not the period.
                Some(retry_at) => Some(retry_at),
                None => pane.status().attempted_at.map(|at| at + period),
            };
            if !pane.status().loading && due_at.is_some_and(|at| now >= at) {
                due.push(resource);
            }
        }
        due.into_iter()
            .filter_map(|r| self.begin_fetch(r))
            .collect()
    }
}
