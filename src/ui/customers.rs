//! The Customers pane: every configured vendor's customers in one list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::Customer;
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        state: &app.panes.customers,
        row_style: &|_: &Customer| Style::new(),
        fill: &pane::no_fill,
    };
    pane::render(app, theme, frame, area, view);
}
