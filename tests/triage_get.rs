//! Triage out of the tool: `get outflow` carries each alert's `triage` (an object in JSON,
//! `triage_*` columns in CSV and xlsx) and `get triage-log` prints the log — a 2 000-character
//! Chinese note with commas, quotes and a line break exact through every one of them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::Utc;
use scrm_tui::cli::get::{self, Request};
use scrm_tui::cli::triage::print_log;
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::output::Format;
use scrm_tui::domain::triage::{Action, NOTE_MAX, Outcome};
use scrm_tui::domain::{Record, Records, Resource};
use scrm_tui::fetch::{Clients, SoloTriage, load};
use scrm_tui::store::triage_file::{Actor, TriageFile};
use serde_json::Value;

/// 2 000 characters: Chinese, with what CSV must quote and a line break.
fn note() -> String {
    let mut note = String::from("客户说：\"下周再联系\"，已加回微信,\n");
    while note.chars().count() < NOTE_MAX {
        note.push_str("回访记录");
    }
    note.chars().take(NOTE_MAX).collect()
}

struct Setup {
    _server: DemoServer,
    _dir: tempfile::TempDir,
    clients: Clients,
    /// The customer ids of the claimed and the done alert.
    claimed: String,
    done: String,
    alerts: usize,
}

/// The demo's alerts, one claimed by `solo`, one claimed and then done with the note.
async fn setup() -> Setup {
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    server.set_now(server.started());
    let mut clients = Clients::from_config(&server.config()).unwrap();
    let Records::Outflow(alerts) = load(&clients, Resource::Outflow).await.records else {
        panic!("alerts");
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut file, _) = TriageFile::open(&dir.path().join("triage.jsonl")).unwrap();
    let actor = Actor {
        by: String::from("solo"),
        name: String::from("张三"),
        host: String::from("desk-1"),
    };
    let (first, second) = (&alerts[0], &alerts[1]);
    let mut act = |key: String, action| {
        file.append(&key, action, &actor, Utc::now())
            .unwrap()
            .unwrap();
    };
    act(first.key(), Action::Claim);
    act(second.key(), Action::Claim);
    act(
        second.key(),
        Action::Done {
            outcome: Outcome::WonBack,
            note: note(),
        },
    );
    clients.triage = Some(SoloTriage::new(file, actor));
    Setup {
        claimed: first.customer_id.clone(),
        done: second.customer_id.clone(),
        alerts: alerts.len(),
        clients,
        _server: server,
        _dir: dir,
    }
}

async fn outflow(setup: &Setup, format: Format) -> Vec<u8> {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let request = Request {
        resource: Resource::Outflow,
        format,
        with_context: false,
    };
    let zone = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let code = get::print(request, &setup.clients, &zone, &mut out, &mut err).await;
    assert_eq!(code, get::OK, "{}", String::from_utf8_lossy(&err));
    out
}

async fn log(setup: &Setup, format: Format) -> Vec<u8> {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let zone = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let code = print_log(&setup.clients, format, &zone, &mut out, &mut err).await;
    assert_eq!(code, get::OK, "{}", String::from_utf8_lossy(&err));
    assert_eq!(String::from_utf8(err).unwrap(), "3 triage event(s)\n");
    out
}

/// Rows of a CSV or the first sheet of a workbook, as text, header first.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn xlsx_rows(bytes: Vec<u8>, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The value of `column` in the row whose `key` column is `value`.
fn cell(rows: &[Vec<String>], key: &str, value: &str, column: &str) -> String {
    let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let row = rows.iter().find(|r| r[at(key)] == value).unwrap();
    row[at(column)].clone()
}

#[tokio::test]
async fn get_outflow_carries_the_triage_in_every_format() {
    let setup = setup().await;
    let json: Vec<Value> = serde_json::from_slice(&outflow(&setup, Format::Json).await).unwrap();
    assert_eq!(json.len(), setup.alerts);
    let triage = |id: &str| {
        json.iter()
            .find(|r| r["customer_id"] == id)
            .map(|r| r["triage"].clone())
            .unwrap()
    };
    let done = triage(&setup.done);
    assert_eq!(done["state"], "done");
    assert_eq!(done["by"], "solo");
    assert_eq!(done["outcome"], "won-back");
    assert_eq!(done["note"].as_str().unwrap(), note());
    assert!(done["claimed_at"].is_string() && done["done_at"].is_string());
    let claimed = triage(&setup.claimed);
    assert_eq!(
        (claimed["state"].as_str(), claimed["note"].is_null()),
        (Some("claimed"), true)
    );
    let open = json
        .iter()
        .filter(|r| r["triage"]["state"] == "open")
        .count();
    assert_eq!(open, setup.alerts - 2);

    let csv = csv_rows(&outflow(&setup, Format::Csv).await);
    assert_eq!(
        csv[0][csv[0].len() - 6..],
        [
            "triage_state",
            "triage_by",
            "triage_outcome",
            "triage_note",
            "triage_claimed_at",
            "triage_done_at"
        ]
    );
    assert_eq!(
        cell(&csv, "customer_id", &setup.done, "triage_note"),
        note()
    );
    assert_eq!(
        cell(&csv, "customer_id", &setup.claimed, "triage_state"),
        "claimed"
    );

    let xlsx = xlsx_rows(outflow(&setup, Format::Xlsx).await, "outflow");
    assert_eq!(
        cell(&xlsx, "customer_id", &setup.done, "triage_note"),
        note()
    );
    assert_eq!(
        cell(&xlsx, "customer_id", &setup.done, "triage_outcome"),
        "won-back"
    );
}

#[tokio::test]
async fn get_triage_log_prints_every_event_in_every_format() {
    let setup = setup().await;
    let json: Vec<Value> = serde_json::from_slice(&log(&setup, Format::Json).await).unwrap();
    let actions: Vec<&str> = json.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["claim", "claim", "done"]);
    assert_eq!(json[2]["note"].as_str().unwrap(), note());
    assert_eq!(json[2]["outcome"], "won-back");
    assert_eq!(
        (json[2]["by"].as_str(), json[2]["name"].as_str()),
        (Some("solo"), Some("张三"))
    );
    assert_eq!(json[2]["seq"], 3);

    let csv = csv_rows(&log(&setup, Format::Csv).await);
    assert_eq!(
        csv[0],
        [
            "seq", "alert", "at", "by", "name", "host", "action", "outcome", "note"
        ]
    );
    assert_eq!(cell(&csv, "seq", "3", "note"), note());
    assert_eq!(cell(&csv, "seq", "3", "host"), "desk-1");

    let xlsx = xlsx_rows(log(&setup, Format::Xlsx).await, "triage-log");
    assert_eq!(xlsx.len(), 4);
    assert_eq!(cell(&xlsx, "seq", "3", "note"), note());
}
