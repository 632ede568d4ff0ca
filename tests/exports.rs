//! Exports a colleague opens in Excel or WPS: a real workbook (ids as text, times as
//! date-times, a frozen header), CSV with a byte-order mark, and no cell a spreadsheet runs as
//! a formula — read back from the files written.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::io::Read;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;
use scrm_tui::app::{App, Cmd};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::output::Format;
use scrm_tui::domain::{Customer, Records, Resource};
use scrm_tui::fetch::Clients;

/// The demo's customers through the real clients, with three made hostile or extreme: a
/// formula for a name, a remark starting with `+`, and the largest 64-bit id.
async fn customers() -> Vec<Customer> {
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    let loaded = scrm_tui::fetch::load(&clients, Resource::Customers).await;
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let Records::Customers(mut customers) = loaded.records else {
        panic!("not customers");
    };
    customers[0].name = "=HYPERLINK(\"http://evil.example\",\"点我\")".into();
    customers[0].remark = "+86 138 0000 0000".into();
    customers[1].id = u64::MAX.to_string();
    customers[1].name = "@SUM(1+1)".into();
    customers
}

fn app_with(customers: Vec<Customer>) -> App {
    let t0 = std::time::Instant::now();
    let mut app = app(120, 40, t0);
    show_customers(&mut app, complete(Records::Customers(customers), t0, None));
    app
}

fn export(app: &App, format: Format, name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let at = chrono::Utc::now().with_timezone(&beijing());
    let (written, rows) =
        scrm_tui::tui::export::write(app, Resource::Customers, format, Some(&path), at)
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((written, rows), (path.clone(), 900));
    (dir, path)
}

#[tokio::test]
async fn an_xlsx_export_keeps_ids_as_text_and_times_as_dates() {
    let customers = customers().await;
    let app = app_with(customers.clone());
    let (_dir, path) = export(&app, Format::Xlsx, "customers.xlsx");

    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("customers").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 901, "a header and every row");
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "source", "id", "name", "remark", "staff", "tags", "status", "added_at", "account"
        ]
    );
    let zone = beijing();
    let mut long_ids = 0;
    for (row, customer) in rows[1..]
        .iter()
        .zip(app.pane_of::<scrm_tui::domain::Customer>().rows(0))
    {
        // Every id a string, exactly as the vendor sent it: 19 digits and 2^64 - 1 too.
        assert_eq!(row[1], Data::String(customer.id.clone()));
        long_ids += usize::from(customer.id.len() >= 16);
        let tags: Vec<&str> = customer.tags.iter().map(|t| t.name.as_str()).collect();
        let cell = if tags.is_empty() {
            Data::Empty
        } else {
            Data::String(tags.join(";"))
        };
        assert_eq!(row[5], cell, "tags in one cell");
        // A date-time cell, in local (Beijing) time, to the second.
        let added = customer
            .added_at
            .unwrap()
            .with_timezone(&zone)
            .naive_local();
        let Data::DateTime(at) = &row[7] else {
            panic!("added_at is {:?}", row[7]);
        };
        let read = at.as_datetime().unwrap();
        assert!(
            (read - added).num_milliseconds().abs() < 1000,
            "{read} vs {added}"
        );
    }
    assert!(
        long_ids >= 300,
        "Tanma's 19-digit ids among them: {long_ids}"
    );
    assert!(
        rows[1..]
            .iter()
            .any(|r| r[1] == Data::String(u64::MAX.to_string()))
    );
    // Formulas arrive as text, neutralised.
    let names: Vec<String> = rows[1..].iter().map(|r| r[2].to_string()).collect();
    assert!(names.contains(&"'=HYPERLINK(\"http://evil.example\",\"点我\")".to_string()));
    assert!(names.contains(&"'@SUM(1+1)".to_string()));
    assert!(
        rows[1..]
            .iter()
            .any(|r| r[3] == Data::String("'+86 138 0000 0000".into()))
    );

    // The header row is frozen, the columns sized to their content, and no cell is a formula.
    let mut xml = String::new();
    zip::ZipArchive::new(std::fs::File::open(&path).unwrap())
        .unwrap()
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
        "frozen"
    );
    assert!(!xml.contains("<f>"), "a formula in the sheet");
    let widths: Vec<f64> = xml
        .split("<col ")
        .skip(1)
        .filter_map(|c| c.split("width=\"").nth(1)?.split('"').next()?.parse().ok())
        .collect();
    assert_eq!(widths.len(), 9, "{widths:?}");
    // The id column fits 2^64 - 1 (20 digits); the source column is narrower.
    assert!(widths[1] >= 20.0 && widths[0] < widths[1], "{widths:?}");
}

#[tokio::test]
async fn a_csv_export_has_a_byte_order_mark_and_no_formula_and_get_has_neither_mark() {
    let customers = customers().await;
    let mut app = app_with(customers);
    let (_dir, path) = export(&app, Format::Csv, "customers.csv");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], [0xef, 0xbb, 0xbf], "a UTF-8 byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("source,id,name,"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(
        rows.iter()
            .any(|r| &r[2] == "'=HYPERLINK(\"http://evil.example\",\"点我\")")
    );
    assert!(
        rows.iter()
            .any(|r| &r[2] == "'@SUM(1+1)" && r[1] == *u64::MAX.to_string())
    );
    assert!(rows.iter().any(|r| &r[3] == "'+86 138 0000 0000"));
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }

    // `ui.csv_bom = false`: no mark.
    app.settings.csv_bom = false;
    let (_dir2, path) = export(&app, Format::Csv, "plain.csv");
    assert!(std::fs::read(&path).unwrap().starts_with(b"source,"));
}

#[tokio::test]
async fn get_on_stdout_never_writes_a_byte_order_mark() {
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = scrm_tui::cli::get::run(
        Resource::Customers,
        &clients,
        Format::Csv,
        &beijing(),
        &mut out,
        &mut err,
    )
    .await;
    assert_eq!(code, scrm_tui::cli::get::OK);
    assert!(out.starts_with(b"source,id,"), "{:?}", &out[..8]);
}

#[test]
fn e_writes_the_configured_format_and_export_follows_the_extension() {
    let (mut app, _) = loaded_app(120, 40, std::time::Duration::from_secs(3));
    app.settings.export_format = Format::Xlsx;
    // Besides keeping the command line's history.
    let exported = |cmds: Vec<Cmd>| match cmds.as_slice() {
        [Cmd::Export { format, path, .. }]
        | [Cmd::SaveHistory(_), Cmd::Export { format, path, .. }] => (*format, path.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(exported(app.update(key('e'))), (Format::Xlsx, None));
    for (command, format) in [
        ("export", Format::Xlsx),
        ("export csv", Format::Csv),
        ("export /tmp/a.json", Format::Json),
        ("export /tmp/a.CSV", Format::Csv),
        ("export xlsx /tmp/a.data", Format::Xlsx),
    ] {
        app.update(key(':'));
        type_text(&mut app, command);
        let (got, _) = exported(app.update(code(crossterm::event::KeyCode::Enter)));
        assert_eq!(got, format, "{command}");
    }
}
