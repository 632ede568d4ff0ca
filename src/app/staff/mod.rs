//! The Staff pane's own: each staff member's alerts counted from the Outflow pane's records
//! and the triage log (its Outflow, Open and Claimed columns), and the directory's name for a
//! staff member other records name by id only.

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use super::App;
use super::pane::FactTable;
use crate::domain::triage::{Ledger, Phase};
use crate::domain::{Account, OutflowAlert, Record, Shared, StaffMember};
use crate::engine::filter::{Facts, Tally};

/// The counts of the staff members, by record key, and what they were counted from (so they
/// are counted again only when that moved).
#[derive(Debug, Default)]
pub struct Tallies {
    table: Arc<FactTable>,
    /// The alerts' and the directory's lists (by address and length: a load appends in
    /// place) and the log's last event.
    counted_from: Option<[i64; 6]>,
}

impl Tallies {
    /// Counts each staff member's alerts again if the alerts, the directory or the log moved;
    /// the new counts, when they were.
    fn recount(
        &mut self,
        alerts: &Shared<OutflowAlert>,
        staff: &Shared<StaffMember>,
        ledger: &Ledger,
        read: bool,
    ) -> Option<Arc<FactTable>> {
        let from = [
            Arc::as_ptr(alerts) as i64,
            alerts.len() as i64,
            Arc::as_ptr(staff) as i64,
            staff.len() as i64,
            ledger.last_seq(),
            i64::from(read),
        ];
        if self.counted_from == Some(from) {
            return None;
        }
        let by_staff = count_alerts(alerts, ledger, read);
        let by_key = staff
            .iter()
            .map(|member| (member.key(), Facts::counts(tally_of(member, &by_staff))))
            .collect();
        self.table = Arc::new(FactTable {
            by_key,
            rest: Facts::counts(Tally::default()),
        });
        self.counted_from = Some(from);
        Some(self.table.clone())
    }

    /// A staff member's counts, by the record's key.
    pub fn of(&self, key: &str) -> Tally {
        self.table
            .by_key
            .get(key)
            .map(|facts| facts.tally)
            .unwrap_or_default()
    }
}

/// Every alert loaded, counted by the staff member it names (account and id); open and
/// claimed only once the log has been read.
fn count_alerts(
    alerts: &[Arc<OutflowAlert>],
    ledger: &Ledger,
    read: bool,
) -> HashMap<(Account, String), Tally> {
    let mut by_staff: HashMap<(Account, String), Tally> = HashMap::new();
    for alert in alerts {
        let tally = by_staff
            .entry((alert.account.clone(), alert.staff_key().to_owned()))
            .or_default();
        tally.outflow += 1;
        if !read {
            continue;
        }
        match ledger.state(&alert.key()).phase() {
            Phase::Open => tally.open += 1,
            Phase::Claimed => tally.claimed += 1,
            Phase::Done => {}
        }
    }
    by_staff
}

/// A member's counts: the alerts that name them by userid, and those that named them by
/// Weiban's number instead.
fn tally_of(member: &StaffMember, by_staff: &HashMap<(Account, String), Tally>) -> Tally {
    let key = |id: &str| (member.account.clone(), id.to_owned());
    let mut tally = by_staff
        .get(&key(&member.userid))
        .copied()
        .unwrap_or_default();
    if member.number != member.userid
        && let Some(more) = by_staff.get(&key(&member.number))
    {
        tally.outflow += more.outflow;
        tally.open += more.open;
        tally.claimed += more.claimed;
    }
    tally
}

impl App {
    /// The staff members' counts onto the Staff pane, when what they count moved.
    pub(crate) fn refresh_tallies(&mut self) {
        let (alerts, staff) = (&self.panes.outflow.records, &self.panes.staff.records);
        let triage = &self.triage;
        if let Some(table) = self
            .tallies
            .recount(alerts, staff, &triage.ledger, triage.read)
        {
            let (height, locale) = (self.list_rows(), self.locale());
            self.panes.staff.set_facts(table, height, &locale);
        }
    }

    /// The directory's name for the staff member `id` names (a WeCom userid or Weiban's
    /// number) in `account`, when the directory is loaded and knows them.
    pub fn staff_name(&self, account: &Account, id: &str) -> Option<&str> {
        self.panes
            .staff
            .records
            .iter()
            .find(|m| &m.account == account && m.is(id) && !m.name.is_empty())
            .map(|m| m.name.as_str())
    }
}
