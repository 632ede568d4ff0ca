//! Weiban's customer list and outflow list in the demo server (seed 004).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::{Query, State as AxumState};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use super::weiban::{errcode, refusal};
use crate::demo::data::build::quote;
use crate::demo::data::{weiban_context, weiban_customers};
use crate::demo::state::State;

pub(super) fn json(body: String) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

type Params = Query<HashMap<String, String>>;

fn number(params: &HashMap<String, String>, name: &str, default: i64) -> Option<i64> {
    match params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Some(default),
        Some(v) => v.parse().ok().filter(|n: &i64| *n >= 0),
    }
}

pub(super) fn bad(name: &str) -> Response {
    json(format!(
        "{{\"errcode\": 10049, \"errmsg\": {}}}",
        quote(&format!("参数 {name} 不合法"))
    ))
}

/// `limit` (at most 100) and `offset`; the name of the bad one otherwise.
fn window(params: &HashMap<String, String>) -> Result<(usize, usize), &'static str> {
    let limit = number(params, "limit", 20)
        .filter(|&l| (1..=100).contains(&l))
        .ok_or("limit")?;
    let offset = number(params, "offset", 0).ok_or("offset")?;
    Ok((limit as usize, offset as usize))
}

/// What every list call passes first, as the vendor checks it: a live token, then a sane
/// `limit`/`offset` window.
pub(super) fn listed(
    state: &State,
    params: &HashMap<String, String>,
) -> Result<(usize, usize), Box<Response>> {
    if let Some(refused) = refusal(state, params) {
        return Err(Box::new(refused));
    }
    window(params).map_err(|name| Box::new(bad(name)))
}

/// `GET /open-api/external_user/list?limit&offset`.
pub(super) async fn customer_list(
    AxumState(state): AxumState<Arc<State>>,
    Query(params): Params,
) -> Response {
    state
        .counters
        .weiban_customer_list
        .fetch_add(1, Ordering::Relaxed);
    let (limit, offset) = match listed(&state, &params) {
        Ok(window) => window,
        Err(refused) => return *refused,
    };
    // Only a test's edits make a copy of the list; otherwise it is served as generated.
    let edits = state.edits.lock().unwrap_or_else(|p| p.into_inner());
    let edited: Option<Vec<String>> = (!edits.is_empty()).then(|| {
        state
            .data
            .weiban_customers
            .iter()
            .filter_map(|r| edits.apply(r))
            .collect()
    });
    let all: Vec<&str> = edited
        .as_ref()
        .unwrap_or(&state.data.weiban_customers)
        .iter()
        .map(String::as_str)
        .collect();
    let rows: Vec<&str> = all.iter().skip(offset).take(limit).copied().collect();
    json(format!(
        "{{\"errcode\": 0, \"errmsg\": \"ok\", \"total\": {}, \"external_user_list\": [{}]}}",
        all.len(),
        rows.join(", ")
    ))
}

/// `GET /open-api/external_user/update/list?source&start_update_time&end_update_time&order`:
/// the customers whose `updated_at` is in the window (removed ones are never reported).
pub(super) async fn changed_list(
    AxumState(state): AxumState<Arc<State>>,
    Query(params): Params,
) -> Response {
    state
        .counters
        .weiban_customer_list
        .fetch_add(1, Ordering::Relaxed);
    let (limit, offset) = match listed(&state, &params) {
        Ok(window) => window,
        Err(refused) => return *refused,
    };
    if params.get("source").map(String::as_str) != Some("external_user") {
        return bad("source");
    }
    let (Some(from), Some(to)) = (
        number(&params, "start_update_time", 0),
        number(&params, "end_update_time", state.now()),
    ) else {
        return bad("start_update_time");
    };
    let edits = state.edits.lock().unwrap_or_else(|p| p.into_inner());
    let mut changed: Vec<(i64, String)> = state
        .data
        .weiban_customers
        .iter()
        .filter_map(|r| edits.apply(r))
        .filter_map(|r| {
            let at = serde_json::from_str::<serde_json::Value>(&r).ok()?["updated_at"].as_i64()?;
            (from..=to).contains(&at).then_some((at, r))
        })
        .collect();
    changed.sort_by_key(|(at, _)| *at);
    if params.get("order").map(String::as_str) != Some("asc") {
        changed.reverse();
    }
    let rows: Vec<&str> = changed
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(_, r)| r.as_str())
        .collect();
    json(format!(
        "{{\"errcode\": 0, \"errmsg\": \"ok\", \"total\": {}, \"external_user_list\": [{}]}}",
        changed.len(),
        rows.join(", ")
    ))
}

/// `GET /open-api/external_user/list/outflow?start_time&end_time&limit&offset`.
pub(super) async fn outflow(
    AxumState(state): AxumState<Arc<State>>,
    Query(params): Params,
) -> Response {
    state
        .counters
        .weiban_outflow
        .fetch_add(1, Ordering::Relaxed);
    let (limit, offset) = match listed(&state, &params) {
        Ok(window) => window,
        Err(refused) => return *refused,
    };
    let now = state.now();
    let (Some(from), Some(to)) = (
        number(&params, "start_time", 0),
        number(&params, "end_time", now),
    ) else {
        return bad("start_time/end_time");
    };
    let timeline = state.timeline();
    let ks = timeline.alerts_between(from, to, now);
    let rows: Vec<String> = ks
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&k| timeline.alert(k))
        .collect();
    json(format!(
        "{{\"errcode\": 0, \"errmsg\": \"ok\", \"external_user_list\": [{}], \"total_count\": {}}}",
        rows.join(", "),
        ks.len()
    ))
}

/// `GET /open-api/external_user/get?id=`: one customer with every staff member's relation.
pub(super) async fn customer_detail(
    AxumState(state): AxumState<Arc<State>>,
    Query(params): Params,
) -> Response {
    state
        .counters
        .weiban_customer_detail
        .fetch_add(1, Ordering::Relaxed);
    if let Some(refused) = refusal(&state, &params) {
        return refused;
    }
    let Some(id) = params.get("id").filter(|id| !id.is_empty()) else {
        return errcode(20208, "id 和 unionid 不能同时为空");
    };
    let (timeline, scale) = (state.timeline(), state.options.scale as usize);
    match weiban_customers::find(id, &timeline, scale, state.now()) {
        Some((seed, record)) => json(format!(
            "{{\"errcode\": 0, \"errmsg\": \"ok\", \"total\": 1, \"external_user\": {}}}",
            weiban_context::detail(seed, &record)
        )),
        None => errcode(20206, "外部联系人不存在"),
    }
}

/// `GET /open-api/staff/list?limit&offset[&fields=["department"]]`: the directory, counted by
/// `total`; departments by name only when asked for.
pub(super) async fn staff_list(
    AxumState(state): AxumState<Arc<State>>,
    Query(params): Params,
) -> Response {
    let (limit, offset) = match listed(&state, &params) {
        Ok(window) => window,
        Err(refused) => return *refused,
    };
    let named = params
        .get("fields")
        .is_some_and(|fields| fields.contains("department"));
    let all = crate::demo::data::weiban_staff::staff_list(named);
    let page: Vec<&str> = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(String::as_str)
        .collect();
    json(format!(
        "{{\"errcode\": 0, \"errmsg\": \"ok\", \"total\": {}, \"staff_list\": [{}]}}",
        all.len(),
        page.join(", ")
    ))
}
