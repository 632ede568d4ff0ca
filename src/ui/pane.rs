//! What every list pane shares: the titled frame with counts, filter and freshness, the sorted
//! header, the empty states, and the visible window of rows (only the rows on screen are
//! built), with the filter's matches highlighted.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::freshness;
use super::table::{self, CellText, ColumnSpec, TableRow, TableView};
use crate::app::columns::{self, Col, Show};
use crate::app::names;
use crate::app::{Action, App, Level, PaneState};
use crate::domain::{Cell, ColumnKey, CustomerStatus, DeleteBy, Record, Resource};
use crate::engine::filter::Query;
use crate::i18n::{Lang, text};
use crate::ui::theme::Theme;

pub struct PaneView<'a, R> {
    pub state: &'a PaneState<R>,
    /// A whole row's style (deleted stores dimmed, new outflow alerts highlighted).
    pub row_style: &'a dyn Fn(&R) -> Style,
    /// A cell's text from elsewhere than the record, where the record lacks it (a staff
    /// member's name from the directory, for a record that names them by id only).
    pub fill: &'a dyn Fn(&R, ColumnKey) -> Option<String>,
}

/// No cell filled from elsewhere.
pub fn no_fill<R>(_: &R, _: ColumnKey) -> Option<String> {
    None
}

/// The text and style of one cell, as styled segments.
fn cell<R: Record>(record: &R, col: &Col, width: u16, app: &App, theme: &Theme) -> CellText {
    match col.show {
        Show::Triage => return super::triage::cell(app, theme, &record.key(), width),
        Show::Tally => return tally_cell(app, theme, &record.key(), col),
        Show::Text | Show::Time | Show::Recent | Show::Flag { .. } => {}
    }
    let style = match (R::column(col.key).map(|c| (c.get)(record)), col.show) {
        // Tags as chips, coloured by group (by name when the vendor gives no group).
        (Some(Cell::Tags(tags)), _) => {
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
                let name = text::head(&tag.name, text::SHOWN_MAX);
                segments.push((format!(" {name} "), theme.chip(group)));
            }
            return segments;
        }
        (Some(Cell::Bool(true)), Show::Flag { warn: true, .. }) => theme.deleted(),
        (Some(Cell::Bool(true)), Show::Flag { .. }) => theme.level(Level::Info),
        (Some(Cell::Bool(false)), Show::Flag { .. }) => theme.dim(),
        (Some(Cell::Status(CustomerStatus::Lost)), _) => {
            theme.deleted().add_modifier(Modifier::BOLD)
        }
        (Some(Cell::DeleteBy(DeleteBy::Customer)), _) => theme.deleted(),
        (Some(Cell::List(_)), _) => theme.tree_string(),
        _ => Style::new(),
    };
    // After the chips return: their text is built from the tags directly.
    let text = match R::column(col.key).map(|c| (c.get)(record)) {
        // No copy of more than the screen can show.
        Some(Cell::Text(s)) if s.len() > text::SHOWN_MAX => {
            format!("{}{}", text::head(s, text::SHOWN_MAX), text::ELLIPSIS)
        }
        Some(Cell::Time(t)) if matches!(col.show, Show::Recent) => {
            columns::recent(t, &app.locale(), width, app.wall)
        }
        _ => columns::text(record, col, &app.locale(), width >= 16),
    };
    vec![(text, style)]
}

/// A count kept outside the record (a staff member's alerts): none dimmed; open and claimed
/// blank until the triage log has been read.
fn tally_cell(app: &App, theme: &Theme, key: &str, col: &Col) -> CellText {
    let Some(count) = app.tallies.of(key).get(col.key) else {
        return Vec::new();
    };
    if col.key != ColumnKey::Outflow && !app.triage.read {
        return Vec::new();
    }
    let style = if count == 0 {
        theme.dim()
    } else {
        Style::new()
    };
    vec![(text::count(count as usize), style)]
}

/// Splits segments so that the characters the filter matched stand out.
fn highlight(segments: CellText, query: &Query, spelled: bool, style: Style) -> CellText {
    if query.is_empty() {
        return segments;
    }
    let mut out = Vec::with_capacity(segments.len());
    for (segment, base) in segments {
        let marks = query.highlights(&segment, spelled);
        if marks.is_empty() {
            out.push((segment, base));
            continue;
        }
        let mut run = String::new();
        let mut run_marked = false;
        for (i, c) in segment.chars().enumerate() {
            let marked = marks.binary_search(&i).is_ok();
            if marked != run_marked && !run.is_empty() {
                let s = if run_marked { base.patch(style) } else { base };
                out.push((std::mem::take(&mut run), s));
            }
            run_marked = marked;
            run.push(c);
        }
        if !run.is_empty() {
            let s = if run_marked { base.patch(style) } else { base };
            out.push((run, s));
        }
    }
    out
}

/// A column title with its sort letter underlined, and an arrow when the pane is sorted by it.
fn header<R: Record>(app: &App, theme: &Theme, state: &PaneState<R>, col: &Col) -> CellText {
    let title = app.settings.lang.pick(col.title);
    let mut segments: CellText = match title
        .char_indices()
        .find(|(_, c)| c.to_ascii_uppercase() == col.letter)
    {
        Some((at, c)) => {
            let after = at + c.len_utf8();
            vec![
                (title[..at].to_owned(), theme.header()),
                (title[at..after].to_owned(), theme.header_letter()),
                (title[after..].to_owned(), theme.header()),
            ]
        }
        None => vec![(title.to_owned(), theme.header())],
    };
    if let Some(sort) = state.sort.filter(|s| s.column == col.key) {
        let arrow = if sort.descending { "▼" } else { "▲" };
        segments.push((arrow.to_owned(), theme.header()));
    }
    segments
}

pub fn render<R: Record>(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    view: PaneView<R>,
) {
    let state = view.state;
    let sources: Vec<&str> = app.sources(R::RESOURCE).iter().map(|v| v.name()).collect();
    let block = frame_block(app, theme, state, &sources);
    if state.is_empty() {
        let message = empty_message(app, theme, state, &sources);
        let paragraph = Paragraph::new(message)
            .block(block)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        frame.render_widget(paragraph, area);
        return;
    }
    let height = app.list_rows();
    let cols = columns::shown(R::RESOURCE, app.many_accounts());
    let specs: Vec<ColumnSpec> = cols.iter().map(|c| c.spec).collect();
    let widths = table::widths(&specs, area.width.saturating_sub(2));
    // Dropped columns (no width) are left out of the rows and the header alike.
    let shown: Vec<(&'static Col, u16)> = cols
        .iter()
        .copied()
        .zip(widths)
        .filter(|(_, width)| *width > 0)
        .collect();
    let rows = table_rows(app, theme, &view, &shown, height);
    let header: Vec<CellText> = shown
        .iter()
        .map(|(col, _)| header(app, theme, state, col))
        .collect();
    let widths: Vec<u16> = shown.iter().map(|(_, width)| *width).collect();
    let selected = state
        .selected
        .checked_sub(state.offset)
        .filter(|&s| s < height);
    let selected_style = theme.selected();
    let view = TableView {
        block,
        widths,
        header,
        rows,
        selected,
        selected_style,
    };
    table::render(frame, area, view);
}

/// The rows on screen, each cell fitted to its column, what the filter matched highlighted.
fn table_rows<R: Record>(
    app: &App,
    theme: &Theme,
    view: &PaneView<R>,
    shown: &[(&'static Col, u16)],
    height: usize,
) -> Vec<TableRow> {
    let state = view.state;
    state
        .rows(state.offset)
        .take(height)
        .map(|record| TableRow {
            cells: shown
                .iter()
                .map(|&(col, width)| {
                    let text = match (view.fill)(record, col.key) {
                        Some(text) => vec![(text, theme.dim())],
                        None => cell(record, col, width, app, theme),
                    };
                    highlight(text, &state.query, col.spelled, theme.matched())
                })
                .collect(),
            style: (view.row_style)(record),
        })
        .collect()
}

/// The pane's frame: its title with the vendors, counts, filter and partial warning, and how
/// fresh the data is on the right.
fn frame_block<'a, R: Record>(
    app: &App,
    theme: &Theme,
    state: &PaneState<R>,
    sources: &[&str],
) -> Block<'a> {
    let lang = app.settings.lang;
    let mut title = vec![Span::styled(
        format!(" {} ", names::title(R::RESOURCE, lang)),
        theme.title(),
    )];
    if !sources.is_empty() {
        title.push(Span::styled(
            format!("· {} ", sources.join(", ")),
            theme.dim(),
        ));
    }
    let (shown, total) = (state.len(), state.total());
    if total > 0 {
        let count = if state.query.is_empty() && shown == total {
            text::count(total)
        } else {
            format!("{} / {}", text::count(shown), text::count(total))
        };
        title.push(Span::raw(format!("· {count} ")));
    }
    if state.new_above > 0 {
        let n = state.new_above;
        title.push(Span::styled(
            lang.pick([format!("↑ {n} new"), format!("↑ {n} 条新")]),
            theme.unread(),
        ));
        title.push(Span::raw(" "));
    }
    if !state.query.is_empty() {
        title.push(Span::styled(
            format!("· /{} ", state.query.text().trim()),
            theme.key(),
        ));
    }
    if let Some(pages) = state.status.partial {
        title.push(Span::styled(
            format!("· {} ", super::status::partial_text(pages, lang)),
            theme.level(Level::Warn),
        ));
    }
    let block = Block::bordered()
        .border_style(theme.border())
        .title(Line::from(title));
    match freshness::label(app, theme, state, R::RESOURCE) {
        Some((label, style)) => {
            block.title_top(Line::styled(format!(" {label} "), style).right_aligned())
        }
        None => block,
    }
}

/// What an empty pane says: why it is empty, and what to do about it.
fn empty_message<R: Record>(
    app: &App,
    theme: &Theme,
    state: &PaneState<R>,
    sources: &[&str],
) -> Vec<Line<'static>> {
    let lang = app.settings.lang;
    let noun = names::noun(R::RESOURCE, lang);
    if sources.is_empty() {
        return unconfigured(R::RESOURCE, theme, lang);
    }
    if !state.records.is_empty() {
        // Everything is filtered out.
        let query = state.query.text().trim();
        let back = app.settings.keymap.hint(Action::Back);
        let title = lang.pick([
            format!("No {noun} match “{query}”."),
            format!("没有符合“{query}”的{noun}。"),
        ]);
        let hint = lang.pick([
            format!("{back} clears the filter, / changes it."),
            format!("按 {back} 清除过滤，按 / 修改。"),
        ]);
        return vec![
            Line::raw(""),
            Line::styled(title, theme.dim()),
            Line::raw(hint),
        ];
    }
    if state.status.loading {
        let spinner = super::status::spinner(app.spinner);
        let from = sources.join(", ");
        let text = lang.pick([
            format!("{spinner} Loading {noun} from {from}…"),
            format!("{spinner} 正在从 {from} 加载{noun}…"),
        ]);
        return vec![Line::raw(""), Line::raw(text)];
    }
    if let Some(error) = &state.status.error {
        let refresh = app.settings.keymap.hint(Action::Refresh);
        let title = lang.pick([
            format!("Could not load {noun}."),
            format!("无法加载{noun}。"),
        ]);
        let hint = lang.pick([
            format!("Press {refresh} to try again."),
            format!("按 {refresh} 重试。"),
        ]);
        return vec![
            Line::raw(""),
            Line::styled(title, theme.level(Level::Error)),
            Line::raw(text::clean(&error.message).into_owned()),
            Line::raw(hint),
        ];
    }
    let text = lang.pick([format!("No {noun}."), format!("没有{noun}。")]);
    vec![Line::raw(""), Line::styled(text, theme.dim())]
}

/// A pane none of whose vendors is configured: which sections to add.
fn unconfigured(resource: Resource, theme: &Theme, lang: Lang) -> Vec<Line<'static>> {
    let noun = names::noun(resource, lang);
    let needed: Vec<String> = resource
        .vendors()
        .iter()
        .map(|v| format!("[{v}]"))
        .collect();
    let needed = needed.join(lang.pick([" or ", " 或 "]));
    let title = lang.pick([
        format!("No vendor for {noun} is configured."),
        format!("尚未配置提供{noun}的服务商。"),
    ]);
    let hint = lang.pick([
        format!(
            "Add a {needed} section to the config file (see README.md), or try: scrm-tui --demo"
        ),
        format!("请在配置文件中添加 {needed} 段（见 README.md），或先试试：scrm-tui --demo"),
    ]);
    vec![
        Line::raw(""),
        Line::styled(title, theme.level(Level::Warn)),
        Line::raw(hint),
    ]
}
