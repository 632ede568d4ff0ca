//! `[triage] weiban_timeline` in team mode, on a real PostgreSQL and the real demo server: the
//! sync posts a staff member's note (cut at 512 characters at the vendor, whole in the log)
//! and records how it went as its own `timeline` row; a vendor failure is recorded with its
//! vendor, endpoint and code and not repeated within the minute; staff cannot write such rows;
//! a database from before the timeline keeps every row through the migration.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use common::pg::{Postgres, psql_fails, psql_try};
use scrm_tui::demo::faults::{Fault, Rule};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::triage::timeline::CONTENT_MAX;
use scrm_tui::domain::triage::{Action, Outcome};
use scrm_tui::domain::{OutflowAlert, Record, Vendor};
use scrm_tui::fetch::Clients;
use scrm_tui::store::{DatabaseUrl, Store};

async fn connect(url: &str) -> Store {
    let url = DatabaseUrl::parse(&format!("{url}?sslmode=disable")).unwrap();
    Store::connect(&url).await.unwrap()
}

/// Waits until `sql` answers something other than `""`/`0`, for at most 30 s.
async fn until(pg: &Postgres, what: &str, sql: &str) -> String {
    let started = Instant::now();
    loop {
        if let Some(answer) = psql_try(&pg.url, sql).filter(|a| !a.is_empty() && a != "0") {
            return answer;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A Weiban alert that `store` (a staff member) can close with `note`: the first one nobody
/// (the vendor's evidence included) has closed yet.
async fn close_one(store: &Store, owner: &Store, note: &str) -> OutflowAlert {
    let (alerts, _) = owner.alerts_after(0).await.unwrap();
    for alert in alerts.into_iter().filter(|a| a.vendor == Vendor::Weiban) {
        let done = Action::Done {
            outcome: Outcome::WonBack,
            note: note.to_owned(),
        };
        if let Ok(Ok(_)) = store.triage(&alert.key(), &done, "", "desk").await {
            return alert;
        }
    }
    panic!("no Weiban alert could be closed");
}

fn long_note() -> String {
    "客户已重新添加，约好下周回访。"
        .chars()
        .cycle()
        .take(600)
        .collect()
}

#[tokio::test]
async fn the_sync_posts_a_staff_members_note_and_records_how_it_went() {
    let pg = Postgres::start();
    pg.create_team_roles();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let mut config = server.config();
    config.triage.weiban_timeline = true;
    let target = DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sync = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    until(
        &pg,
        "the first outflow run",
        "SELECT count(*) FROM sync_runs WHERE resource = 'outflow' AND vendor = 'weiban' AND complete",
    )
    .await;
    let owner = connect(&pg.url).await;
    let alice = connect(&pg.url_as("alice", "alice-pw-1x")).await;
    let note = long_note();
    let alert = close_one(&alice, &owner, &note).await;
    let key = alert.key().replace('\'', "''");

    let row = until(
        &pg,
        "the timeline row",
        &format!(
            "SELECT outcome || ' ' || by_role || ' ' || note FROM triage_events
              WHERE alert = '{key}' AND action = 'timeline'"
        ),
    )
    .await;
    let done_seq = pg.sql(&format!(
        "SELECT seq FROM triage_events WHERE alert = '{key}' AND action = 'done'"
    ));
    assert!(
        row.starts_with(&format!("posted postgres #{done_seq} posted to Weiban")),
        "{row}"
    );
    // The log keeps the note whole.
    assert_eq!(
        pg.sql(&format!(
            "SELECT note FROM triage_events WHERE alert = '{key}' AND action = 'done'"
        )),
        note
    );
    // The vendor shows the first 511 characters and `…`, titled with who closed it.
    let clients = Clients::from_config(&server.config()).unwrap();
    let weiban = clients.weiban.first().unwrap();
    let events = weiban.customer_events(&alert.customer_id, 5).await.unwrap();
    let posted = events.first().expect("the posted note");
    assert_eq!(posted.title, "流失处理 · 已挽回 · alice");
    assert_eq!(posted.content.chars().count(), CONTENT_MAX);
    assert!(posted.content.ends_with('…'));

    // Weiban fails: the attempt is recorded with vendor, endpoint and code, to be retried.
    server.inject(Rule::always(Vendor::Weiban, Fault::Http500));
    let bob = connect(&pg.url_as("bob", "bob-pw-1x")).await;
    let second = close_one(&bob, &owner, "电话未接通，明天再打").await;
    let second_key = second.key().replace('\'', "''");
    let failed = until(
        &pg,
        "the failed attempt",
        &format!(
            "SELECT outcome || ' ' || note FROM triage_events
              WHERE alert = '{second_key}' AND action = 'timeline'"
        ),
    )
    .await;
    assert!(failed.starts_with("retry #"), "{failed}");
    for part in [
        "weiban",
        "/open-api/external_user_event/add",
        "HTTP 500",
        "attempt 1 of 3",
    ] {
        assert!(failed.contains(part), "{part}: {failed}");
    }
    // Not tried again within the minute, though the sync looks every five seconds.
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(
        pg.sql(&format!(
            "SELECT count(*) FROM triage_events WHERE alert = '{second_key}' AND action = 'timeline'"
        )),
        "1"
    );
    server.clear_faults();
    // The vendor's own closes are never posted: the two staff dones are the only postings.
    assert_eq!(
        pg.sql("SELECT count(DISTINCT alert) FROM triage_events WHERE action = 'timeline'"),
        "2"
    );

    // Staff cannot write what the sync alone records.
    let refused = psql_fails(
        &pg.url_as("alice", "alice-pw-1x"),
        &format!(
            "INSERT INTO triage_events (alert, action, outcome, note)
             VALUES ('{key}', 'timeline', 'posted', '#{done_seq} posted')"
        ),
    );
    assert!(
        refused.contains("only the sync records timeline postings"),
        "{refused}"
    );
    stop.send(true).unwrap();
    sync.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_database_from_before_the_timeline_keeps_every_row() {
    let pg = Postgres::start();
    pg.create_team_roles();
    let mut owner = connect(&pg.url).await;
    owner.migrate_to(3).await.unwrap();
    let alice = connect(&pg.url_as("alice", "alice-pw-1x")).await;
    let done = Action::Done {
        outcome: Outcome::NotOurs,
        note: String::from("不是我们的客户"),
    };
    for (alert, action) in [
        ("a", Action::Claim),
        ("a", done.clone()),
        ("b", Action::Claim),
        ("b", Action::Release),
        ("c", Action::Note(String::from("先记一笔"))),
    ] {
        alice
            .triage(alert, &action, "爱丽丝", "desk")
            .await
            .unwrap()
            .unwrap();
    }
    let before = pg.sql("SELECT string_agg(concat_ws(',', seq, alert, action, outcome, note, by_role, at), ';' ORDER BY seq) FROM triage_events");
    assert_eq!(owner.migrate().await.unwrap(), 3);
    let after = pg.sql("SELECT string_agg(concat_ws(',', seq, alert, action, outcome, note, by_role, at), ';' ORDER BY seq) FROM triage_events");
    assert_eq!(before, after);
    // The old rules hold on the new schema: a done alert cannot be claimed, a done needs an
    // outcome; and a posting needs one of its own.
    let claim = alice.triage("a", &Action::Claim, "", "desk").await.unwrap();
    assert!(claim.is_err(), "{claim:?}");
    let no_outcome = psql_fails(
        &pg.url_as("alice", "alice-pw-1x"),
        "INSERT INTO triage_events (alert, action) VALUES ('d', 'done')",
    );
    assert!(no_outcome.contains("triage_events_outcome"), "{no_outcome}");
    let wrong = psql_fails(
        &pg.url,
        "INSERT INTO triage_events (alert, action, outcome, note) VALUES ('a', 'timeline', 'won-back', '#2 x')",
    );
    assert!(wrong.contains("triage_events_outcome"), "{wrong}");
    pg.sql("INSERT INTO triage_events (alert, action, outcome, note) VALUES ('a', 'timeline', 'posted', '#2 posted')");
    // A posting changes no alert's state: `a` is still done by alice.
    let mut ledger = scrm_tui::domain::triage::Ledger::default();
    ledger.extend(owner.triage_after(0).await.unwrap());
    assert_eq!(ledger.state("a").by(), Some("alice"));
    assert_eq!(
        ledger.state("a").phase(),
        scrm_tui::domain::triage::Phase::Done
    );
}
