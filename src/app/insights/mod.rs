//! Insights (`5`): what the loaded outflow alerts say together — per hour over the last day,
//! per day over the look-back window, who deleted whom, the staff members and tags that lose
//! the most customers, and how long lost customers had been customers. Over the alerts the
//! Outflow pane shows, so its filter applies.

mod count;
mod team;
mod update;

pub use team::{Tally, Team};

use chrono::NaiveDate;

use super::App;
use crate::engine::keymap::Action;

/// The staff rows listed.
pub const TOP_STAFF: usize = 10;
/// The tags listed.
pub const TOP_TAGS: usize = 8;

/// The Insights view's own state: the staff row selected (`Enter` filters Outflow by it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InsightsView {
    pub selected: usize,
}

/// What Insights asks of the app after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Moved among the staff.
    Moved,
    /// Open Outflow filtered to the staff member selected.
    FilterByStaff,
    /// Back to the Outflow list.
    Back,
    /// Not one of its own: it acts as everywhere (panes, filter, refresh, help, quit).
    NotMine,
}

impl InsightsView {
    /// A key's action, with `staff` rows to choose among.
    pub fn on_action(&mut self, action: Action, staff: usize) -> Reply {
        let last = staff.saturating_sub(1);
        self.selected = match action {
            Action::Down => (self.selected + 1).min(last),
            Action::Up => self.selected.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Open => return Reply::FilterByStaff,
            Action::Back => return Reply::Back,
            _ => return Reply::NotMine,
        };
        Reply::Moved
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffCount {
    pub id: String,
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insights {
    pub total: usize,
    /// Alerts per hour, oldest first; the last is the hour under way.
    pub hourly: Vec<u64>,
    /// The local hour (0–23) of the first bucket.
    pub first_hour: u32,
    /// Alerts per local day, oldest first, ending today.
    pub daily: Vec<(NaiveDate, u64)>,
    /// Who ended the relation: the customer, the staff member, unknown.
    pub by_customer: usize,
    pub by_staff: usize,
    pub by_other: usize,
    pub staff: Vec<StaffCount>,
    pub tags: Vec<(String, usize)>,
    /// The median retention in days, over the alerts whose retention is known, and how many.
    pub median_retention: Option<i64>,
    pub retention_known: usize,
}

/// A share as a whole percentage of `total`.
pub fn percent(part: usize, total: usize) -> usize {
    (part * 100 + total / 2).checked_div(total).unwrap_or(0)
}

impl App {
    /// The team's triage of the alerts the Outflow pane shows, once the log has been read.
    pub fn team_insights(&self) -> Option<Team> {
        self.triage
            .read
            .then(|| Team::of(self.panes.outflow.rows(0), &self.triage.ledger))
    }

    /// The Insights of the alerts the Outflow pane shows.
    pub fn insights(&self) -> Insights {
        Insights::of(
            self.panes.outflow.rows(0),
            self.wall,
            &self.settings.zone,
            self.settings.lookback_days,
            |a| self.contexts.of(a).map(|c| &c.detail),
        )
    }
}
