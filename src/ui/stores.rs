//! The Stores pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use super::table::{ColumnSpec, TableRow};
use super::theme::Theme;
use crate::app::App;
use crate::domain::{Cell, Record, Store};

/// The pane's columns: the domain column each one shows, and how it takes space.
const COLUMNS: &[(&str, ColumnSpec)] = &[
    (
        "name",
        ColumnSpec {
            title: "Name",
            min: 12,
            max: 0,
            grow: 3,
            priority: 9,
        },
    ),
    (
        "city",
        ColumnSpec {
            title: "City",
            min: 6,
            max: 10,
            grow: 1,
            priority: 6,
        },
    ),
    (
        "address",
        ColumnSpec {
            title: "Address",
            min: 12,
            max: 0,
            grow: 4,
            priority: 5,
        },
    ),
    (
        "owner",
        ColumnSpec {
            title: "Owner",
            min: 6,
            max: 12,
            grow: 1,
            priority: 7,
        },
    ),
    (
        "creator",
        ColumnSpec {
            title: "Creator",
            min: 7,
            max: 12,
            grow: 1,
            priority: 2,
        },
    ),
    (
        "created_at",
        ColumnSpec {
            title: "Created",
            min: 10,
            max: 16,
            grow: 1,
            priority: 4,
        },
    ),
    (
        "deleted",
        ColumnSpec {
            title: "Deleted",
            min: 7,
            max: 7,
            grow: 0,
            priority: 3,
        },
    ),
];

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let specs: Vec<ColumnSpec> = COLUMNS.iter().map(|(_, spec)| *spec).collect();
    let widths = super::table::widths(&specs, area.width.saturating_sub(2));
    let created_width = COLUMNS
        .iter()
        .position(|(key, _)| *key == "created_at")
        .and_then(|i| widths.get(i).copied())
        .unwrap_or(0);
    let columns: Vec<_> = COLUMNS.iter().map(|(key, _)| Store::column(key)).collect();
    let row = |store: &Store| TableRow {
        cells: columns
            .iter()
            .map(|column| match column.map(|c| (c.get)(store)) {
                Some(Cell::Bool(true)) => (String::from("deleted"), Theme::deleted()),
                Some(Cell::Bool(false)) => (String::new(), Style::new()),
                Some(Cell::Time(t)) => (
                    super::format::time(t, &app.zone, created_width >= 16),
                    Style::new(),
                ),
                Some(cell) => (cell.to_text(&app.zone), Style::new()),
                None => (String::new(), Style::new()),
            })
            .collect(),
        style: if store.deleted {
            Theme::dim()
        } else {
            Style::new()
        },
    };
    pane::render(
        app,
        frame,
        area,
        PaneView {
            title: "Stores",
            noun: "stores",
            state: &app.stores,
            specs: &specs,
            row: &row,
        },
    );
}
