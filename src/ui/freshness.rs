//! How fresh a pane's data is: loaded some time ago, stale after three missed refresh periods,
//! or shown from the offline cache until the first load completes.

use std::time::{Duration, Instant};

use ratatui::style::Style;

use crate::app::{App, Level, ListPane, age_label};
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

/// The freshness of a pane with the style to show it in.
pub fn label(app: &App, pane: &dyn ListPane, resource: Resource) -> Option<(String, Style)> {
    let freshness = of(app, pane, resource, app.now)?;
    let style = match freshness {
        Freshness::Loaded(_) => app.theme.dim(),
        Freshness::Stale(_) | Freshness::Cached(_) => app.theme.level(Level::Warn),
    };
    Some((describe(freshness, app.lang), style))
}
