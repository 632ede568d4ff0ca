//! The model (TEA): all state lives in [`App`]; [`App::update`] turns a [`Msg`] into state
//! changes and [`Cmd`]s; the UI renders `&App` and never changes it.

mod account;
pub mod columns;
pub mod cursor;
pub mod detail;
mod error;
pub mod freshness;
pub mod insights;
pub mod layout;
pub mod live;
pub mod messages;
pub mod msg;
pub mod names;
pub mod pane;
pub mod prompt;
pub mod related;
pub mod retry;
pub mod screen;
pub mod settings;
mod share;
pub mod staff;
pub mod story;
pub mod triage;
mod update;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub use crate::engine::keymap::{Action, Keymap};
pub use detail::DetailState;
pub use error::AppError;
pub use msg::{Cmd, CopyOutcome, Msg};
pub use pane::{ListPane, PaneState, PaneStatus, Panes, Sort};
pub use prompt::{Input, Prompt};
pub use screen::{Body, Front, Overlay, Popup};
pub use settings::Settings;

use crate::domain::{Resource, Snapshot, Vendor};
use crate::engine::history;
use crate::i18n::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// A one-line message in the status area, shown until `until`.
#[derive(Debug, Clone, PartialEq)]
pub struct Flash {
    pub text: String,
    pub level: Level,
    pub until: Instant,
}

/// How the app starts: its settings, and the moment and the screen it starts on.
#[derive(Debug, Clone)]
pub struct Options {
    pub settings: Settings,
    /// Terminal size.
    pub width: u16,
    pub height: u16,
    pub now: Instant,
    /// The wall clock at `now` (what "today" is for the times shown).
    pub wall: DateTime<Utc>,
    /// Config warnings to show at start.
    pub warnings: Vec<String>,
    /// The prompts' history from the last run.
    pub history: history::History,
    /// `[ui.sort]`: the panes' order at start.
    pub sorts: Vec<crate::config::DefaultSort>,
    /// Panes whose offline cache is being read: their first load waits for it, so that the
    /// fresh records can share the cached ones' text instead of both being held in full.
    pub caches_pending: Vec<Resource>,
}

impl Options {
    /// Default settings for everything but the vendors, the size and the clock.
    pub fn new(vendors: Vec<Vendor>, width: u16, height: u16, now: Instant) -> Options {
        Options {
            settings: Settings::new(vendors),
            width,
            height,
            now,
            wall: Utc::now(),
            warnings: Vec::new(),
            history: history::History::default(),
            sorts: Vec::new(),
            caches_pending: Vec::new(),
        }
    }
}

#[derive(Debug)]
pub struct App {
    /// What the app was started with; never written by `update`.
    pub settings: Settings,
    /// The active pane.
    pub pane: Resource,
    pub(crate) panes: Panes,
    /// What is in front: the list, a detail, Insights or the related records.
    pub body: Body,
    /// The prompt or popup over it, when open.
    pub overlay: Option<Overlay>,
    pub live: live::Live,
    /// The customers' contexts fetched this session.
    pub contexts: story::context::Contexts,
    /// The outflow alerts' triage: the log's ledger and the actions under way.
    pub triage: triage::TriageView,
    /// Each staff member's alerts, counted for the Staff pane.
    pub tallies: staff::Tallies,
    /// Which accounts the panes show (`:account`).
    pub account: crate::domain::AccountScope,
    /// The accounts there are: the config's, and in team mode those the records name.
    pub accounts: Vec<crate::domain::Account>,
    /// Where `x` was pressed, after jumping to a related record: `Esc` goes back there.
    pub back_to: Option<related::Origin>,
    pub flash: Option<Flash>,
    /// This session's flashes, whole, for `:messages`.
    pub messages: messages::MessageLog,
    pub width: u16,
    pub height: u16,
    pub now: Instant,
    /// The wall clock at `now`, advanced with it by the tick.
    pub wall: DateTime<Utc>,
    /// Advances while something loads; the spinner's frame.
    pub spinner: usize,
    /// Something on screen changed since the last draw.
    pub dirty: bool,
    /// What was typed into the prompts, for `↑`/`↓`.
    pub history: history::History,
    /// The first keys of a sequence (`g` of `g g`), waiting for the next.
    pub pending_keys: Vec<crate::engine::keymap::Key>,
    /// Spreads retries after failures apart.
    pub jitter: retry::Jitter,
    /// Panes whose offline cache is still being read, and the fetches that wait for it.
    caches_pending: BTreeSet<Resource>,
    deferred: Vec<Cmd>,
}

/// The panes, in tab order (the one list of resources).
pub const PANES: &[Resource] = Resource::ALL;

/// The pane on screen at start.
pub const FIRST_PANE: Resource = Resource::Stores;

const FLASH_ERROR: Duration = Duration::from_secs(10);
const FLASH_WARN: Duration = Duration::from_secs(8);

impl App {
    pub fn new(options: Options) -> App {
        let mut settings = options.settings;
        settings.lookback_days = settings.lookback_days.max(1);
        let mut app = App {
            pane: FIRST_PANE,
            panes: Panes::default(),
            body: Body::List,
            overlay: None,
            live: live::Live::default(),
            contexts: story::context::Contexts::default(),
            account: crate::domain::AccountScope::All,
            accounts: settings.accounts.clone(),
            back_to: None,
            flash: None,
            messages: messages::MessageLog::default(),
            width: options.width,
            height: options.height,
            now: options.now,
            wall: options.wall,
            spinner: 0,
            dirty: true,
            pending_keys: Vec::new(),
            history: options.history,
            triage: triage::TriageView::default(),
            tallies: staff::Tallies::default(),
            jitter: retry::Jitter::new(),
            caches_pending: options.caches_pending.into_iter().collect(),
            deferred: Vec::new(),
            settings,
        };
        if !options.warnings.is_empty() {
            app.flash(Level::Warn, options.warnings.join("; "));
        }
        let scope = app.settings.account.clone();
        app.set_account(scope);
        for default in options.sorts {
            // Before anything loads: the first view is built in this order.
            let sort = Some(pane::Sort {
                column: default.column,
                descending: default.descending,
            });
            app.panes.set_sort(default.resource, sort);
        }
        app
    }

    /// The commands to run at start: a first load of every pane that has a vendor.
    pub fn start(&mut self) -> Vec<Cmd> {
        let mut commands: Vec<Cmd> = PANES.iter().filter_map(|&r| self.begin_fetch(r)).collect();
        // The triage log, where there are alerts to triage.
        if !self.sources(Resource::Outflow).is_empty() {
            commands.push(Cmd::FetchTriage { after: 0 });
        }
        commands
    }

    /// The configured vendors that serve a resource.
    pub fn sources(&self, resource: Resource) -> Vec<Vendor> {
        resource
            .vendors()
            .iter()
            .copied()
            .filter(|v| self.settings.vendors.contains(v))
            .collect()
    }

    /// Whether any pane is loading (the spinner turns).
    pub fn is_loading(&self) -> bool {
        PANES.iter().any(|&r| self.list(r).status().loading)
    }

    /// A pane's list state, whatever its record type.
    pub fn list(&self, resource: Resource) -> &dyn ListPane {
        self.panes.get(resource)
    }

    pub fn list_mut(&mut self, resource: Resource) -> &mut dyn ListPane {
        self.panes.get_mut(resource)
    }

    /// The pane of a record type, typed (its records and the rows it shows).
    pub fn pane_of<R: pane::Paned>(&self) -> &PaneState<R> {
        self.panes.of()
    }

    /// A pane's records, shared, for saving them off the UI task.
    pub fn snapshot(&self, resource: Resource) -> Snapshot {
        self.panes.snapshot(resource)
    }

    /// Returns whether a redraw is due, and clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Says something on the hint line for a while, and keeps it for `:messages`.
    pub fn flash(&mut self, level: Level, text: impl Into<String>) {
        let text = text.into();
        self.messages.push(messages::Message {
            at: self.wall,
            level,
            origin: None,
            endpoint: None,
            code: None,
            text: text.clone(),
        });
        self.show_flash(level, text);
    }

    /// The flash alone, kept by the caller in its own words.
    pub(crate) fn show_flash(&mut self, level: Level, text: String) {
        let duration = match level {
            Level::Error => FLASH_ERROR,
            Level::Warn | Level::Info => FLASH_WARN,
        };
        self.flash = Some(Flash {
            text,
            level,
            until: self.now + duration,
        });
    }

    /// Rows of the list on screen.
    pub fn list_rows(&self) -> usize {
        layout::list_rows(self.width, self.height, self.input().is_some())
    }

    /// How values are shown.
    pub fn locale(&self) -> Locale {
        Locale {
            zone: self.settings.zone,
            lang: self.settings.lang,
        }
    }

    /// How often a pane is expected to load: the live poll for Outflow, the refresh period
    /// for the others.
    pub fn period(&self, resource: Resource) -> Option<Duration> {
        match resource {
            Resource::Outflow => Some(self.settings.poll_every),
            _ => self.settings.refresh_every,
        }
    }

    /// Rows of the detail tree on screen.
    pub fn detail_rows(&self) -> usize {
        layout::detail_rows(self.width, self.height, self.story_lines().len())
    }

    /// Starts a load of a pane: its generation now, the fetch itself once the pane's offline
    /// cache is read (the cached records are then the ones a refresh keeps).
    fn begin_fetch(&mut self, resource: Resource) -> Option<Cmd> {
        if self.sources(resource).is_empty() {
            return None;
        }
        let now = self.now;
        let generation = self.list_mut(resource).begin_fetch(now);
        let fetch = Cmd::Fetch {
            resource,
            generation,
        };
        if self.caches_pending.contains(&resource) {
            self.deferred.push(fetch);
            return None;
        }
        Some(fetch)
    }

    /// A pane's offline cache has been read (its records came before this): the load that
    /// waited for it starts.
    fn on_cache_read(&mut self, resource: Resource) -> Vec<Cmd> {
        self.caches_pending.remove(&resource);
        let (ready, waiting) = std::mem::take(&mut self.deferred)
            .into_iter()
            .partition(|cmd| matches!(cmd, Cmd::Fetch { resource: r, .. } if *r == resource));
        self.deferred = waiting;
        ready
    }
}
