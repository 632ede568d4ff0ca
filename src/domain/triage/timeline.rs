//! A done's note on the customer's timeline at the vendor (Weiban's customer events, opt-in
//! with `[triage] weiban_timeline`), so that the vendor's console shows it too. The triage log
//! keeps what became of each posting as a `timeline` event: posted, to be retried, or failed
//! for good. A note is posted at most [`ATTEMPTS`] times, never again once it went through.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::{Action, Ledger, NOTE_MAX, Outcome, TriageEvent, VENDOR};
use crate::domain::{LoadFailure, OutflowAlert, Vendor};

/// The most characters of a note the vendor's event keeps; a longer note is cut there.
pub const CONTENT_MAX: usize = 512;
/// The most characters of an event's title (Weiban's errcode 20606 past it).
pub const TITLE_MAX: usize = 32;
/// Tries per note, the first included.
pub const ATTEMPTS: u32 = 3;
/// The wait before a failed posting is tried again.
pub const RETRY_AFTER: TimeDelta = TimeDelta::minutes(1);
/// How old a done may be and still be posted: turning the option on does not send the
/// history of the log to the vendor, and a note is not posted days late.
pub const WINDOW: TimeDelta = TimeDelta::hours(24);

/// How one posting went: the log's `outcome` column for a `timeline` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posting {
    Posted,
    /// Failed in a way that may pass (a timeout, a 502, the rate limit); tried again later.
    Retry,
    /// Failed for good (the vendor refused it, or the last attempt failed).
    Failed,
}

impl Posting {
    pub const ALL: [Posting; 3] = [Posting::Posted, Posting::Retry, Posting::Failed];

    /// `posted`, `retry` or `failed`.
    pub fn name(self) -> &'static str {
        match self {
            Posting::Posted => "posted",
            Posting::Retry => "retry",
            Posting::Failed => "failed",
        }
    }

    pub fn parse(name: &str) -> Option<Posting> {
        Posting::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// A `timeline` event: which done it is about, how it went, and the words the log keeps
/// (`#41 posted to …`: the done's sequence number first, so the log reads on its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub done: i64,
    pub posting: Posting,
    pub note: String,
}

impl Timeline {
    pub fn new(done: i64, posting: Posting, detail: &str) -> Timeline {
        Timeline {
            done,
            posting,
            note: cut(&format!("#{done} {detail}"), NOTE_MAX),
        }
    }

    /// A kept `timeline` event read back: its posting and its note (`#41 …`).
    pub fn parse(posting: &str, note: &str) -> Option<Timeline> {
        let (number, _) = note.strip_prefix('#')?.split_once(' ')?;
        Some(Timeline {
            done: number.parse().ok()?,
            posting: Posting::parse(posting)?,
            note: note.to_owned(),
        })
    }

    /// The note without the done's number.
    pub fn detail(&self) -> &str {
        self.note.split_once(' ').map_or("", |(_, rest)| rest)
    }
}

/// One note to post: what the vendor's `external_user_event/add` takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// The done event's sequence number.
    pub done: i64,
    /// Which try this is, from 1.
    pub attempt: u32,
    /// The alert's key: the `timeline` event is written on it.
    pub alert: String,
    pub customer_id: String,
    /// The staff member as the vendor's customer detail names them (the ext_id).
    pub staff_id: String,
    pub title: String,
    /// The note, cut to [`CONTENT_MAX`] characters.
    pub content: String,
    /// Whether the note was longer than the content.
    pub cut: bool,
}

impl Post {
    /// The posting of `done`'s note on `alert`; `None` when there is nothing to post: not a
    /// done, no note, a close on the vendor's own evidence, or a vendor without a timeline.
    pub fn of(done: &TriageEvent, attempt: u32, alert: &OutflowAlert) -> Option<Post> {
        let Action::Done { outcome, note } = &done.action else {
            return None;
        };
        if note.trim().is_empty() || done.by == VENDOR || alert.vendor != Vendor::Weiban {
            return None;
        }
        let who = if done.name.is_empty() {
            &done.by
        } else {
            &done.name
        };
        Some(Post {
            done: done.seq,
            attempt,
            alert: done.alert.clone(),
            customer_id: alert.customer_id.clone(),
            staff_id: alert.staff_key().to_owned(),
            title: title(*outcome, who),
            content: cut(note, CONTENT_MAX),
            cut: note.chars().count() > CONTENT_MAX,
        })
    }

    /// What the log keeps of this attempt: the vendor's event id when it gave one, else why
    /// it failed and whether it will be tried again.
    pub fn result(&self, answer: Result<Option<i64>, &LoadFailure>) -> Timeline {
        let (posting, detail) = match answer {
            Ok(id) => {
                let event = id.map(|id| format!(" as event {id}")).unwrap_or_default();
                let cut = if self.cut {
                    format!(
                        "; its first {} characters, the log keeps all",
                        CONTENT_MAX - 1
                    )
                } else {
                    String::new()
                };
                (
                    Posting::Posted,
                    format!(
                        "posted to Weiban's customer timeline{event}{cut} (已写入微伴客户动态)"
                    ),
                )
            }
            Err(failure) => {
                let again = failure.is_transient() && self.attempt < ATTEMPTS;
                let then = if again {
                    "tried again in a minute"
                } else {
                    "not tried again"
                };
                (
                    if again {
                        Posting::Retry
                    } else {
                        Posting::Failed
                    },
                    format!(
                        "not posted to Weiban's customer timeline (微伴客户动态写入失败): {failure} \
                         (attempt {} of {ATTEMPTS}; {then})",
                        self.attempt
                    ),
                )
            }
        };
        Timeline::new(self.done, posting, &detail)
    }
}

/// The event's title: `流失处理 · 已挽回 · 张三`, within the vendor's length.
pub fn title(outcome: Outcome, who: &str) -> String {
    cut(
        &format!("流失处理 · {} · {who}", outcome.chinese()),
        TITLE_MAX,
    )
}

/// `text` in at most `max` characters: a longer one keeps its first `max − 1` and `…`.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some(_) => {
            let keep = text
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(text.len(), |(at, _)| at);
            format!("{}…", &text[..keep])
        }
    }
}

/// What the log says of one done's postings so far.
#[derive(Debug, Clone, Copy, Default)]
struct Tries {
    count: u32,
    settled: bool,
    last: Option<DateTime<Utc>>,
}

/// The done events whose note is due on the timeline at `now`, oldest first, each with the
/// number of its next attempt: done with a note by a person within [`WINDOW`], not posted
/// yet nor given up on, tried fewer than [`ATTEMPTS`] times and not within [`RETRY_AFTER`].
/// Whether the alert's vendor has a timeline is for [`Post::of`] to say.
pub fn due(ledger: &Ledger, now: DateTime<Utc>) -> Vec<(&TriageEvent, u32)> {
    let since = now - WINDOW;
    let mut tries: HashMap<i64, Tries> = HashMap::new();
    let mut due = Vec::new();
    // Newest first: a done's postings come after it, so they are counted before it is met.
    // The log is written in time order; the window's edge ends the walk.
    for event in ledger.events().iter().rev() {
        if event.at < since {
            break;
        }
        match &event.action {
            Action::Timeline(timeline) => {
                let t = tries.entry(timeline.done).or_default();
                t.count += 1;
                t.settled |= timeline.posting != Posting::Retry;
                t.last = t.last.max(Some(event.at));
            }
            Action::Done { note, .. } if !note.trim().is_empty() && event.by != VENDOR => {
                let t = tries.get(&event.seq).copied().unwrap_or_default();
                let rested = t.last.is_none_or(|last| now - last >= RETRY_AFTER);
                if !t.settled && t.count < ATTEMPTS && rested {
                    due.push((event, t.count + 1));
                }
            }
            _ => {}
        }
    }
    due.reverse();
    due
}

#[cfg(test)]
mod tests;
