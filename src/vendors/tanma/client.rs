//! The Tanma HTTP client: signed POSTs, cursor paging for each configured sales account.

use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use super::{
    CustomerPage, LIST_PATH, TAGS_PATH, TagLibrary, decode_customer_page, decode_tag_tree, sign,
};
use crate::domain::{Customer, Vendor};
use crate::redact::Secret;
use crate::vendors::account::Account;
use crate::vendors::limit::Limits;
use crate::vendors::{ErrorKind, Evidence, Gathered, Listing, Sink, VendorError, http};

/// What the client needs from the config.
#[derive(Debug, Clone)]
pub struct TanmaSettings {
    /// The config's name for this account (`default` for a single table).
    pub account: crate::domain::Account,
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
    tags_url: String,
    app_id: String,
    app_key: Secret,
    qw_user_ids: Vec<String>,
    page_size: u32,
    /// Its limits, credentials and calls.
    pub account: Account,
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
            tags_url: format!("{}{}", settings.base_url.trim_end_matches('/'), TAGS_PATH),
            app_id: settings.app_id,
            app_key: settings.app_key.clone(),
            qw_user_ids: settings.qw_user_ids,
            page_size: settings.page_size.clamp(1, 100),
            account: Account::new(
                Vendor::Tanma,
                settings.account.clone(),
                settings.limits,
                vec![settings.app_key.clone()],
            ),
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
        let decode = |body: &[u8]| decode_customer_page(body, page);
        self.account
            .call(
                LIST_PATH,
                self.signed(&self.url, body),
                decode,
                http::status_error,
            )
            .await
            .map_err(|k| self.account.fail(LIST_PATH, k, None))
    }

    /// The tag library, to name the customers' tags.
    pub async fn tag_library(&self) -> Result<TagLibrary, VendorError> {
        let body = b"{}".to_vec();
        self.account
            .call(
                TAGS_PATH,
                self.signed(&self.tags_url, body),
                decode_tag_tree,
                http::status_error,
            )
            .await
            .map_err(|k| self.account.fail(TAGS_PATH, k, None))
    }

    /// A POST of `body` to `url`, signed anew for each try (the timestamp is part of it).
    fn signed<'a>(
        &'a self,
        url: &'a str,
        body: Vec<u8>,
    ) -> impl Fn() -> reqwest::RequestBuilder + 'a {
        move || {
            let timestamp = now_ms();
            let signature = sign(&self.app_id, timestamp, &body, self.app_key.expose());
            self.http
                .post(url)
                .header(CONTENT_TYPE, "application/json")
                .header("appId", &self.app_id)
                .header("timestamp", timestamp.to_string())
                .header("sign", signature)
                .body(body.clone())
        }
    }

    /// Every customer of every configured sales account, following each cursor to its end.
    pub async fn customers(&self) -> Listing<Customer> {
        let mut all = Gathered::default();
        let listing = self.stream_customers(&mut all.sink()).await;
        all.into_listing(listing)
    }

    /// [`TanmaClient::customers`], each page's records handed to `sink` as it arrives. The
    /// sales accounts are fetched one after the other, as their cursors are: fetching them side
    /// by side would have to hold back all but the first account's pages to keep the order.
    pub async fn stream_customers(&self, sink: Sink<'_, Customer>) -> Listing<Customer> {
        let mut listing = Listing::default();
        if self.qw_user_ids.is_empty() {
            listing.error = Some(
                self.account.fail(LIST_PATH, ErrorKind::Config(
                    "[tanma] qw_user_ids is empty: list the sales accounts whose customers to show"
                        .into(),
                ), None),
            );
            return listing;
        }
        // Without the library the tags show as their ids, as before it was asked for.
        let library = self.tag_library().await.unwrap_or_else(|e| {
            tracing::warn!("{e}; Tanma's tags are shown as their ids");
            TagLibrary::default()
        });
        // One across the accounts: a customer of two sales accounts is two records (their
        // keys name the account), a page repeated is not.
        let mut evidence = Evidence::default();
        let mut named = |mut page: Vec<Customer>, total| {
            library.name_tags(&mut page);
            sink(page, total);
        };
        for qw_user_id in &self.qw_user_ids {
            if let Err(error) = self
                .account(qw_user_id, (&mut listing, &mut evidence), &mut named)
                .await
            {
                listing.error = Some(error);
                return listing;
            }
        }
        listing
    }

    /// One sales account's customers, page after page along the cursor, into `sink`, until
    /// the cursor ends or the evidence says it lies: a cursor seen before, an empty page with
    /// a cursor on, a page of records already seen.
    async fn account(
        &self,
        qw_user_id: &str,
        (listing, evidence): (&mut Listing<Customer>, &mut Evidence),
        sink: Sink<'_, Customer>,
    ) -> Result<(), VendorError> {
        let mut cursor = String::new();
        let mut cursors = HashSet::from([cursor.clone()]);
        let paging = |why: String| {
            self.account.fail(
                LIST_PATH,
                ErrorKind::Paging(format!("{why} ({qw_user_id})")),
                None,
            )
        };
        for page in 1.. {
            // Numbered across the accounts, as `get` and the pane count pages.
            let number = listing.pages + 1;
            let decoded = self
                .customer_page(qw_user_id, &cursor, page)
                .await
                .map_err(|e| if number > 1 { e.on_page(number) } else { e })?;
            listing.pages += 1;
            let mut records = decoded.page.records;
            let skipped = decoded.page.skipped.len();
            let more = decoded.next_cursor.is_some();
            let verdict = evidence.admit(page, &mut records, skipped, more, None);
            listing.skipped.extend(decoded.page.skipped);
            sink(records, None);
            verdict.map_err(&paging)?;
            match decoded.next_cursor {
                Some(next) if cursors.insert(next.clone()) => cursor = next,
                Some(_) => {
                    return Err(paging(format!(
                        "the cursor after page {page} is one seen before"
                    )));
                }
                None => return Ok(()),
            }
        }
        Ok(())
    }
}
