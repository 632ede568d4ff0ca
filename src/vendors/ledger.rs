//! What a vendor account's calls have been: sent per endpoint and minute (until the sync
//! keeps them in the database, so that a sync taking over knows the budget already spent),
//! and in all by endpoint and outcome (for the sync's metrics).

use std::collections::HashMap;
use std::sync::Mutex;

use super::ErrorKind;
use super::limit::lock;

/// How a call ended, for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallOutcome {
    /// Answered and decoded.
    Ok,
    /// The vendor said no: an error code or an HTTP error status.
    Refused,
    /// Refused for the rate limit (Weiban's 10052/10053, HTTP 429).
    Limited,
    /// No usable answer: a timeout, the network, an answer that could not be read.
    Failed,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 4] = [
        CallOutcome::Ok,
        CallOutcome::Refused,
        CallOutcome::Limited,
        CallOutcome::Failed,
    ];

    pub fn of<T>(outcome: &Result<T, ErrorKind>) -> CallOutcome {
        match outcome {
            Ok(_) => CallOutcome::Ok,
            Err(kind) if kind.retry_after().is_some() => CallOutcome::Limited,
            Err(ErrorKind::Http { .. } | ErrorKind::Api { .. } | ErrorKind::Redirect { .. }) => {
                CallOutcome::Refused
            }
            Err(_) => CallOutcome::Failed,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CallOutcome::Ok => "ok",
            CallOutcome::Refused => "refused",
            CallOutcome::Limited => "limited",
            CallOutcome::Failed => "failed",
        }
    }
}

/// Calls sent in one minute (Unix seconds / 60) to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinuteCalls {
    pub endpoint: &'static str,
    pub minute: i64,
    pub calls: u32,
}

#[derive(Debug, Default)]
pub struct Ledger {
    unsaved: Mutex<HashMap<(&'static str, i64), u32>>,
    totals: Mutex<HashMap<(&'static str, CallOutcome), u64>>,
}

impl Ledger {
    /// A call to `endpoint` was sent at `at` (Unix seconds) and ended so.
    pub fn record(&self, endpoint: &'static str, at: i64, outcome: CallOutcome) {
        *lock(&self.unsaved)
            .entry((endpoint, at.div_euclid(60)))
            .or_default() += 1;
        *lock(&self.totals).entry((endpoint, outcome)).or_default() += 1;
    }

    /// The calls not yet taken, taken now (to be kept elsewhere).
    pub fn take_unsaved(&self) -> Vec<MinuteCalls> {
        let mut taken: Vec<MinuteCalls> = lock(&self.unsaved)
            .drain()
            .map(|((endpoint, minute), calls)| MinuteCalls {
                endpoint,
                minute,
                calls,
            })
            .collect();
        taken.sort_by_key(|c| (c.endpoint, c.minute));
        taken
    }

    /// Calls taken that could not be kept: counted again, to be kept next time.
    pub fn give_back(&self, calls: Vec<MinuteCalls>) {
        let mut unsaved = lock(&self.unsaved);
        for c in calls {
            *unsaved.entry((c.endpoint, c.minute)).or_default() += c.calls;
        }
    }

    /// Calls since this process started, by endpoint and outcome.
    pub fn totals(&self) -> Vec<(&'static str, CallOutcome, u64)> {
        let mut totals: Vec<_> = lock(&self.totals)
            .iter()
            .map(|(&(endpoint, outcome), &n)| (endpoint, outcome, n))
            .collect();
        totals.sort();
        totals
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_counted_by_minute_until_taken_and_in_all_by_outcome() {
        let ledger = Ledger::default();
        ledger.record("/a", 120, CallOutcome::Ok);
        ledger.record("/a", 179, CallOutcome::Limited);
        ledger.record("/a", 180, CallOutcome::Ok);
        ledger.record("/b", 120, CallOutcome::Failed);
        let taken = ledger.take_unsaved();
        let calls: Vec<_> = taken
            .iter()
            .map(|c| (c.endpoint, c.minute, c.calls))
            .collect();
        assert_eq!(calls, [("/a", 2, 2), ("/a", 3, 1), ("/b", 2, 1)]);
        assert!(ledger.take_unsaved().is_empty(), "taken once");
        assert_eq!(
            ledger.totals(),
            [
                ("/a", CallOutcome::Ok, 2),
                ("/a", CallOutcome::Limited, 1),
                ("/b", CallOutcome::Failed, 1)
            ]
        );
    }

    #[test]
    fn a_rate_limit_answer_is_limited_a_code_refused_a_timeout_failed() {
        let api = ErrorKind::Api {
            field: "errcode",
            code: 40001,
            message: String::new(),
            hint: None,
        };
        assert_eq!(CallOutcome::of::<()>(&Err(api)), CallOutcome::Refused);
        let limited = ErrorKind::Http {
            status: 429,
            detail: String::new(),
        };
        assert_eq!(CallOutcome::of::<()>(&Err(limited)), CallOutcome::Limited);
        assert_eq!(
            CallOutcome::of::<()>(&Err(ErrorKind::Timeout)),
            CallOutcome::Failed
        );
        assert_eq!(CallOutcome::of(&Ok(())), CallOutcome::Ok);
    }
}
