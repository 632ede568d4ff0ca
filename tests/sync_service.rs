//! The sync as a service operators watch: `/healthz` on its listener (200 for a leader on
//! schedule, 503 with the database gone, 200 again when it is back) and `/metrics` read by a
//! real Prometheus text parser.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use common::pg::Postgres;
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::Resource;
use scrm_tui::fetch::{Database, Source};
use scrm_tui::store::DatabaseUrl;

fn free_port() -> u16 {
    let socket = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    socket.local_addr().unwrap().port()
}

fn http() -> reqwest::Client {
    scrm_tui::vendors::http::client(Default::default()).unwrap()
}

async fn get(url: &str) -> (u16, String) {
    match http().get(url).send().await {
        Ok(answer) => (
            answer.status().as_u16(),
            answer.text().await.unwrap_or_default(),
        ),
        Err(_) => (0, String::new()),
    }
}

/// Polls `url` until its answer satisfies `done` (up to 30 s); the last answer.
async fn until(url: &str, done: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let started = Instant::now();
    loop {
        let (status, body) = get(url).await;
        if done(status, &body) || started.elapsed() > Duration::from_secs(30) {
            return (status, body);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn samples(text: &str) -> Vec<prometheus_parse::Sample> {
    let lines = text.lines().map(|l| Ok(l.to_owned()));
    prometheus_parse::Scrape::parse(lines).unwrap().samples
}

fn value(samples: &[prometheus_parse::Sample], metric: &str, label: Option<(&str, &str)>) -> f64 {
    samples
        .iter()
        .find(|s| s.metric == metric && label.is_none_or(|(k, v)| s.labels.get(k) == Some(v)))
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => v,
            _ => f64::NAN,
        })
        .unwrap_or_else(|| panic!("no {metric} {label:?}"))
}

/// The sum of a counter's samples that carry these labels.
fn total(samples: &[prometheus_parse::Sample], metric: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.metric == metric && labels.iter().all(|(k, v)| s.labels.get(k) == Some(v)))
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v) => v,
            _ => 0.0,
        })
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_follows_the_database_and_metrics_parse() {
    let mut pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let mut config = server.config();
    let port = free_port();
    config.sync.listen = Some(([127, 0, 0, 1], port).into());
    let target = DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sync = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    let base = format!("http://127.0.0.1:{port}");
    let (status, body) = until(&format!("{base}/healthz"), |s, b| {
        s == 200 && b.starts_with("leader")
    })
    .await;
    assert_eq!(
        (status, body.as_str()),
        (200, "leader: every resource on schedule\n")
    );

    // Metrics, through a Prometheus text parser.
    let answer = http().get(format!("{base}/metrics")).send().await.unwrap();
    let kind = answer.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    let text = answer.text().await.unwrap();
    let parsed = samples(&text);
    assert_eq!(value(&parsed, "scrm_sync_leader", None), 1.0);
    assert_eq!(value(&parsed, "scrm_database_up", None), 1.0);
    assert!(value(&parsed, "scrm_sync_lease_renewals_total", None) >= 1.0);
    assert_eq!(value(&parsed, "scrm_sync_lease_takeovers_total", None), 1.0);
    assert_eq!(
        value(
            &parsed,
            "scrm_wecom_refused_total",
            Some(("reason", "signature"))
        ),
        0.0
    );
    assert!(value(&parsed, "scrm_database_round_trip_seconds", None) > 0.0);
    // Every counter is named `_total`; no label carries a secret.
    assert!(
        parsed
            .iter()
            .all(|s| !matches!(s.value, prometheus_parse::Value::Counter(_))
                || s.metric.ends_with("_total"))
    );
    assert!(!text.contains(scrm_tui::demo::WEIBAN_SECRET));

    // What every dashboard reads of the sync: the leader's host; a resource written 20 min
    // ago at an interval of 5 is stale.
    let dashboard = Database::new(
        DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap(),
        Duration::from_secs(7 * 86_400),
        false,
    );
    let state = dashboard.sync_state().await.unwrap().unwrap();
    assert!(state.leader.is_some(), "{state:?}");
    let customers = "SELECT count(*) FROM sync_runs WHERE complete AND resource = 'customers'";
    let started = Instant::now();
    while pg.sql(customers) == "0" && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The vendor calls it made, by outcome.
    let parsed = samples(&get(&format!("{base}/metrics")).await.1);
    let weiban_ok = total(
        &parsed,
        "scrm_vendor_calls_total",
        &[("vendor", "weiban"), ("outcome", "ok")],
    );
    assert!(weiban_ok >= 1.0, "{parsed:?}");
    let customers_written = total(
        &parsed,
        "scrm_sync_records_written_total",
        &[("resource", "customers")],
    );
    assert!(customers_written >= 1.0, "{parsed:?}");
    pg.sql("UPDATE sync_runs SET finished_at = now() - interval '20 minutes' WHERE resource = 'customers'");
    let state = dashboard.sync_state().await.unwrap().unwrap();
    let stale: Vec<Resource> = state.stale.iter().map(|s| s.resource).collect();
    assert_eq!(stale, [Resource::Customers], "{state:?}");

    // The database stops: 503, saying why; back: 200 again.
    pg.kill();
    let (status, body) = until(&format!("{base}/healthz"), |s, _| s == 503).await;
    assert_eq!((status, body.as_str()), (503, "database unreachable\n"));
    let parsed = samples(&get(&format!("{base}/metrics")).await.1);
    assert_eq!(value(&parsed, "scrm_database_up", None), 0.0);
    pg.resume();
    let (status, _) = until(&format!("{base}/healthz"), |s, _| s == 200).await;
    assert_eq!(status, 200);
    // Nothing else answers on the listener.
    assert_eq!(get(&format!("{base}/")).await.0, 404);
    stop.send(true).unwrap();
    sync.await.unwrap().unwrap();
    // Stopped cleanly: the lease was given up, and every dashboard says nobody leads.
    let state = dashboard.sync_state().await.unwrap().unwrap();
    assert_eq!(state.leader, None);
}
