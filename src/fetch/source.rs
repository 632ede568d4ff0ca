//! The seam between the app and where its records come from.

use std::sync::Mutex;

use futures_util::future::BoxFuture;

use crate::domain::{Listening, SyncState};

pub use crate::domain::triage::Triaged;
use crate::domain::triage::timeline::Post;
use crate::domain::triage::{Action, Me, TriageEvent};
use crate::domain::{
    Account, CustomerContext, LoadFailure, Loaded, Progress, Records, ReferenceLists, Resource,
    Vendor,
};

/// Receives the records of a load as they arrive, with the progress so far.
pub type OnRecords<'a> = &'a (dyn Fn(Records, Progress) + Sync);

/// Somewhere records come from.
pub trait Source: Send + Sync {
    /// Loads every record of a resource, handing them to `on_records` as they arrive (each
    /// vendor's in page order); the result holds the errors and counts, and no records.
    fn stream<'a>(&'a self, resource: Resource, on_records: OnRecords<'a>)
    -> BoxFuture<'a, Loaded>;

    /// The outflow alerts in `[from, to]` (Unix seconds): the first load, and each live poll.
    fn outflow_since(&self, from: i64, to: i64) -> BoxFuture<'_, Loaded>;

    /// The Operators pane's reference lists; `None` when this source has none.
    fn references(&self) -> BoxFuture<'_, Option<Result<ReferenceLists, LoadFailure>>>;

    /// What the vendor knows of one customer beyond the lists: every staff member's relation
    /// and the latest `events` (none asked for when 0); `None` when this source has no such
    /// thing for the vendor.
    fn customer_context(
        &self,
        vendor: Vendor,
        account: Account,
        customer_id: String,
        events: u32,
    ) -> BoxFuture<'_, Option<Result<CustomerContext, LoadFailure>>>;

    /// When the sync's WeCom listener was up over the lookback window; `None` when this
    /// source knows nothing of one (solo mode, or no callback set up).
    fn listening(&self) -> BoxFuture<'_, Option<Result<Listening, LoadFailure>>> {
        Box::pin(async { None })
    }

    /// The team's sync: who leads, what it has let go stale; `None` when this source knows
    /// of no sync (solo mode, a database from before leases).
    fn sync_state(&self) -> BoxFuture<'_, Option<Result<SyncState, LoadFailure>>> {
        Box::pin(async { None })
    }

    /// Announcements that new outflow alerts are there to read, when the source makes them
    /// (the team database's NOTIFY): each change is one.
    fn announcements(&self) -> Option<tokio::sync::watch::Receiver<i64>> {
        None
    }

    /// The triage log after sequence number `after`; `None` when this source keeps none.
    fn triage_log(
        &self,
        after: i64,
    ) -> BoxFuture<'_, Option<Result<Vec<TriageEvent>, LoadFailure>>>;

    /// Adds `action` on `alert` to the triage log; `None` when this source keeps none.
    fn triage(&self, alert: String, action: Action) -> BoxFuture<'_, Option<Triaged>>;

    /// Adds `action` on `alert` as `vendor`, on the vendor's evidence; `None` when this source
    /// leaves that to another (a team's sync) or keeps no log.
    fn triage_by_vendor(&self, _alert: String, _action: Action) -> BoxFuture<'_, Option<Triaged>> {
        Box::pin(async { None })
    }

    /// Puts a done's note on the vendor's timeline (one attempt) and adds to the log what
    /// became of it; `None` when this source does not (the option is off, or a team's sync
    /// does it).
    fn post_timeline(&self, _post: Post) -> BoxFuture<'_, Option<Triaged>> {
        Box::pin(async { None })
    }

    /// Whom this source's triage actions are credited to; `None` when it keeps no log or
    /// cannot say yet.
    fn triage_me(&self) -> BoxFuture<'_, Option<Me>> {
        Box::pin(async { None })
    }

    /// Announcements that new triage events are there to read (the team database's NOTIFY).
    fn triage_announcements(&self) -> Option<tokio::sync::watch::Receiver<i64>> {
        None
    }
}

/// Loads every record of a resource, in vendor order. A vendor that fails does not hide what
/// the others returned.
pub async fn load(source: &dyn Source, resource: Resource) -> Loaded {
    let gathered = Mutex::new(Records::empty(resource));
    let mut loaded = source
        .stream(resource, &|records, _| {
            lock(&gathered).append(records);
        })
        .await;
    loaded.records = gathered
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    loaded.records.in_vendor_order();
    loaded
}

/// A lock that a panicked holder does not poison for the others.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
