//! Client-side rate limits: a vendor blocks an account for a minute to an hour when it is
//! called too often, so a client has to stay under the limits rather than discover them.
//!
//! Each vendor account gets one [`Limiter`]: a semaphore for the requests in flight, and per
//! endpoint one token bucket per rate. A bucket holding `b` tokens and refilling at `r` per
//! second lets through at most `b + r·T` calls in any window of `T` seconds, so choosing
//! `r = (calls − b) / T` never exceeds `calls` per window, whether the vendor counts in fixed
//! or sliding windows, while running at `1 − b/calls` of the allowed rate or better.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, SemaphorePermit};

use super::ErrorKind;

/// At most `calls` per `per`, per endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub calls: u32,
    pub per: Duration,
}

impl Rate {
    pub fn per_minute(calls: u32) -> Rate {
        Rate {
            calls,
            per: Duration::from_secs(60),
        }
    }

    pub fn per_hour(calls: u32) -> Rate {
        Rate {
            calls,
            per: Duration::from_secs(3600),
        }
    }
}

/// A vendor account's limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Requests in flight at once, across all endpoints (at least 1).
    pub in_flight: u32,
    /// Rates per endpoint; empty means none.
    pub rates: Vec<Rate>,
    /// The largest answer read, in bytes: a body that goes on past it is cut off and the
    /// call fails, so that a broken server cannot fill the memory.
    pub max_answer: u64,
}

/// The largest answer read unless the config says otherwise (`[network] max_response_mb`).
pub const MAX_ANSWER: u64 = 64 << 20;

impl Limits {
    /// Weiban's published limits: 5 requests in flight per corp (errcode 10052), and per
    /// endpoint 600 calls a minute and 36 000 an hour (10053).
    pub fn weiban() -> Limits {
        Limits {
            in_flight: 5,
            rates: vec![Rate::per_minute(600), Rate::per_hour(36_000)],
            max_answer: MAX_ANSWER,
        }
    }

    /// Yunzhong publishes no limits; its list is the shop's own admin backend, so be as
    /// gentle as a few browser tabs.
    pub fn yunzhong() -> Limits {
        Limits {
            in_flight: 4,
            rates: vec![Rate::per_minute(600)],
            max_answer: MAX_ANSWER,
        }
    }

    /// Tanma publishes no limits; a conservative guess.
    pub fn tanma() -> Limits {
        Limits {
            in_flight: 4,
            rates: vec![Rate::per_minute(600)],
            max_answer: MAX_ANSWER,
        }
    }

    /// Youmi publishes no limits; its calls are few and unpaged.
    pub fn youmi() -> Limits {
        Limits {
            in_flight: 2,
            rates: vec![Rate::per_minute(300)],
            max_answer: MAX_ANSWER,
        }
    }

    /// No rates, `in_flight` requests at once (the demo server).
    pub fn lifted(in_flight: u32) -> Limits {
        Limits {
            in_flight,
            rates: Vec::new(),
            max_answer: MAX_ANSWER,
        }
    }
}

/// One token bucket. `tokens` goes negative while callers are queued for later slots: each
/// caller reserves its slot at once and sleeps until it, so waiters are served in order.
#[derive(Debug)]
struct Bucket {
    capacity: f64,
    /// Tokens per second.
    refill: f64,
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn new(rate: Rate, in_flight: u32, now: Instant) -> Bucket {
        // The burst is at most a tenth of the window's calls, so the refill rate stays at 90 %
        // or more of the allowed rate (99 % for Weiban's 600/min).
        let capacity = in_flight.min(rate.calls / 10);
        let refill =
            f64::from(rate.calls - capacity).max(1.0) / rate.per.as_secs_f64().max(f64::EPSILON);
        Bucket {
            capacity: f64::from(capacity),
            refill,
            tokens: f64::from(capacity),
            at: now,
        }
    }

    /// Takes a token; returns how long to wait before using it.
    fn reserve(&mut self, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.refill).min(self.capacity);
        self.at = now;
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / self.refill)
        }
    }
}

/// The limits of one vendor account, shared by all its requests.
#[derive(Debug)]
pub struct Limiter {
    limits: Limits,
    in_flight: Semaphore,
    buckets: Mutex<HashMap<String, Vec<Bucket>>>,
    /// After a rate-limit answer: no call is sent before this (the vendor's block).
    blocked_until: Mutex<Option<Instant>>,
}

/// Held while a request is in flight.
pub struct Permit<'a> {
    _slot: Option<SemaphorePermit<'a>>,
}

impl Limiter {
    pub fn new(limits: Limits) -> Limiter {
        let slots = limits.in_flight.max(1) as usize;
        Limiter {
            limits,
            in_flight: Semaphore::new(slots),
            buckets: Mutex::new(HashMap::new()),
            blocked_until: Mutex::new(None),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Waits for a free slot and for `endpoint`'s next allowed time; the request is sent
    /// right after, and the returned permit is held until its answer has been read.
    ///
    /// While the vendor's rate-limit block lasts, fails at once instead: asking again during
    /// a block only prolongs it.
    pub async fn acquire(&self, endpoint: &'static str) -> Result<Permit<'_>, ErrorKind> {
        self.check_block(Instant::now())?;
        // A closed semaphore cannot happen (it is never closed); go ahead without a slot.
        let slot = self.in_flight.acquire().await.ok();
        self.check_block(Instant::now())?;
        let wait = self.reserve(endpoint, Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        Ok(Permit { _slot: slot })
    }

    /// Takes note of a call's outcome: a rate-limit answer blocks every further call for as
    /// long as the vendor blocks them.
    pub fn note<T>(&self, outcome: &Result<T, ErrorKind>) {
        if let Err(kind) = outcome
            && let Some(wait) = kind.retry_after()
        {
            self.block(Instant::now() + wait);
        }
    }

    /// Blocks calls until `until` (or longer, if already blocked longer).
    pub fn block(&self, until: Instant) {
        let mut blocked = lock(&self.blocked_until);
        if blocked.is_none_or(|at| at < until) {
            tracing::warn!(
                wait_s = until.saturating_duration_since(Instant::now()).as_secs(),
                "rate limited: no calls until the block ends"
            );
            *blocked = Some(until);
        }
    }

    /// When the current rate-limit block ends, if there is one.
    pub fn blocked_until(&self) -> Option<Instant> {
        lock(&self.blocked_until).filter(|&until| Instant::now() < until)
    }

    /// Ends a block early: for tests, which cannot wait a minute for it.
    pub fn lift_block(&self) {
        *lock(&self.blocked_until) = None;
    }

    fn check_block(&self, now: Instant) -> Result<(), ErrorKind> {
        match *lock(&self.blocked_until) {
            Some(until) if now < until => Err(ErrorKind::Blocked { left: until - now }),
            _ => Ok(()),
        }
    }

    /// Reserves the next call of `endpoint` and returns how long to wait for it.
    fn reserve(&self, endpoint: &'static str, now: Instant) -> Duration {
        if self.limits.rates.is_empty() {
            return Duration::ZERO;
        }
        let mut buckets = lock(&self.buckets);
        self.buckets_of(&mut buckets, endpoint, now)
            .iter_mut()
            .map(|bucket| bucket.reserve(now))
            .max()
            .unwrap_or_default()
    }

    /// Calls another process already spent on `endpoint` (a sync that led before this one):
    /// `spent(rate)` says how many within the last `rate.per`. Each bucket starts that much lower
    /// (in debt if need be), so that every window the vendor counts holds across the
    /// handover: at most `capacity − spent + refill·t` more within `t`.
    pub fn spend(&self, endpoint: &str, spent: impl Fn(Rate) -> u32) {
        let now = Instant::now();
        let mut buckets = lock(&self.buckets);
        let rates = self.limits.rates.clone();
        for (bucket, rate) in self
            .buckets_of(&mut buckets, endpoint, now)
            .iter_mut()
            .zip(rates)
        {
            bucket.reserve(now);
            bucket.tokens += 1.0; // undo the reservation: only the refill up to now was wanted
            bucket.tokens = bucket.tokens.min(bucket.capacity - f64::from(spent(rate)));
        }
    }

    fn buckets_of<'m>(
        &self,
        buckets: &'m mut HashMap<String, Vec<Bucket>>,
        endpoint: &str,
        now: Instant,
    ) -> &'m mut Vec<Bucket> {
        // One small allocation per call: calls are few (rate-limited) and slow (HTTP).
        buckets.entry(endpoint.to_owned()).or_insert_with(|| {
            self.limits
                .rates
                .iter()
                .map(|&rate| Bucket::new(rate, self.limits.in_flight, now))
                .collect()
        })
    }
}

/// A lock whose holder panicked still guards plain counts: go on with them.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The largest number of times in any window of length `per`.
    fn busiest_window(times: &[Duration], per: Duration) -> usize {
        let mut best = 0;
        let mut start = 0;
        for (end, &t) in times.iter().enumerate() {
            while t.saturating_sub(times[start]) >= per {
                start += 1;
            }
            best = best.max(end + 1 - start);
        }
        best
    }

    /// Reserves `n` calls at once and returns when each may be sent.
    fn schedule(limits: Limits, n: usize) -> Vec<Duration> {
        let limiter = Limiter::new(limits);
        let now = Instant::now();
        let mut times: Vec<Duration> = (0..n).map(|_| limiter.reserve("/x", now)).collect();
        times.sort();
        times
    }

    #[test]
    fn weiban_never_exceeds_600_a_minute_and_runs_at_99_percent() {
        let times = schedule(Limits::weiban(), 3_000);
        let minute = Duration::from_secs(60);
        let busiest = busiest_window(&times, minute);
        assert!((595..=600).contains(&busiest), "{busiest} in a minute");
        // 3 000 calls take the time of 2 995 at 595 a minute: 99.2 % of the allowed rate.
        let last = times.last().copied().unwrap_or_default().as_secs_f64();
        let achieved = 2_999.0 / last * 60.0;
        assert!((590.0..=600.0).contains(&achieved), "{achieved} calls/min");
    }

    #[test]
    fn calls_spent_by_another_process_count_against_the_window() {
        let limiter = Limiter::new(Limits {
            in_flight: 5,
            rates: vec![Rate::per_minute(60), Rate::per_hour(100)],
            max_answer: MAX_ANSWER,
        });
        // The last leader sent 60 calls just now (all of the minute's, 60 of the hour's).
        limiter.spend("/x", |_| 60);
        let now = Instant::now();
        let mut times: Vec<Duration> = vec![Duration::ZERO; 60];
        times.extend((0..200).map(|_| limiter.reserve("/x", now)));
        times.sort();
        assert!(busiest_window(&times, Duration::from_secs(60)) <= 60);
        assert!(busiest_window(&times, Duration::from_secs(3600)) <= 100);
        // Another endpoint's budget is its own.
        assert_eq!(limiter.reserve("/y", now), Duration::ZERO);
    }

    #[test]
    fn the_hourly_limit_holds_too() {
        let limits = Limits {
            in_flight: 5,
            rates: vec![Rate::per_minute(600), Rate::per_hour(1_000)],
            max_answer: MAX_ANSWER,
        };
        let times = schedule(limits, 2_500);
        assert!(busiest_window(&times, Duration::from_secs(3600)) <= 1_000);
        assert!(busiest_window(&times, Duration::from_secs(60)) <= 600);
    }

    #[test]
    fn small_rates_have_no_burst_and_still_hold() {
        for calls in [1, 2, 5, 9, 10, 11, 37] {
            let limits = Limits {
                in_flight: 5,
                rates: vec![Rate {
                    calls,
                    per: Duration::from_secs(10),
                }],
                max_answer: MAX_ANSWER,
            };
            let times = schedule(limits, 200);
            let busiest = busiest_window(&times, Duration::from_secs(10));
            assert!(busiest <= calls as usize, "{calls}: {busiest}");
        }
    }

    #[test]
    fn endpoints_have_their_own_buckets() {
        let limiter = Limiter::new(Limits {
            in_flight: 1,
            rates: vec![Rate {
                calls: 10,
                per: Duration::from_secs(1),
            }],
            max_answer: MAX_ANSWER,
        });
        let now = Instant::now();
        assert_eq!(limiter.reserve("/a", now), Duration::ZERO);
        assert!(limiter.reserve("/a", now) > Duration::ZERO);
        assert_eq!(limiter.reserve("/b", now), Duration::ZERO);
    }

    #[test]
    fn lifted_limits_never_wait() {
        let times = schedule(Limits::lifted(8), 10_000);
        assert!(times.iter().all(|t| t.is_zero()));
    }

    #[tokio::test]
    async fn in_flight_is_bounded() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let limiter = Arc::new(Limiter::new(Limits::lifted(3)));
        let now = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let (limiter, now, most) = (limiter.clone(), now.clone(), most.clone());
                tokio::spawn(async move {
                    let _permit = limiter.acquire("/x").await;
                    let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(current, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                    now.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 3);
    }
}
