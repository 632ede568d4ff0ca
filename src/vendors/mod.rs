//! Vendor clients: one folder per vendor (wire types, authentication and signing, paging,
//! the mapping to domain records), and what they share: the HTTP client, one way to make a
//! call, rate limits, token renewal and paging. Nothing here knows about the UI.

pub mod account;
pub mod decode;
pub mod error;
pub mod http;
pub mod ledger;
pub mod limit;
mod paging;
pub mod tanma;
pub mod token;
pub mod wecom;
pub mod weiban;
pub mod youmi;
pub mod yunzhong;

pub use error::{ErrorKind, VendorError};
pub use paging::{Evidence, collect_pages};

use crate::domain::Skipped;

/// One decoded page of a list endpoint.
#[derive(Debug)]
pub struct Page<R> {
    pub records: Vec<R>,
    pub skipped: Vec<Skipped>,
    pub has_next: bool,
    pub total: Option<u64>,
    /// The number of the last page, when the page tells: the others can then be fetched
    /// concurrently.
    pub last_page: Option<u64>,
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
    /// Pages that arrived.
    pub pages: u64,
    /// Pages the list has, when the vendor tells (cursor paging does not).
    pub expected_pages: Option<u64>,
    pub total: Option<u64>,
}

impl<R> Default for Listing<R> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
            skipped: Vec::new(),
            error: None,
            pages: 0,
            expected_pages: None,
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

/// Where the records of each page go as the page arrives (in page order), with the vendor's
/// total when it is known.
pub type Sink<'a, R> = &'a mut (dyn FnMut(Vec<R>, Option<u64>) + Send);

/// Gathers the records a streamed listing hands to its sink, for callers that want them all.
pub struct Gathered<R>(Vec<R>);

impl<R> Default for Gathered<R> {
    fn default() -> Self {
        Gathered(Vec::new())
    }
}

impl<R: Send> Gathered<R> {
    pub fn sink(&mut self) -> impl FnMut(Vec<R>, Option<u64>) + Send + '_ {
        |page, _| self.0.extend(page)
    }

    /// The listing with the gathered records in it.
    pub fn into_listing(self, listing: Listing<R>) -> Listing<R> {
        Listing {
            records: self.0,
            ..listing
        }
    }
}
