//! Related records (`x`): the matching rules (external userid, unionid, a phone alone only
//! "possible"), an alert's staff member's other losses and stores, and `Enter`/`Esc` between
//! the list, the related record and where `x` was pressed — on the demo's own data, where the
//! same people appear in several vendors.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::Duration;

use chrono::DateTime;
use common::{code, key, loaded_app, render_text};
use crossterm::event::KeyCode;
use scrm_tui::app::related::{self, Link};
use scrm_tui::domain::{
    Customer, CustomerStatus, DeleteBy, EndedRelation, OutflowAlert, PersonKeys, RawJson, Resource,
    Vendor,
};

fn keys(external: &str, unionid: &str, phones: &[&str]) -> PersonKeys {
    PersonKeys {
        external_userid: external.into(),
        unionid: unionid.into(),
        phones: phones.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn customer(vendor: Vendor, id: &str, name: &str, keys: PersonKeys) -> Customer {
    Customer {
        account: Default::default(),
        vendor,
        id: id.into(),
        name: name.into(),
        remark: String::new(),
        staff: String::from("胡斌"),
        tags: Vec::new(),
        status: CustomerStatus::Normal,
        added_at: None,
        keys,
        raw: RawJson::new("{}"),
    }
}

fn alert(customer: &str, staff: &str, at: i64, keys: PersonKeys) -> OutflowAlert {
    OutflowAlert {
        account: Default::default(),
        vendor: Vendor::Weiban,
        customer_id: customer.into(),
        customer_name: format!("客户{customer}"),
        staff_id: staff.into(),
        staff_ext_id: String::new(),
        staff_name: staff.into(),
        outflow_at: DateTime::from_timestamp(at, 0),
        delete_by: DeleteBy::Customer,
        tags: Vec::new(),
        customer_type: Some(1),
        relation: EndedRelation::default(),
        keys,
        origins: scrm_tui::domain::Origins::WEIBAN,
        raw: RawJson::new("{}"),
    }
}

#[test]
fn the_strongest_key_labels_each_match_and_a_phone_alone_is_only_possible() {
    let subject = alert("wm1", "mia", 100, keys("wm1", "un1", &["13900000001"]));
    let customers = vec![
        customer(Vendor::Yunzhong, "wm1", "同一人", keys("wm1", "un1", &[])),
        customer(Vendor::Yunzhong, "wmX", "另一企业", keys("wmX", "un1", &[])),
        customer(
            Vendor::Tanma,
            "4001",
            "手机号",
            keys("", "", &["13900000001"]),
        ),
        customer(
            Vendor::Tanma,
            "4002",
            "路人",
            keys("", "", &["13900000002"]),
        ),
        // Empty keys never match each other.
        customer(Vendor::Tanma, "4003", "无信息", keys("", "", &[])),
    ];
    let alerts = vec![
        subject.clone(),
        alert("wm2", "mia", 90, keys("wm2", "", &[])),
        alert("wm3", "bob", 80, keys("wm3", "", &[])),
        // The same customer left another staff member too.
        alert("wm1", "bob", 70, keys("wm1", "un1", &[])),
    ];
    let (customers, alerts) = (shared(customers), shared(alerts));
    let loaded = related::Loaded {
        customers: &customers,
        alerts: &alerts,
        stores: &[],
        staff: &[],
    };
    let rows = related::of_alert(&subject, &loaded, |_| String::new());
    let found: Vec<(Link, &str)> = rows.iter().map(|r| (r.link, r.title.as_str())).collect();
    assert_eq!(
        found,
        [
            (Link::ExternalUserId, "同一人"),
            (Link::ExternalUserId, "客户wm1"),
            (Link::UnionId, "另一企业"),
            (Link::Phone, "手机号"),
            (Link::SameStaff, "客户wm2"),
        ]
    );
    assert_eq!(Link::Phone.label()[0], "possible: phone");
}

#[test]
fn a_customer_finds_itself_elsewhere_but_not_itself() {
    let me = customer(Vendor::Weiban, "wm1", "我", keys("wm1", "", &[]));
    let customers = vec![
        me.clone(),
        customer(Vendor::Yunzhong, "wm1", "芸众的我", keys("wm1", "", &[])),
    ];
    let customers = shared(customers);
    let loaded = related::Loaded {
        customers: &customers,
        alerts: &[],
        stores: &[],
        staff: &[],
    };
    let rows = related::of_customer(&me, &loaded);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].vendor, Vendor::Yunzhong);
}

#[test]
fn enter_goes_to_the_record_and_esc_comes_back_to_where_x_was_pressed() {
    let (mut app, t0) = loaded_app(120, 40, Duration::ZERO);
    let subject = alert("wm1", "mia", 1_763_700_000, keys("wm1", "", &[]));
    let other = alert("wm2", "mia", 1_763_600_000, keys("wm2", "", &[]));
    app.update(scrm_tui::app::Msg::from(
        scrm_tui::domain::LoadEvent::Loaded {
            resource: Resource::Customers,
            generation: app.list(Resource::Customers).status().generation,
            loaded: loaded_customers(
                vec![
                    customer(Vendor::Yunzhong, "yz9", "路人", keys("yz9", "", &[])),
                    customer(Vendor::Yunzhong, "wm1", "芸众客户", keys("wm1", "", &[])),
                ],
                t0,
            ),
        },
    ));
    app.update(scrm_tui::app::Msg::from(
        scrm_tui::domain::LoadEvent::Loaded {
            resource: Resource::Outflow,
            generation: app.list(Resource::Outflow).status().generation,
            loaded: loaded_alerts(vec![subject, other], t0),
        },
    ));
    app.update(key('3'));
    app.update(code(KeyCode::Enter));
    app.update(key('x'));
    let screen = render_text(&app);
    assert!(screen.contains("Related to 客户wm1 · 2"), "{screen}");
    assert!(screen.contains("external userid"), "{screen}");
    // Down and up again: the first row, the Yunzhong customer.
    app.update(key('j'));
    app.update(key('k'));
    app.update(code(KeyCode::Enter));
    assert_eq!(app.pane, Resource::Customers);
    let detail = app.detail().expect("the detail is open");
    assert_eq!(detail.record_id, "wm1");
    assert_eq!(
        app.pane_of::<scrm_tui::domain::Customer>()
            .selected_record()
            .unwrap()
            .name,
        "芸众客户"
    );
    // Esc: back to the alert's detail, where `x` was pressed.
    app.update(code(KeyCode::Esc));
    assert_eq!(app.pane, Resource::Outflow);
    let detail = app.detail().expect("the alert's detail is back");
    assert_eq!(detail.record_id, "wm1");
    assert!(detail.alert.is_some());
    // Esc again closes it, as always.
    app.update(code(KeyCode::Esc));
    assert!(app.detail().is_none());
}

fn loaded_customers(records: Vec<Customer>, at: std::time::Instant) -> scrm_tui::domain::Loaded {
    common::complete(scrm_tui::domain::Records::Customers(records), at, None)
}

fn loaded_alerts(records: Vec<OutflowAlert>, at: std::time::Instant) -> scrm_tui::domain::Loaded {
    common::complete(
        scrm_tui::domain::Records::Outflow(records),
        at,
        Some(1_763_700_000),
    )
}

/// Records as a pane holds them.
fn shared<R>(records: Vec<R>) -> Vec<std::sync::Arc<R>> {
    records.into_iter().map(std::sync::Arc::new).collect()
}
