//! Yunzhong (芸众) shop, `WechatCustomers` plugin (seed 001): customers with their tags.
//!
//! Auth is the shop's logged-in session cookie; there is no token API. The envelope is
//! `{"result": 1|0, "msg", "data"}`; the list is a Laravel paginator inside `data`, which also
//! carries the tag library (`tag`, with group names) used to name a customer's `tag_id`s.

mod client;
mod wire;

pub use client::{Search, YunzhongClient, YunzhongSettings};
pub use wire::decode_customer_page;

/// The list's path; `{uniacid}` is the shop account number.
pub const LIST_PATH: &str = "/business/{uniacid}/plugin/WechatCustomers/getList";

pub fn list_path(uniacid: u64) -> String {
    LIST_PATH.replace("{uniacid}", &uniacid.to_string())
}

/// What to do about a `result: 0` answer.
pub fn hint(message: &str, login_required: bool) -> Option<&'static str> {
    if login_required || message.contains("登录") || message.to_ascii_lowercase().contains("login")
    {
        Some(
            "the session cookie has expired: log in to the shop again and paste the new cookie into [yunzhong] cookie (or SCRM_TUI_YUNZHONG_COOKIE)",
        )
    } else if message.contains("无权") {
        Some("this account may not manage the shop: check [yunzhong] uniacid")
    } else {
        None
    }
}
