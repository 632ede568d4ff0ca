//! What every list pane shares: the titled frame, the empty states, and the visible window of
//! rows (only the rows on screen are built).

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::table::{self, ColumnSpec, TableRow};
use super::text;
use super::theme::Theme;
use crate::app::{App, PaneState};
use crate::domain::Record;

pub struct PaneView<'a, R> {
    pub title: &'static str,
    /// The plural noun for counts and messages: "stores".
    pub noun: &'static str,
    pub state: &'a PaneState<R>,
    pub specs: &'a [ColumnSpec],
    pub row: &'a dyn Fn(&R) -> TableRow,
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
    let rows: Vec<TableRow> = state
        .records
        .iter()
        .skip(state.offset)
        .take(height)
        .map(|r| (view.row)(r))
        .collect();
    let selected = state
        .selected
        .checked_sub(state.offset)
        .filter(|&s| s < height);
    table::render(frame, area, block, view.specs, rows, selected);
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
