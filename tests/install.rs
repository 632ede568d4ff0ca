//! The binary as a tool one installs: completions and a manual page generated, `info` saying
//! where everything is without a secret, and `--help` showing each flag only where it applies.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::process::{Command, Output};

fn scrm_tui(args: &[&str], home: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrm-tui"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("SCRM_TUI_DATABASE_URL")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn completions_are_generated_for_every_shell() {
    let home = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef scrm-tui"),
        ("fish", "complete -c scrm-tui"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout(&scrm_tui(&["completions", shell], home.path()));
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        for word in ["get", "info", "with-context", "xlsx"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    assert!(
        !scrm_tui(&["completions", "tcsh"], home.path())
            .status
            .success()
    );
}

#[test]
fn the_manual_page_is_roff_and_lists_the_commands() {
    let home = tempfile::tempdir().unwrap();
    let page = stdout(&scrm_tui(&["man"], home.path()));
    assert!(
        page.starts_with(".ie") || page.contains(".TH scrm-tui"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH scrm-tui 1"));
    for word in ["completions", "demo\\-server", "info", "\\-\\-demo"] {
        assert!(page.contains(word), "no {word}");
    }
}

#[test]
fn info_says_where_everything_is_and_never_a_secret() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config/scrm-tui");
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        "[weiban]\ncorp_id = \"ww-corp\"\nsecret = \"TOP-SECRET-weiban\"\n\
         [tanma]\nbase_url = \"https://tanma.example.com\"\napp_id = \"app\"\napp_key = \"TOP-SECRET-tanma\"\n\
         [database]\nurl = \"postgres://reader:TOP-SECRET-pw@db.example.com/scrm\"\n\
         [ui]\nexport_dir = \"/srv/exports\"\nexport_format = \"xlsx\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let report = stdout(&scrm_tui(&["info"], home.path()));
    assert!(!report.contains("TOP-SECRET"), "{report}");
    assert!(report.starts_with(&format!("scrm-tui {}", env!("CARGO_PKG_VERSION"))));
    assert!(
        report.contains(&format!("{} (parsed)", config.display())),
        "{report}"
    );
    for (label, path) in [
        ("log", "state/scrm-tui/scrm-tui.log"),
        ("cache", "cache/scrm-tui"),
        ("state", "state/scrm-tui/history.json"),
        ("themes", "config/scrm-tui/themes"),
    ] {
        let line = report
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_default();
        assert!(line.contains(path), "{label}: {line}");
    }
    assert!(report.contains("exports  /srv/exports (xlsx"), "{report}");
    assert!(
        report.contains("weiban   https://open.weibanzhushou.com"),
        "{report}"
    );
    assert!(
        report.contains("tanma    https://tanma.example.com"),
        "{report}"
    );
    assert!(report.contains("reader@db.example.com"), "{report}");

    // A config that does not parse: said, with where the rest goes, and exit 2.
    std::fs::write(&config, "[ui]\ntheme = 3\n").unwrap();
    let output = scrm_tui(&["info"], home.path());
    assert_eq!(output.status.code(), Some(2));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("does not parse"), "{report}");
    assert!(report.lines().any(|l| l.starts_with("state")), "{report}");
}

#[test]
fn info_checks_keys_and_the_theme_when_it_reads_the_config() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config").join("scrm-tui");
    std::fs::create_dir_all(dir.join("themes")).unwrap();
    let config = dir.join("config.toml");
    // A key name the keymap does not know: the README promises exit 2 with the error.
    std::fs::write(&config, "[keys]\nrefresh = [\"NoSuchKey\"]\n").unwrap();
    let output = scrm_tui(&["info"], home.path());
    assert_eq!(output.status.code(), Some(2));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("NoSuchKey"), "{report}");
    assert!(report.contains("line 2"), "{report}");

    // A theme file with a key no theme has.
    std::fs::write(
        dir.join("themes").join("desk.toml"),
        "base = \"light\"\nno_such_colour = \"red\"\n",
    )
    .unwrap();
    std::fs::write(&config, "[ui]\ntheme = \"desk\"\n").unwrap();
    let output = scrm_tui(&["info"], home.path());
    assert_eq!(output.status.code(), Some(2));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("no_such_colour"), "{report}");
    assert!(report.contains("desk.toml"), "{report}");

    // The same theme, right: parsed.
    std::fs::write(
        dir.join("themes").join("desk.toml"),
        "base = \"light\"\ntitle = \"red\"\n",
    )
    .unwrap();
    let report = stdout(&scrm_tui(&["info"], home.path()));
    assert!(report.contains("(parsed)"), "{report}");
}

#[test]
fn each_command_shows_only_its_own_flags_with_examples() {
    let home = tempfile::tempdir().unwrap();
    let help = |args: &[&str]| stdout(&scrm_tui(args, home.path()));
    let demo_server = help(&["demo-server", "--help"]);
    for flag in [
        "--config",
        "--demo-scale",
        "--demo-fault",
        "--database",
        "--demo ",
    ] {
        assert!(
            !demo_server.contains(flag),
            "demo-server --help shows {flag}"
        );
    }
    assert!(demo_server.contains("--scale") && demo_server.contains("Example"));
    for command in ["completions", "man"] {
        let text = help(&[command, "--help"]);
        assert!(
            !text.contains("--config") && !text.contains("--demo"),
            "{command}"
        );
        assert!(text.contains("Example"), "{command}");
    }
    for command in ["get", "sync", "info"] {
        let text = help(&[command, "--help"]);
        assert!(
            text.contains("--config") && text.contains("--database"),
            "{command}"
        );
        assert!(text.contains("Example"), "{command}");
    }
    let top = help(&["--help"]);
    assert!(top.contains("--demo") && top.contains("Examples"));
    // Flags for the dashboard, get, sync and info are refused where they do nothing.
    let refused = scrm_tui(&["--demo", "demo-server"], home.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("are for the dashboard"));
    // Before or after the command, the same.
    let before = stdout(&scrm_tui(
        &["--demo", "get", "stores", "--format", "csv"],
        home.path(),
    ));
    let after = stdout(&scrm_tui(
        &["get", "stores", "--demo", "--format", "csv"],
        home.path(),
    ));
    assert_eq!(before, after);
    assert_eq!(
        csv::Reader::from_reader(before.as_bytes())
            .records()
            .count(),
        120
    );
}
