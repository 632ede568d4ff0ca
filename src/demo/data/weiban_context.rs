//! Weiban's customer detail (`external_user/get`, with `follow_staffs`) and event list for the
//! demo's customers, read off the same records the lists send, so that they agree with them:
//! the alert's relation ends when the alert says; some customers are still followed by another
//! staff member, and some were re-added by the one they deleted.

use serde_json::Value;

use super::build::{Obj, quote};
use super::staff::STAFF;

/// The detail's `external_user` object for a customer record (as the lists send it).
pub fn detail(seed: u64, record: &str) -> String {
    let r: Value = serde_json::from_str(record).unwrap_or_default();
    let relation = &r["staff_relation"];
    let own = follow(
        relation["staff_ext_id"].as_str().unwrap_or_default(),
        r["staff"]["name"].as_str().unwrap_or_default(),
        relation["created_at"].as_i64().unwrap_or_default(),
        relation["deleted_at"].as_i64(),
        relation["delete_by"].as_str(),
        relation,
    );
    let mut follows = vec![own];
    let deleted_at = relation["deleted_at"].as_i64();
    // One in four customers lost was re-added by the same staff member half an hour later.
    if let Some(at) = deleted_at.filter(|_| seed % 4 == 1) {
        follows.push(follow(
            relation["staff_ext_id"].as_str().unwrap_or_default(),
            r["staff"]["name"].as_str().unwrap_or_default(),
            at + 1800,
            None,
            None,
            relation,
        ));
    }
    // One in three is followed by another staff member too.
    if seed.is_multiple_of(3) {
        let other = &STAFF[(seed as usize + 7) % STAFF.len()];
        let since = r["created_at"].as_i64().unwrap_or_default() + 86_400;
        follows.push(follow(
            other.ext_id,
            other.name,
            since,
            None,
            None,
            relation,
        ));
    }
    Obj::new()
        .raw("id", &r["id"].to_string())
        .raw("type", &r["type"].to_string())
        .raw("unionid", &r["unionid"].to_string())
        .raw("created_at", &r["created_at"].to_string())
        .raw("name", &r["name"].to_string())
        .raw("avatar", &r["avatar"].to_string())
        .null("corp_full_name")
        .null("corp_name")
        .raw("gender", &r["gender"].to_string())
        .null("position")
        .null("external_profile")
        .raw("follow_staffs", &format!("[{}]", follows.join(", ")))
        .done()
}

/// One `follow_staffs` entry: a staff member's relation with the customer.
fn follow(
    staff_id: &str,
    staff_name: &str,
    created_at: i64,
    deleted_at: Option<i64>,
    deleted_by: Option<&str>,
    relation: &Value,
) -> String {
    let state = relation["state"].as_str().unwrap_or_default();
    Obj::new()
        .str("staff_id", staff_id)
        .str("staff_name", staff_name)
        .str("staff_avatar", "")
        .str("state", state)
        .str("state_text", &format!("通过渠道码 {state} 添加"))
        .num("state_type", 1)
        .raw("add_way", &relation["add_way"].to_string())
        .num("created_at", created_at)
        .str("remark", relation["remark"].as_str().unwrap_or_default())
        .str("remark_mobiles", "[]")
        .str("description", "")
        .raw(
            "deleted_at",
            &deleted_at.map_or(String::from("0"), |t| t.to_string()),
        )
        .raw(
            "deleted_by",
            &deleted_by.map_or(String::from("null"), quote),
        )
        .bool("deleted_each_other", false)
        .done()
}

const EVENTS: &[&str] = &[
    "添加客户",
    "修改备注",
    "打标签",
    "发送欢迎语",
    "客户回复消息",
    "删除员工",
];

/// The customer's events, newest first: a few during the relation, and its end.
pub fn events(seed: u64, record: &str) -> Vec<String> {
    let r: Value = serde_json::from_str(record).unwrap_or_default();
    let relation = &r["staff_relation"];
    let start = relation["created_at"].as_i64().unwrap_or_default();
    let end = relation["deleted_at"].as_i64();
    let staff_id = relation["staff_ext_id"].as_str().unwrap_or_default();
    let staff_name = r["staff"]["name"].as_str().unwrap_or_default();
    let id = r["id"].as_str().unwrap_or_default();
    let count = 3 + seed % 5;
    let mut events: Vec<String> = (0..count)
        .map(|n| {
            let title = EVENTS[(n as usize).min(EVENTS.len() - 2)];
            let at = start + n as i64 * 86_400;
            event(seed * 16 + n, at, title, id, staff_id, staff_name)
        })
        .collect();
    if let Some(end) = end {
        events.push(event(
            seed * 16 + 15,
            end,
            "删除员工",
            id,
            staff_id,
            staff_name,
        ));
    }
    events.reverse();
    events
}

fn event(id: u64, at: i64, title: &str, customer: &str, staff_id: &str, staff: &str) -> String {
    Obj::new()
        .num("id", id)
        .num("created_at", at)
        .str("content", &format!("{title}（{staff}）"))
        .str("event_title", title)
        .num("event_type", 1)
        .str("external_user_id", customer)
        .str("staff_id", staff_id)
        .str("staff_name", staff)
        .done()
}
