//! The related-records list (`x`): one row per record, labelled with why it is related.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::related::{Link, RelatedState};
use crate::app::{App, layout, names};
use crate::i18n::{Lang, text};
use crate::ui::popup;
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, related: &RelatedState, frame: &mut Frame) {
    let area = layout::related_area(frame.area());
    if area.width < 20 || area.height < 4 {
        return;
    }
    popup::clear(frame, area);
    let lang = app.settings.lang;
    let block = window(lang, related, theme, usize::from(area.width));
    let inner = block.inner(area);
    let lines = lines(lang, related, theme, inner);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The window: what the records are related to, how many, and the keys.
fn window(lang: Lang, related: &RelatedState, theme: &Theme, width: usize) -> Block<'static> {
    let title = lang.pick([
        format!(" Related to {} · {} ", related.subject, related.rows.len()),
        format!(" {} 的相关记录 · {} ", related.subject, related.rows.len()),
    ]);
    let hint = lang.pick([" Enter go to · Esc close ", " Enter 跳转 · Esc 关闭 "]);
    Block::bordered()
        .border_style(theme.border())
        .title(Span::styled(
            text::truncate(&title, width.saturating_sub(4)),
            theme.title(),
        ))
        .title_bottom(Line::from(hint).right_aligned())
}

/// The header and the rows in view; a phone match dimmed, the selected row marked.
fn lines(lang: Lang, related: &RelatedState, theme: &Theme, inner: Rect) -> Vec<Line<'static>> {
    let width = usize::from(inner.width);
    // Why, where, who; the note gets what is left.
    let (why, source, name) = (18.min(width / 4), 20.min(width / 4), 24.min(width / 4));
    let note = width.saturating_sub(why + source + name + 3);
    let cells = |a: &str, b: &str, c: &str, d: &str| {
        format!(
            "{} {} {} {}",
            text::fit(a, why),
            text::fit(b, source),
            text::fit(c, name),
            text::fit(d, note)
        )
    };
    let header = lang.pick([
        cells("Why", "Where", "Name", "Staff · time · address"),
        cells("关联", "位置", "名称", "员工 · 时间 · 地址"),
    ]);
    let mut lines = vec![Line::styled(header, theme.header())];
    if related.rows.is_empty() {
        lines.push(Line::styled(
            lang.pick([
                "  nothing related among the records loaded",
                "  已加载的数据中没有相关记录",
            ]),
            theme.dim(),
        ));
    }
    let shown = usize::from(inner.height).saturating_sub(1);
    for (i, row) in related
        .rows
        .iter()
        .enumerate()
        .skip(related.cursor.offset)
        .take(shown)
    {
        let source = format!("{} {}", row.vendor, names::title(row.resource, lang));
        let line = cells(lang.pick(row.link.label()), &source, &row.title, &row.note);
        // A phone match is only a hint: dim, and its label says "possible".
        let style = if row.link == Link::Phone {
            theme.dim()
        } else {
            ratatui::style::Style::new()
        };
        let style = if i == related.cursor.selected {
            style.patch(theme.selected())
        } else {
            style
        };
        lines.push(Line::styled(line, style));
    }
    lines
}
