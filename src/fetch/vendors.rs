//! The vendors as a [`Source`]: one client per configured account, each resource loaded from
//! every account that serves it (`loads`), their listings merged into one [`Loaded`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;

use super::FetchError;
use super::listing::{limits, named};
use super::solo_triage::SoloTriage;
use super::source::Triaged;
use super::source::{OnRecords, Source};
use crate::config::{Config, TanmaConfig, WeibanConfig, YoumiConfig, YunzhongConfig};
use crate::domain::triage::timeline::Post;
use crate::domain::triage::{Action, Me, TriageEvent};
use crate::domain::{
    Account, CustomerContext, LoadFailure, Loaded, ReferenceLists, Resource, Vendor,
};
use crate::vendors::http::{self, Timeouts};
use crate::vendors::limit::Limits;
use crate::vendors::tanma::{TanmaClient, TanmaSettings};
use crate::vendors::weiban::{WeibanClient, WeibanSettings};
use crate::vendors::youmi::{YoumiClient, YoumiSettings};
use crate::vendors::yunzhong::{YunzhongClient, YunzhongSettings};

/// Weiban's largest page.
const WEIBAN_PAGE_SIZE: u32 = 100;
const TANMA_PAGE_SIZE: u32 = 100;

/// One client per configured account, and what loads need from the config.
pub struct Clients {
    /// Each vendor's accounts, in the config's order.
    pub weiban: Vec<Arc<WeibanClient>>,
    pub yunzhong: Vec<Arc<YunzhongClient>>,
    pub tanma: Vec<Arc<TanmaClient>>,
    pub youmi: Vec<Arc<YoumiClient>>,
    /// How far back the first outflow load looks.
    pub outflow_lookback: Duration,
    /// Solo mode's triage log, when the dashboard keeps one.
    pub triage: Option<SoloTriage>,
    /// `[triage] weiban_timeline`: a done's note goes on the customer's Weiban timeline too.
    pub weiban_timeline: bool,
}

/// A Weiban account's client settings; `max` caps an answer's size.
fn weiban(w: &WeibanConfig, max: u64) -> WeibanSettings {
    WeibanSettings {
        account: w.account.clone(),
        base_url: w.base_url.clone(),
        corp_id: w.corp_id.clone(),
        secret: w.secret.clone(),
        page_size: WEIBAN_PAGE_SIZE,
        limits: limits(Limits::weiban(), &w.limits, max),
    }
}

fn yunzhong(y: &YunzhongConfig, max: u64) -> YunzhongSettings {
    YunzhongSettings {
        account: y.account.clone(),
        base_url: y.base_url.clone(),
        uniacid: y.uniacid,
        cookie: y.cookie.clone(),
        limits: limits(Limits::yunzhong(), &y.limits, max),
    }
}

fn tanma(t: &TanmaConfig, max: u64) -> TanmaSettings {
    TanmaSettings {
        account: t.account.clone(),
        base_url: t.base_url.clone(),
        app_id: t.app_id.clone(),
        app_key: t.app_key.clone(),
        qw_user_ids: t.qw_user_ids.clone(),
        page_size: TANMA_PAGE_SIZE,
        limits: limits(Limits::tanma(), &t.limits, max),
    }
}

fn youmi(y: &YoumiConfig, max: u64) -> YoumiSettings {
    YoumiSettings {
        account: y.account.clone(),
        base_url: y.base_url.clone(),
        app_id: y.app_id.clone(),
        app_key: y.app_key.clone(),
        limits: limits(Limits::youmi(), &y.limits, max),
    }
}

impl Clients {
    /// A client per account, each with its own limits: two corps load side by side, and a
    /// block on one never slows the other.
    pub fn from_config(config: &Config) -> Result<Clients, FetchError> {
        let http = http::client(Timeouts {
            connect: config.network.connect_timeout(),
            request: config.network.timeout(),
        })?;
        let max = config.network.max_response_bytes();
        Ok(Clients {
            weiban: config
                .weiban
                .iter()
                .map(|w| Arc::new(WeibanClient::new(weiban(w, max), http.clone())))
                .collect(),
            yunzhong: config
                .yunzhong
                .iter()
                .map(|y| Arc::new(YunzhongClient::new(yunzhong(y, max), http.clone())))
                .collect(),
            tanma: config
                .tanma
                .iter()
                .map(|t| Arc::new(TanmaClient::new(tanma(t, max), http.clone())))
                .collect(),
            youmi: config
                .youmi
                .iter()
                .map(|y| Arc::new(YoumiClient::new(youmi(y, max), http.clone())))
                .collect(),
            outflow_lookback: Duration::from_secs(u64::from(config.outflow.lookback_days) * 86_400),
            triage: None,
            weiban_timeline: config.triage.weiban_timeline,
        })
    }

    /// The same clients, with only one account of one vendor: its loads alone (the sync
    /// records a run per account). The clients are shared, so their limits and tokens are too.
    pub fn only(&self, vendor: Vendor, account: &Account) -> Clients {
        let mut one = self.only_vendor(vendor);
        one.weiban.retain(|c| c.account.name() == account);
        one.yunzhong.retain(|c| c.account.name() == account);
        one.tanma.retain(|c| c.account.name() == account);
        one.youmi.retain(|c| c.account.name() == account);
        one
    }

    /// The same clients, with only one vendor (every account of it).
    pub fn only_vendor(&self, vendor: Vendor) -> Clients {
        let on = |v: Vendor| v == vendor;
        Clients {
            weiban: self
                .weiban
                .iter()
                .filter(|_| on(Vendor::Weiban))
                .cloned()
                .collect(),
            yunzhong: self
                .yunzhong
                .iter()
                .filter(|_| on(Vendor::Yunzhong))
                .cloned()
                .collect(),
            tanma: self
                .tanma
                .iter()
                .filter(|_| on(Vendor::Tanma))
                .cloned()
                .collect(),
            youmi: self
                .youmi
                .iter()
                .filter(|_| on(Vendor::Youmi))
                .cloned()
                .collect(),
            outflow_lookback: self.outflow_lookback,
            triage: self.triage.clone(),
            weiban_timeline: self.weiban_timeline,
        }
    }

    /// Every configured account, vendor by vendor.
    pub fn all_accounts(&self) -> Vec<(Vendor, Account)> {
        Vendor::CALLED
            .into_iter()
            .flat_map(|v| self.accounts(v).into_iter().map(move |a| (v, a)))
            .collect()
    }

    /// The vendors configured.
    pub fn vendors(&self) -> Vec<Vendor> {
        Vendor::CALLED
            .into_iter()
            .filter(|&v| !self.accounts(v).is_empty())
            .collect()
    }

    /// A vendor's accounts, in the config's order.
    pub fn accounts(&self, vendor: Vendor) -> Vec<Account> {
        self.handles(vendor)
            .into_iter()
            .map(|a| a.name().clone())
            .collect()
    }

    /// The limits an account's client keeps, when it is configured.
    pub fn limits(&self, vendor: Vendor, account: &Account) -> Option<&Limits> {
        let handle = self
            .handles(vendor)
            .into_iter()
            .find(|a| a.name() == account)?;
        Some(handle.limiter().limits())
    }

    /// Every configured account's handle (its limiter and its ledger of calls), vendor by
    /// vendor.
    pub fn handles_of_all(&self) -> Vec<(Vendor, &crate::vendors::account::Account)> {
        Vendor::CALLED
            .into_iter()
            .flat_map(|v| self.handles(v).into_iter().map(move |a| (v, a)))
            .collect()
    }

    /// Every account sends nothing more; the calls under way finish (see
    /// [`crate::vendors::account::Account::stop_asking`]).
    pub fn stop_asking(&self) {
        for (_, account) in self.handles_of_all() {
            account.stop_asking();
        }
    }

    /// The vendor's clients' accounts (name, limiter, credentials), in the config's order.
    fn handles(&self, vendor: Vendor) -> Vec<&crate::vendors::account::Account> {
        match vendor {
            Vendor::Weiban => self.weiban.iter().map(|c| &c.account).collect(),
            Vendor::Yunzhong => self.yunzhong.iter().map(|c| &c.account).collect(),
            Vendor::Tanma => self.tanma.iter().map(|c| &c.account).collect(),
            Vendor::Youmi => self.youmi.iter().map(|c| &c.account).collect(),
            // WeCom's callback is received, never called.
            Vendor::Wecom => Vec::new(),
        }
    }

    /// The Weiban client of an account.
    pub fn weiban_of(&self, account: &Account) -> Option<&Arc<WeibanClient>> {
        self.weiban.iter().find(|c| c.account.name() == account)
    }

    /// The Weiban client of the account a record's key names; a key without one (read from
    /// the team's database, which keeps one account per vendor) is the only account's.
    pub fn weiban_for_key(&self, key: &str) -> Option<&Arc<WeibanClient>> {
        match Account::of_key(key) {
            Some(account) => self.weiban_of(&account),
            None => self
                .weiban_of(&Account::default())
                .or_else(|| self.weiban.first().filter(|_| self.weiban.len() == 1)),
        }
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
            let loaded = self.load(resource, on_records).await;
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
        self.outflow_between(from, to).boxed()
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

    fn triage_me(&self) -> BoxFuture<'_, Option<Me>> {
        // Solo mode's log is this user's own file.
        let me = self.triage.as_ref().map(|t| Me {
            name: t.me(),
            may_triage: true,
        });
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
        account: Account,
        customer_id: String,
        events: u32,
    ) -> BoxFuture<'_, Option<Result<CustomerContext, LoadFailure>>> {
        async move {
            let weiban = self
                .weiban_of(&account)
                .filter(|_| vendor == Vendor::Weiban)?;
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
                        events: events.map_err(|e| named(e.into(), &account)),
                    })
                    .map_err(|e| named(e.into(), &account)),
            )
        }
        .boxed()
    }
}
