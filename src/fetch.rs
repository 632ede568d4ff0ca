//! Background fetching. Fetch tasks own the vendor clients and send their results to the app's
//! task as messages tagged with a generation; they never touch UI state.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use crate::app::Msg;
use crate::config::Config;
use crate::domain::{Resource, Skipped, Store, Vendor};
use crate::vendor::http::{self, Timeouts};
use crate::vendor::weiban::{WeibanClient, WeibanSettings};
use crate::vendor::{ErrorKind, Listing, VendorError};

/// Weiban's largest page.
const WEIBAN_PAGE_SIZE: u32 = 100;

/// One client per configured vendor.
pub struct Clients {
    pub weiban: Option<Arc<WeibanClient>>,
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
        })
    }
}

/// The records of one resource, whichever it is.
#[derive(Debug)]
pub enum Records {
    Stores(Vec<Store>),
}

impl Records {
    pub fn len(&self) -> usize {
        match self {
            Records::Stores(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
}

impl Loaded {
    fn from_listing(listing: Listing<Store>) -> Loaded {
        Loaded {
            records: Records::Stores(listing.records),
            errors: listing.error.into_iter().collect(),
            skipped: listing.skipped,
            pages: listing.pages,
            finished_at: Instant::now(),
        }
    }
}

/// Loads every page of a resource. Resources this build does not serve yet come back as a
/// configuration error rather than an empty success.
pub async fn load(clients: &Clients, resource: Resource) -> Loaded {
    let started = Instant::now();
    let loaded = match (resource, &clients.weiban) {
        (Resource::Stores, Some(weiban)) => Loaded::from_listing(weiban.stores().await),
        (Resource::Stores, None) => unavailable(resource, "add a [weiban] section to the config"),
        _ => unavailable(resource, "this release does not load it yet"),
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

fn unavailable(resource: Resource, why: &str) -> Loaded {
    let vendor = resource
        .vendors()
        .first()
        .copied()
        .unwrap_or(Vendor::Weiban);
    Loaded {
        records: Records::Stores(Vec::new()),
        errors: vec![VendorError {
            vendor,
            endpoint: "-",
            kind: ErrorKind::Config(format!("no source for {resource}: {why}")),
        }],
        skipped: Vec::new(),
        pages: 0,
        finished_at: Instant::now(),
    }
}

/// Spawns fetch tasks for the event loop; a newer fetch of a resource cancels the older one.
pub struct Fetcher {
    clients: Arc<Clients>,
    tx: UnboundedSender<Msg>,
    running: HashMap<Resource, JoinHandle<()>>,
}

impl Fetcher {
    pub fn new(clients: Arc<Clients>, tx: UnboundedSender<Msg>) -> Fetcher {
        Fetcher {
            clients,
            tx,
            running: HashMap::new(),
        }
    }

    pub fn spawn(&mut self, resource: Resource, generation: u64) {
        if let Some(old) = self.running.remove(&resource) {
            old.abort();
        }
        let clients = self.clients.clone();
        let tx = self.tx.clone();
        let task = tokio::spawn(async move {
            let loaded = load(&clients, resource).await;
            // The receiver is gone only when the app is quitting.
            let _ = tx.send(Msg::Loaded {
                resource,
                generation,
                loaded,
            });
        });
        self.running.insert(resource, task);
    }
}

impl Drop for Fetcher {
    fn drop(&mut self) {
        for task in self.running.values() {
            task.abort();
        }
    }
}
