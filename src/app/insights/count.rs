//! Counting the alerts into [`Insights`]: each in its hour and day of the charts (in the
//! dashboard's zone), by who ended the relation, its staff member and tags, how long the
//! customer had stayed.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Timelike, Utc};

use super::{Insights, StaffCount, TOP_STAFF, TOP_TAGS};
use crate::domain::{AlertStory, CustomerDetail, DeleteBy, OutflowAlert};

impl Insights {
    /// The alerts' insights at `now`, the days charted ending today; `detail`: a customer's
    /// detail, when fetched (for the retention an alert does not say).
    pub fn of<'a>(
        alerts: impl Iterator<Item = &'a OutflowAlert>,
        now: DateTime<Utc>,
        zone: &FixedOffset,
        days: u32,
        detail: impl Fn(&OutflowAlert) -> Option<&'a CustomerDetail>,
    ) -> Insights {
        let span = Span::new(now.with_timezone(zone), days);
        let mut insights = span.empty();
        let mut ranks = Ranks::default();
        // A handover (or one that failed) is no loss.
        for alert in alerts.filter(|a| a.delete_by.is_outflow()) {
            insights.total += 1;
            if let Some(at) = alert.outflow_at {
                span.count(&mut insights, at.with_timezone(zone));
            }
            match alert.delete_by {
                DeleteBy::Customer => insights.by_customer += 1,
                DeleteBy::Staff => insights.by_staff += 1,
                DeleteBy::Other(_) | DeleteBy::Handover | DeleteBy::TransferFailed(_) => {
                    insights.by_other += 1
                }
            }
            // The alert's own relation usually says; the detail only when it does not.
            let stayed = AlertStory::of(alert, None).retention_days.or_else(|| {
                detail(alert).and_then(|d| AlertStory::of(alert, Some(d)).retention_days)
            });
            ranks.add(alert, stayed);
        }
        ranks.rank(&mut insights);
        insights
    }
}

/// The hours and days the charts cover: the 24 hours up to the one under way, and the days
/// up to today.
struct Span {
    first_hour: DateTime<FixedOffset>,
    first_day: NaiveDate,
    days: i64,
}

impl Span {
    fn new(now: DateTime<FixedOffset>, days: u32) -> Span {
        let into_hour = i64::from(now.minute() * 60 + now.second());
        let hour_start = now - Duration::seconds(into_hour);
        let days = i64::from(days.clamp(1, 366));
        Span {
            first_hour: hour_start - Duration::hours(23),
            first_day: now.date_naive() - Duration::days(days - 1),
            days,
        }
    }

    /// Insights with nothing counted yet.
    fn empty(&self) -> Insights {
        Insights {
            total: 0,
            hourly: vec![0; 24],
            first_hour: self.first_hour.hour(),
            daily: (0..self.days)
                .map(|d| (self.first_day + Duration::days(d), 0))
                .collect(),
            by_customer: 0,
            by_staff: 0,
            by_other: 0,
            staff: Vec::new(),
            tags: Vec::new(),
            median_retention: None,
            retention_known: 0,
        }
    }

    /// Counts a loss at `at` in its hour and its day, when they are charted.
    fn count(&self, insights: &mut Insights, at: DateTime<FixedOffset>) {
        let hour = (at - self.first_hour).num_hours();
        if at >= self.first_hour
            && let Some(slot) = usize::try_from(hour)
                .ok()
                .and_then(|h| insights.hourly.get_mut(h))
        {
            *slot += 1;
        }
        let day = (at.date_naive() - self.first_day).num_days();
        if let Some((_, n)) = usize::try_from(day)
            .ok()
            .and_then(|d| insights.daily.get_mut(d))
        {
            *n += 1;
        }
    }
}

/// The staff members and tags that lose the most customers, and how long those had stayed.
#[derive(Default)]
struct Ranks<'a> {
    staff: HashMap<&'a str, StaffCount>,
    tags: HashMap<&'a str, usize>,
    retention: Vec<i64>,
}

impl<'a> Ranks<'a> {
    fn add(&mut self, alert: &'a OutflowAlert, stayed: Option<i64>) {
        self.staff
            .entry(alert.staff_key())
            .or_insert_with(|| StaffCount {
                id: alert.staff_key().to_owned(),
                name: alert.staff_name.clone(),
                count: 0,
            })
            .count += 1;
        for tag in &alert.tags {
            *self.tags.entry(tag.as_str()).or_default() += 1;
        }
        self.retention.extend(stayed);
    }

    /// The top staff and tags, most first (ties by name), and the median retention.
    fn rank(mut self, insights: &mut Insights) {
        let mut staff: Vec<StaffCount> = self.staff.into_values().collect();
        staff.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        staff.truncate(TOP_STAFF);
        insights.staff = staff;
        let mut tags: Vec<(String, usize)> = self
            .tags
            .into_iter()
            .map(|(t, n)| (t.to_owned(), n))
            .collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        tags.truncate(TOP_TAGS);
        insights.tags = tags;
        insights.retention_known = self.retention.len();
        insights.median_retention = median(&mut self.retention);
    }
}

/// The median, the lower of the two middle values when there is an even number.
pub(super) fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let middle = (values.len() - 1) / 2;
    let (_, m, _) = values.select_nth_unstable(middle);
    Some(*m)
}
