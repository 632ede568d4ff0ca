//! The Outflow pane: customers who deleted a staff member (or were deleted), newest first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, Col, PaneView, Show, col};
use super::theme::Theme;
use crate::app::App;
use crate::domain::{OutflowAlert, Record};

const COLUMNS: &[Col] = &[
    col("outflow_at", "When", 10, 16, 1, 9, Show::Time),
    col("customer_name", "Customer", 10, 24, 2, 8, Show::Text),
    col("staff_name", "Staff", 6, 14, 1, 7, Show::Text),
    col("delete_by", "Deleted by", 10, 10, 0, 5, Show::DeleteBy),
    col("tags", "Tags", 8, 0, 3, 4, Show::Text),
    col("customer_id", "Customer id", 12, 34, 1, 2, Show::Text),
];

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        title: "Outflow",
        noun: "outflow alerts",
        state: &app.outflow,
        columns: COLUMNS,
        row_style: &|alert: &OutflowAlert| {
            if app.live.is_highlighted(&alert.key()) {
                Theme::new_row()
            } else {
                Style::new()
            }
        },
    };
    pane::render(app, frame, area, view);
}
