//! Decoding steps every vendor shares.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::ErrorKind;
use super::http::summarize;
use crate::domain::{Skipped, Vendor};
use crate::json::de;

/// The error for a body that is not the vendor's JSON at all (an HTML page, a truncated or
/// empty body), with the start of what came.
pub fn body_error(body: &[u8], error: &serde_json::Error) -> ErrorKind {
    if body.iter().all(u8::is_ascii_whitespace) {
        ErrorKind::Decode("empty body".into())
    } else {
        ErrorKind::Decode(format!(
            "{error}; body starts: {}",
            summarize(body.get(..200).unwrap_or(body))
        ))
    }
}

/// The envelope's `data` object, which a successful answer must have, decoded (naming the
/// path of a field that does not fit).
pub fn data<'a, T: Deserialize<'a>>(data: Option<&'a RawValue>) -> Result<T, ErrorKind> {
    let data = data.ok_or_else(|| ErrorKind::Decode("the answer has no `data` object".into()))?;
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(data.get()))
        .map_err(|e| ErrorKind::Decode(format!("data: {e}")))
}

/// Just an id, to name a record that failed to decode.
#[derive(Deserialize)]
struct IdOnly {
    #[serde(default, deserialize_with = "de::opt_id")]
    id: Option<String>,
}

/// Where a page came from, to name a record that could not be read.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub vendor: Vendor,
    pub endpoint: &'static str,
    pub page: u64,
}

impl Place {
    pub fn new(vendor: Vendor, endpoint: &'static str, page: u64) -> Place {
        Place {
            vendor,
            endpoint,
            page,
        }
    }
}

/// A person's name, or `fallback` (their id) when the vendor sent none.
pub fn name_or(name: String, fallback: String) -> String {
    if name.is_empty() { fallback } else { name }
}

/// Phone numbers sent as a JSON array inside a string (`remark_mobiles: "[\"138…\"]"`), or
/// as a plain list separated by commas; empty entries dropped.
pub fn phones(text: &str) -> Vec<String> {
    let listed: Vec<String> = match serde_json::from_str::<Vec<serde_json::Value>>(text) {
        Ok(values) => values
            .into_iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .collect(),
        Err(_) => text.split([',', '，', ';']).map(str::to_owned).collect(),
    };
    listed
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty() && p != "null")
        .collect()
}

/// Decodes each raw record on its own: one that fails is reported (with its id when that much
/// can be read, and the path of the failing field) and the others are kept.
pub fn records<W, R>(
    raws: &[&RawValue],
    at: Place,
    map: impl Fn(W, &RawValue) -> R,
) -> (Vec<R>, Vec<Skipped>)
where
    W: DeserializeOwned,
{
    let mut records = Vec::with_capacity(raws.len());
    let mut skipped = Vec::new();
    for (index, raw) in raws.iter().enumerate() {
        let mut de = serde_json::Deserializer::from_str(raw.get());
        match serde_path_to_error::deserialize::<_, W>(&mut de) {
            Ok(wire) => records.push(map(wire, raw)),
            Err(error) => skipped.push(Skipped {
                vendor: at.vendor,
                endpoint: at.endpoint,
                page: at.page,
                index,
                id: serde_json::from_str::<IdOnly>(raw.get())
                    .ok()
                    .and_then(|r| r.id),
                reason: error.to_string(),
            }),
        }
    }
    (records, skipped)
}
