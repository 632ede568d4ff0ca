//! Several syncs, one leader: only the sync holding the lease (see [`crate::store::Lease`])
//! calls the vendors. It renews the lease every [`RENEW_EVERY`] and stops calling them
//! [`LEAD_FOR`] after its last renewal began — before the lease, [`LEASE`] from the
//! database's clock at that renewal, can lapse — so two syncs never pull at once. The others
//! stand by, ask every [`TRY_EVERY`], and take over at once when a leader gives the lease up
//! (NOTIFY) or within [`LEASE`] and a second when it dies.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::domain::Resource;
use crate::store::{DatabaseUrl, LEASE_CHANNEL, Store, StoreError};

/// How long the database keeps a lease after its last renewal.
pub const LEASE: Duration = Duration::from_secs(10);
/// How often the leader renews it.
pub const RENEW_EVERY: Duration = Duration::from_secs(2);
/// How long after a renewal began the leader may go on calling vendors without another.
pub const LEAD_FOR: Duration = Duration::from_secs(7);
/// How often a standby asks for the lease.
pub const TRY_EVERY: Duration = Duration::from_secs(1);
/// How long one question to the database may take.
const ASK_WITHIN: Duration = Duration::from_secs(2);
/// A leader that lost the lease's connection stands aside this long, so that a standby
/// (whose connection works) takes over rather than the sync that just failed.
const STAND_ASIDE: Duration = Duration::from_secs(LEASE.as_secs() + 1);

/// This process as a candidate: a holder id no other process shares, and its host.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub holder: String,
    pub host: String,
    /// Each resource's interval, written with the lease for the dashboards.
    pub schedule: Vec<(Resource, Duration)>,
}

impl Candidate {
    pub fn new(schedule: Vec<(Resource, Duration)>) -> Candidate {
        let host = whoami::hostname().unwrap_or_else(|_| String::from("?"));
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        Candidate {
            holder: format!("{host}:{}:{nanos:08x}", std::process::id()),
            host,
            schedule,
        }
    }
}

/// What the election did, for health and metrics.
#[derive(Debug, Default)]
pub struct Standing {
    leading: AtomicBool,
    /// The lease's term while leading.
    term: AtomicI64,
    renewals: AtomicU64,
    takeovers: AtomicU64,
    /// When this sync last took the lease (Unix seconds; 0: never).
    since: AtomicI64,
}

impl Standing {
    pub fn leading(&self) -> bool {
        self.leading.load(Ordering::Relaxed)
    }
    pub fn term(&self) -> i64 {
        self.term.load(Ordering::Relaxed)
    }
    pub fn renewals(&self) -> u64 {
        self.renewals.load(Ordering::Relaxed)
    }
    pub fn takeovers(&self) -> u64 {
        self.takeovers.load(Ordering::Relaxed)
    }
    /// When this sync last took the lease.
    pub fn since(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        match self.since.load(Ordering::Relaxed) {
            0 => None,
            at => chrono::DateTime::from_timestamp(at, 0),
        }
    }
}

/// The election running beside the puller.
pub struct Election {
    pub leading: watch::Receiver<bool>,
    pub standing: Arc<Standing>,
    resign: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Election {
    /// Starts standing for the lease.
    pub fn start(url: DatabaseUrl, me: Candidate, standing: Arc<Standing>) -> Election {
        let (leading_tx, leading) = watch::channel(false);
        let (resign, resigned) = watch::channel(false);
        let task = tokio::spawn(elect(url, me, leading_tx, resigned, standing.clone()));
        Election {
            leading,
            standing,
            resign,
            task,
        }
    }

    /// Stops standing: the lease is given up (when held) and the standbys told.
    pub async fn resign(self) {
        let _ = self.resign.send(true);
        let _ = self.task.await;
    }
}

/// The election's state between two questions to the database.
struct Seat {
    url: DatabaseUrl,
    me: Candidate,
    store: Option<Store>,
    /// Until when this sync may call vendors (set at each renewal).
    held_until: Option<Instant>,
    aside_until: Option<Instant>,
}

async fn elect(
    url: DatabaseUrl,
    me: Candidate,
    leading: watch::Sender<bool>,
    mut resigned: watch::Receiver<bool>,
    standing: Arc<Standing>,
) {
    let mut seat = Seat {
        // Named after the holder: what an administrator sees in `pg_stat_activity`.
        url: url.named(&format!("scrm-tui lease {}", me.holder)),
        me,
        store: None,
        held_until: None,
        aside_until: None,
    };
    while !*resigned.borrow() {
        seat.ask(&standing).await;
        let now = Instant::now();
        if seat.held_until.is_some_and(|until| now >= until) {
            tracing::warn!("the lease could not be renewed in time: no vendor is called");
            seat.held_until = None;
        }
        let is_leading = seat.held_until.is_some();
        standing.leading.store(is_leading, Ordering::Relaxed);
        leading.send_if_modified(|was| std::mem::replace(was, is_leading) != is_leading);
        let mut wait = if is_leading { RENEW_EVERY } else { TRY_EVERY };
        if let Some(until) = seat.held_until {
            wait = wait.min(until.saturating_duration_since(now));
        }
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = resigned.changed() => {}
            () = seat.given_up() => {}
        }
    }
    let _ = leading.send(false);
    standing.leading.store(false, Ordering::Relaxed);
    seat.give_up(standing.takeovers() > 0).await;
}

impl Seat {
    /// Takes or renews the lease; steps down on any failure.
    async fn ask(&mut self, standing: &Standing) {
        if self.aside_until.is_some_and(|until| Instant::now() < until) {
            return;
        }
        self.aside_until = None;
        // A leader whose connection went away cannot know what happened meanwhile.
        if self.held_until.is_some() && self.store.as_ref().is_none_or(Store::is_closed) {
            self.step_aside("its connection was lost");
            return;
        }
        let asked = Instant::now();
        let answer = tokio::time::timeout(ASK_WITHIN, self.hold()).await;
        match answer {
            Ok(Ok(Some(term))) => {
                if self.held_until.is_none() {
                    tracing::info!(term, host = %self.me.host, "leading: this sync calls the vendors");
                    standing.takeovers.fetch_add(1, Ordering::Relaxed);
                    let now = chrono::Utc::now().timestamp();
                    standing.since.store(now, Ordering::Relaxed);
                }
                standing.renewals.fetch_add(1, Ordering::Relaxed);
                standing.term.store(term, Ordering::Relaxed);
                self.held_until = Some(asked + LEAD_FOR);
            }
            Ok(Ok(None)) => {
                if self.held_until.take().is_some() {
                    tracing::warn!("another sync holds the lease now: standing by");
                }
            }
            failed => {
                let why = match failed {
                    Ok(Err(e)) => e.to_string(),
                    _ => format!("no answer within {}s", ASK_WITHIN.as_secs()),
                };
                if self.held_until.is_some() {
                    self.step_aside(&why);
                } else {
                    self.store = None;
                    tracing::debug!("asking for the lease: {why}");
                }
            }
        }
    }

    /// The leader cannot renew: it stops calling vendors now, and stands aside until its
    /// lease has lapsed so that a standby whose connection works takes over.
    fn step_aside(&mut self, why: &str) {
        self.store = None;
        self.held_until = None;
        tracing::warn!(
            "the lease could not be renewed ({why}): no vendor is called; standing aside {}s \
             for a standby",
            STAND_ASIDE.as_secs()
        );
        self.aside_until = Some(Instant::now() + STAND_ASIDE);
    }

    async fn hold(&mut self) -> Result<Option<i64>, StoreError> {
        if self.store.as_ref().is_none_or(Store::is_closed) {
            let store = Store::connect(&self.url).await?;
            store.listen(LEASE_CHANNEL).await?;
            self.store = Some(store);
        }
        match &self.store {
            Some(store) => {
                store
                    .hold_lease((&self.me.holder, &self.me.host), LEASE, &self.me.schedule)
                    .await
            }
            None => Ok(None),
        }
    }

    /// Resolves when a leader says it gave the lease up; never without a connection.
    async fn given_up(&mut self) {
        match self.store.as_mut() {
            Some(store) if !store.is_closed() => {
                if store.notification().await.is_none() {
                    std::future::pending::<()>().await;
                }
            }
            _ => std::future::pending::<()>().await,
        }
    }

    /// At a clean stop: the lease goes back at once (a standby is told), not at its lapse.
    async fn give_up(&mut self, ever_led: bool) {
        // One that stood aside after losing its connection may still be named in the row
        // (until it lapses): it is released too. The update only touches this holder's lease.
        if self.held_until.take().is_none() && !ever_led {
            return;
        }
        let given = tokio::time::timeout(ASK_WITHIN, async {
            if self.store.as_ref().is_none_or(Store::is_closed) {
                self.store = Some(Store::connect(&self.url).await?);
            }
            match &self.store {
                Some(store) => store.give_up_lease(&self.me.holder).await,
                None => Ok(false),
            }
        })
        .await;
        match given {
            Ok(Ok(true)) => tracing::info!("the lease is given up: a standby takes over"),
            Ok(Ok(false)) => {}
            Ok(Err(e)) => tracing::warn!(
                "giving the lease up: {e}; it lapses in {}s",
                LEASE.as_secs()
            ),
            Err(_) => tracing::warn!(
                "giving the lease up took too long; it lapses in {}s",
                LEASE.as_secs()
            ),
        }
    }
}

/// Waits until this sync leads (true) or stops (false).
pub async fn wait_to_lead(
    leading: &mut watch::Receiver<bool>,
    stop: &mut watch::Receiver<bool>,
) -> bool {
    loop {
        if *stop.borrow() {
            return false;
        }
        if *leading.borrow() {
            return true;
        }
        tokio::select! {
            changed = leading.changed() => if changed.is_err() { return false; },
            changed = stop.changed() => if changed.is_err() { return false; },
        }
    }
}
