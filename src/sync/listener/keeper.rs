//! The receiver's own database connection: events are committed on it, one at a time (WeCom
//! sends a handful a second at most), apart from the puller's long loads. A connection that
//! failed is dropped and made again for the next event, so a database that comes back is
//! used at once; WeCom's retry of an event that failed is what carries it over the outage.

use std::time::Duration;

use tokio::sync::Mutex;

use crate::domain::ContactChange;
use crate::store::{DatabaseUrl, KeptEvent, Store, StoreError};

/// How long keeping one event may take: WeCom gives up on an answer after 5 s.
pub const KEEP_WITHIN: Duration = Duration::from_secs(4);

/// Why an event was not kept.
#[derive(Debug, thiserror::Error)]
pub enum Unkept {
    #[error("the database took longer than {}s", KEEP_WITHIN.as_secs())]
    Slow,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub struct Keeper {
    url: DatabaseUrl,
    store: Mutex<Option<Store>>,
}

impl Keeper {
    pub fn new(url: DatabaseUrl) -> Keeper {
        Keeper {
            url,
            store: Mutex::new(None),
        }
    }

    /// Commits an event (and its alert), within [`KEEP_WITHIN`].
    pub async fn keep(&self, change: &ContactChange) -> Result<KeptEvent, Unkept> {
        let kept = tokio::time::timeout(KEEP_WITHIN, async {
            let mut slot = self.store.lock().await;
            let store = self.connected(&mut slot).await?;
            let kept = store.keep_wecom_event(change).await;
            if kept.is_err() {
                // Whatever went wrong, the next event starts on a new connection.
                *slot = None;
            }
            kept
        })
        .await;
        match kept {
            Ok(kept) => Ok(kept?),
            Err(_) => {
                // The statement may still be running: that connection is not used again.
                if let Ok(mut slot) = self.store.try_lock() {
                    *slot = None;
                }
                Err(Unkept::Slow)
            }
        }
    }

    /// Runs `f` on the connection (made if need be), dropping it when `f` fails.
    pub async fn with<T>(
        &self,
        f: impl AsyncFnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut slot = self.store.lock().await;
        let store = self.connected(&mut slot).await?;
        let result = f(store).await;
        if result.is_err() {
            *slot = None;
        }
        result
    }

    async fn connected<'a>(
        &self,
        slot: &'a mut Option<Store>,
    ) -> Result<&'a mut Store, StoreError> {
        if slot.as_ref().is_some_and(Store::is_closed) {
            *slot = None;
        }
        if slot.is_none() {
            *slot = Some(Store::connect(&self.url).await?);
        }
        slot.as_mut().ok_or_else(|| StoreError::Connect {
            target: self.url.target().to_owned(),
            detail: String::from("no connection"),
        })
    }
}
