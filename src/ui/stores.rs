//! The Stores pane: deleted stores dimmed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::Store;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        state: &app.stores,
        row_style: &|s: &Store| {
            if s.deleted {
                app.theme.dim()
            } else {
                Style::new()
            }
        },
    };
    pane::render(app, frame, area, view);
}
