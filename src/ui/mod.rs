//! Rendering: a pure function of `&App`. One file per pane, plus the detail view, the status
//! lines and the theme. Nothing here knows a vendor's wire format.

pub mod customers;
pub mod detail;
pub mod format;
pub mod layout;
pub mod operators;
pub mod outflow;
pub mod pane;
pub mod status;
pub mod stores;
pub mod table;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, PANES};
use crate::domain::Resource;
use layout::Areas;
use theme::Theme;

/// Below this size only a note is drawn.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

pub fn render(app: &App, frame: &mut Frame) {
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
    let areas = Areas::new(area);
    tabs(app, frame, areas.tabs);
    match &app.detail {
        Some(detail) => detail::render(app, detail, frame, areas.body),
        None => match app.pane {
            Resource::Stores => stores::render(app, frame, areas.body),
            Resource::Customers => customers::render(app, frame, areas.body),
            Resource::Outflow => outflow::render(app, frame, areas.body),
            Resource::Operators => operators::render(app, frame, areas.body),
        },
    }
    status::render(app, frame, areas.hints, areas.status);
}

/// The top line: the app, one tab per pane, and a DEMO badge in demo mode.
fn tabs(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(" scrm-tui ", Theme::title())];
    for (i, pane) in PANES.iter().enumerate() {
        let loading = app.list(*pane).is_loading();
        let label = match loading {
            true => format!(
                " {} {} {} ",
                i + 1,
                title(*pane),
                status::spinner(app.spinner)
            ),
            false => format!(" {} {} ", i + 1, title(*pane)),
        };
        let style = if *pane == app.pane {
            Theme::tab_active()
        } else {
            Theme::tab()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(label, style));
        // The outflow badges show from every pane.
        if *pane == Resource::Outflow {
            if app.live.unread > 0 {
                spans.push(Span::styled(
                    format!(" {} new ", app.live.unread),
                    Theme::unread(),
                ));
            }
            if app.live.paused {
                spans.push(Span::styled(" PAUSED ", Theme::badge()));
            }
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if app.demo && area.width > 40 {
        let badge = Rect::new(area.right().saturating_sub(7), area.y, 6, 1);
        frame.render_widget(
            Paragraph::new(Span::styled(" DEMO ", Theme::badge())),
            badge,
        );
    }
}

pub fn title(resource: Resource) -> &'static str {
    match resource {
        Resource::Stores => "Stores",
        Resource::Customers => "Customers",
        Resource::Outflow => "Outflow",
        Resource::Operators => "Operators",
    }
}
