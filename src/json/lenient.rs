//! Strict first, lenient second.
//!
//! A body is parsed strictly; only when that fails on syntax is it repaired (invalid escapes,
//! raw control characters, invalid UTF-8) and parsed again. Type errors are not syntax: they
//! are returned as they are, because no repair of the bytes could fix them.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde_json::error::Category;

use super::repair::repair;

/// A parsed value and whether the body needed repair to parse.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: T,
    pub repaired: bool,
}

pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<Parsed<T>, serde_json::Error> {
    decode_with(bytes, |bytes| serde_json::from_slice(bytes))
}

/// As [`from_slice`], for decoders that borrow from the body (`&RawValue`, `&str`) rather than
/// copy it: `decode` is given the body, and the repaired body only when the body is not valid
/// JSON. What it returns owns its data (it cannot outlive the repaired copy).
pub fn decode_with<R>(
    bytes: &[u8],
    decode: impl Fn(&[u8]) -> Result<R, serde_json::Error>,
) -> Result<Parsed<R>, serde_json::Error> {
    let strict = match decode(bytes) {
        Ok(value) => {
            return Ok(Parsed {
                value,
                repaired: false,
            });
        }
        Err(e) if e.classify() == Category::Data => return Err(e),
        Err(e) => e,
    };
    let text = String::from_utf8_lossy(bytes);
    let fixed = repair(text.as_bytes());
    if matches!(text, Cow::Borrowed(_)) && matches!(fixed, Cow::Borrowed(_)) {
        return Err(strict);
    }
    decode(&fixed).map(|value| Parsed {
        value,
        repaired: true,
    })
}

/// Decodes a JSON document kept inside a string field (`extattr`, `valueAsText`, `customVal`),
/// when the string holds an object or an array. Anything else stays a plain string.
pub fn embedded(text: &str) -> Option<serde_json::Value> {
    let trimmed = text.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return None;
    }
    from_slice::<serde_json::Value>(text.as_bytes())
        .ok()
        .map(|p| p.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn strict_json_is_not_marked_repaired() {
        let p: Parsed<Value> = from_slice(br#"{"a":1}"#).unwrap();
        assert!(!p.repaired);
        assert_eq!(p.value["a"], 1);
    }

    #[test]
    fn broken_escapes_are_repaired() {
        let p: Parsed<Value> = from_slice(r#"{"a":"\专"}"#.as_bytes()).unwrap();
        assert!(p.repaired);
        assert_eq!(p.value["a"], "专");
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        let p: Parsed<Value> = from_slice(b"{\"a\":\"x\xff\"}").unwrap();
        assert!(p.repaired);
        assert_eq!(p.value["a"], "x\u{fffd}");
    }

    #[test]
    fn type_errors_are_not_repaired() {
        let e = from_slice::<Vec<u8>>(br#"{"a":1}"#).unwrap_err();
        assert_eq!(e.classify(), Category::Data);
    }

    #[test]
    fn truncated_bodies_stay_errors() {
        assert!(from_slice::<Value>(br#"{"a":[1,2"#).is_err());
        assert!(from_slice::<Value>(b"").is_err());
        assert!(from_slice::<Value>(b"<html>502 Bad Gateway</html>").is_err());
    }

    #[test]
    fn embedded_json_only_for_objects_and_arrays() {
        assert_eq!(
            embedded("[\"110110\"]"),
            Some(serde_json::json!(["110110"]))
        );
        assert!(embedded(r#"{"attrs": []}"#).is_some());
        assert_eq!(embedded("null"), None);
        assert_eq!(embedded("4"), None);
        assert_eq!(embedded("{not json"), None);
    }
}
