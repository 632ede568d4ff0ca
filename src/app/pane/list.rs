//! A list pane whatever its record type, as `update` and the UI see it.

use std::time::Instant;

use super::{PaneState, PaneStatus, Sort};
use crate::app::{AppError, DetailState};
use crate::domain::{Account, AccountScope, ColumnKey, Record};
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
    fn set_scope(&mut self, scope: AccountScope, height: usize, locale: &Locale);
    /// The accounts its records name, each once.
    fn accounts(&self) -> Vec<Account>;
    fn sort_by(&mut self, column: ColumnKey, height: usize, locale: &Locale);
    /// The detail view of the selected record.
    fn open_detail(&self) -> Option<Result<DetailState, AppError>>;
    /// The selected record's id, and the record as `get` prints it (JSON).
    fn selected_id(&self) -> Option<String>;
    fn selected_json(&self, locale: &Locale) -> Option<String>;
    /// The selected record's id and the vendor's raw object.
    fn selected_raw(&self) -> Option<(String, String)>;
    /// The keys of the records held, in the order they came.
    fn record_keys(&self) -> Vec<String>;
    /// The selected record's key, and selecting a record by key (false when no row shows it).
    fn selected_key(&self) -> Option<String>;
    fn select_key(&mut self, key: &str, height: usize) -> bool;
    /// How its loads stand.
    fn status(&self) -> &PaneStatus;
    fn status_mut(&mut self) -> &mut PaneStatus;
    /// Marks a new fetch as under way and returns its generation.
    fn begin_fetch(&mut self, now: Instant) -> u64;
}

impl<R: Record> ListPane for PaneState<R> {
    fn position(&self) -> (usize, usize) {
        (self.selected, self.offset)
    }

    fn counts(&self) -> (usize, usize) {
        (self.view.len(), self.total())
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

    fn set_scope(&mut self, scope: AccountScope, height: usize, locale: &Locale) {
        PaneState::set_scope(self, scope, height, locale);
    }

    fn accounts(&self) -> Vec<Account> {
        let mut accounts: Vec<Account> = Vec::new();
        for record in self.records.iter() {
            // Records come account by account: the last one seen is the likely match.
            if accounts.last() != Some(record.account()) && !accounts.contains(record.account()) {
                accounts.push(record.account().clone());
            }
        }
        accounts
    }

    fn sort_by(&mut self, column: ColumnKey, height: usize, locale: &Locale) {
        PaneState::sort_by(self, column, height, locale);
    }

    fn open_detail(&self) -> Option<Result<DetailState, AppError>> {
        self.selected_record().map(DetailState::open)
    }

    fn record_keys(&self) -> Vec<String> {
        self.records.iter().map(|r| r.key()).collect()
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

    fn selected_key(&self) -> Option<String> {
        self.selected_record().map(Record::key)
    }

    fn select_key(&mut self, key: &str, height: usize) -> bool {
        PaneState::select_key(self, key, height)
    }

    fn status(&self) -> &PaneStatus {
        &self.status
    }

    fn status_mut(&mut self) -> &mut PaneStatus {
        &mut self.status
    }

    fn begin_fetch(&mut self, now: Instant) -> u64 {
        PaneState::begin_fetch(self, now)
    }
}
