//! Youmi's token, operator, staff and reference lists in the demo server (seed 003): every
//! signature checked with the demo's own HMAC-SHA1.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{RawQuery, State as AxumState};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::demo::accounts::youmi::{APP_ID, APP_KEY};
use crate::demo::data::build::{Obj, Rng, array, quote};
use crate::demo::sign::youmi_valid;
use crate::demo::state::State;

/// How old a request may be (Youmi: 10 minutes).
const MAX_AGE_S: i64 = 600;

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
    let signed = youmi_valid(
        APP_KEY,
        &app_id,
        &text("Nonce"),
        &text("Timestamp"),
        &text("Signature"),
    );
    if app_id != APP_ID || !signed {
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
    let signed = youmi_valid(
        APP_KEY,
        token,
        header("Nonce"),
        header("Timestamp"),
        header("Signature"),
    );
    if !signed {
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
