//! Matching a term against Chinese by pinyin: each Han character may be typed as a prefix of
//! one of its readings (`z`, `zh`, `zhang` for 张) or as itself, characters may be skipped as
//! in any fuzzy term, but a reading is never entered in the middle — so `zxw` and
//! `zhangxw` find 张晓雯, and `xyzzy` does not find a shop whose readings merely contain
//! those letters in order.
//!
//! A spelled field is the folded text with each Han character followed by its readings, each
//! after [`READING`]: `张␝zhang晓␝xiao`. It is built once per load.

use crate::i18n::pinyin;

/// Comes before each reading in a spelled field.
pub const READING: char = '\u{1d}';

/// Appends `text` spelled out.
pub fn spell(out: &mut String, text: &str) {
    for c in text.chars() {
        out.push(c);
        if pinyin::has_reading(c) {
            for reading in pinyin::readings(c) {
                out.push(READING);
                out.push_str(reading);
            }
        }
    }
}

/// One character of a shown text, with its readings.
struct Unit {
    c: char,
    readings: Vec<&'static str>,
}

/// Whether `needle` matches the spelled `field`. A needle of 64 characters or more is too
/// long to be a name; it matches as plain characters in order.
pub fn matches(needle: &[char], field: &str) -> bool {
    let Some(done) = 1u64
        .checked_shl(needle.len() as u32)
        .filter(|_| needle.len() < 64)
    else {
        return super::is_subsequence(needle, field);
    };
    // Bit p: the first p characters of the needle are matched.
    let mut reach: u64 = 1;
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        let mut next = reach;
        for p in bits(reach) {
            if needle.get(p) == Some(&c) {
                next |= 1 << (p + 1);
            }
        }
        while chars.next_if_eq(&READING).is_some() {
            let mut reading = Vec::with_capacity(6);
            while let Some(letter) = chars.next_if(char::is_ascii_lowercase) {
                reading.push(letter);
            }
            for p in bits(reach) {
                next |= prefix_ends(needle, p, &reading);
            }
        }
        reach = next;
        if reach & done != 0 {
            return true;
        }
    }
    false
}

/// The bits `p + k` for every `k ≥ 1` where the reading's first `k` letters are the needle's
/// from `p` on.
fn prefix_ends(needle: &[char], p: usize, reading: &[char]) -> u64 {
    let mut ends = 0;
    for (k, letter) in reading.iter().enumerate() {
        if needle.get(p + k) != Some(letter) {
            break;
        }
        ends |= 1 << (p + k + 1);
    }
    ends
}

/// The positions of the set bits.
fn bits(mut set: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (set != 0).then(|| {
            let p = set.trailing_zeros() as usize;
            set &= set - 1;
            p
        })
    })
}

/// Which characters of the (folded) shown text a pinyin match uses, when the needle matches
/// it so; the earliest such match.
pub fn positions(needle: &[char], folded: &[char]) -> Option<Vec<usize>> {
    let units: Vec<Unit> = folded
        .iter()
        .map(|&c| Unit {
            c,
            readings: if pinyin::has_reading(c) {
                pinyin::readings(c)
            } else {
                Vec::new()
            },
        })
        .collect();
    let mut dead = std::collections::HashSet::new();
    let mut found = Vec::with_capacity(needle.len());
    search(&units, needle, 0, 0, &mut dead, &mut found).then_some(found)
}

/// Depth-first: use unit `i` for the needle from `p` on (as itself, or by a reading's
/// prefix, longest first), or skip it. `dead` remembers the states that cannot finish.
fn search(
    units: &[Unit],
    needle: &[char],
    i: usize,
    p: usize,
    dead: &mut std::collections::HashSet<(usize, usize)>,
    found: &mut Vec<usize>,
) -> bool {
    if p == needle.len() {
        return true;
    }
    let Some(unit) = units.get(i) else {
        return false;
    };
    if dead.contains(&(i, p)) {
        return false;
    }
    let mut steps: Vec<usize> = unit
        .readings
        .iter()
        .flat_map(|r| {
            let r: Vec<char> = r.chars().collect();
            (1..=r.len()).filter(move |&k| needle.get(p..p + k) == r.get(..k))
        })
        .collect();
    if needle.get(p) == Some(&unit.c) {
        steps.push(1);
    }
    steps.sort_unstable_by(|a, b| b.cmp(a));
    steps.dedup();
    for k in steps {
        found.push(i);
        if search(units, needle, i + 1, p + k, dead, found) {
            return true;
        }
        found.pop();
    }
    if search(units, needle, i + 1, p, dead, found) {
        return true;
    }
    dead.insert((i, p));
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(text: &str) -> String {
        let mut out = String::new();
        spell(&mut out, text);
        out
    }

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn readings_are_entered_at_their_start() {
        let field = spelled("张晓雯");
        for query in [
            "zxw",
            "zhangxiaowen",
            "zhxiaow",
            "张xw",
            "xw",
            "zhang",
            "晓wen",
        ] {
            assert!(matches(&chars(query), &field), "{query}");
        }
        for query in ["hxw", "angx", "zxwz", "xz", "wx"] {
            assert!(!matches(&chars(query), &field), "{query}");
        }
        assert!(!matches(
            &chars("xyzzy"),
            &spelled("禾木生鲜·广州体育中心店")
        ));
        assert!(matches(
            &chars("gztyzx"),
            &spelled("禾木生鲜·广州体育中心店")
        ));
    }

    #[test]
    fn latin_text_in_a_field_is_matched_as_written() {
        let field = spelled("tom 张");
        assert!(matches(&chars("tomz"), &field));
        assert!(matches(&chars("tz"), &field));
    }

    #[test]
    fn positions_name_the_characters_used() {
        let p = |q: &str, t: &str| positions(&chars(q), &chars(t));
        assert_eq!(p("zxw", "张晓雯"), Some(vec![0, 1, 2]));
        assert_eq!(p("xiaow", "老张晓雯"), Some(vec![2, 3]));
        assert_eq!(p("wang", "老王"), Some(vec![1]));
        assert_eq!(p("xyzzy", "广州体育中心"), None);
    }
}
