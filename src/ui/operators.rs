//! The Operators pane: Youmi operator WeChat accounts and the staff bound to them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::Operator;
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        state: &app.panes.operators,
        row_style: &|_: &Operator| Style::new(),
        fill: &pane::no_fill,
    };
    pane::render(app, theme, frame, area, view);
}
