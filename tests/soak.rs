//! A day of live outflow polling in seconds: the demo server's clock and the app's clock move
//! 30 s per poll for 24 hours while a new alert arrives every 20 s. At the end the Outflow pane
//! holds exactly the server's own list — none missed, none twice — and nothing that should
//! stay small has grown: highlights expire, nothing is buffered, and the raw texts held are
//! those of the records on screen.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use scrm_tui::app::{Cmd, Msg};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::{RawJson, Record, Resource};
use scrm_tui::fetch::{self, Clients, Source};

const DAY_S: i64 = 86_400;
const LOOKBACK_S: i64 = 7 * DAY_S;

/// Resident memory, from /proc (Linux); for the record, not for an assertion.
fn resident_mib() -> Option<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / (1024.0 * 1024.0))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_of_outflow_polling_misses_nothing_and_repeats_nothing() {
    let server = DemoServer::start("127.0.0.1:0".parse().unwrap(), DemoOptions::default())
        .await
        .unwrap();
    let start = server.started();
    server.set_now(start);
    let mut config = server.config();
    config.yunzhong = Vec::new();
    config.tanma = Vec::new();
    config.youmi = Vec::new();
    let clients = Clients::from_config(&config).unwrap();
    let t0 = Instant::now();
    let mut app = common::app(160, 45, t0);
    app.jitter = scrm_tui::app::retry::Jitter::seeded(3);

    // What a fetch task would do, with the simulated time as "now".
    let run = |cmds: Vec<Cmd>, now: i64| {
        let clients = &clients;
        async move {
            let mut msgs = Vec::new();
            for cmd in cmds {
                match cmd {
                    Cmd::Fetch {
                        resource: Resource::Outflow,
                        generation,
                    } => msgs.push(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
                        resource: Resource::Outflow,
                        generation,
                        loaded: clients.outflow_since(now - LOOKBACK_S, now).await,
                    })),
                    Cmd::Fetch {
                        resource,
                        generation,
                    } => msgs.push(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
                        resource,
                        generation,
                        loaded: fetch::load(clients, resource).await,
                    })),
                    Cmd::PollOutflow { generation, since } => {
                        msgs.push(Msg::from(scrm_tui::domain::LoadEvent::Polled {
                            generation,
                            loaded: clients.outflow_since(since, now).await,
                        }))
                    }
                    _ => {}
                }
            }
            msgs
        }
    };
    let first = app.start();
    for msg in run(first, start).await {
        app.update(msg);
    }
    let history = app.list(Resource::Outflow).counts().1;
    let timeline = server.timeline();
    assert_eq!(
        history,
        timeline
            .alerts_between(start - LOOKBACK_S, start, start)
            .len()
    );

    let poll = app.settings.poll_every.as_secs() as i64;
    let mut polls = 0;
    let mut resident = Vec::new();
    let mut highlighted_max = 0;
    for step in 1..=DAY_S / poll {
        let now = start + step * poll;
        server.set_now(now);
        let cmds = app.update(Msg::Tick(t0 + Duration::from_secs((step * poll) as u64)));
        polls += cmds
            .iter()
            .filter(|c| matches!(c, Cmd::PollOutflow { .. }))
            .count();
        for msg in run(cmds, now).await {
            let more = app.update(msg);
            assert!(
                more.iter()
                    .all(|c| matches!(c, Cmd::SaveCache(_) | Cmd::Bell | Cmd::FetchContext { .. }))
            );
        }
        highlighted_max = highlighted_max.max(app.live.highlighted.len());
        if step % (DAY_S / poll / 8) == 0 {
            resident.push(resident_mib());
        }
    }
    let end = start + DAY_S;
    assert_eq!(polls as i64, DAY_S / poll, "one poll every {poll} s");
    assert!(
        app.list(Resource::Outflow).status().error.is_none(),
        "{:?}",
        app.list(Resource::Outflow).status().error
    );

    // The server's own list of everything from the first load's window to now, as it
    // serves it: the pane keeps what it saw, including what has since left the lookback.
    let served = clients.outflow_since(start - LOOKBACK_S, end).await;
    assert!(served.errors.is_empty(), "{:?}", served.errors);
    let scrm_tui::domain::Records::Outflow(served) = served.records else {
        panic!("not alerts")
    };
    let expected = timeline.alerts_between(start - LOOKBACK_S, end, end).len();
    assert_eq!(served.len(), expected);
    let served: HashSet<String> = served.iter().map(Record::key).collect();
    let shown: Vec<String> = app
        .pane_of::<scrm_tui::domain::OutflowAlert>()
        .records
        .iter()
        .map(|a| a.key())
        .collect();
    let unique: HashSet<String> = shown.iter().cloned().collect();
    assert_eq!(unique.len(), shown.len(), "an alert shown twice");
    let missed: Vec<&String> = served.difference(&unique).collect();
    assert!(
        missed.is_empty(),
        "missed {} alerts: {missed:?}",
        missed.len()
    );
    let invented: Vec<&String> = unique.difference(&served).collect();
    assert!(
        invented.is_empty(),
        "alerts the server never listed: {invented:?}"
    );
    // A new alert every 20 s all day, on top of those at the start.
    assert_eq!(shown.len(), history + (DAY_S / 20) as usize);
    assert!(
        app.pane_of::<scrm_tui::domain::OutflowAlert>()
            .records
            .is_sorted_by_key(|a| std::cmp::Reverse(a.outflow_at))
    );

    // Nothing grows but the alerts: highlights expire after 30 s (at most two alerts arrive
    // in that time per poll of 30 s), nothing waits in the pause buffer, and the raw texts
    // held are exactly those of the records the panes show.
    assert!(
        highlighted_max <= 3,
        "{highlighted_max} highlighted at once"
    );
    assert!(app.live.buffered.is_empty());
    let on_screen = app.list(Resource::Outflow).counts().1 + app.list(Resource::Stores).counts().1;
    assert!(
        RawJson::held()
            <= on_screen
                + app.list(Resource::Customers).counts().1
                + app.list(Resource::Staff).counts().1,
        "{} raw texts held for {on_screen} records",
        RawJson::held()
    );
    eprintln!(
        "soak: {polls} polls, {} alerts; resident MiB every 3 h: {resident:?}",
        shown.len()
    );
}
