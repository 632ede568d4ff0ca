//! `assets/config.example.toml` is a real config: it parses, sets every section and key
//! (the commented-out ones too, once uncommented), and its `[keys]` are the defaults.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::path::Path;

use scrm_tui::app::Keymap;
use scrm_tui::config::{self, Config};
use scrm_tui::engine::keymap::ACTIONS;

const EXAMPLE: &str = include_str!("../assets/config.example.toml");

fn no_env(_: &str) -> Option<String> {
    None
}

fn load(text: &str) -> Config {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    config::load_with_env(&path, &no_env).unwrap_or_else(|e| panic!("{e}"))
}

/// The example with its commented-out settings switched on.
fn everything() -> String {
    EXAMPLE
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest)
                if rest.starts_with("[database]")
                    || rest.starts_with("url ")
                    || rest.starts_with("listen ")
                    || rest.starts_with("export_dir ") =>
            {
                rest
            }
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_example_parses_as_it_is_and_with_everything_on() {
    let c = load(EXAMPLE);
    assert!(
        c.weiban.len() == 1 && c.yunzhong.len() == 1 && c.tanma.len() == 1 && c.youmi.len() == 1
    );
    assert!(c.database.is_none(), "team mode is off until uncommented");
    assert_eq!(c.ui.theme, "dark");
    assert_eq!(c.ui.default_sorts().unwrap().len(), 1);
    let all = load(&everything());
    assert!(all.database.is_some());
    assert!(all.ui.export_dir.is_some());
}

#[test]
fn the_example_sets_every_key_of_every_section() {
    let table: toml::Table = toml::from_str(&everything()).unwrap();
    let expected: &[(&str, &[&str])] = &[
        ("weiban", &["base_url", "corp_id", "secret", "limits"]),
        ("yunzhong", &["base_url", "uniacid", "cookie", "limits"]),
        (
            "tanma",
            &["base_url", "app_id", "app_key", "qw_user_ids", "limits"],
        ),
        ("youmi", &["base_url", "app_id", "app_key", "limits"]),
        ("outflow", &["poll_seconds", "lookback_days", "bell"]),
        (
            "ui",
            &[
                "clipboard",
                "mouse",
                "lang",
                "theme",
                "refresh_seconds",
                "export_dir",
                "export_format",
                "csv_bom",
                "sort",
            ],
        ),
        (
            "network",
            &[
                "connect_timeout_seconds",
                "timeout_seconds",
                "max_response_mb",
            ],
        ),
        ("database", &["url", "listen"]),
        ("sync", &["refresh_seconds", "full_refresh_seconds"]),
        ("me", &["name"]),
        ("triage", &["weiban_timeline"]),
    ];
    let sections: Vec<&String> = table.keys().collect();
    assert_eq!(sections.len(), expected.len() + 1, "{sections:?}"); // and [keys]
    for (section, keys) in expected {
        let Some(toml::Value::Table(t)) = table.get(*section) else {
            panic!("no [{section}]");
        };
        let mut got: Vec<&str> = t.keys().map(String::as_str).collect();
        let mut want = keys.to_vec();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "[{section}]");
    }
    // Each limits table sets all three.
    for vendor in ["weiban", "yunzhong", "tanma", "youmi"] {
        let limits = &table[vendor]["limits"];
        for key in ["in_flight", "per_minute", "per_hour"] {
            assert!(limits.get(key).is_some(), "[{vendor}.limits] {key}");
        }
    }
    // A default config and the example agree wherever the example says "the default".
    let defaults = load("");
    let example = load(EXAMPLE);
    assert_eq!(example.outflow, defaults.outflow);
    assert_eq!(example.network, defaults.network);
    assert_eq!(example.sync, defaults.sync);
    assert_eq!(example.ui.refresh_seconds, defaults.ui.refresh_seconds);
    assert_eq!(example.ui.csv_bom, defaults.ui.csv_bom);
}

#[test]
fn the_example_lists_every_action_with_its_default_keys() {
    let c = load(EXAMPLE);
    let named: Vec<&str> = c.keys.iter().map(|k| k.action.as_str()).collect();
    for info in ACTIONS.iter() {
        assert!(named.contains(&info.name), "[keys] lacks {}", info.name);
    }
    let from_example = Keymap::new(&c.keys).unwrap();
    let defaults = Keymap::default();
    for info in ACTIONS.iter() {
        let shown = |map: &Keymap| -> Vec<String> {
            map.keys(info.action)
                .iter()
                .map(|b| b.to_string())
                .collect()
        };
        assert_eq!(shown(&from_example), shown(&defaults), "{}", info.name);
    }
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/themes/dark.toml")
            .exists()
    );
}
