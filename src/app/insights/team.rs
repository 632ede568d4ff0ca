//! The team's side of Insights: where the alerts shown stand in triage, how long they waited
//! to be claimed and to be done, the won-back share, and the figures per handler and per staff
//! member whose customers left.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::count::median;
use crate::domain::triage::{Ledger, Outcome, State};
use crate::domain::{OutflowAlert, Record};

/// The rows listed per handler and per staff member.
pub const TOP: usize = 8;

/// One handler's (or one staff member's) counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub name: String,
    pub open: usize,
    pub claimed: usize,
    pub done: usize,
    pub won_back: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Team {
    pub open: usize,
    pub claimed: usize,
    pub done: usize,
    pub won_back: usize,
    /// Medians in minutes from the alert to its claim, and to its done, with how many each.
    pub to_claim: Option<i64>,
    pub claims: usize,
    pub to_done: Option<i64>,
    /// Who has or handled alerts: claimed now, done (credited to the claimer), won back.
    pub handlers: Vec<Tally>,
    /// The staff members whose customers left: their alerts open, claimed, done, won back.
    pub staff: Vec<Tally>,
}

impl Tally {
    /// Counts one alert where it stands.
    fn add(&mut self, state: &State) {
        match state {
            State::Open => self.open += 1,
            State::Claimed { .. } => self.claimed += 1,
            State::Done { outcome, .. } => {
                self.done += 1;
                self.won_back += usize::from(*outcome == Outcome::WonBack);
            }
        }
    }
}

impl Team {
    pub fn of<'a>(alerts: impl Iterator<Item = &'a OutflowAlert>, ledger: &Ledger) -> Team {
        let (mut to_claim, mut to_done) = (Vec::new(), Vec::new());
        let mut handlers: HashMap<String, Tally> = HashMap::new();
        let mut staff: HashMap<&str, Tally> = HashMap::new();
        for alert in alerts {
            let state = ledger.state(&alert.key());
            (staff.entry(alert.staff_key()))
                .or_insert_with(|| Tally {
                    name: alert.staff_name.clone(),
                    ..Tally::default()
                })
                .add(&state);
            if let Some(by) = state.by() {
                (handlers.entry(by.to_owned()))
                    .or_insert_with(|| Tally {
                        name: state.who().unwrap_or(by).to_owned(),
                        ..Tally::default()
                    })
                    .add(&state);
            }
            let minutes = |at: DateTime<Utc>| {
                alert
                    .outflow_at
                    .map(|from| (at - from).num_minutes().max(0))
            };
            match state {
                State::Open => {}
                State::Claimed { since, .. } => to_claim.extend(minutes(since)),
                State::Done { at, claimed_at, .. } => {
                    to_claim.extend(claimed_at.and_then(minutes));
                    to_done.extend(minutes(at));
                }
            }
        }
        // Every alert is one staff member's: the team's figures are theirs summed.
        let sum = |count: fn(&Tally) -> usize| staff.values().map(count).sum::<usize>();
        Team {
            open: sum(|t| t.open),
            claimed: sum(|t| t.claimed),
            done: sum(|t| t.done),
            won_back: sum(|t| t.won_back),
            claims: to_claim.len(),
            to_claim: median(&mut to_claim),
            to_done: median(&mut to_done),
            handlers: top(handlers.into_values(), |t| t.claimed + t.done),
            staff: top(staff.into_values(), |t| t.open + t.claimed + t.done),
        }
    }
}

/// The rows with the largest `size`, names breaking ties.
fn top(rows: impl Iterator<Item = Tally>, size: impl Fn(&Tally) -> usize) -> Vec<Tally> {
    let mut rows: Vec<Tally> = rows.collect();
    rows.sort_by(|a, b| size(b).cmp(&size(a)).then_with(|| a.name.cmp(&b.name)));
    rows.truncate(TOP);
    rows
}
