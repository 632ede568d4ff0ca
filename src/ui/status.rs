//! The two bottom lines: key hints (or a flash message), and the status of the active pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::freshness;
use crate::app::names;
use crate::app::{Action, App, DetailState, Front, Level, ListPane, Prompt};
use crate::domain::Resource;
use crate::i18n::Lang;
use crate::i18n::text;
use crate::ui::theme::Theme;

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

pub fn spinner(frame: usize) -> char {
    SPINNER[frame % SPINNER.len()]
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, hints: Rect, status: Rect) {
    frame.render_widget(
        Paragraph::new(hint_line(app, theme, usize::from(hints.width))),
        hints,
    );
    let line = status_line(app, theme, app.list(app.pane), app.pane);
    frame.render_widget(Paragraph::new(line), status);
}

/// The flash message if there is one, else the keys that matter here.
fn hint_line(app: &App, theme: &Theme, width: usize) -> Line<'static> {
    if let Some(flash) = &app.flash {
        let icon = match flash.level {
            Level::Info => "✓",
            Level::Warn => "⚠",
            Level::Error => "✗",
        };
        let message = text::truncate(&format!(" {icon} {}", flash.text), width);
        return Line::styled(message, theme.level(flash.level));
    }
    if !app.pending_keys.is_empty() {
        // The start of a sequence (`g` of `g g`) waits for its next key.
        let typed: Vec<String> = app.pending_keys.iter().map(ToString::to_string).collect();
        let waiting = format!(
            " {} … {}",
            typed.join(" "),
            app.settings
                .lang
                .pick(["(next key; Esc cancels)", "（等待下一个键；Esc 取消）"])
        );
        return Line::styled(text::truncate(&waiting, width), theme.key());
    }
    let hints = match app.front() {
        Front::Prompt(prompt) => prompt_hints(app, prompt),
        Front::Help => help_hints(app),
        Front::Value => value_hints(app),
        Front::Picker => picker_hints(app),
        Front::Messages => messages_hints(app),
        Front::Related => related_hints(app),
        Front::Insights => insights_hints(app),
        Front::Detail => app
            .detail()
            .map(|d| detail_hints(app, d))
            .unwrap_or_default(),
        Front::List => list_hints(app),
    };
    fit(hints, theme, width)
}

fn help_hints(app: &App) -> Vec<Hint> {
    let t = |words| app.settings.lang.pick(words);
    let k = |action: Action| app.settings.keymap.hint(action);
    vec![
        (
            format!("{}/{}", k(Action::Down), k(Action::Up)),
            t(["scroll", "滚动"]),
        ),
        (String::from("Esc"), t(["close", "关闭"])),
    ]
}

fn value_hints(app: &App) -> Vec<Hint> {
    let t = |words| app.settings.lang.pick(words);
    let k = |action: Action| app.settings.keymap.hint(action);
    vec![
        (k(Action::CopyId), t(["copy id", "复制 id"])),
        (k(Action::CopyJson), t(["copy JSON", "复制 JSON"])),
        (
            format!("{}/{}", k(Action::Down), k(Action::Up)),
            t(["scroll", "滚动"]),
        ),
        (String::from("Esc"), t(["close", "关闭"])),
    ]
}

fn picker_hints(app: &App) -> Vec<Hint> {
    let t = |words| app.settings.lang.pick(words);
    let key = String::from;
    vec![
        (key("1-4"), t(["outcome", "结果"])),
        (key("Tab"), t(["outcome/note", "结果/备注"])),
        (key("Enter"), t(["done", "完成"])),
        (key("Alt-Enter"), t(["new line", "换行"])),
        (key("Esc"), t(["cancel", "取消"])),
    ]
}

fn messages_hints(app: &App) -> Vec<Hint> {
    let t = |words| app.settings.lang.pick(words);
    let k = |action: Action| app.settings.keymap.hint(action);
    vec![
        (
            format!("{}/{}", k(Action::Down), k(Action::Up)),
            t(["move", "移动"]),
        ),
        (k(Action::CopyId), t(["copy message", "复制消息"])),
        (String::from("Esc"), t(["close", "关闭"])),
    ]
}

fn related_hints(app: &App) -> Vec<Hint> {
    let t = |words| app.settings.lang.pick(words);
    let k = |action: Action| app.settings.keymap.hint(action);
    vec![
        (
            format!("{}/{}", k(Action::Down), k(Action::Up)),
            t(["move", "移动"]),
        ),
        (k(Action::Open), t(["go to", "跳转"])),
        (k(Action::Back), t(["close", "关闭"])),
    ]
}

/// A key (as the keymap names it) and what it does, in the UI's language.
type Hint = (String, &'static str);

/// As many hints as fit in `width`, whole.
fn fit(hints: Vec<Hint>, theme: &Theme, width: usize) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, what) in hints {
        let cost = text::width(&key) + text::width(what) + 4;
        if used + cost > width {
            break;
        }
        used += cost;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {what}   "), theme.dim()));
    }
    Line::from(spans)
}

fn prompt_hints(app: &App, prompt: Prompt) -> Vec<Hint> {
    let t = |words| app.settings.lang.pick(words);
    let key = String::from;
    match prompt {
        Prompt::Search => vec![
            (key("Enter"), t(["keep", "保留"])),
            (key("Esc"), t(["clear", "清除"])),
            (key("↑/↓"), t(["history", "历史"])),
        ],
        Prompt::Filter => vec![
            (key("Enter"), t(["keep filter", "保留过滤"])),
            (key("Esc"), t(["clear", "清除"])),
            (key("Ctrl-U"), t(["erase", "清空输入"])),
        ],
        Prompt::Command => vec![
            (key("Tab"), t(["complete", "补全"])),
            (key("Enter"), t(["run", "执行"])),
            (key("Esc"), t(["cancel", "取消"])),
        ],
    }
}

fn detail_hints(app: &App, detail: &DetailState) -> Vec<Hint> {
    let t = |words| app.settings.lang.pick(words);
    let k = |action: Action| app.settings.keymap.hint(action);
    let mut hints = Vec::new();
    if detail
        .search
        .as_ref()
        .is_some_and(|s| !s.matches.is_empty())
    {
        hints.push((
            format!("{}/{}", k(Action::SearchNext), k(Action::SearchPrev)),
            t(["next/previous match", "下一处/上一处"]),
        ));
    }
    hints.extend([
        (
            format!("{}/{}", k(Action::Open), k(Action::Expand)),
            t(["expand", "展开"]),
        ),
        (k(Action::Collapse), t(["collapse", "折叠"])),
        (k(Action::Back), t(["back", "返回"])),
    ]);
    if detail.alert.is_some() {
        hints.push((k(Action::Refresh), t(["story again", "刷新概况"])));
    }
    if matches!(detail.resource, Resource::Outflow | Resource::Customers) {
        hints.push((k(Action::Related), t(["related", "相关"])));
    }
    hints.extend([
        (k(Action::Help), t(["help", "帮助"])),
        (k(Action::CopyId), t(["copy value", "复制值"])),
        (k(Action::ToggleRaw), t(["raw JSON", "原始 JSON"])),
    ]);
    hints
}

fn insights_hints(app: &App) -> Vec<Hint> {
    let t = |words| app.settings.lang.pick(words);
    let k = |action: Action| app.settings.keymap.hint(action);
    vec![
        (
            format!("{}/{}", k(Action::Down), k(Action::Up)),
            t(["staff", "选择员工"]),
        ),
        (k(Action::Open), t(["Outflow of staff", "该员工的流失"])),
        (k(Action::Filter), t(["filter", "过滤"])),
        (k(Action::Back), t(["back", "返回"])),
        (k(Action::Help), t(["help", "帮助"])),
        (k(Action::Quit), t(["quit", "退出"])),
    ]
}

fn list_hints(app: &App) -> Vec<Hint> {
    let t = |words| app.settings.lang.pick(words);
    let k = |action: Action| app.settings.keymap.hint(action);
    let mut hints = vec![
        (k(Action::Open), t(["detail", "详情"])),
        (k(Action::Filter), t(["filter", "过滤"])),
    ];
    if matches!(app.pane, Resource::Outflow | Resource::Customers) {
        hints.push((k(Action::Related), t(["related", "相关"])));
    }
    hints.extend([
        (k(Action::CopyId), t(["copy id", "复制 id"])),
        (k(Action::Help), t(["help", "帮助"])),
        (k(Action::Command), t(["command", "命令"])),
        (k(Action::Export), t(["export", "导出"])),
        (String::from("Shift-A…Z"), t(["sort", "排序"])),
        (k(Action::Refresh), t(["refresh", "刷新"])),
        (k(Action::Quit), t(["quit", "退出"])),
    ]);
    hints
}

/// "12 400 / 100 000"; "12 400 / 66 800+" while a vendor has not said how many it has.
pub fn progress_text(progress: crate::domain::Progress) -> String {
    format!(
        "{} / {}{}",
        text::count(progress.loaded as usize),
        text::count(progress.expected as usize),
        if progress.open_ended { "+" } else { "" }
    )
}

/// "partial: 6 of 10 pages": an incomplete load on screen.
pub fn partial_text(pages: crate::app::pane::Pages, lang: Lang) -> String {
    let got = pages.got;
    lang.pick(match pages.expected {
        Some(expected) => [
            format!("partial: {got} of {expected} pages"),
            format!("数据不完整：{got} / {expected} 页"),
        ],
        None => [
            format!("partial: {got} pages, more were due"),
            format!("数据不完整：已到 {got} 页，仍有未到"),
        ],
    })
}

/// Whole seconds until the pane's next attempt after a failure (at least 1); for live
/// outflow, the next poll.
pub fn retry_in(app: &App, pane: &dyn ListPane, resource: Resource) -> Option<u64> {
    let at = match pane.status().retry_at {
        Some(at) => at,
        None if resource == Resource::Outflow => app.live.next_poll?,
        None => return None,
    };
    let left = at.saturating_duration_since(app.now);
    Some(left.as_secs_f64().ceil().max(1.0) as u64)
}

/// Vendor, count, freshness, the spinner while loading, the error of the last refresh.
fn status_line(app: &App, theme: &Theme, pane: &dyn ListPane, resource: Resource) -> Line<'static> {
    let lang = app.settings.lang;
    let sources: Vec<&str> = app.sources(resource).iter().map(|v| v.name()).collect();
    let mut spans = Vec::new();
    if sources.is_empty() {
        spans.push(Span::styled(
            format!(" {}", app.settings.lang.pick(["not configured", "未配置"])),
            theme.dim(),
        ));
        return Line::from(spans);
    }
    spans.push(Span::styled(
        format!(" {} ", sources.join(", ")),
        theme.title(),
    ));
    let (shown, total) = pane.counts();
    let noun = names::noun(resource, lang);
    // A filter or `:account` shows part of them: both counts.
    let count = if pane.query().is_empty() && shown == total {
        text::count(total)
    } else {
        format!("{} / {}", text::count(shown), text::count(total))
    };
    spans.push(Span::raw(lang.pick([
        format!("· {count} {noun} "),
        format!("· {count} 条{noun} "),
    ])));
    match freshness::label(app, theme, pane, resource) {
        Some((label, style)) => spans.push(Span::styled(format!("· {label} "), style)),
        // A partial load says so below; "never loaded" would only crowd the line.
        None if !pane.status().loading && pane.status().partial.is_none() => {
            spans.push(Span::styled(
                format!(
                    "· {} ",
                    app.settings.lang.pick(["never loaded", "尚未加载"])
                ),
                theme.dim(),
            ))
        }
        None => {}
    }
    if pane.status().loading {
        let label = match pane.status().progress {
            Some(progress) if progress.expected > 0 => format!(
                "{} {}",
                app.settings.lang.pick(["loading", "加载中"]),
                progress_text(progress)
            ),
            _ => app.settings.lang.pick(["loading…", "加载中…"]).to_owned(),
        };
        spans.push(Span::styled(
            format!("{} {label} ", spinner(app.spinner)),
            theme.key(),
        ));
    }
    spans.extend(trouble(app, theme, pane, resource));
    spans.extend(live_and_sync(app, theme, resource));
    Line::from(spans)
}

/// The live poll's note (Outflow) and the team's sync: a warning about the sync first, so a
/// narrow line keeps it; the leading host's name last.
fn live_and_sync(app: &App, theme: &Theme, resource: Resource) -> Vec<Span<'static>> {
    let (warning, host) = match freshness::sync(app, theme) {
        Some((span, true)) => (Some(span), None),
        Some((span, false)) => (None, Some(span)),
        None => (None, None),
    };
    let live =
        (resource == Resource::Outflow && app.live.next_poll.is_some()).then(|| live(app, theme));
    warning.into_iter().chain(live).chain(host).collect()
}

/// A partial load, and the last error with when the next attempt comes.
fn trouble(
    app: &App,
    theme: &Theme,
    pane: &dyn ListPane,
    resource: Resource,
) -> Vec<Span<'static>> {
    let lang = app.settings.lang;
    let mut spans = Vec::new();
    if let Some(pages) = pane.status().partial {
        spans.push(Span::styled(
            format!("· {} ", partial_text(pages, lang)),
            theme.level(Level::Warn),
        ));
    }
    if let Some(error) = pane.status().error.as_ref() {
        let refresh = app.settings.keymap.hint(Action::Refresh);
        let next = match (pane.status().loading, retry_in(app, pane, resource)) {
            (true, _) => String::new(),
            (false, Some(secs)) => {
                lang.pick([format!(", retry in {secs} s"), format!("，{secs} 秒后重试")])
            }
            (false, None) => lang.pick([
                format!(", {refresh} retries"),
                format!("，按 {refresh} 重试"),
            ]),
        };
        spans.push(Span::styled(
            format!("· ⚠ {}{next} ", text::clean(&error.summary)),
            theme.level(Level::Error),
        ));
    }
    spans
}

/// Live outflow: polling every so often, or paused with alerts waiting.
fn live(app: &App, theme: &Theme) -> Span<'static> {
    let lang = app.settings.lang;
    let live = &app.live;
    let pause = app.settings.keymap.hint(Action::Pause);
    let every = app.settings.poll_every.as_secs();
    let text = lang.pick(match (live.paused, live.buffered.len()) {
        (true, 0) => [
            format!("· PAUSED ({pause} resumes) "),
            format!("· 已暂停（按 {pause} 继续） "),
        ],
        (true, n) => [
            format!("· PAUSED, {n} new waiting ({pause} resumes) "),
            format!("· 已暂停，{n} 条新提醒待显示（按 {pause} 继续） "),
        ],
        (false, _) => [
            format!("· live, every {every}s "),
            format!("· 实时，每 {every} 秒 "),
        ],
    });
    let style = if live.paused {
        theme.level(Level::Warn)
    } else {
        theme.level(Level::Info)
    };
    Span::styled(text, style)
}
