//! The live state on its own: a pane and a few settings borrowed, no app.

use std::time::{Duration, Instant};

use chrono::DateTime;

use super::Live;
use super::update::{Ctx, Polled};
use crate::app::Cmd;
use crate::app::pane::PaneState;
use crate::app::retry::Jitter;
use crate::domain::{Loaded, OutflowAlert, Record, Records};
use crate::i18n::{Lang, Locale};

fn alert(customer: &str, at: i64) -> OutflowAlert {
    OutflowAlert {
        outflow_at: DateTime::from_timestamp(at, 0),
        ..OutflowAlert::for_test(customer, "mia")
    }
}

fn polled(alerts: Vec<OutflowAlert>, now: Instant) -> Loaded {
    Loaded {
        records: Records::Outflow(alerts),
        errors: Vec::new(),
        skipped: Vec::new(),
        pages: 1,
        expected_pages: Some(1),
        finished_at: now,
        window_end: Some(1_763_700_600),
    }
}

fn ctx<'a>(pane: &'a mut PaneState<OutflowAlert>, jitter: &'a mut Jitter, now: Instant) -> Ctx<'a> {
    Ctx {
        pane,
        now,
        view: (
            20,
            Locale {
                zone: chrono::FixedOffset::east_opt(8 * 3600).unwrap(),
                lang: Lang::En,
            },
        ),
        in_front: false,
        poll_every: Duration::from_secs(30),
        jitter,
    }
}

fn customers(pane: &PaneState<OutflowAlert>) -> Vec<&str> {
    pane.records
        .iter()
        .map(|a| a.customer_id.as_str())
        .collect()
}

#[test]
fn new_alerts_show_highlighted_and_unread_and_wait_while_paused() {
    let now = Instant::now();
    let (mut pane, mut jitter) = (PaneState::default(), Jitter::seeded(7));
    let mut live = Live {
        next_poll: Some(now),
        covered_until: Some(1_763_700_000),
        ..Live::default()
    };
    let Some(Cmd::PollOutflow { generation, since }) = live.poll_if_due(now) else {
        panic!("a poll is due")
    };
    assert_eq!(since, 1_763_700_000 - super::OVERLAP_S);
    assert_eq!(live.poll_if_due(now), None, "one poll at a time");

    let answer = polled(vec![alert("wm1", 1_763_700_100)], now);
    let got = live.on_polled(ctx(&mut pane, &mut jitter, now), generation, answer);
    assert!(
        matches!(&got, Polled::New(fresh) if fresh.len() == 1),
        "{got:?}"
    );
    assert_eq!(customers(&pane), ["wm1"]);
    assert!(live.is_highlighted(&pane.records[0].key()));
    assert_eq!(live.unread, 1, "the Outflow pane is not in front");
    assert_eq!(live.covered_until, Some(1_763_700_600));

    // Paused: the next alert waits, counted, and comes with the resume, newest first.
    live.toggle_pause(ctx(&mut pane, &mut jitter, now));
    live.next_poll = Some(now);
    let Some(Cmd::PollOutflow { generation, .. }) = live.poll_if_due(now) else {
        panic!("a poll is due")
    };
    let answer = polled(vec![alert("wm2", 1_763_700_200)], now);
    live.on_polled(ctx(&mut pane, &mut jitter, now), generation, answer);
    assert_eq!(customers(&pane), ["wm1"]);
    assert_eq!(live.unread, 2);
    live.toggle_pause(ctx(&mut pane, &mut jitter, now));
    assert_eq!(customers(&pane), ["wm2", "wm1"]);
}

#[test]
fn an_older_polls_answer_changes_nothing() {
    let now = Instant::now();
    let (mut pane, mut jitter) = (PaneState::default(), Jitter::seeded(7));
    let mut live = Live {
        generation: 3,
        polling: true,
        ..Live::default()
    };
    let answer = polled(vec![alert("wm1", 1_763_700_100)], now);
    let got = live.on_polled(ctx(&mut pane, &mut jitter, now), 2, answer);
    assert_eq!(got, Polled::Nothing);
    assert!(pane.records.is_empty());
    assert!(live.polling, "the poll under way is still awaited");
}
