//! The budget survives the handover. Every vendor call is counted per account, endpoint and
//! minute ([`crate::vendors::ledger`]) and kept in the database every [`KEEP_EVERY`]; a sync
//! that takes the lease counts the calls of the last minute and hour as already spent in its
//! limiters, so a failover never goes past a vendor's limits.

use std::collections::BTreeSet;
use std::time::Duration;

use tokio::sync::watch;

use crate::fetch::Clients;
use crate::store::{DatabaseUrl, Store, StoreError};
use crate::vendors::limit::Rate;

/// How often the calls made are kept.
pub const KEEP_EVERY: Duration = Duration::from_secs(1);
/// Calls a leader killed outright may have made without their being kept: its last
/// [`KEEP_EVERY`] and the write's time. Counted as spent on top of what was kept.
const UNKEPT_AT_MOST: Duration = Duration::from_secs(2);
/// How long keeping the calls may take.
const KEEP_WITHIN: Duration = Duration::from_secs(2);

/// Counts the calls kept in the database (another sync's, before this one took over) as
/// spent in each account's limiter.
pub async fn inherit(clients: &Clients, store: &Store) -> Result<(), StoreError> {
    let now = chrono::Utc::now().timestamp().div_euclid(60);
    let kept = store.calls_since(now - 60).await?;
    for (vendor, handle) in clients.handles_of_all() {
        let mine: Vec<_> = kept
            .iter()
            .filter(|c| c.vendor == vendor && c.account == *handle.name())
            .collect();
        let endpoints: BTreeSet<&str> = mine.iter().map(|c| c.endpoint.as_str()).collect();
        for endpoint in endpoints {
            handle.limiter().spend(endpoint, |rate: Rate| {
                // The minutes a window reaches into, the current one included: a whole minute
                // counts even where only its end is inside (more spent, never less).
                let minutes = i64::try_from(rate.per.as_secs().div_ceil(60)).unwrap_or(60);
                let kept: u32 = mine
                    .iter()
                    .filter(|c| c.endpoint == endpoint && c.minute >= now - minutes)
                    .map(|c| c.calls)
                    .sum();
                let unkept = (f64::from(rate.calls) * UNKEPT_AT_MOST.as_secs_f64()
                    / rate.per.as_secs_f64().max(1.0))
                .ceil() as u32;
                kept.saturating_add(unkept)
            });
        }
    }
    Ok(())
}

/// Keeps the calls made every [`KEEP_EVERY`] until `done` (the puller has stopped), then a
/// last time. Calls that could not be kept are counted again for the next time.
pub async fn keep(clients: &Clients, url: &DatabaseUrl, mut done: watch::Receiver<bool>) {
    let url = url.named("scrm-tui sync (calls)");
    let mut store: Option<Store> = None;
    loop {
        let finished = *done.borrow();
        keep_once(clients, &url, &mut store).await;
        if finished {
            return;
        }
        tokio::select! {
            () = tokio::time::sleep(KEEP_EVERY) => {}
            _ = done.changed() => {}
        }
    }
}

async fn keep_once(clients: &Clients, url: &DatabaseUrl, store: &mut Option<Store>) {
    for (vendor, handle) in clients.handles_of_all() {
        let taken = handle.ledger().take_unsaved();
        if taken.is_empty() {
            continue;
        }
        let rows: Vec<(&str, i64, u32)> = taken
            .iter()
            .map(|c| (c.endpoint, c.minute, c.calls))
            .collect();
        let kept = tokio::time::timeout(KEEP_WITHIN, async {
            if store.as_ref().is_none_or(Store::is_closed) {
                *store = Some(Store::connect(url).await?);
            }
            match store.as_mut() {
                Some(store) => store.keep_calls((vendor, handle.name()), &rows).await,
                None => Ok(()),
            }
        })
        .await;
        if !matches!(kept, Ok(Ok(()))) {
            if let Ok(Err(e)) = &kept {
                tracing::debug!("keeping the vendor calls: {e}");
            }
            *store = None;
            handle.ledger().give_back(taken);
        }
    }
}
