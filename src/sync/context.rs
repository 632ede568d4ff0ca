//! The alerts' stories, kept by the sync: after each outflow poll, the contexts (detail and
//! latest events) of a few customers whose alerts have none yet, newest first, one at a time
//! within the vendor's limits, so that dashboards read them instead of asking the vendor.

use crate::domain::triage::{Action, Denied, Outcome, recovered_note};
use crate::domain::{Account, AlertStory, CustomerDetail, KeptContext, Record, Vendor};
use crate::fetch::{Clients, Source};
use crate::store::{Store, StoreError};

/// Contexts fetched after each poll: two calls each; the backlog of a first load is worked
/// through over the following polls.
pub const PER_POLL: i64 = 10;
/// The events kept with a context.
const EVENTS: u32 = 5;

/// Fetches and keeps up to [`PER_POLL`] contexts; returns how many were kept.
pub async fn keep_some(clients: &Clients, store: &Store) -> Result<usize, StoreError> {
    let wanted = store.contexts_wanted(PER_POLL).await?;
    let mut kept = 0;
    for (vendor, account, customer_id) in wanted {
        let whose = (vendor, &account);
        // WeCom told of the loss: Weiban, where configured, tells the customer's story.
        let asked = if vendor == Vendor::Wecom {
            Vendor::Weiban
        } else {
            vendor
        };
        match clients
            .customer_context(asked, account.clone(), customer_id.clone(), EVENTS)
            .await
        {
            Some(Ok(context)) => {
                let kept_context = KeptContext {
                    detail: context.detail,
                    // Events that failed are left out; the detail is what matters most.
                    events: context.events.unwrap_or_default(),
                };
                store
                    .keep_context(whose, &customer_id, Ok(&kept_context))
                    .await?;
                close_recovered(store, whose, &customer_id, &kept_context.detail).await?;
                kept += 1;
            }
            Some(Err(failure)) => {
                tracing::warn!(%customer_id, "context: {failure}");
                store
                    .keep_context(whose, &customer_id, Err(&failure.to_string()))
                    .await?;
            }
            None => {
                store
                    .keep_context(whose, &customer_id, Err("no context from this vendor"))
                    .await?;
            }
        }
    }
    Ok(kept)
}

/// The vendor's evidence closes alerts by itself: each of the customer's alerts whose story
/// shows them back with the staff member becomes done/won-back by `vendor` (credited to whoever
/// had claimed it) — once per alert, so an alert a person reopened stays open.
async fn close_recovered(
    store: &Store,
    (vendor, account): (Vendor, &Account),
    customer_id: &str,
    detail: &CustomerDetail,
) -> Result<(), StoreError> {
    for alert in store.alerts_of(vendor, account, customer_id).await? {
        if AlertStory::of(&alert, Some(detail)).recovered != Some(true) {
            continue;
        }
        let key = alert.key();
        if store.vendor_closed(&key).await? {
            continue;
        }
        let done = Action::Done {
            outcome: Outcome::WonBack,
            note: recovered_note(&alert.staff_name),
        };
        match store.triage_by_vendor(&key, &done).await? {
            Ok(event) => {
                tracing::info!(alert = %key, seq = event.seq, "closed on the vendor's evidence")
            }
            // A person closed it first: their word stands.
            Err(Denied::Refused(_)) => {}
            Err(denied) => {
                tracing::warn!(alert = %key, "closing on the vendor's evidence: {denied}")
            }
        }
    }
    Ok(())
}
