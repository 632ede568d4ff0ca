//! The fault matrix: every vendor × every way it can fail, through the real client, the real
//! fetch tasks and the app's `update`, against the demo server with the fault injected.
//!
//! For each: no panic; the error is on screen at once with vendor, endpoint and code; the
//! last good data stays; retries back off (and wait out a rate-limit block without calling
//! the vendor); and once the vendor answers again the pane recovers by itself.

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
        configure(&mut config);
        let clients = Arc::new(Clients::from_config(&config).unwrap());
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let fetcher = Fetcher::new(clients.clone(), tx);
        // Wide enough that the error message fits on the hint line.
        let mut app = app(220, 30, Instant::now());
        app.vendors = config.vendors();
        let mut harness = Harness {
            server,
            clients,
            fetcher,
            rx,
            app,
        };
        let commands = harness.app.start();
        harness.run(commands);
        while harness.app.is_loading() {
            harness.next().await;
        }
        harness
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
            Msg::Loaded { resource, .. } => Some(*resource),
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
            Vendor::Weiban => c.weiban.as_ref().unwrap().account.limiter(),
            Vendor::Yunzhong => c.yunzhong.as_ref().unwrap().account.limiter(),
            Vendor::Tanma => c.tanma.as_ref().unwrap().account.limiter(),
            Vendor::Youmi => c.youmi.as_ref().unwrap().account.limiter(),
        }
    }

    /// The ids on the pane of `resource`, in order.
    fn ids(&self, resource: Resource) -> Vec<String> {
        use scrm_tui::domain::Record;
        fn keys<R: Record>(records: &[R]) -> Vec<String> {
            records.iter().map(Record::key).collect()
        }
        let a = &self.app;
        match resource {
            Resource::Stores => keys(&a.stores.records),
            Resource::Customers => keys(&a.customers.records),
            Resource::Outflow => keys(&a.outflow.records),
            Resource::Operators => keys(&a.operators.records),
        }
    }
}

/// The pane that shows a vendor's data, its key, and the endpoint its first call uses.
fn pane_of(vendor: Vendor) -> (Resource, char, &'static str) {
    use scrm_tui::vendors::{tanma, weiban, youmi, yunzhong};
    match vendor {
        Vendor::Weiban => (Resource::Stores, '1', weiban::STORE_LIST_PATH),
        Vendor::Yunzhong => (Resource::Customers, '2', yunzhong::LIST_PATH),
        Vendor::Tanma => (Resource::Customers, '2', tanma::LIST_PATH),
        Vendor::Youmi => (Resource::Operators, '4', youmi::OPERATORS_PATH),
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
    for vendor in Vendor::ALL {
        let (resource, pane_key, endpoint) = pane_of(vendor);
        h.press(pane_key);
        for fault in Fault::ALL.into_iter().filter(|f| f.applies_to(vendor)) {
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
            let error = pane.error().unwrap_or_else(|| panic!("{case}: no error"));
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
                pane.partial().is_none(),
                "{case}: good data shown as partial"
            );

            // Retries back off: 1–2 s after the first failure, 2–4 s after the second; after
            // a rate-limit answer not before the vendor's 60-second block is over.
            let blocked = fault == Fault::RateLimited;
            let first = pane.retry_at().expect("a retry is scheduled") - h.app.now;
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
            let second = h.app.list(resource).retry_at().expect("a second retry") - h.app.now;
            if blocked {
                // The retry during the block never reached the vendor.
                assert_eq!(h.server.stats().faults_fired, calls_before, "{case}");
                let error = h.app.list(resource).error().unwrap();
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
            assert!(pane.error().is_none(), "{case}: {:?}", pane.error());
            assert!(pane.retry_at().is_none(), "{case}");
            assert_eq!(pane.failures(), 0, "{case}");
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
    // 8 faults every vendor has, expired token (2), bad signature (2), login required (1).
    assert_eq!(cases, 4 * 8 + 2 + 2 + 1);
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
            config.yunzhong = None;
            config.tanma = None;
            config.youmi = None;
            if let Some(weiban) = &mut config.weiban {
                weiban.limits = scrm_tui::config::LimitsConfig::lifted(1);
            }
        },
    )
    .await;
    h.press('2');
    assert_eq!(h.ids(Resource::Customers).len(), 1200);
    // A fresh start: nothing on screen, so the pages stream in as they arrive.
    h.app.customers = Default::default();
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
        pane.partial(),
        Some(scrm_tui::app::pane::Pages {
            got: 6,
            expected: Some(12)
        })
    );
    let error = pane.error().unwrap();
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
    let at = pane.retry_at().unwrap();
    assert!(h.tick(at, Resource::Customers));
    h.settle(Resource::Customers).await;
    assert_eq!(h.ids(Resource::Customers).len(), 1200);
    assert!(h.app.customers.partial.is_none());
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
    config.yunzhong = None;
    config.tanma = None;
    if let Some(weiban) = &mut config.weiban {
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
