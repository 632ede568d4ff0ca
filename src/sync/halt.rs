//! When the leader stops pulling, and how soon. A stop (SIGTERM) tells the vendors to send
//! nothing more and lets the pages already asked for arrive, for [`DRAIN`] at most, so they
//! are written with the run; a lost lease drops what is under way at once, since another sync
//! may already lead.

use std::time::Duration;

use tokio::sync::watch;

/// How long a stopping sync waits for the pages in flight. Within the 2 s in which a standby
/// must lead after a SIGTERM; a page slower than this is not written, and the next leader asks
/// for it again (nothing of it was acknowledged).
pub const DRAIN: Duration = Duration::from_millis(1500);

/// The sync's stop and its leadership, as the puller watches them.
#[derive(Debug, Clone)]
pub struct Halt {
    stop: watch::Receiver<bool>,
    leading: watch::Receiver<bool>,
}

impl Halt {
    pub fn new(stop: watch::Receiver<bool>, leading: watch::Receiver<bool>) -> Halt {
        Halt { stop, leading }
    }

    /// Whether pulling is over: the sync was stopped, or leads no more.
    pub fn halted(&self) -> bool {
        *self.stop.borrow() || !*self.leading.borrow()
    }

    /// Waits `wait`; true when pulling is over by then (at once when it ends sooner).
    pub async fn sleep(&mut self, wait: Duration) -> bool {
        tokio::select! {
            () = tokio::time::sleep(wait) => self.halted(),
            () = self.halting() => true,
        }
    }

    /// Resolves once pulling is over.
    async fn halting(&mut self) {
        let (mut stop, mut leading) = (self.stop.clone(), self.leading.clone());
        tokio::select! {
            _ = stop.wait_for(|stopped| *stopped) => {}
            _ = leading.wait_for(|leading| !*leading) => {}
        }
    }

    /// Resolves when what is under way must be dropped: at once when the lease is lost,
    /// [`DRAIN`] after a stop. (A channel gone counts as its event: the sender only goes
    /// with the sync.)
    pub async fn abandon(&mut self) {
        let (mut stop, mut leading) = (self.stop.clone(), self.leading.clone());
        let drained = async {
            let _ = stop.wait_for(|stopped| *stopped).await;
            tokio::time::sleep(DRAIN).await;
        };
        tokio::select! {
            _ = leading.wait_for(|leading| !*leading) => {}
            () = drained => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_stop_leaves_the_pages_in_flight_a_moment_a_lost_lease_none() {
        let (stop_tx, stop) = watch::channel(false);
        let (leading_tx, leading) = watch::channel(true);
        let mut halt = Halt::new(stop, leading);
        assert!(!halt.halted());
        stop_tx.send_replace(true);
        assert!(halt.halted());
        let started = tokio::time::Instant::now();
        halt.abandon().await;
        assert_eq!(started.elapsed(), DRAIN);

        let (_stop_tx, stop) = watch::channel(false);
        let mut halt = Halt::new(stop, leading_tx.subscribe());
        leading_tx.send_replace(false);
        let started = tokio::time::Instant::now();
        halt.abandon().await;
        assert_eq!(started.elapsed(), Duration::ZERO);
        assert!(halt.sleep(Duration::from_secs(60)).await);
        assert_eq!(
            started.elapsed(),
            Duration::ZERO,
            "a halted sync waits for nothing"
        );
    }
}
