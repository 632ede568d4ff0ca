//! `/wecom/callback[/ACCOUNT]`: WeCom's URL verification (GET) and its events (POST). A
//! request is checked before anything is kept — signature, then decryption, then the XML —
//! and an event is committed before the 200 goes out: a 200 tells WeCom never to send it
//! again, so nothing is acknowledged that is not kept.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Receiver;
use super::counts::Counts;
use crate::domain::ContactChange;
use crate::store::KeptEvent;
use crate::vendors::wecom::{CallbackCrypto, Message, Refusal, decode_event, envelope_of};

/// A callback body is a few hundred bytes; nothing larger is read.
pub const MAX_BODY: usize = 64 * 1024;
/// How long a body may take to arrive.
pub const BODY_WITHIN: Duration = Duration::from_secs(3);

/// The query WeCom signs its requests with.
struct Signed {
    signature: String,
    timestamp: String,
    nonce: String,
    echostr: Option<String>,
}

impl Signed {
    fn of(query: Option<&str>) -> Result<Signed, Refusal> {
        let mut signed = (None, None, None, None);
        for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let slot = match name.as_ref() {
                "msg_signature" => &mut signed.0,
                "timestamp" => &mut signed.1,
                "nonce" => &mut signed.2,
                "echostr" => &mut signed.3,
                _ => continue,
            };
            *slot = Some(value.into_owned());
        }
        match signed {
            (Some(signature), Some(timestamp), Some(nonce), echostr) => Ok(Signed {
                signature,
                timestamp,
                nonce,
                echostr,
            }),
            _ => Err(Refusal::MissingParameter),
        }
    }

    fn open(&self, crypto: &CallbackCrypto, encrypted: &str) -> Result<Vec<u8>, Refusal> {
        crypto.open(&self.signature, &self.timestamp, &self.nonce, encrypted)
    }
}

/// The status a refusal gets: always a 4xx, never a hint of what was wrong beyond the kind.
fn status(refusal: Refusal) -> StatusCode {
    match refusal {
        Refusal::Signature | Refusal::ReceiveId => StatusCode::FORBIDDEN,
        Refusal::UnknownAccount => StatusCode::NOT_FOUND,
        Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Refusal::SlowBody => StatusCode::REQUEST_TIMEOUT,
        Refusal::Busy => StatusCode::TOO_MANY_REQUESTS,
        Refusal::MissingParameter
        | Refusal::Base64
        | Refusal::Length
        | Refusal::Padding
        | Refusal::Xml => StatusCode::BAD_REQUEST,
    }
}

impl Receiver {
    fn refuse(&self, account: &str, refusal: Refusal) -> Response {
        self.counts.refuse(refusal);
        tracing::info!(account, reason = refusal.name(), "WeCom callback refused");
        (status(refusal), refusal.name()).into_response()
    }

    /// Commits a contact change; 200 once it is kept (again or for the first time), 503
    /// when it could not be, so that WeCom sends it again.
    async fn keep(&self, account: &str, change: &ContactChange) -> Response {
        let name = change.change.name();
        match self.keeper.keep(change).await {
            Ok(KeptEvent::New { alert_seq }) => {
                Counts::add(&self.counts.kept);
                tracing::info!(account, change = name, alert_seq, "WeCom event kept");
                StatusCode::OK.into_response()
            }
            Ok(KeptEvent::Again) => {
                Counts::add(&self.counts.duplicates);
                tracing::info!(account, change = name, "WeCom event again: already kept");
                StatusCode::OK.into_response()
            }
            Err(e) => {
                Counts::add(&self.counts.unkept);
                tracing::warn!(
                    account,
                    change = name,
                    "WeCom event not kept, so not acknowledged (WeCom will send it again): {e}"
                );
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            }
        }
    }
}

pub async fn verify_default(State(receiver): State<Arc<Receiver>>, query: RawQuery) -> Response {
    verify(State(receiver), Path(String::new()), query).await
}

/// GET: the admin console checks the URL — the decrypted `echostr`, bare.
pub async fn verify(
    State(receiver): State<Arc<Receiver>>,
    Path(account): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(crypto) = receiver.crypto(&account) else {
        return receiver.refuse(&account, Refusal::UnknownAccount);
    };
    let opened = Signed::of(query.as_deref()).and_then(|signed| {
        let echostr = signed.echostr.as_deref().ok_or(Refusal::MissingParameter)?;
        signed.open(crypto, echostr)
    });
    match opened {
        Ok(echo) => {
            Counts::add(&receiver.counts.verified);
            tracing::info!(account, "WeCom verified the callback URL");
            ([(header::CONTENT_TYPE, "text/plain")], echo).into_response()
        }
        Err(refusal) => receiver.refuse(&account, refusal),
    }
}

pub async fn event_default(
    State(receiver): State<Arc<Receiver>>,
    query: RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    event(State(receiver), Path(String::new()), query, headers, body).await
}

/// POST: an event — checked, decrypted, kept, then 200.
pub async fn event(
    State(receiver): State<Arc<Receiver>>,
    Path(account): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(crypto) = receiver.crypto(&account) else {
        return receiver.refuse(&account, Refusal::UnknownAccount);
    };
    let Ok(_permit) = receiver.room.try_acquire() else {
        return receiver.refuse(&account, Refusal::Busy);
    };
    let message = match read(&headers, body).await.and_then(|body| {
        let signed = Signed::of(query.as_deref())?;
        let envelope = envelope_of(&body)?;
        let plain = signed.open(crypto, &envelope.encrypt)?;
        decode_event(&plain, &receiver.account_of(&account))
    }) {
        Ok(message) => message,
        Err(refusal) => return receiver.refuse(&account, refusal),
    };
    let change = match message {
        Message::ContactChange(change) => change,
        Message::Other(what) => {
            Counts::add(&receiver.counts.ignored);
            tracing::debug!(account, what, "WeCom message that is no contact change");
            return StatusCode::OK.into_response();
        }
    };
    receiver.keep(&account, &change).await
}

/// The body, at most [`MAX_BODY`], arriving within [`BODY_WITHIN`].
async fn read(headers: &HeaderMap, body: Body) -> Result<Vec<u8>, Refusal> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(Refusal::TooLarge);
    }
    match tokio::time::timeout(BODY_WITHIN, axum::body::to_bytes(body, MAX_BODY)).await {
        Ok(Ok(bytes)) => Ok(bytes.to_vec()),
        Ok(Err(_)) => Err(Refusal::TooLarge),
        Err(_) => Err(Refusal::SlowBody),
    }
}
