//! The Yunzhong HTTP client: the session cookie, `search[...]` filters, Laravel paging.

use reqwest::header::COOKIE;

use super::{LIST_PATH, decode_customer_page, list_path};
use crate::domain::{Customer, Vendor};
use crate::redact::Secret;
use crate::vendors::account::Account;
use crate::vendors::http;
use crate::vendors::limit::Limits;
use crate::vendors::{ErrorKind, Gathered, Listing, Page, Sink, VendorError, collect_pages};

/// What the client needs from the config.
#[derive(Debug, Clone)]
pub struct YunzhongSettings {
    /// The config's name for this account (`default` for a single table).
    pub account: crate::domain::Account,
    pub base_url: String,
    pub uniacid: u64,
    pub cookie: Secret,
    pub limits: Limits,
}

/// The list's filters, sent as `search[...]` parameters (seed 001).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// Customer name or id.
    pub customer: Option<String>,
    /// System member id.
    pub member: Option<String>,
    pub add_way_type: Option<i64>,
    /// A tag id.
    pub tags_data: Option<String>,
    /// The owner staff member's user id.
    pub employee_member: Option<String>,
    /// 1 normal, -1 lost.
    pub status: Option<i64>,
    /// Added between these Unix times.
    pub time: Option<(i64, i64)>,
    pub remark: Option<String>,
}

impl Search {
    /// The `search[...]` query parameters.
    pub fn params(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut text = |name: &str, value: &Option<String>| {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                out.push((format!("search[{name}]"), v.to_owned()));
            }
        };
        text("customer", &self.customer);
        text("member", &self.member);
        text("tags_data", &self.tags_data);
        text("employee_member", &self.employee_member);
        text("remark", &self.remark);
        if let Some(n) = self.add_way_type {
            out.push(("search[add_way_type]".into(), n.to_string()));
        }
        if let Some(n) = self.status {
            out.push(("search[status]".into(), n.to_string()));
        }
        if let Some((from, to)) = self.time {
            out.push(("search[time][]".into(), from.to_string()));
            out.push(("search[time][]".into(), to.to_string()));
        }
        out
    }
}

pub struct YunzhongClient {
    http: reqwest::Client,
    url: String,
    cookie: Secret,
    /// Its limits, credentials and calls.
    pub account: Account,
}

impl YunzhongClient {
    pub fn new(settings: YunzhongSettings, http: reqwest::Client) -> Self {
        Self {
            http,
            url: format!(
                "{}{}",
                settings.base_url.trim_end_matches('/'),
                list_path(settings.uniacid)
            ),
            cookie: settings.cookie.clone(),
            account: Account::new(
                Vendor::Yunzhong,
                settings.account.clone(),
                settings.limits,
                vec![settings.cookie.clone()],
            ),
        }
    }

    /// One page of the customer list, numbered from 1.
    pub async fn customer_page(
        &self,
        page: u64,
        search: &Search,
    ) -> Result<Page<Customer>, VendorError> {
        let request = || {
            self.http
                .get(&self.url)
                .header(COOKIE, self.cookie.expose())
                .query(&[("page", page.to_string())])
                .query(&search.params())
        };
        let decode = |body: &[u8]| decode_customer_page(body, page);
        self.account
            .call(LIST_PATH, request, decode, http::status_error)
            .await
            .map_err(|k| self.account.fail(LIST_PATH, k, None))
    }

    /// Every customer matching `search`, page by page until `last_page`.
    pub async fn customers(&self, search: &Search) -> Listing<Customer> {
        let mut all = Gathered::default();
        let listing = self.stream_customers(search, &mut all.sink()).await;
        all.into_listing(listing)
    }

    /// [`YunzhongClient::customers`], each page's records handed to `sink` as it arrives.
    pub async fn stream_customers(
        &self,
        search: &Search,
        sink: Sink<'_, Customer>,
    ) -> Listing<Customer> {
        collect_pages(
            |page| self.customer_page(page, search),
            |why| self.account.fail(LIST_PATH, ErrorKind::Paging(why), None),
            self.account.concurrency(),
            sink,
        )
        .await
    }
}
