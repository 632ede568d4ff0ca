//! How far a load across several vendors has come.

use crate::domain::Progress;

/// Counts what each vendor of a load has delivered and expects.
#[derive(Default)]
pub(super) struct Tally {
    sources: Vec<SourceTally>,
}

#[derive(Default, Clone, Copy)]
struct SourceTally {
    loaded: u64,
    total: Option<u64>,
    done: bool,
}

impl Tally {
    pub(super) fn new(sources: usize) -> Tally {
        Tally {
            sources: vec![SourceTally::default(); sources],
        }
    }

    pub(super) fn add(&mut self, source: usize, records: usize, total: Option<u64>) -> Progress {
        if let Some(s) = self.sources.get_mut(source) {
            s.loaded += records as u64;
            s.total = total.or(s.total);
        }
        self.progress()
    }

    pub(super) fn finish(&mut self, source: usize) {
        if let Some(s) = self.sources.get_mut(source) {
            s.done = true;
        }
    }

    fn progress(&self) -> Progress {
        let mut progress = Progress::default();
        for s in &self.sources {
            progress.loaded += s.loaded;
            progress.expected += match (s.done, s.total) {
                (false, Some(total)) => total.max(s.loaded),
                _ => s.loaded,
            };
            progress.open_ended |= !s.done && s.total.is_none();
        }
        progress
    }
}
