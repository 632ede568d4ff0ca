//! Faults in force, applied to the vendors' data calls; and `/__demo/faults`, to set them.

use std::convert::Infallible;

use futures_util::StreamExt;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State as AxumState};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::demo::faults::{Fault, Rule, vendor_of};
use crate::demo::state::{Recorded, State};
use crate::domain::Vendor;

/// How late a slow answer comes.
const SLOW: Duration = Duration::from_secs(1);

/// The middleware: answers a spoiled call with its fault, passes the others on.
pub(crate) async fn inject(
    AxumState(state): AxumState<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(vendor) = vendor_of(request.uri().path()) else {
        return next.run(request).await;
    };
    let Some(fault) = state.faults.next(vendor) else {
        return next.run(request).await;
    };
    state.counters.faults_fired.fetch_add(1, Ordering::Relaxed);
    tracing::debug!(%vendor, fault = fault.name(), "demo server: injecting a fault");
    if fault.is_lie() {
        return super::lies::tell(fault, request, next).await;
    }
    match fault {
        Fault::Http500 => html(StatusCode::INTERNAL_SERVER_ERROR),
        Fault::Http502 => html(StatusCode::BAD_GATEWAY),
        Fault::Garbage => {
            let mut body = echo_credentials(&request).into_bytes();
            body.extend_from_slice(b" \x89PNG\r\n\x1a\n\0\0 \xff\xfe not json {{{ ]]");
            json_bytes(body)
        }
        Fault::Empty => json_bytes(Vec::new()),
        Fault::Truncated => truncated(next.run(request).await).await,
        Fault::Hang => {
            // Long past any sane client timeout; the connection is dropped with the server.
            tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
            html(StatusCode::GATEWAY_TIMEOUT)
        }
        Fault::Slow => {
            tokio::time::sleep(SLOW).await;
            next.run(request).await
        }
        Fault::Reset => reset(),
        Fault::ExpiredToken => expired_token(vendor),
        Fault::RateLimited => rate_limited(vendor),
        Fault::BadSignature => bad_signature(vendor),
        Fault::LoginRequired => vendor_json(
            r#"{"result": 0, "msg": "请先登录", "data": {"login_status": 0, "login_url": "/login"}}"#,
        ),
        Fault::Redirect => redirect(&state, &request),
        Fault::Huge => huge(state),
        // Told above.
        Fault::RepeatPage | Fault::RepeatCursor | Fault::InflatedTotal | Fault::EmptyPage => {
            next.run(request).await
        }
    }
}

/// The first half of a real answer, without its length.
async fn truncated(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let mut response = Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)));
    response.headers_mut().remove(CONTENT_LENGTH);
    response
}

/// The head goes out, then the body fails: the server drops the connection.
fn reset() -> Response {
    let broken = futures_util::stream::once(async {
        Err::<bytes::Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "demo fault: connection reset",
        ))
    });
    let mut response = Response::new(Body::from_stream(broken));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The vendor's own answer to an expired token.
fn expired_token(vendor: Vendor) -> Response {
    match vendor {
        Vendor::Youmi => vendor_json(
            r#"{"errmsg": 10003, "succeed": false, "msgTime": null, "values": null, "errdesc": "token失效"}"#,
        ),
        _ => vendor_json(r#"{"errcode": 10001, "errmsg": "access_token 无效或已过期"}"#),
    }
}

/// Weiban says so in its envelope; the others answer 429 with `Retry-After`.
fn rate_limited(vendor: Vendor) -> Response {
    match vendor {
        Vendor::Weiban => {
            vendor_json(r#"{"errcode": 10053, "errmsg": "接口调用频率超过限制，请稍后再试"}"#)
        }
        _ => (
            StatusCode::TOO_MANY_REQUESTS,
            [(RETRY_AFTER, "60"), (CONTENT_TYPE, "text/plain")],
            "Too Many Requests",
        )
            .into_response(),
    }
}

fn bad_signature(vendor: Vendor) -> Response {
    match vendor {
        Vendor::Youmi => vendor_json(
            r#"{"errmsg": 200006, "succeed": false, "msgTime": null, "values": null, "errdesc": "签名错误"}"#,
        ),
        _ => vendor_json(r#"{"code": 1002, "message": "签名错误", "data": null}"#),
    }
}

/// A captive portal's redirect, to a server that must never be asked.
fn redirect(state: &State, request: &Request) -> Response {
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let location = format!("http://{}{target}", state.elsewhere);
    (
        StatusCode::FOUND,
        [(LOCATION, location.as_str()), (CONTENT_TYPE, "text/html")],
        "<html><body>Please sign in to the network</body></html>",
    )
        .into_response()
}

/// How much a `huge` answer sends at most, and in what pieces.
const HUGE_TOTAL: u64 = 1 << 30;
const HUGE_CHUNK: usize = 64 << 10;

/// A JSON-looking answer that goes on and on, counting what it hands to the connection; the
/// stream ends when the client hangs up (its writes fail and hyper drops it) or at 1 GiB.
fn huge(state: Arc<State>) -> Response {
    let head = bytes::Bytes::from_static(b"{\"errcode\": 0, \"data\": {\"objects\": [");
    let chunk = bytes::Bytes::from("\"0123456789abcdef\", ".repeat(HUGE_CHUNK / 20));
    let pieces = (HUGE_TOTAL / chunk.len() as u64) as usize;
    let pieces = std::iter::once(head).chain(std::iter::repeat_n(chunk, pieces));
    let body = futures_util::stream::iter(pieces.enumerate()).then(move |(n, piece)| {
        let state = state.clone();
        async move {
            // Paced like a fast link (about 256 MB/s) rather than as fast as loopback goes, so
            // that what sits in socket buffers when the client hangs up stays bounded.
            if n % 4 == 3 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            let sent = &state.counters.huge_bytes_sent;
            sent.fetch_add(piece.len() as u64, Ordering::Relaxed);
            Ok::<_, Infallible>(piece)
        }
    });
    let mut response = Response::new(Body::from_stream(body));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The second listener's answer to anything: recorded, then a bland page.
pub(crate) async fn record_elsewhere(
    AxumState(state): AxumState<Arc<State>>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let recorded = Recorded {
        method: parts.method.to_string(),
        target: parts.uri.to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    if let Ok(mut arrived) = state.arrived_elsewhere.lock() {
        arrived.push(recorded);
    }
    html(StatusCode::OK)
}

/// The credentials a request carried (the token in the query or a header, the cookie).
fn echo_credentials(request: &Request) -> String {
    let mut echoed = Vec::new();
    if let Some(query) = request.uri().query() {
        echoed.extend(
            form_urlencoded::parse(query.as_bytes())
                .filter(|(k, _)| k == "access_token")
                .map(|(_, v)| v.into_owned()),
        );
    }
    for name in ["access_token", "cookie"] {
        if let Some(value) = request.headers().get(name).and_then(|v| v.to_str().ok()) {
            echoed.push(value.to_owned());
        }
    }
    echoed.join(" ")
}

fn html(status: StatusCode) -> Response {
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    (status, [(CONTENT_TYPE, "text/html")], page).into_response()
}

fn json_bytes(body: Vec<u8>) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

fn vendor_json(body: &'static str) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

/// `POST /__demo/faults?vendor=…&fault=…&after=…&times=…` adds a rule; `DELETE` clears them;
/// `GET` lists them.
pub(crate) async fn control(
    AxumState(state): AxumState<Arc<State>>,
    method: axum::http::Method,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, Infallible> {
    let params: std::collections::HashMap<String, String> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let answer = match method {
        axum::http::Method::DELETE => {
            state.faults.clear();
            (StatusCode::OK, "faults cleared\n".to_owned())
        }
        axum::http::Method::POST => {
            let field = |k: &str| params.get(k).map(String::as_str).unwrap_or_default();
            let mut text = format!("{}:{}", field("vendor"), field("fault"));
            if let Some(after) = params.get("after") {
                text.push_str(&format!(":{after}"));
                if let Some(times) = params.get("times") {
                    text.push_str(&format!(":{times}"));
                }
            }
            match Rule::parse(&text) {
                Ok(rule) => {
                    state.faults.add(rule);
                    (StatusCode::OK, state.faults.describe())
                }
                Err(why) => (StatusCode::BAD_REQUEST, format!("{why}\n")),
            }
        }
        _ => (StatusCode::OK, state.faults.describe()),
    };
    Ok(answer.into_response())
}
