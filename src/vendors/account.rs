//! A vendor account as each client holds it: its rate limits, the credentials its errors are
//! scrubbed of, and the one way a call is made — wait for the limiter, send, decode, and tell
//! the limiter how it went (a rate-limit answer blocks the account's next calls). Once told
//! to stop asking, it sends nothing more and lets the calls under way finish.

use reqwest::RequestBuilder;
use tokio::sync::watch;

use super::http::{self, Reply};
use super::ledger::{CallOutcome, Ledger};
use super::limit::{Limiter, Limits};
use super::{ErrorKind, VendorError};
use crate::domain::Vendor;
use crate::redact::Secret;

pub struct Account {
    vendor: Vendor,
    name: crate::domain::Account,
    limiter: Limiter,
    ledger: Ledger,
    credentials: Vec<Secret>,
    /// True once the program is stopping: no new call goes out.
    stopping: watch::Sender<bool>,
}

impl Account {
    pub fn new(
        vendor: Vendor,
        name: crate::domain::Account,
        limits: Limits,
        credentials: Vec<Secret>,
    ) -> Account {
        Account {
            vendor,
            name,
            limiter: Limiter::new(limits),
            ledger: Ledger::default(),
            credentials,
            stopping: watch::Sender::new(false),
        }
    }

    /// The config's name for the account: what its records are stamped with.
    pub fn name(&self) -> &crate::domain::Account {
        &self.name
    }

    /// The account's limits, and its rate-limit block.
    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }

    /// The account's calls: by minute until kept, in all by outcome.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Sends no call from now on (one waiting for the limiter gives up); the calls already
    /// sent finish, so that the pages in flight can be kept.
    pub fn stop_asking(&self) {
        self.stopping.send_replace(true);
    }

    /// Pages fetched at once: as many as may be in flight.
    pub fn concurrency(&self) -> usize {
        self.limiter.limits().in_flight.max(1) as usize
    }

    /// The error for `endpoint`, scrubbed of the account's credentials and the token in use.
    pub fn fail(
        &self,
        endpoint: &'static str,
        kind: ErrorKind,
        token: Option<&Secret>,
    ) -> VendorError {
        let mut secrets: Vec<&Secret> = self.credentials.iter().collect();
        secrets.extend(token);
        VendorError::new(self.vendor, endpoint, kind.scrubbed(&secrets))
    }

    /// Sends the request that `request` builds and decodes its answer: `decode` for a success,
    /// `refused` for any other status. The request is built once the limiter lets it go, so
    /// that a signed timestamp is fresh when it leaves; the answer is decoded after the slot
    /// is given back.
    pub async fn call<T>(
        &self,
        endpoint: &'static str,
        request: impl FnOnce() -> RequestBuilder,
        decode: impl FnOnce(&[u8]) -> Result<T, ErrorKind>,
        refused: impl FnOnce(&Reply) -> ErrorKind,
    ) -> Result<T, ErrorKind> {
        let mut stopping = self.stopping.subscribe();
        let permit = tokio::select! {
            biased;
            _ = stopping.wait_for(|stopping| *stopping) => return Err(ErrorKind::Stopping),
            permit = self.limiter.acquire(endpoint) => permit?,
        };
        let sent_at = chrono::Utc::now().timestamp();
        let sent = http::send(request(), self.limiter.limits().max_answer).await;
        drop(permit);
        let outcome = http::decoded(sent, decode, refused);
        self.limiter.note(&outcome);
        self.ledger
            .record(endpoint, sent_at, CallOutcome::of(&outcome));
        outcome
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    #[tokio::test]
    async fn once_told_to_stop_asking_nothing_is_sent_or_counted() {
        let account = Account::new(
            Vendor::Weiban,
            crate::domain::Account::default(),
            Limits::weiban(),
            Vec::new(),
        );
        account.stop_asking();
        let built = AtomicBool::new(false);
        let http = http::client(http::Timeouts::default()).unwrap();
        let answer = account
            .call(
                "/open-api/staff/list",
                || {
                    built.store(true, Ordering::Relaxed);
                    http.get("http://127.0.0.1:9/")
                },
                |_| Ok(()),
                http::status_error,
            )
            .await;
        assert_eq!(answer, Err(ErrorKind::Stopping));
        assert!(!built.load(Ordering::Relaxed), "a request was built");
        assert!(account.ledger().totals().is_empty(), "a call was counted");
    }
}
