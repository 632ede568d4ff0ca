//! How a pane's columns read: a record's cell as the text shown (the filter searches exactly
//! that), times and ages. The columns themselves — title, sort letter, width — are declared
//! by each record type, with its other columns, in its descriptor.

use chrono::{DateTime, Datelike, FixedOffset, Utc};

use crate::domain::{Cell, ColumnKey, CustomerStatus, DeleteBy, Record, Resource, StaffStatus};
use crate::i18n::Locale;

/// A pane's column as its record type declares it (title, sort letter, width, how it reads).
pub use crate::domain::{ColumnSpec, PaneColumn as Col, Show};

/// The columns a pane shows: the account's only when more than one is configured.
pub fn shown(resource: Resource, many_accounts: bool) -> Vec<&'static Col> {
    of(resource)
        .iter()
        .filter(|c| many_accounts || c.key != ColumnKey::Account)
        .collect()
}

/// The columns of a pane.
pub fn of(resource: Resource) -> &'static [Col] {
    resource.describe().pane
}

/// A cell as text, the way the pane shows it (times with the clock time when `wide`).
pub fn text<R: Record>(record: &R, col: &Col, locale: &Locale, wide: bool) -> String {
    let Some(column) = R::column(col.key) else {
        return String::new();
    };
    match ((column.get)(record), col.show) {
        (Cell::Bool(true), Show::Flag { on, .. }) => locale.lang.pick(on).to_owned(),
        (Cell::Bool(false), Show::Flag { off, .. }) => locale.lang.pick(off).to_owned(),
        (Cell::Time(t), _) => time(t, &locale.zone, wide),
        (Cell::Status(CustomerStatus::Lost), _) => locale.lang.pick(["lost", "已流失"]).to_owned(),
        (Cell::Status(CustomerStatus::Normal), _) => {
            locale.lang.pick(["normal", "正常"]).to_owned()
        }
        (Cell::DeleteBy(DeleteBy::Customer), _) => {
            locale.lang.pick(["customer", "客户删除"]).to_owned()
        }
        (Cell::DeleteBy(DeleteBy::Staff), _) => locale.lang.pick(["staff", "员工删除"]).to_owned(),
        (Cell::DeleteBy(DeleteBy::Handover), _) => {
            locale.lang.pick(["handover", "在职转接"]).to_owned()
        }
        // The pane's column is ten cells wide: the short form there.
        (Cell::DeleteBy(DeleteBy::TransferFailed(_)), _) if wide => {
            locale.lang.pick(["handover failed", "转接失败"]).to_owned()
        }
        (Cell::DeleteBy(DeleteBy::TransferFailed(_)), _) => {
            locale.lang.pick(["handover ✗", "转接失败"]).to_owned()
        }
        (Cell::StaffStatus(status), _) => staff_status(status, locale.lang),
        (Cell::Origins(origins), _) => match (origins.wecom, origins.weiban) {
            (true, true) => locale.lang.pick(["WeCom+Weiban", "企微+微伴"]),
            (true, false) => locale.lang.pick(["WeCom", "企微"]),
            (false, true) => locale.lang.pick(["Weiban", "微伴"]),
            (false, false) => "",
        }
        .to_owned(),
        (Cell::Tags(tags), _) => tags
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        (Cell::List(items), _) => items.join(" "),
        (other, _) => other.to_text(&locale.zone),
    }
}

/// Whether a staff member works here, as people read it.
fn staff_status(status: StaffStatus, lang: crate::i18n::Lang) -> String {
    let words = match status {
        StaffStatus::Active => ["active", "在职"],
        StaffStatus::Disabled => ["disabled", "已禁用"],
        StaffStatus::Left => ["left", "已离职"],
        StaffStatus::Unknown(_) => return status.name(),
    };
    lang.pick(words).to_owned()
}

/// A time in the display zone: `2023-01-06 20:10`, or just the date when space is short.
pub fn time(t: Option<DateTime<Utc>>, zone: &FixedOffset, with_time: bool) -> String {
    match t {
        Some(t) if with_time => t.with_timezone(zone).format("%Y-%m-%d %H:%M").to_string(),
        Some(t) => t.with_timezone(zone).format("%Y-%m-%d").to_string(),
        None => String::new(),
    }
}

/// When something happened, in `width` cells, seen at `now`: the whole date and time when
/// there is room; else the time of day for today, the month, day and time earlier this year,
/// and the age ("5 min") when only that fits.
pub fn recent(t: Option<DateTime<Utc>>, locale: &Locale, width: u16, now: DateTime<Utc>) -> String {
    let Some(t) = t else {
        return String::new();
    };
    let (local, today) = (
        t.with_timezone(&locale.zone),
        now.with_timezone(&locale.zone),
    );
    let format = match width {
        16.. => "%Y-%m-%d %H:%M",
        5.. if local.date_naive() == today.date_naive() => "%H:%M",
        11.. if local.year() == today.year() => "%m-%d %H:%M",
        10.. => "%Y-%m-%d",
        _ => return age((now - t).num_seconds().max(0), locale.lang),
    };
    local.format(format).to_string()
}

/// An age in as few cells as it takes: `40 s`, `5 min`, `3 h`, `2 d`.
fn age(seconds: i64, lang: crate::i18n::Lang) -> String {
    let (n, unit) = match seconds {
        0..60 => (seconds, ["s", "秒"]),
        60..3600 => (seconds / 60, ["min", "分钟"]),
        3600..86_400 => (seconds / 3600, ["h", "小时"]),
        _ => (seconds / 86_400, ["d", "天"]),
    };
    lang.pick([format!("{n} {}", unit[0]), format!("{n}{}", unit[1])])
}

/// What the filter searches in a record: the text of every column of its pane, and its tag
/// names (for `#tag`).
pub fn haystack<R: Record>(record: &R, locale: &Locale) -> crate::engine::filter::Haystack {
    use crate::engine::filter::Field;
    // Not the account: `:account` narrows by it, and with one account its name would match
    // every row.
    let columns: Vec<&Col> = of(R::RESOURCE)
        .iter()
        .filter(|c| c.key != ColumnKey::Account)
        .collect();
    let texts: Vec<String> = columns
        .iter()
        .map(|c| text(record, c, locale, true))
        .collect();
    let tags: Vec<&str> = match R::column(ColumnKey::Tags).map(|c| (c.get)(record)) {
        Some(Cell::Tags(tags)) => tags.iter().map(|t| t.name.as_str()).collect(),
        Some(Cell::List(items)) => items.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let fields = columns.iter().zip(&texts).map(|(col, text)| Field {
        text,
        spelled: col.spelled,
    });
    crate::engine::filter::Haystack::new(fields, tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known<R: Record>() {
        for col in of(R::RESOURCE)
            .iter()
            .filter(|c| !matches!(c.show, Show::Triage | Show::Tally))
        {
            assert!(
                R::column(col.key).is_some(),
                "{}: {:?}",
                R::RESOURCE,
                col.key
            );
        }
    }

    #[test]
    fn every_column_is_a_record_column() {
        for &resource in Resource::ALL {
            crate::each_record_type!(resource, |R| known::<R>());
        }
    }

    #[test]
    fn sort_letters_are_unique_per_pane_and_free_of_list_keys() {
        let keymap = crate::app::Keymap::default();
        for &resource in Resource::ALL {
            let letters: Vec<char> = of(resource).iter().map(|c| c.letter).collect();
            for (i, l) in letters.iter().enumerate() {
                assert!(l.is_ascii_uppercase(), "{resource}: {l}");
                assert!(!letters[i + 1..].contains(l), "{resource}: {l} twice");
                let key = crossterm::event::KeyEvent::new(
                    crossterm::event::KeyCode::Char(*l),
                    crossterm::event::KeyModifiers::SHIFT,
                );
                if let Some(action) = keymap.action(&key) {
                    assert!(!action.in_list(), "{resource}: {l} is {action:?}");
                }
            }
        }
    }

    #[test]
    fn recent_times_fit_their_width() {
        let locale = Locale {
            zone: crate::json::de::beijing(),
            lang: crate::i18n::Lang::En,
        };
        // 2025-11-21 12:41 in Beijing.
        let now = DateTime::from_timestamp(1_763_700_060, 0).unwrap();
        let at = |secs_before: i64| Some(now - chrono::Duration::seconds(secs_before));
        assert_eq!(recent(at(60), &locale, 16, now), "2025-11-21 12:40");
        assert_eq!(recent(at(60), &locale, 5, now), "12:40");
        assert_eq!(recent(at(60), &locale, 13, now), "12:40");
        let two_days = 2 * 86_400;
        assert_eq!(recent(at(two_days), &locale, 11, now), "11-19 12:41");
        assert_eq!(recent(at(two_days), &locale, 10, now), "2025-11-19");
        assert_eq!(recent(at(two_days), &locale, 8, now), "2 d");
        assert_eq!(recent(at(400 * 86_400), &locale, 13, now), "2024-10-17");
        assert_eq!(recent(None, &locale, 16, now), "");
        let zh = Locale {
            lang: crate::i18n::Lang::Zh,
            ..locale
        };
        assert_eq!(recent(at(two_days), &zh, 8, now), "2天");
    }
}
