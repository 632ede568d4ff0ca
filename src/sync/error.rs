//! Why the sync cannot run at all (it keeps going through every other failure).

use crate::fetch::FetchError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Clients(#[from] FetchError),
    #[error("no vendor configured: the sync needs at least one vendor section (or --demo)")]
    NoVendor,
    /// The database's schema is newer than this program knows.
    #[error(transparent)]
    Schema(StoreError),
    #[error(transparent)]
    Wecom(#[from] super::listener::BadSection),
    #[error("[sync] listen = \"{address}\": {error}")]
    Listen {
        address: std::net::SocketAddr,
        error: std::io::Error,
    },
}
