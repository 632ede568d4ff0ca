//! The Youmi HTTP client: a signed token request, four signed headers on every call, the token
//! renewed before its (absolute) expiry and once on `10003`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use super::{
    AD_GROUPS_PATH, CUSTOM_ATTRIBUTES_PATH, ERR_TOKEN, LABEL_CATEGORIES_PATH, LABELS_PATH,
    OPERATORS_PATH, STAFF_PATH, STAFF_WECHAT_PATH, StaffMember, StaffWechat, TOKEN_PATH,
    decode_list, decode_operators, decode_staff, decode_staff_wechat, decode_token, join_staff,
    signature,
};
use crate::domain::{Operator, RawJson, ReferenceList, Vendor};
use crate::redact::Secret;
use crate::vendors::account::Account;
use crate::vendors::limit::Limits;
use crate::vendors::token::{Fresh, Tokens};
use crate::vendors::{ErrorKind, Listing, VendorError, http};

/// What the client needs from the config.
#[derive(Debug, Clone)]
pub struct YoumiSettings {
    /// The config's name for this account (`default` for a single table).
    pub account: crate::domain::Account,
    pub base_url: String,
    pub app_id: String,
    pub app_key: Secret,
    pub limits: Limits,
}

pub struct YoumiClient {
    http: reqwest::Client,
    base: String,
    app_id: String,
    app_key: Secret,
    tokens: Tokens,
    nonces: AtomicU64,
    /// Its limits, credentials and calls.
    pub account: Account,
}

fn now() -> (i64, u128) {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_secs() as i64, d.as_nanos())
}

/// Where Youmi serves each reference list.
fn reference_path(list: ReferenceList) -> &'static str {
    match list {
        ReferenceList::LabelCategories => LABEL_CATEGORIES_PATH,
        ReferenceList::Labels => LABELS_PATH,
        ReferenceList::AdGroups => AD_GROUPS_PATH,
        ReferenceList::CustomAttributes => CUSTOM_ATTRIBUTES_PATH,
    }
}

impl YoumiClient {
    pub fn new(settings: YoumiSettings, http: reqwest::Client) -> Self {
        Self {
            http,
            base: settings.base_url.trim_end_matches('/').to_owned(),
            app_id: settings.app_id,
            app_key: settings.app_key.clone(),
            tokens: Tokens::new(Vendor::Youmi, ERR_TOKEN, Duration::from_secs(600)),
            nonces: AtomicU64::new(0),
            account: Account::new(
                Vendor::Youmi,
                settings.account.clone(),
                settings.limits,
                vec![settings.app_key.clone()],
            ),
        }
    }

    fn fail(&self, endpoint: &'static str, kind: ErrorKind, token: Option<&Secret>) -> VendorError {
        self.account.fail(endpoint, kind, token)
    }

    /// A fresh nonce for each request.
    fn nonce(&self) -> String {
        let serial = self.nonces.fetch_add(1, Ordering::Relaxed);
        let (_, nanos) = now();
        let mut z = (nanos as u64) ^ serial.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        format!("{:016x}", z ^ (z >> 29))
    }

    /// A new token: the request is signed over the app id, a nonce and the time.
    async fn request_token(&self) -> Result<Fresh, VendorError> {
        let request = || {
            let (timestamp, _) = now();
            let nonce = self.nonce();
            let app_key = self.app_key.expose();
            let body = json!({
                "AppId": self.app_id,
                "Nonce": nonce,
                "Timestamp": timestamp.to_string(),
                "Signature": signature(app_key, &self.app_id, &nonce, timestamp as u64),
            });
            self.http
                .post(format!("{}{TOKEN_PATH}", self.base))
                .query(&[("format", "json")])
                .json(&body)
        };
        let decode = |body: &[u8]| decode_token(body, now().0);
        let token = self
            .account
            .call(TOKEN_PATH, request, decode, http::status_error)
            .await
            .map_err(|k| self.fail(TOKEN_PATH, k, None))?;
        // Youmi says when the token expires, not for how long.
        let left = (token.expires_at - now().0).max(0);
        Ok(Fresh {
            value: token.value,
            lifetime: Duration::from_secs(left as u64),
        })
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
        let call = |token: Secret| {
            let (method, body) = (&method, &body);
            let request = move || {
                let (timestamp, _) = now();
                let nonce = self.nonce();
                let signed = signature(
                    self.app_key.expose(),
                    token.expose(),
                    &nonce,
                    timestamp as u64,
                );
                let request = self
                    .http
                    .request(method.clone(), format!("{}{path}", self.base))
                    .query(query)
                    .header("access_token", token.expose())
                    .header("Nonce", &nonce)
                    .header("Timestamp", timestamp.to_string())
                    .header("Signature", signed)
                    .header(CONTENT_TYPE, "text/json");
                match body {
                    Some(body) => request.body(body.to_string()),
                    None => request,
                }
            };
            self.account
                .call(path, request, &decode, http::status_error)
        };
        let fail = |kind, token: &Secret| self.fail(path, kind, Some(token));
        self.tokens
            .call(path, || self.request_token(), call, fail)
            .await
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
            let query = [("ad_wechat_lei", kind)];
            let page = self.call(Method::GET, OPERATORS_PATH, &query, None, decode_operators);
            match page.await {
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
        match self.staff_and_bindings().await {
            Ok((staff, bindings)) => {
                listing.pages += 2;
                join_staff(&mut operators, &bindings, &staff);
            }
            // The accounts are still worth showing; the missing join is the error.
            Err(error) => listing.error = Some(error),
        }
        listing.total = Some(operators.len() as u64);
        listing.records = operators;
        listing
    }

    /// The staff (all states), and which operator accounts each is bound to.
    async fn staff_and_bindings(
        &self,
    ) -> Result<(Vec<StaffMember>, Vec<StaffWechat>), VendorError> {
        let staff = [("ad_staff_state", "-1")];
        let staff = self.call(Method::GET, STAFF_PATH, &staff, None, decode_staff);
        let bindings = self.call(
            Method::POST,
            STAFF_WECHAT_PATH,
            &[],
            Some(json!({})),
            decode_staff_wechat,
        );
        Ok((staff.await?, bindings.await?))
    }

    /// One of the reference lists, as raw records for the detail view.
    pub async fn reference(&self, list: ReferenceList) -> Result<Vec<RawJson>, VendorError> {
        self.call(Method::GET, reference_path(list), &[], None, decode_list)
            .await
    }
}
