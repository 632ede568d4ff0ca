//! How a Chinese character is typed: its pinyin readings, without tones, for the filter.
//!
//! Every reading of a character is offered (行 is both `xing` and `hang`), so a name is found
//! however its characters are read; the surnames whose reading differs from the character's
//! everyday one are checked by a test, and added here when the data lacks them.

use pinyin::{Pinyin, ToPinyinMulti};

/// Surname readings the pinyin data might not list for the character.
const SURNAMES: &[(char, &str)] = &[
    ('曾', "zeng"),
    ('单', "shan"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('朴', "piao"),
    ('区', "ou"),
    ('查', "zha"),
    ('盖', "ge"),
    ('尉', "yu"),
    ('乐', "yue"),
    ('缪', "miao"),
    ('翟', "zhai"),
    ('覃', "qin"),
    ('种', "chong"),
    ('长', "chang"),
    ('重', "chong"),
    ('秘', "bi"),
    ('洗', "xian"),
];

/// The distinct toneless readings of `c`, most common first; empty when `c` has none.
pub fn readings(c: char) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for reading in multi.into_iter().map(Pinyin::plain) {
            if !out.contains(&reading) {
                out.push(reading);
            }
        }
    }
    for &(_, reading) in SURNAMES.iter().filter(|(s, _)| *s == c) {
        if !out.contains(&reading) {
            out.push(reading);
        }
    }
    out
}

/// Whether `c` has a pinyin reading (a Han character).
pub fn has_reading(c: char) -> bool {
    // Below U+2E80 there are no Han characters; the lookup would scan its table for nothing.
    c >= '\u{2e80}' && c.to_pinyin_multi().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_surnames_read_as_surnames() {
        for (c, reading) in [
            ('曾', "zeng"),
            ('单', "shan"),
            ('解', "xie"),
            ('王', "wang"),
            ('张', "zhang"),
            ('行', "hang"),
            ('行', "xing"),
        ] {
            assert!(readings(c).contains(&reading), "{c}: {:?}", readings(c));
        }
        assert!(readings('a').is_empty());
        assert!(has_reading('雯') && !has_reading('a') && !has_reading('…'));
    }
}
