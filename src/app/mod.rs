//! The model (TEA): all state lives in [`App`]; [`App::update`] turns a [`Msg`] into state
//! changes and [`Cmd`]s; the UI renders `&App` and never changes it.

pub mod columns;
pub mod context;
pub mod detail;
pub mod freshness;
pub mod insights;
pub mod layout;
pub mod live;
pub mod msg;
pub mod names;
pub mod pane;
pub mod related;
pub mod retry;
pub mod search;
pub mod story;
mod update;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};
use ratatui_textarea::TextArea;

use crate::engine::history;
pub use crate::engine::keymap::{Action, Keymap};
pub use detail::DetailState;
pub use msg::{Cmd, CopyOutcome, Msg};
pub use pane::{ListPane, PaneState, Sort};

use crate::domain::output::Format;
use crate::domain::{Customer, Operator, OutflowAlert, Resource, Snapshot, Store, Vendor};
use crate::i18n::{Lang, Locale};

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

/// What the one-line input under the table is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// `/`: the filter of the active pane, applied on every keystroke.
    Filter,
    /// `:`: a command, run on Enter.
    Command,
    /// `/` in the detail view: a text among the keys and values, found as it is typed.
    Search,
}

impl Prompt {
    /// The history the prompt walks and adds to.
    pub fn history(self) -> history::Kind {
        match self {
            Prompt::Filter | Prompt::Search => history::Kind::Filter,
            Prompt::Command => history::Kind::Command,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Input {
    pub prompt: Prompt,
    pub text: TextArea<'static>,
    /// Where `↑`/`↓` are in the prompt's history.
    walk: history::Walk,
}

impl Input {
    pub fn new(prompt: Prompt, text: &str) -> Input {
        let mut area = TextArea::new(vec![text.to_owned()]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Input {
            prompt,
            text: area,
            walk: history::Walk::default(),
        }
    }

    /// The one line typed.
    pub fn line(&self) -> &str {
        self.text.lines().first().map_or("", String::as_str)
    }

    /// Shows the next older or newer entry of the prompt's history; past the newest, the
    /// line that was being typed. Whether the line changed.
    pub fn walk(&mut self, history: &history::History, step: history::Step) -> bool {
        let entries = history.entries(self.prompt.history());
        let mut walk = std::mem::take(&mut self.walk);
        let line = walk.step(entries, self.line(), step);
        if let Some(line) = &line {
            *self = Input::new(self.prompt, line);
        }
        self.walk = walk;
        line.is_some()
    }
}

/// A window over the pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help {
        scroll: usize,
    },
    /// The selected id and record, for selecting by hand.
    Value {
        title: String,
        id: String,
        json: String,
        scroll: usize,
    },
}

/// How the app starts.
#[derive(Debug, Clone)]
pub struct Options {
    /// The vendors with a config section.
    pub vendors: Vec<Vendor>,
    pub keymap: Keymap,
    /// The zone times are shown in.
    pub zone: FixedOffset,
    pub demo: bool,
    /// Terminal size.
    pub width: u16,
    pub height: u16,
    pub now: Instant,
    /// The wall clock at `now` (what "today" is for the times shown).
    pub wall: DateTime<Utc>,
    /// Config warnings to show at start.
    pub warnings: Vec<String>,
    /// Outflow: how often to poll for new alerts, and whether to ring the bell.
    pub poll_every: Duration,
    pub bell: bool,
    pub lang: Lang,
    /// How often the panes other than Outflow reload (`None`: only on `r`).
    pub refresh_every: Option<Duration>,
    /// Mouse reporting is on: the wheel scrolls, a click selects.
    pub mouse: bool,
    /// Shown in help.
    pub log_file: Option<PathBuf>,
    /// Where exports without a path go.
    pub export_dir: PathBuf,
    /// What `e` writes, and whether CSV files start with a byte-order mark.
    pub export_format: Format,
    pub csv_bom: bool,
    /// The prompts' history from the last run.
    pub history: history::History,
    /// `[ui.sort]`: the panes' order at start.
    pub sorts: Vec<crate::config::DefaultSort>,
    /// How many days of outflow the first load fetches (Insights' per-day chart).
    pub lookback_days: u32,
    /// Team mode: the records come from the sync's database.
    pub team: bool,
}

impl Options {
    /// Defaults for everything but the vendors, the size and the clock.
    pub fn new(vendors: Vec<Vendor>, width: u16, height: u16, now: Instant) -> Options {
        Options {
            vendors,
            keymap: Keymap::default(),
            zone: crate::json::de::beijing(),
            demo: false,
            width,
            height,
            now,
            wall: Utc::now(),
            warnings: Vec::new(),
            poll_every: Duration::from_secs(30),
            bell: false,
            lang: Lang::En,
            refresh_every: Some(Duration::from_secs(300)),
            mouse: false,
            log_file: None,
            export_dir: PathBuf::from("."),
            export_format: Format::Csv,
            csv_bom: true,
            history: history::History::default(),
            sorts: Vec::new(),
            lookback_days: 7,
            team: false,
        }
    }
}

#[derive(Debug)]
pub struct App {
    pub pane: Resource,
    pub stores: PaneState<Store>,
    pub customers: PaneState<Customer>,
    pub outflow: PaneState<OutflowAlert>,
    pub operators: PaneState<Operator>,
    pub live: live::Live,
    /// The detail view, when open (over the active pane).
    pub detail: Option<DetailState>,
    /// The customers' contexts fetched this session.
    pub contexts: context::Contexts,
    /// The related-records list (`x`), when open.
    pub related: Option<related::RelatedState>,
    /// Where `x` was pressed, after jumping to a related record: `Esc` goes back there.
    pub back_to: Option<related::Origin>,
    /// The Insights view (`5`), when shown (over the Outflow pane, whose filter it uses).
    pub insights: Option<insights::InsightsView>,
    pub lookback_days: u32,
    /// Team mode: the records come from the sync's database ("synced 2 min ago").
    pub team: bool,
    pub flash: Option<Flash>,
    pub vendors: Vec<Vendor>,
    pub keymap: Keymap,
    pub zone: FixedOffset,
    pub demo: bool,
    pub width: u16,
    pub height: u16,
    pub now: Instant,
    /// The wall clock at `now`, advanced with it by the tick.
    pub wall: DateTime<Utc>,
    /// Advances while something loads; the spinner's frame.
    pub spinner: usize,
    /// Something on screen changed since the last draw.
    pub dirty: bool,
    pub lang: Lang,
    /// The filter or command line, while typing.
    pub input: Option<Input>,
    /// What was typed into the prompts, for `↑`/`↓`.
    pub history: history::History,
    /// The first keys of a sequence (`g` of `g g`), waiting for the next.
    pub pending_keys: Vec<crate::engine::keymap::Key>,
    pub popup: Option<Popup>,
    pub refresh_every: Option<Duration>,
    pub mouse: bool,
    pub log_file: Option<PathBuf>,
    pub export_dir: PathBuf,
    pub export_format: Format,
    pub csv_bom: bool,
    /// Spreads retries after failures apart.
    pub jitter: retry::Jitter,
}

/// The panes, in tab order (keys 1 to 4).
pub const PANES: &[Resource] = &Resource::ALL;

/// The pane on screen at start.
pub const FIRST_PANE: Resource = Resource::Stores;

const FLASH_ERROR: Duration = Duration::from_secs(10);
const FLASH_WARN: Duration = Duration::from_secs(8);

impl App {
    pub fn new(options: Options) -> App {
        let mut app = App {
            pane: FIRST_PANE,
            stores: PaneState::default(),
            customers: PaneState::default(),
            outflow: PaneState::default(),
            operators: PaneState::default(),
            live: live::Live::new(options.poll_every, options.bell),
            detail: None,
            contexts: context::Contexts::default(),
            related: None,
            back_to: None,
            insights: None,
            lookback_days: options.lookback_days.max(1),
            team: options.team,
            flash: None,
            vendors: options.vendors,
            keymap: options.keymap,
            zone: options.zone,
            demo: options.demo,
            width: options.width,
            height: options.height,
            now: options.now,
            wall: options.wall,
            spinner: 0,
            dirty: true,
            lang: options.lang,
            input: None,
            pending_keys: Vec::new(),
            history: options.history,
            popup: None,
            refresh_every: options.refresh_every,
            jitter: retry::Jitter::new(),
            mouse: options.mouse,
            log_file: options.log_file,
            export_dir: options.export_dir,
            export_format: options.export_format,
            csv_bom: options.csv_bom,
        };
        if !options.warnings.is_empty() {
            app.flash(Level::Warn, options.warnings.join("; "));
        }
        for default in options.sorts {
            // Before anything loads: the first view is built in this order.
            let sort = Some(pane::Sort {
                column: default.column,
                descending: default.descending,
            });
            match default.resource {
                Resource::Stores => app.stores.sort = sort,
                Resource::Customers => app.customers.sort = sort,
                Resource::Outflow => app.outflow.sort = sort,
                Resource::Operators => app.operators.sort = sort,
            }
        }
        app
    }

    /// The commands to run at start: a first load of every pane that has a vendor.
    pub fn start(&mut self) -> Vec<Cmd> {
        PANES.iter().filter_map(|&r| self.begin_fetch(r)).collect()
    }

    /// The configured vendors that serve a resource.
    pub fn sources(&self, resource: Resource) -> Vec<Vendor> {
        resource
            .vendors()
            .iter()
            .copied()
            .filter(|v| self.vendors.contains(v))
            .collect()
    }

    /// Whether any pane is loading (the spinner turns).
    pub fn is_loading(&self) -> bool {
        PANES.iter().any(|&r| self.list(r).is_loading())
    }

    /// A pane's list state, whatever its record type.
    pub fn list(&self, resource: Resource) -> &dyn ListPane {
        match resource {
            Resource::Stores => &self.stores,
            Resource::Customers => &self.customers,
            Resource::Outflow => &self.outflow,
            Resource::Operators => &self.operators,
        }
    }

    pub fn list_mut(&mut self, resource: Resource) -> &mut dyn ListPane {
        match resource {
            Resource::Stores => &mut self.stores,
            Resource::Customers => &mut self.customers,
            Resource::Outflow => &mut self.outflow,
            Resource::Operators => &mut self.operators,
        }
    }

    /// A pane's records, shared, for saving them off the UI task.
    pub fn snapshot(&self, resource: Resource) -> Snapshot {
        match resource {
            Resource::Stores => Snapshot::Stores(self.stores.records.clone()),
            Resource::Customers => Snapshot::Customers(self.customers.records.clone()),
            Resource::Outflow => Snapshot::Outflow(self.outflow.records.clone()),
            Resource::Operators => Snapshot::Operators(self.operators.records.clone()),
        }
    }

    /// Returns whether a redraw is due, and clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    pub fn flash(&mut self, level: Level, text: impl Into<String>) {
        let duration = match level {
            Level::Error => FLASH_ERROR,
            Level::Warn | Level::Info => FLASH_WARN,
        };
        self.flash = Some(Flash {
            text: text.into(),
            level,
            until: self.now + duration,
        });
        self.dirty = true;
    }

    /// Rows of the list on screen.
    pub fn list_rows(&self) -> usize {
        layout::list_rows(self.width, self.height, self.input.is_some())
    }

    /// How values are shown.
    pub fn locale(&self) -> Locale {
        Locale {
            zone: self.zone,
            lang: self.lang,
        }
    }

    /// How often a pane is expected to load: the live poll for Outflow, the refresh period
    /// for the others.
    pub fn period(&self, resource: Resource) -> Option<Duration> {
        match resource {
            Resource::Outflow => Some(self.live.poll_every),
            _ => self.refresh_every,
        }
    }

    /// Rows of the detail tree on screen.
    pub fn detail_rows(&self) -> usize {
        layout::detail_rows(self.width, self.height, self.story_lines().len())
    }

    fn begin_fetch(&mut self, resource: Resource) -> Option<Cmd> {
        if self.sources(resource).is_empty() {
            return None;
        }
        let now = self.now;
        let generation = self.list_mut(resource).begin_fetch(now);
        self.dirty = true;
        Some(Cmd::Fetch {
            resource,
            generation,
        })
    }
}
