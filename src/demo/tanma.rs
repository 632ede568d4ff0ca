//! Tanma's `customer-relation/list-by-qw-user-id` in the demo server (seed 002).
//!
//! The signature is verified exactly as the vendor does: SHA-256 over appId + timestamp + the
//! body bytes as received + appKey; a wrong one is code 1002, a timestamp more than five
//! minutes off is code 1003.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use super::State;
use super::data::{Obj, Rng, array, quote};
use crate::vendors::tanma::sign;

pub const APP_ID: &str = "demo-tanma-app";
pub const APP_KEY: &str = "demo-tanma-app-key";
/// The demo's sales accounts.
pub const QW_USER_IDS: &[&str] = &["dowen", "sales02"];
/// How far a request's timestamp may be from the server's clock.
const CLOCK_SKEW_MS: u64 = 5 * 60 * 1000;

const NAMES: &[&str] = &[
    "张三测",
    "李晓明",
    "王芳",
    "14635",
    "赵雪",
    "陈可欣",
    "刘畅",
    "Jason",
    "周杰",
    "吴倩",
    "郑爽快",
    "冯远征",
    "褚明",
    "卫东",
    "蒋雯",
    "沈一鸣",
];
const TAGS: &[&str] = &[
    "etvRo3DwAAq7llRWbNwJvWxLxioIuhtQ",
    "etvRo3DwAAb2dGx9QfY0mS1Zc8tJk4Lw",
    "etvRo3DwAAz0Yp5LqH3nC6vBw9RtX2Ea",
];

pub struct Customer {
    pub customer_id: u64,
    pub qw_user_id: &'static str,
    pub json: String,
}

/// `scale` × 150 customers for each sales account.
pub fn generate(scale: usize) -> Vec<Customer> {
    let mut rng = Rng::new(0x7A11_0002);
    let mut out = Vec::new();
    for (u, qw_user_id) in QW_USER_IDS.iter().enumerate() {
        for i in 0..150 * scale.max(1) {
            let customer_id = 398_604_120_668_224 + (u as u64) * 10_000_000 + i as u64 * 318_767;
            let name = *rng.pick(NAMES);
            let created = 1_614_998_537 + i as i64 * 3_600 * 7 + rng.below(3_600) as i64;
            let when = |t: i64| {
                chrono::DateTime::from_timestamp(t, 0)
                    .map(|t| {
                        t.with_timezone(&crate::json::de::beijing())
                            .format("%Y-%m-%d %H:%M:%S")
                            .to_string()
                    })
                    .unwrap_or_default()
            };
            let field = |name: &str, kind: u8, value: Option<String>| {
                Obj::new()
                    .str("field", name)
                    .num("type", kind)
                    .raw(
                        "valueAsText",
                        &value.map_or(String::from("null"), |v| quote(&v)),
                    )
                    .done()
            };
            let fields = array(&[
                field("customer_source", 2, Some((1 + rng.below(6)).to_string())),
                field(
                    "description",
                    1,
                    rng.chance(20).then(|| String::from("老客户介绍")),
                ),
                field(
                    "mobile",
                    8,
                    Some(format!(
                        "[\"1{}{:08}\"]",
                        [38, 59, 89][i % 3],
                        rng.below(100_000_000)
                    )),
                ),
                field("address", 1, None),
                field("birthday", 3, None),
                field(
                    "corp_name",
                    1,
                    rng.chance(15).then(|| String::from("探马科技")),
                ),
                field("name", 1, Some(name.to_owned())),
                field("purchase_intention", 2, None),
                field("gender", 2, Some(rng.below(3).to_string())),
                field("customer_stage", 2, Some("396823724189760".into())),
            ]);
            // Tag ids may repeat, as in the seed.
            let mut tags: Vec<String> = (0..rng.below(3))
                .map(|_| quote(rng.pick::<&str>(TAGS)))
                .collect();
            if rng.chance(10)
                && let Some(first) = tags.first().cloned()
            {
                tags.push(first);
            }
            let json = Obj::new()
                .num("customerId", customer_id)
                .str("qwUserId", qw_user_id)
                .num("type", 1)
                .raw("fields", &fields)
                .raw("tagIds", &array(&tags))
                .str("createTime", &when(created))
                .str("lastUpdateTime", &when(created + 2_000_000))
                .raw(
                    "wechatNickname",
                    if rng.chance(50) {
                        "null"
                    } else {
                        "\"微信昵称\""
                    },
                )
                .null("wechatAvatar")
                .null("wechatLocation")
                .null("convertCustomerTime")
                .str("qwRemark", name)
                .null("externalUserId")
                .done();
            out.push(Customer {
                customer_id,
                qw_user_id,
                json,
            });
        }
    }
    out
}

fn answer(code: i64, message: &str, data: &str) -> Response {
    (
        [(CONTENT_TYPE, "application/json")],
        format!(
            "{{\"code\": {code}, \"message\": {}, \"data\": {data}}}",
            quote(message)
        ),
    )
        .into_response()
}

/// Cursors are opaque to clients; here they encode the next offset.
fn cursor(offset: usize) -> String {
    format!("AAAAAGBD{offset:024X}")
}

fn offset(cursor: &str) -> Option<usize> {
    if cursor.is_empty() {
        return Some(0);
    }
    usize::from_str_radix(cursor.strip_prefix("AAAAAGBD")?, 16).ok()
}

/// `POST /api/v3/customer-relation/list-by-qw-user-id`.
pub(super) async fn customers(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.counters.tanma_list.fetch_add(1, Ordering::Relaxed);
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    if headers.contains_key("appKey") {
        state
            .counters
            .tanma_app_key_sent
            .fetch_add(1, Ordering::Relaxed);
    }
    let refuse = |code: i64, message: &str| {
        state.counters.tanma_refused.fetch_add(1, Ordering::Relaxed);
        answer(code, message, "null")
    };
    let Ok(timestamp) = header("timestamp").parse::<u64>() else {
        return refuse(1003, "timestamp 缺失或不合法");
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    if now.abs_diff(timestamp) > CLOCK_SKEW_MS {
        return refuse(1003, "timestamp 已过期");
    }
    if header("appId") != APP_ID || header("sign") != sign(APP_ID, timestamp, &body, APP_KEY) {
        return refuse(1002, "签名错误");
    }
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return answer(400, "请求体不是合法的 JSON", "null");
    };
    let qw_user_id = request["qwUserId"].as_str().unwrap_or_default();
    let size = request["size"].as_u64().unwrap_or(20).clamp(1, 100) as usize;
    let Some(start) = offset(request["cursor"].as_str().unwrap_or_default()) else {
        return answer(400, "cursor 不合法", "null");
    };
    let mine: Vec<&str> = state
        .data
        .tanma
        .iter()
        .filter(|c| c.qw_user_id == qw_user_id)
        .map(|c| c.json.as_str())
        .collect();
    let page: Vec<&str> = mine.iter().skip(start).take(size).copied().collect();
    let next = if start + page.len() < mine.len() {
        quote(&cursor(start + page.len()))
    } else {
        String::from("null")
    };
    answer(
        0,
        "ok",
        &format!(
            "{{\"list\": [{}], \"nextCursor\": {next}}}",
            page.join(", ")
        ),
    )
}
