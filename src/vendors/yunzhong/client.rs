//! The Yunzhong HTTP client: the session cookie, `search[...]` filters, Laravel paging.

use reqwest::header::COOKIE;

use super::{LIST_PATH, decode_customer_page, list_path};
use crate::domain::{Customer, Vendor};
use crate::redact::Secret;
use crate::vendors::http;
use crate::vendors::limit::{Limiter, Limits};
use crate::vendors::{ErrorKind, Listing, Page, Sink, VendorError, collect_pages};

/// What the client needs from the config.
#[derive(Debug, Clone)]
pub struct YunzhongSettings {
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
    limiter: Limiter,
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
            cookie: settings.cookie,
            limiter: Limiter::new(settings.limits),
        }
    }

    /// The account's limits, and its rate-limit block.
    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }

    fn fail(&self, kind: ErrorKind) -> VendorError {
        VendorError::new(Vendor::Yunzhong, LIST_PATH, kind.scrubbed(&[&self.cookie]))
    }

    /// One page of the customer list, numbered from 1.
    pub async fn customer_page(
        &self,
        page: u64,
        search: &Search,
    ) -> Result<Page<Customer>, VendorError> {
        let request = self
            .http
            .get(&self.url)
            .header(COOKIE, self.cookie.expose())
            .query(&[("page", page.to_string())])
            .query(&search.params());
        let permit = self
            .limiter
            .acquire(LIST_PATH)
            .await
            .map_err(|k| self.fail(k))?;
        let sent = http::send(request).await;
        drop(permit);
        let outcome = http::decoded(
            sent,
            |body| decode_customer_page(body, page),
            http::status_error,
        );
        self.limiter.note(&outcome);
        outcome.map_err(|k| self.fail(k))
    }

    /// Every customer matching `search`, page by page until `last_page`.
    pub async fn customers(&self, search: &Search) -> Listing<Customer> {
        let mut records = Vec::new();
        let mut listing = self
            .stream_customers(search, &mut |page, _| records.extend(page))
            .await;
        listing.records = records;
        listing
    }

    /// [`YunzhongClient::customers`], each page's records handed to `sink` as it arrives.
    pub async fn stream_customers(
        &self,
        search: &Search,
        sink: Sink<'_, Customer>,
    ) -> Listing<Customer> {
        collect_pages(
            |page| self.customer_page(page, search),
            |why| self.fail(ErrorKind::Paging(why)),
            self.limiter.limits().in_flight.max(1) as usize,
            sink,
        )
        .await
    }
}
