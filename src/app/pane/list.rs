//! A list pane whatever its record type, as `update` and the UI see it.

use std::time::Instant;

use super::{Cached, LoadError, Pages, PaneState, Sort};
use crate::app::DetailState;
use crate::domain::{ColumnKey, Progress, Record};
use crate::engine::filter::Query;
use crate::i18n::Locale;

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
