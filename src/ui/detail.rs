//! The detail view: a record's raw vendor object as a collapsible tree.

use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::detail::{Shows, search};
use crate::app::story::StoryLine;
use crate::app::{App, DetailState, layout};
use crate::i18n::text;
use crate::json::tree::{Label, Node, Shape, Value};
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, detail: &DetailState, frame: &mut Frame, area: Rect) {
    let story = app.story_lines();
    let summary = layout::summary_height(area.height, story.len());
    let [top, area] =
        Layout::vertical([Constraint::Length(summary), Constraint::Min(0)]).areas(area);
    if summary > 0 {
        render_story(app, theme, &story, frame, top);
    }
    let rows = detail.tree.visible();
    let position = detail.position(&rows);
    let title = Line::from(vec![
        Span::styled(
            format!(" {} {} ", kind(app, detail), text::clean(&detail.record_id)),
            theme.title(),
        ),
        Span::styled(
            format!("· {} ", text::truncate(&detail.title, 40)),
            theme.dim(),
        ),
    ]);
    let search = detail.search.as_ref().filter(|s| !s.needle().is_empty());
    let position = format!(
        " {}{}/{} ",
        search.map(|s| found(app, detail, s)).unwrap_or_default(),
        position + 1,
        rows.len()
    );
    let block = Block::bordered()
        .border_style(theme.border())
        .title(title)
        .title_bottom(Line::from(position).right_aligned());
    let inner = block.inner(area);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = rows
        .iter()
        .skip(detail.offset)
        .take(usize::from(inner.height))
        .filter_map(|&i| detail.tree.node(i).map(|node| (i, node)))
        .map(|(i, node)| {
            let mut line = node_line(node, width, app, theme);
            if let Some(search) = search.filter(|s| s.index_of(i).is_some()) {
                line = mark(line, search.needle(), theme.matched());
            }
            if i == detail.cursor {
                line.patch_style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Where the cursor is among a search's matches, or that there are none.
fn found(app: &App, detail: &DetailState, search: &search::Search) -> String {
    let lang = app.settings.lang;
    let count = search.matches.len();
    match search.index_of(detail.cursor) {
        _ if search.matches.is_empty() => lang.pick([
            format!("“{}” not found · ", search.text.trim()),
            format!("未找到“{}” · ", search.text.trim()),
        ]),
        Some(at) => lang.pick([
            format!("match {}/{count} · ", at + 1),
            format!("第 {}/{count} 处 · ", at + 1),
        ]),
        None => lang.pick([format!("{count} matches · "), format!("{count} 处匹配 · ")]),
    }
}

/// The line with every occurrence of `needle` (lower case) in `style`.
fn mark(line: Line<'static>, needle: &str, style: Style) -> Line<'static> {
    let mut spans = Vec::with_capacity(line.spans.len() + 2);
    for span in line.spans {
        let marked = search::marks(&span.content, needle);
        if marked.is_empty() {
            spans.push(span);
            continue;
        }
        let mut run = String::new();
        let mut in_match = false;
        for (i, c) in span.content.chars().enumerate() {
            let now = marked.binary_search(&i).is_ok();
            if now != in_match && !run.is_empty() {
                let run_style = if in_match {
                    span.style.patch(style)
                } else {
                    span.style
                };
                spans.push(Span::styled(std::mem::take(&mut run), run_style));
            }
            in_match = now;
            run.push(c);
        }
        let run_style = if in_match {
            span.style.patch(style)
        } else {
            span.style
        };
        spans.push(Span::styled(run, run_style));
    }
    Line::from(spans).style(line.style)
}

/// What the record is, in the UI's language ("Reference lists" stays as it is).
fn kind(app: &App, detail: &DetailState) -> &'static str {
    match detail.kind {
        Shows::Record => crate::app::names::singular(detail.resource, app.settings.lang),
        Shows::ReferenceLists => "Reference lists",
    }
}

/// An alert's summary: a label column, then each value fitted to what is left.
fn render_story(app: &App, theme: &Theme, story: &[StoryLine], frame: &mut Frame, area: Rect) {
    let title = app
        .settings
        .lang
        .pick([" Story · r refreshes ", " 概况 · r 刷新 "]);
    let block = Block::bordered()
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    let label_width = story
        .iter()
        .map(|l| text::width(&l.label))
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width) / 3);
    let room = usize::from(inner.width).saturating_sub(label_width + 2);
    let lines: Vec<Line> = story
        .iter()
        .map(|l| {
            Line::from(vec![
                Span::styled(text::fit(&l.label, label_width), theme.dim()),
                Span::raw("  "),
                Span::styled(text::truncate(&l.value, room), theme.tone(l.tone)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// One row of the tree, fitted to `width` cells.
fn node_line(node: &Node, width: usize, app: &App, theme: &Theme) -> Line<'static> {
    let indent = "  ".repeat(node.depth.saturating_sub(1));
    let empty = matches!(
        node.value,
        Value::Branch { len: 0, .. } | Value::Embedded { len: 0, .. }
    );
    let marker = match (node.is_branch() && !empty, node.is_open()) {
        (true, true) => "▾ ",
        (true, false) => "▸ ",
        (false, _) => "  ",
    };
    let (label, label_style) = match &node.label {
        Label::Key(key) => (text::clean(key).into_owned(), theme.tree_key()),
        Label::Index(i) => (format!("[{i}]"), theme.dim()),
        Label::Root => (String::new(), theme.dim()),
    };
    let prefix = format!("{indent}{marker}");
    let used = text::width(&prefix) + text::width(&label) + 2;
    let mut spans = vec![
        Span::raw(prefix),
        Span::styled(label.clone(), label_style),
        Span::styled(": ", theme.dim()),
    ];
    spans.extend(value_spans(
        node,
        &label,
        width.saturating_sub(used),
        app,
        theme,
    ));
    Line::from(spans).style(Style::new())
}

/// A node's value in `room` cells: a branch's size, an embedded document's tag, a string
/// quoted, a number with the time it may stand for.
fn value_spans(
    node: &Node,
    label: &str,
    room: usize,
    app: &App,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let quoted_in = |s: &str, room: usize| {
        Span::styled(
            text::truncate(&quoted(text::head(s, text::SHOWN_MAX)), room),
            theme.tree_string(),
        )
    };
    match &node.value {
        Value::Branch { shape, len } => vec![Span::styled(size(shape, *len), theme.dim())],
        Value::Embedded { raw, shape, len } => {
            let tag = if node.raw_shown {
                " JSON·raw "
            } else {
                " JSON "
            };
            let room = room.saturating_sub(text::width(tag) + 1);
            let value = if node.raw_shown {
                quoted_in(raw, room)
            } else {
                Span::styled(size(shape, *len), theme.dim())
            };
            vec![
                Span::styled(tag, theme.tree_embedded()),
                Span::raw(" "),
                value,
            ]
        }
        Value::Str(s) => vec![quoted_in(s, room)],
        Value::Num(n) => {
            let mut spans = vec![Span::styled(n.clone(), theme.tree_number())];
            if let Some(when) = timestamp_hint(label, n, app) {
                spans.push(Span::styled(
                    text::truncate(&format!("  {when}"), room.saturating_sub(n.len())),
                    theme.dim(),
                ));
            }
            spans
        }
        Value::Bool(b) => vec![Span::styled(b.to_string(), theme.tree_bool())],
        Value::Null => vec![Span::styled("null", theme.dim())],
    }
}

/// `{12}` / `[3]`, or `{}` / `[]` when empty.
fn size(shape: &Shape, len: usize) -> String {
    match (shape, len) {
        (Shape::Object, 0) => String::from("{}"),
        (Shape::Array, 0) => String::from("[]"),
        (Shape::Object, n) => format!("{{{n}}}"),
        (Shape::Array, n) => format!("[{n}]"),
    }
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// Unix times in `…_at` and `…time` fields, shown in local time beside the number.
fn timestamp_hint(label: &str, number: &str, app: &App) -> Option<String> {
    if !(label.ends_with("_at") || label.ends_with("time")) {
        return None;
    }
    let seconds: i64 = number.parse().ok()?;
    let seconds = if seconds > 100_000_000_000 {
        seconds / 1000
    } else {
        seconds
    };
    if !(946_684_800..4_102_444_800).contains(&seconds) {
        return None;
    }
    let t = DateTime::from_timestamp(seconds, 0)?;
    Some(format!(
        "→ {}",
        t.with_timezone(&app.settings.zone)
            .format("%Y-%m-%d %H:%M:%S")
    ))
}
