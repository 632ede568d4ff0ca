//! Triage: what a team does with an outflow alert, as an append-only log of events and the
//! state each alert is in, derived from them (a fold, like a ledger). An event is never changed
//! once written; a correction is a new event.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Utc};

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
}

impl Action {
    /// The name the log keeps: `claim`, `release`, `done`, `note`, `reopen`.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Claim => "claim",
            Action::Release => "release",
            Action::Done { .. } => "done",
            Action::Note(_) => "note",
            Action::Reopen => "reopen",
        }
    }

    /// The action from its kept parts: the name, the outcome (for `done`) and the text.
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
            _ => return None,
        })
    }

    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Action::Done { outcome, .. } => Some(*outcome),
            _ => None,
        }
    }

    /// The note it carries, empty when none.
    pub fn text(&self) -> &str {
        match self {
            Action::Done { note, .. } | Action::Note(note) => note,
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
            (_, Action::Note(_)) => Ok(()),
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

/// What the log says of a close on the vendor's evidence (the sync's and solo mode's alike).
pub fn recovered_note(staff_name: &str) -> String {
    format!("the vendor shows the customer back with {staff_name} (客户已重新添加{staff_name})")
}

/// No event: the chain of an alert's events ends.
const NONE: u32 = u32::MAX;

/// Where one alert stands, as indices into the log (no copy of any text).
#[derive(Debug, Clone, Copy)]
struct Alert {
    stage: Stage,
    /// The alert's newest event; each event links to the one before it.
    newest: u32,
}

#[derive(Debug, Clone, Copy)]
enum Stage {
    Open,
    Claimed { claim: u32 },
    Done { done: u32, claim: u32 },
}

impl Stage {
    /// As [`State::check`] without the refusal's words: no event is read.
    fn allows(self, action: &Action) -> bool {
        matches!(
            (self, action),
            (_, Action::Note(_))
                | (Stage::Open, Action::Claim | Action::Done { .. })
                | (Stage::Claimed { .. }, Action::Release | Action::Done { .. })
                | (Stage::Done { .. }, Action::Reopen)
        )
    }
}

/// Every alert's triage, derived from the log: the events in sequence order, each alert's
/// stage pointing into them.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    log: Vec<TriageEvent>,
    /// For each event, the same alert's event before it ([`NONE`] for its first).
    previous: Vec<u32>,
    /// foldhash: the keys are ours, not an attacker's, and SipHash was a fifth of the fold.
    alerts: HashMap<String, Alert, foldhash::fast::RandomState>,
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// The ledger of `events`, taken in sequence order.
    pub fn of(events: Vec<TriageEvent>) -> Ledger {
        let mut ledger = Ledger::new();
        ledger.extend(events);
        ledger
    }

    /// Applies events read after the last; one already applied (a re-read after a
    /// reconnect) is skipped. An event that does not apply to its alert's state (a log
    /// written by hand, two solo dashboards on one file) is kept in the history but changes
    /// nothing.
    pub fn extend(&mut self, events: Vec<TriageEvent>) {
        let mut events = events;
        let last = self.last_seq();
        events.retain(|e| e.seq > last);
        // A log is read in order; only a merge of two reads needs sorting.
        if !events.is_sorted_by_key(|e| e.seq) {
            events.sort_by_key(|e| e.seq);
            events.dedup_by_key(|e| e.seq);
        }
        let start = self.log.len();
        // The first read takes the events as they are: no copy of a large log.
        if start == 0 {
            self.log = events;
        } else {
            self.log.append(&mut events);
        }
        let new = self.log.len() - start;
        self.previous.reserve(new);
        // A few events per alert, as a team works.
        self.alerts.reserve(new / 4);
        for at in start..self.log.len() {
            self.apply(at);
        }
    }

    /// Applies the event at `at` in the log to its alert.
    fn apply(&mut self, at: usize) {
        let (Some(event), Ok(index)) = (self.log.get(at), u32::try_from(at)) else {
            return;
        };
        let alert = match self.alerts.get_mut(&event.alert) {
            Some(alert) => alert,
            None => self.alerts.entry(event.alert.clone()).or_insert(Alert {
                stage: Stage::Open,
                newest: NONE,
            }),
        };
        if alert.stage.allows(&event.action) {
            alert.stage = match (&event.action, alert.stage) {
                (Action::Note(_), stage) => stage,
                (Action::Claim, _) => Stage::Claimed { claim: index },
                (Action::Release | Action::Reopen, _) => Stage::Open,
                (Action::Done { .. }, Stage::Claimed { claim }) => {
                    Stage::Done { done: index, claim }
                }
                (Action::Done { .. }, _) => Stage::Done {
                    done: index,
                    claim: NONE,
                },
            };
        }
        self.previous.push(alert.newest);
        alert.newest = index;
    }

    /// The largest sequence number applied: a reader asks for what comes after it.
    pub fn last_seq(&self) -> i64 {
        self.log.last().map_or(0, |e| e.seq)
    }

    /// An alert's state: open when nobody has touched it.
    pub fn state(&self, alert: &str) -> State<'_> {
        self.alerts
            .get(alert)
            .map_or(State::Open, |a| state_of(&self.log, a.stage))
    }

    /// Every alert the log names, with its state (in no particular order).
    pub fn states(&self) -> impl Iterator<Item = (&str, State<'_>)> {
        self.alerts
            .iter()
            .map(|(key, a)| (key.as_str(), state_of(&self.log, a.stage)))
    }

    /// Whether `action` may be taken on `alert` now.
    pub fn check(&self, alert: &str, action: &Action) -> Result<(), Refusal> {
        self.state(alert).check(action)
    }

    /// An alert's events, newest first.
    pub fn history<'a>(&'a self, alert: &str) -> impl Iterator<Item = &'a TriageEvent> + 'a {
        let mut next = self.alerts.get(alert).map_or(NONE, |a| a.newest);
        std::iter::from_fn(move || {
            let event = self.log.get(next as usize)?;
            next = self.previous.get(next as usize).copied().unwrap_or(NONE);
            Some(event)
        })
    }

    /// Every event, in sequence order.
    pub fn events(&self) -> &[TriageEvent] {
        &self.log
    }

    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }
}

/// The state a stage points at.
fn state_of(log: &[TriageEvent], stage: Stage) -> State<'_> {
    let event = |at: u32| log.get(at as usize);
    match stage {
        Stage::Open => State::Open,
        Stage::Claimed { claim } => match event(claim) {
            Some(e) => State::Claimed {
                by: &e.by,
                name: &e.name,
                since: e.at,
            },
            None => State::Open,
        },
        Stage::Done { done, claim } => match event(done) {
            Some(e) => State::Done {
                by: event(claim).map_or(&e.by, |c| &c.by),
                name: event(claim).map_or(&e.name, |c| &c.name),
                outcome: e.action.outcome().unwrap_or(Outcome::Other),
                note: e.action.text(),
                at: e.at,
                claimed_at: event(claim).map(|c| c.at),
            },
            None => State::Open,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + minute * 60, 0).unwrap_or_default()
    }

    fn event(seq: i64, alert: &str, by: &str, action: Action) -> TriageEvent {
        TriageEvent {
            seq,
            alert: alert.to_owned(),
            at: at(seq),
            by: by.to_owned(),
            name: String::new(),
            host: String::from("desk-1"),
            action,
        }
    }

    #[test]
    fn claim_then_done_credits_the_claimer_and_keeps_the_note_word_for_word() {
        let note = "客户说下周再联系，已加回微信。".repeat(10);
        let ledger = Ledger::of(vec![
            event(1, "a", "alice", Action::Claim),
            event(
                2,
                "a",
                VENDOR,
                Action::Done {
                    outcome: Outcome::WonBack,
                    note: note.clone(),
                },
            ),
        ]);
        assert_eq!(
            ledger.state("a"),
            State::Done {
                by: "alice",
                name: "",
                outcome: Outcome::WonBack,
                note: &note,
                at: at(2),
                claimed_at: Some(at(1)),
            }
        );
        assert_eq!(ledger.state("b"), State::Open);
    }

    #[test]
    fn a_second_claim_is_refused_and_changes_nothing() {
        let mut ledger = Ledger::of(vec![event(1, "a", "alice", Action::Claim)]);
        assert_eq!(
            ledger.check("a", &Action::Claim),
            Err(Refusal::ClaimedBy {
                by: String::from("alice")
            })
        );
        ledger.extend(vec![event(2, "a", "bob", Action::Claim)]);
        assert_eq!(ledger.state("a").by(), Some("alice"));
        assert_eq!(ledger.history("a").count(), 2);
    }

    #[test]
    fn release_reopen_and_notes_follow_the_states() {
        let ledger = Ledger::of(vec![
            event(3, "a", "bob", Action::Release),
            event(1, "a", "alice", Action::Claim),
            event(2, "a", "alice", Action::Note(String::from("打了两次没接"))),
            event(6, "b", "bob", Action::Claim),
            event(
                4,
                "a",
                "bob",
                Action::Done {
                    outcome: Outcome::Unreachable,
                    note: String::new(),
                },
            ),
            event(5, "a", "carol", Action::Reopen),
        ]);
        // Taken in sequence order: claim, note, release, done (by bob, never claimed), reopen.
        assert_eq!(ledger.state("a"), State::Open);
        let names: Vec<&str> = ledger.history("a").map(|e| e.action.name()).collect();
        assert_eq!(names, ["reopen", "done", "release", "note", "claim"]);
        assert_eq!(ledger.history("b").count(), 1);
        assert_eq!(ledger.last_seq(), 6);
    }

    #[test]
    fn events_already_applied_are_skipped_on_a_reread() {
        let mut ledger = Ledger::of(vec![event(1, "a", "alice", Action::Claim)]);
        ledger.extend(vec![
            event(1, "a", "alice", Action::Claim),
            event(2, "a", "alice", Action::Release),
        ]);
        assert_eq!(ledger.history("a").count(), 2);
        assert!(ledger.state("a").is_open());
    }

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
