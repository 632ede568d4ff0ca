//! Why the sync cannot run at all (it keeps going through every other failure).

use crate::fetch::FetchError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Clients(#[from] FetchError),
    #[error("no vendor configured: the sync needs at least one vendor section (or --demo)")]
    NoVendor,
    /// Team mode keeps one account per vendor so far: its tables have no account column.
    #[error(
        "[[{0}]] names {1} accounts: the sync keeps one account per vendor so far; run a \
         sync per account, each with its own database, or a dashboard in solo mode"
    )]
    ManyAccounts(crate::domain::Vendor, usize),
    /// The database's schema is newer than this program knows.
    #[error(transparent)]
    Schema(StoreError),
}
