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

/// Just an id, to name a record that failed to decode.
#[derive(Deserialize)]
struct IdOnly {
    #[serde(default, deserialize_with = "de::opt_id")]
    id: Option<String>,
}

/// Decodes each raw record on its own: one that fails is reported (with its id when that much
/// can be read, and the path of the failing field) and the others are kept.
pub fn records<W, R>(
    raws: &[Box<RawValue>],
    vendor: Vendor,
    endpoint: &'static str,
    page: u64,
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
                vendor,
                endpoint,
                page,
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
