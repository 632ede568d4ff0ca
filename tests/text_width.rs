//! Truncation by grapheme cluster, checked against what ratatui draws: over random strings of
//! CJK, emoji with VS16 and ZWJ, flags and combining marks, a cut text always ends with `…`
//! inside its column, and `fit` fills it exactly.

use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use scrm_tui::i18n::text;

const PIECES: &[&str] = &[
    "a",
    "Z",
    "7",
    " ",
    "张",
    "晓",
    "雯",
    "，",
    "❤️",
    "❤",
    "☺️",
    "👍🏽",
    "👨‍👩‍👧",
    "🧑‍💻",
    "🇨🇳",
    "🇺🇸",
    "e\u{301}",
    "ก่",
    "ｚ",
    "…",
    "\u{200b}",
];

fn grapheme_strings() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|p| p.concat())
}

/// The line drawn into a row `cells` wide: the symbols of its cells, and how many cells the
/// line takes by ratatui's measure.
fn drawn(line: &str, cells: u16) -> (String, usize) {
    let area = Rect::new(0, 0, cells, 1);
    let mut buffer = Buffer::empty(area);
    Paragraph::new(line.to_owned()).render(area, &mut buffer);
    let symbols = (0..cells).map(|x| buffer[(x, 0)].symbol()).collect();
    (symbols, Line::from(line.to_owned()).width())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_cut_text_ends_with_an_ellipsis_inside_its_column(s in grapheme_strings(), max in 1u16..30) {
        let cut = text::truncate(&s, usize::from(max));
        let (symbols, used) = drawn(&cut, max);
        prop_assert!(used <= usize::from(max), "{cut:?} takes {used} > {max}");
        if text::width(&s) > usize::from(max) {
            prop_assert!(cut.ends_with('…'), "{cut:?}");
            // The ellipsis is drawn, not clipped off the end of the column.
            let last = symbols.trim_end();
            prop_assert!(last.ends_with('…'), "{s:?} at {max}: drawn {symbols:?}");
        } else {
            prop_assert_eq!(&cut, &s);
        }
        prop_assert_eq!(text::width(&cut), used);
    }

    #[test]
    fn fit_fills_its_column_exactly(s in grapheme_strings(), cells in 1u16..30) {
        let fitted = text::fit(&s, usize::from(cells));
        prop_assert_eq!(Line::from(fitted.clone()).width(), usize::from(cells), "{:?}", fitted);
    }
}
