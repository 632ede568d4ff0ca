//! The dashboard in a terminal: the event loop, and what it drives. One task owns the `App`;
//! terminal events, a tick, load events, finished side effects and signals become messages;
//! `update` returns commands, which the `executor` runs.

pub mod cache;
pub mod clipboard;
mod error;
mod executor;
pub mod export;
pub mod history;
mod inbox;
mod signals;
pub mod terminal;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use crate::app::{self, App, Keymap, Msg};
use crate::config::Config;
use crate::domain::LoadEvent;
use crate::fetch::Fetcher;
use crate::i18n::Lang;
use crate::ui::{self, theme::Theme};
use cache::Cache;
use clipboard::Clipboard;
pub use error::TuiError;
use executor::{Executor, Flow};
use inbox::Inbox;
use signals::Signals;

/// Set, the dashboard panics after its first frame: for the tests that check the terminal is
/// restored and the panic message scrubbed (`tests/pty.rs`).
pub const FORCE_PANIC: &str = "SCRM_TUI_TEST_PANIC";

/// `demo` is the demo data's scale when running on the demo server.
pub async fn run(config: Config, demo: Option<u32>) -> Result<(), TuiError> {
    let cache = Cache::for_config(&config, demo).map(Arc::new);
    let first_read = executor::read_first(cache.as_ref());
    // Everything that can fail on bad config fails before the terminal changes.
    let keymap = config.keymap.clone();
    // Solo mode's triage log lives in the state directory.
    let solo_log = crate::store::triage_file::default_path(demo.is_some());
    let (source, log_warnings) = crate::fetch::dashboard_source(&config, solo_log.as_deref())?;
    let signals = Signals::new().map_err(TuiError::Signals)?;
    let (tx, done) = mpsc::unbounded_channel::<Msg>();
    let (loads_tx, loads) = mpsc::unbounded_channel::<LoadEvent>();
    let clipboard = Clipboard::new(config.ui.clipboard, clipboard::Env::current());
    let fetcher = Fetcher::new(source, loads_tx);
    let mut executor = Executor::new(fetcher, clipboard, cache, first_read, tx);
    let theme = Theme::from_env(config.ui.palette);

    let (mut terminal, _guard) = terminal::enter(config.ui.mouse).map_err(TuiError::Setup)?;
    let size = terminal.size().map_err(TuiError::Setup)?;
    let mut options = options(&config, keymap, demo, size.width, size.height);
    options.warnings.extend(log_warnings);
    options.caches_pending = executor.plan_caches(&options.settings.vendors);
    let mut app = App::new(options);
    executor.show_first_cache(&mut app);
    let mut commands = app.start();
    let mut inbox = Inbox::new(loads, done, signals);
    let mut drawn = false;

    loop {
        if executor.run_all(&mut app, std::mem::take(&mut commands)) == Flow::Quit {
            return Ok(());
        }
        if app.take_dirty() {
            terminal
                .draw(|frame| ui::render(&app, &theme, frame))
                .map_err(TuiError::Draw)?;
            if !std::mem::replace(&mut drawn, true) {
                first_frame(&app, &config);
                executor.read_later_caches();
            }
        }
        let Some(msg) = inbox.next().await? else {
            continue;
        };
        commands.extend(app.update(msg));
        for msg in inbox.waiting() {
            commands.extend(app.update(msg));
        }
    }
}

/// How the app starts, from the config.
fn options(
    config: &Config,
    keymap: Keymap,
    demo: Option<u32>,
    width: u16,
    height: u16,
) -> app::Options {
    app::Options {
        settings: settings(config, keymap, demo),
        width,
        height,
        now: Instant::now(),
        wall: chrono::Utc::now(),
        warnings: config.warnings.clone(),
        // Checked when the config was read.
        sorts: config.ui.default_sorts().unwrap_or_default(),
        history: history::path()
            .map(|p| history::load(&p))
            .unwrap_or_default(),
        caches_pending: Vec::new(),
    }
}

/// What the app is started with and never changes.
fn settings(config: &Config, keymap: Keymap, demo: Option<u32>) -> app::Settings {
    let export_dir = match &config.ui.export_dir {
        Some(dir) => PathBuf::from(crate::engine::command::expand_home(&dir.to_string_lossy())),
        None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    };
    let team = config.database.is_some();
    app::Settings {
        // Team mode: the accounts are the ones the database's records name, learnt as they
        // load.
        accounts: if team {
            Vec::new()
        } else {
            config.account_names()
        },
        account: crate::domain::AccountScope::parse(config.ui.account.as_deref().unwrap_or("")),
        // Team mode: the database may hold any vendor's records, and no vendor is configured.
        vendors: if team {
            crate::domain::Vendor::ALL.to_vec()
        } else {
            config.vendors()
        },
        keymap,
        zone: local_zone(),
        demo: demo.is_some(),
        poll_every: Duration::from_secs(config.outflow.poll_seconds),
        bell: config.outflow.bell,
        lang: config.ui.lang.unwrap_or_else(Lang::from_env),
        refresh_every: (config.ui.refresh_seconds > 0)
            .then(|| Duration::from_secs(config.ui.refresh_seconds)),
        mouse: config.ui.mouse,
        log_file: crate::logging::path(),
        export_dir,
        export_format: config.ui.export_format,
        csv_bom: config.ui.csv_bom,
        lookback_days: config.outflow.lookback_days,
        team,
        weiban_timeline: config.triage.weiban_timeline && !team && !config.weiban.is_empty(),
    }
}

/// The log records how soon the first frame came (the start-up figure in the README).
fn first_frame(app: &App, config: &Config) {
    let (shown, total) = app.list(app.pane).counts();
    tracing::info!(
        since_start_ms = crate::logging::since_start().as_secs_f64() * 1000.0,
        pane = %app.pane,
        rows = total,
        shown,
        "first frame"
    );
    if std::env::var_os(FORCE_PANIC).is_some() {
        // A panic message that carries a credential, as a careless one might.
        let secret = config.weiban.first().map(|w| w.secret.expose());
        panic!("forced by {FORCE_PANIC} after the first frame: {secret:?}");
    }
}

/// The local zone's current offset (China has no daylight saving time; elsewhere the offset
/// of the moment is close enough for a session).
pub fn local_zone() -> chrono::FixedOffset {
    *chrono::Local::now().offset()
}
