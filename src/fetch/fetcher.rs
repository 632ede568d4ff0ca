//! Runs loads as tasks for the event loop and reports what they bring as [`LoadEvent`]s,
//! tagged with a generation; a newer load of a resource cancels the older one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::source::{Source, lock};
use crate::domain::{LoadEvent, Progress, Records, Resource, Vendor};

/// How often records of a load under way are reported: often enough to watch them arrive,
/// seldom enough that a 100 000-record load is a few dozen events.
const BATCH_EVERY: Duration = Duration::from_millis(100);

/// Records of a load under way, waiting for their batch to be sent.
struct Batch {
    pending: Records,
    progress: Progress,
    sent_at: Option<Instant>,
}

/// Customer contexts are fetched one at a time: with its two requests, one leaves three of
/// Weiban's five requests in flight to the lists and the live poll.
const CONTEXTS_AT_ONCE: usize = 1;
/// The events a context shows.
const CONTEXT_EVENTS: u32 = 5;

pub struct Fetcher {
    source: Arc<dyn Source>,
    tx: UnboundedSender<LoadEvent>,
    running: HashMap<Resource, JoinHandle<()>>,
    poll: Option<JoinHandle<()>>,
    context_slots: Arc<Semaphore>,
}

impl Fetcher {
    pub fn new(source: Arc<dyn Source>, tx: UnboundedSender<LoadEvent>) -> Fetcher {
        // The source's announcements become events like its loads.
        if let Some(mut announced) = source.announcements() {
            let tx = tx.clone();
            tokio::spawn(async move {
                while announced.changed().await.is_ok() {
                    if tx.send(LoadEvent::Announced).is_err() {
                        break;
                    }
                }
            });
        }
        if let Some(mut announced) = source.triage_announcements() {
            let tx = tx.clone();
            tokio::spawn(async move {
                while announced.changed().await.is_ok() {
                    if tx.send(LoadEvent::TriageAnnounced).is_err() {
                        break;
                    }
                }
            });
        }
        Fetcher {
            source,
            tx,
            running: HashMap::new(),
            poll: None,
            context_slots: Arc::new(Semaphore::new(CONTEXTS_AT_ONCE)),
        }
    }

    /// Loads a resource, reporting its records in batches as they arrive
    /// ([`LoadEvent::Arrived`]), then the outcome ([`LoadEvent::Loaded`]).
    pub fn spawn(&mut self, resource: Resource, generation: u64) {
        if let Some(old) = self.running.remove(&resource) {
            old.abort();
        }
        let source = self.source.clone();
        let tx = self.tx.clone();
        let task = tokio::spawn(async move {
            let batch = Mutex::new(Batch {
                pending: Records::empty(resource),
                progress: Progress::default(),
                sent_at: None,
            });
            let send = |batch: &mut Batch| {
                let records = std::mem::replace(&mut batch.pending, Records::empty(resource));
                // The receiver is gone only when the app is quitting.
                let _ = tx.send(LoadEvent::Arrived {
                    resource,
                    generation,
                    records,
                    progress: batch.progress,
                });
                batch.sent_at = Some(Instant::now());
            };
            let on_records = |records, progress| {
                let mut batch = lock(&batch);
                batch.pending.append(records);
                batch.progress = progress;
                if batch.sent_at.is_none_or(|at| at.elapsed() >= BATCH_EVERY) {
                    send(&mut batch);
                }
            };
            let loaded = source.stream(resource, &on_records).await;
            {
                let mut batch = lock(&batch);
                if !batch.pending.is_empty() {
                    send(&mut batch);
                }
            }
            let _ = tx.send(LoadEvent::Loaded {
                resource,
                generation,
                loaded,
            });
            // With each load too, not only each poll: a dashboard opened while no sync runs
            // says so at once.
            tell_sync(source.as_ref(), &tx).await;
        });
        self.running.insert(resource, task);
    }

    /// Reads the triage log after sequence number `after`.
    pub fn triage_log(&mut self, after: i64) {
        let source = self.source.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            // The first read also learns who "mine" is.
            if after == 0
                && let Some(me) = source.triage_me().await
            {
                let _ = tx.send(LoadEvent::TriageMe(me));
            }
            if let Some(log) = source.triage_log(after).await {
                let _ = tx.send(LoadEvent::TriageLog(log));
            }
        });
    }

    /// Adds a triage action to the log; its fate comes back as [`LoadEvent::Triaged`].
    pub fn triage(&mut self, alert: String, action: crate::domain::triage::Action) {
        let source = self.source.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if let Some(result) = source.triage(alert.clone(), action).await {
                let _ = tx.send(LoadEvent::Triaged { alert, result });
            }
        });
    }

    /// Adds an action as `vendor` when the source does so (solo mode's log).
    pub fn triage_by_vendor(&mut self, alert: String, action: crate::domain::triage::Action) {
        let source = self.source.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if let Some(result) = source.triage_by_vendor(alert.clone(), action).await {
                let _ = tx.send(LoadEvent::Triaged { alert, result });
            }
        });
    }

    /// Puts a done's note on the vendor's timeline (one attempt) and keeps in the log what
    /// became of it; reported as [`LoadEvent::TimelinePosted`].
    pub fn post_timeline(&mut self, post: crate::domain::triage::timeline::Post) {
        let source = self.source.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let done = post.done;
            if let Some(result) = source.post_timeline(post).await {
                let _ = tx.send(LoadEvent::TimelinePosted { done, result });
            }
        });
    }

    /// Loads the reference lists for the Operators pane.
    pub fn references(&mut self) {
        let source = self.source.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if let Some(lists) = source.references().await {
                let _ = tx.send(LoadEvent::References(lists));
            }
        });
    }

    /// Fetches a customer's context (detail and latest events), queued behind the others.
    pub fn customer_context(
        &mut self,
        vendor: Vendor,
        account: crate::domain::Account,
        customer_id: String,
    ) {
        let source = self.source.clone();
        let tx = self.tx.clone();
        let slots = self.context_slots.clone();
        tokio::spawn(async move {
            // The semaphore is never closed; without a permit, fetch anyway rather than hang.
            let _permit = slots.acquire_owned().await.ok();
            let context = source
                .customer_context(vendor, account.clone(), customer_id.clone(), CONTEXT_EVENTS)
                .await;
            let _ = tx.send(LoadEvent::Context {
                vendor,
                account,
                customer_id,
                context,
            });
        });
    }

    /// A live outflow poll of the alerts since `since` (Unix seconds) until now.
    pub fn poll_outflow(&mut self, generation: u64, since: i64) {
        let source = self.source.clone();
        let tx = self.tx.clone();
        let task = tokio::spawn(async move {
            let now = chrono::Utc::now().timestamp();
            let loaded = source.outflow_since(since, now).await;
            let _ = tx.send(LoadEvent::Polled { generation, loaded });
            // A failure here is the next poll's to repeat; the last word stays on screen.
            if let Some(Ok(listening)) = source.listening().await {
                let _ = tx.send(LoadEvent::Listening(listening));
            }
            tell_sync(source.as_ref(), &tx).await;
        });
        if let Some(old) = self.poll.replace(task) {
            old.abort();
        }
    }
}

impl Drop for Fetcher {
    fn drop(&mut self) {
        for task in self.running.values().chain(&self.poll) {
            task.abort();
        }
    }
}

/// The team's sync as the database says (who leads, what is stale), when the source is one;
/// a failure is the next read's to repeat, the last word stays on screen.
async fn tell_sync(source: &dyn Source, tx: &UnboundedSender<LoadEvent>) {
    if let Some(Ok(state)) = source.sync_state().await {
        let _ = tx.send(LoadEvent::Sync(state));
    }
}
