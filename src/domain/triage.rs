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

/// Where an alert stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum State {
    #[default]
    Open,
    Claimed {
        by: String,
        since: DateTime<Utc>,
    },
    Done {
        /// Who handled it: the claimer when the vendor's evidence closed it.
        by: String,
        outcome: Outcome,
        note: String,
        at: DateTime<Utc>,
        /// When it was claimed, if it was.
        claimed_at: Option<DateTime<Utc>>,
    },
}

impl State {
    /// `open`, `claimed` or `done`: what `get` prints and the filter's `is:` takes.
    pub fn name(&self) -> &'static str {
        match self {
            State::Open => "open",
            State::Claimed { .. } => "claimed",
            State::Done { .. } => "done",
        }
    }

    /// Who has it (claimed) or handled it (done).
    pub fn by(&self) -> Option<&str> {
        match self {
            State::Open => None,
            State::Claimed { by, .. } | State::Done { by, .. } => Some(by),
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self, State::Open)
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

/// An alert's triage: its state, the notes, and the events that made it (oldest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Triage {
    pub state: State,
    pub events: Vec<TriageEvent>,
}

impl Triage {
    /// Whether `action` by `by` may follow the current state.
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
        match (&self.state, action) {
            (_, Action::Note(_)) => Ok(()),
            (State::Open, Action::Claim | Action::Done { .. }) => Ok(()),
            (State::Claimed { .. }, Action::Release | Action::Done { .. }) => Ok(()),
            (State::Done { .. }, Action::Reopen) => Ok(()),
            (State::Claimed { by, .. }, Action::Claim) => {
                Err(Refusal::ClaimedBy { by: by.clone() })
            }
            (State::Done { by, outcome, .. }, _) => Err(Refusal::AlreadyDone {
                by: by.clone(),
                outcome: *outcome,
            }),
            (State::Open, Action::Release) => Err(Refusal::NotClaimed),
            (_, Action::Reopen) => Err(Refusal::NotDone),
        }
    }

    /// Applies one event. An event that does not apply (a log written by hand, two solo
    /// dashboards on one file) is kept in the history but changes nothing.
    pub fn apply(&mut self, event: TriageEvent) {
        if self.check(&event.action).is_ok() {
            self.state = match (&self.state, &event.action) {
                (_, Action::Note(_)) => self.state.clone(),
                (_, Action::Claim) => State::Claimed {
                    by: event.by.clone(),
                    since: event.at,
                },
                (_, Action::Release | Action::Reopen) => State::Open,
                (previous, Action::Done { outcome, note }) => {
                    let (by, claimed_at) = match previous {
                        State::Claimed { by, since } => (by.clone(), Some(*since)),
                        _ => (event.by.clone(), None),
                    };
                    State::Done {
                        by,
                        outcome: *outcome,
                        note: note.clone(),
                        at: event.at,
                        claimed_at,
                    }
                }
            };
        }
        self.events.push(event);
    }

    /// Every note in order: the done notes and the free ones.
    pub fn notes(&self) -> impl Iterator<Item = &TriageEvent> {
        self.events.iter().filter(|e| !e.action.text().is_empty())
    }

    /// The last `n` events, newest first: what the story shows.
    pub fn recent(&self, n: usize) -> impl Iterator<Item = &TriageEvent> {
        self.events.iter().rev().take(n)
    }
}

/// Every alert's triage, derived from the log.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    alerts: HashMap<String, Triage>,
    /// The largest sequence number applied: a reader asks for what comes after it.
    last_seq: i64,
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// The ledger of `events`, taken in sequence order.
    pub fn of(events: impl IntoIterator<Item = TriageEvent>) -> Ledger {
        let mut ledger = Ledger::new();
        ledger.extend(events);
        ledger
    }

    /// Applies events read after the last; one already applied (a re-read after a reconnect)
    /// is skipped.
    pub fn extend(&mut self, events: impl IntoIterator<Item = TriageEvent>) {
        let mut events: Vec<TriageEvent> = events
            .into_iter()
            .filter(|e| e.seq > self.last_seq)
            .collect();
        events.sort_by_key(|e| e.seq);
        for event in events {
            self.last_seq = event.seq;
            self.alerts
                .entry(event.alert.clone())
                .or_default()
                .apply(event);
        }
    }

    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    /// An alert's triage; `None` when nobody has touched it (it is open).
    pub fn get(&self, alert: &str) -> Option<&Triage> {
        self.alerts.get(alert)
    }

    /// An alert's state: open when nobody has touched it.
    pub fn state(&self, alert: &str) -> &State {
        static OPEN: State = State::Open;
        self.alerts.get(alert).map_or(&OPEN, |t| &t.state)
    }

    /// Every event, in sequence order.
    pub fn events(&self) -> Vec<&TriageEvent> {
        let mut all: Vec<&TriageEvent> = self.alerts.values().flat_map(|t| &t.events).collect();
        all.sort_by_key(|e| e.seq);
        all
    }

    pub fn is_empty(&self) -> bool {
        self.alerts.is_empty()
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
        let ledger = Ledger::of([
            event(1, "a", "alice", Action::Claim),
            event(
                2,
                "a",
                "alice",
                Action::Done {
                    outcome: Outcome::WonBack,
                    note: note.clone(),
                },
            ),
        ]);
        assert_eq!(
            ledger.state("a"),
            &State::Done {
                by: String::from("alice"),
                outcome: Outcome::WonBack,
                note,
                at: at(2),
                claimed_at: Some(at(1)),
            }
        );
        assert_eq!(ledger.state("b"), &State::Open);
    }

    #[test]
    fn a_second_claim_is_refused_and_changes_nothing() {
        let mut triage = Triage::default();
        triage.apply(event(1, "a", "alice", Action::Claim));
        assert_eq!(
            triage.check(&Action::Claim),
            Err(Refusal::ClaimedBy {
                by: String::from("alice")
            })
        );
        triage.apply(event(2, "a", "bob", Action::Claim));
        assert_eq!(triage.state.by(), Some("alice"));
        assert_eq!(triage.events.len(), 2);
    }

    #[test]
    fn release_reopen_and_notes_follow_the_states() {
        let ledger = Ledger::of([
            event(3, "a", "bob", Action::Release),
            event(1, "a", "alice", Action::Claim),
            event(2, "a", "alice", Action::Note(String::from("打了两次没接"))),
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
        assert_eq!(ledger.state("a"), &State::Open);
        let triage = ledger.get("a").unwrap();
        assert_eq!(triage.notes().count(), 1);
        let names: Vec<&str> = triage.recent(5).map(|e| e.action.name()).collect();
        assert_eq!(names, ["reopen", "done", "release", "note", "claim"]);
        assert_eq!(ledger.last_seq(), 5);
    }

    #[test]
    fn events_already_applied_are_skipped_on_a_reread() {
        let mut ledger = Ledger::of([event(1, "a", "alice", Action::Claim)]);
        ledger.extend([
            event(1, "a", "alice", Action::Claim),
            event(2, "a", "alice", Action::Release),
        ]);
        assert_eq!(ledger.get("a").unwrap().events.len(), 2);
        assert!(ledger.state("a").is_open());
    }

    #[test]
    fn notes_are_counted_in_characters() {
        let triage = Triage::default();
        let long = "流".repeat(NOTE_MAX);
        assert_eq!(triage.check(&Action::Note(long.clone())), Ok(()));
        assert_eq!(
            triage.check(&Action::Note(long + "失")),
            Err(Refusal::NoteTooLong(NOTE_MAX + 1))
        );
        assert_eq!(
            triage.check(&Action::Note(String::from("  "))),
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
