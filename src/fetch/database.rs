//! The team's database as a [`Source`]: what the sync wrote, read back. No vendor is asked and
//! no vendor secret is needed. The connection is made on first use and again after it is lost;
//! a load's age is the sync's, so "loaded 2 min ago" means the data is that old.

use std::time::{Duration, Instant};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;

use crate::domain::{Listening, SyncState};
use tokio::sync::Mutex;

use super::source::{OnRecords, Source, Triaged};
use crate::domain::triage::{Action, Me as Actor, TriageEvent};
use crate::domain::{
    CustomerContext, Listed, LoadFailure, Loaded, Origin, Progress, Records, ReferenceList,
    ReferenceLists, Resource, Retry, Vendor,
};
use crate::store::{DatabaseUrl, Freshness, Kept, Row, RunState, Store, StoreError};

/// Records handed to the pane at once while a table is read.
const BATCH: usize = 5_000;

pub struct Database {
    url: DatabaseUrl,
    /// LISTEN for the sync's announcements (not on a read replica, where it does not work).
    listen: bool,
    announce: tokio::sync::watch::Sender<i64>,
    /// The same for new triage events.
    triage_announce: tokio::sync::watch::Sender<i64>,
    /// `[me] name` and this machine, kept beside each triage event.
    me: Me,
    store: Mutex<Option<Store>>,
    /// How far back the first outflow load looks.
    lookback: Duration,
    /// The newest alert handed out: polls read what came after it.
    last_seq: Mutex<i64>,
}

/// Who acts from this dashboard, beside the role the database knows it by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Me {
    /// `[me] name`: a display name, stored beside the role.
    pub name: String,
    /// This machine's name.
    pub host: String,
}

impl Database {
    /// The display name and host kept with this dashboard's triage events.
    pub fn with_me(mut self, me: Me) -> Database {
        self.me = me;
        self
    }

    pub fn new(url: DatabaseUrl, lookback: Duration, listen: bool) -> Database {
        Database {
            url,
            listen,
            announce: tokio::sync::watch::channel(0).0,
            triage_announce: tokio::sync::watch::channel(0).0,
            me: Me::default(),
            store: Mutex::new(None),
            lookback,
            last_seq: Mutex::new(0),
        }
    }

    pub fn target(&self) -> &str {
        self.url.target()
    }

    /// Runs `read` on the connection, connecting first when there is none; a lost
    /// connection is dropped so that the next read makes a new one.
    async fn read<T>(
        &self,
        read: impl for<'a> FnOnce(&'a Store) -> BoxFuture<'a, Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        let mut slot = self.connection().await?;
        let Some(store) = slot.as_ref() else {
            return Err(StoreError::Url(String::from("no connection")));
        };
        let result = read(store).await;
        if result.as_ref().is_err_and(StoreError::is_disconnect) || store.is_closed() {
            *slot = None;
        }
        result
    }

    /// The connection, made (and LISTEN set up) when there is none or it was lost.
    async fn connection(&self) -> Result<tokio::sync::MutexGuard<'_, Option<Store>>, StoreError> {
        let mut slot = self.store.lock().await;
        if slot.as_ref().is_none_or(Store::is_closed) {
            let mut store = Store::connect(&self.url).await?;
            store.check_schema().await?;
            if self.listen {
                // On the same connection: a dashboard holds one.
                store.listen(crate::store::OUTFLOW_CHANNEL).await?;
                store.listen(crate::store::TRIAGE_CHANNEL).await?;
                if let Some(mut heard) = store.take_notifications() {
                    let announce = self.announce.clone();
                    let triage = self.triage_announce.clone();
                    tokio::spawn(async move {
                        while let Some(heard) = heard.recv().await {
                            let Ok(seq) = heard.payload.trim().parse::<i64>() else {
                                continue;
                            };
                            if heard.channel == crate::store::TRIAGE_CHANNEL {
                                triage.send_replace(seq);
                            } else {
                                announce.send_replace(seq);
                            }
                        }
                        // The connection is gone, and LISTEN with it: the read these
                        // announcements bring reconnects, listens again and catches up by
                        // sequence number.
                        announce.send_modify(|_| {});
                        triage.send_modify(|_| {});
                    });
                }
            }
            *slot = Some(store);
        }
        Ok(slot)
    }

    /// The vendors the sync has written a resource of.
    pub async fn vendors(&self) -> Result<Vec<Vendor>, StoreError> {
        let mut all = Vec::new();
        for &resource in Resource::ALL {
            for vendor in self.read(|s| s.vendors_of(resource).boxed()).await? {
                if !all.contains(&vendor) {
                    all.push(vendor);
                }
            }
        }
        Ok(all)
    }

    async fn table<R: Row + Send + 'static>(
        &self,
        resource: Resource,
        wrap: fn(Vec<R>) -> Records,
        on_records: OnRecords<'_>,
    ) -> Loaded {
        let started = Instant::now();
        let result = async {
            let runs = self.read(|s| s.freshness(resource).boxed()).await?;
            let expected = self.read(|s| s.count::<R>().boxed()).await?;
            // Straight to the pane as the rows arrive, in batches.
            let mut slot = self.connection().await?;
            let Some(store) = slot.as_ref() else {
                return Err(StoreError::Url(String::from("no connection")));
            };
            let mut loaded = 0;
            let streamed = store
                .stream_all::<R>(BATCH, &mut |batch| {
                    loaded += batch.len() as u64;
                    on_records(
                        wrap(batch),
                        Progress {
                            loaded,
                            expected: expected.max(loaded),
                            open_ended: false,
                            // Read in vendor order, but not said vendor by vendor.
                            waiting: None,
                        },
                    );
                })
                .await;
            if streamed.as_ref().is_err_and(StoreError::is_disconnect) || store.is_closed() {
                *slot = None;
            }
            streamed.map(|count| (count, runs))
        }
        .await;
        match result {
            Ok((count, runs)) => {
                tracing::info!(
                    %resource,
                    count,
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "read from the database"
                );
                loaded_from(resource, &runs, None)
            }
            Err(e) => failed(resource, &e),
        }
    }

    async fn outflow_window(&self, on_records: OnRecords<'_>) -> Loaded {
        let from = chrono::Utc::now()
            - chrono::Duration::from_std(self.lookback).unwrap_or(chrono::Duration::days(7));
        let result = async {
            let alerts = self.read(|s| s.alerts_from(from).boxed()).await?;
            let runs = self
                .read(|s| s.freshness(Resource::Outflow).boxed())
                .await?;
            Ok::<_, StoreError>((alerts, runs))
        }
        .await;
        match result {
            Ok(((alerts, last), runs)) => {
                *self.last_seq.lock().await = last;
                let count = alerts.len() as u64;
                on_records(
                    Records::Outflow(alerts),
                    Progress {
                        loaded: count,
                        expected: count,
                        open_ended: false,
                        waiting: None,
                    },
                );
                loaded_from(
                    Resource::Outflow,
                    &runs,
                    Some(chrono::Utc::now().timestamp()),
                )
            }
            Err(e) => failed(Resource::Outflow, &e),
        }
    }
}

/// A load's outcome from the sync's runs: as old as the oldest vendor's last run, partial
/// when one of them was.
fn loaded_from(resource: Resource, runs: &[Freshness], window_end: Option<i64>) -> Loaded {
    let now = chrono::Utc::now();
    let oldest = runs.iter().map(|r| r.finished_at).min().unwrap_or(now);
    let age = (now - oldest).to_std().unwrap_or_default();
    let finished_at = Instant::now().checked_sub(age).unwrap_or_else(Instant::now);
    let mut loaded = Loaded {
        records: Records::empty(resource),
        errors: Vec::new(),
        skipped: Vec::new(),
        pages: 0,
        expected_pages: Some(0),
        finished_at,
        window_end,
    };
    for run in runs {
        let vendor = run.vendor;
        match &run.state {
            RunState::Complete => {
                loaded.pages += 1;
                loaded.expected_pages = loaded.expected_pages.map(|n| n + 1);
            }
            RunState::Partial {
                pages_arrived,
                pages_expected,
                error,
            } => {
                loaded.pages += u64::try_from(*pages_arrived).unwrap_or(0);
                loaded.expected_pages = match (loaded.expected_pages, pages_expected) {
                    (Some(n), Some(e)) => Some(n + u64::try_from(*e).unwrap_or(0)),
                    _ => None,
                };
                loaded.errors.push(LoadFailure {
                    origin: Origin::Vendor(vendor),
                    endpoint: String::from("(last sync run)"),
                    page: None,
                    code: String::from("partial"),
                    detail: error.clone(),
                    retry: Retry::Later,
                });
            }
        }
    }
    loaded
}

/// A failure of the database, named as `database user@host:port/db`.
fn database_failure(error: &StoreError, code: &str, retry: Retry) -> LoadFailure {
    LoadFailure {
        origin: Origin::Database,
        endpoint: error.target().to_owned(),
        page: None,
        code: code.to_owned(),
        detail: error.detail(),
        retry,
    }
}

fn triage_failure(error: &StoreError) -> LoadFailure {
    let code = if error.is_disconnect() {
        "unreachable"
    } else {
        "error"
    };
    database_failure(error, code, Retry::Later)
}

fn failed(resource: Resource, error: &StoreError) -> Loaded {
    let retry = match error {
        StoreError::TooNew { .. } | StoreError::Url(_) => Retry::NeedsUser,
        _ => Retry::Later,
    };
    let code = if error.is_disconnect() {
        "unreachable"
    } else {
        "error"
    };
    Loaded {
        records: Records::empty(resource),
        errors: vec![database_failure(error, code, retry)],
        skipped: Vec::new(),
        pages: 0,
        expected_pages: None,
        finished_at: Instant::now(),
        window_end: None,
    }
}

impl Source for Database {
    fn listening(&self) -> BoxFuture<'_, Option<Result<Listening, LoadFailure>>> {
        async move {
            let since = chrono::Utc::now()
                - chrono::Duration::from_std(self.lookback).unwrap_or(chrono::Duration::days(7));
            match self.read(|s| s.listening(since).boxed()).await {
                Ok(listening) => listening.map(Ok),
                Err(e) => Some(Err(database_failure(&e, "error", Retry::Later))),
            }
        }
        .boxed()
    }

    fn sync_state(&self) -> BoxFuture<'_, Option<Result<SyncState, LoadFailure>>> {
        async move {
            match self.read(|s| s.sync_state().boxed()).await {
                Ok(state) => state.map(Ok),
                Err(e) => Some(Err(database_failure(&e, "error", Retry::Later))),
            }
        }
        .boxed()
    }

    fn stream<'a>(
        &'a self,
        resource: Resource,
        on_records: OnRecords<'a>,
    ) -> BoxFuture<'a, Loaded> {
        async move {
            match resource {
                // Alerts are read by their window, and after it by sequence number.
                Resource::Outflow => self.outflow_window(on_records).await,
                // A table of records the sync replaces whole, read in its order.
                other => {
                    crate::each_record_type!(other, |R| {
                        self.table::<R>(other, R::records, on_records).await
                    })
                }
            }
        }
        .boxed()
    }

    /// The alerts the sync added since the last read, whatever the window: the sequence
    /// numbers say what is new, so nothing is missed across a lost connection.
    fn outflow_since(&self, _from: i64, to: i64) -> BoxFuture<'_, Loaded> {
        async move {
            let after = *self.last_seq.lock().await;
            // A poll is as fresh as this read; the sync's runs are the first load's business.
            match self.read(|s| s.alerts_after(after).boxed()).await {
                Ok((alerts, last)) => {
                    *self.last_seq.lock().await = last;
                    Loaded {
                        records: Records::Outflow(alerts),
                        errors: Vec::new(),
                        skipped: Vec::new(),
                        pages: 1,
                        expected_pages: Some(1),
                        finished_at: Instant::now(),
                        window_end: Some(to),
                    }
                }
                Err(e) => failed(Resource::Outflow, &e),
            }
        }
        .boxed()
    }

    /// The reference lists the sync kept.
    fn references(&self) -> BoxFuture<'_, Option<Result<ReferenceLists, LoadFailure>>> {
        async move {
            let mut lists = match self.read(|s| s.references().boxed()).await {
                Ok(lists) => lists,
                Err(e) => return Some(Err(database_failure(&e, "error", Retry::Later))),
            };
            if lists.is_empty() {
                return Some(Err(LoadFailure {
                    origin: Origin::Database,
                    endpoint: self.target().to_owned(),
                    page: None,
                    code: String::from("empty"),
                    detail: String::from("the sync has not kept the reference lists yet"),
                    retry: Retry::Later,
                }));
            }
            // The lists the Operators pane knows, in its order; another list is not shown.
            let known = ReferenceList::ALL
                .into_iter()
                .filter_map(|known| {
                    let at = lists.iter().position(|(name, _)| *name == known.name())?;
                    Some((known, lists.swap_remove(at).1))
                })
                .collect();
            Some(Ok(known))
        }
        .boxed()
    }

    fn announcements(&self) -> Option<tokio::sync::watch::Receiver<i64>> {
        self.listen.then(|| self.announce.subscribe())
    }

    fn triage_announcements(&self) -> Option<tokio::sync::watch::Receiver<i64>> {
        self.listen.then(|| self.triage_announce.subscribe())
    }

    fn triage_log(
        &self,
        after: i64,
    ) -> BoxFuture<'_, Option<Result<Vec<TriageEvent>, LoadFailure>>> {
        async move {
            Some(
                self.read(move |s| s.triage_after(after).boxed())
                    .await
                    .map_err(|e| triage_failure(&e)),
            )
        }
        .boxed()
    }

    fn triage_me(&self) -> BoxFuture<'_, Option<Actor>> {
        async move { self.read(|s| s.me().boxed()).await.ok() }.boxed()
    }

    fn triage(&self, alert: String, action: Action) -> BoxFuture<'_, Option<Triaged>> {
        async move {
            let (name, host) = (self.me.name.clone(), self.me.host.clone());
            let written = self
                .read(move |s| async move { s.triage(&alert, &action, &name, &host).await }.boxed())
                .await;
            // Never queued: with the database down the action is refused, and said so.
            Some(written.map_err(|e| triage_failure(&e)))
        }
        .boxed()
    }

    /// The context the sync kept with the customer's alerts.
    fn customer_context(
        &self,
        vendor: Vendor,
        account: crate::domain::Account,
        customer_id: String,
        _events: u32,
    ) -> BoxFuture<'_, Option<Result<CustomerContext, LoadFailure>>> {
        async move {
            let target = self.target().to_owned();
            let failure = |code: &str, detail: String| LoadFailure {
                origin: Origin::Database,
                endpoint: target.clone(),
                page: None,
                code: code.to_owned(),
                detail,
                retry: Retry::Later,
            };
            let kept = self
                .read(move |s| s.context_of(vendor, account, customer_id).boxed())
                .await;
            Some(match kept {
                Ok(Some(Kept::Context(kept))) => Ok(CustomerContext {
                    detail: kept.detail,
                    events: Ok(kept.events),
                }),
                Ok(Some(Kept::Failed(error))) => Err(failure(
                    "vendor",
                    format!("the sync could not fetch it: {error}"),
                )),
                Ok(None) => Err(failure(
                    "not yet",
                    String::from("the sync has not fetched this customer's story yet"),
                )),
                Err(e) => Err(database_failure(&e, "database", Retry::Later)),
            })
        }
        .boxed()
    }
}
