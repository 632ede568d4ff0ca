//! Screens rendered into ratatui's `TestBackend` and compared with insta snapshots. The data is
//! the demo server's (CJK names, a very long name, an emoji, a tab, deleted stores), decoded by
//! the real decoder; times are shown in Beijing time.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::{Duration, Instant};

use common::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scrm_tui::app::App;
use scrm_tui::domain::Resource;
use scrm_tui::vendors::ErrorKind;

fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal
        .draw(|frame| scrm_tui::ui::render(app, &scrm_tui::ui::theme::Theme::default(), frame))
        .unwrap();
    screen(terminal.backend().buffer())
}

#[test]
fn stores_80x24() {
    let (app, _) = loaded_app(80, 24, Duration::from_secs(12));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn stores_120x40() {
    let (app, _) = loaded_app(120, 40, Duration::from_secs(200));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn stores_scrolled_to_the_quirky_rows_120x40() {
    // The long name, the emoji and the tab sit near the end of the demo list.
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    app.update(key('G'));
    insta::assert_snapshot!(draw(&app));
}

/// The detail of the first store with `creator_info` and its `extattr` opened.
fn detail_app(width: u16, height: u16) -> App {
    let (mut app, _) = loaded_app(width, height, Duration::from_secs(12));
    app.update(code(KeyCode::Enter));
    let detail = app.detail().unwrap();
    let creator = detail
        .tree
        .visible()
        .iter()
        .position(|&i| matches!(&detail.tree.node(i).unwrap().label, scrm_tui::json::tree::Label::Key(k) if k == "creator_info"))
        .unwrap();
    for _ in 0..creator {
        app.update(key('j'));
    }
    app.update(code(KeyCode::Enter));
    for _ in 0..10 {
        app.update(key('j'));
    }
    app.update(code(KeyCode::Enter)); // extattr, a JSON document inside a string
    app.update(key('j'));
    app.update(code(KeyCode::Enter)); // attrs
    app
}

#[test]
fn detail_80x24() {
    insta::assert_snapshot!(draw(&detail_app(80, 24)));
}

#[test]
fn detail_120x40() {
    insta::assert_snapshot!(draw(&detail_app(120, 40)));
}

#[test]
fn detail_search_finds_keys_and_values_in_closed_branches_100x30() {
    let (mut app, _) = loaded_app(100, 30, Duration::from_secs(12));
    app.update(code(KeyCode::Enter));
    app.update(key('/'));
    type_text(&mut app, "name");
    app.update(code(KeyCode::Enter));
    let detail = app.detail().unwrap();
    let search = detail.search.clone().unwrap();
    assert!(search.matches.len() >= 3, "{:?}", search.matches);
    assert_eq!(detail.cursor, search.matches[0]);
    // `n` goes to the next, opening the branch it is in; `N` back.
    app.update(key('n'));
    app.update(key('n'));
    let detail = app.detail().unwrap();
    assert_eq!(detail.cursor, search.matches[2]);
    assert!(detail.tree.visible().contains(&detail.cursor));
    app.update(key('N'));
    assert_eq!(app.detail().unwrap().cursor, search.matches[1]);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|frame| scrm_tui::ui::render(&app, &scrm_tui::ui::theme::Theme::default(), frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let marked: String = (0..30)
        .flat_map(|y| (0..100).map(move |x| (x, y)))
        .map(|xy| &buffer[xy])
        .filter(|cell| cell.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .map(|cell| cell.symbol())
        .collect();
    assert!(
        marked.contains("namename"),
        "every match on screen marked: {marked:?}"
    );
    insta::assert_snapshot!(screen(buffer));
}

#[test]
fn detail_raw_string_120x40() {
    let mut app = detail_app(120, 40);
    app.update(key('k'));
    app.update(key('s'));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn error_flash_over_the_last_good_data_80x24() {
    let (mut app, t0) = loaded_app(80, 24, Duration::from_secs(12));
    app.update(key('r'));
    let kind = ErrorKind::Http {
        status: 502,
        detail: "502 Bad Gateway".into(),
    };
    app.update(loaded_msg(
        2,
        failed(Vec::new(), kind, t0 + Duration::from_secs(13)),
    ));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn first_load_in_progress_80x24() {
    let t0 = Instant::now();
    let mut app = app(80, 24, t0);
    app.start();
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn no_vendor_configured_80x24() {
    let t0 = Instant::now();
    let mut app = app(80, 24, t0);
    app.settings.vendors.clear();
    app.settings.demo = false;
    app.start();
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn tiny_terminals_render_a_note() {
    let (mut app, _) = loaded_app(80, 24, Duration::ZERO);
    app.update(scrm_tui::app::Msg::Resize {
        width: 12,
        height: 3,
    });
    insta::assert_snapshot!(draw(&app));
}

/// The demo's outflow alerts for a server started at a fixed time, through the real decoder.
fn demo_alerts(ks: std::ops::Range<i64>) -> Vec<scrm_tui::domain::OutflowAlert> {
    use scrm_tui::demo::data::weiban_customers::Timeline;
    let timeline = Timeline::new(1_763_700_000, 1);
    let objects: Vec<String> = ks.rev().map(|k| timeline.alert(k)).collect();
    let body = format!(
        "{{\"errcode\": 0, \"errmsg\": \"ok\", \"external_user_list\": [{}], \"total_count\": {}}}",
        objects.join(", "),
        objects.len()
    );
    scrm_tui::vendors::weiban::decode_outflow_page(body.as_bytes(), 1)
        .unwrap()
        .records
}

#[test]
fn outflow_live_with_unread_badge_and_pause_120x40() {
    use scrm_tui::app::Msg;
    use scrm_tui::domain::Resource;
    use scrm_tui::domain::{Loaded, Records};
    let (mut app, t0) = loaded_app(120, 40, Duration::from_secs(5));
    let first = common::complete(
        Records::Outflow(demo_alerts(-30..0)),
        t0,
        Some(1_763_700_000),
    );
    app.update(key('r'));
    app.update(key('3'));
    app.update(key('r'));
    let generation = app.list(Resource::Outflow).status().generation;
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation,
        loaded: first,
    }));
    app.update(key('1'));
    app.update(Msg::Tick(t0 + Duration::from_secs(30)));
    let polled = Loaded {
        records: Records::Outflow(demo_alerts(-2..3)),
        errors: Vec::new(),
        skipped: Vec::new(),
        pages: 1,
        expected_pages: Some(1),
        finished_at: t0 + Duration::from_secs(31),
        window_end: Some(1_763_700_060),
    };
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Polled {
        generation: app.live.generation,
        loaded: polled,
    }));
    let stores_with_badge = draw(&app);
    app.update(key('3'));
    app.update(key('p'));
    insta::assert_snapshot!(format!("{stores_with_badge}\n{}", draw(&app)));
}

/// An app showing `resource` loaded from the demo server over HTTP.
async fn pane_app(resource: scrm_tui::domain::Resource, width: u16, height: u16) -> App {
    use scrm_tui::app::Msg;
    use scrm_tui::demo::{DemoOptions, DemoServer};
    use scrm_tui::fetch::{Clients, load};
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    let loaded = load(&clients, resource).await;
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let (mut app, _) = loaded_app(width, height, Duration::ZERO);
    app.settings.vendors = server.config().vendors();
    // The pane's own key, as its descriptor names it.
    let pane_key = resource.describe().key.chars().next().unwrap();
    app.update(key(pane_key));
    app.update(key('r'));
    let generation = app.list(resource).status().generation;
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource,
        generation,
        loaded,
    }));
    app
}

#[tokio::test]
async fn customers_with_tag_chips_120x40() {
    let mut app = pane_app(Resource::Customers, 120, 40).await;
    let top = draw(&app);
    // Yunzhong's customers (tags with groups, some lost) start at row 300.
    let rows = app.list_rows();
    app.list_mut(Resource::Customers)
        .select(300 + rows - 1, rows);
    insta::assert_snapshot!(format!("{top}\n{}", draw(&app)));
}

#[tokio::test]
async fn customer_detail_80x24() {
    let mut app = pane_app(Resource::Customers, 80, 24).await;
    let rows = app.list_rows();
    app.list_mut(Resource::Customers).select(300, rows);
    app.update(code(KeyCode::Enter));
    app.update(key('E'));
    insta::assert_snapshot!(draw(&app));
}

#[tokio::test]
async fn operators_80x24_and_detail_120x40() {
    let mut app = pane_app(Resource::Operators, 80, 24).await;
    let list = draw(&app);
    app.update(scrm_tui::app::Msg::Resize {
        width: 120,
        height: 40,
    });
    app.update(code(KeyCode::Enter));
    insta::assert_snapshot!(format!("{list}\n{}", draw(&app)));
}

#[test]
fn outflow_alert_detail_120x40() {
    use scrm_tui::app::Msg;
    use scrm_tui::domain::Records;
    use scrm_tui::domain::Resource;
    let (mut app, t0) = loaded_app(120, 40, Duration::ZERO);
    app.update(key('3'));
    app.update(key('r'));
    let loaded = common::complete(
        Records::Outflow(demo_alerts(-5..0)),
        t0,
        Some(1_763_700_000),
    );
    let generation = app.list(Resource::Outflow).status().generation;
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation,
        loaded,
    }));
    app.update(code(KeyCode::Enter));
    app.update(key('E'));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn filter_while_typing_120x40() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(40));
    app.update(key('/'));
    type_text(&mut app, "重庆 !观音");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|frame| scrm_tui::ui::render(&app, &scrm_tui::ui::theme::Theme::default(), frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    // The matched characters stand out: 重 and 庆 in the City column of the first row.
    let row = 3;
    let matched: Vec<&str> = (0..120)
        .map(|x| &buffer[(x, row)])
        .filter(|cell| cell.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .map(|cell| cell.symbol())
        .collect();
    assert!(
        matched.starts_with(&["重", "庆"]),
        "highlighted: {matched:?}"
    );
    insta::assert_snapshot!(screen(buffer));
}

#[test]
fn filter_by_pinyin_initials_120x40() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(40));
    app.update(key('/'));
    // Full-width, as an input method in Chinese mode types it: 广州体育 by its initials.
    type_text(&mut app, "ｇｚｔｙ");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|frame| scrm_tui::ui::render(&app, &scrm_tui::ui::theme::Theme::default(), frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let matched: String = (0..120)
        .map(|x| &buffer[(x, 3)])
        .filter(|cell| cell.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .map(|cell| cell.symbol())
        .collect();
    // The Name column's 广州体育 (the City and Address columns are not spelled out).
    assert_eq!(matched, "广州体育");
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn filter_kept_and_sorted_by_city_descending_80x24() {
    let (mut app, _) = loaded_app(80, 24, Duration::from_secs(40));
    app.update(key('/'));
    type_text(&mut app, "茶饮");
    app.update(code(KeyCode::Enter));
    app.update(key('C'));
    app.update(key('C'));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn nothing_matches_the_filter_80x24() {
    let (mut app, _) = loaded_app(80, 24, Duration::from_secs(4));
    app.update(key('/'));
    type_text(&mut app, "xyzzy");
    app.update(code(KeyCode::Enter));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn help_80x24() {
    let (mut app, _) = loaded_app(80, 24, Duration::from_secs(4));
    app.update(key('?'));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn command_line_with_completion_80x24() {
    let (mut app, _) = loaded_app(80, 24, Duration::from_secs(4));
    app.update(key(':'));
    type_text(&mut app, "cu");
    let typing = draw(&app);
    app.update(code(KeyCode::Esc));
    app.update(key(':'));
    type_text(&mut app, "export");
    insta::assert_snapshot!(format!("{typing}\n{}", draw(&app)));
}

#[test]
fn copy_toasts_80x24() {
    use scrm_tui::app::CopyOutcome as Outcome;
    let (mut app, _) = loaded_app(80, 24, Duration::from_secs(4));
    let mut screens = Vec::new();
    for outcome in [
        Outcome::Copied,
        Outcome::SentToTerminal,
        Outcome::Failed("X11 server connection timed out".into()),
    ] {
        app.update(scrm_tui::app::Msg::Copied {
            what: "id 318".into(),
            outcome,
        });
        let screen = draw(&app);
        // Only the bottom lines differ.
        screens.push(screen.lines().skip(22).collect::<Vec<_>>().join("\n"));
    }
    insta::assert_snapshot!(screens.join("\n"));
}

#[test]
fn value_popup_80x24() {
    let (mut app, _) = loaded_app(80, 24, Duration::from_secs(4));
    app.update(key('v'));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn stale_warning_80x24() {
    // Loaded 20 minutes ago with a 5-minute refresh that has failed since.
    let (mut app, t0) = loaded_app(80, 24, Duration::from_secs(20 * 60));
    app.update(key('r'));
    let generation = app.list(Resource::Stores).status().generation;
    app.update(loaded_msg(
        generation,
        failed(Vec::new(), ErrorKind::Timeout, t0),
    ));
    app.flash = None;
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn first_frame_from_the_offline_cache_80x24() {
    let t0 = Instant::now();
    let mut app = app(80, 24, t0);
    app.update(scrm_tui::app::Msg::Cached {
        records: scrm_tui::domain::Records::Stores(demo_stores()).into(),
        age: Duration::from_secs(3 * 60),
    });
    app.start();
    insta::assert_snapshot!(draw(&app));
}

#[tokio::test]
async fn customers_in_chinese_100x30() {
    let mut app = pane_app(Resource::Customers, 100, 30).await;
    app.settings.lang = scrm_tui::i18n::Lang::Zh;
    let rows = app.list_rows();
    app.list_mut(Resource::Customers).select(300, rows);
    let list = draw(&app);
    app.update(key('?'));
    insta::assert_snapshot!(format!("{list}\n{}", draw(&app)));
}

#[test]
fn every_overlay_renders_at_every_small_size() {
    let widths = [1, 2, 5, 10, 19, 20, 21, 33, 40, 79, 80, 81, 120];
    let heights = [1, 2, 3, 4, 5, 6, 7, 8, 10, 24, 40];
    for (width, height) in widths
        .iter()
        .flat_map(|&w| heights.iter().map(move |&h| (w, h)))
    {
        for setup in ["/重庆", ":exp", "?", "v", "C"] {
            let (mut app, _) = loaded_app(width, height, Duration::from_secs(4));
            for c in setup.chars() {
                app.update(key(c));
            }
            app.update(key('j'));
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| {
                    scrm_tui::ui::render(&app, &scrm_tui::ui::theme::Theme::default(), frame)
                })
                .unwrap_or_else(|e| panic!("{width}×{height} {setup}: {e}"));
        }
    }
}

/// The demo's context of an alert's customer (detail and events), through the real decoders.
fn demo_context(customer_id: &str) -> scrm_tui::domain::CustomerContext {
    use scrm_tui::demo::data::{weiban_context, weiban_customers};
    let timeline = weiban_customers::Timeline::new(1_763_700_000, 1);
    let (seed, record) = weiban_customers::find(customer_id, &timeline, 1, 1_763_700_000).unwrap();
    let detail = format!(
        "{{\"errcode\":0,\"errmsg\":\"ok\",\"total\":1,\"external_user\":{}}}",
        weiban_context::detail(seed, &record)
    );
    let events = weiban_context::events(seed, &record);
    let events = format!(
        "{{\"errcode\":0,\"errmsg\":\"ok\",\"total\":{},\"event_list\":[{}]}}",
        events.len(),
        events.join(",")
    );
    scrm_tui::domain::CustomerContext {
        detail: scrm_tui::vendors::weiban::decode_customer_detail(detail.as_bytes()).unwrap(),
        events: Ok(scrm_tui::vendors::weiban::decode_events(events.as_bytes()).unwrap()),
    }
}

/// The Outflow pane with the demo's five latest alerts of history, the `n`-th opened and its
/// context arrived.
fn story_app(width: u16, height: u16, n: usize, lang: scrm_tui::i18n::Lang) -> App {
    use scrm_tui::app::Msg;
    use scrm_tui::domain::{Records, Resource, Vendor};
    let (mut app, t0) = loaded_app(width, height, Duration::ZERO);
    app.settings.lang = lang;
    app.update(key('3'));
    app.update(key('r'));
    let alerts = demo_alerts(-12..0);
    let generation = app.list(Resource::Outflow).status().generation;
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation,
        loaded: common::complete(Records::Outflow(alerts), t0, Some(1_763_700_000)),
    }));
    for _ in 0..n {
        app.update(key('j'));
    }
    app.update(code(KeyCode::Enter));
    let id = app.detail().unwrap().record_id.clone();
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Context {
        vendor: Vendor::Weiban,
        account: Default::default(),
        customer_id: id.clone(),
        context: Some(Ok(demo_context(&id))),
    }));
    app
}

#[test]
fn outflow_alert_story_80x24() {
    // An alert whose customer another staff member still follows.
    let app = story_app(80, 24, 0, scrm_tui::i18n::Lang::En);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn outflow_alert_story_in_chinese_120x40() {
    // A customer re-added by the staff member they left.
    let app = story_app(120, 40, 3, scrm_tui::i18n::Lang::Zh);
    insta::assert_snapshot!(draw(&app));
}

/// The demo's customers (every vendor), its stores and its 480 alerts of history, with the
/// alert of person `ALERT_SEEDS + person` selected and `x` pressed on it.
async fn related_app(width: u16, height: u16, person: usize, lang: scrm_tui::i18n::Lang) -> App {
    use scrm_tui::app::Msg;
    use scrm_tui::domain::{Loaded, Records, Resource};
    let mut app = pane_app(Resource::Customers, width, height).await;
    app.settings.lang = lang;
    let t0 = app.now;
    let loaded = |records| Loaded {
        records,
        errors: Vec::new(),
        skipped: Vec::new(),
        pages: 1,
        expected_pages: Some(1),
        finished_at: t0,
        window_end: Some(1_763_700_000),
    };
    app.update(key('1'));
    app.update(key('r'));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Stores,
        generation: app.list(Resource::Stores).status().generation,
        loaded: loaded(Records::Stores(common::demo_stores())),
    }));
    app.update(key('3'));
    app.update(key('r'));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation: app.list(Resource::Outflow).status().generation,
        loaded: loaded(Records::Outflow(demo_alerts(-480..0))),
    }));
    // Newest first: person i's alert is k = i − 480.
    let rows = app.list_rows();
    app.list_mut(Resource::Outflow).select(479 - person, rows);
    app.update(key('x'));
    app
}

#[tokio::test]
async fn related_records_of_an_alert_120x40() {
    // Yunzhong knows this person by the same external userid.
    let app = related_app(120, 40, 120, scrm_tui::i18n::Lang::En).await;
    insta::assert_snapshot!(draw(&app));
}

#[tokio::test]
async fn related_records_in_chinese_80x24() {
    // Tanma knows this person only by a phone number: a possible match.
    let app = related_app(80, 24, 123, scrm_tui::i18n::Lang::Zh).await;
    insta::assert_snapshot!(draw(&app));
}

/// Insights over the demo's 480 alerts of history (its daily rhythm and its burst).
fn insights_app(width: u16, height: u16, lang: scrm_tui::i18n::Lang) -> App {
    use scrm_tui::app::Msg;
    use scrm_tui::domain::{Records, Resource};
    let (mut app, t0) = loaded_app(width, height, Duration::ZERO);
    app.settings.lang = lang;
    app.update(key('3'));
    app.update(key('r'));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation: app.list(Resource::Outflow).status().generation,
        loaded: common::complete(
            Records::Outflow(demo_alerts(-480..0)),
            t0,
            Some(1_763_700_000),
        ),
    }));
    app.update(key('5'));
    app
}

#[test]
fn insights_80x24() {
    let app = insights_app(80, 24, scrm_tui::i18n::Lang::En);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn insights_in_chinese_120x40() {
    let mut app = insights_app(120, 40, scrm_tui::i18n::Lang::Zh);
    app.update(key('j'));
    insta::assert_snapshot!(draw(&app));
}
