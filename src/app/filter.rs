//! The `/` filter: a query of space-separated terms, each of which must hold.
//!
//! - `abc`: fuzzy — the characters in order (not necessarily adjacent) within one column;
//! - `#vip`: the record has a tag whose name contains `vip`;
//! - `!abc`: no column contains `abc` (plain substring).
//!
//! Matching ignores case. Records are matched against a [`Haystack`] built once per load from
//! the text of the pane's columns, already folded to lower case, so a keystroke costs one scan.

/// Separates fields in a haystack, and the fields from the tags.
const FIELD: char = '\u{1f}';
const TAGS: char = '\u{1e}';

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Fuzzy(Vec<char>),
    Tag(String),
    Not(String),
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
                } else {
                    Some(Term::Fuzzy(fold(word).chars().collect()))
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

    /// Whether every record this query matches is also matched by `previous` — then only
    /// `previous`'s matches need to be scanned. Typing more of a term narrows, except for a
    /// `!` term, where more text excludes less.
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
        let last_is_not = old
            .split_whitespace()
            .last()
            .is_some_and(|w| w.starts_with('!'));
        !(extends_last_word && last_is_not)
    }

    pub fn matches(&self, haystack: &Haystack) -> bool {
        let (fields, tags) = haystack.0.split_once(TAGS).unwrap_or((&haystack.0, ""));
        self.terms.iter().all(|term| match term {
            // In order across the whole text is necessary; within one column is the rule.
            Term::Fuzzy(chars) => {
                is_subsequence(chars, fields)
                    && fields
                        .split(FIELD)
                        .any(|field| is_subsequence(chars, field))
            }
            Term::Tag(tag) => tags.split(FIELD).any(|name| name.contains(tag.as_str())),
            Term::Not(text) => !fields.contains(text.as_str()),
        })
    }

    /// The character positions in `text` to highlight: where the fuzzy terms match it
    /// (contiguously when they can), and where a `#tag` term is found.
    pub fn highlights(&self, text: &str) -> Vec<usize> {
        let folded: Vec<char> = text.chars().map(fold_char).collect();
        let mut marked = Vec::new();
        for term in &self.terms {
            let needle: Vec<char> = match term {
                Term::Fuzzy(chars) => chars.clone(),
                Term::Tag(tag) => tag.chars().collect(),
                Term::Not(_) => continue,
            };
            if let Some(found) = positions(&needle, &folded, matches!(term, Term::Fuzzy(_))) {
                marked.extend(found);
            }
        }
        marked.sort_unstable();
        marked.dedup();
        marked
    }
}

/// The searchable text of one record, folded to lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Haystack(Box<str>);

impl Haystack {
    pub fn new<'a>(
        fields: impl IntoIterator<Item = &'a str>,
        tags: impl IntoIterator<Item = &'a str>,
    ) -> Haystack {
        let mut text = String::new();
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                text.push(FIELD);
            }
            push_folded(&mut text, field);
        }
        text.push(TAGS);
        for (i, tag) in tags.into_iter().enumerate() {
            if i > 0 {
                text.push(FIELD);
            }
            push_folded(&mut text, tag);
        }
        Haystack(text.into_boxed_str())
    }
}

/// One lower-case character for each character, so positions in folded text are positions in
/// the original. Separator characters typed into a field cannot fake a field boundary.
fn fold_char(c: char) -> char {
    match c {
        FIELD | TAGS => ' ',
        c if c.is_ascii() => c.to_ascii_lowercase(),
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
mod tests {
    use super::*;

    fn hay(fields: &[&str], tags: &[&str]) -> Haystack {
        Haystack::new(fields.iter().copied(), tags.iter().copied())
    }

    #[test]
    fn fuzzy_terms_match_in_order_within_one_column() {
        let h = hay(&["张三 Zhang", "北京市东城区"], &["VIP"]);
        assert!(Query::parse("zhg").matches(&h));
        assert!(Query::parse("北东").matches(&h));
        assert!(Query::parse("ZHANG 北京").matches(&h));
        // Not across columns, not out of order.
        assert!(!Query::parse("zhang北").matches(&h));
        assert!(!Query::parse("gnahz").matches(&h));
        assert!(Query::parse("").matches(&h));
    }

    #[test]
    fn tags_and_exclusions() {
        let h = hay(&["王五", "VIP 高意向"], &["VIP", "高意向"]);
        assert!(Query::parse("#vip").matches(&h));
        assert!(Query::parse("#意向").matches(&h));
        assert!(!Query::parse("#新客").matches(&h));
        assert!(!Query::parse("!王").matches(&h));
        assert!(Query::parse("!赵").matches(&h));
        // A lone `#` or `!` is not a term yet.
        assert!(Query::parse("# !").is_empty());
    }

    #[test]
    fn highlights_prefer_a_contiguous_run() {
        let q = Query::parse("ang");
        assert_eq!(q.highlights("Zhang an g"), vec![2, 3, 4]);
        let q = Query::parse("zg");
        assert_eq!(q.highlights("Zhang"), vec![0, 4]);
        let q = Query::parse("!zh #vi");
        assert_eq!(q.highlights("Zhang VIP"), vec![6, 7]);
        assert!(Query::parse("xyz").highlights("Zhang").is_empty());
    }

    #[test]
    fn typing_more_narrows_except_inside_an_exclusion() {
        let q = Query::parse;
        assert!(q("zha").narrows(&q("zh")));
        assert!(q("zh b").narrows(&q("zh")));
        assert!(q("zh !b").narrows(&q("zh ")));
        assert!(!q("zh !bc").narrows(&q("zh !b")));
        assert!(q("!b c").narrows(&q("!b")));
        assert!(!q("z").narrows(&q("")));
        assert!(!q("zx").narrows(&q("zh")));
    }

    #[test]
    fn separators_in_data_do_not_split_fields() {
        let h = hay(&["a\u{1f}b"], &[]);
        assert!(Query::parse("ab").matches(&h));
    }
}
