//! One typed cell of a record, as text, JSON or a sort key.

use chrono::{DateTime, FixedOffset, Utc};

use super::{CustomerStatus, DeleteBy, Origins, StaffStatus, Tag};

/// One cell of a record, typed, so that JSON output keeps booleans and lists as such.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    Bool(bool),
    Time(Option<DateTime<Utc>>),
    List(&'a [String]),
    Tags(&'a [Tag]),
    Count(Option<u64>),
    Status(CustomerStatus),
    StaffStatus(StaffStatus),
    DeleteBy(&'a DeleteBy),
    /// Where an outflow alert came from.
    Origins(Origins),
}

impl Cell<'_> {
    /// The cell as plain text (CSV, the panes), with times in `zone` as RFC 3339.
    pub fn to_text(&self, zone: &FixedOffset) -> String {
        match self {
            Cell::Text(s) => (*s).to_owned(),
            Cell::Bool(b) => b.to_string(),
            Cell::Time(t) => t.map(|t| rfc3339(t, zone)).unwrap_or_default(),
            Cell::List(items) => items.join(";"),
            Cell::Tags(tags) => tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            Cell::Count(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Cell::Status(status) => status.name().to_owned(),
            Cell::StaffStatus(status) => status.name(),
            Cell::DeleteBy(by) => by.name().to_owned(),
            Cell::Origins(origins) => origins.names().join(";"),
        }
    }

    /// Orders two cells of one column, for sorting: text by its characters (ignoring ASCII
    /// case), times and counts by value (missing first), lists by their first items.
    pub fn compare(&self, other: &Cell) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        fn text(a: &str, b: &str) -> Ordering {
            let lower = |c: char| c.to_ascii_lowercase();
            a.chars()
                .map(lower)
                .cmp(b.chars().map(lower))
                .then_with(|| a.cmp(b))
        }
        match (self, other) {
            (Cell::Text(a), Cell::Text(b)) => text(a, b),
            (Cell::Bool(a), Cell::Bool(b)) => a.cmp(b),
            (Cell::Time(a), Cell::Time(b)) => a.cmp(b),
            (Cell::Count(a), Cell::Count(b)) => a.cmp(b),
            (Cell::Status(a), Cell::Status(b)) => text(a.name(), b.name()),
            (Cell::StaffStatus(a), Cell::StaffStatus(b)) => text(&a.name(), &b.name()),
            (Cell::DeleteBy(a), Cell::DeleteBy(b)) => text(a.name(), b.name()),
            (Cell::Origins(a), Cell::Origins(b)) => a.names().cmp(&b.names()),
            (Cell::List(a), Cell::List(b)) => {
                let (a, b) = (a.iter().map(String::as_str), b.iter().map(String::as_str));
                a.zip(b)
                    .map(|(a, b)| text(a, b))
                    .find(|o| o.is_ne())
                    .unwrap_or_else(|| self.len().cmp(&other.len()))
            }
            (Cell::Tags(a), Cell::Tags(b)) => {
                let (a, b) = (
                    a.iter().map(|t| t.name.as_str()),
                    b.iter().map(|t| t.name.as_str()),
                );
                a.zip(b)
                    .map(|(a, b)| text(a, b))
                    .find(|o| o.is_ne())
                    .unwrap_or_else(|| self.len().cmp(&other.len()))
            }
            // Never mixed within a column.
            _ => Ordering::Equal,
        }
    }

    fn len(&self) -> usize {
        match self {
            Cell::List(items) => items.len(),
            Cell::Tags(tags) => tags.len(),
            _ => 1,
        }
    }

    /// The cell as a JSON value (`get --format json`).
    pub fn to_json(&self, zone: &FixedOffset) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Cell::Text(s) => Value::from(*s),
            Cell::Bool(b) => Value::from(*b),
            Cell::Time(t) => t.map_or(Value::Null, |t| Value::from(rfc3339(t, zone))),
            Cell::List(items) => Value::from(items.to_vec()),
            Cell::Tags(tags) => {
                Value::from(tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
            }
            Cell::Count(n) => n.map_or(Value::Null, Value::from),
            Cell::Status(status) => Value::from(status.name()),
            Cell::StaffStatus(status) => Value::from(status.name()),
            Cell::DeleteBy(by) => Value::from(by.name()),
            Cell::Origins(origins) => Value::from(origins.names()),
        }
    }
}

/// RFC 3339 with the zone's offset, whole seconds.
pub fn rfc3339(t: DateTime<Utc>, zone: &FixedOffset) -> String {
    t.with_timezone(zone)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_carry_the_offset() {
        let zone = FixedOffset::east_opt(8 * 3600).unwrap();
        let t = DateTime::from_timestamp(1_673_007_003, 0);
        assert_eq!(Cell::Time(t).to_text(&zone), "2023-01-06T20:10:03+08:00");
        assert_eq!(Cell::Time(None).to_json(&zone), serde_json::Value::Null);
    }
}
