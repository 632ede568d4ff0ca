//! A million customers in the dashboard (issue 25, point 7), each figure a ratio measured in
//! one run on one machine: a 160×45 frame of the Customers pane holding 1 008 000 customers
//! (the demo at scale 1120) against one holding 1 000, and a filter keystroke over them
//! against one over 100 800 (scale 112) — rescanning, and narrowing (one letter typed on).
//!
//! Run: `cargo bench --bench million` (it loads 1 008 000 customers through the real
//! clients first: a minute and a few GB).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scrm_tui::app::{App, Cmd, Msg, Options};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::{Customer, LoadEvent, Loaded, Records, Resource, Vendor};
use scrm_tui::engine::filter::Query;
use scrm_tui::fetch::{Clients, load};

/// The demo's customers at `scale` (900 per unit), fetched over HTTP and decoded as the app
/// does.
fn demo_customers(scale: u32) -> Vec<Customer> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let options = DemoOptions {
            scale,
            ..DemoOptions::default()
        };
        let server = DemoServer::start(([127, 0, 0, 1], 0).into(), options)
            .await
            .expect("demo server");
        let clients = Clients::from_config(&server.config()).expect("clients");
        let loaded = load(&clients, Resource::Customers).await;
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        match loaded.records {
            Records::Customers(customers) => customers,
            _ => unreachable!(),
        }
    })
}

/// A 160×45 app showing `customers` on the Customers pane, the selection in the middle.
fn app_with(customers: Vec<Customer>) -> App {
    let now = Instant::now();
    let mut app = App::new(Options::new(Vendor::ALL.to_vec(), 160, 45, now));
    let generation = app
        .start()
        .into_iter()
        .find_map(|cmd| match cmd {
            Cmd::Fetch {
                resource: Resource::Customers,
                generation,
            } => Some(generation),
            _ => None,
        })
        .unwrap_or_default();
    app.update(Msg::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('2'),
    )));
    app.update(Msg::from(LoadEvent::Loaded {
        resource: Resource::Customers,
        generation,
        loaded: Loaded {
            records: Records::Customers(customers),
            errors: Vec::new(),
            skipped: Vec::new(),
            pages: 1,
            expected_pages: None,
            finished_at: now,
            window_end: None,
        },
    }));
    let rows = app.list_rows();
    let middle = app.list(Resource::Customers).counts().0 / 2;
    app.list_mut(Resource::Customers).select(middle, rows);
    app
}

fn million(c: &mut Criterion) {
    let all = demo_customers(1120);
    assert_eq!(all.len(), 1_008_000);
    let small = app_with(all.iter().take(1_000).cloned().collect());
    let hundred_k = app_with(all.iter().take(100_800).cloned().collect());
    let mut big = app_with(all);

    let mut group = c.benchmark_group("million");
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
    let theme = scrm_tui::ui::theme::Theme::default();
    for (name, app) in [("frame_1k", &small), ("frame_1m", &big)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| scrm_tui::ui::render(app, &theme, frame))
                    .expect("draw");
            })
        });
    }
    drop(small);

    group.measurement_time(Duration::from_secs(10));
    let queries = [Query::parse("王 #vip"), Query::parse("wang !lost")];
    let mut hundred_k = hundred_k;
    for (name, app) in [("filter_100k", &mut hundred_k), ("filter_1m", &mut big)] {
        let (locale, rows) = (app.locale(), app.list_rows());
        app.list_mut(Resource::Customers)
            .set_query(Query::parse("x"), rows, &locale);
        let mut turn = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                turn ^= 1;
                app.list_mut(Resource::Customers)
                    .set_query(queries[turn].clone(), rows, &locale);
                app.list(Resource::Customers).counts().0
            })
        });
    }
    let (before, after) = (Query::parse("wang"), Query::parse("wangf"));
    let (locale, rows) = (big.locale(), big.list_rows());
    group.bench_function("filter_1m_narrowing", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                big.list_mut(Resource::Customers)
                    .set_query(before.clone(), rows, &locale);
                let start = Instant::now();
                big.list_mut(Resource::Customers)
                    .set_query(after.clone(), rows, &locale);
                spent += start.elapsed();
            }
            spent
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = million
}
criterion_main!(benches);
