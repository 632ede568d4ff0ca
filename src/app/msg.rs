//! What flows into `update` and what flows out of it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseEvent};

use crate::domain::output::Format;
use crate::domain::{
    CustomerContext, LoadEvent, LoadFailure, Loaded, Progress, Records, ReferenceLists, Resource,
    Snapshot, Vendor,
};

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
    /// A fetch task finished. Results of an older generation than the pane's are dropped.
    Loaded {
        resource: Resource,
        generation: u64,
        loaded: Loaded,
    },
    /// Records of a fetch under way arrived (in batches), with its progress; the fetch ends
    /// with [`Msg::Loaded`].
    Arrived {
        resource: Resource,
        generation: u64,
        records: Records,
        progress: Progress,
    },
    /// The reference lists arrived: (name, records) per list, or the error.
    References(Result<ReferenceLists, String>),
    /// A live outflow poll finished.
    Polled {
        generation: u64,
        loaded: Loaded,
    },
    /// A copy finished; `what` says what was copied ("id wm123").
    Copied {
        what: String,
        outcome: CopyOutcome,
    },
    /// An export finished: the file written and the rows in it, or the error.
    Exported(Result<(PathBuf, usize), String>),
    /// The offline cache of a pane, read at start: its records and how old they are.
    Cached {
        records: Snapshot,
        age: Duration,
    },
    /// A customer's context arrived (or why not); `None` when the source has none.
    Context {
        vendor: Vendor,
        customer_id: String,
        context: Option<Result<CustomerContext, LoadFailure>>,
    },
    /// The source announced new outflow alerts (team mode: the sync's NOTIFY).
    Announced,
    /// SIGTERM, SIGHUP or the end of the input stream.
    Quit,
}

/// A fetch task's report, lifted into the app's message.
impl From<LoadEvent> for Msg {
    fn from(event: LoadEvent) -> Msg {
        match event {
            LoadEvent::Arrived {
                resource,
                generation,
                records,
                progress,
            } => Msg::Arrived {
                resource,
                generation,
                records,
                progress,
            },
            LoadEvent::Loaded {
                resource,
                generation,
                loaded,
            } => Msg::Loaded {
                resource,
                generation,
                loaded,
            },
            LoadEvent::Polled { generation, loaded } => Msg::Polled { generation, loaded },
            LoadEvent::References(lists) => Msg::References(lists),
            LoadEvent::Announced => Msg::Announced,
            LoadEvent::Context {
                vendor,
                customer_id,
                context,
            } => Msg::Context {
                vendor,
                customer_id,
                context,
            },
        }
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
    /// Fetch a customer's context (detail and latest events).
    FetchContext {
        vendor: Vendor,
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
    SaveCache(Resource),
    /// Write the rows the pane shows (filtered, sorted) to a file; without a path, to a file
    /// named after the resource and the time in the export directory.
    Export {
        resource: Resource,
        format: Format,
        path: Option<PathBuf>,
    },
    Quit,
}
