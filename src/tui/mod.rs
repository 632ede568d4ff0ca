//! The dashboard in a terminal: the event loop, and what it drives. One task owns the `App`;
//! terminal events, a tick, load events, finished side effects and signals become messages;
//! `update` returns commands, which the `executor` runs.

pub mod cache;
pub mod clipboard;
mod error;
mod executor;
pub mod export;
pub mod history;
mod signals;
pub mod terminal;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::EventStream;
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

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
use signals::Signals;

/// The tick drives the spinner, freshness labels and flash expiry; it redraws only when one
/// of them changed.
const TICK: Duration = Duration::from_millis(100);

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
    let mut signals = Signals::new().map_err(TuiError::Signals)?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let (loads_tx, mut loads) = mpsc::unbounded_channel::<LoadEvent>();
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
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
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
        let msg = tokio::select! {
            // Messages first: a pane's cached records arrive before word that its read ended.
            biased;
            event = events.next() => match event {
                Some(Ok(event)) => match Msg::from_event(event) {
                    Some(msg) => msg,
                    None => continue,
                },
                Some(Err(e)) => return Err(TuiError::Input(e)),
                None => Msg::Quit,
            },
            _ = tick.tick() => Msg::Tick(Instant::now()),
            Some(event) = loads.recv() => Msg::from(event),
            Some(msg) = rx.recv() => msg,
            _ = signals.recv() => Msg::Quit,
        };
        commands.extend(app.update(msg));
        // Whatever else has arrived is taken in before the next frame.
        while let Ok(event) = loads.try_recv() {
            commands.extend(app.update(Msg::from(event)));
        }
        while let Ok(msg) = rx.try_recv() {
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
    let export_dir = match &config.ui.export_dir {
        Some(dir) => PathBuf::from(crate::engine::command::expand_home(&dir.to_string_lossy())),
        None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    };
    // Team mode: the accounts are the ones the database's records name, learnt as they load.
    let accounts = if config.database.is_some() {
        Vec::new()
    } else {
        config.account_names()
    };
    let account = crate::domain::AccountScope::parse(config.ui.account.as_deref().unwrap_or(""));
    let settings = app::Settings {
        accounts,
        account,
        // Team mode: the database may hold any vendor's records, and no vendor is configured.
        vendors: if config.database.is_some() {
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
        team: config.database.is_some(),
        weiban_timeline: config.triage.weiban_timeline
            && config.database.is_none()
            && !config.weiban.is_empty(),
    };
    app::Options {
        settings,
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
