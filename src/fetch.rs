//! Background fetching. Fetch tasks own the vendor clients and send their results to the app's
//! task as messages tagged with a generation; they never touch UI state.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use crate::app::Msg;
use crate::config::Config;
use crate::domain::{Customer, Operator, OutflowAlert, Resource, Skipped, Store, Vendor};
use crate::vendor::http::{self, Timeouts};
use crate::vendor::tanma::{TanmaClient, TanmaSettings};
use crate::vendor::weiban::{WeibanClient, WeibanSettings};
use crate::vendor::youmi::{Reference, YoumiClient, YoumiSettings};
use crate::vendor::yunzhong::{Search, YunzhongClient, YunzhongSettings};
use crate::vendor::{ErrorKind, Listing, VendorError};

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
}

impl Clients {
    pub fn from_config(config: &Config) -> Result<Clients, String> {
        let http = http::client(Timeouts::default())?;
        Ok(Clients {
            weiban: config.weiban.as_ref().map(|w| {
                Arc::new(WeibanClient::new(
                    WeibanSettings {
                        base_url: w.base_url.clone(),
                        corp_id: w.corp_id.clone(),
                        secret: w.secret.clone(),
                        page_size: WEIBAN_PAGE_SIZE,
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
                    },
                    http.clone(),
                ))
            }),
            outflow_lookback: Duration::from_secs(u64::from(config.outflow.lookback_days) * 86_400),
        })
    }
}

/// The records of one resource, whichever it is.
#[derive(Debug)]
pub enum Records {
    Stores(Vec<Store>),
    Customers(Vec<Customer>),
    Outflow(Vec<OutflowAlert>),
    Operators(Vec<Operator>),
}

impl Records {
    pub fn len(&self) -> usize {
        match self {
            Records::Stores(r) => r.len(),
            Records::Customers(r) => r.len(),
            Records::Outflow(r) => r.len(),
            Records::Operators(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn resource(&self) -> Resource {
        match self {
            Records::Stores(_) => Resource::Stores,
            Records::Customers(_) => Resource::Customers,
            Records::Outflow(_) => Resource::Outflow,
            Records::Operators(_) => Resource::Operators,
        }
    }

    fn empty(resource: Resource) -> Records {
        match resource {
            Resource::Stores => Records::Stores(Vec::new()),
            Resource::Customers => Records::Customers(Vec::new()),
            Resource::Outflow => Records::Outflow(Vec::new()),
            Resource::Operators => Records::Operators(Vec::new()),
        }
    }
}

/// The result of loading a resource from every vendor that serves it.
#[derive(Debug)]
pub struct Loaded {
    pub records: Records,
    /// One per vendor whose paging did not complete; empty means every page arrived.
    pub errors: Vec<VendorError>,
    pub skipped: Vec<Skipped>,
    pub pages: u64,
    pub finished_at: Instant,
    /// For outflow: the end of the time window asked for (Unix seconds); polls continue there.
    pub window_end: Option<i64>,
}

impl Loaded {
    /// Merges the listings of several vendors into one result, in the order given.
    fn merge<R>(listings: Vec<Listing<R>>, wrap: fn(Vec<R>) -> Records) -> Loaded {
        let mut records = Vec::new();
        let mut loaded = Loaded {
            records: wrap(Vec::new()),
            errors: Vec::new(),
            skipped: Vec::new(),
            pages: 0,
            finished_at: Instant::now(),
            window_end: None,
        };
        for listing in listings {
            records.extend(listing.records);
            loaded.errors.extend(listing.error);
            loaded.skipped.extend(listing.skipped);
            loaded.pages += listing.pages;
        }
        loaded.records = wrap(records);
        loaded
    }
}

/// Loads every page of a resource from every configured vendor that serves it (concurrently
/// across vendors). A vendor that fails does not hide what the others returned.
pub async fn load(clients: &Clients, resource: Resource) -> Loaded {
    let started = Instant::now();
    let loaded = match resource {
        Resource::Stores => match &clients.weiban {
            Some(weiban) => Loaded::merge(vec![weiban.stores().await], Records::Stores),
            None => unavailable(resource),
        },
        Resource::Customers => {
            let (weiban, yunzhong, tanma) = tokio::join!(
                async {
                    match &clients.weiban {
                        Some(c) => Some(c.customers().await),
                        None => None,
                    }
                },
                async {
                    match &clients.yunzhong {
                        Some(c) => Some(c.customers(&Search::default()).await),
                        None => None,
                    }
                },
                async {
                    match &clients.tanma {
                        Some(c) => Some(c.customers().await),
                        None => None,
                    }
                },
            );
            let listings: Vec<_> = [weiban, yunzhong, tanma].into_iter().flatten().collect();
            if listings.is_empty() {
                unavailable(resource)
            } else {
                Loaded::merge(listings, Records::Customers)
            }
        }
        Resource::Outflow => {
            let now = chrono::Utc::now().timestamp();
            outflow_since(
                clients,
                now - clients.outflow_lookback.as_secs() as i64,
                now,
            )
            .await
        }
        Resource::Operators => match &clients.youmi {
            Some(youmi) => Loaded::merge(vec![youmi.operators().await], Records::Operators),
            None => unavailable(resource),
        },
    };
    tracing::info!(
        %resource,
        records = loaded.records.len(),
        pages = loaded.pages,
        skipped = loaded.skipped.len(),
        errors = loaded.errors.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "loaded"
    );
    loaded
}

/// The outflow alerts in `[from, to]` (Unix seconds): the first load, and each live poll.
pub async fn outflow_since(clients: &Clients, from: i64, to: i64) -> Loaded {
    match &clients.weiban {
        Some(weiban) => {
            let mut loaded = Loaded::merge(vec![weiban.outflow(from, to).await], Records::Outflow);
            loaded.window_end = Some(to);
            loaded
        }
        None => unavailable(Resource::Outflow),
    }
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
        errors: vec![VendorError {
            vendor,
            endpoint: "-",
            kind: ErrorKind::Config(format!(
                "no source for {resource}: add a {} section to the config",
                sections.join(" or ")
            )),
        }],
        skipped: Vec::new(),
        pages: 0,
        finished_at: Instant::now(),
        window_end: None,
    }
}

/// Spawns fetch tasks for the event loop; a newer fetch of a resource cancels the older one.
pub struct Fetcher {
    clients: Arc<Clients>,
    /// Where complete loads are saved for the next start.
    cache: Option<Arc<crate::cache::Cache>>,
    tx: UnboundedSender<Msg>,
    running: HashMap<Resource, JoinHandle<()>>,
    poll: Option<JoinHandle<()>>,
}

impl Fetcher {
    pub fn new(
        clients: Arc<Clients>,
        cache: Option<crate::cache::Cache>,
        tx: UnboundedSender<Msg>,
    ) -> Fetcher {
        Fetcher {
            clients,
            cache: cache.map(Arc::new),
            tx,
            running: HashMap::new(),
            poll: None,
        }
    }

    pub fn spawn(&mut self, resource: Resource, generation: u64) {
        if let Some(old) = self.running.remove(&resource) {
            old.abort();
        }
        let clients = self.clients.clone();
        let cache = self.cache.clone();
        let tx = self.tx.clone();
        let task = tokio::spawn(async move {
            let loaded = load(&clients, resource).await;
            // Encoded before the records move to the app; written after, off this task.
            let saved = match &cache {
                Some(cache) if loaded.errors.is_empty() => cache.encode(&loaded.records),
                _ => None,
            };
            // The receiver is gone only when the app is quitting.
            let _ = tx.send(Msg::Loaded {
                resource,
                generation,
                loaded,
            });
            if let (Some(cache), Some(bytes)) = (cache, saved) {
                let written =
                    tokio::task::spawn_blocking(move || cache.write(resource, &bytes)).await;
                if let Ok(Err(e)) = written {
                    tracing::warn!(%resource, "cannot write the offline cache: {e}");
                }
            }
        });
        self.running.insert(resource, task);
    }

    /// Loads the Youmi reference lists for the Operators pane.
    pub fn references(&mut self) {
        let clients = self.clients.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let Some(youmi) = &clients.youmi else { return };
            let mut lists = Vec::new();
            for (name, which) in [
                ("label_categories", Reference::LabelCategories),
                ("labels", Reference::Labels),
                ("ad_groups", Reference::AdGroups),
                ("custom_attributes", Reference::CustomAttributes),
            ] {
                match youmi.reference(which).await {
                    Ok(records) => lists.push((name, records)),
                    Err(error) => {
                        let _ = tx.send(Msg::References(Err(error.to_string())));
                        return;
                    }
                }
            }
            let _ = tx.send(Msg::References(Ok(lists)));
        });
    }

    /// A live outflow poll of the alerts since `since` (Unix seconds) until now.
    pub fn poll_outflow(&mut self, generation: u64, since: i64) {
        let clients = self.clients.clone();
        let tx = self.tx.clone();
        let task = tokio::spawn(async move {
            let now = chrono::Utc::now().timestamp();
            let loaded = outflow_since(&clients, since, now).await;
            let _ = tx.send(Msg::Polled { generation, loaded });
        });
        if let Some(old) = self.poll.replace(task) {
            old.abort();
        }
    }
}

impl Drop for Fetcher {
    fn drop(&mut self) {
        for task in self.running.values().chain(&self.poll) {
            task.abort();
        }
    }
}
