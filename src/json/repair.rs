//! Repairs the escape errors vendors put in their JSON.
//!
//! Seed 000 writes `"\专\业"` inside a string: a backslash before a character that cannot
//! start a JSON escape. The repair drops such a backslash. While scanning strings it also
//! escapes raw control characters and replaces lone UTF-16 surrogate escapes, two more ways a
//! strict parser refuses a body that a browser would have shown. Bytes outside strings are
//! copied unchanged, so a body that is broken in some other way stays broken and is reported.

use std::borrow::Cow;

/// Returns the repaired bytes, or the input unchanged when nothing needed repair.
pub fn repair(input: &[u8]) -> Cow<'_, [u8]> {
    if !needs_repair(input) {
        return Cow::Borrowed(input);
    }
    let mut out = Vec::with_capacity(input.len() + 16);
    let mut in_string = false;
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        if !in_string {
            in_string = b == b'"';
            out.push(b);
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = false;
                out.push(b);
                i += 1;
            }
            b'\\' => i += repair_escape(input, i, &mut out),
            0x00..=0x1f => {
                out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// Copies or repairs the escape starting at `input[at] == b'\\'`; returns the bytes consumed.
fn repair_escape(input: &[u8], at: usize, out: &mut Vec<u8>) -> usize {
    match input.get(at + 1) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
            out.extend_from_slice(input.get(at..at + 2).unwrap_or_default());
            2
        }
        Some(b'u') => match hex4(input, at + 2) {
            Some(0xD800..=0xDBFF) => {
                // A high surrogate must be followed by a low one, or it is replaced.
                let low = (input.get(at + 6) == Some(&b'\\') && input.get(at + 7) == Some(&b'u'))
                    .then(|| hex4(input, at + 8))
                    .flatten();
                if matches!(low, Some(0xDC00..=0xDFFF)) {
                    out.extend_from_slice(input.get(at..at + 12).unwrap_or_default());
                    12
                } else {
                    out.extend_from_slice(b"\\ufffd");
                    6
                }
            }
            Some(0xDC00..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                6
            }
            Some(_) => {
                out.extend_from_slice(input.get(at..at + 6).unwrap_or_default());
                6
            }
            // `\u` without four hex digits: keep the letters, drop the backslash.
            None => 1,
        },
        // A backslash before anything else (or at the very end) is dropped.
        _ => 1,
    }
}

fn hex4(input: &[u8], at: usize) -> Option<u16> {
    let digits = input.get(at..at + 4)?;
    let text = std::str::from_utf8(digits).ok()?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(text, 16).ok()
}

/// A cheap pre-check so that clean bodies are never copied.
fn needs_repair(input: &[u8]) -> bool {
    let mut in_string = false;
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        if !in_string {
            in_string = b == b'"';
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = false,
            0x00..=0x1f => return true,
            b'\\' => {
                match input.get(i + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                    Some(b'u') => match hex4(input, i + 2) {
                        Some(0xD800..=0xDFFF) | None => return true,
                        Some(_) => {}
                    },
                    _ => return true,
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        String::from_utf8(repair(s.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn clean_input_is_borrowed() {
        let body = br#"{"a":"x\"y\\z\u00e9\n","b":[1,2]}"#;
        assert!(matches!(repair(body), Cow::Borrowed(_)));
    }

    #[test]
    fn drops_backslash_before_cjk_like_seed_000() {
        let body = r#"{"extattr":"{\"name\": \"\专\业\"}"}"#;
        assert_eq!(fixed(body), r#"{"extattr":"{\"name\": \"专业\"}"}"#);
        let v: serde_json::Value = serde_json::from_str(&fixed(body)).unwrap();
        assert_eq!(v["extattr"], r#"{"name": "专业"}"#);
    }

    #[test]
    fn keeps_escaped_backslash_pairs() {
        // `\\专` is an escaped backslash followed by a character: valid, untouched.
        let body = r#"{"a":"\\专","b":"\q"}"#;
        assert_eq!(fixed(body), r#"{"a":"\\专","b":"q"}"#);
    }

    #[test]
    fn escapes_raw_control_characters_in_strings_only() {
        let body = "{\"a\":\"line1\nline2\tx\"}";
        assert_eq!(fixed(body), r#"{"a":"line1\u000aline2\u0009x"}"#);
        let outside = "{\n\"a\": 1\n}";
        assert!(matches!(repair(outside.as_bytes()), Cow::Borrowed(_)));
    }

    #[test]
    fn replaces_lone_surrogates_and_bad_unicode_escapes() {
        assert_eq!(fixed(r#"["\ud800x"]"#), r#"["\ufffdx"]"#);
        assert_eq!(fixed(r#"["\udc00"]"#), r#"["\ufffd"]"#);
        assert_eq!(fixed(r#"["\ud83d\ude00"]"#), r#"["\ud83d\ude00"]"#);
        assert_eq!(fixed(r#"["\uZZ"]"#), r#"["uZZ"]"#);
    }

    #[test]
    fn trailing_backslash_does_not_panic() {
        assert_eq!(fixed("[\"abc\\"), "[\"abc");
        assert_eq!(fixed("\"\\u12"), "\"u12");
    }
}
