//! Background fetching. Fetch tasks own the vendor clients and send their results to the app's
//! task as messages tagged with a generation; they never touch UI state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use crate::app::Msg;
use crate::config::Config;
use crate::domain::{Customer, Operator, OutflowAlert, Resource, Skipped, Store, Vendor};
use crate::vendors::http;
use crate::vendors::tanma::{TanmaClient, TanmaSettings};
use crate::vendors::weiban::{WeibanClient, WeibanSettings};
use crate::vendors::youmi::{Reference, YoumiClient, YoumiSettings};
use crate::vendors::yunzhong::{Search, YunzhongClient, YunzhongSettings};
use crate::vendors::{ErrorKind, Listing, VendorError};

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
        let http = http::client(config.network.timeouts())?;
        Ok(Clients {
            weiban: config.weiban.as_ref().map(|w| {
                Arc::new(WeibanClient::new(
                    WeibanSettings {
                        base_url: w.base_url.clone(),
                        corp_id: w.corp_id.clone(),
                        secret: w.secret.clone(),
                        page_size: WEIBAN_PAGE_SIZE,
                        limits: w.limits.clone(),
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
                        limits: y.limits.clone(),
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
                        limits: t.limits.clone(),
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
                        limits: y.limits.clone(),
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

    /// Puts the records in vendor order (stable: each vendor's stay in page order), as they
    /// are shown and printed; vendors loaded concurrently deliver them interleaved.
    pub fn in_vendor_order(&mut self) {
        match self {
            Records::Stores(r) => in_vendor_order(r),
            Records::Customers(r) => in_vendor_order(r),
            Records::Outflow(r) => in_vendor_order(r),
            Records::Operators(r) => in_vendor_order(r),
        }
    }

    /// Appends records of the same resource (others cannot happen, and are dropped).
    pub fn append(&mut self, more: Records) {
        match (self, more) {
            (Records::Stores(a), Records::Stores(b)) => a.extend(b),
            (Records::Customers(a), Records::Customers(b)) => a.extend(b),
            (Records::Outflow(a), Records::Outflow(b)) => a.extend(b),
            (Records::Operators(a), Records::Operators(b)) => a.extend(b),
            (records, more) => tracing::error!(
                "dropped {} records of {} sent to {}",
                more.len(),
                more.resource(),
                records.resource()
            ),
        }
    }

    pub fn empty(resource: Resource) -> Records {
        match resource {
            Resource::Stores => Records::Stores(Vec::new()),
            Resource::Customers => Records::Customers(Vec::new()),
            Resource::Outflow => Records::Outflow(Vec::new()),
            Resource::Operators => Records::Operators(Vec::new()),
        }
    }
}

/// Sorts records by vendor, stably, unless they already are.
pub fn in_vendor_order<R: crate::domain::Record>(records: &mut [R]) {
    if !records.is_sorted_by_key(R::vendor) {
        records.sort_by_key(R::vendor);
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
    /// The pages the vendors said there are, summed; `None` when one did not say.
    pub expected_pages: Option<u64>,
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
            loaded.errors.extend(listing.error);
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
}

/// How far a load has come, for "12 400 / 100 000".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub loaded: u64,
    /// The records expected, summed over the vendors that have said how many.
    pub expected: u64,
    /// Some vendor has not said (cursor paging): `expected` is only a lower bound.
    pub open_ended: bool,
}

/// Receives the records of a load as they arrive, with the progress so far.
pub type OnRecords<'a> = &'a (dyn Fn(Records, Progress) + Sync);

/// Counts what each vendor of a load has delivered and expects.
#[derive(Default)]
struct Tally {
    sources: Vec<SourceTally>,
}

#[derive(Default, Clone, Copy)]
struct SourceTally {
    loaded: u64,
    total: Option<u64>,
    done: bool,
}

impl Tally {
    fn new(sources: usize) -> Tally {
        Tally {
            sources: vec![SourceTally::default(); sources],
        }
    }

    fn add(&mut self, source: usize, records: usize, total: Option<u64>) -> Progress {
        if let Some(s) = self.sources.get_mut(source) {
            s.loaded += records as u64;
            s.total = total.or(s.total);
        }
        self.progress()
    }

    fn finish(&mut self, source: usize) {
        if let Some(s) = self.sources.get_mut(source) {
            s.done = true;
        }
    }

    fn progress(&self) -> Progress {
        let mut progress = Progress::default();
        for s in &self.sources {
            progress.loaded += s.loaded;
            progress.expected += match (s.done, s.total) {
                (false, Some(total)) => total.max(s.loaded),
                _ => s.loaded,
            };
            progress.open_ended |= !s.done && s.total.is_none();
        }
        progress
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Loads every page of a resource from every configured vendor that serves it (concurrently
/// across vendors, and across pages within each vendor's limits). A vendor that fails does not
/// hide what the others returned.
pub async fn load(clients: &Clients, resource: Resource) -> Loaded {
    let gathered = Mutex::new(Records::empty(resource));
    let mut loaded = stream(clients, resource, &|records, _| {
        lock(&gathered).append(records);
    })
    .await;
    loaded.records = gathered
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    loaded.records.in_vendor_order();
    loaded
}

/// As [`load`], handing the records to `on_records` as pages arrive, in each vendor's page
/// order; the result holds the errors and counts, and no records.
pub async fn stream(clients: &Clients, resource: Resource, on_records: OnRecords<'_>) -> Loaded {
    let started = Instant::now();
    let loaded = match resource {
        Resource::Stores => match &clients.weiban {
            Some(weiban) => {
                let tally = Mutex::new(Tally::new(1));
                let listing = weiban
                    .stream_stores(&mut |page, total| {
                        let progress = lock(&tally).add(0, page.len(), total);
                        on_records(Records::Stores(page), progress);
                    })
                    .await;
                Loaded::merge(vec![listing], Records::Stores)
            }
            None => unavailable(resource),
        },
        Resource::Customers => {
            let tally = Mutex::new(Tally::new(3));
            let sink = |source: usize| {
                let tally = &tally;
                move |page: Vec<Customer>, total: Option<u64>| {
                    let progress = lock(tally).add(source, page.len(), total);
                    on_records(Records::Customers(page), progress);
                }
            };
            let done = |source: usize| lock(&tally).finish(source);
            let (weiban, yunzhong, tanma) = tokio::join!(
                async {
                    let c = clients.weiban.as_ref()?;
                    let listing = c.stream_customers(&mut sink(0)).await;
                    done(0);
                    Some(listing)
                },
                async {
                    let c = clients.yunzhong.as_ref()?;
                    let listing = c.stream_customers(&Search::default(), &mut sink(1)).await;
                    done(1);
                    Some(listing)
                },
                async {
                    let c = clients.tanma.as_ref()?;
                    let listing = c.stream_customers(&mut sink(2)).await;
                    done(2);
                    Some(listing)
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
            let from = now - clients.outflow_lookback.as_secs() as i64;
            match &clients.weiban {
                Some(weiban) => {
                    let tally = Mutex::new(Tally::new(1));
                    let listing = weiban
                        .stream_outflow(from, now, &mut |page, total| {
                            let progress = lock(&tally).add(0, page.len(), total);
                            on_records(Records::Outflow(page), progress);
                        })
                        .await;
                    let mut loaded = Loaded::merge(vec![listing], Records::Outflow);
                    loaded.window_end = Some(now);
                    loaded
                }
                None => unavailable(resource),
            }
        }
        Resource::Operators => match &clients.youmi {
            Some(youmi) => {
                let mut loaded = Loaded::merge(vec![youmi.operators().await], Records::Operators);
                let records = std::mem::replace(&mut loaded.records, Records::empty(resource));
                let count = records.len() as u64;
                on_records(
                    records,
                    Progress {
                        loaded: count,
                        expected: count,
                        open_ended: false,
                    },
                );
                loaded
            }
            None => unavailable(resource),
        },
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
        errors: vec![VendorError::new(
            vendor,
            "-",
            ErrorKind::Config(format!(
                "no source for {resource}: add a {} section to the config",
                sections.join(" or ")
            )),
        )],
        skipped: Vec::new(),
        pages: 0,
        expected_pages: None,
        finished_at: Instant::now(),
        window_end: None,
    }
}

/// How often records of a load under way are passed to the app: often enough to watch them
/// arrive, seldom enough that a 100 000-record load is a few dozen messages.
const BATCH_EVERY: Duration = Duration::from_millis(100);

/// Records of a load under way, waiting for their batch to be sent.
struct Batch {
    pending: Records,
    progress: Progress,
    sent_at: Option<Instant>,
}

/// Spawns fetch tasks for the event loop; a newer fetch of a resource cancels the older one.
pub struct Fetcher {
    clients: Arc<Clients>,
    tx: UnboundedSender<Msg>,
    running: HashMap<Resource, JoinHandle<()>>,
    poll: Option<JoinHandle<()>>,
}

impl Fetcher {
    pub fn new(clients: Arc<Clients>, tx: UnboundedSender<Msg>) -> Fetcher {
        Fetcher {
            clients,
            tx,
            running: HashMap::new(),
            poll: None,
        }
    }

    /// Loads a resource, passing its records to the app in batches as they arrive
    /// ([`Msg::Arrived`]), then the outcome ([`Msg::Loaded`]).
    pub fn spawn(&mut self, resource: Resource, generation: u64) {
        if let Some(old) = self.running.remove(&resource) {
            old.abort();
        }
        let clients = self.clients.clone();
        let tx = self.tx.clone();
        let task = tokio::spawn(async move {
            let batch = Mutex::new(Batch {
                pending: Records::empty(resource),
                progress: Progress::default(),
                sent_at: None,
            });
            let send = |batch: &mut Batch| {
                let records = std::mem::replace(&mut batch.pending, Records::empty(resource));
                // The receiver is gone only when the app is quitting.
                let _ = tx.send(Msg::Arrived {
                    resource,
                    generation,
                    records,
                    progress: batch.progress,
                });
                batch.sent_at = Some(Instant::now());
            };
            let loaded = stream(&clients, resource, &|records, progress| {
                let mut batch = lock(&batch);
                batch.pending.append(records);
                batch.progress = progress;
                if batch.sent_at.is_none_or(|at| at.elapsed() >= BATCH_EVERY) {
                    send(&mut batch);
                }
            })
            .await;
            let mut batch = lock(&batch);
            if !batch.pending.is_empty() {
                send(&mut batch);
            }
            let _ = tx.send(Msg::Loaded {
                resource,
                generation,
                loaded,
            });
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
