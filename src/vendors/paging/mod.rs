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
    let mut pager = Pager {
        listing: Listing::default(),
        evidence: Evidence::default(),
        sink,
        paging_error,
    };
    let first = match fetch(1).await {
        Ok(page) => page,
        Err(error) => {
            pager.listing.error = Some(error);
            return pager.listing;
        }
    };
    pager.listing.expected_pages = match first.last_page {
        Some(last) => Some(last.max(1)),
        None if !first.has_next => Some(1),
        None => None,
    };
    let last_page = first.last_page.filter(|&last| last > 1 && concurrency > 1);
    if let Flow::Done = pager.take(Ok(first), 1) {
        return pager.listing;
    }
    let mut next = 2;
    if let Some(last) = last_page {
        let mut pages = stream::iter(2..=last)
            .map(|number| {
                let page = fetch(number);
                async move { (number, page.await) }
            })
            .buffered(concurrency);
        while let Some((number, page)) = pages.next().await {
            next = number + 1;
            if let Flow::Done = pager.take(page, number) {
                return pager.listing;
            }
        }
    }
    // Page after page: when the count was unknown, or more arrived while paging. No cap: the
    // evidence ends a list that never does.
    for number in next.. {
        if let Flow::Done = pager.take(fetch(number).await, number) {
            break;
        }
    }
    pager.listing
}

/// What paging has gathered so far, and where its pages go.
struct Pager<'s, R, E> {
    listing: Listing<R>,
    evidence: Evidence,
    sink: Sink<'s, R>,
    paging_error: E,
}

impl<R: Record, E: Fn(String) -> VendorError> Pager<'_, R, E> {
    /// Takes a page, or the error that came instead of it (which ends paging).
    fn take(&mut self, page: Result<Page<R>, VendorError>, number: u64) -> Flow {
        match page {
            Ok(page) => take_page(
                &mut self.listing,
                &mut self.evidence,
                (page, number),
                self.sink,
                &self.paging_error,
            ),
            Err(error) => {
                self.listing.error = Some(error.on_page(number));
                Flow::Done
            }
        }
    }
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
