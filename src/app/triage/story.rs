//! The alert's triage in its story: where it stands, then its last events, newest first.

use chrono::{DateTime, Utc};

use super::outcome_label;
use crate::app::story::{StoryLine, Teller, Tone};
use crate::domain::triage::{Action, Posting, State, TriageEvent};
use crate::domain::{OutflowAlert, Record};

/// The events a story lists.
pub const TRIAGE_SHOWN: usize = 5;

impl Teller<'_> {
    pub(crate) fn triage_lines(&self, alert: &OutflowAlert) -> Vec<StoryLine> {
        let lang = self.settings.lang;
        let key = alert.key();
        let ledger = &self.triage.ledger;
        let state = ledger.state(&key);
        let by = state.who().unwrap_or_default();
        let (value, tone) = match state {
            State::Open => (lang.pick(["open", "待处理"]).to_owned(), Tone::Bad),
            State::Claimed { since, .. } => (
                lang.pick([
                    format!("claimed by {by} {} ago", self.age(since)),
                    format!("{by} 已认领（{}前）", self.age(since)),
                ]),
                Tone::Plain,
            ),
            State::Done { outcome, at, .. } => (
                lang.pick([
                    format!(
                        "✓ {} by {by}, {}",
                        outcome_label(outcome, lang),
                        self.when(at)
                    ),
                    format!(
                        "✓ {}（{by}，{}）",
                        outcome_label(outcome, lang),
                        self.when(at)
                    ),
                ]),
                Tone::Good,
            ),
        };
        let mut lines = vec![StoryLine {
            label: lang.pick(["Triage", "处理"]).to_owned(),
            value,
            tone,
        }];
        for event in ledger.history(&key).take(TRIAGE_SHOWN) {
            lines.push(StoryLine {
                label: String::new(),
                value: self.event_text(event),
                tone: match &event.action {
                    Action::Timeline(t) if t.posting != Posting::Posted => Tone::Error,
                    _ => Tone::Dim,
                },
            });
        }
        lines
    }

    fn event_text(&self, event: &TriageEvent) -> String {
        let what = match &event.action {
            Action::Done { outcome, note } if note.is_empty() => format!("done {outcome}"),
            Action::Done { outcome, note } => format!("done {outcome}: {note}"),
            Action::Note(note) => format!("note: {note}"),
            Action::Timeline(t) => format!("timeline {}: {}", t.posting.name(), t.detail()),
            other => other.name().to_owned(),
        };
        format!("{} {} {what}", self.when(event.at), event.who())
    }

    /// `12-03 14:02`, in the configured zone.
    fn when(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.settings.zone)
            .format("%m-%d %H:%M")
            .to_string()
    }

    /// `12m`, `3h`, `2d`: how long ago, by the wall clock.
    pub(crate) fn age(&self, since: DateTime<Utc>) -> String {
        age(self.wall, since)
    }
}

/// `12m`, `3h`, `2d`: how long ago `since` was at `wall`.
fn age(wall: DateTime<Utc>, since: DateTime<Utc>) -> String {
    let minutes = (wall - since).num_minutes().max(0);
    match minutes {
        0..60 => format!("{minutes}m"),
        60..1440 => format!("{}h", minutes / 60),
        _ => format!("{}d", minutes / 1440),
    }
}
