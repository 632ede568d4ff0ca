//! What a list's pages have shown so far, to tell a vendor whose paging lies from a long list:
//! no fixed cap on pages, but bounds that follow the evidence — an empty page that promises
//! more, a page that brings no record not already seen, pages far beyond the vendor's own
//! total. A record already seen is never handed on twice.

use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use crate::domain::Record;

/// How many times the pages the vendor's total makes may be fetched before paging is called
/// off: a list that grows while it is read stays well inside, one that never ends does not.
const BEYOND_TOTAL: u64 = 2;

/// The records of one list seen so far, by a 64-bit hash of their key: 8 bytes a record (a
/// million keys: a chance of one in tens of millions that two collide and one is dropped).
#[derive(Debug, Default)]
pub struct Evidence {
    seen: HashSet<u64>,
    /// Records on the first page that had any: the page size, as far as paging can tell.
    page_size: Option<u64>,
}

/// Why paging stops, in words for the error.
pub type Stop = String;

impl Evidence {
    /// Checks page `number` and keeps in `records` only the ones not seen before; says how
    /// many it dropped, or why paging must stop (the page's new records are kept even then).
    pub fn admit<R: Record>(
        &mut self,
        number: u64,
        records: &mut Vec<R>,
        skipped: usize,
        has_next: bool,
        total: Option<u64>,
    ) -> Result<usize, Stop> {
        let arrived = records.len();
        if arrived + skipped == 0 {
            return match has_next {
                true => Err(format!("page {number} is empty but more were promised")),
                false => Ok(0),
            };
        }
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        records.retain(|r| self.seen.insert(hasher.hash_one(r.key())));
        let dropped = arrived - records.len();
        if arrived > 0 && records.is_empty() && skipped == 0 {
            return Err(format!(
                "page {number} brings only records already seen (a page repeated)"
            ));
        }
        let size = *self.page_size.get_or_insert((arrived + skipped) as u64);
        if let Some(total) = total.filter(|_| has_next && size > 0) {
            let pages = total.div_ceil(size).max(1);
            if number > pages * BEYOND_TOTAL {
                return Err(format!(
                    "page {number} is far beyond the {pages} pages of {size} that the vendor's \
                     total of {total} makes"
                ));
            }
        }
        Ok(dropped)
    }
}

#[cfg(test)]
mod tests;
