//! Weiban endpoints of the demo server, in the wire format of seeds 000 and 004.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Query, State as AxumState};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::demo::DemoError;
use crate::demo::accounts::{CORP_ID, WEIBAN_SECRET};
use crate::demo::data::build::{Rng, quote};
use crate::demo::state::{EnforcedLimits, State};

type Params = Query<HashMap<String, String>>;

fn json(body: String) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

/// The errcode envelope, which Weiban uses for errors on every endpoint.
pub(super) fn errcode(code: i64, message: &str) -> Response {
    json(format!(
        "{{\"errcode\": {code}, \"errmsg\": {}}}",
        quote(message)
    ))
}

/// `POST /open-api/access_token/get` with `{"corp_id", "secret"}`.
pub(super) async fn token(AxumState(state): AxumState<Arc<State>>, body: Bytes) -> Response {
    state.counters.weiban_token.fetch_add(1, Ordering::Relaxed);
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return errcode(10049, "请求体不是合法的 JSON");
    };
    let (Some(corp_id), Some(secret)) = (
        request.get("corp_id").and_then(|v| v.as_str()),
        request.get("secret").and_then(|v| v.as_str()),
    ) else {
        return errcode(10049, "缺少参数 corp_id 或 secret");
    };
    if corp_id != CORP_ID || secret != WEIBAN_SECRET {
        // The vendor's global auth code; the same answer for a wrong corp and a wrong secret.
        return errcode(10001, "corp_id 或 secret 错误");
    }
    let serial = state.issued.fetch_add(1, Ordering::Relaxed);
    let token = format!(
        "wbdemo_{:016x}{:016x}",
        Rng::new(serial).next_u64(),
        Rng::new(!serial).next_u64()
    );
    let lifetime = state.options.token_lifetime;
    if let Ok(mut tokens) = state.tokens.lock() {
        tokens.insert(token.clone(), Instant::now() + lifetime);
    }
    json(format!(
        "{{\"errcode\": 0, \"errmsg\": \"ok\", \"access_token\": {}, \"expires_in\": {}}}",
        quote(&token),
        lifetime.as_secs()
    ))
}

/// The vendor's refusal when the `access_token` parameter is missing, unknown or expired.
pub(super) fn refusal(state: &State, params: &HashMap<String, String>) -> Option<Response> {
    let refuse = |message: &str| {
        state
            .counters
            .weiban_refused
            .fetch_add(1, Ordering::Relaxed);
        Some(errcode(10001, message))
    };
    let Some(token) = params.get("access_token").filter(|t| !t.is_empty()) else {
        return refuse("缺少 access_token 参数");
    };
    let valid = state
        .tokens
        .lock()
        .ok()
        .and_then(|tokens| tokens.get(token).copied())
        .is_some_and(|expires| Instant::now() < expires);
    if valid {
        None
    } else {
        refuse("access_token 无效或已过期")
    }
}

/// The store list's own envelope, for its errors.
fn status_error(code: i64, message: &str) -> Response {
    json(format!(
        "{{\"data\": null, \"status_code\": {code}, \"status_message\": {}, \"success\": false}}",
        quote(message)
    ))
}

/// A page-number parameter: absent or empty takes the default (the seed's curl sends them
/// empty); anything else must be a positive integer.
fn number(params: &HashMap<String, String>, name: &str, default: u64) -> Result<u64, DemoError> {
    match params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => {
            v.parse::<u64>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| DemoError::BadParameter {
                    name: name.to_owned(),
                    value: v.to_owned(),
                })
        }
    }
}

/// `GET /open-api/contact_way/store/list?page_size&page_no&staff_ext_id&region_name&deleted`.
pub(super) async fn store_list(
    AxumState(state): AxumState<Arc<State>>,
    Query(params): Params,
) -> Response {
    state
        .counters
        .weiban_store_list
        .fetch_add(1, Ordering::Relaxed);
    if let Some(refused) = refusal(&state, &params) {
        return refused;
    }
    let (page_no, page_size) = match (
        number(&params, "page_no", 1),
        number(&params, "page_size", 20),
    ) {
        (Ok(no), Ok(size)) => (no, size),
        (Err(refused), _) | (_, Err(refused)) => {
            return status_error(10049, &refused.to_string());
        }
    };
    if page_size > 100 {
        return status_error(10049, "page_size 最大为 100");
    }
    let owner = params.get("staff_ext_id").filter(|v| !v.is_empty());
    let region = params.get("region_name").filter(|v| !v.is_empty());
    let deleted = match params.get("deleted").map(|v| v.as_str()) {
        None | Some("") => None,
        Some("true" | "1") => Some(true),
        Some("false" | "0") => Some(false),
        Some(other) => return status_error(10049, &format!("参数 deleted 不合法: {other}")),
    };
    let matching: Vec<&str> = state
        .data
        .stores
        .iter()
        .filter(|s| owner.is_none_or(|o| &s.owner_ext_id == o))
        .filter(|s| region.is_none_or(|r| s.name.contains(r.as_str())))
        .filter(|s| deleted.is_none_or(|d| s.deleted == d))
        .map(|s| s.json.as_str())
        .collect();
    let total = matching.len() as u64;
    let start = (page_no - 1).saturating_mul(page_size);
    let objects: Vec<&str> = matching
        .iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(page_size as usize)
        .copied()
        .collect();
    let has_next = start.saturating_add(page_size) < total;
    json(format!(
        "{{\"data\": {{\"has_next\": {has_next}, \"objects\": [{}], \"page_no\": {page_no}, \"page_size\": {page_size}, \"total_count\": {total}}}, \"status_code\": 200, \"status_message\": \"ok\", \"success\": true}}",
        objects.join(", ")
    ))
}

/// Weiban's limits, when the server is asked to enforce them: more than `in_flight` requests
/// at once get 10052; a call over an endpoint's rate gets 10053 and blocks the endpoint for
/// that rate's window, as the vendor does (60 s for the minute limit).
pub(super) async fn limits(
    AxumState(state): AxumState<Arc<State>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let Some(limits) = state.options.weiban_limits.clone() else {
        return next.run(request).await;
    };
    let path = request.uri().path().to_owned();
    let now = Instant::now();
    if let Some(refusal) = over_rate(&state, &limits, &path, now) {
        state
            .counters
            .weiban_limited
            .fetch_add(1, Ordering::Relaxed);
        return refusal;
    }
    let in_flight = state.weiban_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let response = if in_flight > u64::from(limits.in_flight) {
        state
            .counters
            .weiban_limited
            .fetch_add(1, Ordering::Relaxed);
        errcode(10052, "并发请求数超过限制")
    } else {
        next.run(request).await
    };
    state.weiban_in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

/// Records the call and says 10053 if it goes over one of the endpoint's rates.
fn over_rate(state: &State, limits: &EnforcedLimits, path: &str, now: Instant) -> Option<Response> {
    let mut calls = state.weiban_calls.lock().ok()?;
    let log = calls.entry(path.to_owned()).or_default();
    if log.blocked_until.is_some_and(|until| now < until) {
        return Some(errcode(10053, "接口调用频率超过限制，请稍后再试"));
    }
    let longest = limits
        .rates
        .iter()
        .map(|&(_, per)| per)
        .max()
        .unwrap_or_default();
    while log
        .times
        .front()
        .is_some_and(|&t| now.saturating_duration_since(t) >= longest)
    {
        log.times.pop_front();
    }
    for &(calls, per) in &limits.rates {
        let recent = log
            .times
            .iter()
            .rev()
            .take_while(|&&t| now.saturating_duration_since(t) < per)
            .count();
        if recent >= calls as usize {
            log.blocked_until = Some(now + per.min(std::time::Duration::from_secs(60)));
            return Some(errcode(10053, "接口调用频率超过限制，请稍后再试"));
        }
    }
    log.times.push_back(now);
    None
}
