//! `update`, tested without a terminal or a network: messages in, state and commands out.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use common::*;
use crossterm::event::KeyCode;
use scrm_tui::app::{Cmd, Level, Msg};
use scrm_tui::domain::{Resource, Skipped, Vendor};
use scrm_tui::vendors::ErrorKind;

const ROWS_80X24: usize = 18;

#[test]
fn start_fetches_every_pane_a_configured_vendor_serves() {
    let t0 = Instant::now();
    let mut app = app(80, 24, t0);
    let fetch = |resource| Cmd::Fetch {
        resource,
        generation: 1,
    };
    // Weiban serves stores, customers, outflow and staff; operators need Youmi. With
    // outflow comes its triage log.
    assert_eq!(
        app.start(),
        vec![
            fetch(Resource::Stores),
            fetch(Resource::Customers),
            fetch(Resource::Outflow),
            fetch(Resource::Staff),
            Cmd::FetchTriage { after: 0 },
        ]
    );
    assert!(
        app.list(Resource::Stores).status().loading
            && app.list(Resource::Customers).status().loading
            && app.list(Resource::Outflow).status().loading
    );
    assert!(!app.list(Resource::Operators).status().loading);
    assert!(app.take_dirty());
}

#[test]
fn number_keys_and_tab_switch_panes() {
    let (mut app, _) = loaded_app(80, 24, Duration::ZERO);
    assert_eq!(app.pane, Resource::Stores);
    app.update(key('3'));
    assert_eq!(app.pane, Resource::Outflow);
    app.update(code(KeyCode::Tab));
    assert_eq!(app.pane, Resource::Operators);
    app.update(code(KeyCode::Tab));
    assert_eq!(app.pane, Resource::Staff);
    app.update(code(KeyCode::Tab));
    assert_eq!(app.pane, Resource::Stores, "Tab wraps around");
    app.update(code(KeyCode::BackTab));
    assert_eq!(app.pane, Resource::Staff);
    app.update(key('6'));
    assert_eq!(app.pane, Resource::Staff);
    // Each pane keeps its own selection; a pane switch closes the detail view.
    app.update(key('1'));
    app.update(key('j'));
    app.update(code(KeyCode::Enter));
    app.update(key('2'));
    assert!(app.detail().is_none());
    app.update(key('1'));
    assert_eq!(app.list(Resource::Stores).position().0, 1);
    // `r` refreshes the pane on screen.
    app.update(key('2'));
    assert_eq!(
        app.update(key('r')),
        vec![Cmd::Fetch {
            resource: Resource::Customers,
            generation: 2
        }]
    );
}

#[test]
fn without_a_vendor_nothing_is_fetched() {
    let t0 = Instant::now();
    let mut app = app(80, 24, t0);
    app.settings.vendors.clear();
    assert!(app.start().is_empty());
    assert!(app.update(key('r')).is_empty());
    assert!(!app.list(Resource::Stores).status().loading);
}

#[test]
fn a_load_fills_the_pane() {
    let (app, t0) = loaded_app(80, 24, Duration::from_secs(12));
    assert_eq!(app.list(Resource::Stores).counts().1, 120);
    assert!(!app.list(Resource::Stores).status().loading);
    assert_eq!(app.list(Resource::Stores).status().loaded_at, Some(t0));
    assert_eq!(app.list(Resource::Stores).position().0, 0);
    assert!(app.flash.is_none());
}

#[test]
fn results_of_an_older_fetch_are_dropped() {
    let t0 = Instant::now();
    let mut app = app(80, 24, t0);
    app.start();
    assert_eq!(
        app.update(key('r')),
        vec![Cmd::Fetch {
            resource: Resource::Stores,
            generation: 2
        }]
    );
    let stores = demo_stores();
    app.update(loaded_msg(1, ok(stores[..3].to_vec(), t0)));
    assert!(
        (app.list(Resource::Stores).counts().1 == 0),
        "generation 1 is stale"
    );
    assert!(app.list(Resource::Stores).status().loading);
    app.update(loaded_msg(2, ok(stores, t0)));
    assert_eq!(app.list(Resource::Stores).counts().1, 120);
    assert!(!app.list(Resource::Stores).status().loading);
}

#[test]
fn navigation_moves_and_scrolls_within_bounds() {
    let (mut app, _) = loaded_app(80, 24, Duration::ZERO);
    app.update(key('k'));
    assert_eq!(
        app.list(Resource::Stores).position().0,
        0,
        "already at the top"
    );
    app.update(key('j'));
    app.update(code(KeyCode::Down));
    assert_eq!(app.list(Resource::Stores).position().0, 2);
    app.update(code(KeyCode::PageDown));
    assert_eq!(app.list(Resource::Stores).position().0, 2 + ROWS_80X24);
    assert_eq!(
        app.list(Resource::Stores).position().1,
        3,
        "the selection stays on the last row on screen"
    );
    app.update(key('G'));
    assert_eq!(app.list(Resource::Stores).position().0, 119);
    assert_eq!(app.list(Resource::Stores).position().1, 120 - ROWS_80X24);
    app.update(key('j'));
    assert_eq!(
        app.list(Resource::Stores).position().0,
        119,
        "already at the bottom"
    );
    app.update(code(KeyCode::PageUp));
    assert_eq!(app.list(Resource::Stores).position().0, 119 - ROWS_80X24);
    app.update(key('g'));
    assert_eq!(
        (
            app.list(Resource::Stores).position().0,
            app.list(Resource::Stores).position().1
        ),
        (0, 0)
    );
    app.update(code(KeyCode::End));
    app.update(code(KeyCode::Home));
    assert_eq!(app.list(Resource::Stores).position().0, 0);
}

#[test]
fn the_selection_follows_its_record_across_a_refresh() {
    let (mut app, t0) = loaded_app(80, 24, Duration::ZERO);
    for _ in 0..5 {
        app.update(key('j'));
    }
    let id = app.list(Resource::Stores).selected_id().unwrap();
    let mut stores = demo_stores();
    stores.reverse();
    app.update(key('r'));
    app.update(loaded_msg(2, ok(stores, t0)));
    assert_eq!(app.list(Resource::Stores).selected_id().unwrap(), id);
    assert_eq!(app.list(Resource::Stores).position().0, 114);
}

#[test]
fn when_the_selected_record_is_gone_the_selection_stays_on_its_row() {
    let (mut app, t0) = loaded_app(80, 24, Duration::ZERO);
    for _ in 0..5 {
        app.update(key('j'));
    }
    let id = app.list(Resource::Stores).selected_id().unwrap();
    let stores: Vec<_> = demo_stores().into_iter().filter(|s| s.id != id).collect();
    app.update(key('r'));
    app.update(loaded_msg(2, ok(stores, t0)));
    assert_eq!(app.list(Resource::Stores).position().0, 5);
    // And a shorter list clamps it.
    app.update(key('r'));
    app.update(loaded_msg(3, ok(demo_stores()[..2].to_vec(), t0)));
    assert_eq!(app.list(Resource::Stores).position().0, 1);
}

#[test]
fn an_error_keeps_the_last_good_data_and_flashes_vendor_endpoint_and_code() {
    let (mut app, t0) = loaded_app(80, 24, Duration::ZERO);
    app.update(key('j'));
    app.update(key('r'));
    let refused = ErrorKind::Api {
        field: "errcode",
        code: 10001,
        message: "access_token 无效".into(),
        hint: None,
    };
    app.update(loaded_msg(
        2,
        failed(Vec::new(), refused, t0 + Duration::from_secs(60)),
    ));
    assert_eq!(
        app.list(Resource::Stores).counts().1,
        120,
        "the last good data stays"
    );
    assert_eq!(app.list(Resource::Stores).position().0, 1);
    assert_eq!(
        app.list(Resource::Stores).status().loaded_at,
        Some(t0),
        "freshness is of the last good load"
    );
    assert!(app.list(Resource::Stores).status().partial.is_none());
    let flash = app.flash.clone().expect("a flash");
    assert_eq!(flash.level, Level::Error);
    assert_eq!(
        flash.text,
        "weiban /open-api/contact_way/store/list: errcode 10001 (access_token 无效)"
    );
    assert!(app.list(Resource::Stores).status().error.is_some());

    // The next good load clears the error.
    app.update(key('r'));
    app.update(loaded_msg(
        3,
        ok(demo_stores(), t0 + Duration::from_secs(90)),
    ));
    assert!(app.list(Resource::Stores).status().error.is_none());
    assert_eq!(
        app.list(Resource::Stores).status().loaded_at,
        Some(t0 + Duration::from_secs(90))
    );
}

#[test]
fn a_partial_first_load_is_shown_as_partial() {
    let t0 = Instant::now();
    let mut app = app(80, 24, t0);
    app.start();
    let first_page = demo_stores()[..100].to_vec();
    app.update(loaded_msg(1, failed(first_page, ErrorKind::Timeout, t0)));
    assert_eq!(app.list(Resource::Stores).counts().1, 100);
    assert!(app.list(Resource::Stores).status().partial.is_some());
    assert_eq!(
        app.list(Resource::Stores).status().loaded_at,
        None,
        "never completely loaded"
    );
    app.update(key('r'));
    app.update(loaded_msg(2, ok(demo_stores(), t0)));
    assert!(app.list(Resource::Stores).status().partial.is_none());
    assert_eq!(app.list(Resource::Stores).counts().1, 120);
}

#[test]
fn a_first_load_where_nothing_arrived_is_an_error_not_partial_data() {
    let t0 = Instant::now();
    let mut app = app(80, 24, t0);
    app.start();
    let mut nothing = failed(Vec::new(), ErrorKind::Timeout, t0);
    nothing.pages = 0;
    app.update(loaded_msg(1, nothing));
    assert!((app.list(Resource::Stores).counts().1 == 0));
    assert!(app.list(Resource::Stores).status().error.is_some());
    assert_eq!(app.list(Resource::Stores).status().partial, None);
}

#[test]
fn skipped_records_are_reported() {
    let t0 = Instant::now();
    let mut app = app(80, 24, t0);
    app.start();
    let mut loaded = ok(demo_stores(), t0);
    loaded.skipped = vec![Skipped {
        vendor: Vendor::Weiban,
        endpoint: "/open-api/contact_way/store/list",
        page: 2,
        index: 4,
        id: Some("245".into()),
        reason: "created_at: invalid type: map".into(),
    }];
    app.update(loaded_msg(1, loaded));
    let flash = app.flash.clone().unwrap();
    assert_eq!(flash.level, Level::Warn);
    assert!(
        flash.text.contains("record 5 of page 2 (id 245)") && flash.text.contains("created_at"),
        "{}",
        flash.text
    );
    assert!(
        app.list(Resource::Stores).status().error.is_none(),
        "a skipped record is not a failed load"
    );
}

#[test]
fn enter_opens_the_detail_and_esc_returns_to_the_same_row() {
    let (mut app, _) = loaded_app(80, 24, Duration::ZERO);
    for _ in 0..3 {
        app.update(key('j'));
    }
    let id = app.list(Resource::Stores).selected_id().unwrap();
    app.update(code(KeyCode::Enter));
    let detail = app.detail().expect("detail open");
    assert_eq!(detail.record_id, id);
    assert_eq!(detail.resource, Resource::Stores);
    // Keys now move in the tree, not in the list.
    app.update(key('j'));
    assert_eq!(app.list(Resource::Stores).position().0, 3);
    app.update(code(KeyCode::Esc));
    assert!(app.detail().is_none());
    assert_eq!(app.list(Resource::Stores).selected_id().unwrap(), id);
}

#[test]
fn the_detail_tree_expands_and_collapses() {
    let (mut app, _) = loaded_app(80, 24, Duration::ZERO);
    app.update(code(KeyCode::Enter));
    let labels = |app: &scrm_tui::app::App| -> Vec<String> {
        let d = app.detail().unwrap();
        d.tree
            .visible()
            .iter()
            .map(|&i| match &d.tree.node(i).unwrap().label {
                scrm_tui::json::tree::Label::Key(k) => k.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    };
    let top = labels(&app);
    assert_eq!(top.len(), 25);
    let creator = top.iter().position(|l| l == "creator_info").unwrap();
    for _ in 0..creator {
        app.update(key('j'));
    }
    app.update(code(KeyCode::Enter));
    assert_eq!(labels(&app).len(), 25 + 40, "creator_info opened");
    app.update(code(KeyCode::Right));
    let detail = app.detail().unwrap();
    assert_eq!(
        detail.tree.node(detail.cursor).unwrap().depth,
        2,
        "→ on an open branch steps inside"
    );
    app.update(key('h'));
    let detail = app.detail().unwrap();
    assert_eq!(
        detail.tree.node(detail.cursor).unwrap().depth,
        1,
        "h on a leaf steps to the parent"
    );
    app.update(code(KeyCode::Left));
    assert_eq!(labels(&app).len(), 25, "← on an open branch closes it");
    app.update(key('E'));
    assert!(labels(&app).len() > 65);
    app.update(key('C'));
    assert_eq!(labels(&app).len(), 25);
}

#[test]
fn json_in_a_string_toggles_between_tree_and_raw() {
    let (mut app, _) = loaded_app(80, 24, Duration::ZERO);
    app.update(code(KeyCode::Enter));
    app.update(key('E'));
    let detail = app.detail().unwrap();
    let extattr = detail
        .tree
        .visible()
        .into_iter()
        .position(|i| {
            matches!(
                detail.tree.node(i).unwrap().value,
                scrm_tui::json::tree::Value::Embedded { .. }
            )
        })
        .unwrap();
    app.update(code(KeyCode::Home));
    for _ in 0..extattr {
        app.update(key('j'));
    }
    let before = app.detail().unwrap().tree.visible().len();
    app.update(key('s'));
    let detail = app.detail().unwrap();
    assert!(detail.tree.node(detail.cursor).unwrap().raw_shown);
    assert!(
        detail.tree.visible().len() < before,
        "the decoded children are hidden"
    );
    app.update(key('s'));
    assert_eq!(app.detail().unwrap().tree.visible().len(), before);
}

#[test]
fn quitting() {
    let (mut app, _) = loaded_app(80, 24, Duration::ZERO);
    assert_eq!(app.update(key('q')), vec![Cmd::Quit]);
    app.update(code(KeyCode::Enter));
    assert_eq!(
        app.update(ctrl('c')),
        vec![Cmd::Quit],
        "Ctrl-C quits from the detail view too"
    );
    assert_eq!(app.update(Msg::Quit), vec![Cmd::Quit]);
}

#[test]
fn refresh_starts_a_new_generation() {
    let (mut app, _) = loaded_app(80, 24, Duration::ZERO);
    assert_eq!(
        app.update(key('r')),
        vec![Cmd::Fetch {
            resource: Resource::Stores,
            generation: 2
        }]
    );
    assert!(app.list(Resource::Stores).status().loading);
    assert_eq!(
        app.list(Resource::Stores).counts().1,
        120,
        "the data stays while it refreshes"
    );
}

#[test]
fn ticks_redraw_only_when_something_visible_changed() {
    let (mut app, t0) = loaded_app(80, 24, Duration::from_secs(10));
    app.take_dirty();
    app.update(Msg::Tick(t0 + Duration::from_millis(10_400)));
    assert!(!app.take_dirty(), "still '10s ago'");
    app.update(Msg::Tick(t0 + Duration::from_secs(11)));
    assert!(app.take_dirty(), "now '11s ago'");

    app.update(key('r'));
    app.take_dirty();
    let frame = app.spinner;
    app.update(Msg::Tick(t0 + Duration::from_millis(11_100)));
    assert_eq!(app.spinner, frame + 1);
    assert!(app.take_dirty(), "the spinner turns while loading");
}

#[test]
fn a_flash_expires() {
    let (mut app, t0) = loaded_app(80, 24, Duration::ZERO);
    app.update(key('r'));
    app.update(loaded_msg(2, failed(Vec::new(), ErrorKind::Timeout, t0)));
    assert!(app.flash.is_some());
    app.update(Msg::Tick(t0 + Duration::from_secs(5)));
    assert!(app.flash.is_some());
    app.update(Msg::Tick(t0 + Duration::from_secs(11)));
    assert!(app.flash.is_none());
    assert!(
        app.list(Resource::Stores).status().error.is_some(),
        "the status line still says the refresh failed"
    );
}

#[test]
fn a_resize_keeps_the_selection_on_screen() {
    let (mut app, _) = loaded_app(120, 40, Duration::ZERO);
    for _ in 0..30 {
        app.update(key('j'));
    }
    assert_eq!(app.list(Resource::Stores).position().1, 0);
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    assert_eq!(app.list(Resource::Stores).position().0, 30);
    assert_eq!(app.list(Resource::Stores).position().1, 30 + 1 - ROWS_80X24);
    assert!(app.take_dirty());
}

#[test]
fn config_warnings_are_flashed_at_start() {
    let t0 = Instant::now();
    let app = scrm_tui::app::App::new(scrm_tui::app::Options {
        warnings: vec!["config.toml can be read by other users".into()],
        ..options(t0)
    });
    assert_eq!(app.flash.unwrap().level, Level::Warn);
}

fn options(t0: Instant) -> scrm_tui::app::Options {
    scrm_tui::app::Options {
        settings: scrm_tui::app::Settings {
            zone: beijing(),
            ..scrm_tui::app::Settings::new(vec![Vendor::Weiban])
        },
        ..scrm_tui::app::Options::new(vec![Vendor::Weiban], 80, 24, t0)
    }
}
