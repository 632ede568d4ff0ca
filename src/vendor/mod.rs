//! Vendor clients: wire types, authentication, paging and the mapping to domain records.
//! Nothing here knows about the UI.

pub mod decode;
pub mod error;
pub mod http;
pub mod tanma;
pub mod weiban;
pub mod youmi;
pub mod yunzhong;

pub use error::{ErrorKind, VendorError};

use crate::domain::Skipped;

/// One decoded page of a list endpoint.
#[derive(Debug)]
pub struct Page<R> {
    pub records: Vec<R>,
    pub skipped: Vec<Skipped>,
    pub has_next: bool,
    pub total: Option<u64>,
    /// The body was not valid JSON and needed escape repair to decode.
    pub repaired: bool,
}

/// Everything one vendor returned for a resource: the records of every page that arrived,
/// the records that could not be decoded, and the error that stopped paging, if any.
#[derive(Debug)]
pub struct Listing<R> {
    pub records: Vec<R>,
    pub skipped: Vec<Skipped>,
    pub error: Option<VendorError>,
    pub pages: u64,
    pub total: Option<u64>,
}

impl<R> Default for Listing<R> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
            skipped: Vec::new(),
            error: None,
            pages: 0,
            total: None,
        }
    }
}

impl<R> Listing<R> {
    /// Every page arrived.
    pub fn is_complete(&self) -> bool {
        self.error.is_none()
    }
}
