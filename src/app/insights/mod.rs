//! Insights (`5`): what the loaded outflow alerts say together — per hour over the last day,
//! per day over the look-back window, who deleted whom, the staff members and tags that lose
//! the most customers, and how long lost customers had been customers. Over the alerts the
//! Outflow pane shows, so its filter applies.

mod team;
mod update;

pub use team::{Tally, Team};

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Timelike, Utc};

use super::App;
use crate::domain::{AlertStory, DeleteBy, OutflowAlert};
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

impl Insights {
    pub fn of<'a>(
        alerts: impl Iterator<Item = &'a OutflowAlert>,
        now: DateTime<Utc>,
        zone: &FixedOffset,
        days: u32,
        detail: impl Fn(&OutflowAlert) -> Option<&'a crate::domain::CustomerDetail>,
    ) -> Insights {
        let local_now = now.with_timezone(zone);
        let hour_start =
            local_now - Duration::seconds(i64::from(local_now.minute() * 60 + local_now.second()));
        let first_hour_start = hour_start - Duration::hours(23);
        let today = local_now.date_naive();
        let days = i64::from(days.clamp(1, 366));
        let first_day = today - Duration::days(days - 1);
        let mut insights = Insights {
            total: 0,
            hourly: vec![0; 24],
            first_hour: first_hour_start.hour(),
            daily: (0..days)
                .map(|d| (first_day + Duration::days(d), 0))
                .collect(),
            by_customer: 0,
            by_staff: 0,
            by_other: 0,
            staff: Vec::new(),
            tags: Vec::new(),
            median_retention: None,
            retention_known: 0,
        };
        let mut staff: HashMap<&str, StaffCount> = HashMap::new();
        let mut tags: HashMap<&str, usize> = HashMap::new();
        let mut retention: Vec<i64> = Vec::new();
        // A handover (or one that failed) is no loss.
        for alert in alerts.filter(|a| a.delete_by.is_outflow()) {
            insights.total += 1;
            if let Some(at) = alert.outflow_at.map(|t| t.with_timezone(zone)) {
                let hours = (at - first_hour_start).num_hours();
                if at >= first_hour_start
                    && let Some(slot) = usize::try_from(hours)
                        .ok()
                        .and_then(|h| insights.hourly.get_mut(h))
                {
                    *slot += 1;
                }
                let day = (at.date_naive() - first_day).num_days();
                if let Some((_, n)) = usize::try_from(day)
                    .ok()
                    .and_then(|d| insights.daily.get_mut(d))
                {
                    *n += 1;
                }
            }
            match alert.delete_by {
                DeleteBy::Customer => insights.by_customer += 1,
                DeleteBy::Staff => insights.by_staff += 1,
                DeleteBy::Other(_) | DeleteBy::Handover | DeleteBy::TransferFailed(_) => {
                    insights.by_other += 1
                }
            }
            staff
                .entry(alert.staff_key())
                .or_insert_with(|| StaffCount {
                    id: alert.staff_key().to_owned(),
                    name: alert.staff_name.clone(),
                    count: 0,
                })
                .count += 1;
            for tag in &alert.tags {
                *tags.entry(tag.as_str()).or_default() += 1;
            }
            // The alert's own relation usually says; the detail only when it does not.
            let days = AlertStory::of(alert, None).retention_days.or_else(|| {
                detail(alert).and_then(|d| AlertStory::of(alert, Some(d)).retention_days)
            });
            if let Some(days) = days {
                retention.push(days);
            }
        }
        let mut staff: Vec<StaffCount> = staff.into_values().collect();
        staff.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        staff.truncate(TOP_STAFF);
        insights.staff = staff;
        let mut tags: Vec<(String, usize)> =
            tags.into_iter().map(|(t, n)| (t.to_owned(), n)).collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        tags.truncate(TOP_TAGS);
        insights.tags = tags;
        insights.retention_known = retention.len();
        insights.median_retention = median(&mut retention);
        insights
    }
}

/// The median, the lower of the two middle values when there is an even number.
fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let middle = (values.len() - 1) / 2;
    let (_, m, _) = values.select_nth_unstable(middle);
    Some(*m)
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
