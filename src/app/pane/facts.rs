//! Facts about a pane's records kept outside them — the triage of outflow alerts — looked up
//! by record key once per record and change of the log, so that a keystroke reads a vector.

use std::collections::HashMap;
use std::sync::Arc;

use super::PaneState;
use crate::domain::triage::Phase;
use crate::domain::{ColumnKey, Record};
use crate::engine::filter::{Facts, Tally};
use crate::i18n::Locale;

/// The facts of the records that have any, by key; a record not in it has `rest` (an alert
/// nobody has touched is open).
#[derive(Debug, Default)]
pub struct FactTable {
    pub by_key: HashMap<String, Facts, foldhash::fast::RandomState>,
    pub rest: Facts,
}

impl<R: Record> PaneState<R> {
    /// New facts (the log moved): the rows shown are chosen again when the filter or the sort
    /// asks about them, the selection staying on its record.
    pub fn set_facts(&mut self, table: Arc<FactTable>, height: usize, locale: &Locale) {
        self.fact_table = Some(table);
        self.facts.clear();
        if self.uses_facts() {
            let selected = self.selected_index();
            self.view = self.build_view(locale);
            self.reselect_index(selected, height);
        }
    }

    /// How many records are in `phase` (the Outflow tab counts the open alerts).
    pub fn count_phase(&mut self, phase: Phase) -> usize {
        self.gather_facts();
        // Within the account shown (`:account`).
        (0..self.facts.len())
            .filter(|&i| self.facts.get(i).is_some_and(|f| f.phase == Some(phase)))
            .filter(|&i| u32::try_from(i).is_ok_and(|i| self.in_scope(i)))
            .count()
    }

    /// Whether the filter or the sort reads the facts.
    pub(super) fn uses_facts(&self) -> bool {
        let kept_apart = |column: ColumnKey| {
            column == ColumnKey::Triage || Tally::default().get(column).is_some()
        };
        self.query.asks_facts() || self.sort.is_some_and(|s| kept_apart(s.column))
    }

    /// Looks up the facts of the records that came since the last look.
    pub(super) fn gather_facts(&mut self) {
        let Some(new) = self.records.get(self.facts.len()..) else {
            return;
        };
        let table = self.fact_table.as_deref();
        let found = new.iter().map(|record| match table {
            Some(table) => table
                .by_key
                .get(&record.key())
                .unwrap_or(&table.rest)
                .clone(),
            None => Facts::default(),
        });
        let found: Vec<Facts> = found.collect();
        self.facts.extend(found);
    }
}
