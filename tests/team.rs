//! Team mode end to end on a private PostgreSQL: the sync against the demo server writes what
//! `get` reads straight from the demo, record for record; dashboards read it with only a
//! read-only role; a database that goes away and comes back; SIGTERM and a restart.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::pg::Postgres;
use common::sync::{count, sync_process, wait_for};
use scrm_tui::cli::get;
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::output::Format;
use scrm_tui::domain::{Origin, Resource};
use scrm_tui::fetch::{Clients, Database, Source};
use scrm_tui::store::DatabaseUrl;

fn url(text: &str) -> DatabaseUrl {
    DatabaseUrl::parse(&format!("{text}?sslmode=disable")).unwrap()
}

/// Every job of a config: each resource of each vendor account.
fn jobs(config: &scrm_tui::config::Config) -> usize {
    let accounts = Clients::from_config(config).unwrap().all_accounts();
    Resource::ALL
        .iter()
        .map(|r| {
            accounts
                .iter()
                .filter(|(v, _)| r.vendors().contains(v))
                .count()
        })
        .sum()
}

/// The jobs that have run complete at least once.
fn jobs_done(pg: &Postgres) -> usize {
    common::pg::psql_try(
        &pg.url,
        "SELECT count(DISTINCT (resource, vendor, account)) FROM sync_runs WHERE complete",
    )
    .and_then(|n| n.parse::<usize>().ok())
    .unwrap_or(0)
}

/// Runs the sync against `server` until every resource has a complete run.
async fn sync_once(pg: &Postgres, server: &DemoServer) {
    let config = server.config();
    let jobs = jobs(&config);
    let target = url(&pg.url);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    let started = std::time::Instant::now();
    loop {
        if jobs_done(pg) >= jobs {
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

/// A dashboard's source on `pg`: a week of alerts, listening for announcements.
fn dashboard_source(pg: &Postgres) -> Database {
    Database::new(url(&pg.url), Duration::from_secs(7 * 86_400), true)
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
    let database = dashboard_source(&pg);
    for &resource in Resource::ALL {
        let (_, direct) = print(&vendors, resource).await;
        let (_, stored) = print(&database, resource).await;
        let mut direct: Vec<serde_json::Value> = serde_json::from_str(&direct).unwrap();
        let mut stored: Vec<serde_json::Value> = serde_json::from_str(&stored).unwrap();
        assert!(!direct.is_empty(), "{resource}");
        if resource == Resource::Outflow {
            // The team's alerts carry their triage — open, or closed by the sync on the
            // vendor's evidence (nobody else has acted); the vendors keep no log.
            for record in &mut stored {
                let triage = record.as_object_mut().unwrap().remove("triage").unwrap();
                let closed = triage["state"] == "done"
                    && triage["by"] == "vendor"
                    && triage["outcome"] == "won-back";
                assert!(triage["state"] == "open" || closed, "{record}: {triage}");
            }
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
    // Youmi's reference lists (`L` on Operators), as kept by the sync.
    let direct = vendors.references().await.unwrap().unwrap();
    let stored = database.references().await.unwrap().unwrap();
    let values =
        |lists: &scrm_tui::domain::ReferenceLists| -> Vec<(String, Vec<serde_json::Value>)> {
            lists
                .iter()
                .map(|(name, records)| {
                    let records = records
                        .iter()
                        .map(|r| serde_json::from_str(&r.text()).unwrap())
                        .collect();
                    (name.to_string(), records)
                })
                .collect()
        };
    assert_eq!(stored.len(), 4);
    assert_eq!(values(&stored), values(&direct));
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
        true,
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
    let database = Arc::new(dashboard_source(&pg));
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

/// The dashboard side: `update`, and the fetch tasks over a `Database` source.
struct Dashboard {
    app: scrm_tui::app::App,
    fetcher: scrm_tui::fetch::Fetcher,
    rx: tokio::sync::mpsc::UnboundedReceiver<scrm_tui::domain::LoadEvent>,
}

impl Dashboard {
    /// A dashboard with these options, its fetch tasks reading `source`.
    fn new(source: Arc<dyn Source>, options: scrm_tui::app::Options) -> Dashboard {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        Dashboard {
            app: scrm_tui::app::App::new(options),
            fetcher: scrm_tui::fetch::Fetcher::new(source, tx),
            rx,
        }
    }

    fn run(&mut self, commands: Vec<scrm_tui::app::Cmd>) {
        use scrm_tui::app::Cmd;
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

    /// Takes what the fetch tasks report, and the clock's ticks, until `done`, or fails
    /// after 30 s.
    async fn until(&mut self, done: impl Fn(&scrm_tui::app::App) -> bool) {
        let started = std::time::Instant::now();
        let mut tick = tokio::time::interval(Duration::from_millis(200));
        while !done(&self.app) {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the dashboard heard in time"
            );
            let msg = tokio::select! {
                event = self.rx.recv() => {
                    scrm_tui::app::Msg::from(event.expect("the channel stays open"))
                }
                _ = tick.tick() => scrm_tui::app::Msg::Tick(std::time::Instant::now()),
            };
            let commands = self.app.update(msg);
            self.run(commands);
        }
    }
}

#[tokio::test]
async fn a_new_alert_reaches_a_dashboard_through_notify_and_again_after_its_connection_dies() {
    use scrm_tui::domain::Vendor;
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let start = server.started();
    // Just before the demo's first live alert (k = 0, at its start).
    server.set_now(start - 1);
    sync_once(&pg, &server).await;
    // The sync runs on, polling the demo every second.
    let mut config = server.config();
    config.outflow.poll_seconds = 1;
    let target = url(&pg.url);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sync = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    // A dashboard that would poll only once an hour: what it hears is the NOTIFY.
    let source = Arc::new(dashboard_source(&pg));
    let t0 = std::time::Instant::now();
    let mut dashboard = Dashboard::new(
        source,
        scrm_tui::app::Options {
            settings: scrm_tui::app::Settings {
                poll_every: Duration::from_secs(3600),
                team: true,
                ..scrm_tui::app::Settings::new(vec![Vendor::Weiban])
            },
            ..scrm_tui::app::Options::new(vec![Vendor::Weiban], 120, 40, t0)
        },
    );
    let first = dashboard.app.start();
    dashboard.run(first);
    dashboard
        .until(|app| app.list(Resource::Outflow).status().loaded_at.is_some())
        .await;
    let before = dashboard.app.list(Resource::Outflow).counts().1;
    assert_eq!(before, 480);
    // Alert k = 0 happens on the demo; the sync writes it and notifies.
    server.set_now(start);
    dashboard
        .until(|app| app.list(Resource::Outflow).counts().1 == before + 1)
        .await;
    assert_eq!(dashboard.app.live.unread, 1, "counted as new");
    // Every connection to the database is cut (the dashboard's and the sync's); the next
    // alert (k = 1, 20 s after the start: the sync asks for windows that end now) still
    // arrives: the dashboard reconnects, listens again and catches up.
    pg.sql(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = '{}' AND pid <> pg_backend_pid()",
        pg.database
    ));
    server.set_now(start + 20);
    dashboard
        .until(|app| app.list(Resource::Outflow).counts().1 == before + 2)
        .await;
    stop.send(true).unwrap();
    sync.await.unwrap().unwrap();
    // No alert twice.
    assert_eq!(pg.sql("SELECT count(*) FROM outflow_alerts"), "482");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_ends_the_sync_with_0_a_kill_is_flagged_and_a_restart_adds_no_duplicate() {
    use rustix::process::{Pid, Signal, kill_process};
    let pg = Postgres::start();
    let home = tempfile::tempdir().unwrap();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let config = home.path().join("sync.toml");
    std::fs::write(&config, server.config_toml()).unwrap();
    std::fs::set_permissions(&config, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let complete = "SELECT count(*) FROM sync_runs WHERE complete";
    // Killed as hard as can be while a run waits for Weiban (which does not answer): its
    // unfinished run is there to see.
    server.inject(scrm_tui::demo::faults::Rule::always(
        scrm_tui::domain::Vendor::Weiban,
        scrm_tui::demo::faults::Fault::Hang,
    ));
    let mut first = sync_process(&pg, home.path());
    wait_for("a first run", || {
        count(&pg, "SELECT count(*) FROM sync_runs") >= 1
    });
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM sync_runs WHERE finished_at IS NULL"
        ),
        1,
        "killed in the middle of a run"
    );
    server.clear_faults();
    // Restarted: the killed run is flagged, the work is done again, nothing twice.
    let second = sync_process(&pg, home.path());
    wait_for("six complete runs", || count(&pg, complete) >= 6);
    let pid = Pid::from_raw(second.id() as i32).unwrap();
    kill_process(pid, Signal::TERM).unwrap();
    let output = second.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit {:?}: {log}", output.status);
    assert!(log.contains("sync stopped"), "{log}");
    assert!(!log.contains(common::pg::ADMIN_PASSWORD), "{log}");
    assert!(!log.contains(scrm_tui::demo::WEIBAN_SECRET), "{log}");
    let unfinished = count(
        &pg,
        "SELECT count(*) FROM sync_runs WHERE finished_at IS NULL",
    );
    assert_eq!(unfinished, 0, "every run is finished or flagged");
    let flagged = count(
        &pg,
        "SELECT count(*) FROM sync_runs WHERE error = 'interrupted' OR error LIKE 'interrupted%'",
    );
    assert!(flagged >= 1, "the killed run is flagged");
    let alerts = count(&pg, "SELECT count(*) FROM outflow_alerts");
    let customers = count(&pg, "SELECT count(*) FROM customers");
    assert_eq!(customers, 900);
    // A third start resumes where the runs left off: nothing loaded again before it is due
    // (the refresh is every 5 min), and the next outflow poll adds no duplicate.
    let last = count(&pg, "SELECT max(id) FROM sync_runs");
    let mut third = sync_process(&pg, home.path());
    let since = format!("SELECT count(*) FROM sync_runs WHERE complete AND id > {last}");
    wait_for("the next outflow poll", || count(&pg, &since) >= 1);
    assert_eq!(
        count(&pg, &format!("{since} AND resource <> 'outflow'")),
        0,
        "no load repeated before it is due"
    );
    kill_process(Pid::from_raw(third.id() as i32).unwrap(), Signal::TERM).unwrap();
    assert!(third.wait().unwrap().success());
    assert_eq!(count(&pg, "SELECT count(*) FROM customers"), 900);
    let after = count(&pg, "SELECT count(*) FROM outflow_alerts");
    // Only the demo's live alerts that happened meanwhile (one every 20 s) may be new.
    assert!(after >= alerts && after <= alerts + 3, "{alerts} → {after}");
    drop(server);
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM (SELECT customer_id, staff_id, outflow_key FROM outflow_alerts
             GROUP BY 1, 2, 3 HAVING count(*) > 1) twice"
        ),
        0
    );
}

#[tokio::test]
async fn between_full_loads_changed_customers_are_merged_and_a_full_load_notices_removals() {
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    server.set_now(server.started());
    let mut config = server.config();
    config.sync.refresh_seconds = 1;
    config.sync.full_refresh_seconds = 4;
    let target = url(&pg.url);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sync = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    let weiban_runs = "SELECT count(*) FROM sync_runs
                       WHERE resource = 'customers' AND vendor = 'weiban' AND complete";
    let started = std::time::Instant::now();
    let until = |what: &'static str, sql: String, expected: &'static str| {
        let pg = &pg;
        async move {
            while common::pg::psql_try(&pg.url, &sql).as_deref() != Some(expected) {
                assert!(started.elapsed() < Duration::from_secs(60), "{what}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    until("a full load", format!("SELECT ({weiban_runs}) > 0"), "t").await;
    let ids = pg.sql(
        "SELECT string_agg(id, ' ') FROM (SELECT id FROM customers WHERE vendor = 'weiban'
         ORDER BY ord LIMIT 2) two",
    );
    let (renamed, removed) = ids.split_once(' ').unwrap();
    server.rename_customer(renamed, "改名后的客户");
    server.remove_customer(removed);
    until(
        "the rename",
        format!("SELECT name FROM customers WHERE id = '{renamed}'"),
        "改名后的客户",
    )
    .await;
    // Picked up by a run of changes: one record, no deletion.
    assert_eq!(
        pg.sql(&format!("{weiban_runs} AND records = 1")),
        "1",
        "an incremental run brought the renamed customer alone"
    );
    // The next full load notices the removal.
    until(
        "the removal",
        format!("SELECT count(*) FROM customers WHERE id = '{removed}'"),
        "0",
    )
    .await;
    assert_eq!(
        pg.sql("SELECT count(*) FROM customers WHERE vendor = 'weiban'"),
        "299"
    );
    assert_eq!(
        pg.sql(&format!(
            "SELECT name FROM customers WHERE id = '{renamed}'"
        )),
        "改名后的客户"
    );
    stop.send(true).unwrap();
    sync.await.unwrap().unwrap();
}

#[tokio::test]
async fn the_sync_keeps_the_alerts_stories_and_dashboards_read_them() {
    use scrm_tui::domain::Vendor;
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    server.set_now(server.started());
    let mut config = server.config();
    config.outflow.poll_seconds = 1;
    let target = url(&pg.url);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sync = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    let kept =
        "SELECT count(DISTINCT customer_id) FROM outflow_alerts WHERE context_at IS NOT NULL";
    let started = std::time::Instant::now();
    while count(&pg, kept) < 20 {
        assert!(started.elapsed() < Duration::from_secs(60), "contexts kept");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.send(true).unwrap();
    sync.await.unwrap().unwrap();
    // Newest first: the newest alert's customer has one.
    let newest = pg.sql("SELECT customer_id FROM outflow_alerts ORDER BY seq DESC LIMIT 1");
    let vendors = Clients::from_config(&server.config()).unwrap();
    let database = dashboard_source(&pg);
    let direct = vendors
        .customer_context(Vendor::Weiban, Default::default(), newest.clone(), 5)
        .await
        .unwrap()
        .unwrap();
    let stored = database
        .customer_context(Vendor::Weiban, Default::default(), newest, 5)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.detail.follows, direct.detail.follows);
    assert_eq!(stored.detail.kind, direct.detail.kind);
    assert_eq!(stored.events.unwrap(), direct.events.unwrap());
    // One the sync has not reached yet says so.
    let waiting = pg.sql(
        "SELECT customer_id FROM outflow_alerts WHERE context_at IS NULL ORDER BY seq LIMIT 1",
    );
    let error = database
        .customer_context(Vendor::Weiban, Default::default(), waiting, 5)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(error.code, "not yet");
    assert!(error.to_string().contains("has not fetched"), "{error}");
    // The vendor's evidence closed each alert whose kept story shows the customer back, once,
    // as `vendor`, won back (issue 24, point 6).
    use scrm_tui::domain::{AlertStory, Record, Records};
    let Records::Outflow(alerts) = scrm_tui::fetch::load(&database, Resource::Outflow)
        .await
        .records
    else {
        panic!("alerts");
    };
    let mut expected = Vec::new();
    for alert in &alerts {
        let context = database
            .customer_context(
                alert.vendor,
                alert.account.clone(),
                alert.customer_id.clone(),
                0,
            )
            .await
            .unwrap();
        if let Ok(context) = context
            && AlertStory::of(alert, Some(&context.detail)).recovered == Some(true)
        {
            expected.push(alert.key());
        }
    }
    expected.sort();
    let closed = pg.sql(
        "SELECT alert FROM triage_events WHERE by_role = 'vendor' AND action = 'done' \
         AND outcome = 'won-back' ORDER BY alert",
    );
    let closed: Vec<String> = closed.lines().map(str::to_owned).collect();
    assert!(
        !expected.is_empty(),
        "some kept story shows a customer back"
    );
    assert_eq!(closed, expected);
}

#[tokio::test]
async fn a_second_sync_waits_while_one_holds_the_database() {
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let start = |stopped| {
        let (config, target) = (server.config(), url(&pg.url));
        tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await })
    };
    let (stop_first, stopped) = tokio::sync::watch::channel(false);
    let first = start(stopped);
    let started = std::time::Instant::now();
    // The first sync's whole first round (its next job is a poll 30 s away).
    let all = jobs(&server.config());
    while jobs_done(&pg) < all
        || count(
            &pg,
            "SELECT count(*) FROM sync_runs WHERE finished_at IS NULL",
        ) > 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the first sync"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let runs = count(&pg, "SELECT count(*) FROM sync_runs");
    // A second sync for three seconds: it would load everything at once if it could.
    let (stop_second, stopped) = tokio::sync::watch::channel(false);
    let second = start(stopped);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        count(&pg, "SELECT count(*) FROM sync_runs"),
        runs,
        "the second sync spent nothing"
    );
    stop_second.send(true).unwrap();
    second.await.unwrap().unwrap();
    stop_first.send(true).unwrap();
    first.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_vendor_that_fails_is_recorded_and_the_previous_rows_stay() {
    use scrm_tui::demo::faults::{Fault, Rule};
    use scrm_tui::domain::Vendor;
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    sync_once(&pg, &server).await;
    // Yunzhong answers with a gateway's error page from now on; the next loads fail.
    server.inject(Rule::always(Vendor::Yunzhong, Fault::Http502));
    let mut config = server.config();
    config.sync.refresh_seconds = 1;
    let target = url(&pg.url);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sync = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    let failed = "SELECT count(*) FROM sync_runs WHERE vendor = 'yunzhong' AND NOT complete
                  AND finished_at IS NOT NULL";
    let started = std::time::Instant::now();
    while count(&pg, failed) < 1 {
        assert!(started.elapsed() < Duration::from_secs(60), "a failed run");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.send(true).unwrap();
    sync.await.unwrap().unwrap();
    let error = pg.sql(
        "SELECT error FROM sync_runs WHERE vendor = 'yunzhong' AND NOT complete ORDER BY id DESC LIMIT 1",
    );
    assert!(
        error.contains("yunzhong") && error.contains("HTTP 502"),
        "{error}"
    );
    assert_eq!(
        pg.sql("SELECT count(*) FROM customers WHERE vendor = 'yunzhong'"),
        "300",
        "the last good rows stay"
    );
    // A dashboard shows them, and says the last run was partial.
    let database = dashboard_source(&pg);
    let loaded = scrm_tui::fetch::load(&database, Resource::Customers).await;
    assert_eq!(loaded.records.len(), 900);
    // Stopped in the middle of another vendor's load, that run is partial too: the stop's
    // (its pages in flight written), not a failure.
    let (yunzhong, others): (Vec<_>, Vec<_>) = loaded
        .errors
        .iter()
        .partition(|e| e.origin == scrm_tui::domain::Origin::Vendor(Vendor::Yunzhong));
    assert_eq!(yunzhong.len(), 1, "{:?}", loaded.errors);
    let partial = yunzhong[0].to_string();
    assert!(
        partial.starts_with("yunzhong") && partial.contains("HTTP 502"),
        "{partial}"
    );
    assert!(
        others.iter().all(|e| e.to_string().contains("stopping")),
        "{others:?}"
    );
}

#[tokio::test]
async fn without_listen_a_dashboard_reads_new_alerts_by_sequence_every_poll() {
    use scrm_tui::domain::Vendor;
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let start = server.started();
    server.set_now(start - 1);
    sync_once(&pg, &server).await;
    let mut config = server.config();
    config.outflow.poll_seconds = 1;
    let target = url(&pg.url);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sync = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    // A read replica: no LISTEN, a read every second.
    let source = Arc::new(Database::new(
        url(&pg.url),
        Duration::from_secs(7 * 86_400),
        false,
    ));
    assert!(source.announcements().is_none());
    let t0 = std::time::Instant::now();
    let mut dashboard = Dashboard::new(
        source,
        scrm_tui::app::Options {
            settings: scrm_tui::app::Settings {
                poll_every: Duration::from_secs(1),
                team: true,
                ..scrm_tui::app::Settings::new(vec![Vendor::Weiban])
            },
            ..scrm_tui::app::Options::new(vec![Vendor::Weiban], 120, 40, t0)
        },
    );
    let first = dashboard.app.start();
    dashboard.run(first);
    dashboard
        .until(|app| app.list(Resource::Outflow).status().loaded_at.is_some())
        .await;
    assert_eq!(dashboard.app.list(Resource::Outflow).counts().1, 480);
    server.set_now(start);
    dashboard
        .until(|app| app.list(Resource::Outflow).counts().1 == 481)
        .await;
    stop.send(true).unwrap();
    sync.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_dashboard_keeps_its_rows_says_the_database_is_unreachable_and_recovers() {
    use scrm_tui::domain::Vendor;
    let mut pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    sync_once(&pg, &server).await;
    let source = Arc::new(dashboard_source(&pg));
    let t0 = std::time::Instant::now();
    let mut dashboard = Dashboard::new(
        source,
        scrm_tui::app::Options {
            settings: scrm_tui::app::Settings {
                team: true,
                ..scrm_tui::app::Settings::new(vec![Vendor::Weiban])
            },
            ..scrm_tui::app::Options::new(vec![Vendor::Weiban], 100, 30, t0)
        },
    );
    dashboard.app.jitter = scrm_tui::app::retry::Jitter::seeded(1);
    let first = dashboard.app.start();
    dashboard.run(first);
    dashboard
        .until(|app| app.list(Resource::Stores).status().loaded_at.is_some())
        .await;
    assert_eq!(dashboard.app.list(Resource::Stores).counts().1, 120);
    // The database goes away; `r` refreshes Stores.
    pg.kill();
    let key = |c| {
        scrm_tui::app::Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        ))
    };
    dashboard.app.update(key('1'));
    let commands = dashboard.app.update(key('r'));
    dashboard.run(commands);
    dashboard
        .until(|app| app.list(Resource::Stores).status().error.is_some())
        .await;
    assert_eq!(
        dashboard.app.list(Resource::Stores).counts().1,
        120,
        "the rows stay"
    );
    let status = common::render_text(&dashboard.app);
    assert!(status.contains("database"), "{status}");
    assert!(!status.contains(common::pg::ADMIN_PASSWORD));
    assert!(
        dashboard
            .app
            .list(Resource::Stores)
            .status()
            .retry_at
            .is_some(),
        "a retry is planned"
    );
    // It comes back: the planned retry succeeds by itself.
    pg.resume();
    dashboard
        .until(|app| {
            app.list(Resource::Stores).status().error.is_none()
                && !app.list(Resource::Stores).status().loading
        })
        .await;
    assert_eq!(dashboard.app.list(Resource::Stores).counts().1, 120);
}

/// A dashboard fed by `source` with every pane loaded (Operators and Outflow included).
async fn loaded_dashboard(source: Arc<dyn Source>) -> Dashboard {
    let t0 = std::time::Instant::now();
    let mut dashboard = Dashboard::new(
        source,
        scrm_tui::app::Options {
            settings: scrm_tui::app::Settings {
                team: true,
                poll_every: Duration::from_secs(3600),
                ..scrm_tui::app::Settings::new(scrm_tui::domain::Vendor::ALL.to_vec())
            },
            ..scrm_tui::app::Options::new(scrm_tui::domain::Vendor::ALL.to_vec(), 120, 40, t0)
        },
    );
    let first = dashboard.app.start();
    dashboard.run(first);
    dashboard
        .until(|app| {
            Resource::ALL
                .iter()
                .all(|&r| app.list(r).status().loaded_at.is_some())
        })
        .await;
    dashboard
}

#[tokio::test]
async fn a_dashboard_opened_while_no_sync_runs_says_so_with_its_first_load() {
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    // A sync ran once and stopped: the data is there, nobody leads.
    sync_once(&pg, &server).await;
    let source = Arc::new(dashboard_source(&pg));
    // Polls an hour apart: what it knows of the sync comes with the loads.
    let mut dashboard = loaded_dashboard(source).await;
    dashboard.until(|app| app.live.sync.is_some()).await;
    let sync = dashboard.app.live.sync.clone().unwrap();
    assert_eq!(sync.leader, None);
}

#[tokio::test]
async fn on_the_database_the_panes_filter_detail_insights_and_related_records_work_as_on_the_vendors()
 {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let pg = Postgres::start();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    server.set_now(server.started());
    sync_once(&pg, &server).await;
    let vendors: Arc<dyn Source> = Arc::new(Clients::from_config(&server.config()).unwrap());
    let database: Arc<dyn Source> = Arc::new(dashboard_source(&pg));
    let mut direct = loaded_dashboard(vendors).await;
    let mut stored = loaded_dashboard(database).await;
    let press = |app: &mut scrm_tui::app::App, keys: &str| {
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\u{1b}' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            app.update(scrm_tui::app::Msg::Key(KeyEvent::new(
                code,
                KeyModifiers::NONE,
            )));
        }
    };
    for app in [&mut direct.app, &mut stored.app] {
        // Customers filtered to VIP, sorted by name; the third row's detail opened.
        press(app, "2/#VIP\n");
        press(app, "Njj\n");
    }
    let summary = |app: &scrm_tui::app::App| {
        let detail = app.detail().expect("a detail");
        let raw: serde_json::Value = serde_json::from_str(
            &app.pane_of::<scrm_tui::domain::Customer>()
                .selected_record()
                .unwrap()
                .raw
                .text(),
        )
        .unwrap();
        (
            app.list(Resource::Customers).counts().0,
            detail.record_id.clone(),
            detail.title.clone(),
            raw,
        )
    };
    assert_eq!(summary(&stored.app), summary(&direct.app));
    assert!(direct.app.list(Resource::Customers).counts().0 > 10);
    // Insights over the same alerts, and the related records of the same alert.
    for app in [&mut direct.app, &mut stored.app] {
        press(app, "\u{1b}5");
    }
    // The same clock for both, so that the hours fall alike.
    stored.app.wall = direct.app.wall;
    assert_eq!(stored.app.insights(), direct.app.insights());
    for app in [&mut direct.app, &mut stored.app] {
        press(app, "3G");
        // Oldest alert: its customer is the Yunzhong customer 0 too.
        press(app, "x");
    }
    let related = |app: &scrm_tui::app::App| {
        let mut rows: Vec<(String, String)> = app
            .related()
            .expect("the related list")
            .rows
            .iter()
            .map(|r| (format!("{:?}", r.link), r.key.clone()))
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(related(&stored.app), related(&direct.app));
    assert!(
        related(&stored.app)
            .iter()
            .any(|(link, _)| link == "ExternalUserId")
    );
}

#[test]
fn info_names_the_database_without_its_password() {
    let home = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_scrm-tui"))
        .arg("info")
        .env(
            "SCRM_TUI_DATABASE_URL",
            "postgres://reader:Hidden-Db-Pass-42@db.example.com:5433/scrm?sslmode=verify-full&sslrootcert=/etc/ca.pem",
        )
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("database reader@db.example.com:5433/scrm (sslmode verify-full"),
        "{text}"
    );
    assert!(!text.contains("Hidden-Db-Pass-42"), "{text}");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("Hidden-Db-Pass-42"));
}
