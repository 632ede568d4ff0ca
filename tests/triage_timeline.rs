//! `[triage] weiban_timeline`: a done's note on the customer's Weiban timeline — the real
//! Weiban client against the real demo server (the event shows in the customer's event list
//! afterwards, a refusal names its code), solo mode's source writing what became of each
//! attempt to the log, and the dashboard's `update` posting what is due, a failure shown and
//! tried at most three times.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use scrm_tui::app::{App, Cmd, Level, Msg};
use scrm_tui::demo::faults::{Fault, Rule};
use scrm_tui::demo::{CORP_ID, DemoOptions, DemoServer, WEIBAN_SECRET};
use scrm_tui::domain::triage::timeline::{ATTEMPTS, CONTENT_MAX, Post, due};
use scrm_tui::domain::triage::{Action, Outcome, Posting, TriageEvent};
use scrm_tui::domain::{LoadEvent, OutflowAlert, Record, Records, Resource, Vendor};
use scrm_tui::fetch::{Clients, SoloTriage, Source};
use scrm_tui::redact::Secret;
use scrm_tui::store::triage_file::{Actor, TriageFile};
use scrm_tui::vendors::ErrorKind;
use scrm_tui::vendors::http::{self, Timeouts};
use scrm_tui::vendors::limit::Limits;
use scrm_tui::vendors::weiban::{EVENT_ADD_PATH, NewEvent, WeibanClient, WeibanSettings};

async fn server() -> DemoServer {
    DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .expect("demo server")
}

fn client(server: &DemoServer) -> WeibanClient {
    WeibanClient::new(
        WeibanSettings {
            account: Default::default(),
            base_url: server.base_url(),
            corp_id: CORP_ID.into(),
            secret: Secret::new(WEIBAN_SECRET),
            page_size: 100,
            limits: Limits::lifted(4),
        },
        http::client(Timeouts::default()).unwrap(),
    )
}

/// The demo's outflow alerts of the last week, as the client reads them.
async fn alerts(weiban: &WeibanClient) -> Vec<OutflowAlert> {
    let now = Utc::now().timestamp();
    let listing = weiban.outflow(now - 7 * 86_400, now).await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    assert!(listing.records.len() > 2);
    listing.records
}

fn actor() -> Actor {
    Actor {
        by: String::from("solo"),
        name: String::from("张三"),
        host: String::from("desk"),
    }
}

/// A Chinese note of `chars` characters.
fn note(chars: usize) -> String {
    "客户已重新添加，约好下周回访。"
        .chars()
        .cycle()
        .take(chars)
        .collect()
}

#[tokio::test]
async fn an_added_event_heads_the_customers_event_list_and_a_refusal_names_its_code() {
    let server = server().await;
    let weiban = client(&server);
    let alerts = alerts(&weiban).await;
    let alert = &alerts[0];
    let event = NewEvent {
        staff_id: alert.staff_key(),
        external_user_id: &alert.customer_id,
        title: "流失处理 · 已挽回 · 张三",
        content: "客户已重新添加，约好下周回访。",
    };
    weiban.add_event(&event).await.unwrap();
    let events = weiban.customer_events(&alert.customer_id, 5).await.unwrap();
    let first = events.first().expect("the added event");
    assert_eq!(first.title, "流失处理 · 已挽回 · 张三");
    assert_eq!(first.content, "客户已重新添加，约好下周回访。");
    assert_eq!(first.staff_name, alert.staff_name);

    // The vendor's refusals, each naming vendor, endpoint and code.
    let refused = |error: scrm_tui::vendors::VendorError| match error.kind {
        ErrorKind::Api { code, .. } => (code, error.to_string()),
        other => panic!("not a refusal: {other:?}"),
    };
    let nobody = NewEvent {
        staff_id: "nobody",
        ..event
    };
    let (code, text) = refused(weiban.add_event(&nobody).await.unwrap_err());
    assert_eq!(code, 20601);
    assert!(
        text.contains("weiban") && text.contains(EVENT_ADD_PATH),
        "{text}"
    );
    assert!(text.contains("20601"), "{text}");
    let long_title = "流".repeat(33);
    let titled = NewEvent {
        title: &long_title,
        ..event
    };
    assert_eq!(
        refused(weiban.add_event(&titled).await.unwrap_err()).0,
        20606
    );
    let stranger = NewEvent {
        external_user_id: "wm-nobody",
        ..event
    };
    assert_eq!(
        refused(weiban.add_event(&stranger).await.unwrap_err()).0,
        20602
    );
    // None of the refused ones reached the list.
    let after = weiban.customer_events(&alert.customer_id, 5).await.unwrap();
    assert_eq!(after.len(), events.len());
    assert_eq!(server.stats().weiban_event_add, 4);
}

/// Solo mode's source: the demo's Weiban, the log in a temporary directory, the option on.
fn solo(server: &DemoServer, path: &std::path::Path) -> Clients {
    let (file, _) = TriageFile::open(path).unwrap();
    Clients {
        weiban: vec![std::sync::Arc::new(client(server))],
        yunzhong: Vec::new(),
        tanma: Vec::new(),
        youmi: Vec::new(),
        outflow_lookback: Duration::from_secs(86_400),
        triage: Some(SoloTriage::new(file, actor())),
        weiban_timeline: true,
    }
}

async fn done(clients: &Clients, alert: &OutflowAlert, note: &str) -> TriageEvent {
    let action = Action::Done {
        outcome: Outcome::WonBack,
        note: note.to_owned(),
    };
    clients
        .triage(alert.key(), action)
        .await
        .unwrap()
        .unwrap()
        .unwrap()
}

/// One attempt through the source: the `timeline` event it wrote to the log.
async fn post(clients: &Clients, post: Post) -> (Posting, String) {
    let event = clients.post_timeline(post).await.unwrap().unwrap().unwrap();
    match event.action {
        Action::Timeline(timeline) => (timeline.posting, timeline.note),
        other => panic!("not a timeline event: {other:?}"),
    }
}

#[tokio::test]
async fn solo_mode_posts_a_long_note_cut_at_512_and_the_log_keeps_all_of_it() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.jsonl");
    let clients = solo(&server, &path);
    let alert = alerts(clients.weiban.first().unwrap()).await.remove(0);
    let long = note(600);
    let done = done(&clients, &alert, &long).await;

    let posting = Post::of(&done, 1, &alert).expect("a note to post");
    assert_eq!(posting.title, "流失处理 · 已挽回 · 张三");
    let (outcome, kept) = post(&clients, posting).await;
    assert_eq!(outcome, Posting::Posted);
    assert!(kept.starts_with(&format!("#{} posted", done.seq)), "{kept}");
    assert!(kept.contains("the log keeps all"), "{kept}");

    // The vendor shows the first 511 characters and `…`.
    let weiban = clients.weiban.first().unwrap();
    let events = weiban.customer_events(&alert.customer_id, 5).await.unwrap();
    let content = &events.first().expect("the posted note").content;
    assert_eq!(content.chars().count(), CONTENT_MAX);
    assert!(content.ends_with('…'));
    assert!(long.starts_with(content.trim_end_matches('…')));

    // The log, read back from the file, keeps the whole note, and nothing is due any more.
    let (log, warnings) = TriageFile::open(&path).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let history: Vec<&TriageEvent> = log.ledger().history(&alert.key()).collect();
    assert_eq!(history.len(), 2);
    assert!(matches!(&history[1].action, Action::Done { note, .. } if *note == long));
    assert!(matches!(&history[0].action, Action::Timeline(t) if t.posting == Posting::Posted));
    assert!(due(log.ledger(), Utc::now()).is_empty());
}

#[tokio::test]
async fn a_failure_is_kept_and_tried_at_most_three_times_and_a_refusal_once() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.jsonl");
    let clients = solo(&server, &path);
    let alerts = alerts(clients.weiban.first().unwrap()).await;
    let first = done(&clients, &alerts[0], "已加回").await;

    // Weiban answers 500: retried, the third time given up on.
    server.inject(Rule::always(Vendor::Weiban, Fault::Http500));
    for attempt in 1..=ATTEMPTS {
        let (posting, kept) = post(&clients, Post::of(&first, attempt, &alerts[0]).unwrap()).await;
        let want = if attempt < ATTEMPTS {
            Posting::Retry
        } else {
            Posting::Failed
        };
        assert_eq!(posting, want, "{kept}");
        assert!(
            kept.contains("weiban") && kept.contains(EVENT_ADD_PATH) && kept.contains("500"),
            "{kept}"
        );
        assert!(
            kept.contains(&format!("attempt {attempt} of {ATTEMPTS}")),
            "{kept}"
        );
    }
    server.clear_faults();

    // The vendor refuses the staff member: not tried again.
    let second = done(&clients, &alerts[1], "不是我们的客户").await;
    let mut refused = Post::of(&second, 1, &alerts[1]).unwrap();
    refused.staff_id = String::from("nobody");
    let (posting, kept) = post(&clients, refused).await;
    assert_eq!(posting, Posting::Failed, "{kept}");
    assert!(kept.contains("20601"), "{kept}");

    // Neither is due again, now or later.
    let (log, _) = TriageFile::open(&path).unwrap();
    let later = Utc::now() + chrono::TimeDelta::minutes(10);
    assert!(due(log.ledger(), later).is_empty());
    // And the vendor shows none of them.
    let weiban = clients.weiban.first().unwrap();
    for alert in &alerts[..2] {
        let events = weiban.customer_events(&alert.customer_id, 5).await.unwrap();
        assert!(events.iter().all(|e| !e.title.starts_with("流失处理")));
    }
}

/// The dashboard in solo mode with the option on, an alert in the Outflow pane and the log
/// holding `events`.
fn dashboard(alert: &OutflowAlert, events: Vec<TriageEvent>) -> (App, Instant) {
    let t0 = Instant::now();
    let mut app = App::new(scrm_tui::app::Options {
        settings: scrm_tui::app::Settings {
            weiban_timeline: true,
            ..scrm_tui::app::Settings::new(vec![Vendor::Weiban])
        },
        ..scrm_tui::app::Options::new(vec![Vendor::Weiban], 120, 40, t0)
    });
    app.start();
    app.update(Msg::from(LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation: 1,
        loaded: common::complete(Records::Outflow(vec![alert.clone()]), t0, None),
    }));
    app.update(Msg::from(LoadEvent::TriageLog(Ok(events))));
    (app, t0)
}

fn event(seq: i64, alert: &OutflowAlert, by: &str, action: Action) -> TriageEvent {
    TriageEvent {
        seq,
        alert: alert.key(),
        at: Utc::now() - chrono::TimeDelta::seconds(30),
        by: by.to_owned(),
        name: String::new(),
        host: String::from("desk"),
        action,
    }
}

fn posts(commands: &[Cmd]) -> Vec<&Post> {
    commands
        .iter()
        .filter_map(|c| match c {
            Cmd::PostTimeline(post) => Some(post),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn the_dashboard_posts_what_is_due_shows_a_failure_and_waits_a_minute() {
    let server = server().await;
    let alert = alerts(&client(&server)).await.remove(0);
    let done = Action::Done {
        outcome: Outcome::Unreachable,
        note: String::from("电话未接通"),
    };
    let closed_by_vendor = Action::Done {
        outcome: Outcome::WonBack,
        note: String::from("客户已重新添加"),
    };
    let (mut app, t0) = dashboard(
        &alert,
        vec![
            event(1, &alert, "solo", done),
            event(2, &alert, "vendor", closed_by_vendor),
        ],
    );
    let tick = |app: &mut App, at: Duration| app.update(Msg::Tick(t0 + at));
    let commands = tick(&mut app, Duration::from_secs(1));
    let sent = posts(&commands);
    assert_eq!(sent.len(), 1, "{commands:?}");
    let post = sent[0].clone();
    assert_eq!(
        (post.done, post.attempt, post.content.as_str()),
        (1, 1, "电话未接通")
    );
    assert_eq!(post.staff_id, alert.staff_key());
    assert_eq!(post.title, "流失处理 · 联系不上 · solo");
    // On its way: not sent twice.
    assert!(posts(&tick(&mut app, Duration::from_secs(7))).is_empty());

    // It failed for now: said, kept, and not tried before the minute is up.
    let retry = post.result(Err(&scrm_tui::domain::LoadFailure::from(
        scrm_tui::vendors::VendorError {
            vendor: Vendor::Weiban,
            endpoint: EVENT_ADD_PATH,
            page: None,
            kind: ErrorKind::Http {
                status: 502,
                detail: String::new(),
            },
        },
    )));
    assert_eq!(retry.posting, Posting::Retry);
    let mut kept = event(3, &alert, "solo", Action::Timeline(retry));
    kept.at = Utc::now();
    app.update(Msg::from(LoadEvent::TimelinePosted {
        done: 1,
        result: Ok(Ok(kept)),
    }));
    let flash = app.flash.as_ref().expect("a toast");
    assert_eq!(flash.level, Level::Error);
    assert!(flash.text.contains("HTTP 502"), "{}", flash.text);
    assert!(flash.text.contains("attempt 1 of 3"), "{}", flash.text);
    assert!(posts(&tick(&mut app, Duration::from_secs(20))).is_empty());
    let later = tick(&mut app, Duration::from_secs(75));
    let again = posts(&later);
    assert_eq!(again.len(), 1, "{later:?}");
    assert_eq!((again[0].done, again[0].attempt), (1, 2));
}

#[test]
fn with_the_option_off_or_without_a_note_nothing_is_posted() {
    let alert = OutflowAlert {
        account: Default::default(),
        vendor: Vendor::Weiban,
        customer_id: String::from("wm1"),
        customer_name: String::from("客户"),
        staff_id: String::from("mia"),
        staff_ext_id: String::from("ext-mia"),
        staff_name: String::from("米娅"),
        outflow_at: Some(Utc::now()),
        delete_by: scrm_tui::domain::DeleteBy::Customer,
        tags: Vec::new(),
        customer_type: Some(1),
        relation: Default::default(),
        keys: Default::default(),
        origins: scrm_tui::domain::Origins::WEIBAN,
        raw: scrm_tui::domain::RawJson::new("{}"),
    };
    let silent = Action::Done {
        outcome: Outcome::NotOurs,
        note: String::new(),
    };
    let (mut app, t0) = dashboard(&alert, vec![event(1, &alert, "solo", silent)]);
    assert!(posts(&app.update(Msg::Tick(t0 + Duration::from_secs(1)))).is_empty());

    let noted = Action::Done {
        outcome: Outcome::Other,
        note: String::from("已转交门店"),
    };
    let (mut app, t0) = dashboard(&alert, vec![event(1, &alert, "solo", noted)]);
    app.settings.weiban_timeline = false;
    assert!(posts(&app.update(Msg::Tick(t0 + Duration::from_secs(1)))).is_empty());
    app.settings.weiban_timeline = true;
    let sent = app.update(Msg::Tick(t0 + Duration::from_secs(2)));
    assert_eq!(posts(&sent)[0].staff_id, "ext-mia");
}
