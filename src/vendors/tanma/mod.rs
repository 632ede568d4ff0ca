//! Tanma (探马) SCRM OpenAPI v3 (seed 002): customers followed by a sales account.
//!
//! Every call is signed: headers `appId`, `timestamp` (Unix milliseconds) and `sign`, the
//! lowercase hex SHA-256 of `appId + timestamp + body + appKey` over the exact body bytes sent.
//! The app key itself is never sent. Lists page by cursor until it comes back empty.

mod client;
mod sign;
mod tags;
mod wire;

pub use client::{TanmaClient, TanmaSettings};
pub use sign::sign;
pub use tags::{TagLibrary, decode_tag_tree};
pub use wire::{CustomerPage, decode_customer_page};

pub const LIST_PATH: &str = "/api/v3/customer-relation/list-by-qw-user-id";
/// The tag library: groups and their tags, by Tanma's id and WeCom's.
pub const TAGS_PATH: &str = "/api/v3/tags/list-tree";

pub const ERR_SIGNATURE: i64 = 1002;
pub const ERR_CLOCK: i64 = 1003;

pub fn hint(code: i64) -> Option<&'static str> {
    match code {
        ERR_SIGNATURE => Some("the signature was refused: check [tanma] app_id and app_key"),
        ERR_CLOCK => Some("the request time was refused: check this machine's system clock"),
        _ => None,
    }
}
