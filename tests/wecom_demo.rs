//! The demo plays WeCom: `demo-server --wecom-callback URL` posts each new alert to the
//! sync's listener, and the sync (with the config the demo prints) keeps it and merges it
//! with the same loss from the demo's Weiban list — one row, from both.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use common::pg::{Postgres, psql_try};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::fetch::{Database, Source};
use scrm_tui::store::DatabaseUrl;

/// A port free a moment ago, for the sync's listener.
fn free_port() -> u16 {
    let socket = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    socket.local_addr().unwrap().port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demos_wecom_alert_arrives_and_merges_with_its_weiban_report() {
    let pg = Postgres::start();
    let port = free_port();
    let options = DemoOptions {
        wecom_callback: Some(format!("http://127.0.0.1:{port}/wecom/callback")),
        ..DemoOptions::default()
    };
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), options)
        .await
        .unwrap();
    let config = server.config();
    assert_eq!(config.wecom.len(), 1, "the demo's config has its [wecom]");
    assert_eq!(config.listen().unwrap().port(), port);
    assert!(server.config_toml().contains("[wecom]"));
    let target = DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sync = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    let started = Instant::now();
    let merged = loop {
        let both = psql_try(
            &pg.url,
            "SELECT count(*) FROM outflow_alerts WHERE origins = ARRAY['wecom', 'weiban']",
        )
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
        if both > 0 || started.elapsed() > Duration::from_secs(40) {
            break both;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(
        merged, 1,
        "the demo's first live alert, from WeCom and from Weiban"
    );
    let events = psql_try(&pg.url, "SELECT count(*) FROM wecom_events").unwrap();
    assert!(events.parse::<u32>().unwrap() >= 1);
    // The loss is one row, not one per source.
    let rows = psql_try(
        &pg.url,
        "SELECT count(*) FROM outflow_alerts a JOIN wecom_events e
             ON e.external_userid = a.customer_id AND e.change_type = 'del_follow_user'",
    )
    .unwrap();
    assert_eq!(rows.parse::<u32>().unwrap(), events.parse::<u32>().unwrap());
    // Every dashboard reads that WeCom's events are arriving (no gap).
    let dashboard = Database::new(
        DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap(),
        Duration::from_secs(7 * 86_400),
        true,
    );
    let started = Instant::now();
    let listening = loop {
        // The listener's first uptime record may follow the schema by a moment.
        match dashboard.listening().await {
            Some(read) => break read.unwrap(),
            None if started.elapsed() < Duration::from_secs(10) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            None => panic!("no uptime record"),
        }
    };
    assert!(listening.up && listening.gaps.is_empty(), "{listening:?}");
    stop.send(true).unwrap();
    sync.await.unwrap().unwrap();
    let listening = psql_try(
        &pg.url,
        "SELECT count(*) FROM wecom_listening WHERE stopped_at IS NOT NULL",
    )
    .unwrap();
    assert_eq!(
        listening, "1",
        "a clean stop is recorded (no gap is guessed at)"
    );
}
