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

/// A guard against a vendor that says "more" forever.
pub const MAX_PAGES: u64 = 10_000;

/// Fetches page after page (numbered from 1) until a page says it is the last. What arrived
/// before an error is kept, with the error; a page that is empty but promises more, or more
/// than [`MAX_PAGES`] pages, stop paging with an error made by `paging_error`.
pub async fn collect_pages<R, F, Fut>(
    mut fetch: F,
    paging_error: impl Fn(String) -> VendorError,
) -> Listing<R>
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = Result<Page<R>, VendorError>>,
{
    let mut listing = Listing::default();
    for number in 1..=MAX_PAGES {
        let page = match fetch(number).await {
            Ok(page) => page,
            Err(error) => {
                listing.error = Some(error);
                return listing;
            }
        };
        if page.repaired {
            tracing::debug!(page = number, "page needed escape repair");
        }
        let empty = page.records.is_empty() && page.skipped.is_empty();
        listing.pages += 1;
        listing.total = page.total.or(listing.total);
        listing.records.extend(page.records);
        listing.skipped.extend(page.skipped);
        if !page.has_next {
            return listing;
        }
        if empty {
            listing.error = Some(paging_error(format!(
                "page {number} is empty but more were promised"
            )));
            return listing;
        }
    }
    listing.error = Some(paging_error(format!("more than {MAX_PAGES} pages")));
    listing
}
