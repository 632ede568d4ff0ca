//! Several accounts per vendor (issue 25): a config with two accounts of each vendor against
//! two demo servers, each enforcing Weiban's limits — both load at once and neither refuses a
//! call; the same ids in both corps stay two records everywhere (keys, `get`, the panes, related
//! records); a block on one account leaves the other alone; `:account` narrows the panes and the
//! header says which; `--account` asks one account only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::collections::{HashMap, HashSet};

use scrm_tui::app::{self, App};
use scrm_tui::cli::get;
use scrm_tui::config::Config;
use scrm_tui::demo::DemoServer;
use scrm_tui::domain::output::Format;
use scrm_tui::domain::{Account, AccountScope, Customer, Loaded, Record, Resource, Vendor};
use scrm_tui::fetch::{Clients, load};

/// The demo's customers at scale 3: 900 a unit, across Weiban, Yunzhong and Tanma.
const PER_CORP: usize = 3 * 900;

async fn two_corps() -> (DemoServer, DemoServer) {
    common::corps::two_corps(3).await
}

fn config_of(east: &DemoServer, west: &DemoServer) -> (Config, tempfile::TempDir) {
    common::corps::config_of(east, west)
}

fn customers(loaded: Loaded) -> Vec<Customer> {
    match loaded.records {
        scrm_tui::domain::Records::Customers(c) => c,
        other => panic!("{:?}", other.resource()),
    }
}

#[tokio::test]
async fn two_accounts_per_vendor_load_side_by_side_within_each_ones_limits() {
    let (east, west) = two_corps().await;
    let (config, _dir) = config_of(&east, &west);
    assert_eq!(config.weiban.len(), 2);
    assert_eq!(config.tanma.len(), 2);
    let names: Vec<String> = config
        .account_names()
        .iter()
        .map(|a| a.to_string())
        .collect();
    assert_eq!(names, ["east", "west"]);
    let clients = Clients::from_config(&config).unwrap();
    let (customers_loaded, stores, outflow) = tokio::join!(
        load(&clients, Resource::Customers),
        load(&clients, Resource::Stores),
        load(&clients, Resource::Outflow),
    );
    assert!(
        customers_loaded.errors.is_empty(),
        "{:?}",
        customers_loaded.errors
    );
    assert!(stores.errors.is_empty(), "{:?}", stores.errors);
    assert!(outflow.errors.is_empty(), "{:?}", outflow.errors);
    // Neither server saw a call beyond its limits, though both were asked at once.
    assert_eq!(east.stats().weiban_limited, 0);
    assert_eq!(west.stats().weiban_limited, 0);
    assert!(east.stats().weiban_customer_list > 0 && west.stats().weiban_customer_list > 0);

    let all = customers(customers_loaded);
    let single = PER_CORP;
    assert_eq!(all.len(), 2 * single, "every customer of both corps");
    let mut per_account: HashMap<&str, usize> = HashMap::new();
    for c in &all {
        *per_account.entry(c.account.name()).or_default() += 1;
    }
    assert_eq!(per_account.get("east"), Some(&single));
    assert_eq!(per_account.get("west"), Some(&single));
    // The two servers made the same ids: each is two records, with two keys.
    let keys: HashSet<String> = all.iter().map(Record::key).collect();
    assert_eq!(keys.len(), all.len());
    let first = &all[0];
    let twin = all
        .iter()
        .find(|c| c.vendor == first.vendor && c.id == first.id && c.account != first.account)
        .expect("the same id in the other account");
    assert_ne!(first.key(), twin.key());
    assert_eq!(stores.records.len(), 2 * east.data().stores.len());
}

#[tokio::test]
async fn a_block_on_one_account_leaves_the_other_alone() {
    let (east, west) = two_corps().await;
    east.inject(scrm_tui::demo::faults::Rule::parse("weiban:rate-limited").unwrap());
    let (config, _dir) = config_of(&east, &west);
    let clients = Clients::from_config(&config).unwrap();
    let loaded = load(&clients, Resource::Stores).await;
    assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
    let error = loaded.errors[0].to_string();
    assert!(error.contains("account east"), "{error}");
    let scrm_tui::domain::Records::Stores(stores) = loaded.records else {
        panic!()
    };
    assert_eq!(
        stores.len(),
        west.data().stores.len(),
        "west's stores, all of them"
    );
    assert!(stores.iter().all(|s| s.account.name() == "west"));
    assert_eq!(west.stats().weiban_limited, 0);
}

#[tokio::test]
async fn get_prints_each_records_account_and_account_keeps_one() {
    let (east, west) = two_corps().await;
    let (mut config, _dir) = config_of(&east, &west);
    let run = |config: Config| async move {
        let clients = Clients::from_config(&config).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = get::run(
            Resource::Customers,
            &clients,
            Format::Json,
            &common::beijing(),
            &mut out,
            &mut err,
        )
        .await;
        assert_eq!(code, get::OK, "{}", String::from_utf8_lossy(&err));
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
        rows
    };
    let rows = run(config.clone()).await;
    let accounts: HashSet<&str> = rows.iter().filter_map(|r| r["account"].as_str()).collect();
    assert_eq!(accounts, HashSet::from(["east", "west"]));
    config.keep_account("west").unwrap();
    assert_eq!(config.weiban.len(), 1);
    let rows = run(config.clone()).await;
    assert_eq!(rows.len(), PER_CORP);
    assert!(rows.iter().all(|r| r["account"] == "west"));
    let e = config.keep_account("north").unwrap_err().to_string();
    assert!(e.contains("north") && e.contains("west"), "{e}");
}

/// The dashboard with both corps' customers loaded.
async fn dashboard() -> (App, DemoServer, DemoServer) {
    let (east, west) = two_corps().await;
    let (config, _dir) = config_of(&east, &west);
    let clients = Clients::from_config(&config).unwrap();
    let loaded = load(&clients, Resource::Customers).await;
    let mut app = common::app(160, 45, std::time::Instant::now());
    app.settings.vendors = Vendor::ALL.to_vec();
    app.accounts = config.account_names();
    common::show_customers(&mut app, loaded);
    (app, east, west)
}

fn rows(app: &App) -> Vec<Customer> {
    app.pane_of::<scrm_tui::domain::Customer>()
        .rows(0)
        .cloned()
        .collect()
}

#[tokio::test]
async fn account_narrows_the_panes_and_the_header_names_it() {
    let (mut app, _east, _west) = dashboard().await;
    let single = PER_CORP;
    assert_eq!(rows(&app).len(), 2 * single);
    let screen = common::render_text(&app);
    let top = screen.lines().next().unwrap_or_default().to_owned();
    assert!(top.contains("all accounts"), "{top}");
    assert!(screen.contains("Account"), "the account column:\n{screen}");

    common::type_text(&mut app, ":account we");
    app.update(common::code(crossterm::event::KeyCode::Tab));
    app.update(common::code(crossterm::event::KeyCode::Enter));
    assert_eq!(app.account, AccountScope::One(Account::new("west")));
    let shown = rows(&app);
    assert_eq!(shown.len(), single);
    assert!(shown.iter().all(|c| c.account.name() == "west"));
    let screen = common::render_text(&app);
    let top = screen.lines().next().unwrap_or_default();
    assert!(top.contains(" west "), "{top}");

    // Related records stay within the account: the west customer's twin in east is not one.
    let subject = shown[0].clone();
    let all: Vec<std::sync::Arc<Customer>> = app
        .pane_of::<scrm_tui::domain::Customer>()
        .records
        .iter()
        .cloned()
        .collect();
    let loaded = app::related::Loaded {
        customers: &all,
        alerts: &[],
        stores: &[],
        staff: &[],
    };
    let related = app::related::of_customer(&subject, &loaded);
    assert!(
        related.iter().all(|r| r.key.starts_with("west/")),
        "{:?}",
        related.iter().map(|r| &r.key).collect::<Vec<_>>()
    );

    common::type_text(&mut app, ":account");
    app.update(common::code(crossterm::event::KeyCode::Enter));
    assert_eq!(rows(&app).len(), 2 * single);
}

#[test]
fn one_account_shows_no_account_column_and_no_badge() {
    let (app, _) = common::loaded_app(160, 45, std::time::Duration::from_secs(5));
    let screen = common::render_text(&app);
    assert!(!screen.contains("all accounts"), "{screen}");
    assert!(!screen.contains("Account"), "{screen}");
}

#[tokio::test]
async fn the_offline_cache_keeps_each_records_account() {
    let (east, west) = two_corps().await;
    let (config, dir) = config_of(&east, &west);
    let clients = Clients::from_config(&config).unwrap();
    let loaded = load(&clients, Resource::Stores).await;
    let scrm_tui::domain::Records::Stores(stores) = loaded.records else {
        panic!()
    };
    let cache = scrm_tui::tui::cache::Cache::new(dir.path(), &config, None);
    let shared: Vec<std::sync::Arc<_>> = stores.iter().cloned().map(std::sync::Arc::new).collect();
    cache
        .save(&scrm_tui::domain::Snapshot::Stores(std::sync::Arc::new(
            shared,
        )))
        .unwrap();
    let (snapshot, _) = cache.read(Resource::Stores).unwrap();
    let scrm_tui::domain::Snapshot::Stores(back) = snapshot else {
        panic!()
    };
    let keys =
        |s: &[scrm_tui::domain::Store]| -> Vec<String> { s.iter().map(Record::key).collect() };
    let back: Vec<scrm_tui::domain::Store> = back.iter().map(|s| (**s).clone()).collect();
    assert_eq!(keys(&back), keys(&stores));
    assert!(back.iter().any(|s| s.account.name() == "east"));
    assert!(back.iter().any(|s| s.account.name() == "west"));
    // Another set of accounts is another cache: one account's file is not read as the other's.
    let mut one = config.clone();
    one.keep_account("east").unwrap();
    let other = scrm_tui::tui::cache::Cache::new(dir.path(), &one, None);
    assert_ne!(other.path(Resource::Stores), cache.path(Resource::Stores));
}

#[test]
fn account_on_the_command_line_must_name_an_account() {
    let home = tempfile::tempdir().unwrap();
    let run = |account: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_scrm-tui"))
            .args(["get", "stores", "--demo", "--account", account])
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .output()
            .unwrap()
    };
    let wrong = run("north");
    assert_eq!(wrong.status.code(), Some(2));
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        err.contains("--account") && err.contains("north") && err.contains("default"),
        "{err}"
    );
    let right = run("default");
    assert!(
        right.status.success(),
        "{}",
        String::from_utf8_lossy(&right.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&right.stdout).unwrap();
    assert_eq!(rows.len(), 120);
    assert!(rows.iter().all(|r| r["account"] == "default"));
}
