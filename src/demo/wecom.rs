//! The demo plays WeCom: each new demo outflow alert is POSTed to the callback URL as an
//! encrypted `del_follow_user`, a second before the demo's Weiban list shows it — and now and
//! then a handover (`del_external_contact` by `DELETE_BY_TRANSFER`) or a failed one
//! (`transfer_fail`), which Weiban's list never shows.

use std::sync::Arc;
use std::time::Duration;

use super::accounts::{CORP_ID, wecom};
use super::data::weiban_customers::LIVE_INTERVAL_S;
use super::state::State;
use crate::redact::Secret;
use crate::vendors::wecom::CallbackCrypto;

/// How long before the Weiban list shows an alert WeCom tells of it.
const AHEAD_S: i64 = 1;

/// The demo's WeCom app, as `[wecom]` names it.
pub fn crypto() -> Option<CallbackCrypto> {
    CallbackCrypto::new(
        &Secret::new(wecom::TOKEN),
        &Secret::new(wecom::ENCODING_AES_KEY),
        CORP_ID,
    )
    .ok()
}

/// Posts live alert `k`'s event (and, every few alerts, a handover) to `url`, for ever.
pub async fn play(state: Arc<State>, url: String) {
    let (Some(crypto), Ok(client)) = (crypto(), client()) else {
        return;
    };
    let timeline = state.timeline();
    let mut k = ((state.now() - timeline.start) / LIVE_INTERVAL_S).max(0);
    loop {
        let at = timeline.alert_time(k);
        let wait = at - AHEAD_S - state.now();
        if wait > 0 {
            tokio::time::sleep(Duration::from_secs(wait.unsigned_abs())).await;
        }
        for message in events(&timeline.alert(k), at, k) {
            post(&client, &crypto, &url, &message, at, k).await;
        }
        k += 1;
    }
}

/// A plain-HTTP client with WeCom's patience (5 s).
fn client() -> reqwest::Result<reqwest::Client> {
    // Only plain HTTP is spoken, but the client wants a TLS provider all the same.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(5))
        .build()
}

/// The events alert `k` makes WeCom send: its loss, and every 7th a handover, every 11th a
/// handover the customer refused.
fn events(alert: &str, at: i64, k: i64) -> Vec<String> {
    let record: serde_json::Value = serde_json::from_str(alert).unwrap_or_default();
    let customer = record["id"].as_str().unwrap_or_default().to_owned();
    let staff = record["staff_relation"]["staff_ext_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut events = vec![event(at, "del_follow_user", &staff, &customer, "")];
    if k % 7 == 3 {
        let moved = format!("wmDEMOhandover{k:06}");
        let extra = "<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>";
        events.push(event(at, "del_external_contact", &staff, &moved, extra));
    }
    if k % 11 == 5 {
        let refused = format!("wmDEMOrefused{k:06}");
        let extra = "<FailReason><![CDATA[customer_refused]]></FailReason>";
        events.push(event(at, "transfer_fail", &staff, &refused, extra));
    }
    events
}

fn event(at: i64, change: &str, staff: &str, customer: &str, extra: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\
         <CreateTime>{at}</CreateTime><MsgType><![CDATA[event]]></MsgType>\
         <Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[{change}]]></ChangeType>\
         <UserID><![CDATA[{staff}]]></UserID><ExternalUserID><![CDATA[{customer}]]></ExternalUserID>{extra}</xml>"
    )
}

/// Posts one event as WeCom does: up to three tries until one is answered 200.
async fn post(
    client: &reqwest::Client,
    crypto: &CallbackCrypto,
    url: &str,
    message: &str,
    at: i64,
    k: i64,
) {
    let nonce = format!("{}", 100_000 + k);
    let random: [u8; 16] =
        std::array::from_fn(|i| (k as u8).wrapping_mul(31).wrapping_add(i as u8));
    let sealed = crypto.seal(message.as_bytes(), at, &nonce, random);
    for attempt in 1..=3 {
        let sent = client
            .post(format!("{url}?{}", sealed.query))
            .header("content-type", "text/xml")
            .body(sealed.body.clone())
            .send()
            .await;
        match sent {
            Ok(answer) if answer.status().is_success() => return,
            Ok(answer) => {
                tracing::warn!(attempt, status = %answer.status(), "demo WeCom: not taken")
            }
            Err(e) => tracing::warn!(attempt, "demo WeCom: {e}"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
