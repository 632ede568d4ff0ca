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
    /// Team mode: the sync's last run is this old.
    Synced(Duration),
    Stale(Duration),
    Cached(Duration),
}

pub fn of(app: &App, pane: &dyn ListPane, resource: Resource, now: Instant) -> Option<Freshness> {
    if let Some(at) = pane.status().loaded_at {
        let age = now.saturating_duration_since(at);
        let stale = app
            .period(resource)
            .is_some_and(|period| age > period * STALE_AFTER_PERIODS);
        return Some(if stale {
            Freshness::Stale(age)
        } else if app.settings.team {
            Freshness::Synced(age)
        } else {
            Freshness::Loaded(age)
        });
    }
    pane.status()
        .cached
        .map(|c| Freshness::Cached(c.age_at(now)))
}

pub fn describe(freshness: Freshness, lang: Lang) -> String {
    let age = |age| age_label(age, lang);
    lang.pick(match freshness {
        Freshness::Loaded(a) => [format!("loaded {}", age(a)), format!("{}加载", age(a))],
        Freshness::Synced(a) => [format!("synced {}", age(a)), format!("{}同步", age(a))],
        Freshness::Stale(a) => [
            format!("⚠ stale: loaded {}", age(a)),
            format!("⚠ 数据已过期：{}加载", age(a)),
        ],
        Freshness::Cached(a) => [format!("cached {}", age(a)), format!("缓存于{}", age(a))],
    })
}

/// The freshness of a pane as text (for redraw decisions and the status line).
pub fn text(app: &App, pane: &dyn ListPane, resource: Resource, now: Instant) -> Option<String> {
    of(app, pane, resource, now).map(|f| describe(f, app.settings.lang))
}

/// "just now", "12s ago", "3 min ago", "2 h ago", "3 d ago": how fresh the data is.
pub fn age_label(age: Duration, lang: Lang) -> String {
    let s = age.as_secs();
    lang.pick(match s {
        0..5 => [String::from("just now"), String::from("刚刚")],
        5..60 => [format!("{s}s ago"), format!("{s} 秒前")],
        60..3600 => [format!("{} min ago", s / 60), format!("{} 分钟前", s / 60)],
        3600..86_400 => [
            format!("{} h ago", s / 3600),
            format!("{} 小时前", s / 3600),
        ],
        _ => [
            format!("{} d ago", s / 86_400),
            format!("{} 天前", s / 86_400),
        ],
    })
}

/// What the Outflow pane says about WeCom's callback, in team mode when the sync receives it:
/// live, or when its events may be missing (`true`: a warning) and whether Weiban's poll,
/// which reaches back, covers that time.
pub fn wecom_note(app: &App) -> Option<(String, bool)> {
    let listening = app.live.listening.as_ref()?;
    let lang = app.settings.lang;
    let zone = app.settings.zone;
    let time = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone).format("%m-%d %H:%M");
    let covered = if listening.covered {
        lang.pick(["; Weiban's poll covers it", "；微伴轮询可补齐"])
    } else {
        ""
    };
    let Some(gap) = listening.gaps.last() else {
        return Some((lang.pick(["WeCom live", "企微实时"]).to_owned(), false));
    };
    let more = listening.gaps.len() - 1;
    let more = match (more, lang) {
        (0, _) => String::new(),
        (n, Lang::En) => format!(" (+{n} earlier)"),
        (n, Lang::Zh) => format!("（另有 {n} 段更早）"),
    };
    let text = match gap.to {
        None => lang.pick([
            format!(
                "⚠ WeCom not received since {}{more}{covered}",
                time(gap.from)
            ),
            format!("⚠ 企微回调自 {} 起未接收{more}{covered}", time(gap.from)),
        ]),
        Some(to) => lang.pick([
            format!(
                "⚠ WeCom events may be missing {}–{}{more}{covered}",
                time(gap.from),
                time(to)
            ),
            format!(
                "⚠ 企微事件可能缺失 {}–{}{more}{covered}",
                time(gap.from),
                time(to)
            ),
        ]),
    };
    Some((text, true))
}

/// What the status line says of the team's sync (`true`: a warning): the host that leads,
/// or that none does (nothing is being pulled), or the stalest resource behind its schedule.
pub fn sync_note(app: &App, now: chrono::DateTime<chrono::Utc>) -> Option<(String, bool)> {
    let state = app.live.sync.as_ref()?;
    let lang = app.settings.lang;
    let Some(host) = &state.leader else {
        let text = lang.pick([
            "⚠ no sync leads: nothing is pulled",
            "⚠ 没有同步在运行：数据不再更新",
        ]);
        return Some((text.to_owned(), true));
    };
    let Some(stale) = state.stale.first() else {
        return Some((
            lang.pick([format!("sync: {host}"), format!("同步：{host}")]),
            false,
        ));
    };
    let noun = super::names::noun(stale.resource, lang);
    let every = age_label(stale.every, lang);
    let every = every.trim_end_matches(" ago").trim_end_matches('前');
    let more = match state.stale.len() - 1 {
        0 => String::new(),
        n => format!(" (+{n})"),
    };
    let text = match stale.written {
        Some(at) => {
            let ago = age_label((now - at).to_std().unwrap_or_default(), lang);
            lang.pick([
                format!("⚠ sync stale: {noun} last written {ago} (every {every}){more}"),
                format!("⚠ 同步滞后：{noun}最后写入于{ago}（每 {every}）{more}"),
            ])
        }
        None => lang.pick([
            format!("⚠ sync stale: {noun} never written (every {every}){more}"),
            format!("⚠ 同步滞后：{noun}从未写入（每 {every}）{more}"),
        ]),
    };
    Some((text, true))
}
