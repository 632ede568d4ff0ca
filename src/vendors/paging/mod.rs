//! Paging through a list: page after page, or side by side when the first page tells how
//! many there are; what arrived before an error is kept, with the error.

mod evidence;

use futures_util::{StreamExt, stream};

pub use evidence::Evidence;

use super::{Listing, Page, Sink, VendorError};
use crate::domain::Record;

/// Fetches every page of a list (numbered from 1) and hands each page's records to `sink` in
/// page order. When the first page tells how many pages there are, the others are fetched
/// `concurrency` at a time; otherwise page after page until one says it is the last.
///
/// What arrived before an error is kept, with the error. Paging stops where the evidence
/// says the vendor's paging lies ([`Evidence`]), with an error made by `paging_error`; a
/// record already seen on an earlier page is not handed on again.
pub async fn collect_pages<R, F, Fut>(
    fetch: F,
    paging_error: impl Fn(String) -> VendorError,
    concurrency: usize,
    sink: Sink<'_, R>,
) -> Listing<R>
where
    R: Record,
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = Result<Page<R>, VendorError>>,
{
    let mut listing = Listing::default();
    let mut evidence = Evidence::default();
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
    let mut take = |listing: &mut Listing<R>, page, number| {
        take_page(listing, &mut evidence, (page, number), sink, &paging_error)
    };
    match take(&mut listing, first, 1) {
        Flow::Done => return listing,
        Flow::More => {}
    }
    if let Some(last) = last_page {
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
            if let Flow::Done = take(&mut listing, page, number) {
                return listing;
            }
        }
    }
    // Page after page: when the count was unknown, or more arrived while paging. No cap: the
    // evidence ends a list that never does.
    for number in next.. {
        let page = match fetch(number).await {
            Ok(page) => page,
            Err(error) => {
                listing.error = Some(error.on_page(number));
                return listing;
            }
        };
        if let Flow::Done = take(&mut listing, page, number) {
            return listing;
        }
    }
    listing
}

enum Flow {
    More,
    Done,
}

/// Hands a page's new records to the sink and says whether paging goes on.
fn take_page<R: Record>(
    listing: &mut Listing<R>,
    evidence: &mut Evidence,
    (page, number): (Page<R>, u64),
    sink: Sink<'_, R>,
    paging_error: &impl Fn(String) -> VendorError,
) -> Flow {
    if page.repaired {
        tracing::debug!(page = number, "page needed escape repair");
    }
    listing.pages += 1;
    listing.total = page.total.or(listing.total);
    let mut records = page.records;
    let verdict = evidence.admit(
        number,
        &mut records,
        page.skipped.len(),
        page.has_next,
        listing.total,
    );
    listing.skipped.extend(page.skipped);
    sink(records, listing.total);
    match verdict {
        Err(why) => {
            listing.error = Some(paging_error(why));
            Flow::Done
        }
        Ok(dropped) => {
            if dropped > 0 {
                tracing::warn!(page = number, dropped, "records already seen left out");
            }
            match page.has_next {
                true => Flow::More,
                false => Flow::Done,
            }
        }
    }
}
