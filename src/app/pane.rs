//! The state of one list pane: its records, the rows shown (filtered and sorted), the selection
//! (kept by record key across refreshes, filters and sorts), the scroll offset, and how fresh
//! the data is.

use std::cmp::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::i18n::Locale;

use super::DetailState;
use super::filter::{Haystack, Query};
use crate::domain::Progress;
use crate::domain::{ColumnKey, Record};

/// The sort of a pane: a column key and the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: ColumnKey,
    pub descending: bool,
}

#[derive(Debug)]
pub struct PaneState<R> {
    /// Shared so that the offline cache can be written from them off the UI task.
    pub records: Arc<Vec<R>>,
    /// Indices into `records` of the rows shown, in display order.
    view: Vec<u32>,
    /// The selected row (an index into the rows shown).
    pub selected: usize,
    /// The first row on screen.
    pub offset: usize,
    pub query: Query,
    pub sort: Option<Sort>,
    /// The searchable text of each record, built when a filter first needs it.
    haystacks: Vec<Haystack>,
    /// Incremented for each fetch; results of older fetches are dropped.
    pub generation: u64,
    pub loading: bool,
    /// When the last complete load finished.
    pub loaded_at: Option<Instant>,
    /// When the last refresh (successful or not) was started: the next periodic one follows it.
    pub attempted_at: Option<Instant>,
    /// The records came from the offline cache and no load has succeeded yet.
    pub cached: Option<Cached>,
    /// The records on screen are an incomplete load (shown only when nothing better exists):
    /// how many pages of it arrived.
    pub partial: Option<Pages>,
    /// The last refresh's error, until a refresh succeeds.
    pub error: Option<LoadError>,
    /// Refreshes that failed in a row, and when the next one is due ([`super::retry`]).
    pub failures: u32,
    pub retry_at: Option<Instant>,
    /// The load under way puts its records straight on screen (nothing was shown when it
    /// began); otherwise they gather in `incoming` and replace the records when it completes.
    streaming: bool,
    incoming: Vec<R>,
    /// How far the load under way has come.
    progress: Option<Progress>,
}

impl<R> Default for PaneState<R> {
    fn default() -> Self {
        Self {
            records: Arc::new(Vec::new()),
            view: Vec::new(),
            selected: 0,
            offset: 0,
            query: Query::default(),
            sort: None,
            haystacks: Vec::new(),
            generation: 0,
            loading: false,
            loaded_at: None,
            attempted_at: None,
            cached: None,
            partial: None,
            error: None,
            failures: 0,
            retry_at: None,
            streaming: false,
            incoming: Vec::new(),
            progress: None,
        }
    }
}

impl<R: Record> PaneState<R> {
    /// The number of rows shown (after the filter).
    pub fn len(&self) -> usize {
        self.view.len()
    }

    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    /// The record on row `row` (of the rows shown).
    pub fn row(&self, row: usize) -> Option<&R> {
        let index = *self.view.get(row)?;
        self.records.get(index as usize)
    }

    /// The rows shown, from `start`, in display order.
    pub fn rows(&self, start: usize) -> impl Iterator<Item = &R> {
        self.view
            .iter()
            .skip(start)
            .filter_map(|&i| self.records.get(i as usize))
    }

    /// The indices of the rows shown, in display order (for an export taken off the UI task).
    pub fn shown(&self) -> Vec<u32> {
        self.view.clone()
    }

    pub fn selected_record(&self) -> Option<&R> {
        self.row(self.selected)
    }

    /// Moves the selection to `index` (clamped) and scrolls it into a view of `height` rows.
    pub fn select(&mut self, index: usize, height: usize) {
        self.selected = index.min(self.view.len().saturating_sub(1));
        self.scroll(height);
    }

    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.select(self.selected.saturating_add_signed(delta), height);
    }

    /// Keeps the selection on screen with the least movement; never leaves empty rows below
    /// the last record when there are records above to show.
    pub fn scroll(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.view.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    /// Replaces the records, keeping the selection on the same record (by key) when it is still
    /// shown, and on the same row otherwise. The filter and the sort stay.
    pub fn replace(&mut self, records: Vec<R>, height: usize, locale: &Locale) {
        let selected_key = self.selected_record().map(Record::key);
        self.records = Arc::new(records);
        self.haystacks.clear();
        self.view = self.build_view(locale);
        self.reselect(selected_key, height);
    }

    /// Applies a new filter. Typing more of a query only narrows, so then just the rows
    /// already shown are scanned.
    pub fn set_query(&mut self, query: Query, height: usize, locale: &Locale) {
        if query == self.query {
            return;
        }
        let selected_key = self.selected_record().map(Record::key);
        let narrows = query.narrows(&self.query);
        self.query = query;
        if narrows && self.haystacks.len() == self.records.len() {
            let (query, haystacks) = (&self.query, &self.haystacks);
            self.view
                .retain(|&i| haystacks.get(i as usize).is_some_and(|h| query.matches(h)));
        } else {
            self.view = self.build_view(locale);
        }
        self.reselect(selected_key, height);
    }

    /// Sorts by a column; the same column again reverses the order.
    pub fn sort_by(&mut self, column: ColumnKey, height: usize, locale: &Locale) {
        let descending = self
            .sort
            .is_some_and(|s| s.column == column && !s.descending);
        self.sort = Some(Sort { column, descending });
        let selected_key = self.selected_record().map(Record::key);
        self.view = self.build_view(locale);
        self.reselect(selected_key, height);
    }

    /// The shown rows for the current records, filter and sort. The sort is stable: equal
    /// rows keep the vendor's order.
    fn build_view(&mut self, locale: &Locale) -> Vec<u32> {
        let all = 0..u32::try_from(self.records.len()).unwrap_or(u32::MAX);
        let mut view: Vec<u32> = if self.query.is_empty() {
            all.collect()
        } else {
            // Records are only ever appended to (or replaced, which clears the haystacks).
            if let Some(new) = self.records.get(self.haystacks.len()..) {
                let new: Vec<Haystack> = new
                    .iter()
                    .map(|r| super::columns::haystack(r, locale))
                    .collect();
                self.haystacks.extend(new);
            }
            let (query, haystacks) = (&self.query, &self.haystacks);
            all.filter(|&i| haystacks.get(i as usize).is_some_and(|h| query.matches(h)))
                .collect()
        };
        if let Some(sort) = self.sort
            && let Some(column) = R::column(sort.column)
        {
            let records = &self.records;
            let key = |i: &u32| records.get(*i as usize).map(|r| (column.get)(r));
            view.sort_by(|a, b| {
                let order = match (key(a), key(b)) {
                    (Some(a), Some(b)) => a.compare(&b),
                    _ => Ordering::Equal,
                };
                if sort.descending {
                    order.reverse()
                } else {
                    order
                }
            });
        }
        view
    }

    /// Puts the selection back on the record with `key` if it is shown, else keeps the row
    /// number; keeps the selected row where it was on screen, if possible.
    fn reselect(&mut self, key: Option<String>, height: usize) {
        let index = key
            .and_then(|key| self.rows(0).position(|r| r.key() == key))
            .unwrap_or(self.selected);
        let row_on_screen = self.selected.saturating_sub(self.offset);
        self.selected = index.min(self.view.len().saturating_sub(1));
        self.offset = self.selected.saturating_sub(row_on_screen);
        self.scroll(height);
    }

    /// Marks a new fetch as under way and returns its generation.
    pub fn begin_fetch(&mut self, now: Instant) -> u64 {
        self.generation += 1;
        self.loading = true;
        self.attempted_at = Some(now);
        self.retry_at = None;
        self.incoming.clear();
        self.streaming = self.records.is_empty();
        self.progress = Some(Progress::default());
        self.generation
    }

    /// Records of the fetch under way arrived: onto the screen if nothing else is shown,
    /// else kept until the fetch completes.
    pub fn arrive(&mut self, records: Vec<R>, progress: Progress, height: usize, locale: &Locale) {
        self.progress = Some(progress);
        if self.streaming {
            self.append(records, height, locale);
        } else {
            self.incoming.extend(records);
        }
    }

    /// Adds records after the ones shown, keeping filter, sort and selection.
    fn append(&mut self, records: Vec<R>, height: usize, locale: &Locale) {
        if records.is_empty() {
            return;
        }
        let selected_key = self.selected_record().map(Record::key);
        Arc::make_mut(&mut self.records).extend(records);
        self.view = self.build_view(locale);
        self.reselect(selected_key, height);
    }

    /// Applies a finished fetch (its last records with it): complete results replace the
    /// records; after an error the last good data stays, and an incomplete load is shown (as
    /// partial) only when there is none.
    pub fn apply(&mut self, load: Applied<R>, height: usize, locale: &Locale) {
        self.loading = false;
        self.progress = None;
        let streamed = std::mem::take(&mut self.streaming);
        if streamed {
            self.append(load.records, height, locale);
        } else {
            self.incoming.extend(load.records);
        }
        let mut incoming = std::mem::take(&mut self.incoming);
        if load.complete {
            if streamed {
                // Vendors loaded side by side arrived interleaved; settle into vendor order.
                if !self.records.is_sorted_by_key(R::vendor) {
                    let mut records = Arc::unwrap_or_clone(std::mem::take(&mut self.records));
                    crate::domain::in_vendor_order(&mut records);
                    self.replace(records, height, locale);
                }
            } else {
                crate::domain::in_vendor_order(&mut incoming);
                self.replace(incoming, height, locale);
            }
            self.loaded_at = Some(load.finished_at);
            self.cached = None;
            self.partial = None;
            self.error = None;
            self.failures = 0;
        } else {
            if streamed {
                self.partial = Some(load.pages);
            } else if self.records.is_empty() || self.partial.is_some() {
                self.replace(incoming, height, locale);
                self.partial = Some(load.pages);
            }
            self.error = load.error;
            self.failures = self.failures.saturating_add(1);
        }
    }

    /// Shows records read from the offline cache, unless something newer is shown. A load
    /// under way then gathers its records until it completes, instead of streaming them in.
    pub fn show_cached(&mut self, records: Vec<R>, cached: Cached, height: usize, locale: &Locale) {
        if self.loaded_at.is_some() || !self.records.is_empty() {
            return;
        }
        self.streaming = false;
        self.replace(records, height, locale);
        self.cached = Some(cached);
    }

    /// How far the fetch under way has come.
    pub fn progress(&self) -> Option<Progress> {
        self.progress
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
pub struct Applied<R> {
    pub records: Vec<R>,
    pub complete: bool,
    pub finished_at: Instant,
    pub error: Option<LoadError>,
    pub pages: Pages,
}

/// What `update` needs of any list pane, whatever its record type.
pub trait ListPane {
    /// The selected row and the first row on screen.
    fn position(&self) -> (usize, usize);
    /// Rows shown, and records loaded.
    fn counts(&self) -> (usize, usize);
    fn select(&mut self, index: usize, height: usize);
    fn move_by(&mut self, delta: isize, height: usize);
    fn scroll(&mut self, height: usize);
    fn query(&self) -> &Query;
    fn set_query(&mut self, query: Query, height: usize, locale: &Locale);
    fn sort(&self) -> Option<Sort>;
    fn sort_by(&mut self, column: ColumnKey, height: usize, locale: &Locale);
    /// The detail view of the selected record.
    fn open_detail(&self) -> Option<Result<DetailState, String>>;
    /// The selected record's id, and the record as `get` prints it (JSON).
    fn selected_id(&self) -> Option<String>;
    fn selected_json(&self, locale: &Locale) -> Option<String>;
    /// The selected record's id and the vendor's raw object.
    fn selected_raw(&self) -> Option<(String, String)>;
    fn is_loading(&self) -> bool;
    fn generation(&self) -> u64;
    /// Marks a new fetch as under way and returns its generation.
    fn begin_fetch(&mut self, now: Instant) -> u64;
    /// How far the fetch under way has come.
    fn progress(&self) -> Option<Progress>;
    fn loaded_at(&self) -> Option<Instant>;
    fn cached(&self) -> Option<Cached>;
    fn error(&self) -> Option<&LoadError>;
    fn partial(&self) -> Option<Pages>;
    /// When the next attempt after a failure is due.
    fn retry_at(&self) -> Option<Instant>;
    fn set_retry_at(&mut self, at: Instant);
    /// Refreshes that failed in a row.
    fn failures(&self) -> u32;
    fn attempted_at(&self) -> Option<Instant>;
}

impl<R: Record> ListPane for PaneState<R> {
    fn position(&self) -> (usize, usize) {
        (self.selected, self.offset)
    }

    fn counts(&self) -> (usize, usize) {
        (self.view.len(), self.records.len())
    }

    fn select(&mut self, index: usize, height: usize) {
        PaneState::select(self, index, height);
    }

    fn move_by(&mut self, delta: isize, height: usize) {
        PaneState::move_by(self, delta, height);
    }

    fn scroll(&mut self, height: usize) {
        PaneState::scroll(self, height);
    }

    fn query(&self) -> &Query {
        &self.query
    }

    fn set_query(&mut self, query: Query, height: usize, locale: &Locale) {
        PaneState::set_query(self, query, height, locale);
    }

    fn sort(&self) -> Option<Sort> {
        self.sort
    }

    fn sort_by(&mut self, column: ColumnKey, height: usize, locale: &Locale) {
        PaneState::sort_by(self, column, height, locale);
    }

    fn open_detail(&self) -> Option<Result<DetailState, String>> {
        self.selected_record().map(DetailState::open)
    }

    fn selected_id(&self) -> Option<String> {
        self.selected_record().map(|r| r.id().to_owned())
    }

    fn selected_json(&self, locale: &Locale) -> Option<String> {
        let record = self.selected_record()?;
        serde_json::to_string_pretty(&crate::domain::output::json_object(record, &locale.zone)).ok()
    }

    fn selected_raw(&self) -> Option<(String, String)> {
        self.selected_record()
            .map(|r| (r.id().to_owned(), r.raw().text()))
    }

    fn is_loading(&self) -> bool {
        self.loading
    }

    fn generation(&self) -> u64 {
        self.generation
    }

    fn begin_fetch(&mut self, now: Instant) -> u64 {
        PaneState::begin_fetch(self, now)
    }

    fn progress(&self) -> Option<Progress> {
        PaneState::progress(self)
    }

    fn loaded_at(&self) -> Option<Instant> {
        self.loaded_at
    }

    fn attempted_at(&self) -> Option<Instant> {
        self.attempted_at
    }

    fn cached(&self) -> Option<Cached> {
        self.cached
    }

    fn error(&self) -> Option<&LoadError> {
        self.error.as_ref()
    }

    fn partial(&self) -> Option<Pages> {
        self.partial
    }

    fn retry_at(&self) -> Option<Instant> {
        self.retry_at
    }

    fn set_retry_at(&mut self, at: Instant) {
        self.retry_at = Some(at);
    }

    fn failures(&self) -> u32 {
        self.failures
    }
}
