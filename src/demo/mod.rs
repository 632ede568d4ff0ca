//! The demo server: a real HTTP server on 127.0.0.1 speaking the vendors' wire formats, so that
//! `--demo` and the tests run exactly the client code used against the real vendors.
//!
//! It checks credentials the way the vendor does (a missing, wrong or expired token gets the
//! vendor's error), so a client bug cannot hide behind a lenient server.

pub mod accounts;
pub mod data;
mod error;
pub mod faults;
mod serve;
mod sign;
mod state;
pub mod wecom;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::config::{
    Config, LimitsConfig, SyncConfig, TanmaConfig, WecomConfig, WeibanConfig, YoumiConfig,
    YunzhongConfig,
};
use crate::redact::Secret;
pub use accounts::{CORP_ID, WEIBAN_SECRET, tanma, youmi, yunzhong};
pub use data::DemoData;
pub use error::DemoError;
use state::{Counters, State};
pub use state::{DemoOptions, EnforcedLimits, Recorded, Stats};

/// Requests in flight per vendor when the demo lifts the limits: enough to keep two cores
/// busy decoding while the server answers.
pub const LIFTED_IN_FLIGHT: u32 = 8;

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
        // The second listener, where `redirect` points: on the same interface, another port.
        let elsewhere = std::net::TcpListener::bind((addr.ip(), 0))?;
        elsewhere.set_nonblocking(true)?;
        let elsewhere = TcpListener::from_std(elsewhere)?;
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
            started: data::weiban_customers::unix_now(),
            weiban_in_flight: AtomicU64::new(0),
            weiban_calls: Mutex::new(HashMap::new()),
            faults,
            clock: Mutex::new(None),
            elsewhere: elsewhere.local_addr()?,
            arrived_elsewhere: Mutex::new(Vec::new()),
            edits: Mutex::new(state::CustomerEdits::default()),
            added_events: Mutex::new(state::AddedEvents::default()),
        });
        if let Some(url) = state.options.wecom_callback.clone() {
            tokio::spawn(wecom::play(state.clone(), url));
        }
        let (shutdown, stopped) = oneshot::channel::<()>();
        let app = serve::router(state.clone());
        let recorder = serve::recorder(state.clone());
        tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            // The second listener stops with the first.
            tokio::select! {
                served = serve => if let Err(e) = served {
                    tracing::error!("demo server stopped: {e}");
                },
                _ = axum::serve(elsewhere, recorder) => {}
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
        ) + &self.wecom_toml()
    }

    /// The `[wecom]` section (and the listener it needs) when the demo plays WeCom.
    fn wecom_toml(&self) -> String {
        let Some(url) = &self.state.options.wecom_callback else {
            return String::new();
        };
        let listen =
            listen_of(url).map_or_else(String::new, |a| format!("\n[sync]\nlisten = \"{a}\"\n"));
        format!(
            "\n[wecom]\ncorp_id          = \"{CORP_ID}\"\ntoken            = \"{}\"\n\
             encoding_aes_key = \"{}\"\n{listen}",
            accounts::wecom::TOKEN,
            accounts::wecom::ENCODING_AES_KEY,
        )
    }

    /// [`DemoServer::config_toml`] as one account of each vendor, `[[weiban]] account =
    /// "NAME"`: two servers' texts, one after the other, are a config with two accounts each.
    pub fn config_toml_as(&self, account: &str) -> String {
        let mut text = self.config_toml();
        for vendor in ["weiban", "yunzhong", "tanma", "youmi", "wecom"] {
            text = text.replace(
                &format!("[{vendor}]\n"),
                &format!("[[{vendor}]]\naccount  = \"{account}\"\n"),
            );
        }
        text
    }

    pub fn data(&self) -> &DemoData {
        &self.state.data
    }

    /// Unix seconds when the server started (live outflow alerts count from here).
    pub fn started(&self) -> i64 {
        self.state.started
    }

    /// When this server's outflow alerts happen.
    pub fn timeline(&self) -> data::weiban_customers::Timeline {
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
        self.state.expire_tokens();
    }

    /// Renames a Weiban customer now (by the outflow list's clock): the customer list shows
    /// the new name and the changed-customers list reports it.
    pub fn rename_customer(&self, id: &str, name: &str) {
        let at = self.state.now();
        let mut edits = self.state.edits.lock().unwrap_or_else(|p| p.into_inner());
        edits.renamed.insert(id.to_owned(), (name.to_owned(), at));
    }

    /// Removes a Weiban customer: gone from the customer list, and — as with the vendor —
    /// never reported by the changed-customers list.
    pub fn remove_customer(&self, id: &str) {
        let mut edits = self.state.edits.lock().unwrap_or_else(|p| p.into_inner());
        edits.removed.insert(id.to_owned());
    }

    /// The requests that reached the second listener (where `redirect` points).
    pub fn arrived_elsewhere(&self) -> Vec<state::Recorded> {
        self.state
            .arrived_elsewhere
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
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
            weiban_customer_detail: c.weiban_customer_detail.load(Ordering::Relaxed),
            weiban_event_add: c.weiban_event_add.load(Ordering::Relaxed),
            yunzhong_list: c.yunzhong_list.load(Ordering::Relaxed),
            yunzhong_refused: c.yunzhong_refused.load(Ordering::Relaxed),
            tanma_list: c.tanma_list.load(Ordering::Relaxed),
            tanma_tags: c.tanma_tags.load(Ordering::Relaxed),
            tanma_refused: c.tanma_refused.load(Ordering::Relaxed),
            tanma_app_key_sent: c.tanma_app_key_sent.load(Ordering::Relaxed),
            youmi_token: c.youmi_token.load(Ordering::Relaxed),
            youmi_calls: c.youmi_calls.load(Ordering::Relaxed),
            youmi_refused: c.youmi_refused.load(Ordering::Relaxed),
            faults_fired: c.faults_fired.load(Ordering::Relaxed),
            huge_bytes_sent: c.huge_bytes_sent.load(Ordering::Relaxed),
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
        weiban: vec![WeibanConfig {
            account: Default::default(),
            base_url: base.to_owned(),
            corp_id: CORP_ID.to_owned(),
            secret: Secret::new(WEIBAN_SECRET),
            limits: weiban_limits(options),
        }],
        yunzhong: vec![YunzhongConfig {
            account: Default::default(),
            base_url: base.to_owned(),
            uniacid: yunzhong::UNIACID,
            cookie: Secret::new(yunzhong::COOKIE_VALUE),
            limits: LimitsConfig::lifted(LIFTED_IN_FLIGHT),
        }],
        tanma: vec![TanmaConfig {
            account: Default::default(),
            base_url: base.to_owned(),
            app_id: tanma::APP_ID.to_owned(),
            app_key: Secret::new(tanma::APP_KEY),
            qw_user_ids: tanma::QW_USER_IDS.iter().map(|u| u.to_string()).collect(),
            limits: LimitsConfig::lifted(LIFTED_IN_FLIGHT),
        }],
        youmi: vec![YoumiConfig {
            account: Default::default(),
            base_url: format!("{base}{}", youmi::PREFIX),
            app_id: youmi::APP_ID.to_owned(),
            app_key: Secret::new(youmi::APP_KEY),
            limits: LimitsConfig::lifted(LIFTED_IN_FLIGHT),
        }],
        wecom: options.wecom_callback.as_ref().map_or_else(Vec::new, |_| {
            vec![WecomConfig {
                account: Default::default(),
                corp_id: CORP_ID.to_owned(),
                token: Secret::new(accounts::wecom::TOKEN),
                encoding_aes_key: Secret::new(accounts::wecom::ENCODING_AES_KEY),
            }]
        }),
        sync: SyncConfig {
            listen: options.wecom_callback.as_deref().and_then(listen_of),
            ..SyncConfig::default()
        },
        ..Config::default()
    }
}

/// The `host:port` of a callback URL (`http://127.0.0.1:8090/wecom/callback`).
fn listen_of(url: &str) -> Option<SocketAddr> {
    let rest = url.strip_prefix("http://")?;
    rest.split('/').next()?.parse().ok()
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
