//! Lenient field decoders, for `#[serde(deserialize_with = …)]`.
//!
//! Vendors send the same field as an int in one document and a string in the next, `null`
//! where a neighbour has `[]` or `""`, numbers and booleans as strings, and times in four
//! formats. These decoders accept every form seen in the seeds and reject only values of the
//! wrong shape altogether (an object where an id belongs).

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Any JSON scalar, with integers kept exact (never through f64).
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number, a boolean or null")
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                Scalar::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::UInt(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Str(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl Scalar {
    /// The value as text: strings as they are, numbers in their exact decimal form.
    fn into_text(self) -> Option<String> {
        match self {
            Scalar::Null => None,
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Int(i) => Some(i.to_string()),
            Scalar::UInt(u) => Some(u.to_string()),
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(format!("{f:.0}")),
            Scalar::Float(f) => Some(f.to_string()),
            Scalar::Str(s) => Some(s),
        }
    }
}

/// A required id: an integer or a non-empty string, as a string.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match opt_id(d)? {
        Some(id) => Ok(id),
        None => Err(de::Error::custom("the id is null or empty")),
    }
}

/// An optional id: `null` and `""` are absent.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let scalar = Scalar::deserialize(d)?;
    if let Scalar::Bool(_) = scalar {
        return Err(de::Error::custom("expected an id, found a boolean"));
    }
    Ok(scalar.into_text().filter(|s| !s.trim().is_empty()))
}

/// Text where `null` means empty; numbers and booleans become their text.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Scalar::deserialize(d)?.into_text().unwrap_or_default())
}

/// A flag sent as `true`, `1`, `"1"` or `"true"` (and their opposites); `null` is false.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    scalar_flag(Scalar::deserialize(d)?)
}

fn scalar_flag<E: de::Error>(scalar: Scalar) -> Result<bool, E> {
    match scalar {
        Scalar::Null => Ok(false),
        Scalar::Bool(b) => Ok(b),
        Scalar::Int(i) => Ok(i != 0),
        Scalar::UInt(u) => Ok(u != 0),
        Scalar::Float(f) => Ok(f != 0.0),
        Scalar::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "" | "0" | "false" | "no" | "n" => Ok(false),
            "1" | "true" | "yes" | "y" => Ok(true),
            other => Err(de::Error::custom(format!(
                "expected a flag, found \"{other}\""
            ))),
        },
    }
}

/// A flag that may be absent: `None` when the field is `null`.
pub fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let scalar = Scalar::deserialize(d)?;
    if scalar == Scalar::Null {
        return Ok(None);
    }
    scalar_flag(scalar).map(Some)
}

/// A nested object where vendors write `null`, `""` or `[]` for "none". Read as it comes,
/// not buffered first to try one shape after another (an untagged enum did that, and it was a
/// fifth of decoding Weiban's customers).
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object, null, \"\" or []")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
            match seq.next_element::<de::IgnoredAny>()? {
                None => Ok(None),
                Some(_) => Err(de::Error::custom("expected an object, null, \"\" or []")),
            }
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Option<T>, E> {
            if text.is_empty() {
                Ok(None)
            } else {
                Err(E::custom("expected an object, null, \"\" or []"))
            }
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V(std::marker::PhantomData))
}

/// A count or number sent as a number or as a numeric string; `null` and `""` are absent.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Scalar::deserialize(d)? {
        Scalar::Null => Ok(None),
        Scalar::Int(i) => Ok(u64::try_from(i).ok()),
        Scalar::UInt(u) => Ok(Some(u)),
        Scalar::Float(f) if f >= 0.0 && f.fract() == 0.0 => Ok(Some(f as u64)),
        Scalar::Str(s) if s.trim().is_empty() => Ok(None),
        Scalar::Str(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::custom(format!("expected a number, found \"{s}\""))),
        other => Err(de::Error::custom(format!(
            "expected a number, found {other:?}"
        ))),
    }
}

/// A signed integer (an error code, a status) sent as a number or a numeric string.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Scalar::deserialize(d)? {
        Scalar::Null => Ok(None),
        Scalar::Int(i) => Ok(Some(i)),
        Scalar::UInt(u) => i64::try_from(u)
            .map(Some)
            .map_err(|_| de::Error::custom("number out of range")),
        Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
        Scalar::Str(s) if s.trim().is_empty() => Ok(None),
        Scalar::Str(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::custom(format!("expected an integer, found \"{s}\""))),
        other => Err(de::Error::custom(format!(
            "expected an integer, found {other:?}"
        ))),
    }
}

/// A point in time in any form the vendors use; see [`parse_time`].
pub fn opt_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(parse_time(&Scalar::deserialize(d)?))
}

/// A list where `null` means empty.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Beijing time: zone-less vendor times (Tanma, Yunzhong) are China Standard Time.
pub fn beijing() -> FixedOffset {
    BEIJING
}

const BEIJING: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("+08:00 is a valid offset"),
};

/// Unix seconds or milliseconds (as numbers or digit strings), RFC 3339 with any number of
/// fractional digits, or a zone-less `YYYY-MM-DD[ HH:MM:SS]` read as Beijing time. Zero, empty
/// and unparseable values are absent rather than errors: a bad time never sinks a record.
pub fn parse_time(value: &Scalar) -> Option<DateTime<Utc>> {
    match value {
        Scalar::Int(i) => from_epoch(*i),
        Scalar::UInt(u) => i64::try_from(*u).ok().and_then(from_epoch),
        Scalar::Float(f) if f.is_finite() => from_epoch(*f as i64),
        Scalar::Str(s) => parse_time_text(s.trim()),
        _ => None,
    }
}

fn from_epoch(n: i64) -> Option<DateTime<Utc>> {
    match n {
        ..=0 => None,
        // Past 1e11 seconds is the year 5138: such a number is milliseconds.
        1..100_000_000_000 => DateTime::from_timestamp(n, 0),
        _ => DateTime::from_timestamp_millis(n),
    }
}

fn parse_time_text(s: &str) -> Option<DateTime<Utc>> {
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().and_then(from_epoch);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    beijing()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Rec {
        #[serde(deserialize_with = "id")]
        id: String,
        #[serde(default, deserialize_with = "opt_id")]
        other: Option<String>,
        #[serde(default, deserialize_with = "text")]
        name: String,
        #[serde(default, deserialize_with = "flag")]
        deleted: bool,
        #[serde(default, deserialize_with = "opt_time")]
        at: Option<DateTime<Utc>>,
        #[serde(default, deserialize_with = "list")]
        items: Vec<String>,
        #[serde(default, deserialize_with = "opt_u64")]
        count: Option<u64>,
    }

    fn rec(json: &str) -> Result<Rec, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn ids_are_ints_or_strings_and_stay_exact() {
        assert_eq!(rec(r#"{"id":3073}"#).unwrap().id, "3073");
        assert_eq!(rec(r#"{"id":"mia"}"#).unwrap().id, "mia");
        // 19 digits: past f64's exact range, kept exact.
        assert_eq!(
            rec(r#"{"id":1703429757388935169}"#).unwrap().id,
            "1703429757388935169"
        );
        assert_eq!(
            rec(r#"{"id":398604120668224}"#).unwrap().id,
            "398604120668224"
        );
        assert!(rec(r#"{"id":null}"#).is_err());
        assert!(rec(r#"{"id":""}"#).is_err());
        assert!(rec(r#"{"id":{"x":1}}"#).is_err());
        assert_eq!(rec(r#"{"id":1,"other":""}"#).unwrap().other, None);
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Staff {
        #[serde(default, deserialize_with = "text")]
        name: String,
    }

    #[derive(Deserialize, Debug)]
    struct Holder {
        #[serde(default, deserialize_with = "opt_object")]
        staff: Option<Staff>,
    }

    fn staff(json: &str) -> Result<Option<Staff>, String> {
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(json))
            .map(|h: Holder| h.staff)
            .map_err(|e| format!("{}: {}", e.path(), e.inner()))
    }

    #[test]
    fn nested_objects_or_the_vendors_forms_of_none() {
        let mia = Staff {
            name: "mia".to_owned(),
        };
        assert_eq!(staff(r#"{"staff":{"name":"mia","x":[1]}}"#), Ok(Some(mia)));
        for none in [
            r#"{"staff":null}"#,
            r#"{"staff":""}"#,
            r#"{"staff":[]}"#,
            "{}",
        ] {
            assert_eq!(staff(none), Ok(None), "{none}");
        }
        for bad in [r#"{"staff":"mia"}"#, r#"{"staff":[1]}"#, r#"{"staff":3}"#] {
            let error = staff(bad).unwrap_err();
            assert!(error.contains("an object, null"), "{bad}: {error}");
        }
        // A bad field inside is named by its path.
        let error = staff(r#"{"staff":{"name":{"a":1}}}"#).unwrap_err();
        assert!(error.starts_with("staff.name:"), "{error}");
    }

    #[test]
    fn null_or_empty_forms() {
        let r = rec(r#"{"id":1,"name":null,"items":null,"count":""}"#).unwrap();
        assert_eq!(r.name, "");
        assert!(r.items.is_empty());
        assert_eq!(r.count, None);
        let r = rec(r#"{"id":1,"items":["a"],"count":"12"}"#).unwrap();
        assert_eq!(r.items, vec!["a"]);
        assert_eq!(r.count, Some(12));
    }

    #[test]
    fn flags_in_every_form() {
        for (json, want) in [
            ("true", true),
            ("false", false),
            ("1", true),
            ("0", false),
            ("\"1\"", true),
            ("\"false\"", false),
            ("null", false),
        ] {
            let r = rec(&format!(r#"{{"id":1,"deleted":{json}}}"#)).unwrap();
            assert_eq!(r.deleted, want, "{json}");
        }
        assert!(rec(r#"{"id":1,"deleted":"maybe"}"#).is_err());
    }

    #[test]
    fn times_in_every_form() {
        let at = |json: &str| rec(&format!(r#"{{"id":1,"at":{json}}}"#)).unwrap().at;
        let want = DateTime::from_timestamp(1_673_007_003, 0);
        assert_eq!(at("1673007003"), want);
        assert_eq!(at("\"1673007003\""), want);
        assert_eq!(at("1673007003000"), want);
        // 2023-01-06 20:10:03 in Beijing is 12:10:03 UTC.
        assert_eq!(at("\"2023-01-06 20:10:03\""), want);
        assert_eq!(
            at("\"2023-01-06T20:10:03.1523923+08:00\"").map(|t| t.timestamp()),
            Some(1_673_007_003)
        );
        assert_eq!(at("null"), None);
        assert_eq!(at("0"), None);
        assert_eq!(at("\"\""), None);
        assert_eq!(at("\"not a time\""), None);
    }
}
