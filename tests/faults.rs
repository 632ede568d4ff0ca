//! The fault matrix: every vendor × every way it can fail, through the real client, the real
//! fetch tasks and the app's `update`, against the demo server with the fault injected.
//!
//! For each: no panic; the error is on screen at once with vendor, endpoint and code; the
//! last good data stays; retries back off (and wait out a rate-limit block without calling
//! the vendor); and once the vendor answers again the pane recovers by itself.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{app, key};
use scrm_tui::app::{App, Cmd, Msg};
use scrm_tui::demo::faults::{Fault, Rule};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::{LoadEvent, Resource, Vendor};
use scrm_tui::fetch::{Clients, Fetcher};
use scrm_tui::vendors::limit::Limiter;
use tokio::sync::mpsc::UnboundedReceiver;

/// The client gives up on a silent vendor after this long (`[network] timeout_seconds`).
const TIMEOUT: Duration = Duration::from_millis(400);

struct Harness {
    server: DemoServer,
    clients: Arc<Clients>,
    fetcher: Fetcher,
    rx: UnboundedReceiver<LoadEvent>,
    app: App,
    vendors: Vec<Vendor>,
}

impl Harness {
    async fn start(
        options: DemoOptions,
        configure: impl FnOnce(&mut scrm_tui::config::Config),
    ) -> Harness {
        let server = DemoServer::start("127.0.0.1:0".parse().unwrap(), options)
            .await
            .unwrap();
        let mut config = server.config();
        config.network.timeout_seconds = TIMEOUT.as_secs_f64();
        // Small enough that a `huge` answer passes it well within the timeout.
        config.network.max_response_mb = 4;
        configure(&mut config);
        let clients = Arc::new(Clients::from_config(&config).unwrap());
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let fetcher = Fetcher::new(clients.clone(), tx);
        let vendors = config.vendors();
        let mut harness = Harness {
            server,
            clients,
            fetcher,
            rx,
            app: opened(vendors.clone()),
            vendors,
        };
        let commands = harness.app.start();
        harness.run(commands);
        while harness.app.is_loading() {
            harness.next().await;
        }
        harness
    }

    /// A dashboard opened afresh on the same vendors: nothing loaded, nothing on screen.
    fn reopen(&mut self) {
        self.app = opened(self.vendors.clone());
    }

    fn run(&mut self, commands: Vec<Cmd>) {
        for command in commands {
            match command {
                Cmd::Fetch {
                    resource,
                    generation,
                } => self.fetcher.spawn(resource, generation),
                Cmd::PollOutflow { generation, since } => {
                    self.fetcher.poll_outflow(generation, since)
                }
                _ => {}
            }
        }
    }

    /// Applies the next message from the fetch tasks; returns whether it ended a load of
    /// `resource`.
    async fn next(&mut self) -> Option<Resource> {
        let msg = tokio::time::timeout(Duration::from_secs(20), self.rx.recv())
            .await
            .expect("a message within 20 s")
            .expect("the fetcher is alive");
        let msg = Msg::from(msg);
        let loaded = match &msg {
            Msg::Load(event) => match &**event {
                scrm_tui::domain::LoadEvent::Loaded { resource, .. } => Some(*resource),
                _ => None,
            },
            _ => None,
        };
        let commands = self.app.update(msg);
        self.run(commands);
        loaded
    }

    /// Applies messages until a load of `resource` has finished; returns how long it took.
    async fn settle(&mut self, resource: Resource) -> Duration {
        let started = Instant::now();
        while self.next().await != Some(resource) {}
        started.elapsed()
    }

    fn press(&mut self, c: char) {
        let commands = self.app.update(key(c));
        self.run(commands);
    }

    /// Moves the app's clock to `at`; returns whether that started a fetch of `resource`.
    fn tick(&mut self, at: Instant, resource: Resource) -> bool {
        let commands = self.app.update(Msg::Tick(at));
        let fetches = commands
            .iter()
            .any(|c| matches!(c, Cmd::Fetch { resource: r, .. } if *r == resource));
        self.run(commands);
        fetches
    }

    fn screen(&self) -> String {
        common::render_text(&self.app)
    }

    fn limiter(&self, vendor: Vendor) -> &Limiter {
        let c = &self.clients;
        match vendor {
            Vendor::Weiban => c.weiban.first().unwrap().account.limiter(),
            Vendor::Yunzhong => c.yunzhong.first().unwrap().account.limiter(),
            Vendor::Tanma => c.tanma.first().unwrap().account.limiter(),
            Vendor::Youmi => c.youmi.first().unwrap().account.limiter(),
            Vendor::Wecom => unreachable!("WeCom is never called"),
        }
    }

    /// The ids on the pane of `resource`, in order.
    fn ids(&self, resource: Resource) -> Vec<String> {
        self.app.list(resource).record_keys()
    }
}

/// The pane that shows a vendor's data, its key, and the endpoint its first call uses.
/// The app on these vendors, wide enough that an error fits on the hint line.
fn opened(vendors: Vec<Vendor>) -> App {
    let mut app = app(220, 30, Instant::now());
    app.settings.vendors = vendors;
    app
}

fn pane_of(vendor: Vendor) -> (Resource, char, &'static str) {
    use scrm_tui::vendors::{tanma, weiban, youmi, yunzhong};
    match vendor {
        Vendor::Weiban => (Resource::Stores, '1', weiban::STORE_LIST_PATH),
        Vendor::Yunzhong => (Resource::Customers, '2', yunzhong::LIST_PATH),
        Vendor::Tanma => (Resource::Customers, '2', tanma::LIST_PATH),
        Vendor::Youmi => (Resource::Operators, '4', youmi::OPERATORS_PATH),
        Vendor::Wecom => unreachable!("WeCom is never called"),
    }
}

const DEMO_SECRETS: [&str; 4] = [
    scrm_tui::demo::WEIBAN_SECRET,
    scrm_tui::demo::yunzhong::COOKIE_VALUE,
    scrm_tui::demo::tanma::APP_KEY,
    scrm_tui::demo::youmi::APP_KEY,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_vendor_survives_every_fault_and_recovers_by_itself() {
    let mut h = Harness::start(DemoOptions::default(), |_| {}).await;
    let mut cases = 0;
    for vendor in Vendor::CALLED {
        let (resource, pane_key, endpoint) = pane_of(vendor);
        h.press(pane_key);
        for fault in Fault::ALL
            .into_iter()
            .filter(|f| f.applies_to(vendor) && f.is_failure())
        {
            let case = format!("{vendor} × {}", fault.name());
            let good = h.ids(resource);
            assert!(!good.is_empty(), "{case}: nothing loaded to begin with");
            let calls_before = h.server.stats().faults_fired;

            h.server.inject(Rule::always(vendor, fault));
            h.press('r');
            let took = h.settle(resource).await;
            // Visible within a second: the silent vendor is given up after the timeout.
            assert!(took < Duration::from_secs(1), "{case}: took {took:?}");
            assert!(
                h.server.stats().faults_fired > calls_before,
                "{case}: fault not hit"
            );

            let pane = h.app.list(resource);
            let error = pane
                .status()
                .error
                .as_ref()
                .unwrap_or_else(|| panic!("{case}: no error"));
            assert!(
                error.summary.starts_with(vendor.name()),
                "{case}: {error:?}"
            );
            assert!(error.message.contains(endpoint), "{case}: {error:?}");
            let text = h.screen();
            let flash = text.lines().rev().nth(2).unwrap_or_default();
            assert!(
                flash.contains(&format!("✗ {vendor} {endpoint}")),
                "{case}:\n{text}"
            );
            assert!(text.contains(&error.summary), "{case}:\n{text}");
            for secret in DEMO_SECRETS {
                assert!(
                    !text.contains(secret),
                    "{case}: a secret on screen:\n{text}"
                );
            }
            assert_eq!(h.ids(resource), good, "{case}: the last good data went");
            assert!(
                pane.status().partial.is_none(),
                "{case}: good data shown as partial"
            );

            // Retries back off: 1–2 s after the first failure, 2–4 s after the second; after
            // a rate-limit answer not before the vendor's 60-second block is over.
            let blocked = fault == Fault::RateLimited;
            let first = pane.status().retry_at.expect("a retry is scheduled") - h.app.now;
            if blocked {
                assert!(
                    first > Duration::from_secs(60),
                    "{case}: retry after {first:?}"
                );
                assert!(
                    h.limiter(vendor).blocked_until().is_some(),
                    "{case}: not blocked"
                );
            } else {
                let (lo, hi) = (Duration::from_secs(1), Duration::from_secs(2));
                assert!(
                    (lo..=hi).contains(&first),
                    "{case}: first retry after {first:?}"
                );
            }
            let at = h.app.now + first;
            assert!(h.tick(at, resource), "{case}: no retry at the time set");
            let calls_before = h.server.stats().faults_fired;
            h.settle(resource).await;
            let second = h
                .app
                .list(resource)
                .status()
                .retry_at
                .expect("a second retry")
                - h.app.now;
            if blocked {
                // The retry during the block never reached the vendor.
                assert_eq!(h.server.stats().faults_fired, calls_before, "{case}");
                let error = h.app.list(resource).status().error.as_ref().unwrap();
                assert!(error.message.contains("block"), "{case}: {error:?}");
                assert!(second > Duration::from_secs(60), "{case}: {second:?}");
                // Waiting out the block here would take a minute.
                h.limiter(vendor).lift_block();
            } else {
                let (lo, hi) = (Duration::from_secs(2), Duration::from_secs(4));
                assert!(
                    (lo..=hi).contains(&second),
                    "{case}: second retry after {second:?}"
                );
            }
            assert_eq!(h.ids(resource), good, "{case}: the last good data went");

            // The vendor is back: the next retry recovers without a key press.
            h.server.clear_faults();
            let at = h.app.now + second;
            assert!(h.tick(at, resource), "{case}: no second retry");
            h.settle(resource).await;
            let pane = h.app.list(resource);
            assert!(
                pane.status().error.as_ref().is_none(),
                "{case}: {:?}",
                pane.status().error.as_ref()
            );
            assert!(pane.status().retry_at.is_none(), "{case}");
            assert_eq!(pane.status().failures, 0, "{case}");
            assert_eq!(
                h.ids(resource),
                good,
                "{case}: not the same data after recovery"
            );
            let text = h.screen();
            assert!(!text.contains("⚠"), "{case}: still a warning:\n{text}");
            cases += 1;
        }
    }
    // 10 faults every vendor has, expired token (2), bad signature (2), login required (1).
    assert_eq!(cases, 4 * 10 + 2 + 2 + 1);
    assert!(
        h.server.arrived_elsewhere().is_empty(),
        "a redirect was followed: {:?}",
        h.server.arrived_elsewhere()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_failing_mid_load_leaves_the_data_marked_partial() {
    // Weiban alone, one page at a time so that page 7 is the 7th call: 1 200 customers in 12.
    let mut h = Harness::start(
        DemoOptions {
            scale: 4,
            ..DemoOptions::default()
        },
        |config| {
            config.yunzhong = Vec::new();
            config.tanma = Vec::new();
            config.youmi = Vec::new();
            if let Some(weiban) = config.weiban.first_mut() {
                weiban.limits = scrm_tui::config::LimitsConfig::lifted(1);
            }
        },
    )
    .await;
    h.press('2');
    assert_eq!(h.ids(Resource::Customers).len(), 1200);
    // A fresh start: nothing on screen, so the pages stream in as they arrive.
    h.reopen();
    h.press('2');
    assert!(h.ids(Resource::Customers).is_empty());
    h.server.inject(Rule {
        vendor: Vendor::Weiban,
        fault: Fault::Http502,
        after: 6,
        times: Some(1),
    });
    h.press('r');
    h.settle(Resource::Customers).await;
    assert_eq!(h.ids(Resource::Customers).len(), 600);
    let pane = h.app.list(Resource::Customers);
    assert_eq!(
        pane.status().partial,
        Some(scrm_tui::app::pane::Pages {
            got: 6,
            expected: Some(12)
        })
    );
    let error = pane.status().error.as_ref().unwrap();
    assert!(
        error
            .message
            .contains("/open-api/external_user/list (page 7): HTTP 502"),
        "{error:?}"
    );
    let text = h.screen();
    assert!(text.contains("partial: 6 of 12 pages"), "{text}");
    assert!(text.contains("retry in"), "{text}");
    assert!(
        !text.contains("loaded just now"),
        "presented as complete:\n{text}"
    );

    // The retry brings the rest, and the mark goes.
    let at = pane.status().retry_at.unwrap();
    assert!(h.tick(at, Resource::Customers));
    h.settle(Resource::Customers).await;
    assert_eq!(h.ids(Resource::Customers).len(), 1200);
    assert!(h.app.list(Resource::Customers).status().partial.is_none());
    assert!(!h.screen().contains("partial"));
}

#[tokio::test]
async fn get_names_the_page_that_failed_and_exits_non_zero() {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoOptions {
            scale: 4,
            faults: vec![Rule {
                vendor: Vendor::Weiban,
                fault: Fault::Truncated,
                after: 6,
                times: Some(1),
            }],
            ..DemoOptions::default()
        },
    )
    .await
    .unwrap();
    let mut config = server.config();
    config.yunzhong = Vec::new();
    config.tanma = Vec::new();
    if let Some(weiban) = config.weiban.first_mut() {
        weiban.limits = scrm_tui::config::LimitsConfig::lifted(1);
    }
    let clients = Clients::from_config(&config).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = scrm_tui::cli::get::run(
        Resource::Customers,
        &clients,
        scrm_tui::domain::output::Format::Csv,
        &common::beijing(),
        &mut out,
        &mut err,
    )
    .await;
    let err = String::from_utf8(err).unwrap();
    assert_eq!(code, scrm_tui::cli::get::INCOMPLETE, "{err}");
    assert!(
        err.contains("error: weiban /open-api/external_user/list (page 7): unreadable response"),
        "{err}"
    );
    assert!(err.contains("incomplete: 6 of 12 page(s) arrived"), "{err}");
    // What did arrive is printed: a header and six pages of rows.
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1 + 600);
}

/// What a vendor's `get` prints to stderr and its exit code, against a server with `fault` in
/// force for that vendor.
async fn get_with_fault(
    server: &DemoServer,
    vendor: Vendor,
    configure: impl FnOnce(&mut scrm_tui::config::Config),
) -> (u8, String) {
    let mut config = server.config();
    configure(&mut config);
    let clients = Clients::from_config(&config).unwrap();
    let (resource, _, _) = pane_of(vendor);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = scrm_tui::cli::get::run(
        resource,
        &clients,
        scrm_tui::domain::output::Format::Json,
        &common::beijing(),
        &mut out,
        &mut err,
    )
    .await;
    (code, String::from_utf8(err).unwrap())
}

/// A redirect to another origin (a captive portal, a proxy) is never followed, through `get`
/// and through the dashboard's fetch path: the second listener it points to hears nothing,
/// and the error names the vendor, the endpoint and only the host it pointed to.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_is_never_followed_and_no_credential_leaves() {
    let server = DemoServer::start("127.0.0.1:0".parse().unwrap(), DemoOptions::default())
        .await
        .unwrap();
    for vendor in Vendor::CALLED {
        let (resource, _, endpoint) = pane_of(vendor);
        server.inject(Rule::always(vendor, Fault::Redirect));

        let (code, err) = get_with_fault(&server, vendor, |_| {}).await;
        assert_eq!(code, scrm_tui::cli::get::INCOMPLETE, "{vendor}: {err}");
        let expected =
            format!("error: {vendor} {endpoint}: redirected (HTTP 302) to http://127.0.0.1:");
        assert!(err.contains(&expected), "{vendor}: {err}");
        for leak in ["access_token", "?", "sign=", "Signature"] {
            let line = err
                .lines()
                .find(|l| l.contains("redirected"))
                .unwrap_or_default();
            assert!(!line.contains(leak), "{vendor}: {leak} in {line}");
        }

        let clients = Arc::new(Clients::from_config(&server.config()).unwrap());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut fetcher = Fetcher::new(clients, tx);
        fetcher.spawn(resource, 1);
        let loaded = loop {
            match rx.recv().await.expect("the fetch ends") {
                LoadEvent::Loaded { loaded, .. } => break loaded,
                _ => continue,
            }
        };
        let failure = loaded
            .errors
            .iter()
            .find(|e| e.origin == vendor.into())
            .unwrap_or_else(|| panic!("{vendor}: no error"));
        assert_eq!(failure.code, "HTTP 302 redirect", "{vendor}");
        assert!(
            failure.detail.contains("not followed"),
            "{vendor}: {failure}"
        );
        server.clear_faults();
    }
    assert!(
        server.arrived_elsewhere().is_empty(),
        "a redirect was followed: {:?}",
        server.arrived_elsewhere()
    );
}

/// An answer that never ends is cut off at `network.max_response_mb`: the error says so, and
/// the demo sent no more than the limit and what socket buffers hold before the client hung up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_answer_is_cut_off_at_the_limit() {
    const LIMIT_MB: u64 = 8;
    let server = DemoServer::start("127.0.0.1:0".parse().unwrap(), DemoOptions::default())
        .await
        .unwrap();
    for vendor in Vendor::CALLED {
        let (_, _, endpoint) = pane_of(vendor);
        server.inject(Rule::always(vendor, Fault::Huge));
        let before = server.stats().huge_bytes_sent;
        let (code, err) = get_with_fault(&server, vendor, |config| {
            config.network.max_response_mb = LIMIT_MB;
        })
        .await;
        server.clear_faults();
        assert_eq!(code, scrm_tui::cli::get::INCOMPLETE, "{vendor}: {err}");
        let expected = format!(
            "error: {vendor} {endpoint}: the answer was larger than {LIMIT_MB} MiB (network.max_response_mb)"
        );
        assert!(err.contains(&expected), "{vendor}: {err}");
        // The server's last chunks may still be on their way out when the client hangs up.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let sent = server.stats().huge_bytes_sent - before;
        assert!(sent > LIMIT_MB << 20, "{vendor}: only {sent} bytes sent");
        // Tanma's customers come after its tag library: two answers cut off.
        let calls = if vendor == Vendor::Tanma { 2 } else { 1 };
        assert!(
            sent <= calls * ((LIMIT_MB + 8) << 20),
            "{vendor}: {sent} bytes sent before the client hung up"
        );
    }
}
