//! The Customers pane: every configured vendor's customers in one list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, Col, PaneView, Show, col};
use crate::app::App;
use crate::domain::Customer;

const COLUMNS: &[Col] = &[
    col("source", "Source", 8, 8, 0, 5, Show::Text),
    col("name", "Name", 10, 24, 2, 9, Show::Text),
    col("remark", "Remark", 8, 20, 1, 3, Show::Text),
    col("staff", "Staff", 6, 14, 1, 7, Show::Text),
    col("tags", "Tags", 10, 0, 4, 6, Show::Text),
    col("status", "Status", 6, 6, 0, 8, Show::Status),
    col("added_at", "Added", 10, 16, 1, 4, Show::Time),
];

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        title: "Customers",
        noun: "customers",
        state: &app.customers,
        columns: COLUMNS,
        row_style: &|_: &Customer| Style::new(),
    };
    pane::render(app, frame, area, view);
}
