//! The state of one list pane: its records, the selection (kept by id across refreshes), the
//! scroll offset, and how fresh the data is.

use std::time::Instant;

use super::DetailState;
use crate::domain::Record;

#[derive(Debug)]
pub struct PaneState<R> {
    pub records: Vec<R>,
    pub selected: usize,
    /// The first row on screen.
    pub offset: usize,
    /// Incremented for each fetch; results of older fetches are dropped.
    pub generation: u64,
    pub loading: bool,
    /// When the last complete load finished.
    pub loaded_at: Option<Instant>,
    /// The records on screen are an incomplete load (shown only when nothing better exists).
    pub partial: bool,
    /// The last refresh's error, until a refresh succeeds.
    pub error: Option<String>,
}

impl<R> Default for PaneState<R> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
            selected: 0,
            offset: 0,
            generation: 0,
            loading: false,
            loaded_at: None,
            partial: false,
            error: None,
        }
    }
}

impl<R: Record> PaneState<R> {
    pub fn selected_record(&self) -> Option<&R> {
        self.records.get(self.selected)
    }

    /// Moves the selection to `index` (clamped) and scrolls it into a view of `height` rows.
    pub fn select(&mut self, index: usize, height: usize) {
        self.selected = index.min(self.records.len().saturating_sub(1));
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
        let max_offset = self.records.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    /// Replaces the records, keeping the selection on the same record (by id) when it is still
    /// there, and on the same row otherwise.
    pub fn replace(&mut self, records: Vec<R>, height: usize) {
        let selected_key = self.selected_record().map(Record::key);
        self.records = records;
        let index = selected_key
            .and_then(|key| self.records.iter().position(|r| r.key() == key))
            .unwrap_or(self.selected);
        // Keep the selected row where it was on screen, if possible.
        let row_on_screen = self.selected.saturating_sub(self.offset);
        self.selected = index.min(self.records.len().saturating_sub(1));
        self.offset = self.selected.saturating_sub(row_on_screen);
        self.scroll(height);
    }
}

/// What `update` needs of any list pane, whatever its record type.
pub trait ListPane {
    /// The selected row and the first row on screen.
    fn position(&self) -> (usize, usize);
    fn select(&mut self, index: usize, height: usize);
    fn move_by(&mut self, delta: isize, height: usize);
    fn scroll(&mut self, height: usize);
    /// The detail view of the selected record.
    fn open_detail(&self) -> Option<Result<DetailState, String>>;
    fn is_loading(&self) -> bool;
    fn generation(&self) -> u64;
    /// Marks a new fetch as under way and returns its generation.
    fn begin_fetch(&mut self) -> u64;
    fn loaded_at(&self) -> Option<Instant>;
}

impl<R: Record> ListPane for PaneState<R> {
    fn position(&self) -> (usize, usize) {
        (self.selected, self.offset)
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

    fn open_detail(&self) -> Option<Result<DetailState, String>> {
        self.selected_record().map(DetailState::open)
    }

    fn is_loading(&self) -> bool {
        self.loading
    }

    fn generation(&self) -> u64 {
        self.generation
    }

    fn begin_fetch(&mut self) -> u64 {
        self.generation += 1;
        self.loading = true;
        self.generation
    }

    fn loaded_at(&self) -> Option<Instant> {
        self.loaded_at
    }
}

impl<R: Record> PaneState<R> {
    /// Applies a finished fetch: complete results replace the records; after an error the last
    /// good data stays, and an incomplete load is shown (as partial) only when there is none.
    pub fn apply(
        &mut self,
        records: Vec<R>,
        complete: bool,
        finished_at: Instant,
        error: Option<String>,
        height: usize,
    ) {
        self.loading = false;
        if complete {
            self.replace(records, height);
            self.loaded_at = Some(finished_at);
            self.partial = false;
            self.error = None;
        } else {
            if self.records.is_empty() || self.partial {
                self.replace(records, height);
                self.partial = true;
            }
            self.error = error;
        }
    }
}
