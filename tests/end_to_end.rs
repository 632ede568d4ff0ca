//! End to end: the demo server, the real client, the fetch task, `update` and rendering; and
//! `scrm-tui get` and the binary's command line as a user runs them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use scrm_tui::app::{Cmd, Msg};
use scrm_tui::cli::get;
use scrm_tui::config::Config;
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::LoadEvent;
use scrm_tui::domain::Resource;
use scrm_tui::domain::output::Format;
use scrm_tui::fetch::{Clients, Fetcher};
use scrm_tui::redact::Secret;

async fn demo() -> DemoServer {
    DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap()
}

async fn get(config: &Config, format: Format) -> (u8, String, String) {
    let clients = Clients::from_config(config).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = get::run(
        Resource::Stores,
        &clients,
        format,
        &beijing(),
        &mut out,
        &mut err,
    )
    .await;
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[tokio::test]
async fn get_stores_prints_normalized_json() {
    let server = demo().await;
    let (code, out, err) = get(&server.config(), Format::Json).await;
    assert_eq!(code, get::OK, "{err}");
    assert_eq!(err.trim(), "120 stores in 2 page(s)");
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 120);
    let keys: Vec<&str> = rows[0].keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "address",
            "city",
            "owner",
            "owner_ext_id",
            "creator",
            "deleted",
            "created_at",
            "account"
        ]
    );
    let first = &rows[0];
    let want = &server.data().stores[0];
    assert_eq!(first["id"], want.id.to_string(), "ids are strings");
    assert_eq!(first["name"], want.name.as_str());
    assert_eq!(first["deleted"], want.deleted);
    let created = first["created_at"].as_str().unwrap();
    assert!(
        created.ends_with("+08:00"),
        "RFC 3339 with the offset: {created}"
    );
    let parsed = chrono::DateTime::parse_from_rfc3339(created).unwrap();
    assert_eq!(parsed.timestamp(), want.created_at);
    assert_eq!(rows.iter().filter(|r| r["deleted"] == true).count(), 13);
}

#[tokio::test]
async fn get_stores_prints_csv_with_a_header() {
    let server = demo().await;
    let (code, out, _) = get(&server.config(), Format::Csv).await;
    assert_eq!(code, get::OK);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "id");
    assert_eq!(header.len(), 10);
    assert_eq!(header[9], "account");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 120);
    // The address with a newline in it survives CSV quoting.
    assert!(rows.iter().any(|r| r[2].contains('\n')));
}

#[tokio::test]
async fn get_with_a_wrong_secret_exits_non_zero_naming_vendor_and_endpoint() {
    let server = demo().await;
    let mut config = server.config();
    config.weiban[0].secret = Secret::new("not-the-secret-123");
    let (code, out, err) = get(&config, Format::Json).await;
    assert_eq!(code, get::INCOMPLETE);
    assert_eq!(out.trim(), "[]");
    assert!(
        err.contains("error: weiban /open-api/access_token/get: errcode 10001"),
        "{err}"
    );
    assert!(!format!("{out}{err}").contains("not-the-secret-123"));
}

#[tokio::test]
async fn get_without_a_vendor_says_what_to_configure() {
    let (code, _, err) = get(&Config::default(), Format::Json).await;
    assert_eq!(code, get::UNUSABLE);
    assert!(err.contains("[weiban]"), "{err}");
}

/// The dashboard's path without a terminal: start → fetch task over HTTP → `update` → render.
#[tokio::test]
async fn the_dashboard_loads_stores_from_the_demo_server() {
    let server = demo().await;
    let clients = Arc::new(Clients::from_config(&server.config()).unwrap());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut fetcher = Fetcher::new(clients, tx);
    let (width, height) = (120, 40);
    let mut app = app(width, height, std::time::Instant::now());

    let run = |commands: Vec<Cmd>, fetcher: &mut Fetcher| {
        for command in commands {
            if let Cmd::Fetch {
                resource,
                generation,
            } = command
            {
                fetcher.spawn(resource, generation);
            }
        }
    };
    run(app.start(), &mut fetcher);
    // The first page streams onto the empty pane at once, with the progress.
    let msg = loop {
        match next_msg(&mut rx).await {
            msg if matches!(
                event(&msg),
                Some(LoadEvent::Arrived {
                    resource: Resource::Stores,
                    ..
                })
            ) =>
            {
                break msg;
            }
            other => app.update(other),
        };
    };
    let Some(LoadEvent::Arrived {
        generation: 1,
        progress,
        ..
    }) = event(&msg)
    else {
        panic!("{msg:?}")
    };
    assert_eq!((progress.loaded, progress.expected), (100, 120));
    app.update(msg);
    assert_eq!(app.list(Resource::Stores).counts().1, 100);
    assert!(app.list(Resource::Stores).status().loading);
    until_loaded(&mut rx, &mut app).await;
    assert_eq!(app.list(Resource::Stores).counts().1, 120);
    assert!(!app.list(Resource::Stores).status().loading);
    assert!(app.list(Resource::Stores).status().error.is_none());

    // The vendor expires the token; a refresh renews it and loads again.
    server.expire_tokens();
    run(app.update(key('r')), &mut fetcher);
    until_loaded(&mut rx, &mut app).await;
    assert_eq!(app.list(Resource::Stores).counts().1, 120);
    assert!(app.list(Resource::Stores).status().error.is_none());
    assert_eq!(server.stats().weiban_token, 2);

    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| scrm_tui::ui::render(&app, &scrm_tui::ui::theme::Theme::default(), f))
        .unwrap();
    let text = screen(terminal.backend().buffer());
    assert!(text.contains("Stores · weiban · 120"), "{text}");
    assert!(text.contains(&server.data().stores[0].name), "{text}");
}

#[tokio::test]
async fn a_newer_refresh_cancels_the_older_fetch() {
    let server = demo().await;
    let clients = Arc::new(Clients::from_config(&server.config()).unwrap());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut fetcher = Fetcher::new(clients, tx);
    fetcher.spawn(Resource::Stores, 1);
    fetcher.spawn(Resource::Stores, 2);
    loop {
        let msg = next_msg(&mut rx).await;
        let Msg::Load(event) = &msg else {
            panic!("{msg:?}");
        };
        match &**event {
            LoadEvent::Arrived { generation: 2, .. } => {}
            LoadEvent::Loaded { generation: 2, .. } => break,
            other => panic!("{other:?}"),
        }
    }
}

async fn next_msg(rx: &mut tokio::sync::mpsc::UnboundedReceiver<LoadEvent>) -> Msg {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap()
        .unwrap()
        .into()
}

/// The fetch task's report a message carries.
fn event(msg: &Msg) -> Option<&LoadEvent> {
    match msg {
        Msg::Load(event) => Some(event),
        _ => None,
    }
}

/// Applies the fetch tasks' messages until the load of Stores has finished.
async fn until_loaded(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<LoadEvent>,
    app: &mut scrm_tui::app::App,
) {
    loop {
        let msg = next_msg(rx).await;
        let done = matches!(
            event(&msg),
            Some(LoadEvent::Loaded {
                resource: Resource::Stores,
                ..
            })
        );
        app.update(msg);
        if done {
            return;
        }
    }
}

// The binary, as a user runs it.

fn scrm_tui(args: &[&str], home: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_scrm-tui"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("SCRM_TUI_WEIBAN_SECRET")
        .output()
        .unwrap()
}

#[test]
fn the_binary_gets_demo_stores() {
    let home = tempfile::tempdir().unwrap();
    let output = scrm_tui(&["get", "stores", "--demo", "--format", "csv"], home.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.starts_with(
        "id,name,address,city,owner,owner_ext_id,creator,deleted,created_at,account\n"
    ));
}

#[test]
fn without_config_or_demo_a_friendly_message_says_how_to_start() {
    let home = tempfile::tempdir().unwrap();
    let output = scrm_tui(&[], home.path());
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("scrm-tui --demo") && err.contains("[weiban]"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn a_config_mistake_names_the_key_and_line() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("bad.toml");
    std::fs::write(
        &path,
        "[weiban]\ncorp_id = \"1\"\nsecret = \"s3cret-value\"\nsecrett = \"typo\"\n",
    )
    .unwrap();
    let output = scrm_tui(
        &["get", "stores", "--config", path.to_str().unwrap()],
        home.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("secrett") && err.contains("line 4"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secret_from_the_environment_wins_over_the_file() {
    let server = demo().await;
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[weiban]\nbase_url = \"{}\"\ncorp_id = \"{}\"\nsecret = \"wrong-in-file\"\n",
            server.base_url(),
            scrm_tui::demo::CORP_ID
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let run = |env_secret: Option<&'static str>| {
        let (path, home) = (path.clone(), home.path().to_owned());
        tokio::task::spawn_blocking(move || {
            let mut command = Command::new(env!("CARGO_BIN_EXE_scrm-tui"));
            command
                .args(["get", "stores", "--config", path.to_str().unwrap()])
                .env("HOME", &home)
                .env("XDG_STATE_HOME", home.join("state"))
                .env_remove("SCRM_TUI_WEIBAN_SECRET");
            if let Some(secret) = env_secret {
                command.env("SCRM_TUI_WEIBAN_SECRET", secret);
            }
            command.output().unwrap()
        })
    };
    let output = run(Some(scrm_tui::demo::WEIBAN_SECRET)).await.unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("warning:") && err.contains("chmod 600"),
        "the file is world-readable: {err}"
    );

    let output = run(None).await.unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("weiban /open-api/access_token/get: errcode 10001"),
        "{err}"
    );
    assert!(!err.contains("wrong-in-file"), "{err}");
}

#[tokio::test]
async fn get_every_resource_from_every_vendor() {
    use scrm_tui::demo::data::weiban_customers::unix_now;
    let server = demo().await;
    let clients = Clients::from_config(&server.config()).unwrap();
    let run = |resource| {
        let clients = &clients;
        async move {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code = get::run(
                resource,
                clients,
                Format::Json,
                &beijing(),
                &mut out,
                &mut err,
            )
            .await;
            let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
            (code, rows, String::from_utf8(err).unwrap())
        }
    };
    let (code, customers, err) = run(Resource::Customers).await;
    assert_eq!(code, get::OK, "{err}");
    assert_eq!(customers.len(), 900);
    for source in ["weiban", "yunzhong", "tanma"] {
        assert_eq!(
            customers.iter().filter(|c| c["source"] == source).count(),
            300,
            "{source}"
        );
    }
    assert!(
        customers
            .iter()
            .all(|c| c["id"].is_string() && c["tags"].is_array())
    );
    assert!(customers.iter().any(|c| c["status"] == "lost"));

    let now = unix_now();
    let (code, alerts, err) = run(Resource::Outflow).await;
    assert_eq!(code, get::OK, "{err}");
    let want = server
        .timeline()
        .alerts_between(now - 7 * 86_400, now, now)
        .len();
    assert!(
        alerts.len().abs_diff(want) <= 1,
        "{} vs {want}",
        alerts.len()
    );
    assert!(err.contains("outflow alerts"), "{err}");

    let (code, operators, _) = run(Resource::Operators).await;
    assert_eq!(code, get::OK);
    assert_eq!(operators.len(), 40);
    assert_eq!(operators[0]["staff_name"], "陈晓");
    assert_eq!(
        operators[0]["authorized"].as_bool(),
        Some(operators[0]["authorized"] == true)
    );
}

#[tokio::test]
async fn one_failing_vendor_does_not_hide_the_others() {
    let server = demo().await;
    let mut config = server.config();
    if let Some(yunzhong) = config.yunzhong.first_mut() {
        yunzhong.cookie = Secret::new("laravel_session=expired-cookie-99");
    }
    let clients = Clients::from_config(&config).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = get::run(
        Resource::Customers,
        &clients,
        Format::Csv,
        &beijing(),
        &mut out,
        &mut err,
    )
    .await;
    assert_eq!(code, get::INCOMPLETE);
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains(
            "yunzhong /business/{uniacid}/plugin/WechatCustomers/getList: result 0 (请先登录)"
        ),
        "{err}"
    );
    assert!(!err.contains("expired-cookie-99"));
    let rows = csv::Reader::from_reader(out.as_slice()).records().count();
    assert_eq!(
        rows, 600,
        "weiban's and tanma's customers are still printed"
    );
}

/// `L` on the Operators pane loads Youmi's reference lists and opens them as one tree.
#[tokio::test]
async fn the_operators_pane_reaches_the_reference_lists() {
    let server = demo().await;
    let clients = Arc::new(Clients::from_config(&server.config()).unwrap());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut fetcher = Fetcher::new(clients, tx);
    let mut app = app(120, 40, std::time::Instant::now());
    app.settings.vendors = server.config().vendors();
    assert!(
        app.update(key('L')).is_empty(),
        "only on the Operators pane"
    );
    app.update(key('4'));
    assert_eq!(app.update(key('L')), vec![Cmd::FetchReferences]);
    fetcher.references();
    let msg = next_msg(&mut rx).await;
    app.update(msg);
    let detail = app.detail().expect("the lists are open");
    assert_eq!(detail.kind, scrm_tui::app::detail::Shows::ReferenceLists);
    let top: Vec<String> = detail
        .tree
        .visible()
        .iter()
        .filter_map(|&i| match &detail.tree.node(i)?.label {
            scrm_tui::json::tree::Label::Key(k) => Some(k.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        top,
        [
            "label_categories",
            "labels",
            "ad_groups",
            "custom_attributes"
        ]
    );
    // Entries keep their JSON-inside-strings decodable: the ad groups' `wechats`.
    let mut app_detail = app.detail().cloned().unwrap();
    app_detail.set_all(true, 40);
    assert!(app_detail.tree.visible().iter().any(|&i| matches!(
        app_detail.tree.node(i).map(|n| &n.value),
        Some(scrm_tui::json::tree::Value::Embedded { .. })
    )));
}

/// An app showing the demo server's customers, loaded through the real clients.
async fn customers_app(server: &DemoServer) -> scrm_tui::app::App {
    let config = server.config();
    let clients = Clients::from_config(&config).unwrap();
    let loaded = scrm_tui::fetch::load(&clients, Resource::Customers).await;
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let t0 = std::time::Instant::now();
    let mut app = app(120, 40, t0);
    app.settings.vendors = config.vendors();
    show_customers(&mut app, loaded);
    app
}

#[tokio::test]
async fn an_export_reads_back_exactly_as_get_prints() {
    let server = demo().await;
    let clients = Clients::from_config(&server.config()).unwrap();
    let mut app = customers_app(&server).await;
    let dir = tempfile::tempdir().unwrap();
    app.settings.export_dir = dir.path().to_owned();
    let at = chrono::Utc::now().with_timezone(&beijing());
    for format in [Format::Csv, Format::Json] {
        let (mut printed, mut err) = (Vec::new(), Vec::new());
        let code = get::run(
            Resource::Customers,
            &clients,
            format,
            &beijing(),
            &mut printed,
            &mut err,
        )
        .await;
        assert_eq!(code, get::OK);
        let (path, rows) =
            scrm_tui::tui::export::write(&app, Resource::Customers, format, None, at)
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows, 900);
        // The default name, in the export directory.
        assert_eq!(path.parent(), Some(dir.path()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            name,
            scrm_tui::tui::export::file_name(Resource::Customers, format, at)
        );
        let mut exported = std::fs::read(&path).unwrap();
        if format == Format::Csv {
            // With the byte-order mark Excel needs; `get` writes none.
            assert_eq!(exported.drain(..3).as_slice(), [0xef, 0xbb, 0xbf]);
        }
        assert_eq!(
            String::from_utf8(exported).unwrap(),
            String::from_utf8(printed).unwrap(),
            "{format:?}"
        );
    }
}

#[tokio::test]
async fn an_export_writes_the_filtered_sorted_rows_shown() {
    let server = demo().await;
    let mut app = customers_app(&server).await;
    app.update(key('/'));
    for c in "#VIP".chars() {
        app.update(key(c));
    }
    app.update(code(crossterm::event::KeyCode::Enter));
    app.update(key('N')); // by name
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vip.csv");
    let at = chrono::Utc::now().with_timezone(&beijing());
    let (written, rows) =
        scrm_tui::tui::export::write(&app, Resource::Customers, Format::Csv, Some(&path), at)
            .unwrap();
    assert_eq!(written, path);
    let (shown, total) = app.list(Resource::Customers).counts();
    assert_eq!((rows, total), (shown, 900));
    assert!(shown > 0 && shown < 900);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "source", "id", "name", "remark", "staff", "tags", "status", "added_at", "account"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), shown);
    let names: Vec<&str> = records.iter().map(|r| &r[2]).collect();
    let expected: Vec<&str> = app
        .pane_of::<scrm_tui::domain::Customer>()
        .rows(0)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, expected, "in the order shown");
    assert!(
        records
            .iter()
            .all(|r| r[5].split(';').any(|t| t.contains("VIP")))
    );
}

#[test]
fn demo_scale_multiplies_the_demo_data() {
    let home = tempfile::tempdir().unwrap();
    let rows = |resource: &str| {
        let output = scrm_tui(
            &[
                "get",
                resource,
                "--demo",
                "--demo-scale",
                "3",
                "--format",
                "csv",
            ],
            home.path(),
        );
        assert!(output.status.success(), "{resource}");
        // Read as CSV: some demo names carry a newline.
        csv::Reader::from_reader(output.stdout.as_slice())
            .records()
            .map(Result::unwrap)
            .count()
    };
    assert_eq!(rows("customers"), 900 * 3);
    assert_eq!(rows("stores"), 120 + 17 * 2);
    let output = scrm_tui(
        &["get", "stores", "--demo", "--demo-scale", "0"],
        home.path(),
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "out of range is a usage error"
    );
}
