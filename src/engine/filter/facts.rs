//! What the filter and the sort know of a record beyond its text: an outflow alert's triage,
//! which changes without the record changing (another dashboard claims it), and a staff
//! member's counts of alerts; kept apart from the haystack and built again when they move.

use crate::domain::ColumnKey;
use crate::domain::triage::Phase;

/// A staff member's alerts in the loaded window: all of them, the open and the claimed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub outflow: u32,
    pub open: u32,
    pub claimed: u32,
}

impl Tally {
    /// The count a column shows; `None` for a column that is not a count.
    pub fn get(&self, column: ColumnKey) -> Option<u32> {
        match column {
            ColumnKey::Outflow => Some(self.outflow),
            ColumnKey::Open => Some(self.open),
            ColumnKey::Claimed => Some(self.claimed),
            _ => None,
        }
    }
}

/// A record's triage as the filter asks about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// `None`: the record has no triage (a customer, a store), so `is:` and `by:` never match.
    pub phase: Option<Phase>,
    /// Who has it or handled it — the role and the display name, folded — empty when open.
    pub by: Box<str>,
    /// This dashboard's own user has it or handled it.
    pub mine: bool,
    /// A staff member's counts of alerts.
    pub tally: Tally,
}

impl Facts {
    /// An alert's facts: `who` are the role and the display name.
    pub fn triage<'a>(phase: Phase, who: impl IntoIterator<Item = &'a str>, mine: bool) -> Facts {
        let by: Vec<String> = who
            .into_iter()
            .filter(|w| !w.is_empty())
            .map(super::fold)
            .collect();
        Facts {
            phase: Some(phase),
            by: by.join(" ").into_boxed_str(),
            mine,
            tally: Tally::default(),
        }
    }

    /// A staff member's counts.
    pub fn counts(tally: Tally) -> Facts {
        Facts {
            tally,
            ..Facts::default()
        }
    }

    /// An alert nobody has touched.
    pub fn open() -> Facts {
        Facts::triage(Phase::Open, [], false)
    }
}

/// `is:WHAT`: a phase, or the alerts that are the user's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Is {
    Phase(Phase),
    Mine,
}

impl Is {
    /// The words `is:` takes, in the order the help lists them.
    pub const WORDS: [&'static str; 4] = ["open", "claimed", "done", "mine"];

    pub(super) fn parse(word: &str) -> Option<Is> {
        match word {
            "mine" => Some(Is::Mine),
            _ => Phase::ALL
                .into_iter()
                .find(|p| p.name() == word)
                .map(Is::Phase),
        }
    }

    pub(super) fn holds(self, facts: &Facts) -> bool {
        match self {
            Is::Phase(phase) => facts.phase == Some(phase),
            Is::Mine => facts.phase.is_some() && facts.mine,
        }
    }
}

/// `by:NAME`: someone whose role or display name contains `name` has it or handled it.
pub(super) fn by(name: &str, facts: &Facts) -> bool {
    facts.phase.is_some() && facts.by.contains(name)
}
