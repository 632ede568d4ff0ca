//! WeCom's callback to a team: from WeCom's POST of a `del_follow_user` to the sync's
//! listener until all 20 listening dashboards have read the alert (commit, NOTIFY, a read by
//! sequence number). Needs the PostgreSQL server binaries, as the tests do.
//!
//! Run: `cargo bench --bench wecom` (criterion's figures, then the median and the worst of
//! every POST measured).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use scrm_tui::config::WecomConfig;
use scrm_tui::domain::{Records, Resource};
use scrm_tui::fetch::{Database, Source};
use scrm_tui::redact::Secret;
use scrm_tui::store::{DatabaseUrl, Store};
use scrm_tui::sync::listener::{self, Receiver};
use scrm_tui::vendors::wecom::CallbackCrypto;

const DASHBOARDS: usize = 20;
const TOKEN: &str = "QDG6eK";
const KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const CORP: &str = "wx5823bf96d3bd56c7";

fn url(text: &str) -> DatabaseUrl {
    DatabaseUrl::parse(&format!("{text}?sslmode=disable")).expect("url")
}

fn event(customer: &str, at: i64) -> String {
    format!(
        "<xml><ToUserName><![CDATA[{CORP}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\
         <CreateTime>{at}</CreateTime><MsgType><![CDATA[event]]></MsgType>\
         <Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[del_follow_user]]></ChangeType>\
         <UserID><![CDATA[mia]]></UserID><ExternalUserID><![CDATA[{customer}]]></ExternalUserID></xml>"
    )
}

fn post_to_20_dashboards(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let postgres = pg::Postgres::start();
    let crypto = CallbackCrypto::new(&Secret::new(TOKEN), &Secret::new(KEY), CORP).unwrap();
    let (base, _stop) = runtime.block_on(async {
        let mut owner = Store::connect(&url(&postgres.url)).await.expect("connect");
        owner.migrate().await.expect("migrate");
        let sections = vec![WecomConfig {
            account: Default::default(),
            corp_id: CORP.to_owned(),
            token: Secret::new(TOKEN),
            encoding_aes_key: Secret::new(KEY),
        }];
        let receiver = Arc::new(Receiver::new(&sections, url(&postgres.url)).unwrap());
        let bound = listener::bind(([127, 0, 0, 1], 0).into()).await.unwrap();
        let base = format!("http://{}/wecom/callback", bound.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(listener::serve(bound, receiver, stopped));
        (base, stop)
    });
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
    let http = scrm_tui::vendors::http::client(Default::default()).unwrap();
    let mut next = 0i64;
    let mut every: Vec<Duration> = Vec::new();
    let mut group = c.benchmark_group("wecom");
    group.sample_size(20);
    group.bench_function("post_to_20_dashboards", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                next += 1;
                let at = 1_765_000_000 + next;
                let message = event(&format!("wmBench{next:08}"), at);
                let sealed = crypto.seal(message.as_bytes(), at, "1", [3; 16]);
                let took = runtime.block_on(async {
                    let posted = Instant::now();
                    let status = http
                        .post(format!("{base}?{}", sealed.query))
                        .body(sealed.body.clone())
                        .send()
                        .await
                        .expect("post")
                        .status();
                    assert!(status.is_success(), "{status}");
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
                    posted.elapsed()
                });
                every.push(took);
                total += took;
            }
            total
        })
    });
    group.finish();
    every.sort();
    let median = every.get(every.len() / 2).copied().unwrap_or_default();
    let worst = every.last().copied().unwrap_or_default();
    eprintln!(
        "WeCom POST to {DASHBOARDS} dashboards' panes, {} posts: median {:.1} ms, worst {:.1} ms",
        every.len(),
        median.as_secs_f64() * 1000.0,
        worst.as_secs_f64() * 1000.0
    );
}

criterion_group!(benches, post_to_20_dashboards);
criterion_main!(benches);
