//! The config file's reading: its shape, secrets, checks and accounts.

use super::*;
use std::path::Path;
use std::time::Duration;

fn no_env(_: &str) -> Option<String> {
    None
}

fn parse_ok(text: &str) -> Config {
    match parse(text, &no_env) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

fn parse_err(text: &str) -> String {
    match parse(text, &no_env) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn default_sorts_name_a_pane_and_one_of_its_columns() {
    use crate::domain::{ColumnKey, Resource};
    let c = parse_ok(
        "[ui]\nexport_format = \"xlsx\"\ncsv_bom = false\n[ui.sort]\ncustomers = \"added_at desc\"\nstores = \"-created_at\"\noperators = \"friends asc\"\n",
    );
    assert_eq!(c.ui.export_format, crate::domain::output::Format::Xlsx);
    assert!(!c.ui.csv_bom);
    let sorts = c.ui.default_sorts().unwrap();
    let customers = sorts
        .iter()
        .find(|s| s.resource == Resource::Customers)
        .unwrap();
    assert_eq!(
        (customers.column, customers.descending),
        (ColumnKey::AddedAt, true)
    );
    let stores = sorts
        .iter()
        .find(|s| s.resource == Resource::Stores)
        .unwrap();
    assert_eq!(
        (stores.column, stores.descending),
        (ColumnKey::CreatedAt, true)
    );
    let operators = sorts
        .iter()
        .find(|s| s.resource == Resource::Operators)
        .unwrap();
    assert_eq!(
        (operators.column, operators.descending),
        (ColumnKey::Friends, false)
    );
    let e = parse_err("[ui.sort]\nclients = \"name\"\n");
    assert!(e.contains("`clients` is not a pane"), "{e}");
    let e = parse_err("[ui.sort]\ncustomers = \"friends\"\n");
    assert!(
        e.contains("no column `friends`") && e.contains("added_at"),
        "{e}"
    );
    let e = parse_err("[ui.sort]\ncustomers = \"name downwards\"\n");
    assert!(e.contains("asc or desc"), "{e}");
}

#[test]
fn timeouts_are_settings_with_sane_defaults() {
    let c = parse_ok(FULL);
    assert_eq!(c.network.connect_timeout(), Duration::from_secs(10));
    assert_eq!(c.network.timeout(), Duration::from_secs(30));
    let c = parse_ok(&format!(
        "{FULL}\n[network]\nconnect_timeout_seconds = 3\ntimeout_seconds = 0.5\n"
    ));
    assert_eq!(c.network.connect_timeout(), Duration::from_secs(3));
    assert_eq!(c.network.timeout(), Duration::from_millis(500));
    let err = parse_err(&format!("{FULL}\n[network]\ntimeout_seconds = 0\n"));
    assert!(err.contains("[network] timeout_seconds"), "{err}");
}

#[test]
fn limits_are_read_as_written() {
    let mut c = parse_ok(FULL);
    assert_eq!(c.weiban.remove(0).limits, LimitsConfig::default());
    let text = format!(
        "{FULL}\n[weiban.limits]\nper_minute = 300\n\n[yunzhong.limits]\nin_flight = 1\nper_minute = 0\n"
    );
    let mut c = parse_ok(&text);
    assert_eq!(
        c.weiban.remove(0).limits,
        LimitsConfig {
            per_minute: Some(300),
            ..LimitsConfig::default()
        }
    );
    assert_eq!(
        c.yunzhong.remove(0).limits,
        LimitsConfig {
            in_flight: Some(1),
            per_minute: Some(0),
            per_hour: None,
        }
    );
    let err = parse_err(&format!("{FULL}\n[weiban.limits]\nin_flight = 0\n"));
    assert!(err.contains("[weiban.limits] in_flight"), "{err}");
    let err = parse_err(&format!("{FULL}\n[weiban.limits]\nper_second = 3\n"));
    assert!(err.contains("per_second"), "{err}");
}

const FULL: &str = r#"
[weiban]
base_url = "https://open.weibanzhushou.com"
corp_id  = "1703429757388935169"
secret   = "file-secret"

[yunzhong]
base_url = "https://shop.example.com"
uniacid  = 2
cookie   = "laravel_session=abc"

[tanma]
base_url    = "https://api.tanmarket.cn:20066"
app_id      = "app"
app_key     = "key-from-file"
qw_user_ids = ["dowen"]

[youmi]
app_id   = "yid"
app_key  = "ykey"

[outflow]
poll_seconds  = 15
lookback_days = 3
bell          = true

[ui]
clipboard = "osc52"
mouse     = true
lang      = "en"
theme     = "light"

[keys]
copy_id = ["y", "c"]
quit = "q"
"#;

#[test]
fn the_design_example_parses_completely() {
    let mut c = parse_ok(FULL);
    let w = c.weiban.remove(0);
    assert_eq!(w.corp_id, "1703429757388935169");
    assert_eq!(w.secret.expose(), "file-secret");
    assert_eq!(c.yunzhong.remove(0).uniacid, 2);
    assert_eq!(c.tanma.remove(0).qw_user_ids, ["dowen"]);
    assert_eq!(c.youmi.remove(0).base_url, YOUMI_DEFAULT_URL);
    assert_eq!(c.outflow.poll_seconds, 15);
    assert!(c.outflow.bell);
    assert_eq!(c.ui.clipboard, ClipboardMode::Osc52);
    assert_eq!(c.ui.lang, Some(Lang::En));
    assert_eq!(c.ui.theme, "light");
    assert_eq!(c.keys.len(), 2);
    assert_eq!(c.keys[0].action, "copy_id");
    assert_eq!(c.keys[0].keys, ["y", "c"]);
    assert_eq!(c.keys[0].line, 34);
    assert_eq!(c.keys[1].keys, ["q"]);
}

#[test]
fn defaults_apply_to_an_empty_file() {
    let c = parse_ok("");
    assert!(c.weiban.is_empty());
    assert_eq!(c.outflow, OutflowConfig::default());
    assert_eq!(c.ui, UiConfig::default());
}

#[test]
fn unknown_keys_name_the_key_and_the_line() {
    let m = parse_err("[weiban]\ncorp_id = \"x\"\nsecret = \"y\"\ncorpid = \"typo\"\n");
    assert!(m.contains("corpid"), "{m}");
    assert!(m.contains("line 4"), "{m}");
    let m = parse_err("[ui]\ntheme = \"dark\"\n\n[uii]\n");
    assert!(m.contains("uii") && m.contains("line 4"), "{m}");
    let m = parse_err("[ui]\nclipboard = \"xclip\"\n");
    assert!(m.contains("xclip") && m.contains("line 2"), "{m}");
}

#[test]
fn environment_secrets_win_over_the_file() {
    let env = |name: &str| (name == ENV_WEIBAN_SECRET).then(|| "from-env".to_owned());
    let Ok(mut c) = parse(FULL, &env) else {
        panic!()
    };
    assert_eq!(c.weiban.remove(0).secret.expose(), "from-env");
    // And the environment alone is enough.
    let text = "[weiban]\ncorp_id = \"1\"\n";
    let Ok(mut c) = parse(text, &env) else {
        panic!()
    };
    assert_eq!(c.weiban.remove(0).secret.expose(), "from-env");
}

#[test]
fn a_missing_secret_says_where_to_put_it() {
    let m = parse_err("[weiban]\ncorp_id = \"1\"\n");
    assert!(m.contains("secret") && m.contains(ENV_WEIBAN_SECRET), "{m}");
}

#[test]
fn plain_http_beyond_this_machine_is_a_warning_naming_the_vendor() {
    // Youmi's default server speaks plain HTTP.
    let c = parse_ok("[youmi]\napp_id = \"a\"\napp_key = \"k\"\n");
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(c.warnings[0].starts_with("[youmi] base_url http://api10.agsoft.net"));
    for local in [
        "http://127.0.0.1:8080",
        "http://localhost",
        "http://[::1]:9",
    ] {
        let text = format!("[yunzhong]\nbase_url = \"{local}\"\nuniacid = 2\ncookie = \"c\"\n");
        assert!(parse_ok(&text).warnings.is_empty(), "{local}");
    }
    let https =
        "[yunzhong]\nbase_url = \"https://shop.example.com\"\nuniacid = 2\ncookie = \"c\"\n";
    assert!(parse_ok(https).warnings.is_empty());
    let plain = https.replace("https://", "http://");
    assert!(parse_ok(&plain).warnings[0].starts_with("[yunzhong]"));
}

#[test]
fn bad_base_urls_are_rejected() {
    let m = parse_err(
        "[weiban]\nbase_url = \"open.weibanzhushou.com\"\ncorp_id = \"1\"\nsecret = \"s\"\n",
    );
    assert!(m.contains("base_url"), "{m}");
}

#[test]
fn secrets_do_not_appear_in_debug_output() {
    let c = parse_ok(FULL);
    let text = format!("{c:?}");
    for secret in [
        "file-secret",
        "laravel_session=abc",
        "key-from-file",
        "ykey",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

#[cfg(unix)]
#[test]
fn a_world_readable_file_gets_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[ui]\nmouse = false\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let c = load_with_env(&path, &no_env).unwrap();
    assert!(
        c.warnings.iter().any(|w| w.contains("chmod 600")),
        "{:?}",
        c.warnings
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(load_with_env(&path, &no_env).unwrap().warnings.is_empty());
}

#[test]
fn a_missing_file_is_its_own_error() {
    let e = load_with_env(Path::new("/nonexistent/scrm-tui.toml"), &no_env).unwrap_err();
    assert!(matches!(e, ConfigError::NotFound(_)));
}

const TWO_CORPS: &str = r#"
[[weiban]]
account  = "east"
corp_id  = "1"
secret   = "east-secret"

[[weiban]]
account  = "west"
corp_id  = "2"
secret   = "west-secret"
[weiban.limits]
per_minute = 60
"#;

#[test]
fn an_array_of_tables_is_one_account_each_with_its_own_limits() {
    let c = parse_ok(TWO_CORPS);
    let names: Vec<&str> = c.weiban.iter().map(|w| w.account.name()).collect();
    assert_eq!(names, ["east", "west"]);
    assert_eq!(c.weiban[0].limits, LimitsConfig::default());
    assert_eq!(c.weiban[1].limits.per_minute, Some(60));
    assert_eq!(c.weiban[1].secret.expose(), "west-secret");
    let names: Vec<String> = c.account_names().iter().map(|a| a.to_string()).collect();
    assert_eq!(names, ["east", "west"]);
    // A single table is the account `default`, or the one it names.
    let c = parse_ok("[weiban]\ncorp_id = \"1\"\nsecret = \"s\"\n");
    assert!(c.weiban[0].account.is_default());
    let c = parse_ok("[weiban]\naccount = \"east\"\ncorp_id = \"1\"\nsecret = \"s\"\n");
    assert_eq!(c.weiban[0].account.name(), "east");
}

#[test]
fn each_account_reads_its_own_secret_from_the_environment() {
    let env = |name: &str| match name {
        "SCRM_TUI_WEIBAN_SECRET__EAST" => Some(String::from("east-from-env")),
        "SCRM_TUI_WEIBAN_SECRET" => Some(String::from("plain-from-env")),
        _ => None,
    };
    let Ok(c) = parse(TWO_CORPS, &env) else {
        panic!()
    };
    assert_eq!(c.weiban[0].secret.expose(), "east-from-env");
    // The plain variable is for a vendor's one account, not for each of many.
    assert_eq!(c.weiban[1].secret.expose(), "west-secret");
    let text = "[[weiban]]\naccount = \"east-2\"\ncorp_id = \"1\"\n";
    let env = |name: &str| (name == "SCRM_TUI_WEIBAN_SECRET__EAST_2").then(|| "e2".to_owned());
    let Ok(c) = parse(text, &env) else { panic!() };
    assert_eq!(c.weiban[0].secret.expose(), "e2");
    let e = parse_err("[[weiban]]\naccount = \"east\"\ncorp_id = \"1\"\n");
    assert!(
        e.contains("\"east\" (line 1)") && e.contains("SCRM_TUI_WEIBAN_SECRET__EAST"),
        "{e}"
    );
    assert_eq!(
        env_name(ENV_TANMA_APP_KEY, &crate::domain::Account::new("shop-9")),
        "SCRM_TUI_TANMA_APP_KEY__SHOP_9"
    );
}

#[test]
fn account_mistakes_name_the_line() {
    let dup = "[[tanma]]\naccount = \"a\"\nbase_url = \"https://t.example\"\napp_id = \"1\"\napp_key = \"k\"\n\n[[tanma]]\naccount = \"a\"\nbase_url = \"https://t.example\"\napp_id = \"2\"\napp_key = \"k\"\n";
    let e = parse_err(dup);
    assert!(
        e.contains("account = \"a\" on line 8") && e.contains("already on line 2"),
        "{e}"
    );
    let e = parse_err("[[weiban]]\naccount = \"\"\ncorp_id = \"1\"\nsecret = \"s\"\n");
    assert!(e.contains("line 2") && e.contains("needs a name"), "{e}");
    let e = parse_err("[[weiban]]\naccount = \"华东\"\ncorp_id = \"1\"\nsecret = \"s\"\n");
    assert!(e.contains("line 2") && e.contains("letters, digits"), "{e}");
    let e = parse_err("[[weiban]]\naccount = \"all\"\ncorp_id = \"1\"\nsecret = \"s\"\n");
    assert!(e.contains("line 2") && e.contains("every account"), "{e}");
    let e = parse_err(
        "[[weiban]]\ncorp_id = \"1\"\nsecret = \"s\"\n[[weiban]]\naccount = \"b\"\ncorp_id = \"2\"\nsecret = \"s\"\n",
    );
    assert!(e.contains("on line 1 needs `account"), "{e}");
    // Both forms for one vendor: the parser's own message names the line.
    let e = parse_err(
        "[weiban]\ncorp_id = \"1\"\nsecret = \"s\"\n\n[[weiban]]\naccount = \"b\"\ncorp_id = \"2\"\nsecret = \"s\"\n",
    );
    assert!(e.contains("line 5"), "{e}");
    // Unknown keys in an array's table still name the key and the line.
    let e =
        parse_err("[[weiban]]\naccount = \"a\"\ncorp_id = \"1\"\nsecret = \"s\"\ncorpid = \"x\"\n");
    assert!(e.contains("corpid") && e.contains("line 5"), "{e}");
}

#[test]
fn plain_http_warnings_name_the_account() {
    let text = "[[yunzhong]]\naccount = \"shop-a\"\nbase_url = \"http://shop.example.com\"\nuniacid = 2\ncookie = \"c\"\n";
    let c = parse_ok(text);
    assert!(
        c.warnings[0].starts_with("[[yunzhong]] \"shop-a\" base_url http://"),
        "{:?}",
        c.warnings
    );
}
