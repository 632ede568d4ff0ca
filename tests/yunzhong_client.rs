//! The real Yunzhong client against the real demo server, over HTTP on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use scrm_tui::demo::yunzhong::{COOKIE_VALUE, UNIACID};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::CustomerStatus;
use scrm_tui::redact::Secret;
use scrm_tui::vendors::ErrorKind;
use scrm_tui::vendors::http::{self, Timeouts};
use scrm_tui::vendors::limit::Limits;
use scrm_tui::vendors::yunzhong::{Search, YunzhongClient, YunzhongSettings};

async fn server() -> DemoServer {
    DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .expect("demo server")
}

fn client(server: &DemoServer, uniacid: u64, cookie: &str) -> YunzhongClient {
    YunzhongClient::new(
        YunzhongSettings {
            account: Default::default(),
            base_url: server.base_url(),
            uniacid,
            cookie: Secret::new(cookie),
            limits: Limits::lifted(4),
        },
        http::client(Timeouts::default()).unwrap(),
    )
}

#[tokio::test]
async fn fetches_every_customer_until_the_last_page() {
    let server = server().await;
    let listing = client(&server, UNIACID, COOKIE_VALUE)
        .customers(&Search::default())
        .await;
    assert!(listing.is_complete(), "{:?}", listing.error);
    assert!(listing.skipped.is_empty(), "{:?}", listing.skipped);
    assert_eq!(listing.pages, 15);
    assert_eq!(listing.total, Some(300));
    let got: Vec<&str> = listing.records.iter().map(|c| c.id.as_str()).collect();
    let want: Vec<&str> = server
        .data()
        .yunzhong
        .customers
        .iter()
        .map(|c| c.external_userid.as_str())
        .collect();
    assert_eq!(got, want);
    let lost = listing
        .records
        .iter()
        .filter(|c| c.status == CustomerStatus::Lost)
        .count();
    assert_eq!(
        lost,
        server
            .data()
            .yunzhong
            .customers
            .iter()
            .filter(|c| c.lost)
            .count()
    );
    assert!(lost > 0);
    // Tags from the library carry their group; names the library lacks have none.
    assert!(
        listing
            .records
            .iter()
            .flat_map(|c| &c.tags)
            .any(|t| t.group == "客户等级")
    );
    assert!(
        listing
            .records
            .iter()
            .flat_map(|c| &c.tags)
            .any(|t| t.name == "历史标签" && t.group.is_empty())
    );
    assert_eq!(server.stats().yunzhong_list, 15);
}

#[tokio::test]
async fn filters_go_to_the_server_as_search_parameters() {
    let server = server().await;
    let yunzhong = client(&server, UNIACID, COOKIE_VALUE);
    let lost = yunzhong
        .customers(&Search {
            status: Some(-1),
            ..Search::default()
        })
        .await;
    assert!(!lost.records.is_empty());
    assert!(
        lost.records
            .iter()
            .all(|c| c.status == CustomerStatus::Lost)
    );

    let tag = server
        .data()
        .yunzhong
        .customers
        .iter()
        .find_map(|c| c.tag_ids.first())
        .unwrap()
        .clone();
    let tagged = yunzhong
        .customers(&Search {
            tags_data: Some(tag.clone()),
            ..Search::default()
        })
        .await;
    let want = server
        .data()
        .yunzhong
        .customers
        .iter()
        .filter(|c| c.tag_ids.contains(&tag))
        .count();
    assert_eq!(tagged.records.len(), want);
}

#[tokio::test]
async fn a_stale_cookie_says_to_log_in_again_and_is_never_shown() {
    let server = server().await;
    let listing = client(&server, UNIACID, "laravel_session=stale-cookie-4711")
        .customers(&Search::default())
        .await;
    let error = listing.error.expect("an error");
    assert_eq!(
        error.endpoint,
        "/business/{uniacid}/plugin/WechatCustomers/getList"
    );
    match &error.kind {
        ErrorKind::Api {
            field: "result",
            code: 0,
            message,
            hint: Some(hint),
        } => {
            assert_eq!(message, "请先登录");
            assert!(hint.contains("cookie"), "{hint}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!format!("{error} {error:?}").contains("stale-cookie-4711"));
    assert_eq!(server.stats().yunzhong_refused, 1);
}

#[tokio::test]
async fn a_wrong_shop_number_is_the_vendors_refusal() {
    let server = server().await;
    let error = client(&server, 3, COOKIE_VALUE)
        .customers(&Search::default())
        .await
        .error
        .unwrap();
    assert!(
        error.to_string().contains("result 0 (无权管理该企业)"),
        "{error}"
    );
}

#[test]
fn search_parameters_use_the_bracket_syntax() {
    let search = Search {
        customer: Some("李".into()),
        status: Some(-1),
        time: Some((1, 2)),
        ..Search::default()
    };
    assert_eq!(
        search.params(),
        [
            ("search[customer]".to_string(), "李".to_string()),
            ("search[status]".into(), "-1".into()),
            ("search[time][]".into(), "1".into()),
            ("search[time][]".into(), "2".into()),
        ]
    );
}
