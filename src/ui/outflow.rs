//! The Outflow pane: customers who deleted a staff member (or were deleted), newest first;
//! alerts that just arrived are highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::{OutflowAlert, Record};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        state: &app.outflow,
        row_style: &|alert: &OutflowAlert| {
            if app.live.is_highlighted(&alert.key()) {
                app.theme.new_row()
            } else {
                Style::new()
            }
        },
    };
    pane::render(app, frame, area, view);
}
