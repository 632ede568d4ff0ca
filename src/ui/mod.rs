//! Rendering: `render(&App, &Theme)`, a pure function of the model. One file per pane and
//! view, plus the status lines and the theme. Nothing here knows a vendor's wire format.

pub mod customers;
pub mod detail;
pub mod freshness;
pub mod help;
pub mod insights;
pub mod messages;
pub mod operators;
pub mod outflow;
pub mod pane;
pub mod popup;
pub mod related;
pub mod staff;
pub mod status;
pub mod stores;
pub mod table;
pub mod team;
pub mod theme;
pub mod triage;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::layout::Areas;
use crate::app::names;
use crate::app::{App, Body, Front, Overlay, PANES, Popup, Prompt};
use crate::domain::Resource;
use crate::i18n::text;
use crate::ui::theme::Theme;

/// Below this size only a note is drawn.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

/// The active pane's list, by its resource's own file here (named as its pane's field).
macro_rules! pane_render {
    ([$app:expr, $theme:expr, $frame:expr, $area:expr] $($variant:ident $field:ident => $ty:ty;)*) => {
        match $app.pane {
            $(Resource::$variant => $field::render($app, $theme, $frame, $area),)*
        }
    };
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let note = format!("terminal too small ({}×{})", area.width, area.height);
        frame.render_widget(
            Paragraph::new(note)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let areas = Areas::new(area, app.input().is_some());
    tabs(app, theme, frame, areas.tabs);
    status::render(app, theme, frame, areas.hints, areas.status);
    // The body: the related window is drawn over the body it was opened on.
    match app.body.beneath() {
        Body::Detail(detail) => detail::render(app, theme, detail, frame, areas.body),
        Body::Insights(_) => insights::render(app, theme, frame, areas.body),
        Body::List | Body::Related(_) => {
            crate::resources!(pane_render, app, theme, frame, areas.body)
        }
    }
    // Then what is in front of it, over it.
    match app.front() {
        Front::List | Front::Detail | Front::Insights => {}
        Front::Related => {
            if let Some(related) = app.related() {
                related::render(app, theme, related, frame);
            }
        }
        Front::Prompt(_) => {
            if let (Some(input), Some(line)) = (app.input(), areas.input) {
                input_line(app, theme, input, frame, line);
            }
        }
        Front::Help | Front::Value => match app.popup() {
            Some(Popup::Help { scroll }) => help::render(app, theme, *scroll, frame, areas.body),
            Some(Popup::Value {
                title,
                id,
                json,
                scroll,
            }) => popup::value(app, theme, (title, id, json), *scroll, frame, areas.body),
            None => {}
        },
        Front::Picker => {
            if let Some(Overlay::Done(picker)) = &app.overlay {
                triage::picker(app, theme, picker, frame, areas.body);
            }
        }
        Front::Messages => {
            if let Some(Overlay::Messages(view)) = &app.overlay {
                messages::render(app, theme, view, frame);
            }
        }
    }
}

/// The filter or command being typed, with the cursor, and for commands the completion hint.
fn input_line(app: &App, theme: &Theme, input: &crate::app::Input, frame: &mut Frame, area: Rect) {
    let prompt = match input.prompt {
        Prompt::Filter | Prompt::Search => "/",
        Prompt::Command => ":",
    };
    let typed = input.line();
    let room = usize::from(area.width).saturating_sub(text::width(prompt) + 1);
    let (shown, cursor) = scrolled(typed, input.text.cursor().1, room);
    let spans = vec![
        Span::styled(prompt, theme.key()),
        Span::raw(shown),
        Span::styled(input_hint(app, input.prompt, typed), theme.dim()),
    ];
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    // The terminal's cursor sits where the next character goes.
    let offset = (text::width(prompt) + cursor).min(usize::from(area.width.saturating_sub(1)));
    let x = area.x + u16::try_from(offset).unwrap_or(0);
    frame.set_cursor_position((x, area.y));
}

/// The typed line in `room` cells with the cursor at `column` (in characters) kept on
/// screen: a longer line scrolls, `…` marking what is out of sight on the left. Returns the
/// text and the cursor's cell.
fn scrolled(typed: &str, column: usize, room: usize) -> (String, usize) {
    let before: String = typed.chars().take(column).collect();
    if text::width(&before) <= room {
        return (typed.to_owned(), text::width(&before));
    }
    let visible = text::tail(&before, room.saturating_sub(1));
    let after = typed.get(before.len()..).unwrap_or("");
    (
        format!("{}{visible}{after}", text::ELLIPSIS),
        1 + text::width(visible),
    )
}

/// What follows the typed text, dimmed: the command's completion, the filter's syntax, or
/// how many places a search matches.
fn input_hint(app: &App, prompt: Prompt, typed: &str) -> String {
    let lang = app.settings.lang;
    match prompt {
        Prompt::Command => {
            let accounts: Vec<&str> = app.accounts.iter().map(|a| a.name()).collect();
            crate::engine::command::hint(typed, &accounts)
        }
        Prompt::Filter if typed.is_empty() => lang
            .pick([
                "  fuzzy · #tag · !exclude · Enter keeps · Esc clears",
                "  模糊匹配 · #标签 · !排除 · Enter 保留 · Esc 清除",
            ])
            .to_owned(),
        Prompt::Filter => String::new(),
        Prompt::Search => {
            // What a search found, once something is searched for.
            let found = app
                .detail()
                .and_then(|d| d.search.as_ref())
                .filter(|search| !typed.is_empty() && !search.needle().is_empty())
                .map(|search| search.matches.len());
            match found {
                None => lang
                    .pick(["  in keys and values", "  在键与值中查找"])
                    .to_owned(),
                Some(0) => lang.pick(["  no match", "  无匹配"]).to_owned(),
                Some(n) => lang.pick([
                    format!("  {n} matches · n/N next/previous"),
                    format!("  {n} 处匹配 · n/N 下一个/上一个"),
                ]),
            }
        }
    }
}

/// The panes' tabs, Insights among them in the order of their keys (5 between 4 and 6);
/// `compact`: only the key of those not in front.
fn pane_tabs(app: &App, theme: &Theme, compact: bool) -> Vec<Span<'static>> {
    let keys = &app.settings.keymap;
    let insights_key = keys.hint(crate::app::Action::Insights);
    let insights_front = app.insights_view().is_some();
    let mut spans = Vec::new();
    let mut insights_shown = false;
    for pane in PANES {
        let key = keys.hint(crate::app::Action::Pane(*pane));
        if !insights_shown && key > insights_key {
            insights_tab(
                app,
                theme,
                &insights_key,
                compact && !insights_front,
                &mut spans,
            );
            insights_shown = true;
        }
        let titled = !compact || (*pane == app.pane && !insights_front);
        pane_tab(app, theme, *pane, &key, titled, &mut spans);
    }
    if !insights_shown {
        insights_tab(
            app,
            theme,
            &insights_key,
            compact && !insights_front,
            &mut spans,
        );
    }
    spans
}

/// A pane's tab: its key and title, Outflow's open count and badges, a spinner while it loads.
fn pane_tab(
    app: &App,
    theme: &Theme,
    pane: Resource,
    key: &str,
    titled: bool,
    spans: &mut Vec<Span<'static>>,
) {
    let loading = app.list(pane).status().loading;
    let mut label = match titled {
        true => format!(" {key} {}", names::title(pane, app.settings.lang)),
        false => format!(" {key}"),
    };
    // The alerts nobody has taken yet: what a team works down.
    if let (Resource::Outflow, Some(open)) = (&pane, app.triage.open) {
        label.push_str(
            &app.settings
                .lang
                .pick([format!(" · {open} open"), format!(" · {open} 待处理")]),
        );
    }
    if loading {
        label.push(' ');
        label.push(status::spinner(app.spinner));
    }
    label.push(' ');
    let style = if pane == app.pane && app.insights_view().is_none() {
        theme.tab_active()
    } else {
        theme.tab()
    };
    spans.push(Span::raw(" "));
    spans.push(Span::styled(label, style));
    // The outflow badges show from every pane.
    if pane == Resource::Outflow {
        if app.live.unread > 0 {
            spans.push(Span::styled(
                app.settings.lang.pick([
                    format!(" {} new ", app.live.unread),
                    format!(" {} 条新 ", app.live.unread),
                ]),
                theme.unread(),
            ));
        }
        if app.live.paused {
            spans.push(Span::styled(
                app.settings.lang.pick([" PAUSED ", " 已暂停 "]),
                theme.badge(),
            ));
        }
    }
}

/// The Insights tab, lit while Insights is in front.
fn insights_tab(
    app: &App,
    theme: &Theme,
    key: &str,
    compact: bool,
    spans: &mut Vec<Span<'static>>,
) {
    let label = match compact {
        true => format!(" {key} "),
        false => format!(" {key} {} ", app.settings.lang.pick(["Insights", "洞察"])),
    };
    let style = if app.insights_view().is_some() {
        theme.tab_active()
    } else {
        theme.tab()
    };
    spans.push(Span::raw(" "));
    spans.push(Span::styled(label, style));
}

/// The top line: the app, one tab per pane, and a DEMO badge in demo mode.
fn tabs(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(" scrm-tui ", theme.title())];
    // The account shown, as k9s shows its context: only where there is more than one.
    if app.many_accounts() {
        let name = match &app.account {
            crate::domain::AccountScope::All => app
                .settings
                .lang
                .pick(["all accounts", "全部账号"])
                .to_owned(),
            crate::domain::AccountScope::One(one) => one.to_string(),
        };
        spans.push(Span::styled(format!(" {name} "), theme.badge()));
    }
    // Every tab with its title when they fit; else only the one in front keeps its title.
    let fits =
        |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>() <= usize::from(area.width);
    let mut tab_spans = pane_tabs(app, theme, false);
    if !fits(&tab_spans) {
        tab_spans = pane_tabs(app, theme, true);
    }
    spans.extend(tab_spans);
    // The demo badge goes at the right end, where it covers no tab: on a narrow terminal the
    // app's name makes room for it.
    let width = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>() + 8;
    if app.settings.demo && width(&spans) > usize::from(area.width) {
        spans.remove(0);
    }
    let fits = width(&spans) <= usize::from(area.width);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if app.settings.demo && fits {
        let badge = Rect::new(area.right().saturating_sub(7), area.y, 6, 1);
        frame.render_widget(Paragraph::new(Span::styled(" DEMO ", theme.badge())), badge);
    }
}
