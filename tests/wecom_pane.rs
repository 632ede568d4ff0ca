//! WeCom's alerts on a dashboard: ids marked as WeCom's until a record names them, the From
//! column, a handover kept out of the count and Insights until a filter asks for it, an alert
//! enriched by Weiban replacing itself in place, and the gap in WeCom's events said.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::Duration;

use chrono::DateTime;
use common::driver::Driver;
use scrm_tui::domain::{
    DeleteBy, Gap, Listening, LoadEvent, Origins, OutflowAlert, RawJson, Record, Records, Resource,
    Vendor,
};
use scrm_tui::i18n::Lang;

const W: i64 = 1_763_700_000;

fn alert(customer: &str, name: &str, at: i64, by: DeleteBy, origins: Origins) -> OutflowAlert {
    OutflowAlert {
        account: Default::default(),
        vendor: if origins.weiban {
            Vendor::Weiban
        } else {
            Vendor::Wecom
        },
        customer_id: customer.to_owned(),
        customer_name: name.to_owned(),
        staff_id: String::from("mia"),
        staff_ext_id: String::from("mia"),
        staff_name: String::new(),
        outflow_at: DateTime::from_timestamp(at, 0),
        delete_by: by,
        tags: Vec::new(),
        customer_type: None,
        relation: Default::default(),
        keys: Default::default(),
        origins,
        raw: RawJson::new("{}"),
    }
}

fn alerts() -> Vec<OutflowAlert> {
    vec![
        alert(
            "wmFromWecom",
            "",
            W - 60,
            DeleteBy::Customer,
            Origins::WECOM,
        ),
        alert(
            "wmBoth",
            "王五",
            W - 120,
            DeleteBy::Customer,
            Origins {
                wecom: true,
                weiban: true,
            },
        ),
        alert("wmMoved", "", W - 180, DeleteBy::Handover, Origins::WECOM),
        alert(
            "wmRefused",
            "",
            W - 240,
            DeleteBy::transfer_failed("customer_refused"),
            Origins::WECOM,
        ),
        alert(
            "wmWeiban",
            "赵六",
            W - 300,
            DeleteBy::Staff,
            Origins::WEIBAN,
        ),
    ]
}

fn outflow() -> Driver {
    let mut driver = Driver::new(160, 30);
    driver.app.settings.lang = Lang::En;
    driver.load(Records::Outflow(alerts()));
    driver.press("3");
    driver
}

#[test]
fn wecom_ids_are_marked_and_the_from_column_says_where_each_came_from() {
    let driver = outflow();
    let screen = driver.screen();
    assert!(screen.contains("wmFromWecom · WeCom"), "{screen}");
    assert!(screen.contains("WeCom+Weiban"), "{screen}");
    let weiban_row = screen.lines().find(|l| l.contains("赵六")).unwrap();
    assert!(weiban_row.contains("Weiban"), "{weiban_row}");
    let wecom_row = screen.lines().find(|l| l.contains("wmFromWecom")).unwrap();
    assert!(
        wecom_row.contains("mia"),
        "the staff id until the directory names them"
    );
    let refused = screen.lines().find(|l| l.contains("wmRefused")).unwrap();
    assert!(refused.contains("handover ✗"), "{refused}");
}

#[test]
fn a_handover_is_not_counted_and_shows_only_under_a_filter() {
    let mut driver = outflow();
    let (shown, total) = driver.app.list(Resource::Outflow).counts();
    assert_eq!((shown, total), (4, 4), "the handover is kept out");
    assert!(!driver.screen().contains("wmMoved"));
    let insights = driver.app.insights();
    assert_eq!(
        insights.total, 3,
        "neither handover nor failed handover is a loss"
    );
    driver.press("/").type_text("handover");
    let screen = driver.screen();
    assert!(screen.contains("wmMoved"), "{screen}");
    driver.press("Esc");
    assert!(!driver.screen().contains("wmMoved"));
}

#[test]
fn an_alert_weiban_enriched_replaces_itself_without_counting_as_new() {
    let mut driver = outflow();
    driver.press("1");
    let unread = driver.app.live.unread;
    let mut enriched = alerts()[0].clone();
    enriched.customer_name = String::from("钱七");
    enriched.origins = Origins {
        wecom: true,
        weiban: true,
    };
    let generation = driver.app.live.generation;
    driver.send(scrm_tui::app::Msg::from(LoadEvent::Polled {
        generation,
        loaded: common::complete(Records::Outflow(vec![enriched.clone()]), driver.t0, Some(W)),
    }));
    let records = &driver.app.pane_of::<OutflowAlert>().records;
    let same: Vec<_> = records
        .iter()
        .filter(|a| a.key() == enriched.key())
        .collect();
    assert_eq!(same.len(), 1, "one row per loss");
    assert_eq!(same[0].customer_name, "钱七");
    assert_eq!(driver.app.live.unread, unread, "not new");
}

#[test]
fn the_outflow_pane_says_when_wecom_events_may_be_missing() {
    let mut driver = outflow();
    let at = |s: i64| DateTime::from_timestamp(s, 0).unwrap();
    driver.app.live.listening = Some(Listening {
        up: true,
        gaps: vec![Gap {
            from: at(W - 3600),
            to: Some(at(W - 3000)),
        }],
        covered: true,
    });
    driver.send(scrm_tui::app::Msg::Tick(driver.t0 + Duration::from_secs(1)));
    let screen = driver.screen();
    assert!(screen.contains("WeCom events may be missing"), "{screen}");
    assert!(screen.contains("Weiban's poll covers it"), "{screen}");
    driver.app.live.listening = Some(Listening {
        up: true,
        gaps: Vec::new(),
        covered: false,
    });
    driver.press("j");
    assert!(driver.screen().contains("WeCom live"));
}
