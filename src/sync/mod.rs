//! `scrm-tui sync`: the team's one puller. It holds the vendor secrets and the company's
//! budget, loads every resource of every configured vendor on a schedule — outflow every
//! `poll_seconds`, the others every `[sync] refresh_seconds` — and writes each load to
//! PostgreSQL as one run. It keeps going when a vendor fails (the run records the error, the
//! previous data stays) and when the database goes away (the run fails, it reconnects with
//! backoff and repeats it). SIGTERM stops every call that is not yet sent, writes the pages
//! in flight with their run ([`halt`]), gives up the lease, then ends the process.

pub mod budget;
mod context;
mod error;
pub mod halt;
mod job;
pub mod leader;
pub mod listener;
mod schedule;
mod timeline;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::config::Config;
use crate::fetch::{Clients, Source};
use crate::store::{DatabaseUrl, Store, StoreError};
pub use error::SyncError;
use halt::Halt;
pub use job::{Job, Outcome};
pub use schedule::Schedule;
use timeline::TimelineWriter;

/// How long to wait before trying the database again, at most.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Runs until `stop` turns true. An error only when nothing can be done (no vendor, no
/// schema this program may touch).
pub async fn run(
    config: &Config,
    url: &DatabaseUrl,
    mut stop: watch::Receiver<bool>,
) -> Result<(), SyncError> {
    let clients = Arc::new(Clients::from_config(config)?);
    let vendors = clients.vendors();
    if vendors.is_empty() && config.wecom.is_empty() {
        return Err(SyncError::NoVendor);
    }
    let schedule = schedule_of(config, &clients);
    let standing = Arc::new(leader::Standing::default());
    let listening = match config.listen() {
        Some(address) => {
            let view = listener::SyncView {
                standing: standing.clone(),
                expected: schedule.expected(),
                clients: Some(clients.clone()),
            };
            Some(listen(config, url, address, view, stop.clone()).await?)
        }
        None => None,
    };
    // From the stop on, no vendor call is sent; those under way finish.
    let silence = {
        let (clients, mut stop) = (clients.clone(), stop.clone());
        tokio::spawn(async move {
            let _ = stop.wait_for(|stopped| *stopped).await;
            clients.stop_asking();
        })
    };
    // The calls made are kept beside the pulling, until it has stopped.
    let (pulled_tx, pulled_rx) = watch::channel(false);
    let pulling = async {
        let pulled = pull(config, &clients, url, (schedule, standing), &mut stop).await;
        let _ = pulled_tx.send(true);
        pulled
    };
    let (pulled, ()) = tokio::join!(pulling, budget::keep(&clients, url, pulled_rx));
    silence.abort();
    if let Some(listening) = listening {
        let _ = listening.await;
    }
    pulled
}

/// Every job of every configured vendor account, on the config's periods.
fn schedule_of(config: &Config, clients: &Clients) -> Schedule {
    Schedule::new(
        &clients.all_accounts(),
        (
            Duration::from_secs(config.outflow.poll_seconds),
            Duration::from_secs(config.sync.refresh_seconds.max(1)),
            Duration::from_secs(config.sync.full_refresh_seconds.max(1)),
        ),
        Duration::from_secs(u64::from(config.outflow.lookback_days) * 86_400),
    )
}

/// Starts the HTTP listener (WeCom's callback, health, metrics) beside the puller, until
/// `stop`.
async fn listen(
    config: &Config,
    url: &DatabaseUrl,
    address: std::net::SocketAddr,
    view: listener::SyncView,
    stop: watch::Receiver<bool>,
) -> Result<tokio::task::JoinHandle<()>, SyncError> {
    let receiver = listener::Receiver::new(&config.wecom, url.clone())?.watching(view);
    let bound = listener::bind(address)
        .await
        .map_err(|error| SyncError::Listen { address, error })?;
    Ok(tokio::spawn(listener::serve(
        bound,
        Arc::new(receiver),
        stop,
    )))
}

/// Stands for the lease and, while this sync holds it, pulls every configured vendor on its
/// schedule; until `stop`. The schedule is resumed from the runs in the database at each
/// takeover, so a sync taking over from another asks for no window twice.
async fn pull(
    config: &Config,
    clients: &Clients,
    url: &DatabaseUrl,
    (mut schedule, standing): (Schedule, Arc<leader::Standing>),
    stop: &mut watch::Receiver<bool>,
) -> Result<(), SyncError> {
    tracing::info!(
        target = url.target(),
        vendors = ?clients.vendors(),
        weiban_timeline = config.triage.weiban_timeline,
        "sync starting"
    );
    // Kept across reconnects: the log is read on from where it was.
    let mut timeline = config.triage.weiban_timeline.then(TimelineWriter::default);
    // The lease is a table: the schema first (every sync, under the migration lock).
    if !migrated(url, stop).await? {
        return Ok(());
    }
    let me = leader::Candidate::new(schedule.intervals());
    let holder = me.holder.clone();
    let election = leader::Election::start(url.clone(), me, standing);
    let mut leading = election.leading.clone();
    let mut ended = Ok(());
    while leader::wait_to_lead(&mut leading, stop).await {
        let mut halt = Halt::new(stop.clone(), leading.clone());
        let led = lead(
            clients,
            (url, &holder),
            (&mut schedule, timeline.as_mut()),
            &mut halt,
        )
        .await;
        if let Err(e) = led {
            ended = Err(e);
            break;
        }
        if !*stop.borrow() {
            tracing::warn!("no longer leading: the vendors are left to the sync that is");
        }
    }
    election.resign().await;
    ended
}

/// Brings the schema up to date, trying again with backoff while the database is away;
/// false when the sync was stopped first.
async fn migrated(url: &DatabaseUrl, stop: &mut watch::Receiver<bool>) -> Result<bool, SyncError> {
    let mut failures = 0u32;
    loop {
        let migrated = async { Store::connect(url).await?.migrate().await };
        match migrated.await {
            Ok(_) => return Ok(true),
            Err(e @ StoreError::TooNew { .. }) => return Err(SyncError::Schema(e)),
            Err(e) => {
                failures += 1;
                let wait = backoff(failures);
                tracing::warn!(wait_s = wait.as_secs(), "{e}");
                if wait_or_stop(wait, stop).await {
                    return Ok(false);
                }
            }
        }
    }
}

/// Pulls until halted: (re)connects with backoff, resumes the schedule from the database,
/// runs the jobs.
async fn lead(
    clients: &Clients,
    (url, holder): (&DatabaseUrl, &str),
    (schedule, mut timeline): (&mut Schedule, Option<&mut TimelineWriter>),
    halt: &mut Halt,
) -> Result<(), SyncError> {
    let mut failures = 0u32;
    // The budget another sync spent is inherited once per takeover, not at each reconnect
    // (this sync's own calls are in its limiters already).
    let mut inherited = false;
    while !halt.halted() {
        let inherit = (!inherited).then_some(clients);
        let mut store = match prepare((url, holder), schedule, inherit).await {
            Ok(store) => {
                failures = 0;
                inherited = true;
                store
            }
            Err(e @ StoreError::TooNew { .. }) => return Err(SyncError::Schema(e)),
            Err(e) => {
                failures += 1;
                let wait = backoff(failures);
                tracing::warn!(wait_s = wait.as_secs(), "{e}");
                if halt.sleep(wait).await {
                    break;
                }
                continue;
            }
        };
        let ended = work(
            clients,
            &mut store,
            (schedule, timeline.as_deref_mut()),
            halt,
        )
        .await;
        if ended == Ended::Stopped {
            break;
        }
    }
    Ok(())
}

/// Why [`work`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    Stopped,
    /// The database went away: reconnect and go on.
    Lost,
}

/// Runs the schedule's jobs — and, between them, the timeline's passes — on one connection
/// until the database is lost or the sync is stopped.
async fn work(
    clients: &Clients,
    store: &mut Store,
    (schedule, mut timeline): (&mut Schedule, Option<&mut TimelineWriter>),
    halt: &mut Halt,
) -> Ended {
    loop {
        if halt.halted() {
            return Ended::Stopped;
        }
        if let Some(writer) = timeline.as_deref_mut()
            && let Err(e) = writer.pass(clients, store).await
        {
            tracing::warn!("Weiban timeline: {e}");
            if e.is_disconnect() || store.is_closed() {
                return Ended::Lost;
            }
        }
        let Some(job) = schedule.next_due() else {
            let mut wait = schedule.until_next();
            if let Some(writer) = timeline.as_deref() {
                wait = wait.min(writer.until_next());
            }
            if halt.sleep(wait).await {
                return Ended::Stopped;
            }
            continue;
        };
        match job.run(clients, store, halt).await {
            Ok(Outcome::Done { window_end }) => {
                schedule.done(&job, window_end);
                if !halt.halted() {
                    after(&job, clients, store).await;
                }
            }
            Ok(Outcome::Stopped) => return Ended::Stopped,
            Err(e) => {
                // The run failed with the database: nothing of it is presented as complete
                // (its transaction is gone); it is repeated on a new connection.
                tracing::warn!("{} {} {}: {e}", job.resource, job.vendor, job.account);
                schedule.retry(&job);
                if e.is_disconnect() || store.is_closed() {
                    return Ended::Lost;
                }
                schedule.done_failed(&job);
            }
        }
    }
}

/// What follows a finished run: Youmi's reference lists with the operator accounts, a few
/// alerts' stories for the dashboards after a poll. A failure here is logged, never fatal.
async fn after(job: &Job, clients: &Clients, store: &mut Store) {
    use crate::domain::Resource;
    if job.resource == Resource::Operators
        && let Some(Ok(lists)) = clients.only(job.vendor, &job.account).references().await
        && let Err(e) = store.write_references(job.whose(), &lists).await
    {
        tracing::warn!("keeping the reference lists: {e}");
    }
    if job.resource == Resource::Outflow
        && let Err(e) = context::keep_some(clients, store).await
    {
        tracing::warn!("keeping contexts: {e}");
    }
}

/// Connects (the leader's writes commit only while `holder` holds the lease), migrates the
/// schema (under a lock: two versions never migrate at once), marks the runs a sync that led
/// before left unfinished, and resumes the schedule where the runs in the database left off.
async fn prepare(
    (url, holder): (&DatabaseUrl, &str),
    schedule: &mut Schedule,
    inherit: Option<&Clients>,
) -> Result<Store, StoreError> {
    let mut store = Store::connect(&url.named("scrm-tui sync"))
        .await?
        .fenced_by(holder);
    let before = store.migrate().await?;
    if let Some(clients) = inherit {
        budget::inherit(clients, &store).await?;
    }
    let interrupted = store.close_interrupted_runs().await?;
    let runs = store.last_runs().await?;
    schedule.resume(&runs, chrono::Utc::now());
    tracing::info!(
        schema_was = before,
        interrupted_runs = interrupted,
        resumed_jobs = runs.len(),
        "database ready"
    );
    Ok(store)
}

/// 1 s, 2 s, 4 s … up to a minute.
fn backoff(failures: u32) -> Duration {
    Duration::from_secs(1u64 << failures.min(6).saturating_sub(1)).min(MAX_BACKOFF)
}

/// Waits; true when the sync was stopped meanwhile.
async fn wait_or_stop(wait: Duration, stop: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        () = tokio::time::sleep(wait) => *stop.borrow(),
        changed = stop.changed() => changed.is_err() || *stop.borrow(),
    }
}
