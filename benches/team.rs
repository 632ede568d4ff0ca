//! Team mode at a team's size: 20 dashboards listening to one database. How long after the
//! sync commits a new alert every dashboard has read it (NOTIFY, then a read by sequence
//! number), and how many connections the database holds meanwhile. Needs the PostgreSQL
//! server binaries, as the tests do (it starts a private server).
//!
//! Run: `cargo bench --bench team`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use scrm_tui::demo::data::weiban_customers::Timeline;
use scrm_tui::domain::{Records, Resource, Vendor};
use scrm_tui::fetch::{Database, Source};
use scrm_tui::store::{DatabaseUrl, LoadOutcome, Store};

const DASHBOARDS: usize = 20;

fn url(text: &str) -> DatabaseUrl {
    DatabaseUrl::parse(&format!("{text}?sslmode=disable")).expect("url")
}

/// Demo alert `k`, decoded as the client does.
fn alert(timeline: &Timeline, k: i64) -> scrm_tui::domain::OutflowAlert {
    let body = format!(
        "{{\"errcode\":0,\"errmsg\":\"ok\",\"external_user_list\":[{}],\"total_count\":1}}",
        timeline.alert(k)
    );
    scrm_tui::vendors::weiban::decode_outflow_page(body.as_bytes(), 1)
        .expect("decodes")
        .records
        .remove(0)
}

/// A migrated database holding the `count` demo alerts before now, as the sync writes them.
async fn history(
    postgres: &pg::Postgres,
    timeline: &Timeline,
    count: i64,
) -> Vec<scrm_tui::domain::OutflowAlert> {
    let mut sync = Store::connect(&url(&postgres.url)).await.expect("connect");
    sync.migrate().await.expect("migrate");
    let run = sync
        .begin_run(Resource::Outflow, Vendor::Weiban, &Default::default())
        .await
        .expect("run");
    let alerts: Vec<_> = (-count..0).map(|k| alert(timeline, k)).collect();
    sync.write_alerts(run, &alerts, &LoadOutcome::default())
        .await
        .expect("history");
    alerts
}

fn notify_to_dashboards(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let postgres = pg::Postgres::start();
    let timeline = Timeline::new(1_763_700_000, 1);
    runtime.block_on(history(&postgres, &timeline, 480));
    // Twenty dashboards: each its own connection, listening, having read the history.
    let mut dashboards: Vec<(Arc<Database>, tokio::sync::watch::Receiver<i64>)> =
        runtime.block_on(async {
            let mut all = Vec::new();
            for _ in 0..DASHBOARDS {
                let database = Arc::new(Database::new(
                    url(&postgres.url),
                    Duration::from_secs(3650 * 86_400),
                    true,
                ));
                let _ = scrm_tui::fetch::load(database.as_ref(), Resource::Outflow).await;
                let heard = database.announcements().expect("listening");
                all.push((database, heard));
            }
            all
        });
    let connections = postgres.sql(&format!(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}'",
        postgres.database
    ));
    eprintln!("connections with {DASHBOARDS} dashboards and the sync's one: {connections}");
    let mut sync =
        runtime.block_on(async { Store::connect(&url(&postgres.url)).await.expect("sync") });
    let mut next = 0;
    let mut group = c.benchmark_group("team");
    group.sample_size(20);
    group.bench_function("new_alert_on_20_dashboards", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let fresh = alert(&timeline, next);
                next += 1;
                total += runtime.block_on(async {
                    let run = sync
                        .begin_run(Resource::Outflow, Vendor::Weiban, &Default::default())
                        .await
                        .expect("run");
                    let committed = Instant::now();
                    sync.write_alerts(run, &[fresh], &LoadOutcome::default())
                        .await
                        .expect("write");
                    // Every dashboard hears it and reads what is new.
                    let reads = dashboards.iter_mut().map(|(database, heard)| {
                        let database = database.clone();
                        async move {
                            heard.changed().await.expect("announced");
                            let loaded = database.outflow_since(0, 0).await;
                            match loaded.records {
                                Records::Outflow(alerts) => assert_eq!(alerts.len(), 1),
                                _ => unreachable!(),
                            }
                        }
                    });
                    futures_util::future::join_all(reads).await;
                    committed.elapsed()
                });
            }
            total
        })
    });
    group.finish();
}

/// Every vendor call the demo server has answered.
fn vendor_calls(server: &scrm_tui::demo::DemoServer) -> u64 {
    let s = server.stats();
    s.weiban_token
        + s.weiban_store_list
        + s.weiban_customer_list
        + s.weiban_outflow
        + s.weiban_customer_detail
        + s.yunzhong_list
        + s.tanma_list
        + s.youmi_token
        + s.youmi_calls
}

/// A scripted run, printed rather than timed: the sync's vendor calls in 30 s with no
/// dashboard, then in 30 s with 20 dashboards reading every pane every second.
fn calls_with_and_without_dashboards(_: &mut Criterion) {
    use scrm_tui::demo::{DemoOptions, DemoServer};
    const WINDOW: Duration = Duration::from_secs(30);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let postgres = pg::Postgres::start();
    runtime.block_on(async {
        let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
            .await
            .expect("demo");
        let mut config = server.config();
        config.outflow.poll_seconds = 2;
        config.sync.refresh_seconds = 5;
        let target = url(&postgres.url);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let sync =
            tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
        // Past the first full load.
        tokio::time::sleep(Duration::from_secs(5)).await;
        let before = vendor_calls(&server);
        tokio::time::sleep(WINDOW).await;
        let alone = vendor_calls(&server) - before;
        let (readers_stop, readers_stopped) = tokio::sync::watch::channel(false);
        let readers: Vec<_> = (0..DASHBOARDS)
            .map(|_| {
                let database =
                    Database::new(url(&postgres.url), Duration::from_secs(7 * 86_400), true);
                let stopped = readers_stopped.clone();
                tokio::spawn(async move {
                    while !*stopped.borrow() {
                        for &resource in Resource::ALL {
                            let _ = scrm_tui::fetch::load(&database, resource).await;
                        }
                        let _ = database.outflow_since(0, 0).await;
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                })
            })
            .collect();
        let before = vendor_calls(&server);
        tokio::time::sleep(WINDOW).await;
        let with_dashboards = vendor_calls(&server) - before;
        readers_stop.send(true).expect("stop readers");
        for reader in readers {
            reader.await.expect("reader");
        }
        stop.send(true).expect("stop sync");
        sync.await.expect("sync").expect("sync ran");
        eprintln!(
            "vendor calls in {} s: {alone} with no dashboard, {with_dashboards} with {DASHBOARDS} \
             dashboards reading every pane every second",
            WINDOW.as_secs()
        );
    });
}

/// From `:claim` on one dashboard to the claim standing in the ledger of 20 other listening
/// dashboards (NOTIFY, the log read after the last event, the ledger extended): the moment
/// their Outflow row reads `alice 0m`.
fn claim_to_dashboards(c: &mut Criterion) {
    use scrm_tui::domain::Record;
    use scrm_tui::domain::triage::{Action, Ledger, Phase};
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let postgres = pg::Postgres::start();
    let timeline = Timeline::new(1_763_700_000, 1);
    let alerts = runtime.block_on(history(&postgres, &timeline, 2000));
    let keys: Vec<String> = alerts.iter().map(Record::key).collect();
    let open = |name: &str| {
        Arc::new(
            Database::new(url(&postgres.url), Duration::from_secs(3650 * 86_400), true).with_me(
                scrm_tui::fetch::Me {
                    name: name.to_owned(),
                    host: String::from("bench"),
                },
            ),
        )
    };
    let claimer = open("张三");
    type Listener = (Arc<Database>, tokio::sync::watch::Receiver<i64>, Ledger);
    let mut listeners: Vec<Listener> = runtime.block_on(async {
        let mut all = Vec::new();
        for i in 0..DASHBOARDS {
            let database = open(&format!("staff{i}"));
            let ledger = Ledger::of(database.triage_log(0).await.expect("log").expect("read"));
            let heard = database.triage_announcements().expect("listening");
            all.push((database, heard, ledger));
        }
        all
    });
    let mut next = 0;
    let mut group = c.benchmark_group("team");
    group.sample_size(20);
    group.bench_function("claim_on_20_dashboards", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let key = keys[next % keys.len()].clone();
                // Each alert once: claimed, then (outside the timing) released again.
                next += 1;
                total += runtime.block_on(async {
                    let start = Instant::now();
                    let claimed = claimer.triage(key.clone(), Action::Claim).await;
                    assert!(matches!(claimed, Some(Ok(Ok(_)))), "{claimed:?}");
                    let reads = listeners.iter_mut().map(|(database, heard, ledger)| {
                        let key = key.clone();
                        async move {
                            while ledger.state(&key).phase() != Phase::Claimed {
                                heard.changed().await.expect("announced");
                                let after = ledger.last_seq();
                                let events = database.triage_log(after).await.expect("log");
                                ledger.extend(events.expect("read"));
                            }
                        }
                    });
                    futures_util::future::join_all(reads).await;
                    let spent = start.elapsed();
                    let released = claimer.triage(key, Action::Release).await;
                    assert!(matches!(released, Some(Ok(Ok(_)))), "{released:?}");
                    spent
                });
            }
            total
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    notify_to_dashboards,
    claim_to_dashboards,
    calls_with_and_without_dashboards
);
criterion_main!(benches);
