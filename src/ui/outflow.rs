//! The Outflow pane: customers who deleted a staff member (or were deleted), newest first;
//! alerts that just arrived are highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::{ColumnKey, OutflowAlert, Record};
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
        // An alert that names its staff member by id only (as WeCom's callback does): the
        // directory's name, dimmed.
        fill: &|alert: &OutflowAlert, column| match column {
            ColumnKey::StaffName if alert.staff_name.is_empty() => app
                .staff_name(&alert.account, alert.staff_key())
                .map(str::to_owned),
            _ => None,
        },
    };
    pane::render(app, theme, frame, area, view);
}
