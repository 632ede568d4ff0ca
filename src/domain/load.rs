//! What a load brings back, whichever source it came from: the records of one resource, how
//! far it came, and why part of it failed. Fetch tasks report these as [`LoadEvent`]s.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{CustomerContext, Record, ReferenceLists, Resource, Skipped, Vendor};

macro_rules! define_records {
    ([] $($variant:ident $field:ident => $ty:ty;)*) => {
        /// The records of one resource, whichever it is.
        #[derive(Debug)]
        pub enum Records {
            $($variant(Vec<$ty>),)*
        }

        /// A pane's records, shared with the pane so that saving or exporting them copies none.
        #[derive(Debug, Clone)]
        pub enum Snapshot {
            $($variant(Shared<$ty>),)*
        }

        /// How a record type's records are wrapped as any resource's.
        pub trait Listed: Record {
            fn records(records: Vec<Self>) -> Records;
            fn snapshot(records: Shared<Self>) -> Snapshot;
        }

        $(impl Listed for $ty {
            fn records(records: Vec<Self>) -> Records {
                Records::$variant(records)
            }

            fn snapshot(records: Shared<Self>) -> Snapshot {
                Snapshot::$variant(records)
            }
        })*
    };
}

crate::resources!(define_records);

impl Records {
    pub fn len(&self) -> usize {
        crate::each_resource!(self, Records, |r| r.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn resource(&self) -> Resource {
        fn of<R: Record>(_: &[R]) -> Resource {
            R::RESOURCE
        }
        crate::each_resource!(self, Records, |r| of(r))
    }

    /// Puts the records in vendor order (stable: each vendor's stay in page order), as they
    /// are shown and printed; vendors loaded concurrently deliver them interleaved.
    pub fn in_vendor_order(&mut self) {
        crate::each_resource!(self, Records, |r| in_vendor_order(r))
    }

    /// Appends records of the same resource (others cannot happen, and are dropped).
    pub fn append(&mut self, more: Records) {
        crate::each_resource_pair!(self, more, Records, |a, b| a.extend(b), mismatch => {
            let (records, more) = mismatch;
            tracing::error!(
                "dropped {} records of {} sent to {}",
                more.len(),
                more.resource(),
                records.resource()
            )
        })
    }

    pub fn empty(resource: Resource) -> Records {
        crate::each_record_type!(resource, |R| R::records(Vec::new()))
    }
}

/// Sorts records by vendor and account, stably (each account's stay in page order), unless
/// they already are.
pub fn in_vendor_order<R: Record>(records: &mut [R]) {
    sort_stably(records, |a, b| vendor_then_account(a, b));
}

/// The same for the panes' shared records.
pub fn in_vendor_order_shared<R: Record>(records: &mut [Arc<R>]) {
    sort_stably(records, |a, b| vendor_then_account(&**a, &**b));
}

fn vendor_then_account<R: Record>(a: &R, b: &R) -> std::cmp::Ordering {
    a.list_order(b)
}

fn sort_stably<T>(records: &mut [T], order: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if !records.is_sorted_by(|a, b| order(a, b).is_le()) {
        records.sort_by(order);
    }
}

/// Records as a pane holds them. Each record is shared, so that a refresh bringing it back
/// unchanged keeps the one held instead of a second copy; the list is shared too, so that
/// saving or exporting it copies nothing.
pub type Shared<R> = Arc<Vec<Arc<R>>>;

/// Records just loaded, shared as a pane would hold them.
impl From<Records> for Snapshot {
    fn from(records: Records) -> Snapshot {
        fn shared<R: Listed>(records: Vec<R>) -> Snapshot {
            R::snapshot(Arc::new(records.into_iter().map(Arc::new).collect()))
        }
        crate::each_resource!(records, Records, |r| shared(r))
    }
}

impl Snapshot {
    pub fn len(&self) -> usize {
        crate::each_resource!(self, Snapshot, |r| r.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether both share the very same records (not merely equal ones).
    pub fn same_as(&self, other: &Snapshot) -> bool {
        crate::each_resource_pair!(self, other, Snapshot, |a, b| Arc::ptr_eq(a, b), _ => false)
    }

    pub fn resource(&self) -> Resource {
        fn of<R: Record>(_: &Shared<R>) -> Resource {
            R::RESOURCE
        }
        crate::each_resource!(self, Snapshot, |r| of(r))
    }
}

/// Commands that carry a snapshot compare by what they share.
impl PartialEq for Snapshot {
    fn eq(&self, other: &Snapshot) -> bool {
        self.same_as(other)
    }
}

impl Eq for Snapshot {}

/// Whether, and when, asking again may help after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Soon, with a growing wait: the network, a vendor's bad moment.
    Later,
    /// Not before this long: the vendor blocks the account for calling too often.
    After(Duration),
    /// Only once the user has changed something: the configuration does not allow the call.
    NeedsUser,
}

/// Who failed: a vendor, or the team's database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Vendor(Vendor),
    Database,
    /// Solo mode's triage log file.
    TriageLog,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Vendor(vendor) => write!(f, "{vendor}"),
            Origin::Database => f.write_str("database"),
            Origin::TriageLog => f.write_str("triage log"),
        }
    }
}

impl From<Vendor> for Origin {
    fn from(vendor: Vendor) -> Origin {
        Origin::Vendor(vendor)
    }
}

/// Why part of a load failed, in words any source gives: who and where (an endpoint's path,
/// never a URL), a short code, the whole message, and when to try again.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadFailure {
    pub origin: Origin,
    pub endpoint: String,
    /// The page of a list that failed (numbered from 1) when pages before it had arrived.
    pub page: Option<u64>,
    /// Short enough for a status line: `HTTP 502`, `errcode 10001`, `timeout`.
    pub code: String,
    /// What went wrong, without vendor, endpoint or page (the display adds them).
    pub detail: String,
    pub retry: Retry,
}

impl LoadFailure {
    /// How long to leave the source alone after this failure, at least.
    pub fn retry_after(&self) -> Option<Duration> {
        match self.retry {
            Retry::After(wait) => Some(wait),
            Retry::Later | Retry::NeedsUser => None,
        }
    }

    /// Whether trying again later may help.
    pub fn is_transient(&self) -> bool {
        self.retry != Retry::NeedsUser
    }
}

impl fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.origin, self.endpoint)?;
        if let Some(page) = self.page {
            write!(f, " (page {page})")?;
        }
        write!(f, ": {}", self.detail)
    }
}

/// The result of loading a resource from every source that serves it.
#[derive(Debug)]
pub struct Loaded {
    pub records: Records,
    /// One per source whose paging did not complete; empty means every page arrived.
    pub errors: Vec<LoadFailure>,
    pub skipped: Vec<Skipped>,
    pub pages: u64,
    /// The pages the sources said there are, summed; `None` when one did not say.
    pub expected_pages: Option<u64>,
    pub finished_at: Instant,
    /// For outflow: the end of the time window asked for (Unix seconds); polls continue there.
    pub window_end: Option<i64>,
}

/// How far a load has come, for "12 400 / 100 000".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub loaded: u64,
    /// The records expected, summed over the sources that have said how many.
    pub expected: u64,
    /// Some source has not said (cursor paging): `expected` is only a lower bound.
    pub open_ended: bool,
    /// The vendors of the load still sending records, when the source says (`None`: it does
    /// not): what `get` needs to print one vendor while the next is still loading.
    pub waiting: Option<VendorSet>,
}

/// A set of vendors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VendorSet(u8);

impl VendorSet {
    fn bit(vendor: Vendor) -> u8 {
        1 << Vendor::ALL
            .iter()
            .position(|&v| v == vendor)
            .unwrap_or_default()
    }

    pub fn with(self, vendor: Vendor) -> VendorSet {
        VendorSet(self.0 | VendorSet::bit(vendor))
    }

    pub fn without(self, vendor: Vendor) -> VendorSet {
        VendorSet(self.0 & !VendorSet::bit(vendor))
    }

    pub fn contains(self, vendor: Vendor) -> bool {
        self.0 & VendorSet::bit(vendor) != 0
    }
}

/// What a fetch task reports. The event loop lifts each into the app's message.
#[derive(Debug)]
pub enum LoadEvent {
    /// Records of a load under way arrived (in batches), with its progress; the load ends
    /// with [`LoadEvent::Loaded`].
    Arrived {
        resource: Resource,
        generation: u64,
        records: Records,
        progress: Progress,
    },
    /// A load finished. Results of an older generation than the pane's are dropped.
    Loaded {
        resource: Resource,
        generation: u64,
        loaded: Loaded,
    },
    /// A live outflow poll finished.
    Polled { generation: u64, loaded: Loaded },
    /// The reference lists arrived, or the error.
    References(Result<ReferenceLists, LoadFailure>),
    /// The source says new outflow alerts are there to read (team mode's NOTIFY).
    Announced,
    /// When the sync's WeCom listener was up (team mode with WeCom's callback).
    Listening(super::Listening),
    /// The team's sync: who leads, what is stale.
    Sync(super::SyncState),
    /// The triage log after the sequence number asked for, or why it could not be read.
    TriageLog(Result<Vec<super::triage::TriageEvent>, LoadFailure>),
    /// What became of a triage action on `alert`.
    Triaged {
        alert: String,
        result: super::triage::Triaged,
    },
    /// What became of putting done `done`'s note on the vendor's timeline: the `timeline`
    /// event the log kept, or why none was.
    TimelinePosted {
        done: i64,
        result: super::triage::Triaged,
    },
    /// The source says new triage events are there to read (team mode's NOTIFY).
    TriageAnnounced,
    /// Whom this dashboard's triage actions are credited to (the database role, the OS user):
    /// what `is:mine` matches.
    TriageMe(super::triage::Me),
    /// A customer's context arrived, or why not; `None` when the source has none for the
    /// vendor.
    Context {
        vendor: Vendor,
        account: super::Account,
        customer_id: String,
        context: Option<Result<CustomerContext, LoadFailure>>,
    },
}
