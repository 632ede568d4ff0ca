//! The two bottom lines: key hints (or a flash message), and the status of the active pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text;
use super::theme::Theme;
use crate::app::{Action, App, Level, PaneState, age_label};
use crate::domain::{Record, Resource};

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

pub fn spinner(frame: usize) -> char {
    SPINNER[frame % SPINNER.len()]
}

pub fn render(app: &App, frame: &mut Frame, hints: Rect, status: Rect) {
    frame.render_widget(
        Paragraph::new(hint_line(app, usize::from(hints.width))),
        hints,
    );
    let noun = app.pane.noun();
    let line = match app.pane {
        Resource::Stores => status_line(app, &app.stores, noun),
        Resource::Customers => status_line(app, &app.customers, noun),
        Resource::Outflow => status_line(app, &app.outflow, noun),
        Resource::Operators => status_line(app, &app.operators, noun),
    };
    frame.render_widget(Paragraph::new(line), status);
}

/// The flash message if there is one, else the keys that matter here.
fn hint_line(app: &App, width: usize) -> Line<'static> {
    if let Some(flash) = &app.flash {
        let icon = match flash.level {
            Level::Info => "✓",
            Level::Warn => "⚠",
            Level::Error => "✗",
        };
        let message = text::truncate(&format!(" {icon} {}", flash.text), width);
        return Line::styled(message, Theme::level(flash.level));
    }
    let k = |action: Action| app.keymap.hint(action);
    let pairs: Vec<(String, &str)> = if app.detail.is_some() {
        vec![
            (
                format!("{}/{}", k(Action::Open), k(Action::Expand)),
                "expand",
            ),
            (k(Action::Collapse), "collapse"),
            (k(Action::ToggleRaw), "raw JSON"),
            (
                format!("{}/{}", k(Action::ExpandAll), k(Action::CollapseAll)),
                "all",
            ),
            (k(Action::Back), "back"),
            (k(Action::Quit), "quit"),
        ]
    } else {
        vec![
            (format!("{}/{}", k(Action::Down), k(Action::Up)), "move"),
            (k(Action::Open), "detail"),
            (
                format!("{}/{}", k(Action::Top), k(Action::Bottom)),
                "top/bottom",
            ),
            (k(Action::Refresh), "refresh"),
            (k(Action::Quit), "quit"),
        ]
    };
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, what) in pairs {
        let cost = text::width(&key) + what.len() + 3;
        if used + cost > width {
            break;
        }
        used += cost;
        spans.push(Span::styled(key, Theme::key()));
        spans.push(Span::styled(format!(" {what}   "), Theme::dim()));
    }
    Line::from(spans)
}

/// Vendor, count, freshness, the spinner while loading, the error of the last refresh.
fn status_line<R: Record>(app: &App, pane: &PaneState<R>, noun: &str) -> Line<'static> {
    let sources: Vec<&str> = app.sources(R::RESOURCE).iter().map(|v| v.name()).collect();
    let mut spans = Vec::new();
    if sources.is_empty() {
        spans.push(Span::styled(" not configured", Theme::dim()));
        return Line::from(spans);
    }
    spans.push(Span::styled(
        format!(" {} ", sources.join(", ")),
        Theme::title(),
    ));
    spans.push(Span::raw(format!(
        "· {} {noun} ",
        text::count(pane.records.len())
    )));
    match pane.loaded_at {
        Some(at) => spans.push(Span::styled(
            format!(
                "· loaded {} ",
                age_label(app.now.saturating_duration_since(at))
            ),
            Theme::dim(),
        )),
        None if !pane.loading => spans.push(Span::styled("· never loaded ", Theme::dim())),
        None => {}
    }
    if pane.loading {
        spans.push(Span::styled(
            format!("{} loading… ", spinner(app.spinner)),
            Theme::key(),
        ));
    }
    if pane.partial {
        spans.push(Span::styled("· partial data ", Theme::level(Level::Warn)));
    }
    if pane.error.is_some() {
        spans.push(Span::styled(
            "· ⚠ last refresh failed ",
            Theme::level(Level::Error),
        ));
    }
    if R::RESOURCE == Resource::Outflow && app.live.next_poll.is_some() {
        let live = &app.live;
        let text = match (live.paused, live.buffered.len()) {
            (true, 0) => String::from("· PAUSED (p resumes) "),
            (true, n) => format!("· PAUSED, {n} new waiting (p resumes) "),
            (false, _) => format!("· live, every {}s ", live.poll_every.as_secs()),
        };
        let style = if live.paused {
            Theme::level(Level::Warn)
        } else {
            Theme::level(Level::Info)
        };
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}
