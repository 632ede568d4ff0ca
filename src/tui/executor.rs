//! Runs the `Cmd`s that `update` returns: loads, copies, exports, the offline cache, the bell.
//! Each runs between frames (so that terminal output such as OSC 52 never lands inside a
//! frame) and off the UI task when it is slow; what it brings back arrives as a message.

use std::collections::HashSet;
use std::io::Write;
use std::sync::Arc;

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

use super::cache::Cache;
use super::clipboard::Clipboard;
use super::export;
use crate::app::{App, Cmd, FIRST_PANE, Msg, PANES};
use crate::domain::{Resource, Snapshot};
use crate::fetch::Fetcher;

/// What the commands need, and the loads that wait for their pane's offline cache.
pub struct Executor {
    fetcher: Fetcher,
    clipboard: Clipboard,
    cache: Option<Arc<Cache>>,
    /// Messages from work done off the UI task.
    tx: UnboundedSender<Msg>,
    /// Panes whose cache is still being read: their first load waits for it, so that the
    /// fresh records can share the cached ones' text instead of both being held in full.
    cache_pending: HashSet<Resource>,
    /// Caches to read once the first frame is on screen.
    cache_later: Vec<Resource>,
    /// The first pane's cache, being read since the start.
    first_read: Option<FirstRead>,
    deferred: Vec<Cmd>,
    cache_done_tx: UnboundedSender<Resource>,
    /// Word that a pane's cache has been read (after its records).
    pub cache_done: UnboundedReceiver<Resource>,
}

/// The first pane's cache, being read on a thread of its own.
pub struct FirstRead(std::thread::JoinHandle<Option<(Snapshot, std::time::Duration)>>);

/// Begins reading the first pane's cache: the first frame waits for it, so it is read beside
/// the rest of the start (the HTTP client, the terminal) rather than after it.
pub fn read_first(cache: Option<&Arc<Cache>>) -> Option<FirstRead> {
    let cache = cache
        .filter(|cache| cache.path(FIRST_PANE).exists())?
        .clone();
    Some(FirstRead(std::thread::spawn(move || {
        cache.read(FIRST_PANE)
    })))
}

/// Whether the loop goes on after a batch of commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

impl Executor {
    /// `first_read` is [`read_first`]'s, begun before.
    pub fn new(
        fetcher: Fetcher,
        clipboard: Clipboard,
        cache: Option<Arc<Cache>>,
        first_read: Option<FirstRead>,
        tx: UnboundedSender<Msg>,
    ) -> Executor {
        let (cache_done_tx, cache_done) = mpsc::unbounded_channel();
        Executor {
            first_read,
            fetcher,
            clipboard,
            cache,
            tx,
            cache_pending: HashSet::new(),
            cache_later: Vec::new(),
            deferred: Vec::new(),
            cache_done_tx,
            cache_done,
        }
    }

    /// Shows the last good data of each pane until fresh data arrives: the pane on screen
    /// in the first frame; the others (which may be large) are read off this task once that
    /// frame is drawn ([`read_later_caches`]), and their loads wait for them.
    ///
    /// [`read_later_caches`]: Executor::read_later_caches
    pub fn read_caches(&mut self, app: &mut App) {
        let Some(cache) = &self.cache else { return };
        for &resource in PANES {
            if app.sources(resource).is_empty() || !cache.path(resource).exists() {
                continue;
            }
            if resource == app.pane {
                let read = match self.first_read.take() {
                    Some(FirstRead(reading)) if resource == FIRST_PANE => {
                        reading.join().ok().flatten()
                    }
                    _ => cache.read(resource),
                };
                if let Some((records, age)) = read {
                    app.update(Msg::Cached { records, age });
                }
                continue;
            }
            self.cache_pending.insert(resource);
            self.cache_later.push(resource);
        }
    }

    /// After the first frame: reads the other panes' caches, each on a blocking thread, so
    /// that a 100 000-customer cache never delays what is first on screen.
    pub fn read_later_caches(&mut self) {
        let Some(cache) = &self.cache else { return };
        for resource in std::mem::take(&mut self.cache_later) {
            let (cache, tx) = (cache.clone(), self.tx.clone());
            let done = self.cache_done_tx.clone();
            tokio::task::spawn_blocking(move || {
                if let Some((records, age)) = cache.read(resource) {
                    let _ = tx.send(Msg::Cached { records, age });
                }
                // After the records: the loop takes every message before this one.
                let _ = done.send(resource);
            });
        }
    }

    /// A pane's cache has been read: the loads that waited for it may start.
    pub fn cache_read(&mut self, resource: Resource) -> Vec<Cmd> {
        self.cache_pending.remove(&resource);
        let (ready, waiting) = std::mem::take(&mut self.deferred)
            .into_iter()
            .partition(|cmd| matches!(cmd, Cmd::Fetch { resource: r, .. } if *r == resource));
        self.deferred = waiting;
        ready
    }

    /// Runs the commands, and those that their results bring, until none is left.
    pub fn run_all(&mut self, app: &mut App, commands: Vec<Cmd>) -> Flow {
        let mut queue = std::collections::VecDeque::from(commands);
        while let Some(command) = queue.pop_front() {
            if command == Cmd::Quit {
                return Flow::Quit;
            }
            if let Some(msg) = self.run(app, command) {
                queue.extend(app.update(msg));
            }
        }
        Flow::Continue
    }

    /// Runs one command; a result that is ready at once comes back as a message.
    fn run(&mut self, app: &App, command: Cmd) -> Option<Msg> {
        match command {
            Cmd::Fetch {
                resource,
                generation,
            } => {
                if self.cache_pending.contains(&resource) {
                    self.deferred.push(command);
                } else {
                    self.fetcher.spawn(resource, generation);
                }
            }
            Cmd::PollOutflow { generation, since } => self.fetcher.poll_outflow(generation, since),
            Cmd::FetchReferences => self.fetcher.references(),
            Cmd::FetchContext {
                vendor,
                customer_id,
            } => self.fetcher.customer_context(vendor, customer_id),
            Cmd::Bell => {
                let mut out = std::io::stdout();
                let _ = out.write_all(b"\x07").and_then(|()| out.flush());
            }
            Cmd::Copy { text, what } => {
                let outcome = self.clipboard.copy(&text, &mut std::io::stdout());
                tracing::info!(?outcome, "copy");
                return Some(Msg::Copied { what, outcome });
            }
            Cmd::Export {
                resource,
                format,
                path,
            } => {
                // Taken now, written off this task: 100 000 rows take a moment.
                let at = chrono::Utc::now().with_timezone(&app.zone);
                let job = export::Job::new(app, resource, format, path.as_deref(), at);
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = job.run();
                    if let Err(e) = &result {
                        tracing::warn!("{e}");
                    }
                    let _ = tx.send(Msg::Exported(result));
                });
            }
            Cmd::SaveHistory(history) => {
                // A few kilobytes, written at once: a `q` right after Enter still keeps it.
                if let Some(path) = super::history::path()
                    && let Err(e) = super::history::save(&path, &history)
                {
                    tracing::warn!("cannot keep the prompt history: {e}");
                }
            }
            Cmd::SaveCache(resource) => {
                if let Some(cache) = &self.cache {
                    let (cache, snapshot) = (cache.clone(), app.snapshot(resource));
                    tokio::task::spawn_blocking(move || {
                        if let Err(e) = cache.save(&snapshot) {
                            tracing::warn!(%resource, "cannot write the offline cache: {e}");
                        }
                    });
                }
            }
            // Handled by `run_all`.
            Cmd::Quit => {}
        }
        None
    }
}
