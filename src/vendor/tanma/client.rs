//! The Tanma HTTP client: signed POSTs, cursor paging for each configured sales account.

use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use super::{CustomerPage, LIST_PATH, decode_customer_page, sign};
use crate::domain::{Customer, Vendor};
use crate::redact::Secret;
use futures_util::{StreamExt, stream};

use crate::vendor::limit::{Limiter, Limits};
use crate::vendor::{ErrorKind, Listing, MAX_PAGES, Sink, VendorError, http};

/// What the client needs from the config.
#[derive(Debug, Clone)]
pub struct TanmaSettings {
    pub base_url: String,
    pub app_id: String,
    pub app_key: Secret,
    /// The sales accounts whose customers are listed.
    pub qw_user_ids: Vec<String>,
    pub page_size: u32,
    pub limits: Limits,
}

pub struct TanmaClient {
    http: reqwest::Client,
    url: String,
    app_id: String,
    app_key: Secret,
    qw_user_ids: Vec<String>,
    page_size: u32,
    limiter: Limiter,
}

/// The list's `type` parameter: 1 is what the seed's answers carry for WeCom friends.
const RELATION_TYPE: u8 = 1;

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl TanmaClient {
    pub fn new(settings: TanmaSettings, http: reqwest::Client) -> Self {
        Self {
            http,
            url: format!("{}{}", settings.base_url.trim_end_matches('/'), LIST_PATH),
            app_id: settings.app_id,
            app_key: settings.app_key,
            qw_user_ids: settings.qw_user_ids,
            page_size: settings.page_size.clamp(1, 100),
            limiter: Limiter::new(settings.limits),
        }
    }

    fn fail(&self, kind: ErrorKind) -> VendorError {
        VendorError {
            vendor: Vendor::Tanma,
            endpoint: LIST_PATH,
            kind: kind.scrubbed(&[&self.app_key]),
        }
    }

    /// One page of a sales account's customers; `cursor` is empty for the first page.
    pub async fn customer_page(
        &self,
        qw_user_id: &str,
        cursor: &str,
        page: u64,
    ) -> Result<CustomerPage, VendorError> {
        // Serialized once: these exact bytes are signed and sent.
        let body = json!({
            "qwUserId": qw_user_id,
            "cursor": cursor,
            "size": self.page_size,
            "type": RELATION_TYPE,
        })
        .to_string()
        .into_bytes();
        // The slot comes first: the timestamp must be fresh when the request leaves.
        let permit = self.limiter.acquire(LIST_PATH).await;
        let timestamp = now_ms();
        let signature = sign(&self.app_id, timestamp, &body, self.app_key.expose());
        let request = self
            .http
            .post(&self.url)
            .header(CONTENT_TYPE, "application/json")
            .header("appId", &self.app_id)
            .header("timestamp", timestamp.to_string())
            .header("sign", signature)
            .body(body);
        let reply = http::send(request).await.map_err(|k| self.fail(k))?;
        drop(permit);
        if !reply.status.is_success() {
            return Err(self.fail(http::status_error(&reply)));
        }
        decode_customer_page(&reply.body, page).map_err(|k| self.fail(k))
    }

    /// Every customer of every configured sales account, following each cursor to its end.
    pub async fn customers(&self) -> Listing<Customer> {
        let mut records = Vec::new();
        let mut listing = self
            .stream_customers(&mut |page, _| records.extend(page))
            .await;
        listing.records = records;
        listing
    }

    /// [`TanmaClient::customers`]: the sales accounts are fetched concurrently (a cursor
    /// cannot be), and each account's records go to `sink` in the configured order.
    pub async fn stream_customers(&self, sink: Sink<'_, Customer>) -> Listing<Customer> {
        let mut listing = Listing::default();
        if self.qw_user_ids.is_empty() {
            listing.error = Some(
                self.fail(ErrorKind::Config(
                    "[tanma] qw_user_ids is empty: list the sales accounts whose customers to show"
                        .into(),
                )),
            );
            return listing;
        }
        let concurrency = self.limiter.limits().in_flight.max(1) as usize;
        let mut accounts = stream::iter(0..self.qw_user_ids.len())
            .map(|i| self.account(i))
            .buffered(concurrency);
        while let Some(account) = accounts.next().await {
            listing.pages += account.pages;
            listing.skipped.extend(account.skipped);
            sink(account.records, None);
            if account.error.is_some() {
                listing.error = account.error;
                return listing;
            }
        }
        listing
    }

    /// The customers of the `index`th sales account, page after page along the cursor.
    async fn account(&self, index: usize) -> Listing<Customer> {
        let mut listing = Listing::default();
        let Some(qw_user_id) = self.qw_user_ids.get(index) else {
            return listing;
        };
        let mut cursor = String::new();
        for page in 1..=MAX_PAGES {
            let decoded = match self.customer_page(qw_user_id, &cursor, page).await {
                Ok(decoded) => decoded,
                Err(error) => {
                    listing.error = Some(error);
                    return listing;
                }
            };
            listing.pages += 1;
            listing.records.extend(decoded.page.records);
            listing.skipped.extend(decoded.page.skipped);
            match decoded.next_cursor {
                Some(next) if next != cursor => cursor = next,
                Some(_) => {
                    listing.error = Some(self.fail(ErrorKind::Paging(format!(
                        "the cursor for {qw_user_id} did not advance after page {page}"
                    ))));
                    return listing;
                }
                None => return listing,
            }
        }
        listing.error = Some(self.fail(ErrorKind::Paging(format!(
            "more than {MAX_PAGES} pages for {qw_user_id}"
        ))));
        listing
    }
}
