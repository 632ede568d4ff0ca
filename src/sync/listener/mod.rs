//! The sync's HTTP listener (`[sync] listen`): WeCom's customer-contact callback at
//! `/wecom/callback` (the default account) and `/wecom/callback/NAME`, and the sync's own
//! `/healthz` and `/metrics`. Nothing else answers.
//! The listener is built for callers who are not WeCom: every request is bounded in size,
//! time and number, and each connection in how long it may stay.

mod callback;
pub mod counts;
pub mod health;
mod keeper;
mod metrics;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use super::leader::Standing;
use crate::config::{CALLBACK_PATH, WecomConfig};
use crate::domain::Account;
use crate::store::DatabaseUrl;
use crate::vendors::wecom::{CallbackCrypto, KeyError};
pub use callback::{BODY_WITHIN, MAX_BODY};
pub use counts::Counts;
use health::Expected;
pub use keeper::KEEP_WITHIN;
use keeper::Keeper;

/// Connections open at once; more are closed as they arrive.
const CONNECTIONS: usize = 256;
/// Events being read, checked or kept at once; more are answered 429 at once.
const EVENTS_AT_ONCE: usize = 32;
/// How long a request's headers may take.
const HEADERS_WITHIN: Duration = Duration::from_secs(3);
/// How long one connection may live, whatever it does.
const CONNECTION_LIVES: Duration = Duration::from_secs(30);
/// How often the listener says it is still up (for the dashboards' gaps).
const HEARTBEAT: Duration = Duration::from_secs(30);
/// How soon to try again when the uptime record could not be made at all.
const FIRST_RECORD_RETRY: Duration = Duration::from_millis(500);

/// What the listener answers with.
pub struct Receiver {
    accounts: Vec<(Account, CallbackCrypto)>,
    keeper: Keeper,
    room: Semaphore,
    pub counts: Counts,
    /// What `/healthz` and `/metrics` tell of the sync.
    sync: SyncView,
}

/// The sync as its health check sees it: the election, and the jobs a leader runs.
#[derive(Default)]
pub struct SyncView {
    pub standing: Arc<Standing>,
    pub expected: Vec<Expected>,
    /// The vendor clients, whose calls `/metrics` counts.
    pub clients: Option<Arc<crate::fetch::Clients>>,
}

/// A `[wecom]` section that cannot work.
#[derive(Debug, thiserror::Error)]
#[error("[wecom]{whose}: {error}")]
pub struct BadSection {
    whose: String,
    error: KeyError,
}

impl Receiver {
    pub fn new(sections: &[WecomConfig], url: DatabaseUrl) -> Result<Receiver, BadSection> {
        let mut accounts = Vec::new();
        for section in sections {
            let crypto =
                CallbackCrypto::new(&section.token, &section.encoding_aes_key, &section.corp_id)
                    .map_err(|error| BadSection {
                        whose: if section.account.is_default() {
                            String::new()
                        } else {
                            format!(" account \"{}\"", section.account)
                        },
                        error,
                    })?;
            accounts.push((section.account.clone(), crypto));
        }
        Ok(Receiver {
            accounts,
            keeper: Keeper::new(url),
            room: Semaphore::new(EVENTS_AT_ONCE),
            counts: Counts::default(),
            sync: SyncView::default(),
        })
    }

    /// Answers `/healthz` and `/metrics` for this sync.
    pub fn watching(mut self, sync: SyncView) -> Receiver {
        self.sync = sync;
        self
    }

    /// The crypto of the account a path names (`""`: the default account).
    fn crypto(&self, name: &str) -> Option<&CallbackCrypto> {
        let wanted = if name.is_empty() {
            Account::default()
        } else {
            Account::new(name)
        };
        self.accounts
            .iter()
            .find(|(a, _)| *a == wanted)
            .map(|(_, c)| c)
    }

    fn account_of(&self, name: &str) -> Account {
        if name.is_empty() {
            Account::default()
        } else {
            Account::new(name)
        }
    }

    /// The accounts it receives for.
    pub fn accounts(&self) -> Vec<&Account> {
        self.accounts.iter().map(|(a, _)| a).collect()
    }

    fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/healthz", get(health::healthz))
            .route("/metrics", get(metrics::metrics))
            .route(
                CALLBACK_PATH,
                get(callback::verify_default).post(callback::event_default),
            )
            .route(
                &format!("{CALLBACK_PATH}/{{account}}"),
                get(callback::verify).post(callback::event),
            )
            .with_state(self)
    }
}

/// Binds the listener.
pub async fn bind(address: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(address).await
}

/// Answers on `listener` until `stop` turns true; records when it was up (for gaps).
pub async fn serve(
    listener: TcpListener,
    receiver: Arc<Receiver>,
    mut stop: watch::Receiver<bool>,
) {
    let address = listener.local_addr().ok();
    tracing::info!(?address, accounts = ?receiver.accounts(), "WeCom callback listening");
    let heartbeat = tokio::spawn(heartbeat(receiver.clone(), stop.clone()));
    let router = receiver.router();
    let connections = Arc::new(Semaphore::new(CONNECTIONS));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors and the like: a moment, then on.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        // Beyond the connections allowed, a new one is closed at once.
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADERS_WITHIN)
                .max_buf_size(16 * 1024)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_LIVES, connection).await;
            drop(permit);
        });
    }
    let _ = heartbeat.await;
}

/// Records the listener's uptime in the database: at its start, every [`HEARTBEAT`], and at
/// a clean stop. A failure is logged; the listener answers WeCom regardless.
async fn heartbeat(receiver: Arc<Receiver>, mut stop: watch::Receiver<bool>) {
    let host = hostname();
    let accounts: Vec<String> = receiver
        .accounts()
        .iter()
        .map(|a| a.name().to_owned())
        .collect();
    let mut id: Option<i64> = None;
    loop {
        let stopping = *stop.borrow();
        let result = receiver
            .keeper
            .with(async |store| {
                let id = match id {
                    Some(id) => id,
                    None => {
                        let names: Vec<&str> = accounts.iter().map(String::as_str).collect();
                        store.began_listening(&host, &names).await?
                    }
                };
                store.still_listening(id, stopping).await.map(|()| id)
            })
            .await;
        match result {
            Ok(kept) => id = Some(kept),
            Err(e) => tracing::warn!("recording the WeCom listener's uptime: {e}"),
        }
        if stopping {
            return;
        }
        // Until the first record is made (the sync may still be migrating), try again soon.
        let wait = if id.is_some() {
            HEARTBEAT
        } else {
            FIRST_RECORD_RETRY
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.changed() => {}
        }
    }
}

/// This machine's name, for the uptime record.
fn hostname() -> String {
    whoami::hostname().unwrap_or_else(|_| String::from("?"))
}
