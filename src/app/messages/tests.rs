use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::{App, Cmd, Front, Msg, Options, Overlay};
use crate::domain::{LoadFailure, Origin, Retry, Vendor};

fn app() -> App {
    let mut app = App::new(Options::new(vec![Vendor::Weiban], 120, 40, Instant::now()));
    app.settings.lang = crate::i18n::Lang::En;
    app
}

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn command(app: &mut App, line: &str) {
    press(app, KeyCode::Char(':'));
    for c in line.chars() {
        press(app, KeyCode::Char(c));
    }
    press(app, KeyCode::Enter);
}

fn failure(code: &str) -> LoadFailure {
    LoadFailure {
        origin: Origin::Vendor(Vendor::Weiban),
        endpoint: String::from("/open-api/contact_way/store/list"),
        page: Some(3),
        code: code.to_owned(),
        detail: "a long explanation ".repeat(12),
        retry: Retry::Later,
    }
}

#[test]
fn every_flash_is_kept_whole_newest_first() {
    let mut app = app();
    app.flash(Level::Info, "first");
    let long = "x".repeat(500);
    app.flash(Level::Warn, long.clone());
    let texts: Vec<&str> = app.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, [long.as_str(), "first"]);
    assert_eq!(app.messages.get(0).map(|m| m.level), Some(Level::Warn));
}

#[test]
fn a_failed_call_keeps_its_vendor_endpoint_and_code() {
    let mut app = app();
    app.flash_failures(
        Level::Error,
        String::from("said"),
        &[failure("errcode 10001")],
    );
    let message = app.messages.get(0).cloned();
    let message = message.unwrap_or_else(|| panic!("no message"));
    assert_eq!(message.origin.as_deref(), Some("weiban"));
    assert_eq!(
        message.endpoint.as_deref(),
        Some("/open-api/contact_way/store/list")
    );
    assert_eq!(message.code.as_deref(), Some("errcode 10001"));
    assert_eq!(message.text, "said");
    // Several failures: each its own message, in its own words.
    app.flash_failures(
        Level::Error,
        String::from("both"),
        &[failure("HTTP 502"), failure("timeout")],
    );
    let codes: Vec<_> = app.messages.iter().map(|m| m.code.clone()).collect();
    assert_eq!(
        codes,
        [
            Some(String::from("timeout")),
            Some(String::from("HTTP 502")),
            Some(String::from("errcode 10001"))
        ]
    );
    assert!(
        app.messages
            .get(0)
            .is_some_and(|m| m.text.contains("page 3"))
    );
}

#[test]
fn the_log_is_bounded() {
    let mut app = app();
    for i in 0..KEPT + 5 {
        app.flash(Level::Info, format!("m{i}"));
    }
    assert_eq!(app.messages.len(), KEPT);
    let newest = format!("m{}", KEPT + 4);
    assert_eq!(
        app.messages.get(0).map(|m| m.text.as_str()),
        Some(newest.as_str())
    );
}

#[test]
fn messages_opens_moves_copies_and_closes() {
    let mut app = app();
    app.flash(Level::Info, "older");
    app.flash_failures(Level::Error, String::from("newer"), &[failure("HTTP 502")]);
    command(&mut app, "messages");
    assert_eq!(app.front(), Front::Messages);
    press(&mut app, KeyCode::Char('j'));
    assert!(matches!(&app.overlay, Some(Overlay::Messages(v)) if v.cursor.selected == 1));
    let cmds = press(&mut app, KeyCode::Char('y'));
    let [Cmd::Copy { text, .. }] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    assert!(text.ends_with(" older"), "{text}");
    // Past the newest and the oldest, the selection stays.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('k'));
    let cmds = press(&mut app, KeyCode::Char('y'));
    assert!(
        matches!(cmds.as_slice(), [Cmd::Copy { text, .. }] if text.ends_with(" newer")),
        "{cmds:?}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.front(), Front::List);
}
