//! Text on a terminal: control characters made visible, widths measured in terminal cells (CJK is
//! two cells wide), truncation with an ellipsis, padding.
//!
//! Widths go by grapheme cluster, as ratatui draws them: `❤️` (a heart and VS16) is one
//! two-cell glyph, a family joined by ZWJ one glyph, `é` written as `e` and a combining accent
//! one cell — and a cut never splits one.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub const ELLIPSIS: char = '…';

/// What a character looks like on screen: control characters become the visible Control
/// Pictures (`␉` for a tab, `␊` for a newline), and characters that could reorder or hide text
/// (C1 controls, bidirectional overrides) become `�`. Nothing that reaches the terminal can
/// move the cursor or change its state.
fn visible(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// No terminal shows more than this of one text: the UI looks at no more of it, so that a
/// 50 MB value from a vendor costs no more per frame than a short one.
pub const SHOWN_MAX: usize = 4096;

/// At most `max_bytes` of the text, cut at a character boundary.
pub fn head(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The text (its first [`SHOWN_MAX`] bytes) with every control character made visible.
pub fn clean(text: &str) -> Cow<'_, str> {
    let text = head(text, SHOWN_MAX);
    if !text.chars().any(|c| visible(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| visible(c).unwrap_or(c)).collect())
}

/// The width in terminal cells.
pub fn width(text: &str) -> usize {
    graphemes_width(&clean(text))
}

/// The cells a text takes as ratatui draws it: each grapheme cluster as wide as it measures.
fn graphemes_width(text: &str) -> usize {
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// At most `max` cells of the text, cleaned, with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    let cut_short = text.len() > SHOWN_MAX;
    let text = clean(text);
    if !cut_short && graphemes_width(&text) <= max {
        return text.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::with_capacity(max * 3);
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = grapheme.width();
        if used + w > max - 1 {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push(ELLIPSIS);
    out
}

/// The longest end of the text at most `max` cells wide, whole graphemes only: what a line
/// scrolled to its end shows.
pub fn tail(text: &str, max: usize) -> &str {
    let mut used = 0;
    let mut start = text.len();
    for (at, grapheme) in text.grapheme_indices(true).rev() {
        used += grapheme.width();
        if used > max {
            break;
        }
        start = at;
    }
    &text[start..]
}

/// Exactly `cells` cells: truncated with `…` or padded with spaces. A wide character that
/// does not fit is replaced by padding, never split.
pub fn fit(text: &str, cells: usize) -> String {
    let mut out = truncate(text, cells);
    let used = graphemes_width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(used)));
    out
}

/// A count with a space between thousands, as in "2 000" and "12 400 / 100 000".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_two_cells_wide() {
        assert_eq!(width("北京市"), 6);
        assert_eq!(width("a北"), 3);
        assert_eq!(width("🍵"), 2);
    }

    #[test]
    fn truncates_by_width_with_an_ellipsis() {
        assert_eq!(truncate("北京市东城区", 7), "北京市…");
        assert_eq!(truncate("北京市东城区", 12), "北京市东城区");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn fit_pads_and_never_splits_a_wide_character() {
        assert_eq!(fit("北京", 6), "北京  ");
        // 5 cells: two CJK characters (4) and the ellipsis (1).
        assert_eq!(fit("北京市东城区", 5), "北京…");
        // 6 cells: "北京" (4) + "…" (1) + one space, since "市" would need two.
        assert_eq!(fit("北京市东城区", 6), "北京… ");
        assert_eq!(fit("北京市东城区", 6).width(), 6);
    }

    #[test]
    fn graphemes_are_measured_and_cut_whole() {
        // A heart with VS16 is a two-cell emoji; the ellipsis still fits after it.
        assert_eq!(width("爱❤️"), 4);
        assert_eq!(truncate("小美❤️❤️", 7), "小美❤️…");
        assert_eq!(truncate("小美❤️", 5), "小美…");
        // A ZWJ family and a flag are one glyph each, never split.
        assert_eq!(truncate("👨‍👩‍👧🇨🇳ab", 4), "👨‍👩‍👧…");
        // Combining marks stay on their letter.
        assert_eq!(width("e\u{301}e\u{301}"), 2);
        assert_eq!(truncate("e\u{301}e\u{301}x", 2), "e\u{301}…");
    }

    #[test]
    fn tails_keep_whole_graphemes() {
        assert_eq!(tail("abc北京", 5), "c北京");
        assert_eq!(tail("abc北京", 3), "京");
        assert_eq!(tail("ab❤️", 2), "❤️");
        assert_eq!(tail("abc", 10), "abc");
        assert_eq!(tail("abc", 0), "");
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(clean("a\tb\nc\u{1b}[31m"), "a␉b␊c␛[31m");
        assert_eq!(clean("\u{202e}evil"), "\u{fffd}evil");
        assert!(matches!(clean("plain 文本"), Cow::Borrowed(_)));
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(2000), "2 000");
        assert_eq!(count(100_000), "100 000");
        assert_eq!(count(1_234_567), "1 234 567");
    }
}
