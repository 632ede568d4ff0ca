//! Every dashboard tells the truth about the team's sync: the host that leads on the status
//! line, a warning when a resource has not been written in three of its intervals, and when
//! no sync leads at all.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::Duration;

use common::driver::Driver;
use scrm_tui::app::Msg;
use scrm_tui::domain::{LoadEvent, Resource, Stale, SyncState};
use scrm_tui::i18n::Lang;

fn driver(lang: Lang) -> Driver {
    let mut driver = Driver::new(160, 30);
    driver.app.settings.lang = lang;
    driver
}

/// The status line: the screen's last (the driver adds a note on highlighted rows after it).
fn status_line(driver: &Driver) -> String {
    let screen = driver.screen();
    let line = screen.lines().rev().find(|l| !l.starts_with("--"));
    line.unwrap_or_default().to_owned()
}

#[test]
fn the_leading_host_is_named_and_a_stale_resource_warns_on_every_pane() {
    let mut driver = driver(Lang::En);
    driver.send(Msg::from(LoadEvent::Sync(SyncState {
        leader: Some(String::from("sync-a")),
        stale: Vec::new(),
    })));
    assert!(
        status_line(&driver).contains("sync: sync-a"),
        "{}",
        driver.screen()
    );
    let written = driver.app.wall - chrono::Duration::minutes(14);
    driver.send(Msg::from(LoadEvent::Sync(SyncState {
        leader: Some(String::from("sync-a")),
        stale: vec![Stale {
            resource: Resource::Customers,
            written: Some(written),
            every: Duration::from_secs(300),
        }],
    })));
    for pane in ["1", "2", "3"] {
        driver.press(pane);
        let line = status_line(&driver);
        assert!(
            line.contains("⚠ sync stale: customers last written 14 min ago (every 5 min)"),
            "{line}"
        );
    }
}

#[test]
fn no_leader_at_all_is_a_warning_in_either_language() {
    let mut driver = driver(Lang::Zh);
    driver.send(Msg::from(LoadEvent::Sync(SyncState {
        leader: None,
        stale: Vec::new(),
    })));
    assert!(
        status_line(&driver).contains("⚠ 没有同步在运行"),
        "{}",
        driver.screen()
    );
    driver.app.settings.lang = Lang::En;
    driver.press("j");
    assert!(status_line(&driver).contains("⚠ no sync leads: nothing is pulled"));
}

#[test]
fn a_sync_warning_comes_before_the_live_polls_note_and_the_host_after_it() {
    let mut driver = driver(Lang::En);
    driver.press("3");
    // Live polling is on (after the first load, a poll is scheduled).
    driver.app.live.next_poll = Some(driver.app.now + Duration::from_secs(30));
    driver.send(Msg::from(LoadEvent::Sync(SyncState {
        leader: None,
        stale: Vec::new(),
    })));
    let line = status_line(&driver);
    let (warning, live) = (line.find("⚠ no sync leads"), line.find("live, every"));
    assert!(warning.is_some() && live.is_some(), "{line}");
    assert!(
        warning < live,
        "a narrow line would cut the warning: {line}"
    );
    driver.send(Msg::from(LoadEvent::Sync(SyncState {
        leader: Some(String::from("sync-a")),
        stale: Vec::new(),
    })));
    let line = status_line(&driver);
    assert!(
        line.find("live, every") < line.find("sync: sync-a"),
        "{line}"
    );
}
