//! WeCom's callback, received by the sync's listener, end to end against a private
//! PostgreSQL: URL verification with WeCom's own vector, an event to an alert a listening
//! dashboard hears, a retry that adds nothing, the database down (not 200, so WeCom's retry is
//! what is kept), Weiban's later report merged into the same alert, a handover kept but no
//! loss — and every hostile input turned away with nothing stored.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::pg::{Postgres, psql};
use scrm_tui::config::WecomConfig;
use scrm_tui::domain::{Account, DeleteBy, Origins, Resource, Vendor};
use scrm_tui::redact::Secret;
use scrm_tui::store::{DatabaseUrl, LoadOutcome, OUTFLOW_CHANNEL, Store};
use scrm_tui::sync::listener::{self, Receiver};
use scrm_tui::vendors::wecom::{CallbackCrypto, Refusal};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "QDG6eK";
const KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const CORP: &str = "wx5823bf96d3bd56c7";

fn url(pg: &Postgres) -> DatabaseUrl {
    DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap()
}

fn crypto() -> CallbackCrypto {
    CallbackCrypto::new(&Secret::new(TOKEN), &Secret::new(KEY), CORP).unwrap()
}

/// A migrated database and a listener on an ephemeral port; the stop sender keeps it up.
struct Setup {
    pg: Postgres,
    base: String,
    receiver: Arc<Receiver>,
    _stop: tokio::sync::watch::Sender<bool>,
}

async fn setup() -> Setup {
    let pg = Postgres::start();
    let mut owner = Store::connect(&url(&pg)).await.unwrap();
    owner.migrate().await.unwrap();
    let sections = vec![WecomConfig {
        account: Account::default(),
        corp_id: CORP.to_owned(),
        token: Secret::new(TOKEN),
        encoding_aes_key: Secret::new(KEY),
    }];
    let receiver = Arc::new(Receiver::new(&sections, url(&pg)).unwrap());
    let bound = listener::bind(([127, 0, 0, 1], 0).into()).await.unwrap();
    let base = format!("http://{}", bound.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(listener::serve(bound, receiver.clone(), stopped));
    Setup {
        pg,
        base,
        receiver,
        _stop: stop,
    }
}

fn event(change: &str, staff: &str, customer: &str, at: i64, extra: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[{CORP}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\
         <CreateTime>{at}</CreateTime><MsgType><![CDATA[event]]></MsgType>\
         <Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[{change}]]></ChangeType>\
         <UserID><![CDATA[{staff}]]></UserID><ExternalUserID><![CDATA[{customer}]]></ExternalUserID>{extra}</xml>"
    )
}

/// POSTs a message as WeCom would; the status.
async fn post(base: &str, message: &str, at: i64) -> u16 {
    let sealed = crypto().seal(message.as_bytes(), at, "1372623149", [7; 16]);
    post_raw(base, &sealed.query, sealed.body).await
}

async fn post_raw(base: &str, query: &str, body: String) -> u16 {
    http()
        .post(format!("{base}/wecom/callback?{query}"))
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn http() -> reqwest::Client {
    scrm_tui::vendors::http::client(Default::default()).unwrap()
}

fn count(pg: &Postgres, table: &str) -> u32 {
    psql(&pg.url, &format!("SELECT count(*) FROM {table}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn url_verification_answers_wecoms_own_vector_with_the_bare_echostr() {
    let s = setup().await;
    let query = "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589\
        &nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D";
    let started = Instant::now();
    let answer = http()
        .get(format!("{}/wecom/callback?{query}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(answer.text().await.unwrap(), "1616140317555161061");
    assert!(started.elapsed() < Duration::from_secs(1));
    // The same with the signature of another echostr: refused, and counted.
    let wrong = query.replace("5c45ff", "5c45fe");
    let answer = http()
        .get(format!("{}/wecom/callback?{wrong}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 403);
    assert_eq!(s.receiver.counts.refused(Refusal::Signature), 1);
}

#[tokio::test]
async fn an_event_is_an_alert_a_listening_dashboard_hears_within_2s_and_a_retry_adds_nothing() {
    let s = setup().await;
    let mut dashboard = Store::connect(&url(&s.pg)).await.unwrap();
    dashboard.listen(OUTFLOW_CHANNEL).await.unwrap();
    let at = 1_765_000_000;
    let message = event("del_follow_user", "zhangsan", "wmCustomer1", at, "");
    let started = Instant::now();
    assert_eq!(post(&s.base, &message, at).await, 200);
    let heard = tokio::time::timeout(Duration::from_secs(2), dashboard.notification())
        .await
        .expect("the dashboard heard within 2 s");
    assert!(heard.is_some());
    assert!(started.elapsed() < Duration::from_secs(2));
    let (alerts, _) = dashboard.alerts_after(0).await.unwrap();
    assert_eq!(alerts.len(), 1);
    let alert = &alerts[0];
    assert_eq!(alert.customer_id, "wmCustomer1");
    assert_eq!(alert.staff_id, "zhangsan");
    assert_eq!(alert.vendor, Vendor::Wecom);
    assert_eq!(alert.origins, Origins::WECOM);
    assert_eq!(alert.outflow_at.unwrap().timestamp(), at);
    // WeCom's retry of the same event (a new nonce, the same content): 200, nothing added.
    let sealed = crypto().seal(message.as_bytes(), at + 5, "99", [9; 16]);
    assert_eq!(post_raw(&s.base, &sealed.query, sealed.body).await, 200);
    assert_eq!(count(&s.pg, "outflow_alerts"), 1);
    assert_eq!(count(&s.pg, "wecom_events"), 1);
    assert_eq!(
        s.receiver
            .counts
            .duplicates
            .load(std::sync::atomic::Ordering::Relaxed),
        1
    );
}

#[tokio::test]
async fn with_the_database_down_the_event_is_not_acknowledged_and_the_retry_is_kept() {
    let mut s = setup().await;
    let at = 1_765_000_100;
    let message = event("del_follow_user", "lisi", "wmCustomer2", at, "");
    s.pg.kill();
    let started = Instant::now();
    let status = post(&s.base, &message, at).await;
    assert_eq!(status, 503, "not 200: WeCom must send it again");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered within WeCom's 5 s"
    );
    s.pg.resume();
    assert_eq!(post(&s.base, &message, at).await, 200);
    assert_eq!(count(&s.pg, "outflow_alerts"), 1);
    assert_eq!(count(&s.pg, "wecom_events"), 1);
}

#[tokio::test]
async fn weibans_later_report_of_the_same_loss_enriches_the_one_alert() {
    let s = setup().await;
    // The staff directory and a customer of another vendor name the ids WeCom sent.
    psql(
        &s.pg.url,
        "INSERT INTO staff (vendor, account, userid, number, ord, run_id, name, alias, status,
             department, mobile, position, external_contact_able, raw)
         VALUES ('weiban', 'default', 'mia', '3073', 0, 0, '米娅', '', 'active', '', '', '',
             true, '{}')",
    );
    psql(
        &s.pg.url,
        "INSERT INTO customers (vendor, account, id, staff, ord, run_id, name, remark, tags,
             status, added_at, external_userid, unionid, phones, raw)
         VALUES ('tanma', 'default', 't1', 'x', 0, 0, '王小明', '', '[{\"name\":\"VIP\",\"group\":\"\"}]',
             'normal', NULL, 'wmCustomer3', '', '{}', '{}')",
    );
    let at = 1_765_000_200;
    assert_eq!(
        post(
            &s.base,
            &event("del_follow_user", "mia", "wmCustomer3", at, ""),
            at
        )
        .await,
        200
    );
    let mut sync = Store::connect(&url(&s.pg)).await.unwrap();
    let (alerts, _) = sync.alerts_after(0).await.unwrap();
    assert_eq!(
        alerts[0].customer_name, "王小明",
        "named from the customers"
    );
    assert_eq!(alerts[0].tags, vec!["VIP"]);
    assert_eq!(alerts[0].staff_name, "米娅", "named from the directory");
    let wecom_key = alerts[0].clone();
    // Weiban's poll reports the same loss a minute later, its staff member by number.
    let mut weiban = wecom_key.clone();
    weiban.vendor = Vendor::Weiban;
    weiban.staff_id = String::from("3073");
    weiban.staff_ext_id = String::from("mia");
    weiban.customer_name = String::from("小明（微伴）");
    weiban.outflow_at = chrono::DateTime::from_timestamp(at + 60, 0);
    weiban.origins = Origins::WEIBAN;
    for _ in 0..2 {
        let run = sync
            .begin_run(Resource::Outflow, Vendor::Weiban, &Account::default())
            .await
            .unwrap();
        sync.write_alerts(run, std::slice::from_ref(&weiban), &LoadOutcome::default())
            .await
            .unwrap();
    }
    assert_eq!(count(&s.pg, "outflow_alerts"), 1, "one row per loss");
    let (alerts, _) = sync.alerts_after(0).await.unwrap();
    let merged = &alerts[0];
    assert_eq!(
        merged.origins,
        Origins {
            wecom: true,
            weiban: true
        }
    );
    assert_eq!(merged.customer_name, "小明（微伴）", "Weiban's word now");
    assert_eq!(
        scrm_tui::domain::Record::key(merged),
        scrm_tui::domain::Record::key(&wecom_key),
        "the alert keeps its key (and so its triage)"
    );
    // WeCom's retry after the merge adds nothing either.
    assert_eq!(
        post(
            &s.base,
            &event("del_follow_user", "mia", "wmCustomer3", at, ""),
            at
        )
        .await,
        200
    );
    assert_eq!(count(&s.pg, "outflow_alerts"), 1);
}

#[tokio::test]
async fn weiban_first_then_wecom_is_one_alert_from_both() {
    let s = setup().await;
    let at = 1_765_000_300;
    let mut sync = Store::connect(&url(&s.pg)).await.unwrap();
    let alert = scrm_tui::domain::OutflowAlert {
        vendor: Vendor::Weiban,
        account: Account::default(),
        customer_id: String::from("wmCustomer4"),
        customer_name: String::from("赵四"),
        staff_id: String::from("102468059"),
        staff_ext_id: String::from("mia"),
        staff_name: String::from("米娅"),
        outflow_at: chrono::DateTime::from_timestamp(at - 30, 0),
        delete_by: DeleteBy::Customer,
        tags: Vec::new(),
        customer_type: None,
        relation: Default::default(),
        keys: Default::default(),
        origins: Origins::WEIBAN,
        raw: scrm_tui::domain::RawJson::new("{}"),
    };
    let run = sync
        .begin_run(Resource::Outflow, Vendor::Weiban, &Account::default())
        .await
        .unwrap();
    sync.write_alerts(run, &[alert], &LoadOutcome::default())
        .await
        .unwrap();
    let message = event("del_follow_user", "mia", "wmCustomer4", at, "");
    assert_eq!(post(&s.base, &message, at).await, 200);
    assert_eq!(count(&s.pg, "outflow_alerts"), 1);
    let (alerts, _) = sync.alerts_after(0).await.unwrap();
    assert_eq!(
        alerts[0].origins,
        Origins {
            wecom: true,
            weiban: true
        }
    );
    assert_eq!(alerts[0].customer_name, "赵四");
}

#[tokio::test]
async fn a_handover_is_kept_as_no_loss_and_a_failed_one_says_why() {
    let s = setup().await;
    let at = 1_765_000_400;
    let moved = event(
        "del_external_contact",
        "wangwu",
        "wmCustomer5",
        at,
        "<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>",
    );
    let refused = event(
        "transfer_fail",
        "wangwu",
        "wmCustomer6",
        at,
        "<FailReason><![CDATA[customer_refused]]></FailReason>",
    );
    let added = event("add_external_contact", "wangwu", "wmCustomer7", at, "");
    for message in [&moved, &refused, &added] {
        assert_eq!(post(&s.base, message, at).await, 200);
    }
    let store = Store::connect(&url(&s.pg)).await.unwrap();
    let (alerts, _) = store.alerts_after(0).await.unwrap();
    assert_eq!(
        alerts.len(),
        2,
        "an added contact is kept as an event, not an alert"
    );
    let handover = alerts
        .iter()
        .find(|a| a.customer_id == "wmCustomer5")
        .unwrap();
    assert_eq!(handover.delete_by, DeleteBy::Handover);
    assert!(!handover.delete_by.is_outflow());
    let failed = alerts
        .iter()
        .find(|a| a.customer_id == "wmCustomer6")
        .unwrap();
    assert_eq!(
        failed.delete_by.transfer_failure(),
        Some("customer_refused")
    );
    assert_eq!(count(&s.pg, "wecom_events"), 3);
}

/// Sends raw bytes and reads what comes back (nothing when the connection is closed).
async fn raw_exchange(base: &str, request: &[u8], pause: Option<Duration>) -> String {
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let (first, rest) = request.split_at(request.len().min(40));
    let _ = stream.write_all(first).await;
    if let Some(pause) = pause {
        tokio::time::sleep(pause).await;
    }
    let _ = stream.write_all(rest).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn hostile_callers_get_nothing_in_and_wecom_is_still_answered() {
    let s = setup().await;
    let at = 1_765_000_500;
    let good = crypto().seal(
        event("del_follow_user", "a", "wmHostile", at, "").as_bytes(),
        at,
        "1",
        [1; 16],
    );
    let other_corp = CallbackCrypto::new(&Secret::new(TOKEN), &Secret::new(KEY), "wwOther")
        .unwrap()
        .seal(b"<xml/>", at, "1", [1; 16]);
    let signed = |encrypted: &str| {
        let signature = crypto().signature("1", "2", encrypted);
        (
            format!("msg_signature={signature}&timestamp=1&nonce=2"),
            format!("<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"),
        )
    };
    use base64::Engine;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let bomb = "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\
                <xml><Encrypt>&b;</Encrypt></xml>";
    let cases: Vec<(&str, String, String, u16, Refusal)> = vec![
        (
            "wrong signature",
            good.query.replace("msg_signature=", "msg_signature=0"),
            good.body.clone(),
            403,
            Refusal::Signature,
        ),
        (
            "wrong receive id",
            other_corp.query.clone(),
            other_corp.body.clone(),
            403,
            Refusal::ReceiveId,
        ),
        {
            let (q, b) = signed("%%%not-base64%%%");
            ("broken base64", q, b, 400, Refusal::Base64)
        },
        {
            let (q, b) = signed(&b64(&[5u8; 20]));
            ("not whole blocks", q, b, 400, Refusal::Length)
        },
        {
            let (q, b) = signed(&b64(&[0u8; 64]));
            ("padding that does not add up", q, b, 400, Refusal::Padding)
        },
        (
            "an entity bomb",
            good.query.clone(),
            bomb.to_owned(),
            400,
            Refusal::Xml,
        ),
        (
            "XML that is not WeCom's",
            good.query.clone(),
            String::from("<root><Encrypt>x</Encrypt></root>"),
            400,
            Refusal::Xml,
        ),
        (
            "no signature at all",
            String::new(),
            good.body.clone(),
            400,
            Refusal::MissingParameter,
        ),
        (
            "a body over 64 KiB",
            good.query.clone(),
            "x".repeat(70 * 1024),
            413,
            Refusal::TooLarge,
        ),
    ];
    for (what, query, body, status, reason) in &cases {
        let before = s.receiver.counts.refused(*reason);
        assert_eq!(
            post_raw(&s.base, query, body.clone()).await,
            *status,
            "{what}"
        );
        assert_eq!(
            s.receiver.counts.refused(*reason),
            before + 1,
            "{what} counted"
        );
    }
    // An account that is not configured, and any other path: nothing answers there.
    let client = http();
    let other = client
        .post(format!("{}/wecom/callback/nobody?{}", s.base, good.query))
        .body(good.body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(other.status().as_u16(), 404);
    for path in [
        "/",
        "/admin",
        "/wecom",
        "/wecom/callback/a/b",
        "/metrics.php",
    ] {
        let answer = client
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 404, "{path}");
    }
    // A body sent slowly: refused (or the connection closed) in bounded time.
    let slow = b"POST /wecom/callback?msg_signature=a&timestamp=1&nonce=2 HTTP/1.1\r\n\
        Host: x\r\nContent-Length: 500\r\n\r\n<xml><Encrypt>";
    let started = Instant::now();
    let answer = raw_exchange(&s.base, slow, Some(Duration::from_secs(6))).await;
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    // Headers that never end: the connection is closed.
    let started = Instant::now();
    let answer = raw_exchange(
        &s.base,
        b"GET /wecom/callback HTTP/1.1\r\nHost: x\r\nX-Slow: 1",
        Some(Duration::from_secs(5)),
    )
    .await;
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(!answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Hundreds at once with bad signatures: each turned away, none kept.
    let many: Vec<_> = (0..300)
        .map(|i| {
            let client = client.clone();
            let url = format!(
                "{}/wecom/callback?msg_signature={i}&timestamp=1&nonce=2",
                s.base
            );
            let body = good.body.clone();
            tokio::spawn(async move {
                client
                    .post(url)
                    .body(body)
                    .send()
                    .await
                    .map(|a| a.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    for request in many {
        let status = request.await.unwrap();
        assert!(status == 0 || (400..500).contains(&status), "{status}");
    }
    assert_eq!(count(&s.pg, "wecom_events"), 0, "nothing stored");
    assert_eq!(count(&s.pg, "outflow_alerts"), 0);
    // And the real WeCom is answered all the while.
    assert_eq!(post_raw(&s.base, &good.query, good.body.clone()).await, 200);
    assert_eq!(count(&s.pg, "outflow_alerts"), 1);
}
