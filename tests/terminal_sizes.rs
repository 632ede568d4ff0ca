//! Every terminal size from 1×1 to 300×100, and a storm of resizes, render without panic:
//! the list with data, the detail view, the help screen and the filter line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::Duration;

use common::{code, key, loaded_app};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scrm_tui::app::{App, Msg};

fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App, width: u16, height: u16) {
    app.update(Msg::Resize { width, height });
    terminal.backend_mut().resize(width, height);
    terminal
        .draw(|f| scrm_tui::ui::render(app, &scrm_tui::ui::theme::Theme::default(), f))
        .unwrap_or_else(|e| panic!("{width}×{height}: {e}"));
    let area = terminal.backend().buffer().area;
    assert_eq!((area.width, area.height), (width, height));
}

/// Seed 004's alert on the Outflow pane, which is shown.
fn with_seed_alert(app: &mut App) {
    let body = std::fs::read("tests/fixtures/weiban_outflow.seed004.json").unwrap();
    let page = scrm_tui::vendors::weiban::decode_outflow_page(&body, 1).unwrap();
    app.update(key('3'));
    app.update(key('r'));
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: scrm_tui::domain::Resource::Outflow,
        generation: app
            .list(scrm_tui::domain::Resource::Outflow)
            .status()
            .generation,
        loaded: scrm_tui::domain::Loaded {
            records: scrm_tui::domain::Records::Outflow(page.records),
            errors: Vec::new(),
            skipped: Vec::new(),
            pages: 1,
            expected_pages: Some(1),
            finished_at: app.now,
            window_end: Some(1_736_400_000),
        },
    }));
}

#[test]
fn every_size_from_1x1_to_300x100_renders() {
    let (mut app, _) = loaded_app(80, 24, Duration::from_secs(5));
    let mut terminal = Terminal::new(TestBackend::new(1, 1)).unwrap();
    // The list, every size.
    for width in 1..=300 {
        for height in 1..=100 {
            draw(&mut terminal, &mut app, width, height);
        }
    }
    // The detail view, the help screen, the filter line, the messages and the Staff pane,
    // every third size (sizes next to
    // each other exercise the same layout branches).
    let views: [&dyn Fn(&mut App); 8] = [
        &|app| {
            app.update(code(KeyCode::Enter));
            app.update(code(KeyCode::Right));
        },
        &|app| {
            app.update(key('?'));
        },
        &|app| {
            app.update(key('/'));
            common::type_text(app, "上海 #vip");
        },
        // An alert's story over its tree, the related-records list over it, Insights.
        &|app| {
            with_seed_alert(app);
            app.update(code(KeyCode::Enter));
        },
        &|app| {
            with_seed_alert(app);
            app.update(code(KeyCode::Enter));
            app.update(key('x'));
        },
        &|app| {
            with_seed_alert(app);
            app.update(key('5'));
        },
        // The messages window with a long message in it, and the Staff pane.
        &|app| {
            app.update(key(':'));
            common::type_text(app, &"长".repeat(300));
            app.update(code(KeyCode::Enter));
            app.update(key(':'));
            common::type_text(app, "messages");
            app.update(code(KeyCode::Enter));
            assert_eq!(app.front(), scrm_tui::app::Front::Messages);
            assert_eq!(app.messages.len(), 1);
        },
        &|app| {
            app.update(key('6'));
            assert_eq!(app.pane, scrm_tui::domain::Resource::Staff);
        },
    ];
    for open in views {
        let (mut app, _) = loaded_app(80, 24, Duration::from_secs(5));
        open(&mut app);
        for width in (1..=300).step_by(3) {
            for height in (1..=100).step_by(3) {
                draw(&mut terminal, &mut app, width, height);
            }
        }
    }
}

#[test]
fn a_storm_of_resizes_renders() {
    let (mut app, _) = loaded_app(80, 24, Duration::from_secs(5));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    // A fixed pseudo-random walk: sizes jump between extremes, with keys pressed in between.
    let mut seed: u64 = 0x5eed;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    with_seed_alert(&mut app);
    let keys = [
        'j', 'k', 'G', 'g', '?', '1', '2', '3', '4', '5', 'x', 'l', 'h',
    ];
    for _ in 0..3000 {
        let width = 1 + next(300) as u16;
        let height = 1 + next(100) as u16;
        match next(6) {
            0 => {
                app.update(key(keys[next(keys.len() as u64) as usize]));
            }
            1 => {
                app.update(code(KeyCode::Enter));
            }
            2 => {
                app.update(code(KeyCode::Esc));
            }
            _ => {}
        }
        draw(&mut terminal, &mut app, width, height);
    }
}
