//! No credential ever leaves the program. The whole app runs against the demo server — `get`
//! of every resource, the dashboard on a real terminal (every pane, the detail view, help, an
//! export, a refresh against vendors that echo the credentials back in garbage), the most
//! verbose log, a forced panic — and then every byte it wrote is searched for the secrets in
//! its config and for every token the vendors issued (`wbdemo_…`, `ymdemo_…`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report
#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;

use common::pty::Session;
use scrm_tui::demo::faults::{Fault, Rule};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::Vendor;

/// What must never appear: the config's credentials, and every token the demo vendors issue.
fn needles() -> Vec<&'static str> {
    vec![
        scrm_tui::demo::WEIBAN_SECRET,
        scrm_tui::demo::yunzhong::COOKIE_VALUE,
        // The session value alone, without its name.
        "demo-yunzhong-session",
        scrm_tui::demo::tanma::APP_KEY,
        scrm_tui::demo::youmi::APP_KEY,
        "wbdemo_",
        "ymdemo_",
    ]
}

fn assert_clean(what: &str, text: &str) {
    for needle in needles() {
        assert!(
            !text.contains(needle),
            "{needle:?} leaked into {what}:\n{text}"
        );
    }
}

/// Every file under `dir`, read as text.
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            found.push((
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    found
}

fn get(config: &Path, home: &Path, resource: &str, format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_scrm-tui"))
        .args(["--config", config.to_str().unwrap(), "get", resource])
        .args(["--format", format])
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `get` of every resource in both formats: what each printed, out and err.
fn every_get(config: &Path, home: &Path, label: &str) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    for resource in ["stores", "customers", "outflow", "operators"] {
        for format in ["json", "csv"] {
            let out = get(config, home, resource, format);
            seen.push((format!("get {resource} {format} ({label})"), out));
        }
    }
    seen
}

fn inject_everywhere(server: &DemoServer, fault: Fault) {
    for vendor in Vendor::CALLED {
        server.inject(Rule::always(vendor, fault));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_appears_anywhere_the_app_writes() {
    let server = DemoServer::start("127.0.0.1:0".parse().unwrap(), DemoOptions::default())
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let exports = home.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "{}\n[ui]\nlang = \"en\"\nexport_dir = \"{}\"\n",
            server.config_toml(),
            exports.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let config_arg = config.to_str().unwrap().to_owned();
    let home_path = home.path().to_owned();
    let mut seen = Vec::new();

    // `get`: every resource, both formats; then with every vendor echoing the credentials
    // back in garbage, and with expired tokens and bad signatures.
    let gets = |label: &'static str| {
        let (config, home) = (config.clone(), home_path.clone());
        tokio::task::spawn_blocking(move || every_get(&config, &home, label))
    };
    let plain = gets("as configured").await.unwrap();
    assert!(
        plain.iter().any(|(_, out)| out.contains("120 stores")),
        "get worked"
    );
    seen.extend(plain);
    for fault in [Fault::Garbage, Fault::ExpiredToken, Fault::BadSignature] {
        inject_everywhere(&server, fault);
        let failed = gets(fault.name()).await.unwrap();
        assert!(
            failed.iter().any(|(_, out)| out.contains("error: weiban")),
            "the fault was hit"
        );
        seen.extend(failed);
        server.clear_faults();
    }

    // The dashboard on a terminal: every pane, the detail view, help, an export, and a
    // refresh while the vendors echo credentials back.
    let env = [("RUST_LOG", "trace")];
    let mut session = Session::start(&["--config", &config_arg], &env, home.path());
    session.wait_for("Stores");
    session.type_keys("2");
    session.wait_for("Customers");
    session.type_keys("e");
    session.wait_for("exported");
    session.type_keys("3\r");
    session.type_keys("\x1b4\r\x1b?");
    session.type_keys("\x1b1");
    inject_everywhere(&server, Fault::Garbage);
    session.type_keys("r");
    session.wait_for("unreadable response");
    session.type_keys("2r");
    std::thread::sleep(std::time::Duration::from_millis(500));
    server.clear_faults();
    session.type_keys("q");
    session.wait_exit();
    seen.push(("the dashboard's screen".into(), session.output()));

    // A panic whose message carries a secret.
    let mut session = Session::start(
        &["--config", &config_arg],
        &[(scrm_tui::tui::FORCE_PANIC, "1")],
        home.path(),
    );
    let status = session.wait_exit();
    assert_eq!(status.code(), Some(101));
    assert!(session.output().contains("scrm-tui crashed"));
    seen.push(("the panic".into(), session.output()));

    // Everything left on disk: logs, exports, the offline cache.
    let written = files(home.path());
    assert!(
        written.iter().any(|(p, _)| p.ends_with("scrm-tui.log")),
        "{written:?}"
    );
    assert!(
        written.iter().any(|(p, _)| p.contains("exports")),
        "an export was written"
    );
    seen.extend(
        written
            .into_iter()
            .filter(|(p, _)| !p.ends_with("config.toml")),
    );
    // The screens the snapshot tests keep.
    seen.extend(files(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots"
    ))));

    // The tokens were issued and used: the search is not vacuous.
    assert!(server.stats().weiban_token > 0 && server.stats().youmi_token > 0);
    for (what, text) in &seen {
        assert_clean(what, text);
    }
}
