//! Normalized records: what `scrm-tui get` prints and what the panes show.
//!
//! Vendor modules map their wire types into these; the UI reads only these. Every record keeps
//! its vendor's raw object as compact text ([`RawJson`]), decoded on demand for the detail view.
//! Each record type declares itself once — names, key, vendors, columns, its table — in its
//! file under `records/`; `get`, exports, the commands, the panes and the store all read that.

mod account;
mod cell;
pub mod column;
mod contact_change;
mod context;
mod listening;
mod load;
pub mod output;
mod raw;
mod record;
mod records;
mod reference;
mod resource;
pub mod stored;
mod sync_state;
pub mod triage;

pub use account::{Account, AccountScope};
pub use cell::{Cell, rfc3339};
pub use column::{ColumnSpec, PaneColumn, Show};
pub use contact_change::{ChangeType, ContactChange};
pub use context::{
    AddWay, AlertStory, CustomerContext, CustomerDetail, CustomerEvent, CustomerKind, Follow,
    KeptContext,
};
pub use listening::{Gap, Listening, Uptime};
pub use load::{
    Listed, LoadEvent, LoadFailure, Loaded, Origin, Progress, Records, Retry, Shared, Snapshot,
    VendorSet, in_vendor_order, in_vendor_order_shared,
};
pub use raw::RawJson;
pub use record::{Column, ColumnKey, Record};
// Every record type and what they share, as `records` lists them.
pub use records::*;
pub use reference::{ReferenceList, ReferenceLists};
pub use resource::{Descriptor, Resource, Vendor};
pub use sync_state::{STALE_AFTER_INTERVALS, Stale, SyncState};
