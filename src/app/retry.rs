//! When to try again after a failed load: exponential backoff with jitter, and never before
//! the vendor's rate-limit block is over.
//!
//! A dashboard left open all day must not hammer a vendor that is down: each failure in a row
//! doubles the wait (2 s, 4 s, 8 s, … up to 5 minutes), and a random part spreads the retries
//! of many dashboards apart. A rate-limit answer means the vendor blocks the account for a
//! while (60 s for Weiban); asking again before then only prolongs the block.

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

/// The wait after the first failure.
pub const FIRST: Duration = Duration::from_secs(2);
/// The longest wait between attempts.
pub const MAX: Duration = Duration::from_secs(300);

/// The wait before attempt `failures + 1`, after `failures` failures in a row (≥ 1).
///
/// "Equal jitter": half of the exponential step is fixed and half is random, so waits keep
/// growing while two clients that failed together drift apart. `unit` is a random number in
/// `[0, 1)`. The wait is never shorter than `floor` (the vendor's block).
pub fn delay(failures: u32, unit: f64, floor: Option<Duration>) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    let step = FIRST.saturating_mul(1 << doublings).min(MAX);
    let wait = step / 2 + step.mul_f64(unit.clamp(0.0, 1.0) / 2.0);
    match floor {
        // A little past the end of the block, not on its very edge.
        Some(floor) => wait.max(floor + Duration::from_secs(1)),
        None => wait,
    }
}

/// A small random source for jitter (SplitMix64), seeded from the OS; tests seed it.
#[derive(Debug, Clone)]
pub struct Jitter {
    state: u64,
}

impl Jitter {
    pub fn new() -> Jitter {
        Jitter::seeded(RandomState::new().hash_one(std::process::id()))
    }

    pub fn seeded(seed: u64) -> Jitter {
        Jitter { state: seed }
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl Default for Jitter {
    fn default() -> Self {
        Jitter::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_with_each_failure_up_to_the_cap() {
        let s = |secs: u64| Duration::from_secs(secs);
        assert_eq!(delay(1, 0.0, None), s(1));
        assert_eq!(delay(1, 1.0, None), s(2));
        assert_eq!(delay(2, 0.0, None), s(2));
        assert_eq!(delay(3, 0.0, None), s(4));
        assert_eq!(delay(4, 1.0, None), s(16));
        assert_eq!(delay(9, 0.0, None), s(150));
        assert_eq!(delay(9, 1.0, None), MAX);
        assert_eq!(delay(1000, 1.0, None), MAX);
    }

    #[test]
    fn a_rate_limit_block_is_waited_out() {
        let block = Some(Duration::from_secs(60));
        assert_eq!(delay(1, 0.5, block), Duration::from_secs(61));
        // Later failures wait longer than the block anyway.
        assert!(delay(8, 0.0, block) > Duration::from_secs(61));
    }

    #[test]
    fn jitter_spreads_retries_over_the_range() {
        let mut jitter = Jitter::seeded(7);
        let units: Vec<f64> = (0..1000).map(|_| jitter.unit()).collect();
        assert!(units.iter().all(|u| (0.0..1.0).contains(u)));
        let low = units.iter().filter(|&&u| u < 0.5).count();
        assert!((400..600).contains(&low), "{low} of 1000 below one half");
        let waits: std::collections::HashSet<Duration> =
            units.iter().map(|&u| delay(5, u, None)).collect();
        assert!(waits.len() > 900, "only {} distinct waits", waits.len());
    }
}
