//! The Stores pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, Col, PaneView, Show, col};
use super::theme::Theme;
use crate::app::App;
use crate::domain::Store;

const COLUMNS: &[Col] = &[
    col("name", "Name", 12, 0, 3, 9, Show::Text),
    col("city", "City", 6, 10, 1, 6, Show::Text),
    col("address", "Address", 12, 0, 4, 5, Show::Text),
    col("owner", "Owner", 6, 12, 1, 7, Show::Text),
    col("creator", "Creator", 7, 12, 1, 2, Show::Text),
    col("created_at", "Created", 10, 16, 1, 4, Show::Time),
    col(
        "deleted",
        "Deleted",
        7,
        7,
        0,
        3,
        Show::Flag {
            on: "deleted",
            off: "",
            warn: true,
        },
    ),
];

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        title: "Stores",
        noun: "stores",
        state: &app.stores,
        columns: COLUMNS,
        row_style: &|s: &Store| {
            if s.deleted {
                Theme::dim()
            } else {
                Style::new()
            }
        },
    };
    pane::render(app, frame, area, view);
}
