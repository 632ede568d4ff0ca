//! Team mode end to end on a private PostgreSQL: the sync against the demo server writes what
//! `get` reads straight from the demo, record for record; dashboards read it with only a
//! read-only role; a database that goes away and comes back; SIGTERM and a restart.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::pg::Postgres;
use scrm_tui::cli::get;
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::output::Format;
use scrm_tui::domain::{Origin, Resource};
use scrm_tui::fetch::{Clients, Database, Source};
use scrm_tui::store::DatabaseUrl;

fn url(text: &str) -> DatabaseUrl {
    DatabaseUrl::parse(&format!("{text}?sslmode=disable")).unwrap()
}

/// Runs the sync against `server` until every resource has a complete run.
async fn sync_once(pg: &Postgres, server: &DemoServer) {
    let config = server.config();
    let target = url(&pg.url);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    let started = std::time::Instant::now();
    loop {
        let done = common::pg::psql_try(&pg.url, "SELECT count(*) FROM sync_runs WHERE complete")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0);
        if done >= 6 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the sync did not finish"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.send(true).unwrap();
    task.await.unwrap().unwrap();
}

async fn print(source: &dyn Source, resource: Resource) -> (u8, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let zone = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let code = get::run(resource, source, Format::Json, &zone, &mut out, &mut err).await;
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    (code, String::from_utf8(out).unwrap())
}

#[tokio::test]
async fn the_sync_writes_what_get_reads_from_the_demo_record_for_record() {
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    // The outflow list stays as it is while the test compares.
    server.set_now(server.started());
    sync_once(&pg, &server).await;
    let vendors = Clients::from_config(&server.config()).unwrap();
    let database = Database::new(url(&pg.url), Duration::from_secs(7 * 86_400));
    for resource in Resource::ALL {
        let (_, direct) = print(&vendors, resource).await;
        let (_, stored) = print(&database, resource).await;
        let mut direct: Vec<serde_json::Value> = serde_json::from_str(&direct).unwrap();
        let mut stored: Vec<serde_json::Value> = serde_json::from_str(&stored).unwrap();
        assert!(!direct.is_empty(), "{resource}");
        if resource == Resource::Outflow {
            // Alerts of the same second may come in either order.
            let key = |v: &serde_json::Value| v.to_string();
            direct.sort_by_key(key);
            stored.sort_by_key(key);
        }
        assert_eq!(stored.len(), direct.len(), "{resource}");
        if let Some(i) = (0..direct.len()).find(|&i| stored[i] != direct[i]) {
            panic!("{resource} record {i}:\n{}\n{}", stored[i], direct[i]);
        }
    }
    // No credential in any table.
    let everything = pg.sql(
        "SELECT string_agg(t::text, ' ') FROM (
             SELECT raw::text AS t FROM stores UNION ALL SELECT raw::text FROM customers
             UNION ALL SELECT raw::text FROM outflow_alerts UNION ALL SELECT raw::text FROM operators
             UNION ALL SELECT coalesce(error, '') FROM sync_runs) all_text",
    );
    for secret in [
        scrm_tui::demo::WEIBAN_SECRET,
        "wbdemo_",
        "ymdemo_",
        scrm_tui::demo::tanma::APP_KEY,
        scrm_tui::demo::youmi::APP_KEY,
    ] {
        assert!(!everything.contains(secret), "{secret} in the tables");
    }
}

#[tokio::test]
async fn a_read_only_role_is_enough_for_a_dashboard() {
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    sync_once(&pg, &server).await;
    // As the README says to set it up.
    pg.sql(&format!(
        "CREATE ROLE scrm_reader LOGIN PASSWORD 'reader-pw-1x';
         GRANT CONNECT ON DATABASE {} TO scrm_reader;
         GRANT USAGE ON SCHEMA public TO scrm_reader;
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO scrm_reader;",
        pg.database
    ));
    let reader = Database::new(
        url(&pg.url_as("scrm_reader", "reader-pw-1x")),
        Duration::from_secs(7 * 86_400),
    );
    let (_, customers) = print(&reader, Resource::Customers).await;
    assert_eq!(
        serde_json::from_str::<Vec<serde_json::Value>>(&customers)
            .unwrap()
            .len(),
        900
    );
    // And it cannot write.
    let refused = common::pg::psql_fails(
        &pg.url_as("scrm_reader", "reader-pw-1x"),
        "DELETE FROM customers",
    );
    assert!(refused.contains("permission denied"), "{refused}");
}

#[tokio::test]
async fn a_dashboard_source_says_when_the_database_is_gone_and_recovers() {
    let mut pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    sync_once(&pg, &server).await;
    let database = Arc::new(Database::new(url(&pg.url), Duration::from_secs(7 * 86_400)));
    let loaded = scrm_tui::fetch::load(database.as_ref(), Resource::Stores).await;
    assert!(loaded.errors.is_empty());
    assert_eq!(loaded.records.len(), 120);
    pg.kill();
    let loaded = scrm_tui::fetch::load(database.as_ref(), Resource::Stores).await;
    let error = loaded
        .errors
        .first()
        .expect("an error while the database is down");
    assert_eq!(error.origin, Origin::Database);
    let text = error.to_string();
    assert!(text.contains("database postgres@127.0.0.1"), "{text}");
    assert!(!text.contains(common::pg::ADMIN_PASSWORD), "{text}");
    pg.resume();
    let loaded = scrm_tui::fetch::load(database.as_ref(), Resource::Stores).await;
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.records.len(), 120);
}
