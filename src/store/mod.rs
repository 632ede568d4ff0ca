//! PostgreSQL for team mode: one sync writes what it loads from the vendors, every dashboard
//! reads it (and, beside it, solo mode's triage log as a file). The schema is the program's own (created and migrated here, versioned); the
//! tables keep the normalized columns and the vendor's raw object as `jsonb`.

mod calls;
mod connect;
mod error;
mod lease;
mod listening;
mod read;
mod rows;
mod runs;
mod schema;
mod tls;
mod triage;
pub mod triage_file;
mod write;

pub use calls::SpentCalls;
pub use connect::{DatabaseUrl, Notification, Store};
pub use error::StoreError;
pub use lease::{LEASE_CHANNEL, Lease};
pub use read::{Freshness, Kept, RunState};
pub use rows::Row;
pub use runs::{LastRun, RunTotals};
pub use schema::SCHEMA_VERSION;
pub use tls::Tls;
pub use triage::TRIAGE_CHANNEL;
pub use write::{KeptEvent, LoadOutcome, RunSummary, Writer};

/// The channel the sync notifies after each commit of outflow alerts; the payload is the
/// newest sequence number, nothing else.
pub const OUTFLOW_CHANNEL: &str = "scrm_outflow";
