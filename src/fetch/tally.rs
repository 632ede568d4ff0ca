//! How far a load across several vendors has come.

use crate::domain::{Progress, Vendor, VendorSet};

/// Counts what each vendor of a load has delivered and expects.
#[derive(Default)]
pub(super) struct Tally {
    sources: Vec<(Vendor, SourceTally)>,
}

#[derive(Default, Clone, Copy)]
struct SourceTally {
    loaded: u64,
    total: Option<u64>,
    done: bool,
}

impl Tally {
    /// A load from `vendors`: the ones configured for the resource.
    pub(super) fn new(vendors: &[Vendor]) -> Tally {
        Tally {
            sources: vendors
                .iter()
                .map(|&v| (v, SourceTally::default()))
                .collect(),
        }
    }

    pub(super) fn add(&mut self, vendor: Vendor, records: usize, total: Option<u64>) -> Progress {
        if let Some((_, s)) = self.sources.iter_mut().find(|(v, _)| *v == vendor) {
            s.loaded += records as u64;
            s.total = total.or(s.total);
        }
        self.progress()
    }

    /// The vendor has sent all it will; the progress with it no longer waited for.
    pub(super) fn finish(&mut self, vendor: Vendor) -> Progress {
        if let Some((_, s)) = self.sources.iter_mut().find(|(v, _)| *v == vendor) {
            s.done = true;
        }
        self.progress()
    }

    fn progress(&self) -> Progress {
        let mut progress = Progress {
            waiting: Some(VendorSet::default()),
            ..Progress::default()
        };
        for (vendor, s) in &self.sources {
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
