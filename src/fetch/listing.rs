//! What the loads of one resource from many clients have in common: each client's listing
//! stamped with its account, the listings merged into one [`Loaded`], and the config's limits
//! over a vendor's.

use std::time::{Duration, Instant};

use crate::config::LimitsConfig;
use crate::domain::{Account, LoadFailure, Loaded, Record, Records, Resource, Retry, Vendor};
use crate::vendors::Listing;
use crate::vendors::limit::{Limits, Rate};

/// Every record of a page marked as the account's.
pub(super) fn stamp<R: Record>(page: &mut [R], account: &Account) {
    if account.is_default() {
        return;
    }
    for record in page {
        *record.account_mut() = account.clone();
    }
}

/// A client's listing, its records marked as the account's and its error naming it.
pub(super) fn stamped<R: Record>(mut listing: Listing<R>, account: &Account) -> Stamped<R> {
    stamp(&mut listing.records, account);
    Stamped {
        listing,
        account: account.clone(),
    }
}

/// A listing and the account it came from.
pub(super) struct Stamped<R> {
    pub listing: Listing<R>,
    pub account: Account,
}

/// The vendor's limits with the config's `[vendor.limits]` over them.
pub(super) fn limits(defaults: Limits, config: &LimitsConfig, max_answer: u64) -> Limits {
    let default_rate = |per: Duration| {
        defaults
            .rates
            .iter()
            .find(|r| r.per == per)
            .map_or(0, |r| r.calls)
    };
    let minute = config
        .per_minute
        .unwrap_or_else(|| default_rate(Rate::per_minute(0).per));
    let hour = config
        .per_hour
        .unwrap_or_else(|| default_rate(Rate::per_hour(0).per));
    Limits {
        in_flight: config.in_flight.unwrap_or(defaults.in_flight).max(1),
        rates: [Rate::per_minute(minute), Rate::per_hour(hour)]
            .into_iter()
            .filter(|r| r.calls > 0)
            .collect(),
        max_answer,
    }
}

/// Merges the listings of several clients into one result, in the order given. A failure
/// of a named account says which.
pub(super) fn merge<R>(listings: Vec<Stamped<R>>, wrap: fn(Vec<R>) -> Records) -> Loaded {
    let mut records = Vec::new();
    let mut loaded = Loaded {
        records: wrap(Vec::new()),
        errors: Vec::new(),
        skipped: Vec::new(),
        pages: 0,
        expected_pages: Some(0),
        finished_at: Instant::now(),
        window_end: None,
    };
    for Stamped { listing, account } in listings {
        // A cursor-paged list that completed had exactly the pages that came.
        let expected = listing
            .expected_pages
            .or(listing.error.is_none().then_some(listing.pages));
        records.extend(listing.records);
        loaded
            .errors
            .extend(listing.error.map(|e| named(LoadFailure::from(e), &account)));
        loaded.skipped.extend(listing.skipped);
        loaded.pages += listing.pages;
        loaded.expected_pages = loaded
            .expected_pages
            .zip(expected)
            .map(|(a, b)| a + b.max(listing.pages));
    }
    loaded.records = wrap(records);
    loaded
}

/// A failure of a named account starts with its name: `weiban /api/… : account east: …`.
pub(super) fn named(mut failure: LoadFailure, account: &Account) -> LoadFailure {
    if !account.is_default() {
        failure.detail = format!("account {account}: {}", failure.detail);
    }
    failure
}

/// No configured vendor serves the resource: a configuration error naming the sections.
pub(super) fn unavailable(resource: Resource) -> Loaded {
    let sections: Vec<String> = resource
        .vendors()
        .iter()
        .map(|v| format!("[{v}]"))
        .collect();
    let vendor = resource
        .vendors()
        .first()
        .copied()
        .unwrap_or(Vendor::Weiban);
    Loaded {
        records: Records::empty(resource),
        errors: vec![LoadFailure {
            origin: vendor.into(),
            endpoint: "-".into(),
            page: None,
            code: "config".into(),
            detail: format!(
                "configuration: no source for {resource}: add a {} section to the config",
                sections.join(" or ")
            ),
            retry: Retry::NeedsUser,
        }],
        skipped: Vec::new(),
        pages: 0,
        expected_pages: None,
        finished_at: Instant::now(),
        window_end: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::limit::MAX_ANSWER;

    #[test]
    fn limits_default_to_the_vendors_and_can_be_changed_or_lifted() {
        assert_eq!(
            limits(Limits::weiban(), &LimitsConfig::default(), MAX_ANSWER),
            Limits::weiban()
        );
        let slower = LimitsConfig {
            per_minute: Some(300),
            ..LimitsConfig::default()
        };
        assert_eq!(
            limits(Limits::weiban(), &slower, MAX_ANSWER),
            Limits {
                in_flight: 5,
                rates: vec![Rate::per_minute(300), Rate::per_hour(36_000)],
                max_answer: MAX_ANSWER,
            }
        );
        let one = LimitsConfig {
            in_flight: Some(1),
            per_minute: Some(0),
            per_hour: None,
        };
        assert_eq!(
            limits(Limits::yunzhong(), &one, MAX_ANSWER),
            Limits::lifted(1)
        );
        assert_eq!(
            limits(Limits::tanma(), &LimitsConfig::lifted(3), 1 << 20),
            Limits {
                max_answer: 1 << 20,
                ..Limits::lifted(3)
            }
        );
    }
}
