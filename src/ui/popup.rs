//! Popups over the pane: the placement they share, and the value popup (`v`), which shows the
//! selected id and record so they can be selected by hand when no clipboard works.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::App;
use crate::i18n::text;
use crate::ui::theme::Theme;

/// A rectangle of at most `width` × `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Clears `area` for a popup, including a wide character just left of it whose right half
/// the popup would cover (the terminal would otherwise draw it over the popup's edge).
pub fn clear(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buffer.cell_mut((area.x - 1, y))
            && text::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Lines from `scroll` on, as many as fit; the scroll is clamped so the last page stays full.
pub fn window(lines: Vec<Line<'static>>, scroll: usize, height: usize) -> Vec<Line<'static>> {
    let scroll = scroll.min(lines.len().saturating_sub(height));
    lines.into_iter().skip(scroll).take(height).collect()
}

/// The id on a line of its own and the record as JSON below it. Only top and bottom borders,
/// so that selecting lines with the mouse picks up no border characters.
pub fn value(
    app: &App,
    theme: &Theme,
    (title, id, json): (&str, &str, &str),
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let block = Block::new()
        .borders(Borders::TOP | Borders::BOTTOM)
        .border_style(theme.border())
        .title(Line::from(vec![
            Span::styled(format!(" {title} "), theme.title()),
            Span::styled(
                app.settings.lang.pick([
                    "· select with the mouse · y copies · any other key closes ",
                    "· 可用鼠标选取 · y 复制 · 其他键关闭 ",
                ]),
                theme.dim(),
            ),
        ]));
    let inner = block.inner(area);
    let mut lines = vec![
        Line::styled(text::clean(id).into_owned(), theme.key()),
        Line::raw(""),
    ];
    lines.extend(json.lines().map(|l| Line::raw(text::clean(l).into_owned())));
    let shown = window(lines, scroll, usize::from(inner.height));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(shown).block(block).style(theme.popup()),
        area,
    );
}
