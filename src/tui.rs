//! The dashboard's event loop: one task owns the `App`; terminal events, a tick, fetch results
//! and signals become messages; `update` returns commands, which are run here.

use std::collections::{HashSet, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::EventStream;
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

use crate::app::{self, App, Cmd, Keymap, Msg};
use crate::cache::Cache;
use crate::clipboard::{self, Clipboard};
use crate::config::Config;
use crate::domain::Resource;
use crate::fetch::{Clients, Fetcher};
use crate::i18n::Lang;
use crate::ui::theme::Theme;
use crate::{export, terminal, ui};

/// The tick drives the spinner, freshness labels and flash expiry; it redraws only when one
/// of them changed.
const TICK: Duration = Duration::from_millis(100);

/// Set, the dashboard panics after its first frame: for the tests that check the terminal is
/// restored and the panic message scrubbed (`tests/pty.rs`).
pub const FORCE_PANIC: &str = "SCRM_TUI_TEST_PANIC";

/// `demo` is the demo data's scale when running on the demo server.
pub async fn run(config: Config, demo: Option<u32>) -> Result<(), String> {
    // Everything that can fail on bad config fails before the terminal changes.
    let keymap = Keymap::new(&config.keys)?;
    let clients = Arc::new(Clients::from_config(&config)?);
    let mut signals = Signals::new().map_err(|e| format!("cannot watch signals: {e}"))?;
    let cache = Cache::for_config(&config, demo).map(Arc::new);
    let mut clipboard = Clipboard::new(config.ui.clipboard, clipboard::Env::current());
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut fetcher = Fetcher::new(clients, tx.clone());
    let export_dir = match &config.ui.export_dir {
        Some(dir) => PathBuf::from(app::command::expand_home(&dir.to_string_lossy())),
        None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    };

    let (mut terminal, _guard) =
        terminal::enter(config.ui.mouse).map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let size = terminal.size().map_err(|e| e.to_string())?;
    let mut app = App::new(app::Options {
        vendors: config.vendors(),
        keymap,
        zone: local_zone(),
        demo: demo.is_some(),
        width: size.width,
        height: size.height,
        now: Instant::now(),
        warnings: config.warnings.clone(),
        poll_every: Duration::from_secs(config.outflow.poll_seconds),
        bell: config.outflow.bell,
        lang: config.ui.lang.unwrap_or_else(Lang::from_env),
        theme: Theme::from_env(config.ui.theme),
        refresh_every: (config.ui.refresh_seconds > 0)
            .then(|| Duration::from_secs(config.ui.refresh_seconds)),
        mouse: config.ui.mouse,
        log_file: crate::logging::path(),
        export_dir,
    });
    // The last good data of each pane, shown until fresh data arrives: the pane on screen
    // in the first frame, the others (which may be large) read off this task. A pane's first
    // fetch waits for its cache, so that the fresh records can share the cached ones' text
    // instead of both being held in full.
    let (cache_done_tx, mut cache_done) = mpsc::unbounded_channel::<Resource>();
    let mut cache_pending: HashSet<Resource> = HashSet::new();
    if let Some(cache) = &cache {
        for &resource in app::PANES {
            if app.sources(resource).is_empty() || !cache.path(resource).exists() {
                continue;
            }
            if resource == app.pane {
                if let Some((records, age)) = cache.read(resource) {
                    app.update(Msg::Cached { records, age });
                }
                continue;
            }
            cache_pending.insert(resource);
            let (cache, tx, done) = (cache.clone(), tx.clone(), cache_done_tx.clone());
            tokio::task::spawn_blocking(move || {
                if let Some((records, age)) = cache.read(resource) {
                    let _ = tx.send(Msg::Cached { records, age });
                }
                // After the records: the loop takes every message before this one.
                let _ = done.send(resource);
            });
        }
    }
    let mut deferred: Vec<Cmd> = Vec::new();
    let mut commands: VecDeque<Cmd> = app.start().into();
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    let mut drawn = false;
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);

    loop {
        // Commands run between frames, so terminal output (bell, OSC 52) never lands inside
        // a frame's escape sequences. Their results go straight back to `update`.
        while let Some(command) = commands.pop_front() {
            let result = match command {
                Cmd::Fetch {
                    resource,
                    generation,
                } => {
                    if cache_pending.contains(&resource) {
                        deferred.push(command);
                    } else {
                        fetcher.spawn(resource, generation);
                    }
                    None
                }
                Cmd::PollOutflow { generation, since } => {
                    fetcher.poll_outflow(generation, since);
                    None
                }
                Cmd::Bell => {
                    let mut out = std::io::stdout();
                    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
                    None
                }
                Cmd::FetchReferences => {
                    fetcher.references();
                    None
                }
                Cmd::Copy { text, what } => {
                    let outcome = clipboard.copy(&text, &mut std::io::stdout());
                    tracing::info!(?outcome, "copy");
                    Some(Msg::Copied { what, outcome })
                }
                Cmd::Export {
                    resource,
                    format,
                    path,
                } => {
                    // Taken now, written off this task: 100 000 rows take a moment.
                    let at = chrono::Utc::now().with_timezone(&app.zone);
                    let job = export::Job::new(&app, resource, format, path.as_deref(), at);
                    let tx = tx.clone();
                    tokio::task::spawn_blocking(move || {
                        let result = job.run();
                        if let Err(e) = &result {
                            tracing::warn!("{e}");
                        }
                        let _ = tx.send(Msg::Exported(result));
                    });
                    None
                }
                Cmd::SaveCache(resource) => {
                    if let Some(cache) = &cache {
                        let (cache, snapshot) = (cache.clone(), app.snapshot(resource));
                        tokio::task::spawn_blocking(move || {
                            if let Err(e) = cache.save(&snapshot) {
                                tracing::warn!(%resource, "cannot write the offline cache: {e}");
                            }
                        });
                    }
                    None
                }
                Cmd::Quit => return Ok(()),
            };
            if let Some(msg) = result {
                commands.extend(app.update(msg));
            }
        }
        if app.take_dirty() {
            terminal
                .draw(|frame| ui::render(&app, frame))
                .map_err(|e| format!("cannot draw: {e}"))?;
            if !drawn {
                drawn = true;
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
                    let secret = config.weiban.as_ref().map(|w| w.secret.expose());
                    panic!("forced by {FORCE_PANIC} after the first frame: {secret:?}");
                }
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
                Some(Err(e)) => return Err(format!("cannot read the terminal: {e}")),
                None => Msg::Quit,
            },
            _ = tick.tick() => Msg::Tick(Instant::now()),
            Some(msg) = rx.recv() => msg,
            _ = signals.recv() => Msg::Quit,
            Some(resource) = cache_done.recv() => {
                cache_pending.remove(&resource);
                let (ready, waiting) = deferred.into_iter().partition(|cmd| {
                    matches!(cmd, Cmd::Fetch { resource: r, .. } if *r == resource)
                });
                deferred = waiting;
                commands.extend::<Vec<Cmd>>(ready);
                continue;
            }
        };
        commands.extend(app.update(msg));
        // Whatever else has arrived is taken in before the next frame.
        while let Ok(msg) = rx.try_recv() {
            commands.extend(app.update(msg));
        }
    }
}

/// The local zone's current offset (China has no daylight saving time; elsewhere the offset
/// of the moment is close enough for a session).
pub fn local_zone() -> chrono::FixedOffset {
    *chrono::Local::now().offset()
}

/// SIGTERM, SIGHUP and SIGINT end the loop normally, so the terminal is restored.
struct Signals {
    #[cfg(unix)]
    inner: Vec<tokio::signal::unix::Signal>,
}

impl Signals {
    #[cfg(unix)]
    fn new() -> std::io::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            inner: vec![
                signal(SignalKind::terminate())?,
                signal(SignalKind::hangup())?,
                signal(SignalKind::interrupt())?,
            ],
        })
    }

    #[cfg(not(unix))]
    fn new() -> std::io::Result<Signals> {
        Ok(Signals {})
    }

    #[cfg(unix)]
    async fn recv(&mut self) {
        let waits = self.inner.iter_mut().map(|s| Box::pin(s.recv()));
        futures_util::future::select_all(waits).await;
    }

    #[cfg(not(unix))]
    async fn recv(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
