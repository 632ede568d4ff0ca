//! The real Weiban client against the real demo server, over HTTP on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::time::Duration;

use scrm_tui::demo::{CORP_ID, DemoOptions, DemoServer, WEIBAN_SECRET};
use scrm_tui::json::lenient;
use scrm_tui::redact::Secret;
use scrm_tui::vendors::ErrorKind;
use scrm_tui::vendors::http::{self, Timeouts};
use scrm_tui::vendors::limit::Limits;
use scrm_tui::vendors::weiban::{TOKEN_PATH, WeibanClient, WeibanSettings};

async fn server(options: DemoOptions) -> DemoServer {
    DemoServer::start(([127, 0, 0, 1], 0).into(), options)
        .await
        .expect("demo server")
}

fn client(server: &DemoServer, secret: &str, page_size: u32) -> WeibanClient {
    WeibanClient::new(
        WeibanSettings {
            account: Default::default(),
            base_url: server.base_url(),
            corp_id: CORP_ID.into(),
            secret: Secret::new(secret),
            page_size,
            limits: Limits::lifted(4),
        },
        http::client(Timeouts::default()).unwrap(),
    )
}

#[tokio::test]
async fn fetches_every_store_page_by_page() {
    let server = server(DemoOptions::default()).await;
    let listing = client(&server, WEIBAN_SECRET, 100).stores().await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    assert!(listing.skipped.is_empty(), "{:?}", listing.skipped);
    assert_eq!(listing.pages, 2);
    assert_eq!(listing.total, Some(120));
    let got: Vec<String> = listing.records.iter().map(|s| s.id.clone()).collect();
    let want: Vec<String> = server
        .data()
        .stores
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    assert_eq!(got, want);
    // Every page carried the token; one token served them all.
    let stats = server.stats();
    assert_eq!(
        (
            stats.weiban_token,
            stats.weiban_store_list,
            stats.weiban_refused
        ),
        (1, 2, 0)
    );
    // A fifth of the records were sent with seed 000's broken escapes: the pages were repaired,
    // and the raw objects kept for the detail view are the repaired, valid JSON.
    let broken = server
        .data()
        .stores
        .iter()
        .filter(|s| serde_json::from_str::<serde_json::Value>(&s.json).is_err());
    assert_eq!(broken.count(), 24);
    assert!(
        listing
            .records
            .iter()
            .all(|s| serde_json::from_str::<serde_json::Value>(&s.raw.text()).is_ok())
    );
}

#[tokio::test]
async fn small_pages_give_the_same_records() {
    let server = server(DemoOptions::default()).await;
    let big = client(&server, WEIBAN_SECRET, 100).stores().await;
    let small = client(&server, WEIBAN_SECRET, 7).stores().await;
    assert_eq!(small.pages, 18); // ceil(120 / 7)
    assert_eq!(small.records, big.records);
}

#[tokio::test]
async fn an_expired_token_is_renewed_exactly_once() {
    let server = server(DemoOptions::default()).await;
    let weiban = client(&server, WEIBAN_SECRET, 100);
    assert!(weiban.store_page(1).await.is_ok());
    assert_eq!(server.stats().weiban_token, 1);

    server.expire_tokens();
    let listing = weiban.stores().await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    assert_eq!(listing.records.len(), 120);
    let stats = server.stats();
    assert_eq!(stats.weiban_refused, 1, "one call was refused");
    assert_eq!(
        stats.weiban_token, 2,
        "and the token was renewed exactly once"
    );
    // 1 + the refused call + its retry + page 2.
    assert_eq!(stats.weiban_store_list, 4);
}

#[tokio::test]
async fn a_token_is_renewed_before_it_expires() {
    let server = server(DemoOptions {
        token_lifetime: Duration::from_secs(1),
        ..DemoOptions::default()
    })
    .await;
    let weiban = client(&server, WEIBAN_SECRET, 100);
    assert!(weiban.store_page(1).await.is_ok());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(weiban.store_page(2).await.is_ok());
    let stats = server.stats();
    assert_eq!(stats.weiban_token, 2);
    assert_eq!(
        stats.weiban_refused, 0,
        "the client renewed before the vendor refused"
    );
}

#[tokio::test]
async fn a_token_refused_twice_is_an_error_not_a_loop() {
    // Tokens that expire at once: every call is refused.
    let server = server(DemoOptions {
        token_lifetime: Duration::ZERO,
        ..DemoOptions::default()
    })
    .await;
    let listing = client(&server, WEIBAN_SECRET, 100).stores().await;
    let error = listing.error.expect("an error");
    assert_eq!(error.endpoint, "/open-api/contact_way/store/list");
    assert!(matches!(
        error.kind,
        ErrorKind::Api {
            field: "errcode",
            code: 10001,
            ..
        }
    ));
    let stats = server.stats();
    assert_eq!((stats.weiban_token, stats.weiban_store_list), (2, 2));
    let text = format!("{error} {error:?}");
    assert!(!text.contains("wbdemo_"), "a token leaked: {text}");
}

#[tokio::test]
async fn a_wrong_secret_is_reported_clearly_and_never_shown() {
    let server = server(DemoOptions::default()).await;
    let listing = client(&server, "wrong-secret-4711", 100).stores().await;
    assert!(listing.records.is_empty());
    let error = listing.error.expect("an error");
    assert_eq!(error.endpoint, TOKEN_PATH);
    let text = error.to_string();
    assert_eq!(
        text,
        "weiban /open-api/access_token/get: errcode 10001 (corp_id 或 secret 错误) — check weiban.corp_id and weiban.secret"
    );
    assert!(!format!("{text} {error:?}").contains("wrong-secret-4711"));
    // No list call was attempted without a token.
    assert_eq!(server.stats().weiban_store_list, 0);
}

#[tokio::test]
async fn an_unreachable_vendor_names_the_endpoint() {
    // A port that was just free: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let weiban = WeibanClient::new(
        WeibanSettings {
            account: Default::default(),
            base_url: base,
            corp_id: CORP_ID.into(),
            secret: Secret::new(WEIBAN_SECRET),
            page_size: 100,
            limits: Limits::lifted(4),
        },
        http::client(Timeouts::default()).unwrap(),
    );
    let error = weiban.stores().await.error.expect("an error");
    assert_eq!(error.endpoint, TOKEN_PATH);
    assert!(
        matches!(error.kind, ErrorKind::Connect(_) | ErrorKind::Network(_)),
        "{error}"
    );
}

/// The demo server refuses what the vendor refuses, so a client bug cannot hide behind it.
#[tokio::test]
async fn the_demo_server_checks_auth_and_parameters_like_the_vendor() {
    let server = server(DemoOptions::default()).await;
    let http = http::client(Timeouts::default()).unwrap();
    let list = format!("{}/open-api/contact_way/store/list", server.base_url());
    // Lenient: the store list carries seed 000's broken escapes, which strict parsers refuse.
    let body = |r: reqwest::Response| async move {
        let bytes = r.bytes().await.unwrap();
        lenient::from_slice::<serde_json::Value>(&bytes)
            .unwrap()
            .value
    };

    // The seed's own curl: every parameter present but empty, including the token.
    let seed_curl =
        format!("{list}?page_size=20&page_no=1&staff_ext_id=&region_name=&deleted=&access_token=");
    let answer = body(http.get(&seed_curl).send().await.unwrap()).await;
    assert_eq!(answer["errcode"], 10001);
    let answer = body(
        http.get(format!("{list}?access_token=forged"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer["errcode"], 10001);

    let token_url = format!("{}/open-api/access_token/get", server.base_url());
    let token = body(
        http.post(&token_url)
            .json(&serde_json::json!({"corp_id": CORP_ID, "secret": WEIBAN_SECRET}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let token = token["access_token"].as_str().unwrap().to_owned();
    // A GET to the token endpoint is not how the vendor hands out tokens.
    assert_eq!(http.get(&token_url).send().await.unwrap().status(), 405);

    let too_big = body(
        http.get(format!("{list}?page_size=101&access_token={token}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(too_big["success"], false);
    assert_eq!(too_big["status_code"], 10049);

    let deleted = body(
        http.get(format!(
            "{list}?page_size=100&deleted=true&access_token={token}"
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(deleted["data"]["total_count"], 13);
    assert_eq!(deleted["data"]["has_next"], false);
}

#[tokio::test]
async fn customers_page_by_limit_and_offset() {
    let server = server(DemoOptions::default()).await;
    let listing = client(&server, WEIBAN_SECRET, 100).customers().await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    assert!(listing.skipped.is_empty(), "{:?}", listing.skipped);
    assert_eq!((listing.pages, listing.total), (3, Some(300)));
    assert_eq!(listing.records.len(), 300);
    let ids: std::collections::HashSet<&str> =
        listing.records.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 300, "no customer twice");
    assert!(listing.records.iter().all(|c| !c.staff.is_empty()));
    assert!(
        listing
            .records
            .iter()
            .flat_map(|c| &c.tags)
            .all(|t| t.group.starts_with("et"))
    );
    let small = client(&server, WEIBAN_SECRET, 33).customers().await;
    assert_eq!(small.pages, 10);
    assert_eq!(small.records, listing.records);
}

#[tokio::test]
async fn outflow_of_the_last_week_newest_first() {
    use scrm_tui::demo::data::weiban_customers::unix_now;
    let server = server(DemoOptions::default()).await;
    let now = unix_now();
    let from = now - 7 * 86_400;
    let listing = client(&server, WEIBAN_SECRET, 100).outflow(from, now).await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    let want = server.timeline().alerts_between(from, now, now).len();
    assert!(want >= 480, "the whole history is within the week");
    assert_eq!(listing.records.len(), want);
    assert!(
        listing
            .records
            .windows(2)
            .all(|w| w[0].outflow_at >= w[1].outflow_at),
        "newest first"
    );
    let first = &listing.records[0];
    assert!(
        !first.customer_id.is_empty() && !first.staff_id.is_empty() && !first.staff_name.is_empty()
    );
    assert!(["external_user", "staff"].contains(&first.delete_by.name()));
    let window =
        chrono::DateTime::from_timestamp(from, 0)..=chrono::DateTime::from_timestamp(now, 0);
    assert!(
        listing
            .records
            .iter()
            .all(|a| window.contains(&a.outflow_at))
    );
}

#[tokio::test]
async fn outflow_alerts_arrive_live() {
    use scrm_tui::demo::data::weiban_customers::{LIVE_INTERVAL_S, Timeline};
    // Alerts 0, 1, 2… come every 20 s after the start; before their time they are not listed.
    let start = 1_700_000_000;
    let timeline = Timeline::new(start, 1);
    assert_eq!(timeline.alert_time(3), start + 3 * LIVE_INTERVAL_S);
    let at = |now: i64| timeline.alerts_between(start - 3600, now, now);
    assert_eq!(at(start + 59)[..3], [2, 1, 0]);
    assert_eq!(at(start + 60)[0], 3);
    assert_eq!(at(start + 60).len(), at(start + 59).len() + 1);
}

#[test]
fn the_outflow_history_grows_with_the_scale() {
    use scrm_tui::demo::data::weiban_customers::Timeline;
    let start = 1_700_000_000;
    let week = |scale| {
        Timeline::new(start, scale)
            .alerts_between(start - 7 * 86_400, start - 1, start - 1)
            .len()
    };
    assert_eq!(week(1), 480);
    assert_eq!(week(112), 10_026);
}

/// The customer detail agrees with the outflow alerts: each alert's relation ended when the
/// alert says, by whom it says; some customers are still followed by another staff member, and
/// some were re-added by the one they deleted (recovered).
#[tokio::test]
async fn customer_details_tell_who_still_follows_an_alerts_customer() {
    use scrm_tui::demo::data::weiban_customers::unix_now;
    let server = server(DemoOptions::default()).await;
    let weiban = client(&server, WEIBAN_SECRET, 100);
    let now = unix_now();
    let alerts = weiban.outflow(now - 86_400, now).await;
    assert!(alerts.is_complete(), "{:?}", alerts.error);
    let (mut followed_by_others, mut recovered) = (0, 0);
    for alert in alerts.records.iter().take(24) {
        let detail = weiban.customer_detail(&alert.customer_id).await.unwrap();
        assert_eq!(detail.id, alert.customer_id);
        assert_eq!(detail.name, alert.customer_name);
        let ended = detail
            .follows
            .iter()
            // The detail names staff by ext_id; the alert's `staff.id` is a number in some.
            .find(|f| alert.names_staff(&f.staff_id) && !f.is_active())
            .unwrap_or_else(|| panic!("{}: the alert's relation: {detail:?}", alert.customer_id));
        assert_eq!(ended.deleted_at, alert.outflow_at);
        assert_eq!(ended.deleted_by.as_ref(), Some(&alert.delete_by));
        assert!(!ended.state_text.is_empty());
        let active = detail.follows.iter().filter(|f| f.is_active());
        followed_by_others += active
            .clone()
            .filter(|f| !alert.names_staff(&f.staff_id))
            .count();
        recovered += active.filter(|f| alert.names_staff(&f.staff_id)).count();
    }
    assert!(
        followed_by_others > 0 && recovered > 0,
        "{followed_by_others} {recovered}"
    );
}

#[tokio::test]
async fn an_unknown_customer_is_not_found_and_events_come_newest_first() {
    use scrm_tui::demo::data::weiban_customers::unix_now;
    let server = server(DemoOptions::default()).await;
    let weiban = client(&server, WEIBAN_SECRET, 100);
    let error = weiban.customer_detail("wmNOBODY").await.unwrap_err();
    assert!(
        matches!(error.kind, ErrorKind::Api { code: 20206, .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("/open-api/external_user/get"),
        "{error}"
    );
    assert!(error.to_string().contains("not found"), "{error}");
    // Asked once: an unknown id is an answer, not something to try again.
    assert_eq!(server.stats().weiban_customer_detail, 1);

    let now = unix_now();
    let alerts = weiban.outflow(now - 86_400, now).await.records;
    let alert = alerts.first().expect("an alert today");
    let events = weiban.customer_events(&alert.customer_id, 5).await.unwrap();
    assert!(!events.is_empty() && events.len() <= 5, "{events:?}");
    assert!(events.windows(2).all(|w| w[0].at >= w[1].at), "{events:?}");
    // The newest is the end of the relation the alert reports.
    assert_eq!(events[0].at, alert.outflow_at);
    assert_eq!(events[0].title, "删除员工");
    assert!(
        weiban
            .customer_events("wmNOBODY", 5)
            .await
            .unwrap()
            .is_empty(),
        "no events for nobody"
    );
}
