//! The Outflow pane's triage facts, built from the ledger whenever it or "me" changes: what
//! the filter's `is:`/`by:` and the triage sort read.

use std::sync::Arc;

use super::super::App;
use crate::app::pane::FactTable;
use crate::domain::triage::{Ledger, Me, Phase, State};
use crate::engine::filter::Facts;

impl App {
    /// The source said whom this dashboard acts as.
    pub(crate) fn on_triage_me(&mut self, me: Me) {
        self.triage.may_triage = Some(me.may_triage);
        if self.triage.me.as_ref() != Some(&me.name) {
            self.triage.me = Some(me.name);
            self.refresh_facts();
        }
    }

    /// Counts the Outflow pane's open alerts again (after its records or the log changed).
    pub(crate) fn count_open(&mut self) {
        if self.triage.read {
            let open = self.panes.outflow.count_phase(Phase::Open);
            if self.triage.open != Some(open) {
                self.triage.open = Some(open);
            }
        }
    }

    /// Hands the Outflow pane the facts of the ledger as it now stands.
    pub(crate) fn refresh_facts(&mut self) {
        let table = fact_table(&self.triage.ledger, self.triage.me.as_deref());
        let (height, locale) = (self.list_rows(), self.locale());
        self.panes
            .outflow
            .set_facts(Arc::new(table), height, &locale);
        self.refresh_tallies();
    }
}

/// The facts of every alert the log names; the others are open.
pub fn fact_table(ledger: &Ledger, me: Option<&str>) -> FactTable {
    let by_key = ledger
        .states()
        .filter(|(_, state)| !state.is_open())
        .map(|(key, state)| (key.to_owned(), facts(&state, me)))
        .collect();
    FactTable {
        by_key,
        rest: Facts::open(),
    }
}

fn facts(state: &State, me: Option<&str>) -> Facts {
    let by = state.by().unwrap_or_default();
    let who = state.who().filter(|w| *w != by).unwrap_or_default();
    Facts::triage(state.phase(), [by, who], me.is_some_and(|me| me == by))
}
