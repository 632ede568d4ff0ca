//! Insights: the figures over a known set of alerts (hours, days, shares, top staff and tags,
//! median retention), and the view in `update` — opened by `5` and `:insights`, following the
//! Outflow filter and live alerts, `Enter` on a staff row filtering Outflow to them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDate};
use common::{app, code, key, type_text};
use crossterm::event::KeyCode;
use scrm_tui::app::insights::{Insights, percent};
use scrm_tui::app::{App, Cmd, Msg};
use scrm_tui::domain::{
    DeleteBy, EndedRelation, Loaded, OutflowAlert, RawJson, Records, Resource, Vendor,
};

/// 2025-11-21 12:41 in Beijing (the tests' wall clock).
const NOW: i64 = 1_763_700_060;

fn alert(customer: &str, staff: &str, at: i64, by: DeleteBy, tags: &[&str]) -> OutflowAlert {
    OutflowAlert {
        account: Default::default(),
        vendor: Vendor::Weiban,
        customer_id: customer.into(),
        customer_name: format!("客户{customer}"),
        staff_id: staff.into(),
        staff_ext_id: String::new(),
        staff_name: format!("员工{staff}"),
        outflow_at: DateTime::from_timestamp(at, 0),
        delete_by: by,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        customer_type: Some(1),
        relation: EndedRelation::default(),
        keys: Default::default(),
        origins: scrm_tui::domain::Origins::WEIBAN,
        raw: RawJson::new("{}"),
    }
}

fn with_retention(mut a: OutflowAlert, days: i64) -> OutflowAlert {
    a.relation.created_at = a
        .outflow_at
        .map(|t| t - chrono::Duration::days(days) - chrono::Duration::minutes(5));
    a
}

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn sample() -> Vec<OutflowAlert> {
    vec![
        with_retention(
            alert("a", "mia", NOW - 60, DeleteBy::Customer, &["VIP"]),
            10,
        ),
        with_retention(
            alert(
                "b",
                "mia",
                NOW - 50 * 60,
                DeleteBy::Customer,
                &["VIP", "高意向"],
            ),
            30,
        ),
        with_retention(alert("c", "bob", NOW - 3 * 3600, DeleteBy::Staff, &[]), 400),
        alert("d", "mia", NOW - 23 * 3600, DeleteBy::Customer, &["高意向"]),
        // Outside the last 24 hours, inside the week.
        alert(
            "e",
            "kim",
            NOW - 3 * 86_400,
            DeleteBy::Other(String::new()),
            &[],
        ),
        // Outside the week.
        alert("f", "bob", NOW - 9 * 86_400, DeleteBy::Customer, &[]),
    ]
}

#[test]
fn the_figures_count_each_alert_where_it_belongs() {
    let alerts = sample();
    let now = DateTime::from_timestamp(NOW, 0).unwrap();
    let insights = Insights::of(alerts.iter(), now, &beijing(), 7, |_| None);
    assert_eq!(insights.total, 6);
    // The current hour is 12:00 in Beijing: the first bucket is 13:00 yesterday.
    assert_eq!(insights.first_hour, 13);
    assert_eq!(insights.hourly.len(), 24);
    assert_eq!(insights.hourly[23], 1, "12:00–12:59: a");
    assert_eq!(insights.hourly[22], 1, "11:00–11:59: b (11:51)");
    assert_eq!(insights.hourly[20], 1, "09:00: c");
    assert_eq!(insights.hourly[0], 1, "13:00 yesterday: d");
    assert_eq!(insights.hourly.iter().sum::<u64>(), 4);
    let days: Vec<(NaiveDate, u64)> = insights.daily.clone();
    assert_eq!(days.len(), 7);
    assert_eq!(days[6], (NaiveDate::from_ymd_opt(2025, 11, 21).unwrap(), 3));
    assert_eq!(days[5].1, 1);
    assert_eq!(days[3].1, 1);
    assert_eq!(
        days.iter().map(|d| d.1).sum::<u64>(),
        5,
        "f is older than the week"
    );
    assert_eq!(
        (insights.by_customer, insights.by_staff, insights.by_other),
        (4, 1, 1)
    );
    let staff: Vec<(&str, usize)> = insights
        .staff
        .iter()
        .map(|s| (s.name.as_str(), s.count))
        .collect();
    assert_eq!(staff, [("员工mia", 3), ("员工bob", 2), ("员工kim", 1)]);
    assert_eq!(
        insights.tags,
        [(String::from("VIP"), 2), (String::from("高意向"), 2)]
    );
    // Known for three: 10, 30, 400 days.
    assert_eq!(insights.median_retention, Some(30));
    assert_eq!(insights.retention_known, 3);
    assert_eq!(percent(1, 3), 33);
    assert_eq!(percent(0, 0), 0);
}

fn loaded(records: Vec<OutflowAlert>, at: Instant, end: i64) -> Loaded {
    common::complete(Records::Outflow(records), at, Some(end))
}

fn insights_app() -> (App, Instant) {
    let t0 = Instant::now();
    let mut app = app(100, 30, t0);
    app.start();
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation: 1,
        loaded: loaded(sample(), t0, NOW),
    }));
    (app, t0)
}

#[test]
fn five_opens_insights_over_the_filtered_outflow_and_enter_filters_by_staff() {
    let (mut app, _) = insights_app();
    app.update(key('5'));
    assert!(app.insights_view().is_some());
    assert_eq!(app.pane, Resource::Outflow);
    assert_eq!(app.insights().total, 6);
    // The Outflow filter applies.
    app.update(key('/'));
    type_text(&mut app, "#VIP");
    app.update(code(KeyCode::Enter));
    assert!(
        app.insights_view().is_some(),
        "the filter keeps Insights open"
    );
    let insights = app.insights();
    assert_eq!(insights.total, 2);
    assert_eq!(insights.staff.len(), 1);
    // Enter on the first staff row: Outflow, filtered to them within #VIP.
    app.update(code(KeyCode::Enter));
    assert!(app.insights_view().is_none());
    assert_eq!(app.list(Resource::Outflow).query().text(), "#VIP 员工mia");
    assert_eq!(app.list(Resource::Outflow).counts().0, 2);
    // `:insights` opens it again; Esc and a pane key close it.
    app.update(key(':'));
    type_text(&mut app, "insights");
    app.update(code(KeyCode::Enter));
    assert!(app.insights_view().is_some());
    app.update(code(KeyCode::Esc));
    assert!(app.insights_view().is_none());
    app.update(key('5'));
    app.update(key('1'));
    assert!(app.insights_view().is_none());
    assert_eq!(app.pane, Resource::Stores);
}

#[test]
fn insights_follow_live_alerts() {
    let (mut app, t0) = insights_app();
    app.update(key('5'));
    let at = t0 + Duration::from_secs(31);
    let generation = app
        .update(Msg::Tick(at))
        .into_iter()
        .find_map(|c| match c {
            Cmd::PollOutflow { generation, .. } => Some(generation),
            _ => None,
        })
        .unwrap();
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation,
        loaded: loaded(
            vec![alert("g", "zoe", NOW + 10, DeleteBy::Staff, &[])],
            at,
            NOW + 30,
        ),
    }));
    let insights = app.insights();
    assert_eq!(insights.total, 7);
    assert_eq!(insights.by_staff, 2);
    assert!(insights.staff.iter().any(|s| s.id == "zoe"));
}
