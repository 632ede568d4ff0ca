//! How fresh a pane's data is: loaded some time ago, stale after three missed refresh periods,
//! or shown from the offline cache until the first load completes.

use std::time::{Duration, Instant};

use super::{App, ListPane};
use crate::domain::Resource;
use crate::i18n::Lang;

/// Missed refresh periods before the age turns into a stale warning.
pub const STALE_AFTER_PERIODS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Loaded(Duration),
    Stale(Duration),
    Cached(Duration),
}

pub fn of(app: &App, pane: &dyn ListPane, resource: Resource, now: Instant) -> Option<Freshness> {
    if let Some(at) = pane.loaded_at() {
        let age = now.saturating_duration_since(at);
        let stale = app
            .period(resource)
            .is_some_and(|period| age > period * STALE_AFTER_PERIODS);
        return Some(if stale {
            Freshness::Stale(age)
        } else {
            Freshness::Loaded(age)
        });
    }
    pane.cached().map(|c| Freshness::Cached(c.age_at(now)))
}

pub fn describe(freshness: Freshness, lang: Lang) -> String {
    match (freshness, lang) {
        (Freshness::Loaded(age), Lang::En) => format!("loaded {}", age_label(age, lang)),
        (Freshness::Loaded(age), Lang::Zh) => format!("{}加载", age_label(age, lang)),
        (Freshness::Stale(age), Lang::En) => format!("⚠ stale: loaded {}", age_label(age, lang)),
        (Freshness::Stale(age), Lang::Zh) => {
            format!("⚠ 数据已过期：{}加载", age_label(age, lang))
        }
        (Freshness::Cached(age), Lang::En) => format!("cached {}", age_label(age, lang)),
        (Freshness::Cached(age), Lang::Zh) => format!("缓存于{}", age_label(age, lang)),
    }
}

/// The freshness of a pane as text (for redraw decisions and the status line).
pub fn text(app: &App, pane: &dyn ListPane, resource: Resource, now: Instant) -> Option<String> {
    of(app, pane, resource, now).map(|f| describe(f, app.lang))
}

/// "just now", "12s ago", "3 min ago", "2 h ago", "3 d ago": how fresh the data is.
pub fn age_label(age: Duration, lang: Lang) -> String {
    let s = age.as_secs();
    match (lang, s) {
        (Lang::En, 0..5) => String::from("just now"),
        (Lang::En, 5..60) => format!("{s}s ago"),
        (Lang::En, 60..3600) => format!("{} min ago", s / 60),
        (Lang::En, 3600..86_400) => format!("{} h ago", s / 3600),
        (Lang::En, _) => format!("{} d ago", s / 86_400),
        (Lang::Zh, 0..5) => String::from("刚刚"),
        (Lang::Zh, 5..60) => format!("{s} 秒前"),
        (Lang::Zh, 60..3600) => format!("{} 分钟前", s / 60),
        (Lang::Zh, 3600..86_400) => format!("{} 小时前", s / 3600),
        (Lang::Zh, _) => format!("{} 天前", s / 86_400),
    }
}
