//! An outflow alert's story: what the alert and the customer detail say (retention, channel,
//! who still follows, recovered), and how `update` asks for contexts — when an alert opens,
//! for a few live alerts, again on `r` — and shows them, failures included.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use chrono::DateTime;
use common::{app, code, key, render_text};
use crossterm::event::KeyCode;
use scrm_tui::app::{App, Cmd, Msg};
use scrm_tui::domain::{
    AddWay, AlertStory, CustomerContext, CustomerDetail, CustomerEvent, CustomerKind, DeleteBy,
    Follow, LoadFailure, Loaded, OutflowAlert, RawJson, Records, Resource, Vendor,
};
use scrm_tui::vendors::weiban::{CUSTOMER_DETAIL_PATH, decode_outflow_page};
use scrm_tui::vendors::{ErrorKind, VendorError};

fn seed_alert() -> OutflowAlert {
    let body = std::fs::read("tests/fixtures/weiban_outflow.seed004.json").unwrap();
    let page = decode_outflow_page(&body, 1).unwrap();
    page.records.into_iter().next().unwrap()
}

fn follow(staff: &str, created: i64, deleted: Option<i64>) -> Follow {
    Follow {
        staff_id: staff.into(),
        staff_name: format!("员工{staff}"),
        created_at: DateTime::from_timestamp(created, 0),
        deleted_at: deleted.and_then(|t| DateTime::from_timestamp(t, 0)),
        deleted_by: deleted.map(|_| DeleteBy::Customer),
        add_way: Some(1),
        state: String::from("wb:c:2:101050082"),
        state_text: String::from("通过渠道码 门店海报 添加"),
    }
}

fn detail(id: &str, follows: Vec<Follow>) -> CustomerDetail {
    CustomerDetail {
        id: id.into(),
        name: String::from("子川"),
        kind: CustomerKind::WeChat,
        unionid: String::new(),
        follows,
        raw: RawJson::new("{}"),
    }
}

#[test]
fn the_seed_alert_tells_retention_add_way_and_channel_without_a_detail() {
    let alert = seed_alert();
    // createtime 1734951798, outflow_at 1736314633: 15.77 days, rounded down.
    assert_eq!(
        alert.relation.created_at,
        DateTime::from_timestamp(1_734_951_798, 0)
    );
    let story = AlertStory::of(&alert, None);
    assert_eq!(story.retention_days, Some(15));
    assert_eq!(story.add_way, Some(AddWay::QrCode));
    assert_eq!(story.channel, "wb:c:2:101050082");
    assert_eq!(story.followed_by, None);
    assert_eq!(story.recovered, None);
    assert_eq!(alert.keys.external_userid, alert.customer_id);
    assert!(alert.keys.unionid.starts_with("omefmt36"));
}

#[test]
fn the_detail_says_who_still_follows_and_whether_the_staff_member_came_back() {
    let alert = seed_alert();
    let created = 1_734_951_798;
    // The ended relation, another staff member still following, one who left too.
    let gone = detail(
        &alert.customer_id,
        vec![
            follow("mia", created, Some(1_736_314_633)),
            follow("zoe", created - 10, None),
            follow("bob", created - 20, Some(created)),
        ],
    );
    let story = AlertStory::of(&alert, Some(&gone));
    assert_eq!(story.followed_by, Some(vec![String::from("员工zoe")]));
    assert_eq!(story.recovered, Some(false));
    assert_eq!(story.channel, "通过渠道码 门店海报 添加");
    // mia added the customer again after the alert.
    let mut back = gone.clone();
    back.follows.push(follow("mia", 1_736_400_000, None));
    let story = AlertStory::of(&alert, Some(&back));
    assert_eq!(
        story.followed_by,
        Some(vec![String::from("员工mia"), String::from("员工zoe")])
    );
    assert_eq!(story.recovered, Some(true));
    // A deletion time of 0 is no deletion.
    let zero: CustomerDetail = scrm_tui::vendors::weiban::decode_customer_detail(
        br#"{"errcode":0,"errmsg":"ok","external_user":{"id":"wm1","follow_staffs":[
            {"staff_id":"mia","staff_name":"Mia","deleted_at":0},
            {"staff_id":"bob","staff_name":"Bob","deleted_at":null},
            {"staff_id":"kim","staff_name":"Kim","deleted_at":1736314633}]}}"#,
    )
    .unwrap();
    let story = AlertStory::of(&alert, Some(&zero));
    assert_eq!(
        story.followed_by,
        Some(vec![String::from("Bob"), String::from("Mia")])
    );
    assert_eq!(story.recovered, Some(true));
}

#[test]
fn unknown_add_way_codes_are_named_with_their_number() {
    assert_eq!(AddWay::from_code(202).to_string(), "assigned by an admin");
    assert_eq!(AddWay::from_code(77).to_string(), "other (77)");
}

const W: i64 = 1_763_700_000;

fn alert(customer: &str, staff: &str, at: i64) -> OutflowAlert {
    OutflowAlert {
        account: Default::default(),
        vendor: Vendor::Weiban,
        customer_id: customer.into(),
        customer_name: format!("客户{customer}"),
        staff_id: staff.into(),
        staff_ext_id: String::new(),
        staff_name: format!("员工{staff}"),
        outflow_at: DateTime::from_timestamp(at, 0),
        delete_by: DeleteBy::Customer,
        tags: vec![String::from("VIP")],
        customer_type: Some(1),
        relation: scrm_tui::domain::EndedRelation {
            created_at: DateTime::from_timestamp(at - 40 * 86_400 - 5, 0),
            add_way: Some(1),
            state: String::from("wb:c:2:1"),
            deleted_each_other: false,
        },
        keys: Default::default(),
        origins: scrm_tui::domain::Origins::WEIBAN,
        raw: RawJson::new(r#"{"id":"x"}"#),
    }
}

fn outflow(records: Vec<OutflowAlert>, window_end: i64, at: Instant) -> Loaded {
    common::complete(Records::Outflow(records), at, Some(window_end))
}

fn outflow_app() -> (App, Instant) {
    let t0 = Instant::now();
    let mut app = app(100, 40, t0);
    app.start();
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation: 1,
        loaded: outflow(
            vec![alert("c", "mia", W - 100), alert("b", "mia", W - 200)],
            W,
            t0,
        ),
    }));
    app.update(key('3'));
    (app, t0)
}

fn fetches(commands: &[Cmd]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Cmd::FetchContext { customer_id, .. } => Some(customer_id.clone()),
            _ => None,
        })
        .collect()
}

fn context(id: &str) -> CustomerContext {
    CustomerContext {
        detail: detail(id, vec![follow("zoe", W - 90 * 86_400, None)]),
        events: Ok(vec![CustomerEvent {
            at: DateTime::from_timestamp(W - 100, 0),
            title: String::from("删除员工"),
            content: String::new(),
            staff_name: String::from("员工mia"),
        }]),
    }
}

#[test]
fn opening_an_alert_asks_for_its_context_once_and_r_asks_again() {
    let (mut app, _) = outflow_app();
    let commands = app.update(code(KeyCode::Enter));
    assert_eq!(fetches(&commands), ["c"]);
    assert!(render_text(&app).contains("loading…"));
    // Opened again before it arrived: no second request.
    app.update(code(KeyCode::Esc));
    assert!(fetches(&app.update(code(KeyCode::Enter))).is_empty());
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Context {
        vendor: Vendor::Weiban,
        account: Default::default(),
        customer_id: String::from("c"),
        context: Some(Ok(context("c"))),
    }));
    let screen = render_text(&app);
    assert!(screen.contains("员工zoe"), "{screen}");
    assert!(screen.contains("40 days"), "{screen}");
    assert!(screen.contains("删除员工 · 员工mia"), "{screen}");
    // Cached: reopening asks nothing; `r` asks again and keeps what is shown meanwhile.
    app.update(code(KeyCode::Esc));
    assert!(fetches(&app.update(code(KeyCode::Enter))).is_empty());
    assert_eq!(fetches(&app.update(key('r'))), ["c"]);
    assert!(render_text(&app).contains("员工zoe"));
    // `r` in the detail view does not reload the pane.
    assert!(
        !app.update(key('r'))
            .iter()
            .any(|c| matches!(c, Cmd::Fetch { .. }))
    );
}

#[test]
fn a_failed_context_shows_inline_and_the_raw_tree_still_opens() {
    let (mut app, _) = outflow_app();
    app.update(code(KeyCode::Enter));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Context {
        vendor: Vendor::Weiban,
        account: Default::default(),
        customer_id: String::from("c"),
        // As the client reports an unknown id.
        context: Some(Err(LoadFailure::from(VendorError::new(
            Vendor::Weiban,
            CUSTOMER_DETAIL_PATH,
            ErrorKind::Api {
                field: "errcode",
                code: 20206,
                message: String::from("external user not found"),
                hint: Some("not found: no such customer at Weiban"),
            },
        )))),
    }));
    let screen = render_text(&app);
    assert!(screen.contains("errcode 20206"), "{screen}");
    assert!(screen.contains("not found"), "{screen}");
    assert!(
        screen.contains("id: \"x\""),
        "the raw tree is shown: {screen}"
    );
    // Not retried by itself: reopening asks nothing, `r` does.
    app.update(code(KeyCode::Esc));
    assert!(fetches(&app.update(code(KeyCode::Enter))).is_empty());
    assert_eq!(fetches(&app.update(key('r'))), ["c"]);
}

#[test]
fn live_alerts_get_a_few_contexts_per_poll_newest_first() {
    let (mut app, t0) = outflow_app();
    let at = t0 + Duration::from_secs(31);
    let poll = app
        .update(Msg::Tick(at))
        .into_iter()
        .find_map(|c| match c {
            Cmd::PollOutflow { generation, .. } => Some(generation),
            _ => None,
        })
        .unwrap();
    let fresh: Vec<OutflowAlert> = (0..6)
        .map(|i| alert(&format!("n{i}"), "bob", W + 10 + i))
        .collect();
    let commands = app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: poll,
        loaded: outflow(fresh, W + 30, at),
    }));
    assert_eq!(fetches(&commands), ["n5", "n4", "n3"]);
}

/// Through the fetch task and the real client: the demo answers 20206 for a customer it does
/// not know, and the summary says "not found" — asked for once.
#[tokio::test]
async fn an_unknown_customer_reads_not_found_in_the_summary() {
    use scrm_tui::demo::{DemoOptions, DemoServer};
    use scrm_tui::fetch::{Clients, Fetcher};
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut fetcher = Fetcher::new(std::sync::Arc::new(clients), tx);
    let (mut app, _) = outflow_app();
    let commands = app.update(code(KeyCode::Enter));
    for command in commands {
        if let Cmd::FetchContext {
            vendor,
            account,
            customer_id,
        } = command
        {
            // The test's alerts are not the demo's customers.
            fetcher.customer_context(vendor, account, customer_id);
        }
    }
    let event = rx.recv().await.unwrap();
    app.update(Msg::from(event));
    let screen = render_text(&app);
    assert!(screen.contains("errcode 20206"), "{screen}");
    assert!(screen.contains("not found"), "{screen}");
    assert_eq!(server.stats().weiban_customer_detail, 1);
    assert!(fetches(&app.update(code(KeyCode::Esc))).is_empty());
    assert!(fetches(&app.update(code(KeyCode::Enter))).is_empty());
}

#[test]
fn a_staff_member_named_by_another_identifier_in_the_alert_is_still_the_one_who_came_back() {
    // The alert's `staff.id` is a number; the detail names the staff member by ext_id.
    let mut alert = alert("wm1", "102468059", W);
    alert.staff_ext_id = String::from("mia");
    let created = W - 40 * 86_400 - 5;
    let back = detail(
        "wm1",
        vec![
            follow("mia", created, Some(W)),
            follow("mia", W + 1800, None),
        ],
    );
    let story = AlertStory::of(&alert, Some(&back));
    assert_eq!(story.recovered, Some(true));
    assert_eq!(story.retention_days, Some(40));
    // With only the ext_id as the alert's id, as in seed 004, it matches all the same.
    let mut only = alert.clone();
    only.staff_id = String::from("mia");
    only.staff_ext_id = String::new();
    assert_eq!(AlertStory::of(&only, Some(&back)).recovered, Some(true));
    // Someone else re-adding the customer is not a recovery.
    let other = detail("wm1", vec![follow("zoe", W + 1800, None)]);
    assert_eq!(AlertStory::of(&alert, Some(&other)).recovered, Some(false));
}
