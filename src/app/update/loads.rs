//! Loads: records arriving while a load runs, its outcome (a complete load replaces the
//! records, a failed one keeps the last good data and retries with backoff), the offline
//! cache at start, periodic refreshes and the reference lists.

use std::time::{Duration, Instant};

use crate::app::pane::{self, LoadError};
use crate::app::{App, Cmd, DetailState, Level, PANES, retry};
use crate::domain::{
    LoadFailure, Loaded, Progress, Records, ReferenceLists, Resource, Skipped, Snapshot,
};
use crate::json::tree::Tree;

impl App {
    /// `L` on the Operators pane: load the reference lists (labels, ad groups, …).
    pub(super) fn references(&mut self) -> Vec<Cmd> {
        if self.sources(Resource::Operators).is_empty() {
            return Vec::new();
        }
        self.flash(
            Level::Info,
            self.lang.pick([
                "loading labels, ad groups and custom attributes…",
                "正在加载标签、广告组和自定义属性…",
            ]),
        );
        vec![Cmd::FetchReferences]
    }

    /// Records of a fetch under way.
    pub(super) fn on_arrived(
        &mut self,
        resource: Resource,
        generation: u64,
        records: Records,
        progress: Progress,
    ) {
        if generation != self.list(resource).generation() {
            return; // an older fetch's
        }
        let (rows, locale) = (self.list_rows(), self.locale());
        match records {
            Records::Stores(r) => self.stores.arrive(r, progress, rows, &locale),
            Records::Customers(r) => self.customers.arrive(r, progress, rows, &locale),
            Records::Outflow(r) => self.outflow.arrive(r, progress, rows, &locale),
            Records::Operators(r) => self.operators.arrive(r, progress, rows, &locale),
        }
        self.dirty = true;
    }

    /// A fetch finished; a complete one is saved for the next start.
    pub(super) fn on_loaded(
        &mut self,
        resource: Resource,
        generation: u64,
        loaded: Loaded,
    ) -> Vec<Cmd> {
        if generation != self.list(resource).generation() {
            return Vec::new(); // an older fetch; a newer one is on its way
        }
        let complete = loaded.errors.is_empty();
        if resource == Resource::Outflow && complete {
            // Live polling continues from where this load's window ended.
            self.live.covered_until = loaded.window_end.or(self.live.covered_until);
            self.live.next_poll = Some(self.now + self.live.poll_every);
        }
        let error = (!complete).then(|| load_error(&loaded.errors));
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
        match loaded.records {
            Records::Stores(r) => self.stores.apply(r, finished, rows, &locale),
            Records::Customers(r) => self.customers.apply(r, finished, rows, &locale),
            Records::Outflow(r) => self.outflow.apply(r, finished, rows, &locale),
            Records::Operators(r) => self.operators.apply(r, finished, rows, &locale),
        }
        self.report(resource, &loaded.errors, &loaded.skipped);
        self.dirty = true;
        if complete {
            vec![Cmd::SaveCache(resource)]
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
            self.flash(Level::Error, load_error(errors).message);
        } else if let Some(first) = skipped.first() {
            let text = match skipped.len() {
                1 => first.to_string(),
                n => format!("{n} records could not be read; first: {first}"),
            };
            self.flash(Level::Warn, text);
        }
    }

    /// The offline cache, read at start: shown until the first load completes.
    pub(super) fn on_cached(&mut self, records: Snapshot, age: Duration) {
        let (rows, locale, now) = (self.list_rows(), self.locale(), self.now);
        let cached = pane::Cached { age, read_at: now };
        macro_rules! show {
            ($pane:expr, $records:expr) => {
                $pane.show_cached($records, cached, rows, &locale)
            };
        }
        match records {
            Snapshot::Stores(r) => show!(self.stores, r),
            Snapshot::Customers(r) => show!(self.customers, r),
            Snapshot::Outflow(r) => show!(self.outflow, r),
            Snapshot::Operators(r) => show!(self.operators, r),
        }
        self.dirty = true;
    }

    /// Opens the reference lists as one tree: a branch per list, a subtree per entry.
    pub(super) fn on_references(&mut self, lists: Result<ReferenceLists, String>) {
        let lists = match lists {
            Ok(lists) => lists,
            Err(error) => return self.flash(Level::Error, error),
        };
        let mut document = serde_json::Map::new();
        for (name, records) in lists {
            let items = records
                .iter()
                .map(|r| serde_json::from_str(&r.text()).unwrap_or(serde_json::Value::Null))
                .collect();
            document.insert(name.to_owned(), serde_json::Value::Array(items));
        }
        let tree = Tree::from_json(&serde_json::Value::Object(document));
        let mut detail = DetailState::of_tree(
            Resource::Operators,
            "Reference lists",
            "youmi",
            "labels, ad groups, custom attributes",
            tree,
        );
        detail.scroll(self.detail_rows());
        self.flash = None;
        self.detail = Some(detail);
        self.dirty = true;
    }

    /// After a failed load: the next attempt backs off, and waits out a rate-limit block.
    /// A configuration error is not retried; it needs the user.
    pub(super) fn schedule_retry(&mut self, resource: Resource, errors: &[LoadFailure]) {
        if !errors.iter().any(|e| e.is_transient()) {
            return;
        }
        let floor = errors.iter().filter_map(|e| e.retry_after()).max();
        let unit = self.jitter.unit();
        let now = self.now;
        let pane = self.list_mut(resource);
        let wait = retry::delay(pane.failures(), unit, floor);
        pane.set_retry_at(now + wait);
        tracing::info!(%resource, wait_s = wait.as_secs(), "retrying after a failed load");
    }

    /// Periodic refresh: a pane reloads one period after its last attempt. Outflow keeps
    /// itself fresh by polling once its first load succeeded; until then it retries too.
    pub(super) fn refresh_due(&mut self, now: Instant) -> Vec<Cmd> {
        let mut due = Vec::new();
        for &resource in PANES {
            let pane = self.list(resource);
            let Some(period) = self.period(resource) else {
                continue;
            };
            if resource == Resource::Outflow && pane.loaded_at().is_some() {
                continue;
            }
            let due_at = match pane.retry_at() {
                // After a failure: the backoff decides, not the period.
                Some(retry_at) => Some(retry_at),
                None => pane.attempted_at().map(|at| at + period),
            };
            if !pane.is_loading() && due_at.is_some_and(|at| now >= at) {
                due.push(resource);
            }
        }
        due.into_iter()
            .filter_map(|r| self.begin_fetch(r))
            .collect()
    }
}

/// The pane's view of a load's errors: a short summary and every message in full.
pub(super) fn load_error(errors: &[LoadFailure]) -> LoadError {
    let Some(first) = errors.first() else {
        return LoadError {
            summary: String::new(),
            message: String::new(),
        };
    };
    let more = match errors.len() {
        1 => String::new(),
        n => format!(" (+{} more)", n - 1),
    };
    LoadError {
        summary: format!("{} {}{more}", first.origin, first.code),
        message: errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    }
}
