//! The `/` filter: a query of space-separated terms, each of which must hold.
//!
//! - `abc`: fuzzy — the characters in order (not necessarily adjacent) within one column;
//! - `#vip`: the record has a tag whose name contains `vip`;
//! - `!abc`: no column contains `abc` (plain substring);
//! - `is:open`, `is:claimed`, `is:done`, `is:mine`, `by:NAME`: an outflow alert's triage
//!   ([`Facts`]), which matches no other record.
//!
//! Matching ignores case and width (`ｚｘｗ` is `zxw`), and in the columns that name people
//! and places a fuzzy term with Latin letters also matches Chinese by pinyin: `zxw`,
//! `zhangxiaowen` and `张xw` all find 张晓雯. Records are matched against a [`Haystack`] built
//! once per load from the text of the pane's columns, already folded, with those columns also
//! spelled out (each Han character followed by its readings: `张zhang晓xiao雯wen`) and a mask
//! of the characters present, so a keystroke is one scan that most records fail at the mask.

mod facts;
mod spelled;

use facts::Is;
pub use facts::{Facts, Tally};

use crate::i18n::pinyin;

/// Separates fields in a haystack, and the fields from the tags.
const FIELD: char = '\u{1f}';
const TAGS: char = '\u{1e}';

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// The characters in order; `latin` when one of them is a Latin letter or digit, which
    /// pinyin can match.
    Fuzzy(Needle),
    Tag(String),
    Not(String),
    Is(Is),
    By(String),
}

/// A fuzzy term, ready to scan with.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Needle {
    chars: Vec<char>,
    /// The bytes, when every character is ASCII: then one pass does.
    ascii: Option<Vec<u8>>,
    /// A Latin letter or digit is in it, which pinyin can match.
    latin: bool,
    /// [`char_mask`] of the characters.
    mask: u64,
}

impl Needle {
    fn new(word: &str) -> Needle {
        let chars: Vec<char> = fold(word).chars().collect();
        Needle {
            ascii: chars
                .iter()
                .map(|&c| u8::try_from(c).ok().filter(u8::is_ascii))
                .collect(),
            latin: chars.iter().any(char::is_ascii_alphanumeric),
            mask: char_mask(chars.iter().copied()),
            chars,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    text: String,
    terms: Vec<Term>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let terms = text
            .split_whitespace()
            .filter_map(|word| {
                if let Some(tag) = word.strip_prefix('#') {
                    (!tag.is_empty()).then(|| Term::Tag(fold(tag)))
                } else if let Some(not) = word.strip_prefix('!') {
                    (!not.is_empty()).then(|| Term::Not(fold(not)))
                } else if let Some(is) = fold(word).strip_prefix("is:").and_then(Is::parse) {
                    Some(Term::Is(is))
                } else if let Some(name) = fold(word).strip_prefix("by:") {
                    // A lone `by:` is not a term yet.
                    (!name.is_empty()).then(|| Term::By(name.to_owned()))
                } else {
                    Some(Term::Fuzzy(Needle::new(word)))
                }
            })
            .collect();
        Query {
            text: text.to_owned(),
            terms,
        }
    }

    /// The query as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// No term: everything matches.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a term asks about [`Facts`] (`is:`, `by:`): the view is built again when they
    /// change.
    pub fn asks_facts(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t, Term::Is(_) | Term::By(_)))
    }

    /// The words `is:` takes, for completion and help.
    pub const IS_WORDS: [&'static str; 4] = Is::WORDS;

    /// Whether every record this query matches is also matched by `previous` — then only
    /// `previous`'s matches need to be scanned. Typing more of a term narrows, except for a
    /// `!` term, where more text excludes less, and an `is:` or `by:` term, which is text
    /// until it spells a word `is:` takes or a name follows `by:`.
    pub fn narrows(&self, previous: &Query) -> bool {
        if previous.is_empty() {
            return false;
        }
        if !self.text.starts_with(&previous.text) {
            return false;
        }
        let old = &previous.text;
        let extends_last_word = !old.ends_with(char::is_whitespace)
            && !self.text[old.len()..].starts_with(char::is_whitespace);
        let last_is_not = old.split_whitespace().last().is_some_and(|w| {
            let w = fold(w);
            w.starts_with('!') || w.starts_with("is:") || w == "by:"
        });
        !(extends_last_word && last_is_not)
    }

    pub fn matches(&self, haystack: &Haystack, facts: &Facts) -> bool {
        let (fields, tags) = haystack
            .text
            .split_once(TAGS)
            .unwrap_or((&haystack.text, ""));
        self.terms.iter().all(|term| match term {
            Term::Fuzzy(needle) => {
                let mask = needle.mask;
                (haystack.mask & mask == mask && in_one_field(needle, fields))
                    || (needle.latin
                        && haystack.spelled_mask & mask == mask
                        && haystack.spelled.as_deref().is_some_and(|spelled| {
                            // Letters in order within one column is necessary and cheap.
                            in_one_field(needle, spelled)
                                && spelled
                                    .split(FIELD)
                                    .any(|field| spelled::matches(&needle.chars, field))
                        }))
            }
            Term::Tag(tag) => tags.split(FIELD).any(|name| name.contains(tag.as_str())),
            Term::Not(text) => !fields.contains(text.as_str()),
            Term::Is(is) => is.holds(facts),
            Term::By(name) => facts::by(name, facts),
        })
    }

    /// The character positions in `text` to highlight: where the fuzzy terms match it
    /// (contiguously when they can), and where a `#tag` term is found. In a column matched
    /// `by_pinyin`, the characters whose readings a term used.
    pub fn highlights(&self, text: &str, by_pinyin: bool) -> Vec<usize> {
        let folded: Vec<char> = text.chars().map(fold_char).collect();
        let mut marked = Vec::new();
        for term in &self.terms {
            let found = match term {
                Term::Fuzzy(Needle { chars, latin, .. }) => positions(chars, &folded, true)
                    .or_else(|| {
                        (by_pinyin && *latin)
                            .then(|| spelled::positions(chars, &folded))
                            .flatten()
                    }),
                Term::Tag(tag) => positions(&tag.chars().collect::<Vec<_>>(), &folded, false),
                Term::Not(_) | Term::Is(_) | Term::By(_) => continue,
            };
            marked.extend(found.into_iter().flatten());
        }
        marked.sort_unstable();
        marked.dedup();
        marked
    }
}

/// The searchable text of one record, folded to lower case and half width; when a column that
/// is spelled has Han characters, also those columns spelled out with their readings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Haystack {
    text: Box<str>,
    spelled: Option<Box<str>>,
    /// [`char_mask`] of the fields (not the tags) and of the spelled columns.
    mask: u64,
    spelled_mask: u64,
}

/// One column's text for the haystack, and whether it is spelled out in pinyin too.
pub struct Field<'a> {
    pub text: &'a str,
    pub spelled: bool,
}

impl Haystack {
    pub fn new<'a>(
        fields: impl IntoIterator<Item = Field<'a>>,
        tags: impl IntoIterator<Item = &'a str>,
    ) -> Haystack {
        let mut text = String::new();
        let mut spelled = String::new();
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                text.push(FIELD);
            }
            let start = text.len();
            push_folded(&mut text, field.text);
            let folded = &text[start..];
            if field.spelled && folded.chars().any(pinyin::has_reading) {
                if !spelled.is_empty() {
                    spelled.push(FIELD);
                }
                spelled::spell(&mut spelled, folded);
            }
        }
        let mask = char_mask(text.chars());
        text.push(TAGS);
        for (i, tag) in tags.into_iter().enumerate() {
            if i > 0 {
                text.push(FIELD);
            }
            push_folded(&mut text, tag);
        }
        Haystack {
            text: text.into_boxed_str(),
            spelled_mask: char_mask(spelled.chars()),
            spelled: (!spelled.is_empty()).then(|| spelled.into_boxed_str()),
            mask,
        }
    }
}

/// Which characters a text has, as bits: one per Latin letter and digit, the rest hashed into
/// the remaining 28. A term whose bits the record lacks cannot match it.
fn char_mask(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |bits, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + (c as u32 - '0' as u32),
            FIELD | TAGS | spelled::READING => return bits,
            _ => 36 + c as u32 % 28,
        };
        bits | 1 << bit
    })
}

/// Whether `chars` occur in order within one field of `fields`. In order across the whole
/// text is necessary, and cheap to refute.
fn in_one_field(needle: &Needle, fields: &str) -> bool {
    match &needle.ascii {
        Some(bytes) => ascii_in_one_field(bytes, fields.as_bytes()),
        None => {
            is_subsequence(&needle.chars, fields)
                && fields
                    .split(FIELD)
                    .any(|field| is_subsequence(&needle.chars, field))
        }
    }
}

/// One pass for an ASCII needle: jump to its next byte or the next field, starting the needle
/// over at each field.
fn ascii_in_one_field(needle: &[u8], hay: &[u8]) -> bool {
    let field = FIELD as u8;
    let (mut at, mut matched) = (0, 0);
    while let Some(&want) = needle.get(matched) {
        let Some(found) = hay
            .get(at..)
            .and_then(|rest| memchr::memchr2(want, field, rest))
        else {
            return false;
        };
        at += found + 1;
        matched = if hay.get(at - 1) == Some(&field) {
            0
        } else {
            matched + 1
        };
    }
    true
}

/// One lower-case character for each character, so positions in folded text are positions in
/// the original. Separator characters typed into a field cannot fake a field boundary.
fn fold_char(c: char) -> char {
    match c {
        FIELD | TAGS | spelled::READING => ' ',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        // Full-width forms, as an input method types them in Chinese mode.
        '\u{ff01}'..='\u{ff5e}' => {
            char::from_u32(c as u32 - 0xfee0).map_or(c, |c| c.to_ascii_lowercase())
        }
        '\u{3000}' => ' ',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_folded(&mut out, text);
    out
}

fn push_folded(out: &mut String, text: &str) {
    out.extend(text.chars().map(fold_char));
}

/// Whether `needle`'s characters occur in `hay` in order. `str::find` with a `char` jumps
/// with memchr, which makes a miss (most records, most keystrokes) cheap.
fn is_subsequence(needle: &[char], hay: &str) -> bool {
    let mut rest = hay;
    for &c in needle {
        match rest.find(c) {
            Some(at) => rest = rest.get(at + c.len_utf8()..).unwrap_or(""),
            None => return false,
        }
    }
    true
}

/// Where `needle` occurs in `hay`: as a run of adjacent characters if it can, else (when
/// `fuzzy`) the earliest characters in order.
fn positions(needle: &[char], hay: &[char], fuzzy: bool) -> Option<Vec<usize>> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    if let Some(start) = hay.windows(needle.len()).position(|w| w == needle) {
        return Some((start..start + needle.len()).collect());
    }
    if !fuzzy {
        return None;
    }
    let mut found = Vec::with_capacity(needle.len());
    let mut want = needle.iter().peekable();
    for (i, c) in hay.iter().enumerate() {
        if want.peek() == Some(&c) {
            found.push(i);
            want.next();
        }
    }
    want.peek().is_none().then_some(found)
}

#[cfg(test)]
mod tests;
