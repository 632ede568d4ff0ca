//! The Staff pane (员工), Weiban's staff directory: the real client against the demo server,
//! `get staff` in JSON, CSV and xlsx, and the pane — its counts of each member's alerts, the
//! left dimmed, `x` to their stores and lost customers, `y` the WeCom userid, `:staff` —
//! driven as a user would.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use chrono::DateTime;
use common::beijing;
use common::driver::Driver;
use scrm_tui::app::{Cmd, Front, related};
use scrm_tui::cli::get;
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::output::Format;
use scrm_tui::domain::{
    DeleteBy, OutflowAlert, RawJson, Records, Resource, StaffMember, StaffStatus, Store, Vendor,
};
use scrm_tui::fetch::{Clients, load};
use scrm_tui::i18n::Lang;

async fn demo() -> DemoServer {
    DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap()
}

async fn get_staff(clients: &Clients, format: Format) -> (u8, Vec<u8>, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = get::run(
        Resource::Staff,
        clients,
        format,
        &beijing(),
        &mut out,
        &mut err,
    )
    .await;
    (code, out, String::from_utf8(err).unwrap())
}

#[tokio::test]
async fn the_directory_comes_whole_from_the_demo_server_with_its_type_changes() {
    let server = demo().await;
    let clients = Clients::from_config(&server.config()).unwrap();
    let loaded = load(&clients, Resource::Staff).await;
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
    let Records::Staff(staff) = loaded.records else {
        panic!("{:?}", loaded.records.resource());
    };
    assert_eq!(staff.len(), scrm_tui::demo::data::staff::STAFF.len());
    let by = |userid: &str| staff.iter().find(|m| m.userid == userid).unwrap();
    // A string id where the others are numbers, as in seed 004.
    assert_eq!(by("mia").number, "mia");
    assert_eq!(by("ChenMing").number, "102468060");
    // The status as a number and as text; departments by name (the client asks for them).
    assert_eq!(by("GuoXue").status, StaffStatus::Left);
    assert_eq!(by("XuJing").status, StaffStatus::Disabled);
    assert_eq!(by("ChenMing").department, "华东区/门店运营");
    assert!(staff.iter().all(|m| !m.department.contains('[')));
}

#[tokio::test]
async fn get_staff_prints_json_csv_and_xlsx_with_the_account() {
    let server = demo().await;
    let clients = Clients::from_config(&server.config()).unwrap();
    let (code, out, err) = get_staff(&clients, Format::Json).await;
    assert_eq!(code, get::OK, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(rows.len(), 20);
    let mia = rows.iter().find(|r| r["userid"] == "mia").unwrap();
    assert_eq!(mia["name"], "左的超长无限同城的名称");
    assert_eq!(mia["status"], "active");
    assert_eq!(mia["account"], "default");
    assert!(mia["external_contact_able"].is_boolean());
    let left = rows.iter().find(|r| r["userid"] == "GuoXue").unwrap();
    assert_eq!(left["status"], "left");

    let (code, out, _) = get_staff(&clients, Format::Csv).await;
    assert_eq!(code, get::OK);
    let csv = String::from_utf8(out).unwrap();
    assert!(
        csv.starts_with(
            "userid,id,name,alias,department,position,mobile,status,external_contact_able,account\n"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 21);

    let (code, out, _) = get_staff(&clients, Format::Xlsx).await;
    assert_eq!(code, get::OK);
    assert!(out.starts_with(b"PK"), "an xlsx is a zip file");
}

fn member(userid: &str, number: &str, name: &str, status: StaffStatus) -> StaffMember {
    StaffMember {
        vendor: Vendor::Weiban,
        account: Default::default(),
        userid: userid.into(),
        number: number.into(),
        name: name.into(),
        alias: String::new(),
        status,
        department: String::from("客服部"),
        mobile: String::new(),
        position: String::from("店长"),
        external_contact_able: true,
        raw: RawJson::new(r#"{"ext_id":"x"}"#),
    }
}

fn alert(i: i64, staff_id: &str, ext_id: &str, staff_name: &str) -> OutflowAlert {
    OutflowAlert {
        account: Default::default(),
        vendor: Vendor::Weiban,
        customer_id: format!("wmLost{i}"),
        customer_name: format!("客户{i}"),
        staff_id: staff_id.into(),
        staff_ext_id: ext_id.into(),
        staff_name: staff_name.into(),
        outflow_at: DateTime::from_timestamp(1_763_700_000 - 600 * i, 0),
        delete_by: DeleteBy::Customer,
        tags: Vec::new(),
        customer_type: Some(1),
        relation: Default::default(),
        keys: Default::default(),
        origins: scrm_tui::domain::Origins::WEIBAN,
        raw: RawJson::new(r#"{"id":"x"}"#),
    }
}

fn store(id: &str, owner_ext_id: &str) -> Store {
    Store {
        account: Default::default(),
        vendor: Vendor::Weiban,
        id: id.into(),
        name: format!("门店{id}"),
        address: String::from("天河路 1 号"),
        city: String::from("广州"),
        owner: String::new(),
        owner_ext_id: owner_ext_id.into(),
        creator: String::new(),
        deleted: false,
        created_at: None,
        raw: RawJson::new("{}"),
    }
}

/// The Staff pane with three members; Mia lost three customers (one alert names her by
/// Weiban's number and has no name), Leo one; Leo owns a store with no owner name.
fn staff_pane() -> Driver {
    let mut driver = Driver::new(120, 30);
    driver.app.settings.lang = Lang::En;
    driver.load(Records::Staff(vec![
        member("mia", "3073", "米娅", StaffStatus::Active),
        member("leo", "3074", "李奥", StaffStatus::Active),
        member("ann", "3075", "安", StaffStatus::Left),
    ]));
    driver.load(Records::Outflow(vec![
        alert(1, "mia", "mia", "米娅"),
        alert(2, "mia", "mia", "米娅"),
        alert(3, "3073", "", ""),
        alert(4, "leo", "leo", "李奥"),
    ]));
    driver.load(Records::Stores(vec![store("s1", "leo")]));
    driver.press("6");
    driver
}

#[test]
fn the_pane_counts_each_members_alerts_and_dims_who_left() {
    let mut driver = staff_pane();
    assert_eq!(driver.app.pane, Resource::Staff);
    let screen = driver.screen();
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in\n{screen}"))
            .to_owned()
    };
    assert!(row("米娅").contains("mia"), "{}", row("米娅"));
    let counts = |line: String| -> Vec<String> {
        line.split_whitespace()
            .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_owned)
            .collect()
    };
    // Outflow 3 (by userid and by number); open and claimed blank until the log is read.
    assert_eq!(counts(row("米娅")), ["3"]);
    assert_eq!(counts(row("李奥")), ["1"]);
    assert!(row("安").contains("left"));
    insta::assert_snapshot!("staff_120x30", screen);
    // Sorted by their outflow, most first.
    driver.press("O O");
    assert_eq!(driver.selected_id().as_deref(), Some("mia"));
    driver.press("G");
    assert_eq!(driver.selected_id().as_deref(), Some("ann"));
}

#[test]
fn y_copies_the_wecom_userid_and_staff_switches_to_the_pane() {
    let mut driver = staff_pane();
    driver.press("j y");
    assert!(
        matches!(driver.cmds.as_slice(), [Cmd::Copy { text, .. }] if text == "leo"),
        "{:?}",
        driver.cmds
    );
    driver.press("1 :").type_text("staff").press("Enter");
    assert_eq!(driver.app.pane, Resource::Staff);
}

#[test]
fn x_lists_their_stores_and_lost_customers_and_goes_there() {
    let mut driver = staff_pane();
    driver.press("x");
    assert_eq!(driver.app.front(), Front::Related);
    let rows: Vec<(related::Link, String)> = driver
        .app
        .related()
        .unwrap()
        .rows
        .iter()
        .map(|r| (r.link, r.title.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (related::Link::Lost, String::from("客户1")),
            (related::Link::Lost, String::from("客户2")),
            (related::Link::Lost, String::from("客户3")),
        ]
    );
    driver.press("Esc j x");
    let titles: Vec<String> = driver
        .app
        .related()
        .unwrap()
        .rows
        .iter()
        .map(|r| r.title.clone())
        .collect();
    assert_eq!(titles, ["门店s1", "客户4"]);
    // Enter goes to the store, its detail open.
    driver.press("Enter");
    assert_eq!(driver.app.pane, Resource::Stores);
    assert_eq!(driver.app.front(), Front::Detail);
}

#[test]
fn records_naming_a_staff_member_by_id_show_the_directorys_name() {
    let mut driver = staff_pane();
    // The alert with no name shows Mia's, from the directory.
    driver.press("3");
    let outflow = driver.screen();
    let line = outflow.lines().find(|l| l.contains("客户3")).unwrap();
    assert!(line.contains("米娅"), "{line}");
    // The store with no owner name shows Leo's.
    driver.press("1");
    let stores = driver.screen();
    let line = stores.lines().find(|l| l.contains("门店s1")).unwrap();
    assert!(line.contains("李奥"), "{line}");
    // From an alert, `x` reaches the staff member in the directory.
    driver.press("3 x");
    let related = driver.app.related().unwrap();
    assert!(
        related
            .rows
            .iter()
            .any(|r| r.link == related::Link::StaffMember && r.title == "米娅"),
        "{:?}",
        related.rows
    );
}

#[test]
fn a_related_alert_that_names_its_staff_by_id_reads_the_directorys_name() {
    use scrm_tui::domain::{Customer, CustomerStatus, PersonKeys};
    let keys = PersonKeys {
        external_userid: String::from("wmLost3"),
        ..Default::default()
    };
    let customer = Customer {
        vendor: Vendor::Yunzhong,
        account: Default::default(),
        id: String::from("wmLost3"),
        name: String::from("客户3"),
        remark: String::new(),
        staff: String::new(),
        tags: Vec::new(),
        status: CustomerStatus::Normal,
        added_at: None,
        keys: keys.clone(),
        raw: RawJson::new("{}"),
    };
    let mut lost = alert(3, "3073", "", "");
    lost.keys = keys;
    let alerts = vec![std::sync::Arc::new(lost)];
    let staff = vec![std::sync::Arc::new(member(
        "mia",
        "3073",
        "米娅",
        StaffStatus::Active,
    ))];
    let loaded = related::Loaded {
        customers: &[],
        alerts: &alerts,
        stores: &[],
        staff: &staff,
    };
    let rows = related::of_customer(&customer, &loaded);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].note, "米娅");
    // Without the directory, the id stays.
    let bare = related::Loaded {
        staff: &[],
        ..loaded
    };
    assert_eq!(related::of_customer(&customer, &bare)[0].note, "3073");
}
