//! Weiban's customer timeline in the demo server: the event list (generated history, and what
//! was added since the start, newest first) and `external_user_event/add`.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Query, State as AxumState};
use axum::response::Response;
use serde::Deserialize;

use super::weiban::{errcode, refusal};
use super::weiban_customers::{bad, json, listed};
use crate::demo::data::build::Obj;
use crate::demo::data::staff::STAFF;
use crate::demo::data::{weiban_context, weiban_customers};
use crate::demo::state::State;

/// The longest content the demo takes: the limit the issue tracker gives for the vendor's
/// console (Weiban documents no code for it; the demo answers 20608 past it).
const CONTENT_MAX: usize = 512;
const TITLE_MAX: usize = 32;

type Params = Query<HashMap<String, String>>;

/// `GET /open-api/external_user_event/list?external_user_id&limit&offset`, newest first.
pub(super) async fn customer_events(
    AxumState(state): AxumState<Arc<State>>,
    Query(params): Params,
) -> Response {
    let (limit, offset) = match listed(&state, &params) {
        Ok(window) => window,
        Err(refused) => return *refused,
    };
    let Some(id) = params.get("external_user_id").filter(|id| !id.is_empty()) else {
        return bad("external_user_id");
    };
    let (timeline, scale) = (state.timeline(), state.options.scale as usize);
    let mut events: Vec<String> = state
        .added_events
        .lock()
        .map(|added| added.by_customer.get(id).cloned().unwrap_or_default())
        .unwrap_or_default();
    events.reverse();
    events.extend(
        weiban_customers::find(id, &timeline, scale, state.now())
            .map(|(seed, record)| weiban_context::events(seed, &record))
            .unwrap_or_default(),
    );
    let page: Vec<&str> = events
        .iter()
        .skip(offset)
        .take(limit)
        .map(String::as_str)
        .collect();
    json(format!(
        "{{\"errcode\": 0, \"errmsg\": \"ok\", \"total\": {}, \"event_list\": [{}]}}",
        events.len(),
        page.join(", ")
    ))
}

#[derive(Deserialize)]
struct NewEvent {
    #[serde(default)]
    staff_id: String,
    #[serde(default)]
    external_user_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
}

/// `POST /open-api/external_user_event/add?access_token` with `{staff_id, external_user_id,
/// title, content}`: checked as the vendor documents (20601–20606), then kept for the list.
pub(super) async fn add_event(
    AxumState(state): AxumState<Arc<State>>,
    Query(params): Params,
    body: Bytes,
) -> Response {
    state
        .counters
        .weiban_event_add
        .fetch_add(1, Ordering::Relaxed);
    if let Some(refused) = refusal(&state, &params) {
        return refused;
    }
    let Ok(event) = serde_json::from_slice::<NewEvent>(&body) else {
        return errcode(10049, "请求体不是合法的 JSON");
    };
    let Some(staff) = STAFF.iter().find(|s| s.ext_id == event.staff_id) else {
        return errcode(20601, "staff_id 错误,找不到对应员工");
    };
    if event.external_user_id.is_empty() {
        return errcode(20604, "请提供external_user_id或external_user_unionid");
    }
    let (timeline, scale) = (state.timeline(), state.options.scale as usize);
    if weiban_customers::find(&event.external_user_id, &timeline, scale, state.now()).is_none() {
        return errcode(20602, "external_user_id 错误");
    }
    if event.content.trim().is_empty() {
        return errcode(20605, "content 不可为空");
    }
    if event.title.chars().count() > TITLE_MAX {
        return errcode(20606, "title 长度超过32个字符限制");
    }
    if event.content.chars().count() > CONTENT_MAX {
        return errcode(20608, "content 长度超过512个字符限制");
    }
    let Ok(mut added) = state.added_events.lock() else {
        return errcode(-1, "系统繁忙");
    };
    added.added += 1;
    let wire = Obj::new()
        .num("id", 900_000_000 + added.added)
        .num("created_at", state.now())
        .str("content", &event.content)
        .str("event_title", &event.title)
        .str("event_type", "custom")
        .str("external_user_id", &event.external_user_id)
        .str("staff_id", staff.ext_id)
        .str("staff_name", staff.name)
        .done();
    added
        .by_customer
        .entry(event.external_user_id)
        .or_default()
        .push(wire);
    json(String::from("{\"errcode\": 0, \"errmsg\": \"ok\"}"))
}
