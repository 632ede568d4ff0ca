use std::sync::Arc;
use std::time::Instant;

use chrono::DateTime;

use crate::app::{App, Options};
use crate::domain::triage::{Action, TriageEvent};
use crate::domain::{
    Account, LoadEvent, OutflowAlert, RawJson, Record, StaffMember, StaffStatus, Vendor,
};

fn member(account: &str, userid: &str, number: &str, name: &str) -> Arc<StaffMember> {
    Arc::new(StaffMember {
        vendor: Vendor::Weiban,
        account: Account::new(account),
        userid: userid.into(),
        number: number.into(),
        name: name.into(),
        alias: String::new(),
        status: StaffStatus::Active,
        department: String::new(),
        mobile: String::new(),
        position: String::new(),
        external_contact_able: true,
        raw: RawJson::new("{}"),
    })
}

/// An alert of `customer`; the staff member named by `staff_id` (a number in some answers)
/// and `ext_id` (empty in others).
fn alert(customer: &str, staff_id: &str, ext_id: &str) -> Arc<OutflowAlert> {
    Arc::new(OutflowAlert {
        staff_ext_id: ext_id.into(),
        outflow_at: DateTime::from_timestamp(1_763_700_000, 0),
        ..OutflowAlert::for_test(customer, staff_id)
    })
}

fn app() -> App {
    let mut app = App::new(Options::new(vec![Vendor::Weiban], 120, 40, Instant::now()));
    let (rows, locale) = (app.list_rows(), app.locale());
    app.panes.staff.replace(
        vec![
            member("default", "mia", "3073", "米娅"),
            member("default", "leo", "3074", "李奥"),
            member("east", "mia", "9001", "东区米娅"),
        ],
        rows,
        &locale,
    );
    app.panes.outflow.replace(
        vec![
            alert("wm1", "mia", "mia"),
            // Named by Weiban's number only: still Mia's.
            alert("wm2", "3073", ""),
            alert("wm3", "leo", "leo"),
        ],
        rows,
        &locale,
    );
    app
}

fn event(seq: i64, alert: &str, action: Action) -> TriageEvent {
    TriageEvent {
        seq,
        alert: alert.into(),
        at: DateTime::from_timestamp(1_763_700_060, 0).unwrap_or_default(),
        by: String::from("alice"),
        name: String::new(),
        host: String::new(),
        action,
    }
}

#[test]
fn each_member_counts_the_alerts_that_name_them_by_either_id() {
    let mut app = app();
    app.refresh_tallies();
    let keys: Vec<String> = app.panes.staff.records.iter().map(|m| m.key()).collect();
    assert_eq!(app.tallies.of(&keys[0]).outflow, 2, "mia and 3073");
    assert_eq!(app.tallies.of(&keys[1]).outflow, 1);
    // The same userid in another account is another person.
    assert_eq!(app.tallies.of(&keys[2]).outflow, 0);
    // Open and claimed wait for the log.
    assert_eq!(app.tallies.of(&keys[0]).open, 0);
    let alerts: Vec<String> = app.panes.outflow.records.iter().map(|a| a.key()).collect();
    app.update(LoadEvent::TriageLog(Ok(vec![event(1, &alerts[0], Action::Claim)])).into());
    let mia = app.tallies.of(&keys[0]);
    assert_eq!((mia.outflow, mia.open, mia.claimed), (2, 1, 1));
}

#[test]
fn the_directory_names_a_staff_member_by_either_id_within_an_account() {
    let app = app();
    let default = Account::default();
    assert_eq!(app.staff_name(&default, "mia"), Some("米娅"));
    assert_eq!(app.staff_name(&default, "3073"), Some("米娅"));
    assert_eq!(
        app.staff_name(&Account::new("east"), "mia"),
        Some("东区米娅")
    );
    assert_eq!(app.staff_name(&default, "nobody"), None);
    assert_eq!(app.staff_name(&default, ""), None);
}
