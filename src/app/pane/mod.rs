//! The state of one list pane: its records, the rows shown (filtered and sorted), the selection
//! (kept by record key across refreshes, filters and sorts), the scroll offset, and how fresh
//! the data is.

use std::cmp::Ordering;
use std::sync::Arc;
use std::time::Instant;

mod facts;
mod held;
mod list;
mod load;
mod panes;
mod update;

pub use facts::FactTable;
pub use list::ListPane;
pub use load::{Cached, Finished, LoadError, Pages};
pub use panes::{Paned, Panes, Shown};

use crate::domain::{AccountScope, ColumnKey, Progress, Record, Shared};
use crate::engine::filter::{Facts, Haystack, Query, Tally};
use crate::i18n::Locale;

/// The sort of a pane: a column key and the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: ColumnKey,
    pub descending: bool,
}

#[derive(Debug)]
pub struct PaneState<R> {
    /// Shared so that the offline cache can be written from them off the UI task.
    pub records: Shared<R>,
    /// Indices into `records` of the rows shown, in display order.
    view: Vec<u32>,
    /// The selected row (an index into the rows shown).
    pub selected: usize,
    /// The first row on screen.
    pub offset: usize,
    /// Rows that refreshes put above the selection since it last sat on the first row: the
    /// title counts them (`↑ 3 new`) while nothing moves under the user.
    pub new_above: usize,
    pub query: Query,
    pub sort: Option<Sort>,
    /// Which accounts' records are shown (`:account`).
    pub scope: AccountScope,
    /// The searchable text of each record, built when a filter first needs it.
    haystacks: Vec<Haystack>,
    /// What the filter's `is:`/`by:` and the triage sort read of each record, gathered from
    /// `fact_table` when first needed; cleared when either changes.
    facts: Vec<Facts>,
    fact_table: Option<Arc<FactTable>>,
    /// How its loads stand: what the status line, the tabs and the retries read.
    pub status: PaneStatus,
    /// The load under way puts its records straight on screen (nothing was shown when it
    /// began); otherwise they gather in `incoming` and replace the records when it completes.
    streaming: bool,
    incoming: Vec<Arc<R>>,
    /// While a load gathers: the records shown, so that those it brings back unchanged are
    /// kept rather than copied.
    held: Option<held::Held<R>>,
}

/// How a pane's loads stand, whatever its record type: one value the status line, the tabs,
/// the freshness label and the retries read, instead of a getter each.
#[derive(Debug, Clone, Default)]
pub struct PaneStatus {
    /// Incremented for each fetch; results of older fetches are dropped.
    pub generation: u64,
    pub loading: bool,
    /// How far the load under way has come.
    pub progress: Option<Progress>,
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
}

impl<R> Default for PaneState<R> {
    fn default() -> Self {
        Self {
            records: Arc::new(Vec::new()),
            view: Vec::new(),
            selected: 0,
            offset: 0,
            new_above: 0,
            query: Query::default(),
            sort: None,
            scope: AccountScope::All,
            haystacks: Vec::new(),
            facts: Vec::new(),
            fact_table: None,
            status: PaneStatus::default(),
            streaming: false,
            incoming: Vec::new(),
            held: None,
        }
    }
}

impl<R: Record> PaneState<R> {
    /// The records there are, quiet ones (shown only under a filter) not counted.
    pub fn total(&self) -> usize {
        if R::MAY_BE_QUIET {
            self.records.iter().filter(|r| !r.quiet()).count()
        } else {
            self.records.len()
        }
    }

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
        self.records.get(index as usize).map(|r| &**r)
    }

    /// The rows shown, from `start`, in display order.
    pub fn rows(&self, start: usize) -> impl Iterator<Item = &R> {
        self.view
            .iter()
            .skip(start)
            .filter_map(|&i| self.records.get(i as usize).map(|r| &**r))
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
        if self.selected == 0 {
            self.new_above = 0;
        }
        self.scroll(height);
    }

    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.select(self.selected.saturating_add_signed(delta), height);
    }

    /// Selects the record with `key`; false when no row shows it.
    pub fn select_key(&mut self, key: &str, height: usize) -> bool {
        let found = self.rows(0).position(|r| r.key() == key);
        match found {
            Some(row) => {
                self.select(row, height);
                true
            }
            None => false,
        }
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

    /// Replaces the records. A selection on the first row follows new rows in at the top (like
    /// `tail -f`); any other stays on the same record (by key) where it was on screen, or on the
    /// same row when its record is gone, and the rows that came in above it are counted in
    /// `new_above`. The filter and the sort stay.
    pub fn replace(&mut self, records: Vec<Arc<R>>, height: usize, locale: &Locale) {
        let following = self.selected == 0;
        let selected_key = self.selected_record().map(Record::key);
        let before = self.selected;
        self.records = Arc::new(records);
        self.haystacks.clear();
        self.facts.clear();
        self.view = self.build_view(locale);
        if following {
            self.offset = 0;
            return self.select(0, height);
        }
        self.reselect(selected_key, height);
        self.new_above += self.selected.saturating_sub(before);
    }

    /// Applies a new filter. Typing more of a query only narrows, so then just the rows
    /// already shown are scanned.
    pub fn set_query(&mut self, query: Query, height: usize, locale: &Locale) {
        if query == self.query {
            return;
        }
        let selected = self.selected_index();
        // From no filter, quiet records (shown only under one) are not in the view yet.
        let narrows = query.narrows(&self.query) && !(R::MAY_BE_QUIET && self.query.is_empty());
        self.query = query;
        if narrows && self.haystacks.len() == self.records.len() {
            if self.query.asks_facts() {
                self.gather_facts();
            }
            let (query, haystacks, facts) = (&self.query, &self.haystacks, &self.facts);
            let none = Facts::default();
            self.view.retain(|&i| {
                let i = i as usize;
                haystacks
                    .get(i)
                    .is_some_and(|h| query.matches(h, facts.get(i).unwrap_or(&none)))
            });
        } else {
            self.view = self.build_view(locale);
        }
        self.reselect_index(selected, height);
    }

    /// Shows one account's records, or every account's; the filter and the sort stay.
    pub fn set_scope(&mut self, scope: AccountScope, height: usize, locale: &Locale) {
        if scope == self.scope {
            return;
        }
        let selected = self.selected_index();
        self.scope = scope;
        self.view = self.build_view(locale);
        self.reselect_index(selected, height);
    }

    /// Records in scope: the account `:account` names, or all.
    fn in_scope(&self, index: u32) -> bool {
        match &self.scope {
            AccountScope::All => true,
            scope => self
                .records
                .get(index as usize)
                .is_some_and(|r| scope.admits(r.account())),
        }
    }

    /// Sorts by a column; the same column again reverses the order.
    pub fn sort_by(&mut self, column: ColumnKey, height: usize, locale: &Locale) {
        let descending = self
            .sort
            .is_some_and(|s| s.column == column && !s.descending);
        self.sort = Some(Sort { column, descending });
        let selected = self.selected_index();
        self.view = self.build_view(locale);
        self.reselect_index(selected, height);
    }

    /// The shown rows for the current records, filter and sort. The sort is stable: equal
    /// rows keep the vendor's order.
    fn build_view(&mut self, locale: &Locale) -> Vec<u32> {
        let all = 0..u32::try_from(self.records.len()).unwrap_or(u32::MAX);
        if self.uses_facts() {
            self.gather_facts();
        }
        let mut view: Vec<u32> = if self.query.is_empty() {
            let records = &self.records;
            let loud =
                |i: &u32| !R::MAY_BE_QUIET || records.get(*i as usize).is_some_and(|r| !r.quiet());
            all.filter(|&i| self.in_scope(i)).filter(loud).collect()
        } else {
            // Records are only ever appended to (or replaced, which clears the haystacks).
            if let Some(new) = self.records.get(self.haystacks.len()..) {
                let new: Vec<Haystack> = new
                    .iter()
                    .map(|r| super::columns::haystack(&**r, locale))
                    .collect();
                self.haystacks.extend(new);
            }
            let (query, haystacks, facts) = (&self.query, &self.haystacks, &self.facts);
            let none = Facts::default();
            all.filter(|&i| self.in_scope(i))
                .filter(|&i| {
                    let i = i as usize;
                    haystacks
                        .get(i)
                        .is_some_and(|h| query.matches(h, facts.get(i).unwrap_or(&none)))
                })
                .collect()
        };
        if let Some(sort) = self.sort {
            self.sort_view(&mut view, sort);
        }
        view
    }

    /// Orders the rows by the sort's column: the record's, or (triage) the facts'.
    fn sort_view(&self, view: &mut [u32], sort: Sort) {
        let order = |order: Ordering| {
            if sort.descending {
                order.reverse()
            } else {
                order
            }
        };
        if sort.column == ColumnKey::Triage {
            let facts = &self.facts;
            let key = |i: &u32| facts.get(*i as usize).map(|f| (f.phase, &f.by));
            view.sort_by(|a, b| order(key(a).cmp(&key(b))));
        } else if Tally::default().get(sort.column).is_some() {
            let facts = &self.facts;
            let key = |i: &u32| {
                facts
                    .get(*i as usize)
                    .and_then(|f| f.tally.get(sort.column))
            };
            view.sort_by(|a, b| order(key(a).cmp(&key(b))));
        } else if let Some(column) = R::column(sort.column) {
            let records = &self.records;
            let key = |i: &u32| records.get(*i as usize).map(|r| (column.get)(r));
            view.sort_by(|a, b| {
                order(match (key(a), key(b)) {
                    (Some(a), Some(b)) => a.compare(&b),
                    _ => Ordering::Equal,
                })
            });
        }
    }

    /// Puts the selection back on the record with `key` if it is shown, else keeps the row
    /// number; keeps the selected row where it was on screen, if possible.
    fn reselect(&mut self, key: Option<String>, height: usize) {
        let row = key.and_then(|key| self.rows(0).position(|r| r.key() == key));
        self.select_row_or_stay(row, height);
    }

    /// The selected record's index in the records.
    pub(super) fn selected_index(&self) -> Option<u32> {
        self.view.get(self.selected).copied()
    }

    /// After the view changed but the records did not: the same record, found by its index
    /// (no key is built per row, which cost more than the filter itself).
    pub(super) fn reselect_index(&mut self, index: Option<u32>, height: usize) {
        let row = index.and_then(|index| self.view.iter().position(|&i| i == index));
        self.select_row_or_stay(row, height);
    }

    fn select_row_or_stay(&mut self, row: Option<usize>, height: usize) {
        let index = row.unwrap_or(self.selected);
        let row_on_screen = self.selected.saturating_sub(self.offset);
        self.selected = index.min(self.view.len().saturating_sub(1));
        self.offset = self.selected.saturating_sub(row_on_screen);
        self.scroll(height);
    }
}
