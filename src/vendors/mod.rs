//! Vendor clients: wire types, authentication, paging and the mapping to domain records.
//! Nothing here knows about the UI.

pub mod decode;
pub mod error;
pub mod http;
pub mod limit;
pub mod tanma;
pub mod weiban;
pub mod youmi;
pub mod yunzhong;

pub use error::{ErrorKind, VendorError};

use futures_util::{StreamExt, stream};

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

/// A guard against a vendor that says "more" forever.
pub const MAX_PAGES: u64 = 10_000;

/// Where the records of each page go as the page arrives (in page order), with the vendor's
/// total when it is known.
pub type Sink<'a, R> = &'a mut (dyn FnMut(Vec<R>, Option<u64>) + Send);

/// Fetches every page of a list (numbered from 1) and hands each page's records to `sink` in
/// page order. When the first page tells how many pages there are, the others are fetched
/// `concurrency` at a time; otherwise page after page until one says it is the last.
///
/// What arrived before an error is kept, with the error. A page that is empty but promises
/// more, or more than [`MAX_PAGES`] pages, stop paging with an error made by `paging_error`.
pub async fn collect_pages<R, F, Fut>(
    fetch: F,
    paging_error: impl Fn(String) -> VendorError,
    concurrency: usize,
    sink: Sink<'_, R>,
) -> Listing<R>
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = Result<Page<R>, VendorError>>,
{
    let mut listing = Listing::default();
    let first = match fetch(1).await {
        Ok(page) => page,
        Err(error) => {
            listing.error = Some(error);
            return listing;
        }
    };
    listing.expected_pages = match first.last_page {
        Some(last) => Some(last.max(1)),
        None if !first.has_next => Some(1),
        None => None,
    };
    let last_page = first.last_page.filter(|&last| last > 1 && concurrency > 1);
    let mut next = 2;
    match take_page(&mut listing, first, 1, sink, &paging_error) {
        Flow::Done => return listing,
        Flow::More => {}
    }
    if let Some(last) = last_page {
        let last = last.min(MAX_PAGES);
        let mut pages = stream::iter(2..=last)
            .map(|number| {
                let page = fetch(number);
                async move { (number, page.await) }
            })
            .buffered(concurrency);
        while let Some((number, page)) = pages.next().await {
            let page = match page {
                Ok(page) => page,
                Err(error) => {
                    listing.error = Some(error.on_page(number));
                    return listing;
                }
            };
            next = number + 1;
            if let Flow::Done = take_page(&mut listing, page, number, sink, &paging_error) {
                return listing;
            }
        }
    }
    // Page after page: when the count was unknown, or more arrived while paging.
    for number in next..=MAX_PAGES {
        let page = match fetch(number).await {
            Ok(page) => page,
            Err(error) => {
                listing.error = Some(error.on_page(number));
                return listing;
            }
        };
        if let Flow::Done = take_page(&mut listing, page, number, sink, &paging_error) {
            return listing;
        }
    }
    listing.error = Some(paging_error(format!("more than {MAX_PAGES} pages")));
    listing
}

enum Flow {
    More,
    Done,
}

/// Hands a page's records to the sink and says whether paging goes on.
fn take_page<R>(
    listing: &mut Listing<R>,
    page: Page<R>,
    number: u64,
    sink: Sink<'_, R>,
    paging_error: &impl Fn(String) -> VendorError,
) -> Flow {
    if page.repaired {
        tracing::debug!(page = number, "page needed escape repair");
    }
    let empty = page.records.is_empty() && page.skipped.is_empty();
    listing.pages += 1;
    listing.total = page.total.or(listing.total);
    listing.skipped.extend(page.skipped);
    sink(page.records, listing.total);
    if !page.has_next {
        return Flow::Done;
    }
    if empty {
        listing.error = Some(paging_error(format!(
            "page {number} is empty but more were promised"
        )));
        return Flow::Done;
    }
    Flow::More
}
