//! The real Youmi client against the real demo server, over HTTP on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use scrm_tui::demo::youmi::{APP_ID, APP_KEY, PREFIX};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::ReferenceList as Reference;
use scrm_tui::redact::Secret;
use scrm_tui::vendors::ErrorKind;
use scrm_tui::vendors::http::{self, Timeouts};
use scrm_tui::vendors::limit::Limits;
use scrm_tui::vendors::youmi::{YoumiClient, YoumiSettings, decode_list, signature};

async fn server() -> DemoServer {
    DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .expect("demo server")
}

fn client(server: &DemoServer, app_key: &str) -> YoumiClient {
    YoumiClient::new(
        YoumiSettings {
            account: Default::default(),
            base_url: format!("{}{PREFIX}", server.base_url()),
            app_id: APP_ID.into(),
            app_key: Secret::new(app_key),
            limits: Limits::lifted(4),
        },
        http::client(Timeouts::default()).unwrap(),
    )
}

#[tokio::test]
async fn operators_of_both_kinds_joined_with_their_staff() {
    let server = server().await;
    let listing = client(&server, APP_KEY).operators().await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    assert_eq!(
        listing.records.len(),
        40,
        "30 personal and 10 WeCom accounts"
    );
    assert_eq!(listing.pages, 4);
    let bound = listing
        .records
        .iter()
        .filter(|o| !o.staff_code.is_empty())
        .count();
    assert_eq!(bound, 34);
    assert!(
        listing
            .records
            .iter()
            .all(|o| o.staff_code.is_empty() == o.staff_name.is_empty())
    );
    let first = &listing.records[0];
    assert_eq!(
        (
            first.id.as_str(),
            first.staff_code.as_str(),
            first.staff_name.as_str()
        ),
        ("135389", "b01", "陈晓")
    );
    let stats = server.stats();
    assert_eq!(
        (stats.youmi_token, stats.youmi_calls, stats.youmi_refused),
        (1, 4, 0)
    );
}

#[tokio::test]
async fn an_expired_token_is_renewed_exactly_once() {
    let server = server().await;
    let youmi = client(&server, APP_KEY);
    assert!(youmi.operators().await.is_complete());
    server.expire_tokens();
    let listing = youmi.operators().await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    let stats = server.stats();
    assert_eq!(stats.youmi_refused, 1);
    assert_eq!(stats.youmi_token, 2);
}

#[tokio::test]
async fn a_wrong_app_key_is_refused_at_the_token_and_never_shown() {
    let server = server().await;
    let listing = client(&server, "wrong-youmi-key-4711").operators().await;
    let error = listing.error.expect("an error");
    assert_eq!(error.endpoint, "/GetAccessToken");
    match &error.kind {
        ErrorKind::Api {
            field: "errmsg",
            code: 200006,
            hint: Some(hint),
            ..
        } => assert!(hint.contains("app_key")),
        other => panic!("{other:?}"),
    }
    assert!(!format!("{error} {error:?}").contains("wrong-youmi-key-4711"));
    assert_eq!(server.stats().youmi_calls, 0);
}

#[tokio::test]
async fn reference_lists_are_reachable() {
    let server = server().await;
    let youmi = client(&server, APP_KEY);
    for (which, count) in [
        (Reference::LabelCategories, 1),
        (Reference::Labels, 5),
        (Reference::AdGroups, 2),
        (Reference::CustomAttributes, 4),
    ] {
        assert_eq!(
            youmi.reference(which).await.unwrap().len(),
            count,
            "{which:?}"
        );
    }
}

#[tokio::test]
async fn the_demo_server_checks_every_signature() {
    let server = server().await;
    let http = http::client(Timeouts::default()).unwrap();
    let base = format!("{}{PREFIX}", server.base_url());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token_body = |sig: String| serde_json::json!({"AppId": APP_ID, "Nonce": "abc", "Timestamp": now.to_string(), "Signature": sig});
    let ask = |body: serde_json::Value| {
        http.post(format!("{base}/GetAccessToken?format=json"))
            .json(&body)
            .send()
    };
    let good: serde_json::Value = ask(token_body(signature(APP_KEY, APP_ID, "abc", now)))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = good["values"]["access_token"].as_str().unwrap().to_owned();
    let bad: serde_json::Value = ask(token_body("forged".into()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(bad["errmsg"], 200006);

    let call = |sig: String| {
        http.get(format!("{base}/wecahtlabel"))
            .header("access_token", &token)
            .header("Nonce", "n1")
            .header("Timestamp", now.to_string())
            .header("Signature", sig)
            .send()
    };
    let ok = call(signature(APP_KEY, &token, "n1", now))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(decode_list(&ok).unwrap().len(), 5);
    let forged = call(signature(APP_KEY, &token, "n2", now))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(matches!(
        decode_list(&forged).unwrap_err(),
        ErrorKind::Api { code: 200006, .. }
    ));
}

#[tokio::test]
async fn a_token_is_renewed_before_its_absolute_expiry() {
    let server = DemoServer::start(
        ([127, 0, 0, 1], 0).into(),
        DemoOptions {
            token_lifetime: std::time::Duration::from_secs(1),
            ..DemoOptions::default()
        },
    )
    .await
    .unwrap();
    let youmi = client(&server, APP_KEY);
    assert!(youmi.reference(Reference::Labels).await.is_ok());
    // `expires_in` is an absolute Unix time in whole seconds: wait past it.
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert!(youmi.reference(Reference::Labels).await.is_ok());
    let stats = server.stats();
    assert_eq!(stats.youmi_token, 2);
    assert_eq!(
        stats.youmi_refused, 0,
        "renewed before the vendor refused it"
    );
}
