//! What every list pane shares: the titled frame, the empty states, and the visible window of
//! rows (only the rows on screen are built).

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::table::{self, CellText, ColumnSpec, TableRow};
use super::theme::Theme;
use super::{format, text};
use crate::app::{App, Level, PaneState};
use crate::domain::{Cell, Record};

/// How a column's cells look.
#[derive(Debug, Clone, Copy)]
pub enum Show {
    Text,
    /// A time in the display zone (with the clock time when the column is wide enough).
    Time,
    /// A flag: the text when set (in the style), the other text when not.
    Flag {
        on: &'static str,
        off: &'static str,
        warn: bool,
    },
    /// `normal` / `lost`, lost in red.
    Status,
    /// Who ended an outflow relationship, in words.
    DeleteBy,
}

/// A pane column: the domain column it shows, how it takes space, how it looks.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub key: &'static str,
    pub spec: ColumnSpec,
    pub show: Show,
}

pub const fn col(
    key: &'static str,
    title: &'static str,
    min: u16,
    max: u16,
    grow: u16,
    priority: u8,
    show: Show,
) -> Col {
    Col {
        key,
        spec: ColumnSpec {
            title,
            min,
            max,
            grow,
            priority,
        },
        show,
    }
}

pub struct PaneView<'a, R> {
    pub title: &'static str,
    /// The plural noun for counts and messages: "stores".
    pub noun: &'static str,
    pub state: &'a PaneState<R>,
    pub columns: &'a [Col],
    /// A whole row's style (deleted stores dimmed, new outflow alerts highlighted).
    pub row_style: &'a dyn Fn(&R) -> Style,
}

/// The text and style of one cell.
fn cell<R: Record>(record: &R, col: &Col, width: u16, app: &App) -> CellText {
    match R::column(col.key).map(|c| (c.get)(record)) {
        // Tags as chips, coloured by group (by name when the vendor gives no group).
        Some(Cell::Tags(tags)) => {
            let mut segments = Vec::with_capacity(tags.len() * 2);
            for (i, tag) in tags.iter().enumerate() {
                if i > 0 {
                    segments.push((String::from(" "), Style::new()));
                }
                let group = if tag.group.is_empty() {
                    &tag.name
                } else {
                    &tag.group
                };
                segments.push((format!(" {} ", tag.name), Theme::chip(group)));
            }
            segments
        }
        _ => vec![cell_text(record, col, width, app)],
    }
}

/// A single-segment cell's text and style.
fn cell_text<R: Record>(record: &R, col: &Col, width: u16, app: &App) -> (String, Style) {
    let Some(column) = R::column(col.key) else {
        return (String::new(), Style::new());
    };
    match ((column.get)(record), col.show) {
        (Cell::Bool(true), Show::Flag { on, warn, .. }) => (
            on.to_owned(),
            if warn {
                Theme::deleted()
            } else {
                Theme::level(Level::Info)
            },
        ),
        (Cell::Bool(false), Show::Flag { off, .. }) => (off.to_owned(), Theme::dim()),
        (Cell::Time(t), _) => (format::time(t, &app.zone, width >= 16), Style::new()),
        (Cell::Text("lost"), Show::Status) => (
            String::from("lost"),
            Theme::deleted().add_modifier(Modifier::BOLD),
        ),
        (Cell::Tags(tags), _) => (
            tags.iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            Theme::tree_string(),
        ),
        (Cell::List(items), _) => (items.join(" "), Theme::tree_string()),
        (Cell::Text(by), Show::DeleteBy) => match by {
            "external_user" => (String::from("customer"), Theme::deleted()),
            "staff" => (String::from("staff"), Style::new()),
            other => (other.to_owned(), Style::new()),
        },
        (other, _) => (other.to_text(&app.zone), Style::new()),
    }
}

pub fn render<R: Record>(app: &App, frame: &mut Frame, area: Rect, view: PaneView<R>) {
    let state = view.state;
    let sources: Vec<&str> = app.sources(R::RESOURCE).iter().map(|v| v.name()).collect();
    let mut title = vec![Span::styled(format!(" {} ", view.title), Theme::title())];
    if !sources.is_empty() {
        title.push(Span::styled(
            format!("· {} ", sources.join(", ")),
            Theme::dim(),
        ));
    }
    if !state.records.is_empty() {
        title.push(Span::raw(format!(
            "· {} ",
            text::count(state.records.len())
        )));
    }
    if state.partial {
        title.push(Span::styled(
            "· partial ",
            Theme::level(crate::app::Level::Warn),
        ));
    }
    let block = Block::bordered()
        .border_style(Theme::border())
        .title(Line::from(title));

    if state.records.is_empty() {
        let message = empty_message(app, &view, &sources);
        let paragraph = Paragraph::new(message)
            .block(block)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        frame.render_widget(paragraph, area);
        return;
    }

    let height = app.list_rows();
    let specs: Vec<ColumnSpec> = view.columns.iter().map(|c| c.spec).collect();
    let widths = table::widths(&specs, area.width.saturating_sub(2));
    let rows: Vec<TableRow> = state
        .records
        .iter()
        .skip(state.offset)
        .take(height)
        .map(|record| TableRow {
            cells: view
                .columns
                .iter()
                .zip(&widths)
                .map(|(col, &width)| cell(record, col, width, app))
                .collect(),
            style: (view.row_style)(record),
        })
        .collect();
    let selected = state
        .selected
        .checked_sub(state.offset)
        .filter(|&s| s < height);
    table::render(frame, area, block, &specs, rows, selected);
}

fn empty_message<R: Record>(app: &App, view: &PaneView<R>, sources: &[&str]) -> Vec<Line<'static>> {
    let noun = view.noun;
    if sources.is_empty() {
        let needed: Vec<String> = R::RESOURCE
            .vendors()
            .iter()
            .map(|v| format!("[{v}]"))
            .collect();
        return vec![
            Line::raw(""),
            Line::styled(
                format!("No vendor for {noun} is configured."),
                Theme::level(crate::app::Level::Warn),
            ),
            Line::raw(format!(
                "Add a {} section to the config file (see README.md), or try: scrm-tui --demo",
                needed.join(" or ")
            )),
        ];
    }
    if view.state.loading {
        let spinner = super::status::spinner(app.spinner);
        return vec![
            Line::raw(""),
            Line::raw(format!(
                "{spinner} Loading {noun} from {}…",
                sources.join(", ")
            )),
        ];
    }
    if let Some(error) = &view.state.error {
        return vec![
            Line::raw(""),
            Line::styled(
                format!("Could not load {noun}."),
                Theme::level(crate::app::Level::Error),
            ),
            Line::raw(text::clean(error).into_owned()),
            Line::raw(format!(
                "Press {} to try again.",
                app.keymap.hint(crate::app::Action::Refresh)
            )),
        ];
    }
    vec![
        Line::raw(""),
        Line::styled(format!("No {noun}."), Theme::dim()),
    ]
}
