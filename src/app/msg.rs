//! What flows into `update` and what flows out of it.

use std::time::Instant;

use crossterm::event::{Event, KeyEvent, KeyEventKind};

use crate::domain::Resource;
use crate::fetch::Loaded;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize {
        width: u16,
        height: u16,
    },
    Tick(Instant),
    /// A fetch task finished. Results of an older generation than the pane's are dropped.
    Loaded {
        resource: Resource,
        generation: u64,
        loaded: Loaded,
    },
    /// The Youmi reference lists arrived: (name, records) per list, or the error.
    References(Result<Vec<(&'static str, Vec<crate::domain::RawJson>)>, String>),
    /// A live outflow poll finished.
    Polled {
        generation: u64,
        loaded: Loaded,
    },
    /// SIGTERM, SIGHUP or the end of the input stream.
    Quit,
}

impl Msg {
    /// The message for a terminal event, if it is one the app reacts to.
    pub fn from_event(event: Event) -> Option<Msg> {
        match event {
            // Only presses: Windows terminals also report releases.
            Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
            Event::Resize(width, height) => Some(Msg::Resize { width, height }),
            _ => None,
        }
    }
}

/// Side effects requested by `update`, run by the event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Fetch {
        resource: Resource,
        generation: u64,
    },
    /// Ask for the outflow alerts since a Unix time.
    PollOutflow {
        generation: u64,
        since: i64,
    },
    /// Load the Youmi reference lists.
    FetchReferences,
    /// Ring the terminal bell (new outflow alerts, when `outflow.bell` is on).
    Bell,
    Quit,
}
