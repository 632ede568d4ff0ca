//! A list table that builds only the rows on screen. Column widths are computed here (not by
//! ratatui) so that every cell is fitted to its exact width by display width, with `…`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Row, Table, TableState};

pub use crate::app::columns::ColumnSpec;
use crate::i18n::text;

pub const SPACING: u16 = 1;

/// The width of each column (0 for a dropped column) in `total` cells.
pub fn widths(specs: &[ColumnSpec], total: u16) -> Vec<u16> {
    let shown = fitting(specs, total);
    let mut out: Vec<u16> = specs
        .iter()
        .zip(&shown)
        .map(|(c, s)| if *s { c.min } else { 0 })
        .collect();
    let spare = u32::from(total).saturating_sub(needed(specs, &shown));
    grow(specs, &shown, &mut out, spare);
    // A lone column that is still too wide for the screen is cut to fit.
    if let Some(last) = out.iter_mut().rev().find(|w| **w > 0)
        && needed(specs, &shown) > u32::from(total)
    {
        *last = (*last).min(total);
    }
    out
}

/// The cells the shown columns need at their narrowest, with the spacing between them.
fn needed(specs: &[ColumnSpec], shown: &[bool]) -> u32 {
    let cols: Vec<&ColumnSpec> = specs
        .iter()
        .zip(shown)
        .filter(|(_, s)| **s)
        .map(|(c, _)| c)
        .collect();
    cols.iter().map(|c| u32::from(c.min)).sum::<u32>()
        + u32::from(SPACING) * cols.len().saturating_sub(1) as u32
}

/// Which columns are shown: the least important dropped (the rightmost first among equals)
/// until the rest fit, one column at least.
fn fitting(specs: &[ColumnSpec], total: u16) -> Vec<bool> {
    let mut shown: Vec<bool> = vec![true; specs.len()];
    while needed(specs, &shown) > u32::from(total) && shown.iter().filter(|s| **s).count() > 1 {
        let drop = specs
            .iter()
            .enumerate()
            .filter(|(i, _)| shown[*i])
            .min_by_key(|(i, c)| (c.priority, std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        match drop {
            Some(i) => shown[i] = false,
            None => break,
        }
    }
    shown
}

/// Hands out spare cells in proportion to `grow`, respecting `max`, until none is left or no
/// column can take more.
fn grow(specs: &[ColumnSpec], shown: &[bool], out: &mut [u16], mut spare: u32) {
    while spare > 0 {
        let open: Vec<usize> = (0..specs.len())
            .filter(|&i| {
                shown[i] && specs[i].grow > 0 && (specs[i].max == 0 || out[i] < specs[i].max)
            })
            .collect();
        let weight: u32 = open.iter().map(|&i| u32::from(specs[i].grow)).sum();
        if weight == 0 {
            break;
        }
        let mut given = 0;
        for &i in &open {
            let share = (spare * u32::from(specs[i].grow) / weight).max(1);
            let room = if specs[i].max == 0 {
                u32::MAX
            } else {
                u32::from(specs[i].max - out[i])
            };
            let add = share.min(room).min(spare - given);
            out[i] += add as u16;
            given += add;
            if given == spare {
                break;
            }
        }
        if given == 0 {
            break;
        }
        spare -= given;
    }
}

/// A cell: styled segments (most cells have one; tag chips have several).
pub type CellText = Vec<(String, Style)>;

/// One row: its cells and its style.
pub struct TableRow {
    pub cells: Vec<CellText>,
    pub style: Style,
}

/// Renders a block with a header row and the given rows (only those on screen), the row at
/// `selected` (relative to the first given row) highlighted.
pub struct TableView<'a> {
    pub block: Block<'a>,
    /// The width of each column shown (dropped columns are left out of header and rows).
    pub widths: Vec<u16>,
    pub header: Vec<CellText>,
    pub rows: Vec<TableRow>,
    pub selected: Option<usize>,
    pub selected_style: Style,
}

pub fn render(frame: &mut Frame, area: Rect, view: TableView) {
    let widths = &view.widths;
    let header = Row::new(
        view.header
            .into_iter()
            .zip(widths)
            .map(|(segments, w)| Line::from(fit_segments(segments, usize::from(*w)))),
    );
    let body: Vec<Row> = view
        .rows
        .into_iter()
        .map(|row| {
            let cells = row
                .cells
                .into_iter()
                .zip(widths)
                .map(|(segments, w)| Line::from(fit_segments(segments, usize::from(*w))));
            Row::new(cells).style(row.style)
        })
        .collect();
    let constraints: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
    let table = Table::new(body, constraints)
        .header(header)
        .block(view.block)
        .column_spacing(SPACING)
        .row_highlight_style(view.selected_style);
    let mut state = TableState::default().with_selected(view.selected);
    frame.render_stateful_widget(table, area, &mut state);
}

/// Styled segments fitted to exactly `width` cells: cut with `…` where the width runs out,
/// padded with spaces where it does not.
pub fn fit_segments(segments: CellText, width: usize) -> Vec<Span<'static>> {
    let mut spans = Vec::with_capacity(segments.len() + 1);
    let mut used = 0;
    let total: usize = segments.iter().map(|(t, _)| text::width(t)).sum();
    for (segment, style) in segments {
        let w = text::width(&segment);
        if total <= width || used + w < width {
            if used + w > width {
                break;
            }
            used += w;
            spans.push(Span::styled(text::clean(&segment).into_owned(), style));
        } else {
            // The last segment that fits partly: cut it, with the ellipsis.
            let cut = text::truncate(&segment, width - used);
            used += text::width(&cut);
            spans.push(Span::styled(cut, style));
            break;
        }
    }
    if used < width {
        spans.push(Span::raw(" ".repeat(width - used)));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_fit_by_display_width() {
        let plain = Style::new();
        let text = |spans: Vec<Span>| {
            spans
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
        };
        let chips = vec![
            (" 高意向 ".to_string(), plain),
            (" ".into(), plain),
            (" VIP ".into(), plain),
        ];
        assert_eq!(text(fit_segments(chips.clone(), 16)), " 高意向   VIP   ");
        assert_eq!(text(fit_segments(chips.clone(), 12)), " 高意向   V…");
        assert_eq!(text(fit_segments(chips, 5)), " 高… ");
        assert_eq!(
            text(fit_segments(vec![("北京市东城区".into(), plain)], 6)),
            "北京… "
        );
    }

    const fn col(min: u16, max: u16, grow: u16, priority: u8) -> ColumnSpec {
        ColumnSpec {
            min,
            max,
            grow,
            priority,
        }
    }

    #[test]
    fn spare_width_goes_to_growing_columns_within_their_max() {
        let specs = [col(10, 0, 1, 9), col(4, 6, 1, 9), col(10, 0, 3, 9)];
        let w = widths(&specs, 60);
        assert_eq!(w.iter().sum::<u16>() + 2, 60);
        assert_eq!(w[1], 6);
        assert!(w[2] > w[0]);
    }

    #[test]
    fn low_priority_columns_drop_first_when_narrow() {
        let specs = [col(10, 0, 1, 9), col(8, 8, 0, 1), col(10, 0, 1, 5)];
        let w = widths(&specs, 22);
        assert_eq!(w[1], 0);
        assert_eq!(w[0] + w[2] + 1, 22);
    }

    #[test]
    fn never_wider_than_the_screen() {
        let specs = [col(30, 0, 1, 9)];
        assert_eq!(widths(&specs, 12), vec![12]);
        assert_eq!(widths(&specs, 0), vec![0]);
    }
}
