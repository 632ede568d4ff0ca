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

impl Team {
    pub fn of<'a>(alerts: impl Iterator<Item = &'a OutflowAlert>, ledger: &Ledger) -> Team {
        let mut team = Team::default();
        let (mut to_claim, mut to_done) = (Vec::new(), Vec::new());
        let mut handlers: HashMap<String, Tally> = HashMap::new();
        let mut staff: HashMap<&str, Tally> = HashMap::new();
        for alert in alerts {
            let state = ledger.state(&alert.key());
            let row = staff.entry(alert.staff_key()).or_insert_with(|| Tally {
                name: alert.staff_name.clone(),
                ..Tally::default()
            });
            let minutes = |at: DateTime<Utc>| {
                alert
                    .outflow_at
                    .map(|from| (at - from).num_minutes().max(0))
            };
            let handler = state.by().map(|by| {
                handlers.entry(by.to_owned()).or_insert_with(|| Tally {
                    name: state.who().unwrap_or(by).to_owned(),
                    ..Tally::default()
                })
            });
            match state {
                State::Open => {
                    team.open += 1;
                    row.open += 1;
                }
                State::Claimed { since, .. } => {
                    team.claimed += 1;
                    row.claimed += 1;
                    to_claim.extend(minutes(since));
                    if let Some(h) = handler {
                        h.claimed += 1;
                    }
                }
                State::Done {
                    outcome,
                    at,
                    claimed_at,
                    ..
                } => {
                    let won = usize::from(outcome == Outcome::WonBack);
                    team.done += 1;
                    team.won_back += won;
                    row.done += 1;
                    row.won_back += won;
                    to_claim.extend(claimed_at.and_then(minutes));
                    to_done.extend(minutes(at));
                    if let Some(h) = handler {
                        h.done += 1;
                        h.won_back += won;
                    }
                }
            }
        }
        team.claims = to_claim.len();
        team.to_claim = median(&mut to_claim);
        team.to_done = median(&mut to_done);
        team.handlers = top(handlers.into_values(), |t| t.claimed + t.done);
        team.staff = top(staff.into_values(), |t| t.open + t.claimed + t.done);
        team
    }
}

/// The rows with the largest `size`, names breaking ties.
fn top(rows: impl Iterator<Item = Tally>, size: impl Fn(&Tally) -> usize) -> Vec<Tally> {
    let mut rows: Vec<Tally> = rows.collect();
    rows.sort_by(|a, b| size(b).cmp(&size(a)).then_with(|| a.name.cmp(&b.name)));
    rows.truncate(TOP);
    rows
}
