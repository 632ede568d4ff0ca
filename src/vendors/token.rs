//! Access tokens that expire (Weiban, Youmi): one cached per account and shared by its calls,
//! renewed a little before the vendor's expiry, and renewed once more when the vendor refuses
//! one anyway.

use std::future::Future;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use super::{ErrorKind, VendorError};
use crate::domain::Vendor;
use crate::redact::Secret;

/// A token as the vendor issued it.
pub struct Fresh {
    pub value: Secret,
    /// How long the vendor says it stays valid.
    pub lifetime: Duration,
}

struct Cached {
    value: Secret,
    /// When to fetch a new one: a little before the vendor's expiry.
    refresh_at: Instant,
}

/// An account's token.
pub struct Tokens {
    vendor: Vendor,
    /// The code with which the vendor refuses an expired or unknown token.
    refused: i64,
    /// A token is renewed a tenth of its lifetime before it expires, but no earlier than this.
    max_margin: Duration,
    slot: Mutex<Option<Cached>>,
}

impl Tokens {
    pub fn new(vendor: Vendor, refused: i64, max_margin: Duration) -> Tokens {
        Tokens {
            vendor,
            refused,
            max_margin,
            slot: Mutex::new(None),
        }
    }

    /// Runs `call` with the account's token (fetching one with `renew` when there is none or
    /// it is due); when the vendor refuses the token, renews it once and calls again. An error
    /// is made by `fail`, which gets the token in use so that it can scrub it.
    pub async fn call<T, Renew, Renewing, Call, Calling>(
        &self,
        endpoint: &'static str,
        renew: Renew,
        call: Call,
        fail: impl Fn(ErrorKind, &Secret) -> VendorError,
    ) -> Result<T, VendorError>
    where
        Renew: Fn() -> Renewing,
        Renewing: Future<Output = Result<Fresh, VendorError>>,
        Call: Fn(Secret) -> Calling,
        Calling: Future<Output = Result<T, ErrorKind>>,
    {
        let mut renewed = false;
        loop {
            let token = self.get(&renew).await?;
            match call(token.clone()).await {
                Err(ErrorKind::Api { code, .. }) if code == self.refused && !renewed => {
                    tracing::info!(vendor = %self.vendor, endpoint, "token refused, renewing once");
                    renewed = true;
                    self.invalidate(&token).await;
                }
                other => return other.map_err(|kind| fail(kind, &token)),
            }
        }
    }

    /// The cached token, or a new one. The lock is held while fetching so that concurrent
    /// callers wait for one renewal instead of each asking for a token.
    async fn get<Renewing>(&self, renew: impl Fn() -> Renewing) -> Result<Secret, VendorError>
    where
        Renewing: Future<Output = Result<Fresh, VendorError>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = slot.as_ref()
            && Instant::now() < cached.refresh_at
        {
            return Ok(cached.value.clone());
        }
        let fresh = renew().await?;
        let margin = (fresh.lifetime / 10).min(self.max_margin);
        tracing::info!(
            vendor = %self.vendor,
            lifetime_s = fresh.lifetime.as_secs(),
            "new access token"
        );
        let value = fresh.value.clone();
        *slot = Some(Cached {
            value: fresh.value,
            refresh_at: Instant::now() + fresh.lifetime - margin,
        });
        Ok(value)
    }

    /// Forgets the token if it is still the one that was refused (another task may already
    /// have replaced it).
    async fn invalidate(&self, refused: &Secret) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|c| &c.value == refused) {
            *slot = None;
        }
    }
}
