//! One answer to "what is in front": keys, the mouse, drawing and the hint line follow it.
//! The wheel never moves a list hidden beneath the Done picker, Insights or the related
//! window, and the hint line names the keys of what is in front, never the list's beneath.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use chrono::DateTime;
use common::driver::Driver;
use scrm_tui::app::Front;
use scrm_tui::domain::{DeleteBy, OutflowAlert, RawJson, Records, Vendor};
use scrm_tui::i18n::Lang;

/// The tests' wall clock.
const W: i64 = 1_763_700_000;

fn alert(i: usize) -> OutflowAlert {
    let staff = ["mia", "leo"][i % 2];
    OutflowAlert {
        account: Default::default(),
        vendor: Vendor::Weiban,
        customer_id: format!("wmCustomer{i:02}"),
        customer_name: format!("客户{i}"),
        staff_id: staff.to_owned(),
        staff_ext_id: staff.to_owned(),
        staff_name: staff.to_uppercase(),
        outflow_at: DateTime::from_timestamp(W - 600 * i as i64, 0),
        delete_by: DeleteBy::Customer,
        tags: Vec::new(),
        customer_type: Some(1),
        relation: Default::default(),
        keys: Default::default(),
        origins: scrm_tui::domain::Origins::WEIBAN,
        raw: RawJson::new(r#"{"id":"x"}"#),
    }
}

/// Eight alerts on the Outflow pane, the second selected, the mouse on, in English.
fn outflow() -> Driver {
    let mut driver = Driver::new(120, 40);
    driver.app.settings.mouse = true;
    driver.app.settings.lang = Lang::En;
    driver.load(Records::Outflow((0..8).map(alert).collect()));
    driver.press("3 j");
    assert_eq!(driver.app.front(), Front::List);
    assert_eq!(driver.position().0, 1);
    driver
}

#[test]
fn the_wheel_moves_the_list_in_front() {
    let mut driver = outflow();
    driver.wheel(1);
    assert_eq!(driver.position().0, 4);
    driver.wheel(-1);
    assert_eq!(driver.position().0, 1);
}

#[test]
fn the_wheel_leaves_the_list_under_the_done_picker() {
    let mut driver = outflow();
    driver.press("d");
    assert_eq!(driver.app.front(), Front::Picker);
    driver.wheel(2).click(12);
    assert_eq!(driver.position().0, 1);
    assert_eq!(driver.app.front(), Front::Picker);
    driver.press("Esc");
    assert_eq!(driver.app.front(), Front::List);
    assert_eq!(driver.selected_id().as_deref(), Some("wmCustomer01"));
}

#[test]
fn the_wheel_moves_insights_staff_not_the_list_beneath() {
    let mut driver = outflow();
    driver.press("5");
    assert_eq!(driver.app.front(), Front::Insights);
    let before = driver.position();
    driver.wheel(1);
    assert_eq!(driver.position(), before, "the hidden Outflow list moved");
    // The wheel went to Insights' own list: Enter now filters by the second staff member.
    assert_eq!(driver.app.insights_view().map(|v| v.selected), Some(1));
}

#[test]
fn the_wheel_moves_the_related_window_not_the_list_beneath() {
    let mut driver = outflow();
    driver.press("x");
    assert_eq!(driver.app.front(), Front::Related);
    let rows = driver.app.related().map(|r| r.rows.len()).unwrap_or(0);
    assert!(rows >= 2, "the staff member's other lost customers: {rows}");
    driver.wheel(1);
    assert_eq!(driver.position().0, 1, "the hidden Outflow list moved");
    assert_eq!(driver.app.related().map(|r| r.cursor.selected), Some(1));
}

#[test]
fn the_hint_line_names_the_keys_of_what_is_in_front() {
    let mut driver = outflow();
    let list = driver.hint_line();
    assert!(list.contains("Enter detail"), "{list}");

    driver.press("?");
    assert_eq!(driver.app.front(), Front::Help);
    let help = driver.hint_line();
    assert!(
        help.contains("scroll") && help.contains("Esc close"),
        "{help}"
    );
    assert!(!help.contains("detail"), "{help}");

    driver.press("Esc v");
    assert_eq!(driver.app.front(), Front::Value);
    let value = driver.hint_line();
    assert!(
        value.contains("y copy id") && value.contains("Y copy JSON"),
        "{value}"
    );
    assert!(!value.contains("detail"), "{value}");

    driver.press("Esc d");
    assert_eq!(driver.app.front(), Front::Picker);
    let picker = driver.hint_line();
    assert!(
        picker.contains("1-4 outcome") && picker.contains("Esc cancel"),
        "{picker}"
    );
    assert!(!picker.contains("detail"), "{picker}");

    driver.press("Esc x");
    assert_eq!(driver.app.front(), Front::Related);
    let related = driver.hint_line();
    assert!(related.contains("Enter go to"), "{related}");
    assert!(!related.contains("detail"), "{related}");
}

#[test]
fn keys_go_to_what_is_in_front() {
    let mut driver = outflow();
    // Under the help popup `j` scrolls the help, not the list.
    driver.press("? j");
    assert_eq!(driver.app.front(), Front::Help);
    assert_eq!(driver.position().0, 1);
    // In the detail `j` moves the tree's cursor, not the list.
    driver.press("Esc Enter");
    assert_eq!(driver.app.front(), Front::Detail);
    driver.press("j");
    assert_eq!(driver.position().0, 1);
    driver.press("Esc");
    assert_eq!(driver.app.front(), Front::List);
    // A prompt takes the letters.
    driver.press("/").type_text("j");
    assert!(matches!(driver.app.front(), Front::Prompt(_)));
    assert_eq!(
        driver.app.input().map(|i| i.line().to_owned()).as_deref(),
        Some("j")
    );
}
