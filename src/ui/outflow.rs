//! The Outflow pane: customers who deleted a staff member (or were deleted), newest first;
//! alerts that just arrived are highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::{OutflowAlert, Record};
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        state: &app.panes.outflow,
        row_style: &|alert: &OutflowAlert| {
            if app.live.is_highlighted(&alert.key()) {
                theme.new_row()
            } else {
                Style::new()
            }
        },
    };
    pane::render(app, theme, frame, area, view);
}
