//! Formatting of values for the screen.

use chrono::{DateTime, FixedOffset, Utc};

/// A time in the display zone: `2023-01-06 20:10`, or just the date when space is short.
pub fn time(t: Option<DateTime<Utc>>, zone: &FixedOffset, with_time: bool) -> String {
    match t {
        Some(t) if with_time => t.with_timezone(zone).format("%Y-%m-%d %H:%M").to_string(),
        Some(t) => t.with_timezone(zone).format("%Y-%m-%d").to_string(),
        None => String::new(),
    }
}
