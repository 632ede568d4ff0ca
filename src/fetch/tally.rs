//! How far a load across several vendors and their accounts has come.

use crate::domain::{Account, Progress, Vendor, VendorSet};

/// Counts what each account of a load has delivered and expects.
#[derive(Default)]
pub(super) struct Tally {
    sources: Vec<((Vendor, Account), SourceTally)>,
}

#[derive(Default, Clone, Copy)]
struct SourceTally {
    loaded: u64,
    total: Option<u64>,
    done: bool,
}

impl Tally {
    /// A load from `sources`: the accounts configured for the resource.
    pub(super) fn new(sources: &[(Vendor, Account)]) -> Tally {
        Tally {
            sources: sources
                .iter()
                .map(|s| (s.clone(), SourceTally::default()))
                .collect(),
        }
    }

    fn find(&mut self, vendor: Vendor, account: &Account) -> Option<&mut SourceTally> {
        self.sources
            .iter_mut()
            .find(|((v, a), _)| *v == vendor && a == account)
            .map(|(_, s)| s)
    }

    pub(super) fn add(
        &mut self,
        vendor: Vendor,
        account: &Account,
        records: usize,
        total: Option<u64>,
    ) -> Progress {
        if let Some(s) = self.find(vendor, account) {
            s.loaded += records as u64;
            s.total = total.or(s.total);
        }
        self.progress()
    }

    /// The account has sent all it will; its vendor is no longer waited for once each of its
    /// accounts is done.
    pub(super) fn finish(&mut self, vendor: Vendor, account: &Account) -> Progress {
        if let Some(s) = self.find(vendor, account) {
            s.done = true;
        }
        self.progress()
    }

    fn progress(&self) -> Progress {
        let mut progress = Progress {
            waiting: Some(VendorSet::default()),
            ..Progress::default()
        };
        for ((vendor, _), s) in &self.sources {
            progress.loaded += s.loaded;
            progress.expected += match (s.done, s.total) {
                (false, Some(total)) => total.max(s.loaded),
                _ => s.loaded,
            };
            progress.open_ended |= !s.done && s.total.is_none();
            if !s.done {
                progress.waiting = progress.waiting.map(|w| w.with(*vendor));
            }
        }
        progress
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vendor_is_waited_for_until_each_of_its_accounts_is_done() {
        let (east, west) = (Account::new("east"), Account::new("west"));
        let mut tally = Tally::new(&[
            (Vendor::Weiban, east.clone()),
            (Vendor::Weiban, west.clone()),
        ]);
        let p = tally.add(Vendor::Weiban, &east, 10, Some(30));
        assert_eq!((p.loaded, p.expected), (10, 30));
        let p = tally.add(Vendor::Weiban, &west, 5, Some(20));
        assert_eq!((p.loaded, p.expected), (15, 50));
        let p = tally.finish(Vendor::Weiban, &east);
        assert!(p.waiting.is_some_and(|w| w.contains(Vendor::Weiban)));
        let p = tally.finish(Vendor::Weiban, &west);
        assert!(p.waiting.is_some_and(|w| !w.contains(Vendor::Weiban)));
        assert_eq!((p.loaded, p.expected), (15, 15));
    }
}
