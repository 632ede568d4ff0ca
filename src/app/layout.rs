//! Screen geometry, shared by rendering and by `update` (which needs the page height for
//! PgUp/PgDn and scrolling, and the rows under a mouse click).

use ratatui::layout::Rect;

/// The screen's regions: a tab line, the body, the input line (while typing a filter or a
/// command), a hint/flash line and a status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub input: Option<Rect>,
    pub hints: Rect,
    pub status: Rect,
}

impl Areas {
    pub fn new(area: Rect, input: bool) -> Areas {
        let line = |y: u16| Rect::new(area.x, y, area.width, 1.min(area.height));
        let input = input && area.height >= 5;
        let body_height = area.height.saturating_sub(3 + u16::from(input));
        let body = Rect::new(
            area.x,
            area.y.saturating_add(1.min(area.height)),
            area.width,
            body_height,
        );
        Areas {
            tabs: line(area.y),
            body,
            input: input.then(|| line(body.bottom())),
            hints: if area.height >= 3 {
                line(area.bottom() - 2)
            } else {
                Rect::default()
            },
            status: if area.height >= 2 {
                line(area.bottom() - 1)
            } else {
                Rect::default()
            },
        }
    }
}

/// Rows of records a list shows in a terminal of this size (the body minus its border and
/// the header row).
pub fn list_rows(width: u16, height: u16, input: bool) -> usize {
    let body = Areas::new(Rect::new(0, 0, width, height), input).body;
    usize::from(body.height.saturating_sub(3))
}

/// Rows of the detail tree (the body minus the summary and the borders).
pub fn detail_rows(width: u16, height: u16, summary_lines: usize) -> usize {
    let body = Areas::new(Rect::new(0, 0, width, height), false).body;
    let summary = summary_height(body.height, summary_lines);
    usize::from(body.height.saturating_sub(summary).saturating_sub(2))
}

/// The height of the box that shows an alert's summary above its tree (0 without one): its
/// lines and border, at most three fifths of the body so that the tree keeps some rows.
pub fn summary_height(body_height: u16, lines: usize) -> u16 {
    if lines == 0 || body_height < 8 {
        return 0;
    }
    let wanted = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2);
    wanted.min(body_height.saturating_mul(3) / 5)
}

/// Rows of the related-records list: the screen minus the margins, the popup's border and
/// its header.
pub fn related_rows(height: u16) -> usize {
    usize::from(
        related_area(Rect::new(0, 0, 80, height))
            .height
            .saturating_sub(3),
    )
}

/// Where the messages window is drawn: the window, its list, and the selected message in
/// full below the list.
pub fn messages_areas(area: Rect) -> (Rect, Rect, Rect) {
    let window = related_area(area);
    let inner = Rect::new(
        window.x + 1,
        window.y + 1,
        window.width.saturating_sub(2),
        window.height.saturating_sub(2),
    );
    let full = (inner.height / 3).max(3).min(inner.height);
    // A rule between the list and the message.
    let list = inner.height.saturating_sub(full + 1);
    (
        window,
        Rect::new(inner.x, inner.y, inner.width, list),
        Rect::new(inner.x, inner.y + list + 1, inner.width, full),
    )
}

/// Rows of the messages list on screen.
pub fn messages_rows(height: u16) -> usize {
    usize::from(messages_areas(Rect::new(0, 0, 80, height)).1.height)
}

/// Where the related-records list is drawn: most of the screen, centred.
pub fn related_area(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4).min(110);
    let height = area.height.saturating_sub(4);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}
