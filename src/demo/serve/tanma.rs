//! Tanma's customer list in the demo server (seed 002): signed POSTs checked with the demo's
//! own SHA-256, cursor paging.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::demo::accounts::tanma::{APP_ID, APP_KEY};
use crate::demo::data::build::quote;
use crate::demo::sign::tanma_valid;
use crate::demo::state::State;

/// How far a request's timestamp may be from the server's clock.
const CLOCK_SKEW_MS: u64 = 5 * 60 * 1000;

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
pub(super) fn cursor(offset: usize) -> String {
    format!("AAAAAGBD{offset:024X}")
}

fn offset(cursor: &str) -> Option<usize> {
    if cursor.is_empty() {
        return Some(0);
    }
    usize::from_str_radix(cursor.strip_prefix("AAAAAGBD")?, 16).ok()
}

/// The vendor's answer to a call that is not signed right, or `None`.
fn refusal(state: &State, headers: &HeaderMap, body: &[u8]) -> Option<Response> {
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
        Some(answer(code, message, "null"))
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
    let signed = tanma_valid(APP_ID, header("timestamp"), body, APP_KEY, header("sign"));
    if header("appId") != APP_ID || !signed {
        return refuse(1002, "签名错误");
    }
    None
}

/// `POST /api/v3/tags/list-tree`: the library of the tags the customers carry — by WeCom's
/// id and by Tanma's own — but for one tag it no longer has (its id stays an id).
pub(super) async fn tag_tree(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.counters.tanma_tags.fetch_add(1, Ordering::Relaxed);
    if let Some(refused) = refusal(&state, &headers, &body) {
        return refused;
    }
    let tree = crate::demo::data::tanma::tag_tree();
    answer(0, "ok", &tree)
}

/// `POST /api/v3/customer-relation/list-by-qw-user-id`.
pub(super) async fn customers(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.counters.tanma_list.fetch_add(1, Ordering::Relaxed);
    if let Some(refused) = refusal(&state, &headers, &body) {
        return refused;
    }
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return answer(400, "请求体不是合法的 JSON", "null");
    };
    let qw_user_id = request["qwUserId"].as_str().unwrap_or_default();
    let size = request["size"].as_u64().unwrap_or(20).clamp(1, 100) as usize;
    let Some(start) = offset(request["cursor"].as_str().unwrap_or_default()) else {
        return answer(400, "cursor 不合法", "null");
    };
    let mine = state.data.tanma.of(qw_user_id);
    let page: Vec<&str> = mine
        .iter()
        .skip(start)
        .take(size)
        .map(|c| c.json.as_str())
        .collect();
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
