//! The team's triage log on a real PostgreSQL: staff act as their own login roles, members of
//! `scrm_reader` and `scrm_triage`; the database decides who wins a claim, refuses what a
//! read-only role tries, and keeps every row as written — no staff role, and not even the
//! owner, can change or remove one.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use common::pg::{Postgres, psql, psql_fails};
use scrm_tui::domain::triage::{Action, Denied, Ledger, Me, NOTE_MAX, Outcome, Refusal, State};
use scrm_tui::store::{DatabaseUrl, Store};

async fn connect(url: &str) -> Store {
    let url = DatabaseUrl::parse(&format!("{url}?sslmode=disable")).unwrap();
    Store::connect(&url).await.unwrap()
}

/// The README's roles: two group roles, two staff members with both, a viewer with reading
/// only; then the sync's migrations, which grant to the groups.
async fn team(pg: &Postgres) -> Store {
    pg.create_team_roles();
    let mut owner = connect(&pg.url).await;
    owner.migrate().await.unwrap();
    owner
}

fn done(outcome: Outcome, note: &str) -> Action {
    Action::Done {
        outcome,
        note: note.to_owned(),
    }
}

#[tokio::test]
async fn two_staff_claiming_at_once_have_exactly_one_winner_every_time() {
    let pg = Postgres::start();
    let _owner = team(&pg).await;
    let alice = connect(&pg.url_as("alice", "alice-pw-1x")).await;
    let bob = connect(&pg.url_as("bob", "bob-pw-1x")).await;
    for n in 0..100 {
        let alert = format!("wm{n}|mia|1764000000");
        let (a, b) = tokio::join!(
            alice.triage(&alert, &Action::Claim, "", "desk-a"),
            bob.triage(&alert, &Action::Claim, "", "desk-b"),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let (winner, loser) = match (&a, &b) {
            (Ok(won), Err(lost)) | (Err(lost), Ok(won)) => (won, lost),
            _ => panic!("round {n}: {a:?} {b:?}"),
        };
        // The loser is told who has it.
        assert_eq!(
            loser,
            &Denied::Refused(Refusal::ClaimedBy {
                by: winner.by.clone()
            }),
            "round {n}"
        );
        assert!(["alice", "bob"].contains(&winner.by.as_str()));
    }
    let events = alice.triage_after(0).await.unwrap();
    assert_eq!(
        events.len(),
        100,
        "one claim kept per alert, no loser's row"
    );
    let ledger = Ledger::of(events);
    for n in 0..100 {
        assert_eq!(
            ledger.state(&format!("wm{n}|mia|1764000000")).name(),
            "claimed"
        );
    }
}

#[tokio::test]
async fn who_and_when_are_the_databases_and_the_note_is_kept_word_for_word() {
    let pg = Postgres::start();
    let owner = team(&pg).await;
    let alice = connect(&pg.url_as("alice", "alice-pw-1x")).await;
    let note: String = "客户说\"下周再联系\"，已加回微信；\n备注：VIP。"
        .chars()
        .cycle()
        .take(NOTE_MAX)
        .collect();
    let claim = alice
        .triage("a1", &Action::Claim, "张三", "desk-a")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((claim.by.as_str(), claim.name.as_str()), ("alice", "张三"));
    // Acting as someone else in SQL is rewritten to the login role, and "vendor" too.
    let url = pg.url_as("alice", "alice-pw-1x");
    psql(
        &url,
        "INSERT INTO triage_events (alert, action, by_role) VALUES ('a2', 'claim', 'bob');
         INSERT INTO triage_events (alert, action, outcome, by_role)
             VALUES ('a3', 'done', 'won-back', 'vendor');
         SET ROLE scrm_triage;
         INSERT INTO triage_events (alert, action) VALUES ('a4', 'claim');",
    );
    let done_event = alice
        .triage("a1", &done(Outcome::WonBack, &note), "张三", "desk-a")
        .await
        .unwrap()
        .unwrap();
    assert!(done_event.at >= claim.at);
    // The sync (the owner) may write as the vendor; the credit goes to the claimer.
    owner
        .triage("a5", &Action::Claim, "", "desk-o")
        .await
        .unwrap()
        .unwrap();
    let vendor = owner
        .triage_by_vendor("a5", &done(Outcome::WonBack, ""))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(vendor.by, "vendor");
    let ledger = Ledger::of(owner.triage_after(0).await.unwrap());
    let by = |alert: &str| ledger.history(alert).next().map(|e| e.by.clone());
    assert_eq!(by("a2").as_deref(), Some("alice"));
    assert_eq!(by("a3").as_deref(), Some("alice"));
    assert_eq!(by("a4").as_deref(), Some("alice"));
    match ledger.state("a1") {
        State::Done { note: kept, by, .. } => assert_eq!((kept, by), (note.as_str(), "alice")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        ledger.state("a5").by(),
        Some(owner.role().await.unwrap().as_str())
    );
    // A note longer than the limit is the database's refusal too.
    let long = "流".repeat(NOTE_MAX + 1);
    let refused = psql_fails(
        &url,
        &format!("INSERT INTO triage_events (alert, action, note) VALUES ('a6', 'note', '{long}')"),
    );
    assert!(refused.contains("check constraint"), "{refused}");
}

#[tokio::test]
async fn the_states_are_enforced_and_a_read_only_role_is_told_what_it_needs() {
    let pg = Postgres::start();
    let _owner = team(&pg).await;
    let alice = connect(&pg.url_as("alice", "alice-pw-1x")).await;
    let viewer = connect(&pg.url_as("viewer", "viewer-pw-1x")).await;
    let refused = |r: Result<_, Denied>| match r {
        Err(Denied::Refused(refusal)) => refusal,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(alice.triage("a", &Action::Release, "", "").await.unwrap()),
        Refusal::NotClaimed
    );
    assert_eq!(
        refused(alice.triage("a", &Action::Reopen, "", "").await.unwrap()),
        Refusal::NotDone
    );
    alice
        .triage("a", &done(Outcome::NotOurs, "不是我们的客户"), "", "")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        refused(alice.triage("a", &Action::Claim, "", "").await.unwrap()),
        Refusal::AlreadyDone {
            by: String::from("alice"),
            outcome: Outcome::NotOurs
        }
    );
    alice
        .triage("a", &Action::Reopen, "", "")
        .await
        .unwrap()
        .unwrap();
    alice
        .triage("a", &Action::Claim, "", "")
        .await
        .unwrap()
        .unwrap();
    alice
        .triage("a", &Action::Release, "", "")
        .await
        .unwrap()
        .unwrap();
    // The viewer reads the log but may not add to it, and is told which role it needs; the
    // dashboard knows it before anything is pressed.
    assert_eq!(viewer.triage_after(0).await.unwrap().len(), 4);
    let me = |name: &str, may_triage| Me {
        name: name.to_owned(),
        may_triage,
    };
    assert_eq!(viewer.me().await.unwrap(), me("viewer", false));
    assert_eq!(alice.me().await.unwrap(), me("alice", true));
    let denied = viewer.triage("a", &Action::Claim, "", "").await.unwrap();
    assert_eq!(
        denied,
        Err(Denied::ReadOnly {
            role: String::from("viewer")
        })
    );
    let said = denied.unwrap_err().to_string();
    assert!(
        said.contains("scrm_triage") && said.contains("viewer"),
        "{said}"
    );
}

#[tokio::test]
async fn no_staff_role_can_change_or_remove_a_row_and_the_owner_cannot_either() {
    let pg = Postgres::start();
    let owner = team(&pg).await;
    owner
        .triage("a", &Action::Claim, "", "")
        .await
        .unwrap()
        .unwrap();
    for (role, password) in [("alice", "alice-pw-1x"), ("viewer", "viewer-pw-1x")] {
        let url = pg.url_as(role, password);
        for table in [
            "triage_events",
            "outflow_alerts",
            "customers",
            "stores",
            "operators",
            "sync_runs",
            "reference_lists",
            "scrm_schema",
        ] {
            for sql in [
                format!("UPDATE {table} SET {} = {0}", first_column(table)),
                format!("DELETE FROM {table}"),
                format!("TRUNCATE {table}"),
            ] {
                let error = psql_fails(&url, &sql);
                assert!(
                    error.contains("permission denied"),
                    "{role}: {sql}: {error}"
                );
            }
        }
        // And nothing but the triage log takes an insert.
        let error = psql_fails(&url, "INSERT INTO sync_runs DEFAULT VALUES");
        assert!(error.contains("permission denied"), "{role}: {error}");
    }
    for sql in [
        "UPDATE triage_events SET note = 'x'",
        "DELETE FROM triage_events",
        "TRUNCATE triage_events",
    ] {
        let error = psql_fails(&pg.url, sql);
        assert!(error.contains("only added"), "owner: {sql}: {error}");
    }
    assert_eq!(pg.sql("SELECT count(*) FROM triage_events"), "1");
}

/// A column of `table` to name in an UPDATE.
fn first_column(table: &str) -> &'static str {
    match table {
        "triage_events" => "note",
        "scrm_schema" => "version",
        _ => "vendor",
    }
}

#[tokio::test]
async fn with_the_database_down_an_action_is_an_error_never_a_success() {
    let mut pg = Postgres::start();
    let _owner = team(&pg).await;
    let alice = connect(&pg.url_as("alice", "alice-pw-1x")).await;
    // The test server runs without fsync: what is committed reaches the disk here.
    pg.sql("CHECKPOINT");
    pg.kill();
    let error = alice
        .triage("a", &Action::Claim, "", "")
        .await
        .expect_err("the database is down");
    assert!(error.is_disconnect(), "{error}");
    assert!(!error.to_string().contains("alice-pw-1x"));
    pg.resume();
    let alice = connect(&pg.url_as("alice", "alice-pw-1x")).await;
    // Nothing was written while it was down.
    assert!(alice.triage_after(0).await.unwrap().is_empty());
    alice
        .triage("a", &Action::Claim, "", "")
        .await
        .unwrap()
        .unwrap();
}

/// A dashboard's source on the team database, as `alice` or `bob`.
fn source(pg: &Postgres, role: &str, password: &str) -> scrm_tui::fetch::Database {
    let url =
        DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url_as(role, password))).unwrap();
    scrm_tui::fetch::Database::new(url, std::time::Duration::from_secs(86_400), true).with_me(
        scrm_tui::fetch::Me {
            name: format!("{role} 的名字"),
            host: String::from("desk"),
        },
    )
}

#[tokio::test]
async fn a_claim_reaches_another_dashboard_by_notify_and_again_after_its_connection_dies() {
    use scrm_tui::fetch::Source;
    let pg = Postgres::start();
    let _owner = team(&pg).await;
    let alice = source(&pg, "alice", "alice-pw-1x");
    let bob = source(&pg, "bob", "bob-pw-1x");
    let mut heard = bob.triage_announcements().unwrap();
    // Bob's dashboard has read the (empty) log: it is connected and listening.
    assert!(bob.triage_log(0).await.unwrap().unwrap().is_empty());
    let claim = alice
        .triage(String::from("a1"), Action::Claim)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(
        (claim.by.as_str(), claim.name.as_str()),
        ("alice", "alice 的名字")
    );
    tokio::time::timeout(std::time::Duration::from_secs(2), heard.changed())
        .await
        .expect("NOTIFY within 2 s")
        .unwrap();
    let events = bob.triage_log(0).await.unwrap().unwrap();
    assert_eq!(events, vec![claim.clone()]);
    // Bob's connection is killed; the announcement says so, and the read after it reconnects.
    pg.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'bob'");
    tokio::time::timeout(std::time::Duration::from_secs(5), heard.changed())
        .await
        .expect("the lost connection is announced")
        .unwrap();
    let _ = bob.triage_log(claim.seq).await;
    let second = alice
        .triage(String::from("a2"), Action::Claim)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    // Read by sequence: what came after the last one seen, even if a NOTIFY was missed.
    let mut caught_up = Vec::new();
    for _ in 0..50 {
        caught_up = bob.triage_log(claim.seq).await.unwrap().unwrap_or_default();
        if !caught_up.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(caught_up, vec![second]);
    // Bob is refused alice's alert and told who has it.
    let denied = bob
        .triage(String::from("a1"), Action::Claim)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        denied,
        Err(Denied::Refused(Refusal::ClaimedBy {
            by: String::from("alice")
        }))
    );
}
