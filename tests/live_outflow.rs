//! Live outflow in `update`: the poll schedule and window, deduplication, highlighting, the
//! unread badge, pausing, and errors, without a terminal or a network.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use chrono::DateTime;
use common::*;
use scrm_tui::app::{App, Cmd, Level, Msg};
use scrm_tui::domain::{DeleteBy, OutflowAlert, RawJson, Record, Resource, Vendor};
use scrm_tui::domain::{Loaded, Records};
use scrm_tui::vendors::{ErrorKind, VendorError};

const W: i64 = 1_700_000_000;

fn alert(customer: &str, staff: &str, at: i64) -> OutflowAlert {
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
        relation: Default::default(),
        keys: Default::default(),
        origins: scrm_tui::domain::Origins::WEIBAN,
        raw: RawJson::new("{}"),
    }
}

fn outflow(records: Vec<OutflowAlert>, window_end: i64, at: Instant) -> Loaded {
    common::complete(Records::Outflow(records), at, Some(window_end))
}

/// An app whose first outflow load (three alerts, window ending at W) has completed at t0.
fn live_app(bell: bool) -> (App, Instant) {
    let t0 = Instant::now();
    let mut app = app(120, 40, t0);
    app.settings.bell = bell;
    let cmds = app.start();
    assert!(cmds.contains(&Cmd::Fetch {
        resource: Resource::Outflow,
        generation: 1
    }));
    let first = vec![
        alert("c", "mia", W - 100),
        alert("b", "mia", W - 200),
        alert("a", "bob", W - 300),
    ];
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation: 1,
        loaded: outflow(first, W, t0),
    }));
    (app, t0)
}

fn poll(app: &mut App, at: Instant) -> Option<(u64, i64)> {
    app.update(Msg::Tick(at)).into_iter().find_map(|c| match c {
        Cmd::PollOutflow { generation, since } => Some((generation, since)),
        _ => None,
    })
}

#[test]
fn polls_every_period_from_just_before_the_last_window() {
    let (mut app, t0) = live_app(false);
    assert_eq!(
        poll(&mut app, t0 + Duration::from_secs(29)),
        None,
        "not yet due"
    );
    assert_eq!(
        poll(&mut app, t0 + Duration::from_secs(30)),
        Some((1, W - 120)),
        "120 s of overlap"
    );
    assert_eq!(
        poll(&mut app, t0 + Duration::from_secs(31)),
        None,
        "one poll at a time"
    );
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: 1,
        loaded: outflow(Vec::new(), W + 30, t0),
    }));
    assert_eq!(poll(&mut app, t0 + Duration::from_secs(45)), None);
    assert_eq!(
        poll(&mut app, t0 + Duration::from_secs(61)),
        Some((2, W + 30 - 120))
    );
}

#[test]
fn new_alerts_are_deduplicated_highlighted_and_counted() {
    let (mut app, t0) = live_app(false);
    app.update(Msg::Tick(t0 + Duration::from_secs(30)));
    // The overlap brings "c" again; "d" and "e" are new; "c" for another staff member is new too.
    let polled = vec![
        alert("e", "mia", W + 20),
        alert("d", "bob", W + 10),
        alert("c", "mia", W - 100),
        alert("c", "bob", W - 50),
    ];
    let cmds = app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: 1,
        loaded: outflow(polled, W + 30, t0),
    }));
    assert!(!cmds.contains(&Cmd::Bell), "no bell unless asked for");
    let names: Vec<String> = app
        .pane_of::<scrm_tui::domain::OutflowAlert>()
        .records
        .iter()
        .map(|a| a.key())
        .collect();
    assert_eq!(
        names,
        [
            format!("e|mia|{}", W + 20),
            format!("d|bob|{}", W + 10),
            format!("c|bob|{}", W - 50),
            format!("c|mia|{}", W - 100),
            format!("b|mia|{}", W - 200),
            format!("a|bob|{}", W - 300),
        ]
    );
    assert_eq!(
        app.live.unread, 3,
        "counted while the Stores pane is on screen"
    );
    assert!(app.live.is_highlighted(&alert("d", "bob", W + 10).key()));
    assert!(!app.live.is_highlighted(&alert("b", "mia", W - 200).key()));
    // Viewing the pane reads them; the highlight fades after a while.
    app.update(key('3'));
    assert_eq!(app.live.unread, 0);
    app.update(Msg::Tick(t0 + Duration::from_secs(31)));
    assert!(app.live.is_highlighted(&alert("d", "bob", W + 10).key()));
    app.update(Msg::Tick(t0 + Duration::from_secs(120)));
    assert!(app.live.highlighted.is_empty());
}

#[test]
fn a_selection_on_the_first_row_follows_new_alerts_in_at_the_top() {
    let (mut app, t0) = live_app(false);
    app.update(key('3'));
    assert_eq!(app.list(Resource::Outflow).position().0, 0);
    app.update(Msg::Tick(t0 + Duration::from_secs(30)));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: 1,
        loaded: outflow(vec![alert("z", "mia", W + 5)], W + 30, t0),
    }));
    // Like `tail -f`: the newest alert is on screen and selected, nothing counted as unseen.
    assert_eq!(
        (
            app.list(Resource::Outflow).position().0,
            app.list(Resource::Outflow).position().1
        ),
        (0, 0)
    );
    let newest = app
        .pane_of::<scrm_tui::domain::OutflowAlert>()
        .selected_record()
        .unwrap();
    assert_eq!(newest.key(), alert("z", "mia", W + 5).key());
    assert_eq!(app.pane_of::<scrm_tui::domain::OutflowAlert>().new_above, 0);
    assert!(!common::render_text(&app).contains("↑"));
}

#[test]
fn scrolled_away_nothing_moves_and_the_title_counts_the_new_rows_until_g() {
    let (mut app, t0) = live_app(false);
    app.update(key('3'));
    app.update(key('j'));
    let selected = app
        .pane_of::<scrm_tui::domain::OutflowAlert>()
        .selected_record()
        .unwrap()
        .key();
    app.update(Msg::Tick(t0 + Duration::from_secs(30)));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: 1,
        loaded: outflow(
            vec![alert("z", "mia", W + 5), alert("y", "bob", W + 4)],
            W + 30,
            t0,
        ),
    }));
    assert_eq!(
        app.pane_of::<scrm_tui::domain::OutflowAlert>()
            .selected_record()
            .unwrap()
            .key(),
        selected
    );
    assert_eq!(app.pane_of::<scrm_tui::domain::OutflowAlert>().new_above, 2);
    let screen = common::render_text(&app);
    assert!(screen.contains("↑ 2 new"), "{screen}");
    app.update(key('g'));
    assert_eq!(app.list(Resource::Outflow).position().0, 0);
    assert_eq!(app.pane_of::<scrm_tui::domain::OutflowAlert>().new_above, 0);
    assert!(!common::render_text(&app).contains("↑ 2 new"));
}

#[test]
fn the_selection_stays_on_its_alert_when_new_ones_arrive_above() {
    let (mut app, t0) = live_app(false);
    app.update(key('3'));
    app.update(key('j'));
    let selected = app
        .pane_of::<scrm_tui::domain::OutflowAlert>()
        .selected_record()
        .unwrap()
        .key();
    app.update(Msg::Tick(t0 + Duration::from_secs(30)));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: 1,
        loaded: outflow(vec![alert("z", "mia", W + 5)], W + 30, t0),
    }));
    assert_eq!(
        app.pane_of::<scrm_tui::domain::OutflowAlert>()
            .selected_record()
            .unwrap()
            .key(),
        selected
    );
    assert_eq!(
        app.live.unread, 0,
        "seen as it arrived: the pane is on screen"
    );
}

#[test]
fn pausing_buffers_new_alerts_and_loses_nothing() {
    let (mut app, t0) = live_app(false);
    app.update(key('3'));
    app.update(key('p'));
    assert!(app.live.paused);
    app.update(Msg::Tick(t0 + Duration::from_secs(30)));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: 1,
        loaded: outflow(vec![alert("x", "mia", W + 5)], W + 30, t0),
    }));
    app.update(Msg::Tick(t0 + Duration::from_secs(60)));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: 2,
        loaded: outflow(
            vec![alert("y", "mia", W + 40), alert("x", "mia", W + 5)],
            W + 60,
            t0,
        ),
    }));
    assert_eq!(
        app.list(Resource::Outflow).counts().1,
        3,
        "nothing new on screen while paused"
    );
    assert_eq!(app.live.buffered.len(), 2, "x once, and y");
    assert_eq!(app.live.unread, 2);
    app.update(key('p'));
    assert!(!app.live.paused);
    assert_eq!(app.list(Resource::Outflow).counts().1, 5);
    assert_eq!(
        app.pane_of::<scrm_tui::domain::OutflowAlert>().records[0].customer_id,
        "y"
    );
    assert!(app.live.buffered.is_empty());
    assert_eq!(app.live.unread, 0);
}

#[test]
fn a_failed_poll_keeps_the_window_and_flashes() {
    let (mut app, t0) = live_app(false);
    app.update(Msg::Tick(t0 + Duration::from_secs(30)));
    let failed = Loaded {
        records: Records::Outflow(Vec::new()),
        errors: vec![
            VendorError::new(
                Vendor::Weiban,
                "/open-api/external_user/list/outflow",
                ErrorKind::Http {
                    status: 502,
                    detail: "Bad Gateway".into(),
                },
            )
            .into(),
        ],
        skipped: Vec::new(),
        pages: 0,
        expected_pages: Some(0),
        finished_at: t0,
        window_end: Some(W + 30),
    };
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: 1,
        loaded: failed,
    }));
    assert_eq!(
        app.list(Resource::Outflow).counts().1,
        3,
        "the alerts on screen stay"
    );
    let flash = app.flash.clone().unwrap();
    assert_eq!(flash.level, Level::Error);
    assert!(
        flash
            .text
            .contains("/open-api/external_user/list/outflow: HTTP 502")
    );
    // The next poll waits at least a poll period (more while failures go on), and the
    // status line counts down to it.
    let wait = app.live.next_poll.unwrap() - app.now;
    assert!(wait >= app.settings.poll_every, "{wait:?}");
    assert_eq!(app.live.failures, 1);
    app.update(common::key('3'));
    let status = common::render_text(&app);
    assert!(
        status.contains("⚠ weiban HTTP 502, retry in 30 s"),
        "{status}"
    );
    assert_eq!(
        poll(&mut app, t0 + Duration::from_secs(61)),
        Some((2, W - 120)),
        "asks again from the same point"
    );
}

#[test]
fn stale_polls_are_dropped_and_the_bell_rings_only_for_new_alerts() {
    let (mut app, t0) = live_app(true);
    app.update(Msg::Tick(t0 + Duration::from_secs(30)));
    assert!(
        app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
            generation: 7,
            loaded: outflow(vec![alert("q", "mia", W + 1)], W + 30, t0)
        }))
        .is_empty()
    );
    assert_eq!(
        app.list(Resource::Outflow).counts().1,
        3,
        "a poll of another generation is ignored"
    );
    assert!(
        app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
            generation: 1,
            loaded: outflow(vec![alert("q", "mia", W + 1)], W + 30, t0)
        }))
        .contains(&Cmd::Bell)
    );
    app.update(Msg::Tick(t0 + Duration::from_secs(60)));
    assert!(
        app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
            generation: 2,
            loaded: outflow(vec![alert("q", "mia", W + 1)], W + 60, t0)
        }))
        .is_empty()
    );
}
