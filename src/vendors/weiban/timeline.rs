//! Weiban's customer timeline: `POST /open-api/external_user_event/add` puts one event (a
//! title and its content) on a customer's timeline, under a staff member.

use serde::{Deserialize, Serialize};

use super::wire::with_envelope;
use crate::json::de;
use crate::vendors::ErrorKind;
use crate::vendors::decode::body_error;

/// Adds an event to a customer's timeline.
pub const EVENT_ADD_PATH: &str = "/open-api/external_user_event/add";

/// The body the endpoint takes.
#[derive(Debug, Serialize)]
pub struct NewEvent<'a> {
    /// The staff member's ext_id (`zhangsan`), as the customer detail names them.
    pub staff_id: &'a str,
    pub external_user_id: &'a str,
    /// At most 32 characters (errcode 20606 past it).
    pub title: &'a str,
    /// Not empty (errcode 20605).
    pub content: &'a str,
}

#[derive(Deserialize)]
struct Added {
    /// The new event's id, when the answer carries one (the documented answer is bare).
    #[serde(default, deserialize_with = "de::opt_i64")]
    id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    event_id: Option<i64>,
}

/// Decodes the answer: `errcode` 0 (or an empty object), with the event's id if given.
pub fn decode_event_added(body: &[u8]) -> Result<Option<i64>, ErrorKind> {
    let (id, _) = with_envelope(body, EVENT_ADD_PATH, |bytes, _| {
        let added: Added = serde_json::from_slice(bytes).map_err(|e| body_error(bytes, &e))?;
        Ok(added.id.or(added.event_id))
    })?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_ok_with_or_without_an_id_and_a_refusal_names_its_code() {
        assert_eq!(decode_event_added(b"{}"), Ok(None));
        assert_eq!(
            decode_event_added(br#"{"errcode": 0, "errmsg": "ok", "id": "907"}"#),
            Ok(Some(907))
        );
        let refused = decode_event_added(
            r#"{"errcode": 20601, "errmsg": "staff_id 错误,找不到对应员工"}"#.as_bytes(),
        );
        let Err(ErrorKind::Api { code, hint, .. }) = refused else {
            panic!("a refusal: {refused:?}");
        };
        assert_eq!(code, 20601);
        assert!(hint.is_some_and(|h| h.contains("staff")));
        assert!(decode_event_added(b"<html>").is_err());
    }
}
