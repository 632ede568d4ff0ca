//! Triage in `update`: the commands and keys on the alert in front, what the source answers
//! (written, refused, read-only, unreachable), the log read after an announcement, and the
//! alert's story telling its triage.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::Instant;

use chrono::DateTime;
use common::*;
use crossterm::event::KeyCode;
use scrm_tui::app::{App, Cmd, Level, Msg};
use scrm_tui::domain::triage::{Action, Denied, Outcome, Refusal, TriageEvent};
use scrm_tui::domain::{
    DeleteBy, LoadEvent, LoadFailure, Origin, OutflowAlert, RawJson, Record, Records, Resource,
    Retry, Vendor,
};

const W: i64 = 1_763_700_000;

fn alert(customer: &str) -> OutflowAlert {
    OutflowAlert {
        account: Default::default(),
        vendor: Vendor::Weiban,
        customer_id: customer.into(),
        customer_name: format!("客户{customer}"),
        staff_id: String::from("mia"),
        staff_ext_id: String::from("mia"),
        staff_name: String::from("米娅"),
        outflow_at: DateTime::from_timestamp(W - 60, 0),
        delete_by: DeleteBy::Customer,
        tags: Vec::new(),
        customer_type: Some(1),
        relation: Default::default(),
        keys: Default::default(),
        origins: scrm_tui::domain::Origins::WEIBAN,
        raw: RawJson::new(r#"{"id":"x"}"#),
    }
}

/// The Outflow pane in front with one alert, the triage log read (empty).
fn outflow_app() -> (App, String) {
    let t0 = Instant::now();
    let mut app = app(120, 40, t0);
    app.start();
    let one = alert("wm1");
    let key = one.key();
    app.update(Msg::from(LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation: 1,
        loaded: complete(Records::Outflow(vec![one]), t0, Some(W)),
    }));
    app.update(Msg::from(LoadEvent::TriageLog(Ok(Vec::new()))));
    app.update(key_msg('3'));
    (app, key)
}

fn key_msg(c: char) -> Msg {
    common::key(c)
}

fn event(seq: i64, alert: &str, by: &str, action: Action) -> TriageEvent {
    TriageEvent {
        seq,
        alert: alert.to_owned(),
        at: DateTime::from_timestamp(W - 600 + seq * 60, 0).unwrap(),
        by: by.to_owned(),
        name: String::new(),
        host: String::from("desk"),
        action,
    }
}

fn flash(app: &App) -> (Level, String) {
    let flash = app.flash.as_ref().expect("a toast");
    (flash.level, flash.text.clone())
}

#[test]
fn the_claim_key_asks_the_source_and_its_answer_is_shown() {
    let (mut app, key) = outflow_app();
    let commands = app.update(key_msg('a'));
    assert_eq!(
        commands,
        vec![Cmd::Triage {
            alert: key.clone(),
            action: Action::Claim
        }]
    );
    // A second press before the answer waits for it.
    assert!(app.update(key_msg('a')).is_empty());
    assert_eq!(flash(&app).0, Level::Warn);
    app.update(Msg::from(LoadEvent::Triaged {
        alert: key.clone(),
        result: Ok(Ok(event(1, &key, "alice", Action::Claim))),
    }));
    assert_eq!(flash(&app), (Level::Info, String::from("claimed: 客户wm1")));
    assert_eq!(app.triage.ledger.state(&key).by(), Some("alice"));
    // Claimed already (by this dashboard's user): refused in the model, nothing sent.
    assert!(app.update(key_msg('a')).is_empty());
    assert_eq!(flash(&app).1, "you have claimed it already");
}

#[test]
fn done_takes_an_outcome_and_a_note_from_the_command_line() {
    let (mut app, key) = outflow_app();
    app.update(key_msg(':'));
    type_text(&mut app, "done won-back 已加回，约下周回访");
    let commands = app.update(code(KeyCode::Enter));
    assert_eq!(
        commands
            .iter()
            .filter(|c| matches!(c, Cmd::Triage { .. }))
            .collect::<Vec<_>>(),
        vec![&Cmd::Triage {
            alert: key,
            action: Action::Done {
                outcome: Outcome::WonBack,
                note: String::from("已加回，约下周回访")
            }
        }]
    );
    app.update(key_msg(':'));
    type_text(&mut app, "done maybe");
    app.update(code(KeyCode::Enter));
    assert_eq!(flash(&app).0, Level::Error);
    assert!(flash(&app).1.contains("won-back"));
}

#[test]
fn refusals_read_only_roles_and_an_unreachable_database_are_said_plainly() {
    let (mut app, key) = outflow_app();
    let answer = |app: &mut App, result| {
        app.update(key_msg('a'));
        app.update(Msg::from(LoadEvent::Triaged {
            alert: key.clone(),
            result,
        }));
        flash(app)
    };
    let (level, text) = answer(
        &mut app,
        Ok(Err(Denied::Refused(Refusal::ClaimedBy {
            by: String::from("bob"),
        }))),
    );
    assert_eq!(level, Level::Warn);
    assert!(text.contains("bob has it already"), "{text}");
    let (level, text) = answer(
        &mut app,
        Ok(Err(Denied::ReadOnly {
            role: String::from("viewer"),
        })),
    );
    assert_eq!(level, Level::Error);
    assert!(
        text.contains("scrm_triage") && text.contains("viewer"),
        "{text}"
    );
    let down = LoadFailure {
        origin: Origin::Database,
        endpoint: String::from("alice@db:5432/scrm"),
        page: None,
        code: String::from("unreachable"),
        detail: String::from("cannot connect: connection refused"),
        retry: Retry::Later,
    };
    let (level, text) = answer(&mut app, Err(down));
    assert_eq!(level, Level::Error);
    assert!(
        text.contains("not saved") && text.contains("connection refused"),
        "{text}"
    );
    // Nothing was taken as written.
    assert!(app.triage.ledger.state(&key).is_open());
}

#[test]
fn an_announcement_reads_the_log_after_the_last_event_and_the_story_tells_it() {
    let (mut app, key) = outflow_app();
    app.update(Msg::from(LoadEvent::TriageLog(Ok(vec![
        event(1, &key, "bob", Action::Claim),
        event(2, &key, "bob", Action::Note(String::from("打了两次没接"))),
    ]))));
    assert_eq!(
        app.update(Msg::from(LoadEvent::TriageAnnounced)),
        vec![Cmd::FetchTriage { after: 2 }]
    );
    app.update(code(KeyCode::Enter));
    let story = app.story_lines();
    let text: Vec<String> = story
        .iter()
        .map(|l| format!("{} {}", l.label, l.value))
        .collect();
    let at = text
        .iter()
        .position(|l| l.starts_with("Triage"))
        .expect("a triage line");
    assert!(text[at].contains("claimed by bob"), "{text:?}");
    assert!(text[at + 1].ends_with("bob note: 打了两次没接"), "{text:?}");
    assert!(text[at + 2].ends_with("bob claim"), "{text:?}");
}

#[test]
fn outside_outflow_triage_says_where_it_works() {
    let (mut app, _) = outflow_app();
    app.update(key_msg('1'));
    assert!(app.update(key_msg('a')).is_empty());
    assert!(flash(&app).1.contains("Outflow"));
}

fn context_with(follows: &str) -> scrm_tui::domain::CustomerContext {
    let body = format!(
        r#"{{"errcode":0,"errmsg":"ok","external_user":{{"id":"wm1","follow_staffs":[{follows}]}}}}"#
    );
    scrm_tui::domain::CustomerContext {
        detail: scrm_tui::vendors::weiban::decode_customer_detail(body.as_bytes()).unwrap(),
        events: Ok(Vec::new()),
    }
}

fn context_arrives(app: &mut App, follows: &str) -> Vec<Cmd> {
    app.update(Msg::from(LoadEvent::Context {
        vendor: Vendor::Weiban,
        account: Default::default(),
        customer_id: String::from("wm1"),
        context: Some(Ok(context_with(follows))),
    }))
}

#[test]
fn a_story_showing_the_customer_back_closes_the_alert_as_vendor_once() {
    let (mut app, key) = outflow_app();
    app.update(key_msg('a'));
    app.update(Msg::from(LoadEvent::Triaged {
        alert: key.clone(),
        result: Ok(Ok(event(1, &key, "alice", Action::Claim))),
    }));
    // Still gone: nothing.
    let gone = r#"{"staff_id":"mia","staff_name":"米娅","deleted_at":1763690000}"#;
    assert!(context_arrives(&mut app, gone).is_empty());
    // Back with mia: one close, as vendor, won back.
    let back = r#"{"staff_id":"mia","staff_name":"米娅","deleted_at":null}"#;
    let commands = context_arrives(&mut app, back);
    let [Cmd::TriageByVendor { alert, action }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(alert, &key);
    assert_eq!(action.outcome(), Some(Outcome::WonBack));
    assert!(action.text().contains("米娅"));
    // Asked once per session, whatever arrives again.
    assert!(context_arrives(&mut app, back).is_empty());
    // Written: credited to the claimer; the toast says why; "me" is still alice.
    let mut closed = event(2, &key, scrm_tui::domain::triage::VENDOR, action.clone());
    closed.host = String::from("desk");
    app.update(Msg::from(LoadEvent::Triaged {
        alert: key.clone(),
        result: Ok(Ok(closed)),
    }));
    assert!(
        flash(&app).1.contains("vendor's evidence"),
        "{:?}",
        flash(&app)
    );
    assert_eq!(app.triage.me.as_deref(), Some("alice"));
    assert_eq!(app.triage.ledger.state(&key).by(), Some("alice"));
    // A person reopens it: the vendor never closes it again, even in a new session.
    app.update(Msg::from(LoadEvent::Triaged {
        alert: key.clone(),
        result: Ok(Ok(event(3, &key, "alice", Action::Reopen))),
    }));
    app.triage.evidence_sent.clear();
    assert!(context_arrives(&mut app, back).is_empty());
}
