//! The Stores pane: deleted stores dimmed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::Store;
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        state: &app.panes.stores,
        row_style: &|s: &Store| {
            if s.deleted { theme.dim() } else { Style::new() }
        },
    };
    pane::render(app, theme, frame, area, view);
}
