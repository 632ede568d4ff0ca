//! Paging through a list: page after page, or side by side when the first page tells how
//! many there are; what arrived before an error is kept, with the error.

use futures_util::{StreamExt, stream};

use super::{Listing, Page, Sink, VendorError};

/// A guard against a vendor that says "more" forever.
pub const MAX_PAGES: u64 = 10_000;

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
