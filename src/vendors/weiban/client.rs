//! The Weiban HTTP client: token cache, the `access_token` query parameter, paging.

use std::time::Duration;

use serde_json::json;

use super::context::{decode_customer_detail, decode_events};
use super::timeline::{EVENT_ADD_PATH, NewEvent, decode_event_added};
use super::wire::{
    decode_changed_page, decode_customer_page, decode_outflow_page, decode_store_page,
    decode_token, envelope_error,
};
use super::{
    CHANGED_LIST_PATH, CUSTOMER_DETAIL_PATH, CUSTOMER_LIST_PATH, ERR_TOKEN, EVENTS_PATH,
    OUTFLOW_PATH, STORE_LIST_PATH, TOKEN_PATH,
};
use crate::domain::{Customer, CustomerDetail, CustomerEvent, OutflowAlert, Record, Store, Vendor};
use crate::redact::Secret;
use crate::vendors::account::Account;
use crate::vendors::http::Reply;
use crate::vendors::limit::Limits;
use crate::vendors::token::{Fresh, Tokens};
use crate::vendors::{ErrorKind, Gathered, Listing, Page, Sink, VendorError, collect_pages};

/// What the client needs from the config.
#[derive(Debug, Clone)]
pub struct WeibanSettings {
    /// The config's name for this account (`default` for a single table).
    pub account: crate::domain::Account,
    pub base_url: String,
    pub corp_id: String,
    pub secret: Secret,
    /// Records per page for page-numbered lists.
    pub page_size: u32,
    pub limits: Limits,
}

pub struct WeibanClient {
    http: reqwest::Client,
    base: String,
    corp_id: String,
    secret: Secret,
    page_size: u32,
    tokens: Tokens,
    /// Its limits, credentials and calls.
    pub account: Account,
}

impl WeibanClient {
    pub fn new(settings: WeibanSettings, http: reqwest::Client) -> Self {
        Self {
            http,
            base: settings.base_url.trim_end_matches('/').to_owned(),
            corp_id: settings.corp_id,
            secret: settings.secret.clone(),
            page_size: settings.page_size.clamp(1, 100),
            tokens: Tokens::new(Vendor::Weiban, ERR_TOKEN, Duration::from_secs(300)),
            account: Account::new(
                Vendor::Weiban,
                settings.account.clone(),
                settings.limits,
                vec![settings.secret.clone()],
            ),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn fail(&self, endpoint: &'static str, kind: ErrorKind, token: Option<&Secret>) -> VendorError {
        self.account.fail(endpoint, kind, token)
    }

    async fn request_token(&self) -> Result<Fresh, VendorError> {
        let body = json!({ "corp_id": self.corp_id, "secret": self.secret.expose() });
        let request = || self.http.post(self.url(TOKEN_PATH)).json(&body);
        let token = self
            .account
            .call(TOKEN_PATH, request, decode_token, |reply| {
                refused(reply, TOKEN_PATH)
            })
            .await
            .map_err(|k| self.fail(TOKEN_PATH, k, None))?;
        Ok(Fresh {
            value: token.value,
            lifetime: Duration::from_secs(token.expires_in),
        })
    }

    /// `GET path?query&access_token=…`, decoded.
    async fn get<T>(
        &self,
        path: &'static str,
        query: &[(&str, String)],
        decode: impl Fn(&[u8]) -> Result<T, ErrorKind>,
    ) -> Result<T, VendorError> {
        let build = || self.http.get(self.url(path)).query(query);
        self.with_token(path, build, decode).await
    }

    /// `POST path?access_token=…` with `body` as JSON, decoded.
    async fn post<T>(
        &self,
        path: &'static str,
        body: &(impl serde::Serialize + Sync),
        decode: impl Fn(&[u8]) -> Result<T, ErrorKind>,
    ) -> Result<T, VendorError> {
        let build = || self.http.post(self.url(path)).json(body);
        self.with_token(path, build, decode).await
    }

    /// The request `build` makes, with `access_token=…` added, decoded. On errcode 10001 the
    /// token is renewed and the call repeated once.
    async fn with_token<T>(
        &self,
        path: &'static str,
        build: impl Fn() -> reqwest::RequestBuilder,
        decode: impl Fn(&[u8]) -> Result<T, ErrorKind>,
    ) -> Result<T, VendorError> {
        let call = |token: Secret| {
            let build = &build;
            let request = move || build().query(&[("access_token", token.expose())]);
            self.account
                .call(path, request, &decode, |reply| refused(reply, path))
        };
        let fail = |kind, token: &Secret| self.fail(path, kind, Some(token));
        self.tokens
            .call(path, || self.request_token(), call, fail)
            .await
    }

    /// Puts `event` on a customer's timeline; the new event's id when the answer gives one.
    pub async fn add_event(&self, event: &NewEvent<'_>) -> Result<Option<i64>, VendorError> {
        self.post(EVENT_ADD_PATH, event, decode_event_added).await
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
        let mut all = Gathered::default();
        let listing = self.stream_stores(&mut all.sink()).await;
        all.into_listing(listing)
    }

    /// [`WeibanClient::stores`], each page's records handed to `sink` as it arrives.
    pub async fn stream_stores(&self, sink: Sink<'_, Store>) -> Listing<Store> {
        collect_pages(
            |page| self.store_page(page),
            |why| self.fail(STORE_LIST_PATH, ErrorKind::Paging(why), None),
            self.account.concurrency(),
            sink,
        )
        .await
    }

    /// A `limit`/`offset` list, page after page until `total` (or `total_count`) is reached.
    pub(super) async fn offset_list<R: Record>(
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
            self.account.concurrency(),
            sink,
        )
        .await
    }

    /// Every customer of the corp.
    pub async fn customers(&self) -> Listing<Customer> {
        let mut all = Gathered::default();
        let listing = self.stream_customers(&mut all.sink()).await;
        all.into_listing(listing)
    }

    /// [`WeibanClient::customers`], each page's records handed to `sink` as it arrives.
    pub async fn stream_customers(&self, sink: Sink<'_, Customer>) -> Listing<Customer> {
        self.offset_list(CUSTOMER_LIST_PATH, &[], decode_customer_page, sink)
            .await
    }

    /// The customers changed in `[from, to]` (Unix seconds), oldest change first.
    pub async fn customers_changed(&self, from: i64, to: i64) -> Listing<Customer> {
        let filters = [
            ("source", String::from("external_user")),
            ("start_update_time", from.to_string()),
            ("end_update_time", to.to_string()),
            ("order", String::from("asc")),
        ];
        let mut all = Gathered::default();
        let listing = self
            .offset_list(
                CHANGED_LIST_PATH,
                &filters,
                decode_changed_page,
                &mut all.sink(),
            )
            .await;
        all.into_listing(listing)
    }

    /// One customer with every staff member's relation with them (who still follows them).
    pub async fn customer_detail(&self, id: &str) -> Result<CustomerDetail, VendorError> {
        let query = [("id", id.to_owned())];
        self.get(CUSTOMER_DETAIL_PATH, &query, decode_customer_detail)
            .await
    }

    /// The customer's `limit` latest events (at most 100), newest first.
    pub async fn customer_events(
        &self,
        id: &str,
        limit: u32,
    ) -> Result<Vec<CustomerEvent>, VendorError> {
        let query = [
            ("external_user_id", id.to_owned()),
            ("limit", limit.clamp(1, 100).to_string()),
            ("offset", String::from("0")),
        ];
        self.get(EVENTS_PATH, &query, decode_events).await
    }

    /// The outflow alerts between two Unix times (inclusive), as the vendor orders them.
    pub async fn outflow(&self, start: i64, end: i64) -> Listing<OutflowAlert> {
        let mut all = Gathered::default();
        let listing = self.stream_outflow(start, end, &mut all.sink()).await;
        all.into_listing(listing)
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

/// A refusal: Weiban's envelope inside the error page when there is one, else the status.
fn refused(reply: &Reply, path: &'static str) -> ErrorKind {
    envelope_error(&reply.body, path).unwrap_or_else(|| crate::vendors::http::status_error(reply))
}
