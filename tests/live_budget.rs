//! Live enrichment and polling together stay inside Weiban's limits. The demo server enforces
//! them (scaled to a one-second window, so the test is quick) and answers 10052/10053 to any
//! call over them, as the vendor does; the app runs as it does in the terminal — its `update`,
//! the real fetch tasks, the real client — while staff open thirty alerts in a row and live
//! polls bring new alerts whose contexts are fetched too.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scrm_tui::app::{self, App, Cmd, Msg};
use scrm_tui::demo::{CORP_ID, DemoOptions, DemoServer, EnforcedLimits, WEIBAN_SECRET};
use scrm_tui::domain::{LoadEvent, Resource, Vendor};
use scrm_tui::fetch::Source;
use scrm_tui::fetch::{Clients, Fetcher};
use scrm_tui::redact::Secret;
use scrm_tui::vendors::limit::{Limits, Rate};
use scrm_tui::vendors::weiban::{WeibanClient, WeibanSettings};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// Calls per endpoint per second, on both sides.
const RATE: u32 = 8;

/// The fetch side: the app's fetch tasks, and the clients for polls, which end their window at
/// the demo server's clock (the fetcher's would end it at the real one).
struct Side {
    fetcher: Fetcher,
    clients: Arc<Clients>,
    tx: UnboundedSender<LoadEvent>,
    now: i64,
}

fn run(side: &mut Side, commands: Vec<Cmd>) -> usize {
    let mut contexts = 0;
    let fetcher = &mut side.fetcher;
    for command in commands {
        match command {
            Cmd::Fetch {
                resource,
                generation,
            } => fetcher.spawn(resource, generation),
            Cmd::PollOutflow { generation, since } => {
                let (clients, tx, now) = (side.clients.clone(), side.tx.clone(), side.now);
                tokio::spawn(async move {
                    let loaded = clients.outflow_since(since, now).await;
                    let _ = tx.send(LoadEvent::Polled { generation, loaded });
                });
            }
            Cmd::FetchContext {
                vendor,
                account,
                customer_id,
            } => {
                contexts += 1;
                fetcher.customer_context(vendor, account, customer_id);
            }
            _ => {}
        }
    }
    contexts
}

/// Feeds what the fetch tasks report to `update` (and runs what that asks for) until `done`.
async fn pump(
    app: &mut App,
    side: &mut Side,
    rx: &mut UnboundedReceiver<LoadEvent>,
    done: impl Fn(&App) -> bool,
) -> usize {
    let mut contexts = 0;
    while !done(app) {
        let event = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("the fetch tasks report within a minute")
            .expect("the channel stays open");
        let commands = app.update(Msg::from(event));
        contexts += run(side, commands);
    }
    contexts
}

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

#[tokio::test]
async fn live_enrichment_and_polling_never_exceed_the_budget() {
    let server = DemoServer::start(
        ([127, 0, 0, 1], 0).into(),
        DemoOptions {
            weiban_limits: Some(EnforcedLimits {
                in_flight: 5,
                rates: vec![(RATE, Duration::from_secs(1))],
            }),
            ..DemoOptions::default()
        },
    )
    .await
    .unwrap();
    let start = server.started();
    server.set_now(start);
    let weiban = WeibanClient::new(
        WeibanSettings {
            account: Default::default(),
            base_url: server.base_url(),
            corp_id: CORP_ID.into(),
            secret: Secret::new(WEIBAN_SECRET),
            page_size: 100,
            limits: Limits {
                in_flight: 5,
                rates: vec![Rate {
                    calls: RATE,
                    per: Duration::from_secs(1),
                }],
                ..Limits::lifted(5)
            },
        },
        scrm_tui::vendors::http::client(Default::default()).unwrap(),
    );
    let clients = Clients {
        weiban: vec![Arc::new(weiban)],
        yunzhong: Vec::new(),
        tanma: Vec::new(),
        youmi: Vec::new(),
        outflow_lookback: Duration::from_secs(7 * 86_400),
        triage: None,
        weiban_timeline: false,
    };
    let (tx, mut rx) = unbounded_channel();
    let clients = Arc::new(clients);
    let mut side = Side {
        fetcher: Fetcher::new(clients.clone(), tx.clone()),
        clients,
        tx,
        now: start,
    };
    let t0 = Instant::now();
    let mut app = App::new(app::Options {
        settings: app::Settings {
            poll_every: Duration::from_secs(30),
            ..app::Settings::new(vec![Vendor::Weiban])
        },
        ..app::Options::new(vec![Vendor::Weiban], 120, 40, t0)
    });
    let first = app.start();
    run(&mut side, first);
    pump(&mut app, &mut side, &mut rx, |app| {
        [Resource::Stores, Resource::Customers, Resource::Outflow]
            .iter()
            .all(|&r| app.list(r).status().loaded_at.is_some())
    })
    .await;
    assert_eq!(app.list(Resource::Outflow).counts().1, 481);

    // Staff open thirty alerts in a row: thirty contexts, two calls each.
    let mut asked = run(&mut side, press(&mut app, KeyCode::Char('3')));
    for _ in 0..30 {
        asked += run(&mut side, press(&mut app, KeyCode::Enter));
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(asked, 30);
    // Meanwhile three live polls, each bringing a new alert or two (one every 20 s).
    for step in 1..=3u64 {
        let now = start + step as i64 * 30;
        server.set_now(now);
        side.now = now;
        asked += run(
            &mut side,
            app.update(Msg::Tick(t0 + Duration::from_secs(step * 30))),
        );
        asked += pump(&mut app, &mut side, &mut rx, |app| !app.live.polling).await;
    }
    asked += pump(&mut app, &mut side, &mut rx, |app| {
        app.contexts.pending() == 0
    })
    .await;
    assert!(asked > 30, "live alerts got their contexts too: {asked}");
    assert_eq!(
        app.list(Resource::Outflow).counts().1,
        481 + 4,
        "polls brought k = 1..=4"
    );
    assert_eq!(app.contexts.known(), asked, "every context arrived");
    assert_eq!(app.contexts.failed(), 0);
    assert!(app.list(Resource::Outflow).status().error.is_none());
    assert_eq!(app.live.failures, 0);
    // Not one call over the limits.
    assert_eq!(server.stats().weiban_limited, 0);
}
