//! Youmi / agsoft (友米聚合) open API v1 (seed 003): operator WeChat accounts, staff, labels.
//!
//! A token comes from `POST GetAccessToken` signed with HMAC-SHA1 over AppId + Nonce +
//! Timestamp; every later call sends `access_token`, `Nonce`, `Timestamp` and a `Signature`
//! over access_token + Nonce + Timestamp. The envelope's `errmsg` is a numeric code.

mod client;
mod sign;
mod wire;

pub use client::{YoumiClient, YoumiSettings};

pub use sign::signature;
pub use wire::{
    StaffMember, StaffWechat, Token, decode_list, decode_operators, decode_staff,
    decode_staff_wechat, decode_token, join_staff,
};

pub const TOKEN_PATH: &str = "/GetAccessToken";
pub const OPERATORS_PATH: &str = "/WeCaht";
pub const STAFF_PATH: &str = "/staff";
pub const STAFF_WECHAT_PATH: &str = "/staff/GetStaffWechat";
pub const LABEL_CATEGORIES_PATH: &str = "/Label";
pub const LABELS_PATH: &str = "/wecahtlabel";
pub const AD_GROUPS_PATH: &str = "/AdManage";
pub const CUSTOM_ATTRIBUTES_PATH: &str = "/friend/GetCustomAttributeList";

/// Success codes in `errmsg`.
pub const OK_CODES: [i64; 2] = [20000, 10004];
/// The token expired or is invalid: get a new one and retry once.
pub const ERR_TOKEN: i64 = 10003;

pub fn hint(code: i64) -> Option<&'static str> {
    match code {
        ERR_TOKEN => Some("the access token was refused even after a refresh"),
        10006 | 200005 => Some("the request time was refused: check this machine's system clock"),
        200006 => Some("the key was refused: check [youmi] app_id and app_key"),
        _ => None,
    }
}
