//! Runs the `Cmd`s that `update` returns: loads, copies, exports, the offline cache, the bell.
//! Each runs between frames (so that terminal output such as OSC 52 never lands inside a
//! frame) and off the UI task when it is slow; what it brings back arrives as a message.

use std::io::Write;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::cache::Cache;
use super::clipboard::Clipboard;
use super::export;
use crate::app::{App, Cmd, FIRST_PANE, Msg, PANES};
use crate::domain::{Resource, Snapshot, Vendor};
use crate::fetch::Fetcher;

/// What the commands need.
pub struct Executor {
    fetcher: Fetcher,
    clipboard: Clipboard,
    cache: Option<Arc<Cache>>,
    /// Messages from work done off the UI task.
    tx: UnboundedSender<Msg>,
    /// Caches to read once the first frame is on screen.
    cache_later: Vec<Resource>,
    /// The first pane's cache, being read since the start.
    first_read: Option<FirstRead>,
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
        Executor {
            first_read,
            fetcher,
            clipboard,
            cache,
            tx,
            cache_later: Vec::new(),
        }
    }

    /// The panes other than the first whose offline cache will be read once the first frame
    /// is on screen ([`read_later_caches`]): the model holds their first loads until then.
    ///
    /// [`read_later_caches`]: Executor::read_later_caches
    pub fn plan_caches(&mut self, vendors: &[Vendor]) -> Vec<Resource> {
        let Some(cache) = &self.cache else {
            return Vec::new();
        };
        self.cache_later = PANES
            .iter()
            .copied()
            .filter(|&r| r != FIRST_PANE)
            .filter(|r| r.vendors().iter().any(|v| vendors.contains(v)))
            .filter(|&r| cache.path(r).exists())
            .collect();
        self.cache_later.clone()
    }

    /// Shows the first pane's last good data until fresh data arrives.
    pub fn show_first_cache(&mut self, app: &mut App) {
        let Some(cache) = &self.cache else { return };
        if app.sources(FIRST_PANE).is_empty() || !cache.path(FIRST_PANE).exists() {
            return;
        }
        let read = match self.first_read.take() {
            Some(FirstRead(reading)) => reading.join().ok().flatten(),
            None => cache.read(FIRST_PANE),
        };
        if let Some((records, age)) = read {
            app.update(Msg::Cached { records, age });
        }
    }

    /// After the first frame: reads the other panes' caches, each on a blocking thread, so
    /// that a 100 000-customer cache never delays what is first on screen.
    pub fn read_later_caches(&mut self) {
        let Some(cache) = &self.cache else { return };
        for resource in std::mem::take(&mut self.cache_later) {
            let (cache, tx) = (cache.clone(), self.tx.clone());
            tokio::task::spawn_blocking(move || {
                if let Some((records, age)) = cache.read(resource) {
                    let _ = tx.send(Msg::Cached { records, age });
                }
                // After the records, on the same channel: the model takes them first.
                let _ = tx.send(Msg::CacheRead(resource));
            });
        }
    }

    /// Runs the commands, and those that their results bring, until none is left.
    pub fn run_all(&mut self, app: &mut App, commands: Vec<Cmd>) -> Flow {
        let mut queue = std::collections::VecDeque::from(commands);
        while let Some(command) = queue.pop_front() {
            if command == Cmd::Quit {
                return Flow::Quit;
            }
            if let Some(msg) = self.run(command) {
                queue.extend(app.update(msg));
            }
        }
        Flow::Continue
    }

    /// Runs one command; a result that is ready at once comes back as a message.
    fn run(&mut self, command: Cmd) -> Option<Msg> {
        match command {
            Cmd::Fetch {
                resource,
                generation,
            } => self.fetcher.spawn(resource, generation),
            Cmd::PollOutflow { generation, since } => self.fetcher.poll_outflow(generation, since),
            Cmd::FetchReferences => self.fetcher.references(),
            Cmd::FetchTriage { after } => self.fetcher.triage_log(after),
            Cmd::Triage { alert, action } => self.fetcher.triage(alert, action),
            Cmd::TriageByVendor { alert, action } => self.fetcher.triage_by_vendor(alert, action),
            Cmd::PostTimeline(post) => self.fetcher.post_timeline(post),
            Cmd::FetchContext {
                account,
                vendor,
                customer_id,
            } => self.fetcher.customer_context(vendor, account, customer_id),
            Cmd::Bell => bell(),
            Cmd::Copy { text, what } => {
                let outcome = self.clipboard.copy(&text, &mut std::io::stdout());
                tracing::info!(?outcome, "copy");
                return Some(Msg::Copied { what, outcome });
            }
            Cmd::Export {
                resource,
                format,
                path,
                rows,
                dir,
                bom,
                zone,
            } => {
                let at = chrono::Utc::now().with_timezone(&zone);
                let path = export::target(resource, format, path.as_deref(), &dir, at);
                self.export(export::Job::new(rows, format, bom, zone, path));
            }
            Cmd::SaveHistory(history) => save_history(&history),
            Cmd::SaveCache(snapshot) => self.save_cache(snapshot),
            // Handled by `run_all`.
            Cmd::Quit => {}
        }
        None
    }

    /// Writes an export off this task: 100 000 rows take a moment.
    fn export(&self, job: export::Job) {
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let result = job.run();
            if let Err(e) = &result {
                tracing::warn!("{e}");
            }
            let _ = tx.send(Msg::Exported(result));
        });
    }

    /// Keeps a complete load for the next start, off this task.
    fn save_cache(&self, snapshot: Snapshot) {
        if let Some(cache) = &self.cache {
            let (cache, resource) = (cache.clone(), snapshot.resource());
            tokio::task::spawn_blocking(move || {
                if let Err(e) = cache.save(&snapshot) {
                    tracing::warn!(%resource, "cannot write the offline cache: {e}");
                }
            });
        }
    }
}

fn bell() {
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
}

/// A few kilobytes, written at once: a `q` right after Enter still keeps it.
fn save_history(history: &crate::engine::history::History) {
    if let Some(path) = super::history::path()
        && let Err(e) = super::history::save(&path, history)
    {
        tracing::warn!("cannot keep the prompt history: {e}");
    }
}
