//! Yunzhong's `WechatCustomers/getList` in the demo server (seed 001): the session cookie
//! checked as the shop does, `search[...]` filters, Laravel paging.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxumState};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_TYPE, COOKIE};
use axum::response::{IntoResponse, Response};

use crate::demo::accounts::yunzhong::{COOKIE_VALUE, UNIACID};
use crate::demo::data::build::{Obj, quote};
use crate::demo::data::yunzhong::Customer;
use crate::demo::state::State;

/// Customers per page, as the shop's paginator is configured.
pub const PER_PAGE: usize = 20;

fn json(body: String) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

fn refuse(message: &str, data: &str) -> Response {
    json(format!(
        "{{\"result\": 0, \"msg\": {}, \"data\": {data}}}",
        quote(message)
    ))
}

/// `GET|POST /business/{uniacid}/plugin/WechatCustomers/getList?page&search[...]`.
pub(super) async fn customers(
    AxumState(state): AxumState<Arc<State>>,
    Path(uniacid): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.counters.yunzhong_list.fetch_add(1, Ordering::Relaxed);
    if !logged_in(&headers) {
        state
            .counters
            .yunzhong_refused
            .fetch_add(1, Ordering::Relaxed);
        return refuse(
            "请先登录",
            "{\"login_status\": 0, \"login_url\": \"/login\"}",
        );
    }
    if uniacid != UNIACID.to_string() {
        return refuse("无权管理该企业", "[]");
    }
    // Parameters come in the query (GET) or a form body (POST), as on the shop.
    let params: HashMap<String, String> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .chain(form_urlencoded::parse(&body))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let param = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let page: usize = match param("page").map(str::parse) {
        None => 1,
        Some(Ok(n)) if n >= 1 => n,
        Some(_) => return refuse("参数 page 不合法", "[]"),
    };
    let search = Search {
        status: param("search[status]"),
        who: param("search[customer]"),
        tag: param("search[tags_data]"),
    };
    let data = &state.data.yunzhong;
    let (rows, total) = search.page(&data.customers, page);
    let paginator = paginator(page, &rows, total)
        .raw("tag", &data.tag_library)
        .raw("employee", &data.employees)
        .done();
    json(format!(
        "{{\"result\": 1, \"msg\": \"ok\", \"data\": {paginator}}}"
    ))
}

/// Whether the request carries the shop's session cookie.
fn logged_in(headers: &HeaderMap) -> bool {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim() == COOKIE_VALUE)
}

/// The `search[...]` filters of a request.
struct Search<'a> {
    status: Option<&'a str>,
    who: Option<&'a str>,
    tag: Option<&'a str>,
}

impl Search<'_> {
    /// The page's customers (their JSON) and how many match in all.
    fn page<'c>(&self, customers: &'c [Customer], page: usize) -> (Vec<&'c str>, usize) {
        let skip = (page - 1).saturating_mul(PER_PAGE);
        // Unfiltered, a page is a slice: a scan of every customer per page made a million
        // customers' 50 400 pages quadratic on the server's side.
        if self.status.is_none() && self.who.is_none() && self.tag.is_none() {
            let start = skip.min(customers.len());
            let end = start.saturating_add(PER_PAGE).min(customers.len());
            let rows = customers.get(start..end).unwrap_or_default();
            return (
                rows.iter().map(|c| c.json.as_str()).collect(),
                customers.len(),
            );
        }
        let matching: Vec<&Customer> = customers
            .iter()
            .filter(|c| match self.status {
                Some("-1") => c.lost,
                Some("1") => !c.lost,
                _ => true,
            })
            .filter(|c| {
                self.who
                    .is_none_or(|w| c.name.contains(w) || c.external_userid == w)
            })
            .filter(|c| self.tag.is_none_or(|t| c.tag_ids.iter().any(|id| id == t)))
            .collect();
        let rows = matching.iter().skip(skip).take(PER_PAGE);
        (rows.map(|c| c.json.as_str()).collect(), matching.len())
    }
}

/// Laravel's paginator around a page's rows (the caller adds the shop's extra fields).
fn paginator(page: usize, rows: &[&str], total: usize) -> Obj {
    let last_page = total.div_ceil(PER_PAGE).max(1);
    let from = (page - 1) * PER_PAGE + 1;
    let url = |n: usize| quote(&format!("/web/index.php?page={n}"));
    let or_null = |shown: bool, value: String| match shown {
        true => value,
        false => String::from("null"),
    };
    Obj::new()
        .num("current_page", page)
        .raw("data", &format!("[{}]", rows.join(", ")))
        .raw("first_page_url", &url(1))
        .raw("from", &or_null(!rows.is_empty(), from.to_string()))
        .num("last_page", last_page)
        .raw("last_page_url", &url(last_page))
        .raw("next_page_url", &or_null(page < last_page, url(page + 1)))
        .str("path", "/web/index.php")
        .num("per_page", PER_PAGE)
        .raw(
            "prev_page_url",
            &or_null(page > 1, url(page.saturating_sub(1))),
        )
        .raw(
            "to",
            &or_null(
                !rows.is_empty(),
                (from + rows.len()).saturating_sub(1).to_string(),
            ),
        )
        .num("total", total)
        .num("count", total)
}
