//! The Youmi HTTP client: a signed token request, four signed headers on every call, the token
//! renewed before its (absolute) expiry and once on `10003`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::json;
use tokio::sync::Mutex;

use super::{
    AD_GROUPS_PATH, CUSTOM_ATTRIBUTES_PATH, ERR_TOKEN, LABEL_CATEGORIES_PATH, LABELS_PATH,
    OPERATORS_PATH, STAFF_PATH, STAFF_WECHAT_PATH, TOKEN_PATH, decode_list, decode_operators,
    decode_staff, decode_staff_wechat, decode_token, join_staff, signature,
};
use crate::domain::{Operator, RawJson, Vendor};
use crate::redact::Secret;
use crate::vendors::limit::{Limiter, Limits};
use crate::vendors::{ErrorKind, Listing, VendorError, http};

/// What the client needs from the config.
#[derive(Debug, Clone)]
pub struct YoumiSettings {
    pub base_url: String,
    pub app_id: String,
    pub app_key: Secret,
    pub limits: Limits,
}

struct CachedToken {
    value: Secret,
    /// Unix seconds after which a new token is fetched (a little before the vendor's expiry).
    refresh_at: i64,
}

pub struct YoumiClient {
    http: reqwest::Client,
    base: String,
    app_id: String,
    app_key: Secret,
    token: Mutex<Option<CachedToken>>,
    nonces: AtomicU64,
    limiter: Limiter,
}

fn now() -> (i64, u128) {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_secs() as i64, d.as_nanos())
}

/// The reference lists reachable from the Operators pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    LabelCategories,
    Labels,
    AdGroups,
    CustomAttributes,
}

impl Reference {
    pub fn path(self) -> &'static str {
        match self {
            Reference::LabelCategories => LABEL_CATEGORIES_PATH,
            Reference::Labels => LABELS_PATH,
            Reference::AdGroups => AD_GROUPS_PATH,
            Reference::CustomAttributes => CUSTOM_ATTRIBUTES_PATH,
        }
    }
}

impl YoumiClient {
    pub fn new(settings: YoumiSettings, http: reqwest::Client) -> Self {
        Self {
            http,
            base: settings.base_url.trim_end_matches('/').to_owned(),
            app_id: settings.app_id,
            app_key: settings.app_key,
            token: Mutex::new(None),
            nonces: AtomicU64::new(0),
            limiter: Limiter::new(settings.limits),
        }
    }

    /// The account's limits, and its rate-limit block.
    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }

    fn fail(&self, endpoint: &'static str, kind: ErrorKind, token: Option<&Secret>) -> VendorError {
        let mut secrets = vec![&self.app_key];
        secrets.extend(token);
        VendorError::new(Vendor::Youmi, endpoint, kind.scrubbed(&secrets))
    }

    /// A fresh nonce for each request.
    fn nonce(&self) -> String {
        let serial = self.nonces.fetch_add(1, Ordering::Relaxed);
        let (_, nanos) = now();
        let mut z = (nanos as u64) ^ serial.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        format!("{:016x}", z ^ (z >> 29))
    }

    async fn token(&self) -> Result<Secret, VendorError> {
        let mut slot = self.token.lock().await;
        if let Some(cached) = slot.as_ref()
            && now().0 < cached.refresh_at
        {
            return Ok(cached.value.clone());
        }
        // The slot comes first: the signed timestamp must be fresh when the request leaves.
        let permit = self
            .limiter
            .acquire(TOKEN_PATH)
            .await
            .map_err(|k| self.fail(TOKEN_PATH, k, None))?;
        let (timestamp, _) = now();
        let nonce = self.nonce();
        let body = json!({
            "AppId": self.app_id,
            "Nonce": nonce,
            "Timestamp": timestamp.to_string(),
            "Signature": signature(self.app_key.expose(), &self.app_id, &nonce, timestamp as u64),
        });
        let request = self
            .http
            .post(format!("{}{TOKEN_PATH}", self.base))
            .query(&[("format", "json")])
            .json(&body);
        let sent = http::send(request).await;
        drop(permit);
        let outcome = match sent {
            Ok(reply) if reply.status.is_success() => decode_token(&reply.body, now().0),
            Ok(reply) => Err(http::status_error(&reply)),
            Err(kind) => Err(kind),
        };
        self.limiter.note(&outcome);
        let token = outcome.map_err(|k| self.fail(TOKEN_PATH, k, None))?;
        let left = (token.expires_at - timestamp).max(0);
        let margin = (left / 10).min(600);
        tracing::info!(
            vendor = "youmi",
            expires_at = token.expires_at,
            "new access token"
        );
        let value = token.value.clone();
        *slot = Some(CachedToken {
            value: token.value,
            refresh_at: token.expires_at - margin,
        });
        Ok(value)
    }

    async fn invalidate(&self, refused: &Secret) {
        let mut slot = self.token.lock().await;
        if slot.as_ref().is_some_and(|c| &c.value == refused) {
            *slot = None;
        }
    }

    /// A signed call; on `10003` the token is renewed and the call repeated once.
    async fn call<T>(
        &self,
        method: Method,
        path: &'static str,
        query: &[(&str, &str)],
        body: Option<serde_json::Value>,
        decode: impl Fn(&[u8]) -> Result<T, ErrorKind>,
    ) -> Result<T, VendorError> {
        let mut renewed = false;
        loop {
            let token = self.token().await?;
            let permit = self
                .limiter
                .acquire(path)
                .await
                .map_err(|k| self.fail(path, k, Some(&token)))?;
            let (timestamp, _) = now();
            let nonce = self.nonce();
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path}", self.base))
                .query(query)
                .header("access_token", token.expose())
                .header("Nonce", &nonce)
                .header("Timestamp", timestamp.to_string())
                .header(
                    "Signature",
                    signature(
                        self.app_key.expose(),
                        token.expose(),
                        &nonce,
                        timestamp as u64,
                    ),
                )
                .header(CONTENT_TYPE, "text/json");
            if let Some(body) = &body {
                request = request.body(body.to_string());
            }
            let sent = http::send(request).await;
            drop(permit);
            let result = http::decoded(sent, &decode, http::status_error);
            self.limiter.note(&result);
            match result {
                Err(ErrorKind::Api {
                    code: ERR_TOKEN, ..
                }) if !renewed => {
                    tracing::info!(
                        vendor = "youmi",
                        endpoint = path,
                        "token refused, renewing once"
                    );
                    renewed = true;
                    self.invalidate(&token).await;
                }
                other => return other.map_err(|k| self.fail(path, k, Some(&token))),
            }
        }
    }

    /// Every operator account (personal and WeCom), joined with the staff member bound to it.
    pub async fn operators(&self) -> Listing<Operator> {
        // Two lists of accounts, the staff, and the staff's accounts.
        let mut listing = Listing {
            expected_pages: Some(4),
            ..Listing::default()
        };
        let mut operators: Vec<Operator> = Vec::new();
        // 0: personal WeChat accounts, 3: WeCom accounts.
        for kind in ["0", "3"] {
            match self
                .call(
                    Method::GET,
                    OPERATORS_PATH,
                    &[("ad_wechat_lei", kind)],
                    None,
                    decode_operators,
                )
                .await
            {
                Ok((found, skipped)) => {
                    listing.pages += 1;
                    for operator in found {
                        if !operators.iter().any(|o| o.id == operator.id) {
                            operators.push(operator);
                        }
                    }
                    listing.skipped.extend(skipped);
                }
                Err(error) => {
                    listing.records = operators;
                    listing.error = Some(error);
                    return listing;
                }
            }
        }
        let staff = self
            .call(
                Method::GET,
                STAFF_PATH,
                &[("ad_staff_state", "-1")],
                None,
                decode_staff,
            )
            .await;
        let bindings = self
            .call(
                Method::POST,
                STAFF_WECHAT_PATH,
                &[],
                Some(json!({})),
                decode_staff_wechat,
            )
            .await;
        match (staff, bindings) {
            (Ok(staff), Ok(bindings)) => {
                listing.pages += 2;
                join_staff(&mut operators, &bindings, &staff);
            }
            // The accounts are still worth showing; the missing join is the error.
            (Err(error), _) | (_, Err(error)) => listing.error = Some(error),
        }
        listing.total = Some(operators.len() as u64);
        listing.records = operators;
        listing
    }

    /// One of the reference lists, as raw records for the detail view.
    pub async fn reference(&self, which: Reference) -> Result<Vec<RawJson>, VendorError> {
        self.call(Method::GET, which.path(), &[], None, decode_list)
            .await
    }
}
