//! Dashboard benchmarks on demo data loaded through the real clients: drawing a frame of the
//! Customers pane with 1 000 and 100 000 customers, a filter keystroke over 100 000, a refresh
//! of 100 800 as the UI task takes it, decoding one Yunzhong page, and Insights over 10 026
//! outflow alerts.
//!
//! Run: `cargo bench --bench ui`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scrm_tui::app::{App, Msg, Options};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::{Customer, Resource};
use scrm_tui::domain::{Loaded, Records};
use scrm_tui::engine::filter::Query;
use scrm_tui::fetch::{Clients, load};

/// The demo's customers at `scale` (900 per unit), fetched over HTTP and decoded as in the app.
fn demo_customers(scale: u32) -> Vec<Customer> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let server = DemoServer::start(
            ([127, 0, 0, 1], 0).into(),
            DemoOptions {
                scale,
                ..DemoOptions::default()
            },
        )
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

/// A 160×45 app showing `customers` on the Customers pane.
fn app_with(customers: Vec<Customer>) -> App {
    let now = Instant::now();
    let mut app = App::new(Options::new(
        scrm_tui::domain::Vendor::ALL.to_vec(),
        160,
        45,
        now,
    ));
    let mut generation = 0;
    for cmd in app.start() {
        if let scrm_tui::app::Cmd::Fetch {
            resource: Resource::Customers,
            generation: g,
        } = cmd
        {
            generation = g;
        }
    }
    app.update(Msg::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('2'),
    )));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
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
    // Somewhere in the middle, as after some scrolling.
    let rows = app.list_rows();
    let middle = app.list(Resource::Customers).counts().0 / 2;
    app.list_mut(Resource::Customers).select(middle, rows);
    app
}

fn render(c: &mut Criterion) {
    let all = demo_customers(112);
    let mut group = c.benchmark_group("render");
    for (name, count) in [("customers_1k", 1_000), ("customers_100k", 100_000)] {
        let app = app_with(all.iter().take(count).cloned().collect());
        assert_eq!(app.list(Resource::Customers).counts().0, count);
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
        group.bench_function(name, |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| {
                        scrm_tui::ui::render(&app, &scrm_tui::ui::theme::Theme::default(), frame)
                    })
                    .expect("draw");
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("filter");
    group.measurement_time(Duration::from_secs(10));
    let mut app = app_with(all.into_iter().take(100_000).collect());
    let locale = app.locale();
    let rows = app.list_rows();
    // The searchable text is built by the first keystroke; each later one scans it.
    app.list_mut(Resource::Customers)
        .set_query(Query::parse("x"), rows, &locale);
    // Two queries neither of which narrows the other: every keystroke scans all 100 000.
    let queries = [Query::parse("王 #vip"), Query::parse("wang !lost")];
    let mut turn = 0;
    group.bench_function("customers_100k", |b| {
        b.iter(|| {
            turn ^= 1;
            app.list_mut(Resource::Customers)
                .set_query(queries[turn].clone(), rows, &locale);
            app.list(Resource::Customers).counts().0
        })
    });
    // Pinyin: initials and a full reading, neither narrowing the other.
    let queries = [Query::parse("zxw"), Query::parse("wangfang")];
    for query in &queries {
        app.list_mut(Resource::Customers)
            .set_query(query.clone(), rows, &locale);
        assert!(
            app.list(Resource::Customers).counts().0 > 0,
            "{}",
            query.text()
        );
    }
    group.bench_function("customers_100k_pinyin", |b| {
        b.iter(|| {
            turn ^= 1;
            app.list_mut(Resource::Customers)
                .set_query(queries[turn].clone(), rows, &locale);
            app.list(Resource::Customers).counts().0
        })
    });
    // One more letter typed: only the previous query's matches are scanned again.
    let (before, after) = (Query::parse("wang"), Query::parse("wangf"));
    assert!(after.narrows(&before));
    group.bench_function("customers_100k_narrowing", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                app.list_mut(Resource::Customers)
                    .set_query(before.clone(), rows, &locale);
                let start = Instant::now();
                app.list_mut(Resource::Customers)
                    .set_query(after.clone(), rows, &locale);
                spent += start.elapsed();
            }
            spent
        })
    });
    group.finish();
}

/// A complete refresh of 100 800 customers as the UI task takes it: `r`, the records arriving
/// in batches (as the fetcher sends them, every 100 ms), the load's end. Each arriving record
/// is compared with the one held and, unchanged, dropped for it.
fn refresh(c: &mut Criterion) {
    let all = demo_customers(112);
    let mut app = app_with(all.clone());
    let mut group = c.benchmark_group("refresh");
    group.sample_size(10);
    group.bench_function("customers_100k", |b| {
        b.iter_batched(
            || {
                all.chunks(4_000)
                    .map(<[Customer]>::to_vec)
                    .collect::<Vec<_>>()
            },
            |batches| {
                let generation = app
                    .list_mut(Resource::Customers)
                    .begin_fetch(Instant::now());
                for batch in batches {
                    app.update(Msg::from(scrm_tui::domain::LoadEvent::Arrived {
                        resource: Resource::Customers,
                        generation,
                        records: Records::Customers(batch),
                        progress: Default::default(),
                    }));
                }
                app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
                    resource: Resource::Customers,
                    generation,
                    loaded: Loaded {
                        records: Records::Customers(Vec::new()),
                        errors: Vec::new(),
                        skipped: Vec::new(),
                        pages: 1,
                        expected_pages: None,
                        finished_at: Instant::now(),
                        window_end: None,
                    },
                }));
                app.list(Resource::Customers).counts().0
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn yunzhong_page(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let body = runtime.block_on(async {
        let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
            .await
            .expect("demo server");
        let config = server.config();
        let yunzhong = config.yunzhong.into_iter().next().expect("yunzhong");
        let http = scrm_tui::vendors::http::client(Default::default()).expect("client");
        let url = format!(
            "{}{}?page=1",
            yunzhong.base_url,
            scrm_tui::vendors::yunzhong::list_path(yunzhong.uniacid)
        );
        http.get(url)
            .header("Cookie", yunzhong.cookie.expose())
            .send()
            .await
            .expect("page")
            .bytes()
            .await
            .expect("body")
    });
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("yunzhong_page", |b| {
        b.iter(|| scrm_tui::vendors::yunzhong::decode_customer_page(std::hint::black_box(&body), 1))
    });
    group.finish();
}

/// The demo's outflow history at scale 112 (10 026 alerts), decoded as the client does.
fn demo_alerts() -> Vec<scrm_tui::domain::OutflowAlert> {
    use scrm_tui::demo::data::weiban_customers::Timeline;
    let timeline = Timeline::new(1_763_700_000, 112);
    let objects: Vec<String> = (-timeline.history..0)
        .rev()
        .map(|k| timeline.alert(k))
        .collect();
    let body = format!(
        "{{\"errcode\": 0, \"errmsg\": \"ok\", \"external_user_list\": [{}], \"total_count\": {}}}",
        objects.join(", "),
        objects.len()
    );
    scrm_tui::vendors::weiban::decode_outflow_page(body.as_bytes(), 1)
        .expect("demo alerts decode")
        .records
}

/// Insights over 10 026 alerts: the figures alone, and a whole frame of the view (it is
/// computed on every frame drawn while it is shown).
fn insights(c: &mut Criterion) {
    let alerts = demo_alerts();
    let now = Instant::now();
    let mut app = App::new(Options {
        wall: chrono::DateTime::from_timestamp(1_763_700_060, 0).unwrap_or_default(),
        ..Options::new(vec![scrm_tui::domain::Vendor::Weiban], 160, 45, now)
    });
    let generation = app
        .start()
        .into_iter()
        .find_map(|cmd| match cmd {
            scrm_tui::app::Cmd::Fetch {
                resource: Resource::Outflow,
                generation,
            } => Some(generation),
            _ => None,
        })
        .expect("an outflow load");
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation,
        loaded: Loaded {
            records: Records::Outflow(alerts),
            errors: Vec::new(),
            skipped: Vec::new(),
            pages: 1,
            expected_pages: None,
            finished_at: now,
            window_end: Some(1_763_700_000),
        },
    }));
    app.update(Msg::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('5'),
    )));
    assert_eq!(app.insights().total, 10_026);
    let mut group = c.benchmark_group("insights");
    group.bench_function("figures_10k", |b| b.iter(|| app.insights().total));
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
    group.bench_function("frame_10k", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| {
                    scrm_tui::ui::render(&app, &scrm_tui::ui::theme::Theme::default(), frame)
                })
                .expect("draw");
        })
    });
    group.finish();

    // The filter's triage terms over the same alerts, a third of them claimed or done: a
    // keystroke with `is:open` beside the same keystroke without it.
    use scrm_tui::domain::Record;
    use scrm_tui::domain::triage::{Action, Outcome, TriageEvent};
    let keys: Vec<String> = app
        .pane_of::<scrm_tui::domain::OutflowAlert>()
        .rows(0)
        .map(Record::key)
        .collect();
    let events: Vec<TriageEvent> = keys
        .iter()
        .step_by(3)
        .enumerate()
        .map(|(i, key)| TriageEvent {
            seq: i as i64 + 1,
            alert: key.clone(),
            at: chrono::DateTime::from_timestamp(1_763_700_000, 0).unwrap_or_default(),
            by: String::from(["alice", "bob", "张三"][i % 3]),
            name: String::new(),
            host: String::from("desk"),
            action: match i % 2 {
                0 => Action::Claim,
                _ => Action::Done {
                    outcome: Outcome::WonBack,
                    note: String::new(),
                },
            },
        })
        .collect();
    app.update(Msg::from(scrm_tui::domain::LoadEvent::TriageLog(Ok(
        events,
    ))));
    app.update(Msg::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('3'),
    )));
    let (locale, rows) = (app.locale(), app.list_rows());
    let mut group = c.benchmark_group("filter");
    for (name, queries) in [
        ("outflow_10k", ["王", "wang"]),
        ("outflow_10k_is_open", ["is:open 王", "is:claimed wang"]),
    ] {
        let queries = queries.map(Query::parse);
        let mut turn = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                turn ^= 1;
                app.list_mut(Resource::Outflow)
                    .set_query(queries[turn].clone(), rows, &locale);
                app.list(Resource::Outflow).counts().0
            })
        });
    }
    group.finish();
}

criterion_group!(benches, render, refresh, yunzhong_page, insights);
criterion_main!(benches);
