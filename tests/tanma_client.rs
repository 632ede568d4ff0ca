//! The real Tanma client against the real demo server, over HTTP on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use scrm_tui::demo::tanma::{APP_ID, APP_KEY, QW_USER_IDS};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::redact::Secret;
use scrm_tui::vendors::ErrorKind;
use scrm_tui::vendors::http::{self, Timeouts};
use scrm_tui::vendors::limit::Limits;
use scrm_tui::vendors::tanma::{LIST_PATH, TanmaClient, TanmaSettings, decode_customer_page, sign};

async fn server() -> DemoServer {
    DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .expect("demo server")
}

fn client(server: &DemoServer, app_key: &str, users: &[&str], page_size: u32) -> TanmaClient {
    TanmaClient::new(
        TanmaSettings {
            account: Default::default(),
            base_url: server.base_url(),
            app_id: APP_ID.into(),
            app_key: Secret::new(app_key),
            qw_user_ids: users.iter().map(|u| u.to_string()).collect(),
            page_size,
            limits: Limits::lifted(4),
        },
        http::client(Timeouts::default()).unwrap(),
    )
}

#[tokio::test]
async fn follows_each_sales_accounts_cursor_to_the_end() {
    let server = server().await;
    let listing = client(&server, APP_KEY, QW_USER_IDS, 100).customers().await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    assert!(listing.skipped.is_empty());
    assert_eq!(listing.pages, 4, "two pages for each of the two accounts");
    let got: Vec<String> = listing.records.iter().map(|c| c.id.clone()).collect();
    let want: Vec<String> = server
        .data()
        .tanma
        .all()
        .iter()
        .map(|c| c.customer_id.to_string())
        .collect();
    assert_eq!(got, want);
    let stats = server.stats();
    assert_eq!(stats.tanma_refused, 0, "every signature verified");
    assert_eq!(stats.tanma_app_key_sent, 0, "the app key is never sent");
}

#[tokio::test]
async fn small_pages_give_the_same_customers() {
    let server = server().await;
    let big = client(&server, APP_KEY, QW_USER_IDS, 100).customers().await;
    let small = client(&server, APP_KEY, QW_USER_IDS, 7).customers().await;
    assert_eq!(small.pages, 44);
    assert_eq!(small.records, big.records);
}

#[tokio::test]
async fn a_wrong_app_key_is_a_signature_error_and_never_shown() {
    let server = server().await;
    let listing = client(&server, "wrong-app-key-4711", &["dowen"], 100)
        .customers()
        .await;
    let error = listing.error.expect("an error");
    assert_eq!(error.endpoint, LIST_PATH);
    assert!(matches!(
        error.kind,
        ErrorKind::Api {
            field: "code",
            code: 1002,
            hint: Some(_),
            ..
        }
    ));
    assert!(error.to_string().contains("app_key"), "{error}");
    assert!(!format!("{error} {error:?}").contains("wrong-app-key-4711"));
}

#[tokio::test]
async fn without_sales_accounts_the_config_is_named() {
    let server = server().await;
    let error = client(&server, APP_KEY, &[], 100)
        .customers()
        .await
        .error
        .unwrap();
    assert!(error.to_string().contains("qw_user_ids"), "{error}");
}

/// The demo server checks the clock and the exact bytes, as the vendor does.
#[tokio::test]
async fn the_demo_server_refuses_stale_timestamps_and_altered_bodies() {
    let server = server().await;
    let http = http::client(Timeouts::default()).unwrap();
    let url = format!("{}{LIST_PATH}", server.base_url());
    let send = |timestamp: u64, signed: &'static [u8], sent: &'static [u8]| {
        http.post(&url)
            .header("appId", APP_ID)
            .header("timestamp", timestamp.to_string())
            .header("sign", sign(APP_ID, timestamp, signed, APP_KEY))
            .body(sent)
            .send()
    };
    let body: &'static [u8] = br#"{"qwUserId":"dowen","cursor":"","size":5,"type":1}"#;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;

    let ok = send(now, body, body).await.unwrap().bytes().await.unwrap();
    assert_eq!(decode_customer_page(&ok, 1).unwrap().page.records.len(), 5);

    let stale = send(now - 10 * 60 * 1000, body, body)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    match decode_customer_page(&stale, 1).unwrap_err() {
        ErrorKind::Api {
            code: 1003,
            hint: Some(hint),
            ..
        } => assert!(hint.contains("clock")),
        other => panic!("{other:?}"),
    }
    // The same JSON with a space added: the signature no longer matches the bytes.
    let spaced: &'static [u8] = br#"{"qwUserId": "dowen","cursor":"","size":5,"type":1}"#;
    let altered = send(now, body, spaced)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(matches!(
        decode_customer_page(&altered, 1).unwrap_err(),
        ErrorKind::Api { code: 1002, .. }
    ));
}

/// The tag library names the tags by WeCom's id and by Tanma's (sent as a number); one the
/// library lacks stays its id; without the library every tag stays its id, none dropped.
#[tokio::test]
async fn tags_are_named_from_the_tag_library_and_an_unknown_id_is_kept() {
    use scrm_tui::demo::faults::{Fault, Rule};
    use scrm_tui::domain::Vendor;
    let server = server().await;
    let tanma = client(&server, APP_KEY, QW_USER_IDS, 100);
    let library = tanma.tag_library().await.unwrap();
    assert_eq!(
        library.tag("etvRo3DwAAq7llRWbNwJvWxLxioIuhtQ").name,
        "高意向"
    );
    assert_eq!(library.tag("396823724189761").name, "门店扫码");
    assert_eq!(library.tag("396823724189761").group, "来源");

    let listing = tanma.customers().await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    let tags: Vec<&str> = listing
        .records
        .iter()
        .flat_map(|c| c.tags.iter().map(|t| t.name.as_str()))
        .collect();
    for name in ["高意向", "待跟进", "门店扫码"] {
        assert!(tags.contains(&name), "{name}");
    }
    // The one the library lacks: kept as its id.
    assert!(tags.contains(&"etvRo3DwAAz0Yp5LqH3nC6vBw9RtX2Ea"));
    assert!(!tags.contains(&"etvRo3DwAAq7llRWbNwJvWxLxioIuhtQ"));
    assert_eq!(server.stats().tanma_tags, 2);

    // The library failing: the customers all there, every tag as its id.
    server.inject(Rule {
        vendor: Vendor::Tanma,
        fault: Fault::Http500,
        after: 0,
        times: Some(1),
    });
    let without = tanma.customers().await;
    assert!(without.is_complete(), "{:?}", without.error);
    assert_eq!(without.records.len(), listing.records.len());
    let count = |records: &[scrm_tui::domain::Customer]| -> usize {
        records.iter().map(|c| c.tags.len()).sum()
    };
    assert_eq!(count(&without.records), count(&listing.records));
    assert!(
        without
            .records
            .iter()
            .flat_map(|c| &c.tags)
            .all(|t| t.name.starts_with("et") || t.name.starts_with("3968"))
    );
}
