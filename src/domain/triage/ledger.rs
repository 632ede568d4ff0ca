//! The ledger: every alert's triage derived from the log, a fold over its events in sequence
//! order that keeps indices into the log and copies no text.

use std::collections::HashMap;

use super::{Action, Outcome, Refusal, State, TriageEvent};

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
            (_, Action::Note(_) | Action::Timeline(_))
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
                (Action::Note(_) | Action::Timeline(_), stage) => stage,
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
    use chrono::{DateTime, Utc};

    use super::super::VENDOR;
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
}
