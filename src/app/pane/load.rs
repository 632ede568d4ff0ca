//! A pane's loads: a fetch begins, its records arrive (onto the screen when nothing is shown,
//! else gathered), it ends complete or not; and the offline cache shown until then.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::PaneState;
use super::held::Held;
use crate::domain::{LoadFailure, Progress, Record, Shared, in_vendor_order_shared};
use crate::i18n::Locale;

impl<R: Record> PaneState<R> {
    /// Marks a new fetch as under way and returns its generation.
    pub fn begin_fetch(&mut self, now: Instant) -> u64 {
        self.status.generation += 1;
        self.status.loading = true;
        self.status.attempted_at = Some(now);
        self.status.retry_at = None;
        self.incoming = Vec::new();
        self.streaming = self.records.is_empty();
        self.held = (!self.streaming).then(|| Held::new(&self.records));
        self.status.progress = Some(Progress::default());
        self.status.generation
    }

    /// Records of the fetch under way arrived: onto the screen if nothing else is shown,
    /// else kept until the fetch completes.
    pub fn arrive(&mut self, records: Vec<R>, progress: Progress, height: usize, locale: &Locale) {
        self.status.progress = Some(progress);
        if self.streaming {
            self.append(records, height, locale);
        } else {
            self.gather(records);
        }
    }

    /// Keeps records of a load that replaces the ones shown once it completes; those it
    /// brought back unchanged are the ones held.
    fn gather(&mut self, records: Vec<R>) {
        match &self.held {
            Some(held) => self
                .incoming
                .extend(records.into_iter().map(|r| held.share(r))),
            None => self.incoming.extend(records.into_iter().map(Arc::new)),
        }
    }

    /// Adds records after the ones shown, keeping filter, sort and selection.
    fn append(&mut self, records: Vec<R>, height: usize, locale: &Locale) {
        if records.is_empty() {
            return;
        }
        // Appending keeps every record's index.
        let selected = self.selected_index();
        Arc::make_mut(&mut self.records).extend(records.into_iter().map(Arc::new));
        self.view = self.build_view(locale);
        self.reselect_index(selected, height);
    }

    /// Applies a finished fetch (its last records with it): complete results replace the
    /// records; after an error the last good data stays, and an incomplete load is shown (as
    /// partial) only when there is none.
    pub fn apply(&mut self, records: Vec<R>, load: Finished, height: usize, locale: &Locale) {
        self.status.loading = false;
        self.status.progress = None;
        let streamed = std::mem::take(&mut self.streaming);
        if streamed {
            self.append(records, height, locale);
        } else {
            self.gather(records);
        }
        self.held = None;
        let mut incoming = std::mem::take(&mut self.incoming);
        if load.complete {
            if streamed {
                // Vendors loaded side by side arrived interleaved; settle into vendor order.
                let ordered = self.records.is_sorted_by(|a, b| a.list_order(b).is_le());
                if !ordered {
                    let mut records = Arc::unwrap_or_clone(std::mem::take(&mut self.records));
                    in_vendor_order_shared(&mut records);
                    self.replace(records, height, locale);
                }
            } else {
                in_vendor_order_shared(&mut incoming);
                self.replace(incoming, height, locale);
            }
            self.status.loaded_at = Some(load.finished_at);
            self.status.cached = None;
            self.status.partial = None;
            self.status.error = None;
            self.status.failures = 0;
        } else {
            // Nothing that arrived is nothing partial: the error says it all.
            let arrived = (load.pages.got > 0).then_some(load.pages);
            if streamed {
                self.status.partial = arrived;
            } else if self.records.is_empty() || self.status.partial.is_some() {
                self.replace(incoming, height, locale);
                self.status.partial = arrived;
            }
            self.status.error = load.error;
            self.status.failures = self.status.failures.saturating_add(1);
        }
    }

    /// Shows records read from the offline cache, unless something newer is shown. A load
    /// under way then gathers its records until it completes, instead of streaming them in.
    pub fn show_cached(
        &mut self,
        records: Shared<R>,
        cached: Cached,
        height: usize,
        locale: &Locale,
    ) {
        if self.status.loaded_at.is_some() || !self.records.is_empty() {
            return;
        }
        self.streaming = false;
        self.replace(Arc::unwrap_or_clone(records), height, locale);
        self.status.cached = Some(cached);
        // The load under way brings most of them back: keep these rather than copies.
        if self.status.loading {
            self.held = Some(Held::new(&self.records));
        }
    }
}

/// Why the last refresh of a pane failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// Short enough for the status line: `weiban HTTP 502`, `tanma code 1002 (+1 more)`.
    pub summary: String,
    /// Every error in full: vendor, endpoint, page and code.
    pub message: String,
}

impl LoadError {
    /// The pane's view of a load's errors: a short summary and every message in full.
    pub fn of(errors: &[LoadFailure]) -> LoadError {
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
}

/// How many pages of a load arrived, of how many the vendors said there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pages {
    pub got: u64,
    /// `None` when a vendor pages by cursor and does not say.
    pub expected: Option<u64>,
}

/// Records shown from the offline cache: how old they were when read, and when that was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cached {
    pub age: Duration,
    pub read_at: Instant,
}

impl Cached {
    pub fn age_at(&self, now: Instant) -> Duration {
        self.age + now.saturating_duration_since(self.read_at)
    }
}

/// A finished fetch, as a pane takes it.
pub struct Finished {
    pub complete: bool,
    pub finished_at: Instant,
    pub error: Option<LoadError>,
    pub pages: Pages,
}
