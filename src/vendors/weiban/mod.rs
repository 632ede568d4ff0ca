//! Weiban (微伴助手) OpenAPI: stores (seed 000), customers and outflow alerts (seed 004), the
//! staff directory.
//!
//! Two envelopes are in use: most endpoints answer `{"errcode", "errmsg", …payload}`, the store
//! list answers `{"data": {…}, "status_code", "status_message", "success"}`; errors can come in
//! either, on any endpoint (an expired token is an `errcode` answer even on the store list).

mod client;
mod context;
mod staff;
mod timeline;
mod wire;

pub use client::{WeibanClient, WeibanSettings};
pub use context::{CUSTOMER_DETAIL_PATH, EVENTS_PATH, decode_customer_detail, decode_events};
pub use staff::{STAFF_LIST_PATH, decode_staff_page};
pub use timeline::{EVENT_ADD_PATH, NewEvent, decode_event_added};
pub use wire::{
    decode_changed_page, decode_customer_page, decode_outflow_page, decode_store_page, decode_token,
};

pub const TOKEN_PATH: &str = "/open-api/access_token/get";
pub const STORE_LIST_PATH: &str = "/open-api/contact_way/store/list";
pub const OUTFLOW_PATH: &str = "/open-api/external_user/list/outflow";
pub const CUSTOMER_LIST_PATH: &str = "/open-api/external_user/list";
/// Customers changed in a time window (rows are customers, not diffs; deletions do not show).
pub const CHANGED_LIST_PATH: &str = "/open-api/external_user/update/list";

/// Bad or expired `access_token`: fetch a new token once and retry.
pub const ERR_TOKEN: i64 = 10001;
pub const ERR_BAD_PARAMETER: i64 = 10049;
pub const ERR_CONCURRENCY: i64 = 10052;
pub const ERR_RATE: i64 = 10053;
/// No customer with that external user id (unionid: 20207; neither given: 20208).
pub const ERR_NOT_FOUND: i64 = 20206;

/// What a Weiban error code means to the person at the keyboard.
pub fn hint(endpoint: &str, code: i64) -> Option<&'static str> {
    match code {
        ERR_TOKEN if endpoint == TOKEN_PATH => Some("check weiban.corp_id and weiban.secret"),
        ERR_TOKEN => Some("the access token was refused even after a refresh"),
        ERR_BAD_PARAMETER => Some("the vendor rejected a request parameter"),
        ERR_CONCURRENCY => Some("too many requests in flight for this corp; wait a minute"),
        ERR_RATE => Some("rate limit reached; the vendor blocks calls for 60 s"),
        ERR_NOT_FOUND => Some("not found: no such customer at Weiban"),
        // external_user_event/add's own refusals.
        20601 => Some("Weiban knows no staff member by this staff_id (it takes the ext_id)"),
        20602..=20604 => Some("Weiban knows no such customer"),
        20605 => Some("the event needs content"),
        20606 => Some("the event's title is over 32 characters"),
        _ => None,
    }
}
