//! What flows into `update` and what flows out of it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseEvent};

use chrono::FixedOffset;

use super::pane::Shown;
use crate::domain::output::{ExportError, Format};
use crate::domain::{LoadEvent, Resource, Snapshot, Vendor};

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// Only when `ui.mouse` is on.
    Mouse(MouseEvent),
    /// Text pasted into the terminal (bracketed paste), as one piece.
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    Tick(Instant),
    /// What a fetch task reports: records arriving, a load or poll finished, the reference
    /// lists, a customer's context, new alerts announced. Results of an older generation
    /// than the pane's are dropped.
    Load(Box<LoadEvent>),
    /// A copy finished; `what` says what was copied ("id wm123").
    Copied {
        what: String,
        outcome: CopyOutcome,
    },
    /// An export finished: the file written and the rows in it, or the error.
    Exported(Result<(PathBuf, usize), ExportError>),
    /// The offline cache of a pane, read at start: its records and how old they are.
    Cached {
        records: Snapshot,
        age: Duration,
    },
    /// A pane's offline cache has been read (after its records, if it had any): the load
    /// that waited for it may start.
    CacheRead(Resource),
    /// SIGTERM, SIGHUP or the end of the input stream.
    Quit,
}

/// A fetch task's report, lifted into the app's message.
impl From<LoadEvent> for Msg {
    fn from(event: LoadEvent) -> Msg {
        Msg::Load(Box::new(event))
    }
}

/// What happened to a copy, said honestly in the toast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyOutcome {
    /// In the system clipboard.
    Copied,
    /// Sent to the terminal as OSC 52; whether it reached a clipboard is up to the terminal.
    SentToTerminal,
    /// The native clipboard failed, so it was sent as OSC 52 instead.
    SentToTerminalAfter(String),
    /// `clipboard = "off"`.
    Off,
    Failed(String),
}

impl Msg {
    /// The message for a terminal event, if it is one the app reacts to.
    pub fn from_event(event: Event) -> Option<Msg> {
        match event {
            // Only presses: Windows terminals also report releases.
            Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
            Event::Resize(width, height) => Some(Msg::Resize { width, height }),
            Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
            Event::Paste(text) => Some(Msg::Paste(text)),
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
    /// Read the triage log after a sequence number.
    FetchTriage {
        after: i64,
    },
    /// Add an action on an alert to the triage log.
    Triage {
        alert: String,
        action: crate::domain::triage::Action,
    },
    /// Add an action as `vendor`, on the vendor's evidence (solo mode; a team's database
    /// leaves this to the sync).
    TriageByVendor {
        alert: String,
        action: crate::domain::triage::Action,
    },
    /// Put a done's note on the customer's Weiban timeline (solo mode, when configured).
    PostTimeline(crate::domain::triage::timeline::Post),
    /// Fetch a customer's context (detail and latest events).
    FetchContext {
        vendor: Vendor,
        account: crate::domain::Account,
        customer_id: String,
    },
    /// Ring the terminal bell (new outflow alerts, when `outflow.bell` is on).
    Bell,
    /// Put text in the clipboard; `what` names it for the toast.
    Copy {
        text: String,
        what: String,
    },
    /// Keep the prompts' history in the state directory.
    SaveHistory(crate::engine::history::History),
    /// Save a pane's records (a complete load) to the offline cache.
    SaveCache(Snapshot),
    /// Write the rows the pane shows (filtered, sorted, taken when asked) to a file; without
    /// a path, to a file named after the resource and the time in `dir`.
    Export {
        resource: Resource,
        format: Format,
        path: Option<PathBuf>,
        rows: Shown,
        dir: PathBuf,
        /// CSV starts with a byte-order mark.
        bom: bool,
        zone: FixedOffset,
    },
    Quit,
}
