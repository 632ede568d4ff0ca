//! Weiban's customer detail (`external_user/get`: every staff member's relation in
//! `follow_staffs`) and event list (`external_user_event/list`), decoded.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::wire::with_envelope;
use crate::domain::{CustomerDetail, CustomerEvent, CustomerKind, DeleteBy, Follow, RawJson};
use crate::json::de;
use crate::vendors::ErrorKind;
use crate::vendors::decode::body_error;

/// One customer with every staff member's relation (`follow_staffs`).
pub const CUSTOMER_DETAIL_PATH: &str = "/open-api/external_user/get";
/// A customer's events, newest first.
pub const EVENTS_PATH: &str = "/open-api/external_user_event/list";

#[derive(Deserialize)]
struct DetailBody<'a> {
    #[serde(borrow)]
    external_user: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct WireDetail {
    #[serde(deserialize_with = "de::id")]
    id: String,
    #[serde(default, deserialize_with = "de::text")]
    name: String,
    #[serde(default, rename = "type", deserialize_with = "de::opt_i64")]
    kind: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    unionid: String,
    #[serde(default, deserialize_with = "de::list")]
    follow_staffs: Vec<WireFollow>,
}

#[derive(Deserialize)]
struct WireFollow {
    #[serde(default, deserialize_with = "de::text")]
    staff_id: String,
    #[serde(default, deserialize_with = "de::opt_i64")]
    add_way: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    staff_name: String,
    #[serde(default, deserialize_with = "de::opt_time")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::text")]
    deleted_by: String,
    /// Null or 0 while the relation lasts.
    #[serde(default, deserialize_with = "de::opt_time")]
    deleted_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::text")]
    state: String,
    #[serde(default, deserialize_with = "de::text")]
    state_text: String,
}

/// Decodes `GET /open-api/external_user/get`.
pub fn decode_customer_detail(body: &[u8]) -> Result<CustomerDetail, ErrorKind> {
    let (detail, _) = with_envelope(body, CUSTOMER_DETAIL_PATH, |bytes, _| {
        let wrapper: DetailBody =
            serde_json::from_slice(bytes).map_err(|e| body_error(bytes, &e))?;
        let raw = wrapper
            .external_user
            .ok_or_else(|| ErrorKind::Decode("the answer has no `external_user`".into()))?;
        let wire: WireDetail = serde_json::from_str(raw.get())
            .map_err(|e| ErrorKind::Decode(format!("external_user: {e}")))?;
        Ok(CustomerDetail {
            id: wire.id,
            name: wire.name,
            kind: CustomerKind::from_code(wire.kind.unwrap_or(0)),
            unionid: wire.unionid,
            follows: wire.follow_staffs.into_iter().map(follow).collect(),
            raw: RawJson::new(raw.get()),
        })
    })?;
    Ok(detail)
}

fn follow(wire: WireFollow) -> Follow {
    Follow {
        staff_id: wire.staff_id,
        staff_name: wire.staff_name,
        created_at: wire.created_at,
        deleted_by: wire.deleted_at.map(|_| DeleteBy::from(wire.deleted_by)),
        deleted_at: wire.deleted_at,
        add_way: wire.add_way,
        state: wire.state,
        state_text: wire.state_text,
    }
}

#[derive(Deserialize)]
struct EventsBody {
    #[serde(default, deserialize_with = "de::list")]
    event_list: Vec<WireEvent>,
}

#[derive(Deserialize)]
struct WireEvent {
    #[serde(default, deserialize_with = "de::opt_time")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::text")]
    event_title: String,
    #[serde(default, deserialize_with = "de::text")]
    content: String,
    #[serde(default, deserialize_with = "de::text")]
    staff_name: String,
}

/// Decodes `GET /open-api/external_user_event/list`, newest first as the vendor sends them.
pub fn decode_events(body: &[u8]) -> Result<Vec<CustomerEvent>, ErrorKind> {
    let (events, _) = with_envelope(body, EVENTS_PATH, |bytes, _| {
        let list: EventsBody = serde_json::from_slice(bytes).map_err(|e| body_error(bytes, &e))?;
        Ok(list
            .event_list
            .into_iter()
            .map(|e| CustomerEvent {
                at: e.created_at,
                title: e.event_title,
                content: e.content,
                staff_name: e.staff_name,
            })
            .collect())
    })?;
    Ok(events)
}
