//! Several syncs, one leader: the lease in PostgreSQL. Two `scrm-tui sync` processes against
//! one database and the demo with Weiban's limits enforced: one pulls at a time; SIGKILL the
//! leader and the other leads within 20 s, SIGTERM it and a standby leads within 2 s; the
//! leader's connection ended by the database and it stops pulling while the other leads; no
//! limit violated, no two runs at once, every record once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use common::pg::{Postgres, psql_try};
use common::sync::{count, sync_process, wait_for};
use rustix::process::{Pid, Signal, kill_process};
use scrm_tui::demo::{DemoOptions, DemoServer, EnforcedLimits};
use scrm_tui::domain::{Record, Records, Resource};
use scrm_tui::fetch::Database;
use scrm_tui::store::DatabaseUrl;

/// The pid in the lease's holder (`host:pid:random`) while it is held.
fn leader_pid(pg: &Postgres) -> Option<u32> {
    let holder = psql_try(
        &pg.url,
        "SELECT holder FROM sync_lease WHERE expires_at > now()",
    )?;
    holder.split(':').nth(1)?.parse().ok()
}

/// How long until the lease is held by a process other than `old`.
fn until_another_leads(pg: &Postgres, old: u32) -> Duration {
    let started = Instant::now();
    loop {
        if leader_pid(pg).is_some_and(|pid| pid != old) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "nobody took over"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs that overlap in time: two syncs pulling at once (one sync runs one job at a time).
fn overlapping_runs(pg: &Postgres) -> u64 {
    count(
        pg,
        "SELECT count(*) FROM sync_runs a JOIN sync_runs b ON a.id < b.id
          WHERE b.started_at < coalesce(a.finished_at, now())
            AND a.started_at < coalesce(b.finished_at, now())
            AND a.error IS DISTINCT FROM 'interrupted'
            AND b.error IS DISTINCT FROM 'interrupted'",
    )
}

/// A dashboard's source: the database, every alert in its window.
fn dashboard(pg: &Postgres) -> Database {
    Database::new(
        DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap(),
        Duration::from_secs(3650 * 86_400),
        true,
    )
}

/// One dashboard's read of customers and alerts: how many of each, none shown twice and no
/// more customers than there are.
async fn read_once(dashboard: &Database) -> (usize, usize) {
    let customers = scrm_tui::fetch::load(dashboard, Resource::Customers).await;
    let Records::Customers(customers) = customers.records else {
        panic!("not customers")
    };
    let keys: std::collections::HashSet<String> = customers.iter().map(|c| c.key()).collect();
    assert_eq!(keys.len(), customers.len(), "a customer shown twice");
    assert!(keys.len() <= 900, "{} customers", keys.len());
    let outflow = scrm_tui::fetch::load(dashboard, Resource::Outflow).await;
    let Records::Outflow(alerts) = outflow.records else {
        panic!("not alerts")
    };
    let keys: std::collections::HashSet<String> = alerts.iter().map(|a| a.key()).collect();
    assert_eq!(keys.len(), alerts.len(), "an alert shown twice");
    (customers.len(), alerts.len())
}

/// Reads as a dashboard does, every half second, until `stop`; how many reads.
async fn read_until(dashboard: Database, mut stop: tokio::sync::watch::Receiver<bool>) -> u32 {
    let mut reads = 0;
    while !*stop.borrow() {
        read_once(&dashboard).await;
        reads += 1;
        let _ = tokio::time::timeout(Duration::from_millis(500), stop.changed()).await;
    }
    reads
}

fn terminate(child: &std::process::Child, signal: Signal) {
    kill_process(Pid::from_raw(child.id() as i32).unwrap(), signal).unwrap();
}

async fn demo_with_limits(home: &std::path::Path) -> DemoServer {
    let server = DemoServer::start(
        ([127, 0, 0, 1], 0).into(),
        DemoOptions {
            weiban_limits: Some(EnforcedLimits::weiban()),
            ..DemoOptions::default()
        },
    )
    .await
    .unwrap();
    let config = home.join("sync.toml");
    std::fs::write(&config, server.config_toml()).unwrap();
    std::fs::set_permissions(&config, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn one_leader_a_killed_one_replaced_within_20s_a_stopped_one_within_2s() {
    let pg = Postgres::start();
    let home = tempfile::tempdir().unwrap();
    let server = demo_with_limits(home.path()).await;
    let mut syncs: Vec<std::process::Child> =
        (0..2).map(|_| sync_process(&pg, home.path())).collect();
    wait_for("a leader", || leader_pid(&pg).is_some());
    let first = leader_pid(&pg).unwrap();
    wait_for("a first complete run", || {
        count(&pg, "SELECT count(*) FROM sync_runs WHERE complete") >= 1
    });
    // Three dashboards read all through the handovers.
    let (reading, stop_reading) = tokio::sync::watch::channel(false);
    let readers: Vec<_> = (0..3)
        .map(|_| tokio::spawn(read_until(dashboard(&pg), stop_reading.clone())))
        .collect();
    drop(stop_reading);
    // SIGKILL in the middle of the load.
    let at = syncs.iter().position(|c| c.id() == first).unwrap();
    let mut killed = syncs.remove(at);
    killed.kill().unwrap();
    killed.wait().unwrap();
    let took = until_another_leads(&pg, first);
    assert!(took < Duration::from_secs(20), "took over after {took:?}");
    let second = leader_pid(&pg).unwrap();
    wait_for("the new leader's work", || {
        count(&pg, "SELECT count(*) FROM customers") == 900
    });
    // A standby for the next handover, then SIGTERM the leader: the standby leads at once.
    syncs.push(sync_process(&pg, home.path()));
    std::thread::sleep(Duration::from_secs(2));
    let at = syncs.iter().position(|c| c.id() == second).unwrap();
    let stopped = syncs.remove(at);
    let signalled = Instant::now();
    terminate(&stopped, Signal::TERM);
    let took = until_another_leads(&pg, second);
    assert!(took < Duration::from_secs(2), "took over after {took:?}");
    let output = stopped.wait_with_output().unwrap();
    let exited = signalled.elapsed();
    assert!(exited < Duration::from_secs(10), "exited after {exited:?}");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{log}");
    assert!(log.contains("the lease is given up"), "{log}");
    wait_for("the third leader's first run", || {
        count(
            &pg,
            "SELECT count(*) FROM sync_runs WHERE complete AND started_at > now() - interval '20 seconds'",
        ) >= 1
    });
    reading.send_replace(true);
    for reader in readers {
        let reads = reader.await.unwrap();
        assert!(reads >= 10, "a dashboard read only {reads} times");
    }
    for sync in &syncs {
        terminate(sync, Signal::TERM);
    }
    for mut sync in syncs {
        assert!(sync.wait().unwrap().success());
    }
    assert_eq!(overlapping_runs(&pg), 0, "two syncs pulled at once");
    assert_eq!(
        server.stats().weiban_limited,
        0,
        "Weiban's limits were kept"
    );
    // And what the three leaders wrote, in the end: every record once.
    for _ in 0..3 {
        let (customers, alerts) = read_once(&dashboard(&pg)).await;
        assert_eq!(customers, 900);
        assert!(alerts > 0);
    }
    assert_eq!(count(&pg, "SELECT count(*) FROM customers"), 900);
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM (SELECT customer_id, staff_id, outflow_key FROM outflow_alerts
             GROUP BY 1, 2, 3 HAVING count(*) > 1) twice"
        ),
        0,
        "an alert written twice"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_leader_writes_the_pages_in_flight_then_hands_over_within_2s() {
    use scrm_tui::demo::faults::{Fault, Rule};
    use scrm_tui::domain::Vendor;
    let pg = Postgres::start();
    let home = tempfile::tempdir().unwrap();
    let server = demo_with_limits(home.path()).await;
    // Every Weiban page comes a second late: a load is surely mid-page when the signal comes.
    server.inject(Rule::always(Vendor::Weiban, Fault::Slow));
    let mut syncs: Vec<std::process::Child> =
        (0..2).map(|_| sync_process(&pg, home.path())).collect();
    wait_for("a leader", || leader_pid(&pg).is_some());
    let leader = leader_pid(&pg).unwrap();
    let under_way = "SELECT coalesce(max(id), 0) FROM sync_runs
                      WHERE vendor = 'weiban' AND finished_at IS NULL";
    wait_for("a Weiban load under way", || count(&pg, under_way) > 0);
    let run = count(&pg, under_way);
    std::thread::sleep(Duration::from_millis(300));
    let at = syncs.iter().position(|c| c.id() == leader).unwrap();
    let stopped = syncs.remove(at);
    let signalled = Instant::now();
    terminate(&stopped, Signal::TERM);
    let took = until_another_leads(&pg, leader);
    assert!(took < Duration::from_secs(2), "took over after {took:?}");
    let output = stopped.wait_with_output().unwrap();
    assert!(signalled.elapsed() < Duration::from_secs(10));
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{log}");
    assert!(
        log.contains("the pages that had arrived are written"),
        "{log}"
    );
    assert!(log.contains("the lease is given up"), "{log}");
    // The run in flight: finished, partial, its pages' records written, saying why.
    let run_row = |column: &str| {
        psql_try(
            &pg.url,
            &format!("SELECT {column} FROM sync_runs WHERE id = {run}"),
        )
        .unwrap_or_default()
    };
    assert_eq!(run_row("finished_at IS NOT NULL"), "t");
    assert_eq!(run_row("complete"), "f");
    assert!(
        run_row("error").contains("stopping"),
        "{}",
        run_row("error")
    );
    let pages: u64 = run_row("pages_arrived").parse().unwrap();
    let records: u64 = run_row("records").parse().unwrap();
    assert!(
        pages >= 1 && records >= 1,
        "{pages} pages, {records} records"
    );
    for sync in &syncs {
        terminate(sync, Signal::TERM);
    }
    for mut sync in syncs {
        assert!(sync.wait().unwrap().success());
    }
    assert_eq!(overlapping_runs(&pg), 0, "two syncs pulled at once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_leader_whose_connection_is_ended_stops_pulling_and_the_other_leads() {
    let pg = Postgres::start();
    let home = tempfile::tempdir().unwrap();
    let _server = demo_with_limits(home.path()).await;
    let syncs: Vec<std::process::Child> = (0..2).map(|_| sync_process(&pg, home.path())).collect();
    wait_for("a leader", || leader_pid(&pg).is_some());
    let first = leader_pid(&pg).unwrap();
    // The database ends the leader's lease connection (an administrator, a failover, a
    // network cut as the server sees it).
    pg.sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = left('scrm-tui lease ' || (SELECT holder FROM sync_lease), 63)",
    );
    let took = until_another_leads(&pg, first);
    assert!(took < Duration::from_secs(20), "took over after {took:?}");
    for sync in &syncs {
        terminate(sync, Signal::TERM);
    }
    let mut logs = String::new();
    for sync in syncs {
        let output = sync.wait_with_output().unwrap();
        logs.push_str(&String::from_utf8_lossy(&output.stderr));
    }
    assert!(logs.contains("could not be renewed"), "{logs}");
    assert_eq!(overlapping_runs(&pg), 0, "two syncs pulled at once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_leader_counts_the_calls_the_last_one_made_as_spent() {
    use scrm_tui::domain::{Account, Vendor};
    use scrm_tui::fetch::Clients;
    use scrm_tui::store::Store;
    use scrm_tui::vendors::weiban::{OUTFLOW_PATH, STORE_LIST_PATH};
    let pg = Postgres::start();
    let home = tempfile::tempdir().unwrap();
    let server = demo_with_limits(home.path()).await;
    let url = DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap();
    let mut store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    // The last leader used this minute's 600 calls of the outflow list, and kept them.
    let minute = chrono::Utc::now().timestamp().div_euclid(60);
    store
        .keep_calls(
            (Vendor::Weiban, &Account::default()),
            &[(OUTFLOW_PATH, minute, 600)],
        )
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    scrm_tui::sync::budget::inherit(&clients, &store)
        .await
        .unwrap();
    let (_, weiban) = clients
        .handles_of_all()
        .into_iter()
        .find(|(v, _)| *v == Vendor::Weiban)
        .unwrap();
    // The outflow list waits for the window to pass; another endpoint's budget is whole.
    let waited = tokio::time::timeout(
        Duration::from_secs(2),
        weiban.limiter().acquire(OUTFLOW_PATH),
    )
    .await;
    assert!(waited.is_err(), "the spent budget was not counted");
    let other = tokio::time::timeout(
        Duration::from_secs(2),
        weiban.limiter().acquire(STORE_LIST_PATH),
    )
    .await;
    assert!(matches!(other, Ok(Ok(_))));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_calls_a_leader_makes_are_kept_for_the_next() {
    let pg = Postgres::start();
    let home = tempfile::tempdir().unwrap();
    let server = demo_with_limits(home.path()).await;
    let sync = sync_process(&pg, home.path());
    wait_for("the customers", || {
        count(&pg, "SELECT count(*) FROM customers") == 900
    });
    std::thread::sleep(Duration::from_secs(2));
    terminate(&sync, Signal::TERM);
    assert!(sync.wait_with_output().unwrap().status.success());
    // Every Weiban call the demo answered is in the ledger (the token's included).
    let stats = server.stats();
    let answered = stats.weiban_token
        + stats.weiban_store_list
        + stats.weiban_customer_list
        + stats.weiban_outflow
        + stats.weiban_customer_detail;
    let kept = count(
        &pg,
        "SELECT coalesce(sum(calls), 0) FROM vendor_calls WHERE vendor = 'weiban'",
    );
    assert!(kept >= answered, "kept {kept} of {answered} calls");
}
