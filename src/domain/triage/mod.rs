//! Triage: what a team does with an outflow alert, as an append-only log of events and the
//! state each alert is in, derived from them (a fold, like a ledger). An event is never changed
//! once written; a correction is a new event.

use std::fmt;

use chrono::{DateTime, Utc};

mod ledger;
pub mod timeline;

pub use ledger::Ledger;
pub use timeline::{Posting, Timeline};

/// The most characters a note keeps (any script; counted as characters, not bytes).
pub const NOTE_MAX: usize = 2000;

/// Who closes an alert on the vendor's evidence (the customer was re-added).
pub const VENDOR: &str = "vendor";

/// How a handled alert ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    WonBack,
    Unreachable,
    NotOurs,
    Other,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::WonBack,
        Outcome::Unreachable,
        Outcome::NotOurs,
        Outcome::Other,
    ];

    /// The name commands take and the log keeps: `won-back`.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::WonBack => "won-back",
            Outcome::Unreachable => "unreachable",
            Outcome::NotOurs => "not-ours",
            Outcome::Other => "other",
        }
    }

    /// As the vendor's Chinese console and the Chinese UI say it: `已挽回`.
    pub fn chinese(self) -> &'static str {
        match self {
            Outcome::WonBack => "已挽回",
            Outcome::Unreachable => "联系不上",
            Outcome::NotOurs => "非我方客户",
            Outcome::Other => "其他",
        }
    }

    pub fn parse(name: &str) -> Option<Outcome> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        Outcome::ALL.into_iter().find(|o| o.name() == name)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What one event does to an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Claim,
    /// A claimed alert back to open.
    Release,
    Done {
        outcome: Outcome,
        note: String,
    },
    Note(String),
    /// A done alert open again.
    Reopen,
    /// What became of a done's note on the vendor's timeline (written by the program, never
    /// by a person; the alert's state does not change).
    Timeline(Timeline),
}

impl Action {
    /// The name the log keeps: `claim`, `release`, `done`, `note`, `reopen`, `timeline`.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Claim => "claim",
            Action::Release => "release",
            Action::Done { .. } => "done",
            Action::Note(_) => "note",
            Action::Reopen => "reopen",
            Action::Timeline(_) => "timeline",
        }
    }

    /// The action from its kept parts: the name, the outcome (for `done`; for `timeline`,
    /// how the posting went) and the text.
    pub fn from_parts(name: &str, outcome: Option<&str>, text: &str) -> Option<Action> {
        Some(match name {
            "claim" => Action::Claim,
            "release" => Action::Release,
            "done" => Action::Done {
                outcome: Outcome::parse(outcome?)?,
                note: text.to_owned(),
            },
            "note" => Action::Note(text.to_owned()),
            "reopen" => Action::Reopen,
            "timeline" => Action::Timeline(Timeline::parse(outcome?, text)?),
            _ => return None,
        })
    }

    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Action::Done { outcome, .. } => Some(*outcome),
            _ => None,
        }
    }

    /// What the log's `outcome` column keeps: the outcome of a `done`, how a `timeline`
    /// posting went.
    pub fn outcome_name(&self) -> Option<&'static str> {
        match self {
            Action::Done { outcome, .. } => Some(outcome.name()),
            Action::Timeline(timeline) => Some(timeline.posting.name()),
            _ => None,
        }
    }

    /// The note it carries, empty when none.
    pub fn text(&self) -> &str {
        match self {
            Action::Done { note, .. } | Action::Note(note) => note,
            Action::Timeline(timeline) => &timeline.note,
            _ => "",
        }
    }
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageEvent {
    /// Its place in the log: later events have larger numbers.
    pub seq: i64,
    /// The alert's key ([`super::Record::key`] of the alert).
    pub alert: String,
    pub at: DateTime<Utc>,
    /// Who acted: the database role in team mode, the OS user in solo mode, [`VENDOR`] when the
    /// vendor's evidence closed the alert.
    pub by: String,
    /// The display name given in `[me] name`, beside the role (never instead of it).
    pub name: String,
    /// The dashboard's host.
    pub host: String,
    pub action: Action,
}

impl TriageEvent {
    /// The actor as people read it: the display name with the role, or the role.
    pub fn who(&self) -> String {
        if self.name.is_empty() || self.name == self.by {
            self.by.clone()
        } else {
            format!("{} ({})", self.name, self.by)
        }
    }
}

/// Where an alert stands, without the details: what the filter's `is:` asks and a sort
/// orders by (open first, then claimed, then done).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Phase {
    #[default]
    Open,
    Claimed,
    Done,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Open, Phase::Claimed, Phase::Done];

    /// `open`, `claimed` or `done`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Open => "open",
            Phase::Claimed => "claimed",
            Phase::Done => "done",
        }
    }
}

/// Where an alert stands, borrowed from the ledger's events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum State<'a> {
    #[default]
    Open,
    Claimed {
        by: &'a str,
        /// The claimer's display name (`[me] name`), empty when none was given.
        name: &'a str,
        since: DateTime<Utc>,
    },
    Done {
        /// Who handled it: the claimer when the vendor's evidence closed it.
        by: &'a str,
        /// Their display name, empty when none was given.
        name: &'a str,
        outcome: Outcome,
        note: &'a str,
        at: DateTime<Utc>,
        /// When it was claimed, if it was.
        claimed_at: Option<DateTime<Utc>>,
    },
}

impl<'a> State<'a> {
    /// `open`, `claimed` or `done`: what `get` prints and the filter's `is:` takes.
    pub fn name(&self) -> &'static str {
        self.phase().name()
    }

    /// Who has it (claimed) or handled it (done).
    pub fn by(&self) -> Option<&'a str> {
        match self {
            State::Open => None,
            State::Claimed { by, .. } | State::Done { by, .. } => Some(by),
        }
    }

    /// Who has it or handled it as people read it: the display name, else the role.
    pub fn who(&self) -> Option<&'a str> {
        match self {
            State::Open => None,
            State::Claimed { by, name, .. } | State::Done { by, name, .. } => {
                Some(if name.is_empty() { by } else { name })
            }
        }
    }

    pub fn phase(&self) -> Phase {
        match self {
            State::Open => Phase::Open,
            State::Claimed { .. } => Phase::Claimed,
            State::Done { .. } => Phase::Done,
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self, State::Open)
    }

    /// Whether `action` may follow this state, its note included.
    pub fn check(&self, action: &Action) -> Result<(), Refusal> {
        if let Action::Timeline(_) = action {
            return Ok(());
        }
        if let Action::Done { note, .. } | Action::Note(note) = action {
            let chars = note.chars().count();
            if chars > NOTE_MAX {
                return Err(Refusal::NoteTooLong(chars));
            }
            if matches!(action, Action::Note(_)) && note.trim().is_empty() {
                return Err(Refusal::EmptyNote);
            }
        }
        self.allows(action)
    }

    /// Whether this state may go where `action` leads.
    fn allows(&self, action: &Action) -> Result<(), Refusal> {
        match (self, action) {
            (_, Action::Note(_) | Action::Timeline(_)) => Ok(()),
            (State::Open, Action::Claim | Action::Done { .. }) => Ok(()),
            (State::Claimed { .. }, Action::Release | Action::Done { .. }) => Ok(()),
            (State::Done { .. }, Action::Reopen) => Ok(()),
            (State::Claimed { by, .. }, Action::Claim) => Err(Refusal::ClaimedBy {
                by: (*by).to_owned(),
            }),
            (State::Done { by, outcome, .. }, _) => Err(Refusal::AlreadyDone {
                by: (*by).to_owned(),
                outcome: *outcome,
            }),
            (State::Open, Action::Release) => Err(Refusal::NotClaimed),
            (_, Action::Reopen) => Err(Refusal::NotDone),
        }
    }
}

/// Why an action does not apply to an alert in its state (a second claim, say).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{by} has it already")]
    ClaimedBy { by: String },
    #[error("it is done ({outcome} by {by}); reopen it first")]
    AlreadyDone { by: String, outcome: Outcome },
    #[error("it is not claimed")]
    NotClaimed,
    #[error("it is not done")]
    NotDone,
    #[error("a note is at most {NOTE_MAX} characters (this one has {0})")]
    NoteTooLong(usize),
    #[error("a note needs text")]
    EmptyNote,
}

/// What became of a triage action: written (the event), denied (with why), or not reached
/// (the database down, the file unwritable).
pub type Triaged = Result<Result<TriageEvent, Denied>, super::LoadFailure>;

/// Why an action was not written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// The alert's state does not allow it (someone claimed it first, say).
    #[error("{0}")]
    Refused(Refusal),
    /// The dashboard's database role may read but not change triage.
    #[error(
        "this dashboard's database role ({role}) may not change triage: it needs the role \
         scrm_triage (GRANT scrm_triage TO {role})"
    )]
    ReadOnly { role: String },
}

/// Who a dashboard acts as in the triage log, and whether it may add to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    /// The role (team mode) or the OS user (solo mode) on this dashboard's events.
    pub name: String,
    /// False for a database role without `scrm_triage`: it may read the log, not change it.
    pub may_triage: bool,
}

/// What the log says of a close on the vendor's evidence (the sync's and solo mode's alike).
pub fn recovered_note(staff_name: &str) -> String {
    format!("the vendor shows the customer back with {staff_name} (客户已重新添加{staff_name})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_counted_in_characters() {
        let open = State::Open;
        let long = "流".repeat(NOTE_MAX);
        assert_eq!(open.check(&Action::Note(long.clone())), Ok(()));
        assert_eq!(
            open.check(&Action::Note(long + "失")),
            Err(Refusal::NoteTooLong(NOTE_MAX + 1))
        );
        assert_eq!(
            open.check(&Action::Note(String::from("  "))),
            Err(Refusal::EmptyNote)
        );
    }

    #[test]
    fn outcomes_and_actions_read_back_from_their_names() {
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::parse(outcome.name()), Some(outcome));
        }
        assert_eq!(Outcome::parse("WON_BACK"), Some(Outcome::WonBack));
        let done = Action::Done {
            outcome: Outcome::NotOurs,
            note: String::from("x"),
        };
        assert_eq!(
            Action::from_parts(done.name(), done.outcome().map(Outcome::name), done.text()),
            Some(done)
        );
        assert_eq!(Action::from_parts("done", None, ""), None);
        assert_eq!(Action::from_parts("steal", None, ""), None);
    }
}
