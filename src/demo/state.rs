//! What the demo server holds while it runs: its options, data, issued tokens, counters,
//! faults and clock.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use super::data::DemoData;
use super::data::weiban_customers::{Timeline, unix_now};
use super::faults::{self, Faults};
use crate::config::LimitsConfig;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Multiplies the data (1: 120 stores).
    pub scale: u32,
    /// How long an issued access token stays valid.
    pub token_lifetime: Duration,
    /// Enforce these Weiban limits, answering 10052 and 10053 as the vendor does.
    pub weiban_limits: Option<EnforcedLimits>,
    /// Faults in force from the start ([`faults`]).
    pub faults: Vec<faults::Rule>,
    /// Play WeCom: post each new alert's callback event to this URL ([`super::wecom`]).
    pub wecom_callback: Option<String>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            scale: 1,
            token_lifetime: Duration::from_secs(7200),
            weiban_limits: None,
            faults: Vec::new(),
            wecom_callback: None,
        }
    }
}

/// Limits the server enforces the way Weiban does: more than `in_flight` requests at once get
/// 10052; a call over an endpoint's rate (`calls` per `per`) gets 10053.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnforcedLimits {
    pub in_flight: u32,
    /// (calls, per) for each window.
    pub rates: Vec<(u32, Duration)>,
}

impl EnforcedLimits {
    /// Weiban's published limits: 5 in flight per corp, 600 calls a minute and 36 000 an
    /// hour per endpoint.
    pub fn weiban() -> EnforcedLimits {
        EnforcedLimits {
            in_flight: 5,
            rates: vec![
                (600, Duration::from_secs(60)),
                (36_000, Duration::from_secs(3600)),
            ],
        }
    }

    /// The client config that keeps within these limits.
    pub fn config(&self) -> LimitsConfig {
        let calls = |secs: u64| {
            self.rates
                .iter()
                .find(|(_, per)| *per == Duration::from_secs(secs))
                .map_or(0, |(calls, _)| *calls)
        };
        LimitsConfig {
            in_flight: Some(self.in_flight),
            per_minute: Some(calls(60)),
            per_hour: Some(calls(3600)),
        }
    }
}

/// Request counters, for tests that check how the client behaves.
#[derive(Debug, Default)]
pub struct Counters {
    pub weiban_token: AtomicU64,
    pub weiban_store_list: AtomicU64,
    /// Calls refused for a missing, wrong or expired token.
    pub weiban_refused: AtomicU64,
    /// Calls refused with 10052 or 10053 (only when the server enforces the limits).
    pub weiban_limited: AtomicU64,
    pub weiban_customer_list: AtomicU64,
    pub weiban_outflow: AtomicU64,
    pub weiban_customer_detail: AtomicU64,
    /// Events put on customers' timelines (`external_user_event/add`, accepted or refused).
    pub weiban_event_add: AtomicU64,
    pub yunzhong_list: AtomicU64,
    /// Calls refused for a missing or stale session cookie.
    pub yunzhong_refused: AtomicU64,
    pub tanma_list: AtomicU64,
    pub tanma_tags: AtomicU64,
    /// Calls refused for a bad signature or timestamp.
    pub tanma_refused: AtomicU64,
    /// Calls that sent the app key as a header (the client must never do so).
    pub tanma_app_key_sent: AtomicU64,
    pub youmi_token: AtomicU64,
    pub youmi_calls: AtomicU64,
    /// Calls refused for a token, timestamp or signature.
    pub youmi_refused: AtomicU64,
    /// Calls answered with an injected fault.
    pub faults_fired: AtomicU64,
    /// Bytes of `huge` answers handed to the connection before the client hung up.
    pub huge_bytes_sent: AtomicU64,
}

/// A snapshot of the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub weiban_token: u64,
    pub weiban_store_list: u64,
    pub weiban_refused: u64,
    pub weiban_limited: u64,
    pub weiban_customer_list: u64,
    pub weiban_outflow: u64,
    pub weiban_customer_detail: u64,
    pub weiban_event_add: u64,
    pub yunzhong_list: u64,
    pub yunzhong_refused: u64,
    pub tanma_list: u64,
    pub tanma_tags: u64,
    pub tanma_refused: u64,
    pub tanma_app_key_sent: u64,
    pub youmi_token: u64,
    pub youmi_calls: u64,
    pub youmi_refused: u64,
    pub faults_fired: u64,
    pub huge_bytes_sent: u64,
}

pub struct State {
    pub data: DemoData,
    pub options: DemoOptions,
    /// Issued Weiban tokens and when each expires.
    pub tokens: Mutex<HashMap<String, Instant>>,
    pub issued: AtomicU64,
    pub counters: Counters,
    /// Unix seconds when the server started: live outflow alerts count from here.
    pub started: i64,
    /// Weiban requests being answered, and each endpoint's recent calls (for the limits).
    pub weiban_in_flight: AtomicU64,
    pub weiban_calls: Mutex<HashMap<String, CallLog>>,
    pub faults: Faults,
    /// When set, the outflow list's "now" (Unix seconds) instead of the real time: a test can
    /// run a day of alerts in seconds.
    pub clock: Mutex<Option<i64>>,
    /// The second listener, where the `redirect` fault points, and what reached it.
    pub elsewhere: SocketAddr,
    pub arrived_elsewhere: Mutex<Vec<Recorded>>,
    /// Weiban customers renamed or removed since the start (a test's doing).
    pub edits: Mutex<CustomerEdits>,
    /// Events added to customers' timelines since the start.
    pub added_events: Mutex<AddedEvents>,
}

/// What `external_user_event/add` accepted: the event list shows them, newest first, before
/// the generated history.
#[derive(Debug, Default)]
pub struct AddedEvents {
    /// Customer id → their added events (the wire JSON), oldest first.
    pub by_customer: HashMap<String, Vec<String>>,
    pub added: u64,
}

/// Changes to Weiban's customer list: the list shows them, and the changed-customers list
/// reports the renamed ones (never the removed: Weiban does not report deletions there).
#[derive(Debug, Default)]
pub struct CustomerEdits {
    /// Customer id → (new name, when).
    pub renamed: HashMap<String, (String, i64)>,
    pub removed: std::collections::HashSet<String>,
}

impl CustomerEdits {
    pub fn is_empty(&self) -> bool {
        self.renamed.is_empty() && self.removed.is_empty()
    }

    /// A customer record as it is now: `None` when removed.
    pub fn apply(&self, record: &str) -> Option<String> {
        if self.is_empty() {
            return Some(record.to_owned());
        }
        let mut value: serde_json::Value = serde_json::from_str(record).ok()?;
        let id = value["id"].as_str().unwrap_or_default().to_owned();
        if self.removed.contains(&id) {
            return None;
        }
        if let Some((name, at)) = self.renamed.get(&id) {
            value["name"] = serde_json::Value::from(name.as_str());
            value["updated_at"] = serde_json::Value::from(*at);
        }
        Some(value.to_string())
    }
}

/// A request as the second listener received it: everything a credential could hide in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl State {
    /// Unix seconds: the real time, or the test's clock ([`super::DemoServer::set_now`]).
    pub fn now(&self) -> i64 {
        self.clock
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or_else(unix_now)
    }

    pub fn timeline(&self) -> Timeline {
        Timeline::new(self.started, self.options.scale)
    }

    /// Makes every issued token expire now, as the vendor does after its lifetime.
    pub fn expire_tokens(&self) {
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.clear();
        }
    }
}

/// The calls one endpoint received within the longest window, and its block, if any.
#[derive(Debug, Default)]
pub struct CallLog {
    pub times: std::collections::VecDeque<Instant>,
    pub blocked_until: Option<Instant>,
}
