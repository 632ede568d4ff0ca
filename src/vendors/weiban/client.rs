//! The Weiban HTTP client: token cache, the `access_token` query parameter, paging.

use std::time::{Duration, Instant};

use serde_json::json;
use tokio::sync::Mutex;

use super::wire::{
    decode_customer_page, decode_outflow_page, decode_store_page, decode_token, envelope_error,
};
use super::{CUSTOMER_LIST_PATH, ERR_TOKEN, OUTFLOW_PATH, STORE_LIST_PATH, TOKEN_PATH};
use crate::domain::{Customer, OutflowAlert, Store, Vendor};
use crate::redact::Secret;
use crate::vendors::http;
use crate::vendors::limit::{Limiter, Limits};
use crate::vendors::{ErrorKind, Listing, Page, Sink, VendorError, collect_pages};

/// What the client needs from the config.
#[derive(Debug, Clone)]
pub struct WeibanSettings {
    pub base_url: String,
    pub corp_id: String,
    pub secret: Secret,
    /// Records per page for page-numbered lists.
    pub page_size: u32,
    pub limits: Limits,
}

struct CachedToken {
    value: Secret,
    /// When to fetch a new one: a little before the vendor's expiry.
    refresh_at: Instant,
}

pub struct WeibanClient {
    http: reqwest::Client,
    base: String,
    corp_id: String,
    secret: Secret,
    page_size: u32,
    token: Mutex<Option<CachedToken>>,
    limiter: Limiter,
}

impl WeibanClient {
    pub fn new(settings: WeibanSettings, http: reqwest::Client) -> Self {
        Self {
            http,
            base: settings.base_url.trim_end_matches('/').to_owned(),
            corp_id: settings.corp_id,
            secret: settings.secret,
            page_size: settings.page_size.clamp(1, 100),
            token: Mutex::new(None),
            limiter: Limiter::new(settings.limits),
        }
    }

    /// The account's limits, and its rate-limit block.
    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Builds the error for `endpoint`, scrubbed of the secret and the token in use.
    fn fail(&self, endpoint: &'static str, kind: ErrorKind, token: Option<&Secret>) -> VendorError {
        let mut secrets = vec![&self.secret];
        secrets.extend(token);
        VendorError::new(Vendor::Weiban, endpoint, kind.scrubbed(&secrets))
    }

    /// The cached token, or a new one. The lock is held while fetching so that concurrent
    /// callers wait for one refresh instead of each asking for a token.
    async fn token(&self) -> Result<Secret, VendorError> {
        let mut slot = self.token.lock().await;
        if let Some(cached) = slot.as_ref()
            && Instant::now() < cached.refresh_at
        {
            return Ok(cached.value.clone());
        }
        let fresh = self.request_token().await?;
        let value = fresh.value.clone();
        *slot = Some(fresh);
        Ok(value)
    }

    async fn request_token(&self) -> Result<CachedToken, VendorError> {
        let body = json!({ "corp_id": self.corp_id, "secret": self.secret.expose() });
        let request = self.http.post(self.url(TOKEN_PATH)).json(&body);
        let permit = self
            .limiter
            .acquire(TOKEN_PATH)
            .await
            .map_err(|k| self.fail(TOKEN_PATH, k, None))?;
        let sent = http::send(request).await;
        drop(permit);
        let outcome = http::decoded(sent, decode_token, |reply| {
            envelope_error(&reply.body, TOKEN_PATH).unwrap_or_else(|| http::status_error(reply))
        });
        self.limiter.note(&outcome);
        let token = outcome.map_err(|k| self.fail(TOKEN_PATH, k, None))?;
        let lifetime = Duration::from_secs(token.expires_in);
        let margin = (lifetime / 10).min(Duration::from_secs(300));
        tracing::info!(
            vendor = "weiban",
            lifetime_s = token.expires_in,
            "new access token"
        );
        Ok(CachedToken {
            value: token.value,
            refresh_at: Instant::now() + lifetime - margin,
        })
    }

    /// Forgets the token if it is still the one that was refused (another task may already
    /// have replaced it).
    async fn invalidate(&self, refused: &Secret) {
        let mut slot = self.token.lock().await;
        if slot.as_ref().is_some_and(|c| &c.value == refused) {
            *slot = None;
        }
    }

    /// `GET path?query&access_token=…`, decoded. On errcode 10001 the token is renewed and the
    /// call repeated once.
    async fn get<T>(
        &self,
        path: &'static str,
        query: &[(&str, String)],
        decode: impl Fn(&[u8]) -> Result<T, ErrorKind>,
    ) -> Result<T, VendorError> {
        let mut renewed = false;
        loop {
            let token = self.token().await?;
            let request = self
                .http
                .get(self.url(path))
                .query(query)
                .query(&[("access_token", token.expose())]);
            let permit = self
                .limiter
                .acquire(path)
                .await
                .map_err(|k| self.fail(path, k, Some(&token)))?;
            let sent = http::send(request).await;
            // Decoding happens after the slot is given back.
            drop(permit);
            let result = http::decoded(sent, &decode, |reply| {
                envelope_error(&reply.body, path).unwrap_or_else(|| http::status_error(reply))
            });
            self.limiter.note(&result);
            match result {
                Err(ErrorKind::Api {
                    code: ERR_TOKEN, ..
                }) if !renewed => {
                    tracing::info!(
                        vendor = "weiban",
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

    /// Pages fetched at once: as many as may be in flight.
    fn concurrency(&self) -> usize {
        self.limiter.limits().in_flight.max(1) as usize
    }

    /// One page of the store list, numbered from 1.
    pub async fn store_page(&self, page_no: u64) -> Result<Page<Store>, VendorError> {
        let query = [
            ("page_no", page_no.to_string()),
            ("page_size", self.page_size.to_string()),
        ];
        let mut page = self
            .get(STORE_LIST_PATH, &query, |body| {
                decode_store_page(body, page_no)
            })
            .await?;
        // A full first page tells the page size the vendor really used.
        let size = (page.records.len() + page.skipped.len()) as u64;
        if page_no == 1 && page.has_next && size > 0 {
            page.last_page = page.total.map(|total| total.div_ceil(size));
        }
        Ok(page)
    }

    /// Every store, page by page until `has_next` is false. What arrived before an error is
    /// kept, with the error.
    pub async fn stores(&self) -> Listing<Store> {
        let mut records = Vec::new();
        let mut listing = self
            .stream_stores(&mut |page, _| records.extend(page))
            .await;
        listing.records = records;
        listing
    }

    /// [`WeibanClient::stores`], each page's records handed to `sink` as it arrives.
    pub async fn stream_stores(&self, sink: Sink<'_, Store>) -> Listing<Store> {
        collect_pages(
            |page| self.store_page(page),
            |why| self.fail(STORE_LIST_PATH, ErrorKind::Paging(why), None),
            self.concurrency(),
            sink,
        )
        .await
    }

    /// A `limit`/`offset` list, page after page until `total` (or `total_count`) is reached.
    async fn offset_list<R>(
        &self,
        path: &'static str,
        filters: &[(&'static str, String)],
        decode: fn(&[u8], u64) -> Result<Page<R>, ErrorKind>,
        sink: Sink<'_, R>,
    ) -> Listing<R> {
        let limit = u64::from(self.page_size);
        collect_pages(
            |page| {
                let offset = (page - 1) * limit;
                let mut query = filters.to_vec();
                query.push(("limit", limit.to_string()));
                query.push(("offset", offset.to_string()));
                async move {
                    let mut got = self.get(path, &query, |body| decode(body, page)).await?;
                    let seen = offset + (got.records.len() + got.skipped.len()) as u64;
                    got.has_next = got.total.is_some_and(|total| seen < total);
                    got.last_page = got.total.map(|total| total.div_ceil(limit));
                    Ok(got)
                }
            },
            |why| self.fail(path, ErrorKind::Paging(why), None),
            self.concurrency(),
            sink,
        )
        .await
    }

    /// Every customer of the corp.
    pub async fn customers(&self) -> Listing<Customer> {
        let mut records = Vec::new();
        let mut listing = self
            .stream_customers(&mut |page, _| records.extend(page))
            .await;
        listing.records = records;
        listing
    }

    /// [`WeibanClient::customers`], each page's records handed to `sink` as it arrives.
    pub async fn stream_customers(&self, sink: Sink<'_, Customer>) -> Listing<Customer> {
        self.offset_list(CUSTOMER_LIST_PATH, &[], decode_customer_page, sink)
            .await
    }

    /// The outflow alerts between two Unix times (inclusive), as the vendor orders them.
    pub async fn outflow(&self, start: i64, end: i64) -> Listing<OutflowAlert> {
        let mut records = Vec::new();
        let mut listing = self
            .stream_outflow(start, end, &mut |page, _| records.extend(page))
            .await;
        listing.records = records;
        listing
    }

    /// [`WeibanClient::outflow`], each page's records handed to `sink` as it arrives.
    pub async fn stream_outflow(
        &self,
        start: i64,
        end: i64,
        sink: Sink<'_, OutflowAlert>,
    ) -> Listing<OutflowAlert> {
        let filters = [
            ("start_time", start.to_string()),
            ("end_time", end.to_string()),
        ];
        self.offset_list(OUTFLOW_PATH, &filters, decode_outflow_page, sink)
            .await
    }
}
