//! Records streaming into a pane while a load is under way: `update` alone, then the real fetch
//! task against the demo server (with and without Weiban's limits enforced).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use scrm_tui::app::{Cmd, Msg};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::LoadEvent;
use scrm_tui::domain::{Customer, Resource, Store};
use scrm_tui::domain::{Progress, Records};
use scrm_tui::fetch::{Clients, Fetcher};
use scrm_tui::vendors::ErrorKind;
use scrm_tui::vendors::limit::{Limits, Rate};

fn arrived(generation: u64, stores: &[Store], loaded: u64, expected: u64) -> Msg {
    Msg::from(scrm_tui::domain::LoadEvent::Arrived {
        resource: Resource::Stores,
        generation,
        records: Records::Stores(stores.to_vec()),
        progress: Progress {
            loaded,
            expected,
            open_ended: false,
            ..Progress::default()
        },
    })
}

/// The status line: the last line of the screen.
fn status_line(app: &scrm_tui::app::App) -> String {
    let text = draw_text(app);
    text.lines()
        .nth(usize::from(app.height) - 1)
        .map(str::to_owned)
        .unwrap_or_default()
}

fn draw_text(app: &scrm_tui::app::App) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.width, app.height)).unwrap();
    terminal
        .draw(|f| scrm_tui::ui::render(app, &scrm_tui::ui::theme::Theme::default(), f))
        .unwrap();
    screen(terminal.backend().buffer())
}

/// Presses `r` and returns the generation of the fetch it starts.
fn refresh(app: &mut scrm_tui::app::App) -> u64 {
    let cmds = app.update(key('r'));
    let [Cmd::Fetch { generation, .. }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    *generation
}

/// The first load of an empty pane shows each batch as it arrives, with the progress.
#[test]
fn a_first_load_streams_onto_the_screen_with_progress() {
    let t0 = Instant::now();
    let mut app = app(120, 30, t0);
    app.start();
    let stores = demo_stores();
    app.update(arrived(1, &stores[..50], 50, 120));
    assert_eq!(app.list(Resource::Stores).counts().1, 50);
    assert!(app.list(Resource::Stores).status().loading);
    assert_eq!(
        app.list(Resource::Stores).selected_id().unwrap(),
        stores[0].id
    );
    let status = status_line(&app);
    assert!(status.contains("loading 50 / 120"), "{status}");

    // The user moves down while more arrive: the selection stays on its record.
    app.update(key('j'));
    app.update(key('j'));
    app.update(arrived(1, &stores[50..100], 100, 120));
    assert_eq!(app.list(Resource::Stores).counts().1, 100);
    assert_eq!(
        app.list(Resource::Stores).selected_id().unwrap(),
        stores[2].id
    );

    let cmds = app.update(loaded_msg(1, ok(stores[100..].to_vec(), t0)));
    assert_eq!(app.list(Resource::Stores).counts().1, 120);
    assert!(!app.list(Resource::Stores).status().loading);
    assert_eq!(
        app.list(Resource::Stores).selected_id().unwrap(),
        stores[2].id
    );
    assert!(!status_line(&app).contains("loading"));
    assert!(
        cmds.contains(&Cmd::SaveCache(app.snapshot(Resource::Stores))),
        "a complete load is saved: {cmds:?}"
    );
}

/// A filter typed during the first load applies to the records still arriving.
#[test]
fn streamed_records_pass_through_the_filter_and_sort() {
    let t0 = Instant::now();
    let mut app = app(120, 30, t0);
    app.start();
    let stores = demo_stores();
    app.update(arrived(1, &stores[..60], 60, 120));
    type_text(&mut app, "/重庆");
    app.update(code(crossterm::event::KeyCode::Enter));
    app.update(key('N')); // sort by name
    app.update(arrived(1, &stores[60..], 120, 120));
    let want: Vec<&str> = {
        let mut names: Vec<&str> = stores
            .iter()
            .filter(|s| s.name.contains("重庆"))
            .map(|s| s.name.as_str())
            .collect();
        names.sort();
        names
    };
    assert!(!want.is_empty());
    let shown: Vec<&str> = app
        .pane_of::<scrm_tui::domain::Store>()
        .rows(0)
        .map(|s| s.name.as_str())
        .collect();
    let (count, total) = app.list(scrm_tui::domain::Resource::Stores).counts();
    assert_eq!((count, total), (want.len(), 120));
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(shown, sorted, "sorted by name");
}

/// A refresh of a pane that shows data keeps showing it until the refresh completes, then
/// swaps in one step; an older generation's batches are dropped.
#[test]
fn a_refresh_keeps_the_old_rows_until_it_completes() {
    let (mut app, t0) = loaded_app(120, 30, Duration::from_secs(3));
    let stores = demo_stores();
    let generation = refresh(&mut app);
    app.update(arrived(generation, &stores[..10], 10, 120));
    assert_eq!(
        app.list(Resource::Stores).counts().1,
        120,
        "the old rows stay"
    );
    let status = status_line(&app);
    assert!(status.contains("loading 10 / 120"), "{status}");
    // A batch of the previous generation is dropped.
    app.update(arrived(generation - 1, &stores[..5], 5, 120));
    app.update(arrived(generation, &stores[10..20], 20, 120));
    app.update(loaded_msg(generation, ok(Vec::new(), t0)));
    assert_eq!(
        app.list(Resource::Stores).counts().1,
        20,
        "the refresh's rows, swapped in"
    );
    assert!(app.list(Resource::Stores).status().error.is_none());
}

/// A refresh that brings back unchanged objects keeps one copy of each: decoding a response
/// again shares the raw text already held, and the pane keeps the record it holds instead of
/// the copy that arrived, so memory does not double while a refresh gathers.
#[test]
fn unchanged_records_are_kept_not_copied_across_a_refresh() {
    let (mut app, t0) = loaded_app(120, 30, Duration::from_secs(3));
    let old: Vec<std::sync::Arc<Store>> = app.pane_of::<scrm_tui::domain::Store>().records.to_vec();
    // The same objects decoded again from a new response body, one of them changed.
    let mut objects: Vec<String> = old.iter().map(|s| s.raw.text()).collect();
    objects[7] = objects[7].replacen('{', "{\"changed\": true, ", 1);
    let body = format!(
        "{{\"data\": {{\"has_next\": false, \"objects\": [{}], \"total_count\": 120}}, \"status_code\": 200, \"status_message\": \"ok\", \"success\": true}}",
        objects.join(", ")
    );
    let fresh = scrm_tui::vendors::weiban::decode_store_page(body.as_bytes(), 1)
        .unwrap()
        .records;
    let generation = refresh(&mut app);
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Arrived {
        resource: Resource::Stores,
        generation,
        records: Records::Stores(fresh[..60].to_vec()),
        progress: Progress::default(),
    }));
    app.update(loaded_msg(generation, ok(fresh[60..].to_vec(), t0)));
    let now = &app.pane_of::<scrm_tui::domain::Store>().records;
    assert_eq!(now.len(), old.len());
    for (i, (new, old)) in now.iter().zip(&old).enumerate() {
        assert_eq!(new.raw.shares(&old.raw), i != 7, "record {i}");
        assert_eq!(std::sync::Arc::ptr_eq(new, old), i != 7, "record {i}");
    }
    assert!(now[7].raw.text().contains("\"changed\": true"));
}

/// A refresh that fails half-way leaves the last good rows on screen; a first load that fails
/// half-way keeps what arrived, marked partial.
#[test]
fn a_failed_load_keeps_the_last_good_rows_or_marks_partial() {
    let (mut app, t0) = loaded_app(120, 30, Duration::from_secs(3));
    let stores = demo_stores();
    let generation = refresh(&mut app);
    app.update(arrived(generation, &stores[..10], 10, 120));
    let cmds = app.update(loaded_msg(
        generation,
        failed(Vec::new(), ErrorKind::Timeout, t0),
    ));
    assert!(
        cmds.is_empty(),
        "an incomplete load is not cached: {cmds:?}"
    );
    assert_eq!(app.list(Resource::Stores).counts().1, 120);
    assert!(app.list(Resource::Stores).status().partial.is_none());
    assert!(app.list(Resource::Stores).status().error.is_some());

    let mut app = common::app(120, 30, t0);
    app.start();
    app.update(arrived(1, &stores[..10], 10, 120));
    app.update(loaded_msg(1, failed(Vec::new(), ErrorKind::Timeout, t0)));
    assert_eq!(app.list(Resource::Stores).counts().1, 10);
    assert!(app.list(Resource::Stores).status().partial.is_some());
}

/// Vendors loaded side by side deliver their pages interleaved; once complete the pane shows
/// them in vendor order, as `get` prints them.
#[test]
fn interleaved_vendors_settle_into_vendor_order() {
    use scrm_tui::domain::Vendor;
    let customer = |vendor: Vendor, id: &str| Customer {
        account: Default::default(),
        vendor,
        id: id.into(),
        name: id.into(),
        remark: String::new(),
        staff: String::new(),
        tags: Vec::new(),
        status: scrm_tui::domain::CustomerStatus::Normal,
        added_at: None,
        keys: Default::default(),
        raw: scrm_tui::domain::RawJson::new("{}"),
    };
    let t0 = Instant::now();
    let mut app = common::app(120, 30, t0);
    app.settings.vendors = vec![Vendor::Weiban, Vendor::Yunzhong, Vendor::Tanma];
    app.start();
    app.update(key('2'));
    let batches = [
        vec![customer(Vendor::Tanma, "t1")],
        vec![customer(Vendor::Weiban, "w1")],
        vec![customer(Vendor::Yunzhong, "y1")],
        vec![customer(Vendor::Weiban, "w2")],
    ];
    let generation = app.list(Resource::Customers).status().generation;
    for (i, batch) in batches.into_iter().enumerate() {
        app.update(Msg::from(scrm_tui::domain::LoadEvent::Arrived {
            resource: Resource::Customers,
            generation,
            records: Records::Customers(batch),
            progress: Progress {
                loaded: i as u64 + 1,
                expected: 4,
                open_ended: true,
                ..Progress::default()
            },
        }));
    }
    let status = status_line(&app);
    assert!(status.contains("loading 4 / 4+"), "{status}");
    let ids = |app: &scrm_tui::app::App| -> Vec<String> {
        app.pane_of::<scrm_tui::domain::Customer>()
            .rows(0)
            .map(|c| c.id.clone())
            .collect()
    };
    assert_eq!(
        ids(&app),
        ["t1", "w1", "y1", "w2"],
        "arrival order meanwhile"
    );
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Customers,
        generation,
        loaded: scrm_tui::domain::Loaded {
            records: Records::Customers(Vec::new()),
            errors: Vec::new(),
            skipped: Vec::new(),
            pages: 4,
            expected_pages: Some(4),
            finished_at: t0,
            window_end: None,
        },
    }));
    assert_eq!(ids(&app), ["w1", "w2", "y1", "t1"]);
}

async fn next_msg(rx: &mut tokio::sync::mpsc::UnboundedReceiver<LoadEvent>) -> Msg {
    tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .expect("a message within 30 s")
        .expect("the channel is open")
        .into()
}

/// The real fetch task: customers from three vendors arrive in batches with growing progress,
/// and the pane ends with every record, in the order `get` prints them.
#[tokio::test]
async fn the_fetch_task_streams_customers_from_three_vendors() {
    let server = DemoServer::start(
        ([127, 0, 0, 1], 0).into(),
        DemoOptions {
            scale: 3,
            ..DemoOptions::default()
        },
    )
    .await
    .unwrap();
    let config = server.config();
    let clients = Arc::new(Clients::from_config(&config).unwrap());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut fetcher = Fetcher::new(clients.clone(), tx);
    let mut app = common::app(120, 30, Instant::now());
    app.settings.vendors = config.vendors();
    app.update(key('2'));
    fetcher.spawn(Resource::Customers, refresh(&mut app));
    let mut last = 0;
    let mut batches = 0;
    loop {
        let msg = next_msg(&mut rx).await;
        let Msg::Load(event) = &msg else {
            panic!("{msg:?}");
        };
        match &**event {
            scrm_tui::domain::LoadEvent::Arrived { progress, .. } => {
                assert!(progress.loaded > last, "progress grows");
                assert!(progress.loaded <= progress.expected);
                last = progress.loaded;
                batches += 1;
            }
            scrm_tui::domain::LoadEvent::Loaded { loaded, .. } => {
                assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
                app.update(msg);
                break;
            }
            other => panic!("{other:?}"),
        }
        app.update(msg);
    }
    assert!(batches >= 1);
    assert_eq!(last, 2_700);
    let shown: Vec<String> = app
        .pane_of::<scrm_tui::domain::Customer>()
        .rows(0)
        .map(|c| c.id.clone())
        .collect();
    let all = scrm_tui::fetch::load(&*clients, Resource::Customers).await;
    let Records::Customers(all) = all.records else {
        panic!()
    };
    let want: Vec<String> = all.iter().map(|c| c.id.clone()).collect();
    assert_eq!(shown, want);
}

/// A demo server enforcing Weiban's limits (scaled down to a one-second window so the test is
/// quick) against clients that keep them — no 10052/10053 ever — and one that does not.
#[tokio::test]
async fn weiban_limits_are_kept_client_side() {
    let limits = Limits {
        in_flight: 5,
        rates: vec![Rate {
            calls: 20,
            per: Duration::from_secs(1),
        }],
        ..Limits::lifted(5)
    };
    let server = DemoServer::start(
        ([127, 0, 0, 1], 0).into(),
        DemoOptions {
            weiban_limits: Some(scrm_tui::demo::EnforcedLimits {
                in_flight: 5,
                rates: vec![(20, Duration::from_secs(1))],
            }),
            ..DemoOptions::default()
        },
    )
    .await
    .unwrap();
    let weiban = |limits: Limits, page_size: u32| {
        scrm_tui::vendors::weiban::WeibanClient::new(
            scrm_tui::vendors::weiban::WeibanSettings {
                account: Default::default(),
                base_url: server.base_url(),
                corp_id: scrm_tui::demo::CORP_ID.into(),
                secret: scrm_tui::redact::Secret::new(scrm_tui::demo::WEIBAN_SECRET),
                page_size,
                limits,
            },
            scrm_tui::vendors::http::client(Default::default()).unwrap(),
        )
    };
    // 30 pages of customers and 12 of stores, at once: more than 20 a second on each endpoint.
    let client = weiban(limits.clone(), 10);
    let (customers, stores) = tokio::join!(client.customers(), client.stores());
    assert!(customers.is_complete(), "{:?}", customers.error);
    assert!(stores.is_complete(), "{:?}", stores.error);
    assert_eq!((customers.pages, customers.records.len()), (30, 300));
    assert_eq!(server.stats().weiban_limited, 0);

    // Without the client-side limits the server refuses, as the vendor would.
    let greedy = weiban(Limits::lifted(16), 10);
    let listing = greedy.customers().await;
    let error = listing.error.expect("the server's limit answer");
    assert!(
        matches!(
            error.kind,
            ErrorKind::Api {
                code: 10052 | 10053,
                ..
            }
        ),
        "{error}"
    );
    assert!(server.stats().weiban_limited > 0);
}
