//! The demo server: a real HTTP server on 127.0.0.1 speaking the vendors' wire formats, so that
//! `--demo` and the tests run exactly the client code used against the real vendors.
//!
//! It checks credentials the way the vendor does (a missing, wrong or expired token gets the
//! vendor's error), so a client bug cannot hide behind a lenient server.

pub mod data;
pub mod faults;
pub mod tanma;
mod weiban;
pub mod weiban_people;
pub mod youmi;
pub mod yunzhong;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::config::{Config, LimitsConfig, TanmaConfig, WeibanConfig, YoumiConfig, YunzhongConfig};
use crate::redact::Secret;
pub use data::{CORP_ID, DemoData};

/// Requests in flight per vendor when the demo lifts the limits: enough to keep two cores
/// busy decoding while the server answers.
pub const LIFTED_IN_FLIGHT: u32 = 8;

/// The demo corp's Weiban secret.
pub const WEIBAN_SECRET: &str = "demo-weiban-secret";

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
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            scale: 1,
            token_lifetime: Duration::from_secs(7200),
            weiban_limits: None,
            faults: Vec::new(),
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
    fn config(&self) -> LimitsConfig {
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
    pub yunzhong_list: AtomicU64,
    /// Calls refused for a missing or stale session cookie.
    pub yunzhong_refused: AtomicU64,
    pub tanma_list: AtomicU64,
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
    pub yunzhong_list: u64,
    pub yunzhong_refused: u64,
    pub tanma_list: u64,
    pub tanma_refused: u64,
    pub tanma_app_key_sent: u64,
    pub youmi_token: u64,
    pub youmi_calls: u64,
    pub youmi_refused: u64,
    pub faults_fired: u64,
}

pub(crate) struct State {
    pub data: DemoData,
    pub options: DemoOptions,
    /// Issued Weiban tokens and when each expires.
    pub tokens: Mutex<HashMap<String, Instant>>,
    pub issued: AtomicU64,
    pub counters: Counters,
    /// Unix seconds when the server started: live outflow alerts count from here.
    pub started: i64,
    /// Weiban requests being answered, and each endpoint's recent calls (for the limits).
    weiban_in_flight: AtomicU64,
    weiban_calls: Mutex<HashMap<String, weiban::CallLog>>,
    faults: faults::Faults,
    /// When set, the outflow list's "now" (Unix seconds) instead of the real time: a test can
    /// run a day of alerts in seconds.
    clock: Mutex<Option<i64>>,
}

pub struct DemoServer {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl DemoServer {
    /// Binds (use port 0 for an ephemeral port) and serves in the background until dropped.
    pub async fn start(addr: SocketAddr, options: DemoOptions) -> std::io::Result<DemoServer> {
        let listener = TcpListener::bind(addr).await?;
        DemoServer::serve(listener, options)
    }

    /// Generates the data (which takes a second or two at large scales; connections wait in
    /// the listener's backlog meanwhile), then serves in the background until dropped.
    pub fn serve(listener: TcpListener, options: DemoOptions) -> std::io::Result<DemoServer> {
        let addr = listener.local_addr()?;
        let faults = faults::Faults::default();
        for rule in &options.faults {
            faults.add(*rule);
        }
        let state = Arc::new(State {
            data: DemoData::generate(options.scale),
            options,
            tokens: Mutex::new(HashMap::new()),
            issued: AtomicU64::new(0),
            counters: Counters::default(),
            started: weiban_people::unix_now(),
            weiban_in_flight: AtomicU64::new(0),
            weiban_calls: Mutex::new(HashMap::new()),
            faults,
            clock: Mutex::new(None),
        });
        let (shutdown, stopped) = oneshot::channel::<()>();
        let app = router(state.clone());
        tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                tracing::error!("demo server stopped: {e}");
            }
        });
        Ok(DemoServer {
            addr,
            state,
            shutdown: Some(shutdown),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A config whose vendor sections point at this server with the demo credentials.
    pub fn config(&self) -> Config {
        config_for(&self.base_url(), &self.state.options)
    }

    /// [`DemoServer::config`] as the TOML a person would write.
    pub fn config_toml(&self) -> String {
        let lifted = LimitsConfig::lifted(LIFTED_IN_FLIGHT);
        format!(
            "[weiban]\nbase_url = \"{base}\"\ncorp_id  = \"{CORP_ID}\"\nsecret   = \"{WEIBAN_SECRET}\"\n{}\n\
             [yunzhong]\nbase_url = \"{base}\"\nuniacid  = {}\ncookie   = \"{}\"\n{}\n\
             [tanma]\nbase_url    = \"{base}\"\napp_id      = \"{}\"\napp_key     = \"{}\"\nqw_user_ids = [{}]\n{}\n\
             [youmi]\nbase_url = \"{base}{}\"\napp_id   = \"{}\"\napp_key  = \"{}\"\n{}",
            limits_toml("weiban", &weiban_limits(&self.state.options)),
            yunzhong::UNIACID,
            yunzhong::COOKIE_VALUE,
            limits_toml("yunzhong", &lifted),
            tanma::APP_ID,
            tanma::APP_KEY,
            tanma::QW_USER_IDS
                .iter()
                .map(|u| format!("\"{u}\""))
                .collect::<Vec<_>>()
                .join(", "),
            limits_toml("tanma", &lifted),
            youmi::PREFIX,
            youmi::APP_ID,
            youmi::APP_KEY,
            limits_toml("youmi", &lifted),
            base = self.base_url(),
        )
    }

    pub fn data(&self) -> &DemoData {
        &self.state.data
    }

    /// Unix seconds when the server started (live outflow alerts count from here).
    pub fn started(&self) -> i64 {
        self.state.started
    }

    /// When this server's outflow alerts happen.
    pub fn timeline(&self) -> weiban_people::Timeline {
        self.state.timeline()
    }

    /// Puts a fault in force: the vendor's data calls fail as the rule says.
    pub fn inject(&self, rule: faults::Rule) {
        self.state.faults.add(rule);
    }

    /// Ends every fault: the vendors answer normally again.
    pub fn clear_faults(&self) {
        self.state.faults.clear();
    }

    /// Sets the outflow list's clock (Unix seconds): from now on alerts have happened up to
    /// this time, whatever the real time is.
    pub fn set_now(&self, now: i64) {
        *self.state.clock.lock().unwrap_or_else(|p| p.into_inner()) = Some(now);
    }

    /// Makes every issued token expire now, as the vendor does after its lifetime.
    pub fn expire_tokens(&self) {
        expire_all(&self.state);
    }

    pub fn stats(&self) -> Stats {
        let c = &self.state.counters;
        Stats {
            weiban_token: c.weiban_token.load(Ordering::Relaxed),
            weiban_store_list: c.weiban_store_list.load(Ordering::Relaxed),
            weiban_refused: c.weiban_refused.load(Ordering::Relaxed),
            weiban_limited: c.weiban_limited.load(Ordering::Relaxed),
            weiban_customer_list: c.weiban_customer_list.load(Ordering::Relaxed),
            weiban_outflow: c.weiban_outflow.load(Ordering::Relaxed),
            yunzhong_list: c.yunzhong_list.load(Ordering::Relaxed),
            yunzhong_refused: c.yunzhong_refused.load(Ordering::Relaxed),
            tanma_list: c.tanma_list.load(Ordering::Relaxed),
            tanma_refused: c.tanma_refused.load(Ordering::Relaxed),
            tanma_app_key_sent: c.tanma_app_key_sent.load(Ordering::Relaxed),
            youmi_token: c.youmi_token.load(Ordering::Relaxed),
            youmi_calls: c.youmi_calls.load(Ordering::Relaxed),
            youmi_refused: c.youmi_refused.load(Ordering::Relaxed),
            faults_fired: c.faults_fired.load(Ordering::Relaxed),
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The config of a demo server at `base` (`http://127.0.0.1:port`) started with `options`:
/// known before the server has generated its data.
pub fn config_for(base: &str, options: &DemoOptions) -> Config {
    Config {
        weiban: Some(WeibanConfig {
            base_url: base.to_owned(),
            corp_id: CORP_ID.to_owned(),
            secret: Secret::new(WEIBAN_SECRET),
            limits: weiban_limits(options),
        }),
        yunzhong: Some(YunzhongConfig {
            base_url: base.to_owned(),
            uniacid: yunzhong::UNIACID,
            cookie: Secret::new(yunzhong::COOKIE_VALUE),
            limits: LimitsConfig::lifted(LIFTED_IN_FLIGHT),
        }),
        tanma: Some(TanmaConfig {
            base_url: base.to_owned(),
            app_id: tanma::APP_ID.to_owned(),
            app_key: Secret::new(tanma::APP_KEY),
            qw_user_ids: tanma::QW_USER_IDS.iter().map(|u| u.to_string()).collect(),
            limits: LimitsConfig::lifted(LIFTED_IN_FLIGHT),
        }),
        youmi: Some(YoumiConfig {
            base_url: format!("{base}{}", youmi::PREFIX),
            app_id: youmi::APP_ID.to_owned(),
            app_key: Secret::new(youmi::APP_KEY),
            limits: LimitsConfig::lifted(LIFTED_IN_FLIGHT),
        }),
        ..Config::default()
    }
}

/// The Weiban limits a client of the server should keep: the published ones when the server
/// enforces them, else none but a bound on requests in flight.
fn weiban_limits(options: &DemoOptions) -> LimitsConfig {
    options.weiban_limits.as_ref().map_or(
        LimitsConfig::lifted(LIFTED_IN_FLIGHT),
        EnforcedLimits::config,
    )
}

/// A `[vendor.limits]` table; a rate left out of `limits` is written as 0 (none).
fn limits_toml(vendor: &str, limits: &LimitsConfig) -> String {
    let mut table = format!("\n[{vendor}.limits]\n");
    for (key, value) in [
        ("in_flight ", limits.in_flight),
        ("per_minute", limits.per_minute),
        ("per_hour  ", limits.per_hour),
    ] {
        if let Some(value) = value {
            table.push_str(&format!("{key} = {value}\n"));
        }
    }
    table
}

impl State {
    /// Unix seconds: the real time, or the test's clock ([`DemoServer::set_now`]).
    pub(crate) fn now(&self) -> i64 {
        self.clock
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or_else(weiban_people::unix_now)
    }

    pub(crate) fn timeline(&self) -> weiban_people::Timeline {
        weiban_people::Timeline::new(self.started, self.options.scale)
    }
}

fn expire_all(state: &State) {
    if let Ok(mut tokens) = state.tokens.lock() {
        tokens.clear();
    }
}

/// Youmi's paths keep their documented spelling (`WeCaht`, `wecahtlabel`).
fn youmi_routes() -> Router<Arc<State>> {
    use crate::vendors::youmi as api;
    Router::new()
        .route(api::TOKEN_PATH, post(youmi::token))
        .route(api::OPERATORS_PATH, get(youmi::operators))
        .route(api::STAFF_PATH, get(youmi::staff))
        .route(api::STAFF_WECHAT_PATH, post(youmi::staff_wechat))
        .route(api::LABEL_CATEGORIES_PATH, get(youmi::reference))
        .route(api::LABELS_PATH, get(youmi::reference))
        .route(api::AD_GROUPS_PATH, get(youmi::reference))
        .route(api::CUSTOM_ATTRIBUTES_PATH, get(youmi::reference))
}

fn router(state: Arc<State>) -> Router {
    let weiban = Router::new()
        .route(crate::vendors::weiban::TOKEN_PATH, post(weiban::token))
        .route(
            crate::vendors::weiban::STORE_LIST_PATH,
            get(weiban::store_list),
        )
        .route(
            crate::vendors::weiban::CUSTOMER_LIST_PATH,
            get(weiban_people::customer_list),
        )
        .route(
            crate::vendors::weiban::OUTFLOW_PATH,
            get(weiban_people::outflow),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            weiban::limits,
        ));
    Router::new()
        .merge(weiban)
        .route(crate::vendors::tanma::LIST_PATH, post(tanma::customers))
        .nest(youmi::PREFIX, youmi_routes())
        .route(
            crate::vendors::yunzhong::LIST_PATH,
            get(yunzhong::customers).post(yunzhong::customers),
        )
        // For the standalone server: lets a person try token expiry by hand.
        .route(
            "/__demo/faults",
            get(faults::control)
                .post(faults::control)
                .delete(faults::control),
        )
        .route(
            "/__demo/expire-tokens",
            post(
                |axum::extract::State(state): axum::extract::State<Arc<State>>| async move {
                    expire_all(&state);
                    "all demo tokens expired\n"
                },
            ),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .with_state(state)
}
