//! Youmi's open API v1 in the demo server (seed 003), under `/publicapi/v1`.
//!
//! Tokens are issued only for a correct HMAC-SHA1 signature over AppId + Nonce + Timestamp;
//! every later call must carry a live token and a correct signature over access_token + Nonce +
//! Timestamp, as on the vendor. `errmsg` carries the numeric code.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{RawQuery, State as AxumState};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use super::State;
use super::data::{Obj, Rng, array, quote};
use crate::vendors::youmi::signature;

pub const PREFIX: &str = "/publicapi/v1";
pub const APP_ID: &str = "demo-youmi-app";
pub const APP_KEY: &str = "demo-youmi-app-key";
/// How old a request may be (Youmi: 10 minutes).
const MAX_AGE_S: i64 = 600;

const STAFF: &[(&str, &str)] = &[
    ("b01", "陈晓"),
    ("b02", "刘潇"),
    ("b03", "秀逗"),
    ("b04", "王立"),
    ("b05", "赵敏"),
    ("b06", "钱程"),
    ("b07", "孙悟"),
    ("b08", "李想"),
    ("b09", "周周"),
    ("b10", "吴越"),
];
const NICKNAMES: &[&str] = &[
    "刘潇",
    "秀逗吖Q.",
    "🌙 小月亮",
    "Kevin",
    "品牌客服-华东区-超长昵称测试账号",
    "悦己美甲小助手",
    "阿杰",
];

pub struct Data {
    pub operators: Vec<(String, u8, String)>,
    staff: String,
    bindings: Vec<(String, String)>,
    lists: [(&'static str, String); 4],
}

/// `scale` × 40 operator accounts, 10 staff members, and the seed's reference lists.
pub fn generate(scale: usize) -> Data {
    let mut rng = Rng::new(0x7A22_0003);
    let mut operators = Vec::new();
    let mut bindings = Vec::new();
    for i in 0..40 * scale.max(1) {
        let id = 135_389 + i as u64 * 7;
        let lei: u8 = if i % 4 == 3 { 3 } else { 0 };
        let nober = format!(
            "{}{:05}",
            ["dong", "mioz", "zznn", "wx_op"][i % 4],
            23_000 + i * 37
        );
        let json = Obj::new()
            .num("ad_wechat_id", id)
            .str("ad_wechat_nober", &nober)
            .str("ad_wechat_nick", &format!("P{:02}", i + 1))
            .str(
                "ad_wechat_qrcode",
                &format!("http://7nimg.agsoft.net/{nober}qrcode.png"),
            )
            .str(
                "ad_wechat_addtime",
                &format!(
                    "2021-{:02}-{:02}T10:{:02}:14.1523923+08:00",
                    1 + i % 12,
                    1 + i % 28,
                    i % 60
                ),
            )
            .str(
                "ad_original_nober",
                &format!("wxid_{:016x}", rng.next_u64()),
            )
            .null("ad_wechat_usercode")
            .num("ad_wechat_viewnum", 0)
            .num("ad_wechat_vnumday", 0)
            .num("ad_wechat_vnumlday", 0)
            .num("ad_wechat_rfriend", 0)
            .num("ad_wechat_friend", rng.below(5000))
            .num("ad_wechat_group", rng.below(80))
            .num("ad_wechat_weight", 0)
            .bool("ad_wechat_friends", rng.chance(80))
            .bool("ad_wechat_chat", true)
            .null("ad_state")
            .str("ad_wechat_nickname", rng.pick::<&str>(NICKNAMES))
            .bool("ad_wechat_initiative", false)
            .bool("ad_wechat_passive", false)
            .bool("ad_wechat_y3", true)
            .null("ad_receive_code")
            .null("ad_key_code")
            .null("ad_chatroom_code")
            .bool("ad_wechat_push", rng.chance(70))
            .num("ad_wechat_new", rng.below(2000))
            .num("is_receiveaddfriendtask", rng.below(2))
            .num("ad_wechat_lei", lei)
            .bool("ad_wechat_record", rng.chance(30))
            .raw(
                "imei",
                if rng.chance(50) {
                    "null"
                } else {
                    "\"869012045678901\""
                },
            )
            .done();
        if i % 12 < STAFF.len() {
            bindings.push((STAFF[i % 12].0.to_owned(), id.to_string()));
        }
        operators.push((id.to_string(), lei, json));
    }
    let staff = array(
        &STAFF
            .iter()
            .enumerate()
            .map(|(i, (code, name))| {
                Obj::new()
                    .str("ad_staff_code", code)
                    .str("ad_staff_name", name)
                    .num("ad_staff_state", u8::from(i == 9))
                    .str("ad_self_user", &format!("b{:02}", i + 8))
                    .done()
            })
            .collect::<Vec<_>>(),
    );
    let seed = |name: &str| -> String {
        let text = match name {
            "categories" => {
                include_str!("../../tests/fixtures/youmi_label_categories.seed003.json")
            }
            "labels" => include_str!("../../tests/fixtures/youmi_labels.seed003.json"),
            "ad_groups" => include_str!("../../tests/fixtures/youmi_ad_groups.seed003.json"),
            _ => include_str!("../../tests/fixtures/youmi_custom_attributes.seed003.json"),
        };
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("values").map(ToString::to_string))
            .unwrap_or_else(|| String::from("[]"))
    };
    Data {
        operators,
        staff,
        bindings,
        lists: [
            ("Label", seed("categories")),
            ("wecahtlabel", seed("labels")),
            ("AdManage", seed("ad_groups")),
            ("GetCustomAttributeList", seed("custom_attributes")),
        ],
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn answer(code: i64, succeed: bool, values: &str, errdesc: Option<&str>) -> Response {
    let body = Obj::new()
        .num("errmsg", code)
        .bool("succeed", succeed)
        .str("msgTime", "2021-12-27T15:18:13.1647541+08:00")
        .raw("values", values)
        .raw("errdesc", &errdesc.map_or(String::from("null"), quote))
        .done();
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

fn refuse(state: &State, code: i64, why: &str) -> Response {
    state.counters.youmi_refused.fetch_add(1, Ordering::Relaxed);
    answer(code, false, "null", Some(why))
}

/// `POST /GetAccessToken?format=json` with `{"AppId","Nonce","Timestamp","Signature"}`.
pub(super) async fn token(AxumState(state): AxumState<Arc<State>>, body: Bytes) -> Response {
    state.counters.youmi_token.fetch_add(1, Ordering::Relaxed);
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return refuse(&state, 200008, "请求体不是合法的 JSON");
    };
    let text = |k: &str| match &request[k] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let Ok(timestamp) = text("Timestamp").parse::<i64>() else {
        return refuse(&state, 200005, "Timestamp 不合法");
    };
    if (unix_now() - timestamp).abs() > MAX_AGE_S {
        return refuse(&state, 200005, "请求已超过10分钟");
    }
    let app_id = text("AppId");
    if app_id != APP_ID
        || text("Signature") != signature(APP_KEY, &app_id, &text("Nonce"), timestamp as u64)
    {
        return refuse(&state, 200006, "密钥错误");
    }
    let serial = state.issued.fetch_add(1, Ordering::Relaxed);
    let token = format!("ymdemo_{:016x}", Rng::new(serial ^ 0x5EED).next_u64());
    let lifetime = state.options.token_lifetime;
    if let Ok(mut tokens) = state.tokens.lock() {
        tokens.insert(token.clone(), Instant::now() + lifetime);
    }
    let values = Obj::new()
        .str("access_token", &token)
        // Absolute, as the vendor sends it.
        .num("expires_in", unix_now() + lifetime.as_secs() as i64)
        .done();
    answer(10004, true, &values, None)
}

/// The vendor's refusal of a call without a live token or a correct signature.
fn refusal(state: &State, headers: &HeaderMap) -> Option<Response> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let token = header("access_token");
    let live = state
        .tokens
        .lock()
        .ok()
        .and_then(|t| t.get(token).copied())
        .is_some_and(|expires| Instant::now() < expires);
    if !live {
        return Some(refuse(state, 10003, "token失效"));
    }
    let Ok(timestamp) = header("Timestamp").parse::<i64>() else {
        return Some(refuse(state, 10006, "Timestamp 不合法"));
    };
    if (unix_now() - timestamp).abs() > MAX_AGE_S {
        return Some(refuse(state, 10006, "时间戳过期"));
    }
    if header("Signature") != signature(APP_KEY, token, header("Nonce"), timestamp as u64) {
        return Some(refuse(state, 200006, "签名错误"));
    }
    None
}

fn param(query: &Option<String>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// `GET /WeCaht?ad_wechat_lei=0|3`.
pub(super) async fn operators(
    AxumState(state): AxumState<Arc<State>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    state.counters.youmi_calls.fetch_add(1, Ordering::Relaxed);
    if let Some(refused) = refusal(&state, &headers) {
        return refused;
    }
    let lei: u8 = param(&query, "ad_wechat_lei")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let rows: Vec<String> = state
        .data
        .youmi
        .operators
        .iter()
        .filter(|(_, l, _)| *l == lei)
        .map(|(_, _, json)| json.clone())
        .collect();
    answer(20000, true, &array(&rows), None)
}

/// `GET /staff`.
pub(super) async fn staff(AxumState(state): AxumState<Arc<State>>, headers: HeaderMap) -> Response {
    state.counters.youmi_calls.fetch_add(1, Ordering::Relaxed);
    refusal(&state, &headers).unwrap_or_else(|| answer(20000, true, &state.data.youmi.staff, None))
}

/// `POST /staff/GetStaffWechat` with an optional `{"ad_staff_code"}`.
pub(super) async fn staff_wechat(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.counters.youmi_calls.fetch_add(1, Ordering::Relaxed);
    if let Some(refused) = refusal(&state, &headers) {
        return refused;
    }
    let only = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| {
            v.get("ad_staff_code")
                .and_then(|c| c.as_str())
                .map(str::to_owned)
        })
        .filter(|c| !c.is_empty());
    let data = &state.data.youmi;
    let rows: Vec<String> = data
        .bindings
        .iter()
        .filter(|(code, _)| only.as_ref().is_none_or(|o| o == code))
        .filter_map(|(code, id)| {
            let (_, _, json) = data.operators.iter().find(|(op, _, _)| op == id)?;
            let op: serde_json::Value = serde_json::from_str(json).ok()?;
            Some(
                Obj::new()
                    .str("ad_staff_code", code)
                    .raw("ad_wechat_id", id)
                    .raw("ad_wechat_nober", &op["ad_wechat_nober"].to_string())
                    .raw("ad_wechat_nick", &op["ad_wechat_nick"].to_string())
                    .raw("ad_wechat_nickname", &op["ad_wechat_nickname"].to_string())
                    .raw("ad_wechat_qrcode", &op["ad_wechat_qrcode"].to_string())
                    .raw("ad_original_nober", &op["ad_original_nober"].to_string())
                    .done(),
            )
        })
        .collect();
    answer(20000, true, &array(&rows), None)
}

/// The reference lists: `Label`, `wecahtlabel`, `AdManage`, `friend/GetCustomAttributeList`.
pub(super) async fn reference(
    AxumState(state): AxumState<Arc<State>>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    state.counters.youmi_calls.fetch_add(1, Ordering::Relaxed);
    if let Some(refused) = refusal(&state, &headers) {
        return refused;
    }
    let last = uri.path().rsplit('/').next().unwrap_or_default();
    match state
        .data
        .youmi
        .lists
        .iter()
        .find(|(name, _)| *name == last)
    {
        Some((_, values)) => answer(20000, true, values, None),
        None => answer(200008, false, "null", Some("接口不存在")),
    }
}
