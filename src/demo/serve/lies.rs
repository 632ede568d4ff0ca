//! Paging that lies, for the client to see through: the first page again whatever was asked,
//! a cursor that points back or does not move, totals that promise far more than there is,
//! an empty page that still promises more. Each is a well-formed answer of the vendor's own
//! shape: the request is rewritten (a page number) or the real answer is (its JSON).

use axum::body::Body;
use axum::extract::Request;
use axum::http::Uri;
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use crate::demo::faults::Fault;
use crate::json::lenient;

/// The largest body read to be rewritten: the demo's pages are far smaller.
const BODY_MAX: usize = 64 << 20;
/// How much an inflated total promises.
const INFLATION: u64 = 1000;

/// Answers `request` with the lie `fault` tells.
pub(super) async fn tell(fault: Fault, request: Request, next: Next) -> Response {
    match fault {
        Fault::RepeatPage if request.uri().query().is_some_and(is_numbered) => {
            next.run(first_page(request)).await
        }
        Fault::RepeatPage => {
            let back = super::tanma::cursor(0);
            rewrite(next.run(request).await, |v| set_cursor(v, &back)).await
        }
        Fault::RepeatCursor => {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, BODY_MAX)
                .await
                .unwrap_or_default();
            let sent = serde_json::from_slice::<Value>(&body)
                .ok()
                .and_then(|v| v["cursor"].as_str().map(str::to_owned))
                .unwrap_or_default();
            let request = Request::from_parts(parts, Body::from(body));
            let answer = next.run(request).await;
            if sent.is_empty() {
                // The first page's cursor is none: repeating it would end the list honestly.
                return answer;
            }
            rewrite(answer, |v| set_cursor(v, &sent)).await
        }
        Fault::InflatedTotal => rewrite(next.run(request).await, inflate).await,
        Fault::EmptyPage => rewrite(next.run(request).await, empty_records).await,
        _ => next.run(request).await,
    }
}

/// A query that numbers its pages (Weiban's `offset`/`page_no`, Yunzhong's `page`).
fn is_numbered(query: &str) -> bool {
    form_urlencoded::parse(query.as_bytes()).any(|(k, _)| is_page_key(&k))
}

fn is_page_key(key: &str) -> bool {
    matches!(key, "offset" | "page_no" | "page")
}

/// The same request for the first page.
fn first_page(request: Request) -> Request {
    let (mut parts, body) = request.into_parts();
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes()).map(
                |(k, v)| match k.as_ref() {
                    "offset" => (k, "0".into()),
                    "page_no" | "page" => (k, "1".into()),
                    _ => (k, v),
                },
            ),
        )
        .finish();
    let target = format!("{}?{query}", parts.uri.path());
    if let Ok(uri) = target.parse::<Uri>() {
        parts.uri = uri;
    }
    Request::from_parts(parts, body)
}

/// The answer with its JSON changed by `change`; an answer that is not JSON as it was.
async fn rewrite(answer: Response, change: impl Fn(&mut Value)) -> Response {
    let (mut parts, body) = answer.into_parts();
    let bytes = axum::body::to_bytes(body, BODY_MAX)
        .await
        .unwrap_or_default();
    let Ok(parsed) = lenient::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut value = parsed.value;
    change(&mut value);
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(value.to_string()))
}

/// Every next cursor (Tanma's `nextCursor`) set to `cursor`.
fn set_cursor(value: &mut Value, cursor: &str) {
    walk(value, &mut |key, v| {
        if key == "nextCursor" && v.is_string() {
            *v = Value::from(cursor);
        }
    });
}

/// Every total and last page number times [`INFLATION`].
fn inflate(value: &mut Value) {
    walk(value, &mut |key, v| {
        if matches!(key, "total" | "total_count" | "last_page")
            && let Some(n) = v.as_u64()
        {
            *v = Value::from(n.max(1) * INFLATION);
        }
    });
}

/// The longest list of objects in the answer (its records) emptied.
fn empty_records(value: &mut Value) {
    fn longest(value: &Value) -> usize {
        match value {
            Value::Array(items) if items.iter().any(Value::is_object) => items
                .len()
                .max(items.iter().map(longest).max().unwrap_or(0)),
            Value::Array(items) => items.iter().map(longest).max().unwrap_or(0),
            Value::Object(map) => map.values().map(longest).max().unwrap_or(0),
            _ => 0,
        }
    }
    fn clear(value: &mut Value, len: usize) -> bool {
        match value {
            Value::Array(items) if items.len() == len && items.iter().any(Value::is_object) => {
                items.clear();
                true
            }
            Value::Array(items) => items.iter_mut().any(|v| clear(v, len)),
            Value::Object(map) => map.values_mut().any(|v| clear(v, len)),
            _ => false,
        }
    }
    let len = longest(value);
    if len > 0 {
        clear(value, len);
    }
}

/// Calls `visit` with each key and value of every object inside `value`.
fn walk(value: &mut Value, visit: &mut impl FnMut(&str, &mut Value)) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                visit(key, v);
                walk(v, visit);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| walk(v, visit)),
        _ => {}
    }
}
