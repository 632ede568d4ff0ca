//! The vendors as a [`Source`]: one client per configured vendor, each resource loaded from
//! every vendor that serves it, their listings merged into one [`Loaded`].

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;

use super::FetchError;
use super::solo_triage::SoloTriage;
use super::source::Triaged;
use super::source::{OnRecords, Source, lock};
use super::tally::Tally;
use crate::config::{Config, LimitsConfig};
use crate::domain::triage::timeline::Post;
use crate::domain::triage::{Action, TriageEvent};
use crate::domain::{
    Customer, CustomerContext, LoadFailure, Loaded, Progress, Records, ReferenceList,
    ReferenceLists, Resource, Retry, Vendor,
};
use crate::vendors::Listing;
use crate::vendors::http::{self, Timeouts};
use crate::vendors::limit::{Limits, Rate};
use crate::vendors::tanma::{TanmaClient, TanmaSettings};
use crate::vendors::weiban::{WeibanClient, WeibanSettings};
use crate::vendors::youmi::{YoumiClient, YoumiSettings};
use crate::vendors::yunzhong::{Search, YunzhongClient, YunzhongSettings};

/// Weiban's largest page.
const WEIBAN_PAGE_SIZE: u32 = 100;
const TANMA_PAGE_SIZE: u32 = 100;

/// One client per configured vendor, and what loads need from the config.
pub struct Clients {
    pub weiban: Option<Arc<WeibanClient>>,
    pub yunzhong: Option<Arc<YunzhongClient>>,
    pub tanma: Option<Arc<TanmaClient>>,
    pub youmi: Option<Arc<YoumiClient>>,
    /// How far back the first outflow load looks.
    pub outflow_lookback: Duration,
    /// Solo mode's triage log, when the dashboard keeps one.
    pub triage: Option<SoloTriage>,
    /// `[triage] weiban_timeline`: a done's note goes on the customer's Weiban timeline too.
    pub weiban_timeline: bool,
}

impl Clients {
    pub fn from_config(config: &Config) -> Result<Clients, FetchError> {
        let http = http::client(Timeouts {
            connect: config.network.connect_timeout(),
            request: config.network.timeout(),
        })?;
        let max_answer = config.network.max_response_bytes();
        Ok(Clients {
            weiban: config.weiban.as_ref().map(|w| {
                Arc::new(WeibanClient::new(
                    WeibanSettings {
                        base_url: w.base_url.clone(),
                        corp_id: w.corp_id.clone(),
                        secret: w.secret.clone(),
                        page_size: WEIBAN_PAGE_SIZE,
                        limits: limits(Limits::weiban(), &w.limits, max_answer),
                    },
                    http.clone(),
                ))
            }),
            yunzhong: config.yunzhong.as_ref().map(|y| {
                Arc::new(YunzhongClient::new(
                    YunzhongSettings {
                        base_url: y.base_url.clone(),
                        uniacid: y.uniacid,
                        cookie: y.cookie.clone(),
                        limits: limits(Limits::yunzhong(), &y.limits, max_answer),
                    },
                    http.clone(),
                ))
            }),
            tanma: config.tanma.as_ref().map(|t| {
                Arc::new(TanmaClient::new(
                    TanmaSettings {
                        base_url: t.base_url.clone(),
                        app_id: t.app_id.clone(),
                        app_key: t.app_key.clone(),
                        qw_user_ids: t.qw_user_ids.clone(),
                        page_size: TANMA_PAGE_SIZE,
                        limits: limits(Limits::tanma(), &t.limits, max_answer),
                    },
                    http.clone(),
                ))
            }),
            youmi: config.youmi.as_ref().map(|y| {
                Arc::new(YoumiClient::new(
                    YoumiSettings {
                        base_url: y.base_url.clone(),
                        app_id: y.app_id.clone(),
                        app_key: y.app_key.clone(),
                        limits: limits(Limits::youmi(), &y.limits, max_answer),
                    },
                    http.clone(),
                ))
            }),
            outflow_lookback: Duration::from_secs(u64::from(config.outflow.lookback_days) * 86_400),
            triage: None,
            weiban_timeline: config.triage.weiban_timeline,
        })
    }

    /// The same clients, with only one vendor: its loads alone (the sync records a run per
    /// vendor). The clients are shared, so their limits and tokens are too.
    pub fn only(&self, vendor: Vendor) -> Clients {
        Clients {
            weiban: self.weiban.clone().filter(|_| vendor == Vendor::Weiban),
            yunzhong: self.yunzhong.clone().filter(|_| vendor == Vendor::Yunzhong),
            tanma: self.tanma.clone().filter(|_| vendor == Vendor::Tanma),
            youmi: self.youmi.clone().filter(|_| vendor == Vendor::Youmi),
            outflow_lookback: self.outflow_lookback,
            triage: self.triage.clone(),
            weiban_timeline: self.weiban_timeline,
        }
    }

    /// The vendors configured.
    pub fn vendors(&self) -> Vec<Vendor> {
        let configured = [
            self.weiban.is_some(),
            self.yunzhong.is_some(),
            self.tanma.is_some(),
            self.youmi.is_some(),
        ];
        Vendor::ALL
            .into_iter()
            .zip(configured)
            .filter_map(|(v, on)| on.then_some(v))
            .collect()
    }

    /// Weiban's customers changed in `[from, to]` (Unix seconds): what the sync merges between
    /// full loads. Deletions do not show here; a full load notices them.
    pub async fn weiban_customers_changed(&self, from: i64, to: i64) -> Loaded {
        let Some(weiban) = &self.weiban else {
            return unavailable(Resource::Customers);
        };
        let mut loaded = merge(
            vec![weiban.customers_changed(from, to).await],
            Records::Customers,
        );
        loaded.window_end = Some(to);
        loaded
    }

    /// The limits a vendor's client keeps, when the vendor is configured.
    pub fn limits(&self, vendor: Vendor) -> Option<&Limits> {
        let account = match vendor {
            Vendor::Weiban => &self.weiban.as_ref()?.account,
            Vendor::Yunzhong => &self.yunzhong.as_ref()?.account,
            Vendor::Tanma => &self.tanma.as_ref()?.account,
            Vendor::Youmi => &self.youmi.as_ref()?.account,
        };
        Some(account.limiter().limits())
    }

    async fn stores(&self, on_records: OnRecords<'_>) -> Loaded {
        let Some(weiban) = &self.weiban else {
            return unavailable(Resource::Stores);
        };
        let tally = Mutex::new(Tally::new(&[Vendor::Weiban]));
        let listing = weiban
            .stream_stores(&mut |page, total| {
                let progress = lock(&tally).add(Vendor::Weiban, page.len(), total);
                on_records(Records::Stores(page), progress);
            })
            .await;
        merge(vec![listing], Records::Stores)
    }

    /// Weiban, Yunzhong and Tanma side by side.
    async fn customers(&self, on_records: OnRecords<'_>) -> Loaded {
        let configured = [
            self.weiban.as_ref().map(|_| Vendor::Weiban),
            self.yunzhong.as_ref().map(|_| Vendor::Yunzhong),
            self.tanma.as_ref().map(|_| Vendor::Tanma),
        ];
        let configured: Vec<Vendor> = configured.into_iter().flatten().collect();
        let tally = Mutex::new(Tally::new(&configured));
        let sink = |vendor: Vendor| {
            let tally = &tally;
            move |page: Vec<Customer>, total: Option<u64>| {
                let progress = lock(tally).add(vendor, page.len(), total);
                on_records(Records::Customers(page), progress);
            }
        };
        // Said with no records: `get` prints the next vendor's as soon as this one is done.
        let done = |vendor: Vendor| {
            let progress = lock(&tally).finish(vendor);
            on_records(Records::Customers(Vec::new()), progress);
        };
        let (weiban, yunzhong, tanma) = tokio::join!(
            async {
                let c = self.weiban.as_ref()?;
                let listing = c.stream_customers(&mut sink(Vendor::Weiban)).await;
                done(Vendor::Weiban);
                Some(listing)
            },
            async {
                let c = self.yunzhong.as_ref()?;
                let listing = c
                    .stream_customers(&Search::default(), &mut sink(Vendor::Yunzhong))
                    .await;
                done(Vendor::Yunzhong);
                Some(listing)
            },
            async {
                let c = self.tanma.as_ref()?;
                let listing = c.stream_customers(&mut sink(Vendor::Tanma)).await;
                done(Vendor::Tanma);
                Some(listing)
            },
        );
        let listings: Vec<_> = [weiban, yunzhong, tanma].into_iter().flatten().collect();
        if listings.is_empty() {
            unavailable(Resource::Customers)
        } else {
            merge(listings, Records::Customers)
        }
    }

    /// The alerts of the lookback window, up to now.
    async fn outflow(&self, on_records: OnRecords<'_>) -> Loaded {
        let Some(weiban) = &self.weiban else {
            return unavailable(Resource::Outflow);
        };
        let now = chrono::Utc::now().timestamp();
        let from = now - self.outflow_lookback.as_secs() as i64;
        let tally = Mutex::new(Tally::new(&[Vendor::Weiban]));
        let listing = weiban
            .stream_outflow(from, now, &mut |page, total| {
                let progress = lock(&tally).add(Vendor::Weiban, page.len(), total);
                on_records(Records::Outflow(page), progress);
            })
            .await;
        let mut loaded = merge(vec![listing], Records::Outflow);
        loaded.window_end = Some(now);
        loaded
    }

    /// Youmi's accounts come in a few unpaged calls: all at once.
    async fn operators(&self, on_records: OnRecords<'_>) -> Loaded {
        let Some(youmi) = &self.youmi else {
            return unavailable(Resource::Operators);
        };
        let mut loaded = merge(vec![youmi.operators().await], Records::Operators);
        let records = std::mem::replace(&mut loaded.records, Records::empty(Resource::Operators));
        let count = records.len() as u64;
        on_records(
            records,
            Progress {
                loaded: count,
                expected: count,
                open_ended: false,
                waiting: Some(crate::domain::VendorSet::default()),
            },
        );
        loaded
    }

    async fn reference_lists(&self) -> Option<Result<ReferenceLists, LoadFailure>> {
        let youmi = self.youmi.as_ref()?;
        let mut lists = Vec::new();
        for list in ReferenceList::ALL {
            match youmi.reference(list).await {
                Ok(records) => lists.push((list, records)),
                Err(error) => return Some(Err(error.into())),
            }
        }
        Some(Ok(lists))
    }
}

impl Source for Clients {
    fn stream<'a>(
        &'a self,
        resource: Resource,
        on_records: OnRecords<'a>,
    ) -> BoxFuture<'a, Loaded> {
        async move {
            let started = Instant::now();
            let loaded = match resource {
                Resource::Stores => self.stores(on_records).await,
                Resource::Customers => self.customers(on_records).await,
                Resource::Outflow => self.outflow(on_records).await,
                Resource::Operators => self.operators(on_records).await,
            };
            // The records this load replaces may have held texts no one holds now.
            crate::domain::RawJson::forget_unused();
            tracing::info!(
                %resource,
                pages = loaded.pages,
                skipped = loaded.skipped.len(),
                errors = loaded.errors.len(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "loaded"
            );
            loaded
        }
        .boxed()
    }

    fn outflow_since(&self, from: i64, to: i64) -> BoxFuture<'_, Loaded> {
        async move {
            let Some(weiban) = &self.weiban else {
                return unavailable(Resource::Outflow);
            };
            let mut loaded = merge(vec![weiban.outflow(from, to).await], Records::Outflow);
            loaded.window_end = Some(to);
            loaded
        }
        .boxed()
    }

    fn references(&self) -> BoxFuture<'_, Option<Result<ReferenceLists, LoadFailure>>> {
        self.reference_lists().boxed()
    }

    fn triage_log(
        &self,
        after: i64,
    ) -> BoxFuture<'_, Option<Result<Vec<TriageEvent>, LoadFailure>>> {
        let events = self.triage.as_ref().map(|t| Ok(t.after(after)));
        async move { events }.boxed()
    }

    fn triage_by_vendor(&self, alert: String, action: Action) -> BoxFuture<'_, Option<Triaged>> {
        async move { Some(self.triage.as_ref()?.act_as_vendor(alert, action).await) }.boxed()
    }

    fn triage_me(&self) -> BoxFuture<'_, Option<String>> {
        let me = self.triage.as_ref().map(SoloTriage::me);
        async move { me }.boxed()
    }

    fn triage(&self, alert: String, action: Action) -> BoxFuture<'_, Option<Triaged>> {
        async move { Some(self.triage.as_ref()?.act(alert, action).await) }.boxed()
    }

    fn post_timeline(&self, post: Post) -> BoxFuture<'_, Option<Triaged>> {
        async move {
            let log = self.triage.as_ref().filter(|_| self.weiban_timeline)?;
            let timeline = self.put_on_timeline(&post).await?;
            Some(log.act(post.alert, Action::Timeline(timeline)).await)
        }
        .boxed()
    }

    fn customer_context(
        &self,
        vendor: Vendor,
        customer_id: String,
        events: u32,
    ) -> BoxFuture<'_, Option<Result<CustomerContext, LoadFailure>>> {
        async move {
            let weiban = self.weiban.as_ref().filter(|_| vendor == Vendor::Weiban)?;
            // Both at once: two of the five requests Weiban allows in flight. No events asked
            // for, none fetched.
            let (detail, events) = tokio::join!(weiban.customer_detail(&customer_id), async {
                if events == 0 {
                    Ok(Vec::new())
                } else {
                    weiban.customer_events(&customer_id, events).await
                }
            });
            Some(
                detail
                    .map(|detail| CustomerContext {
                        detail,
                        events: events.map_err(LoadFailure::from),
                    })
                    .map_err(LoadFailure::from),
            )
        }
        .boxed()
    }
}

/// The vendor's limits with the config's `[vendor.limits]` over them.
fn limits(defaults: Limits, config: &LimitsConfig, max_answer: u64) -> Limits {
    let default_rate = |per: Duration| {
        defaults
            .rates
            .iter()
            .find(|r| r.per == per)
            .map_or(0, |r| r.calls)
    };
    let minute = config
        .per_minute
        .unwrap_or_else(|| default_rate(Rate::per_minute(0).per));
    let hour = config
        .per_hour
        .unwrap_or_else(|| default_rate(Rate::per_hour(0).per));
    Limits {
        in_flight: config.in_flight.unwrap_or(defaults.in_flight).max(1),
        rates: [Rate::per_minute(minute), Rate::per_hour(hour)]
            .into_iter()
            .filter(|r| r.calls > 0)
            .collect(),
        max_answer,
    }
}

/// Merges the listings of several vendors into one result, in the order given.
fn merge<R>(listings: Vec<Listing<R>>, wrap: fn(Vec<R>) -> Records) -> Loaded {
    let mut records = Vec::new();
    let mut loaded = Loaded {
        records: wrap(Vec::new()),
        errors: Vec::new(),
        skipped: Vec::new(),
        pages: 0,
        expected_pages: Some(0),
        finished_at: Instant::now(),
        window_end: None,
    };
    for listing in listings {
        // A cursor-paged list that completed had exactly the pages that came.
        let expected = listing
            .expected_pages
            .or(listing.error.is_none().then_some(listing.pages));
        records.extend(listing.records);
        loaded.errors.extend(listing.error.map(LoadFailure::from));
        loaded.skipped.extend(listing.skipped);
        loaded.pages += listing.pages;
        loaded.expected_pages = loaded
            .expected_pages
            .zip(expected)
            .map(|(a, b)| a + b.max(listing.pages));
    }
    loaded.records = wrap(records);
    loaded
}

/// No configured vendor serves the resource: a configuration error naming the sections.
fn unavailable(resource: Resource) -> Loaded {
    let sections: Vec<String> = resource
        .vendors()
        .iter()
        .map(|v| format!("[{v}]"))
        .collect();
    let vendor = resource
        .vendors()
        .first()
        .copied()
        .unwrap_or(Vendor::Weiban);
    Loaded {
        records: Records::empty(resource),
        errors: vec![LoadFailure {
            origin: vendor.into(),
            endpoint: "-".into(),
            page: None,
            code: "config".into(),
            detail: format!(
                "configuration: no source for {resource}: add a {} section to the config",
                sections.join(" or ")
            ),
            retry: Retry::NeedsUser,
        }],
        skipped: Vec::new(),
        pages: 0,
        expected_pages: None,
        finished_at: Instant::now(),
        window_end: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::limit::MAX_ANSWER;

    #[test]
    fn limits_default_to_the_vendors_and_can_be_changed_or_lifted() {
        assert_eq!(
            limits(Limits::weiban(), &LimitsConfig::default(), MAX_ANSWER),
            Limits::weiban()
        );
        let slower = LimitsConfig {
            per_minute: Some(300),
            ..LimitsConfig::default()
        };
        assert_eq!(
            limits(Limits::weiban(), &slower, MAX_ANSWER),
            Limits {
                in_flight: 5,
                rates: vec![Rate::per_minute(300), Rate::per_hour(36_000)],
                max_answer: MAX_ANSWER,
            }
        );
        let one = LimitsConfig {
            in_flight: Some(1),
            per_minute: Some(0),
            per_hour: None,
        };
        assert_eq!(
            limits(Limits::yunzhong(), &one, MAX_ANSWER),
            Limits::lifted(1)
        );
        assert_eq!(
            limits(Limits::tanma(), &LimitsConfig::lifted(3), 1 << 20),
            Limits {
                max_answer: 1 << 20,
                ..Limits::lifted(3)
            }
        );
    }
}
