//! Helpers shared by the integration tests: an `App` of a known size and zone, demo stores
//! decoded by the real decoder, and key messages.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report
#![allow(dead_code)]

pub mod corps;
pub mod driver;
#[cfg(unix)]
pub mod pg;
#[cfg(unix)]
pub mod pty;
#[cfg(unix)]
pub mod sync;

use std::time::{Duration, Instant};

use chrono::FixedOffset;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scrm_tui::app::{self, App, Cmd, Msg};
use scrm_tui::demo::DemoData;
use scrm_tui::domain::{Loaded, Records};
use scrm_tui::domain::{Resource, Store, Vendor};
use scrm_tui::vendors::weiban::decode_store_page;
use scrm_tui::vendors::{ErrorKind, VendorError};

pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// The demo server's stores, through the same decoder the client uses (decoded once per test
/// binary).
pub fn demo_stores() -> Vec<Store> {
    static STORES: std::sync::OnceLock<Vec<Store>> = std::sync::OnceLock::new();
    STORES
        .get_or_init(|| {
            let data = DemoData::generate(1);
            let objects: Vec<&str> = data.stores.iter().map(|s| s.json.as_str()).collect();
            let body = format!(
                "{{\"data\": {{\"has_next\": false, \"objects\": [{}], \"page_no\": 1, \"page_size\": 200, \"total_count\": {}}}, \"status_code\": 200, \"status_message\": \"ok\", \"success\": true}}",
                objects.join(", "),
                objects.len()
            );
            let page = decode_store_page(body.as_bytes(), 1).expect("demo page decodes");
            assert!(page.skipped.is_empty());
            page.records
        })
        .clone()
}

/// An app with Weiban configured, in a terminal of the given size, at time `t0`.
pub fn app(width: u16, height: u16, t0: Instant) -> App {
    let mut app = App::new(app::Options {
        settings: app::Settings {
            zone: beijing(),
            demo: true,
            ..app::Settings::new(vec![Vendor::Weiban])
        },
        // Screens show times against "today": the day of the tests' outflow alerts.
        wall: chrono::DateTime::from_timestamp(1_763_700_060, 0).unwrap_or_default(),
        ..app::Options::new(vec![Vendor::Weiban], width, height, t0)
    });
    // Retry waits are random; screens must not be.
    app.jitter = app::retry::Jitter::seeded(1);
    app
}

/// An app that has started and received the demo stores `age` ago (the other panes' first
/// loads complete empty).
pub fn loaded_app(width: u16, height: u16, age: Duration) -> (App, Instant) {
    let t0 = Instant::now();
    let mut app = app(width, height, t0);
    let cmds = app.start();
    assert!(cmds.contains(&Cmd::Fetch {
        resource: Resource::Stores,
        generation: 1
    }));
    for cmd in cmds {
        if let Cmd::Fetch {
            resource,
            generation,
        } = cmd
        {
            let records = match resource {
                Resource::Stores => Records::Stores(demo_stores()),
                // The other panes load nothing.
                other => Records::empty(other),
            };
            let loaded = Loaded {
                records,
                errors: Vec::new(),
                skipped: Vec::new(),
                pages: 1,
                expected_pages: Some(1),
                finished_at: t0,
                window_end: None,
            };
            app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
                resource,
                generation,
                loaded,
            }));
        }
    }
    app.update(Msg::Tick(t0 + age));
    (app, t0)
}

pub fn ok(stores: Vec<Store>, at: Instant) -> Loaded {
    Loaded {
        records: Records::Stores(stores),
        errors: Vec::new(),
        skipped: Vec::new(),
        pages: 2,
        expected_pages: Some(2),
        finished_at: at,
        window_end: None,
    }
}

pub fn failed(stores: Vec<Store>, kind: ErrorKind, at: Instant) -> Loaded {
    Loaded {
        records: Records::Stores(stores),
        errors: vec![
            VendorError::new(Vendor::Weiban, "/open-api/contact_way/store/list", kind).into(),
        ],
        skipped: Vec::new(),
        pages: 1,
        expected_pages: Some(1),
        finished_at: at,
        window_end: None,
    }
}

/// A complete load of these records, finished `at`; for outflow, its window's end.
pub fn complete(records: Records, at: Instant, window_end: Option<i64>) -> Loaded {
    Loaded {
        records,
        errors: Vec::new(),
        skipped: Vec::new(),
        pages: 1,
        expected_pages: Some(1),
        finished_at: at,
        window_end,
    }
}

pub fn loaded_msg(generation: u64, loaded: Loaded) -> Msg {
    Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Stores,
        generation,
        loaded,
    })
}

pub fn key(c: char) -> Msg {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Msg::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

/// Types `text` key by key; returns the commands the keys produced.
pub fn type_text(app: &mut App, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| app.update(key(c))).collect()
}

pub fn code(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// The screen as text, one line per row, wide characters once (not followed by the blank cell
/// they cover), trailing spaces trimmed; then the rows drawn in reverse video (the selection).
pub fn screen(buffer: &ratatui::buffer::Buffer) -> String {
    use ratatui::style::Modifier;
    use unicode_width::UnicodeWidthStr;
    let area = buffer.area;
    let mut out = String::new();
    let mut reversed = Vec::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut covered = 0;
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(Modifier::REVERSED) && !reversed.contains(&y) {
                reversed.push(y);
            }
            if covered > 0 {
                covered -= 1;
                continue;
            }
            line.push_str(cell.symbol());
            covered = cell.symbol().width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("-- reverse video on rows {reversed:?}\n"));
    out
}

/// The whole screen of the app as text, at its size.
pub fn render_text(app: &App) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.width, app.height)).unwrap();
    terminal
        .draw(|f| scrm_tui::ui::render(app, &scrm_tui::ui::theme::Theme::default(), f))
        .unwrap();
    screen(terminal.backend().buffer())
}

/// Switches to the Customers pane, asks for a load and gives it `loaded` as its result.
pub fn show_customers(app: &mut App, loaded: Loaded) {
    app.update(key('2'));
    let cmds = app.update(key('r'));
    let [Cmd::Fetch { generation, .. }] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Customers,
        generation: *generation,
        loaded,
    }));
}
