//! Team mode with several accounts (issue 25, point 4) on a private PostgreSQL: one sync for
//! both accounts of each vendor, a run per account; the same ids in both corps are two rows;
//! a dashboard reads all of them and `:account` narrows them; a database written by the
//! previous schema version is migrated without losing a row, its triage log still attached.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::Duration;

use common::pg::{Postgres, psql, psql_try};
use scrm_tui::domain::{Account, AccountScope, Records, Resource};
use scrm_tui::fetch::{Database, Source, load};
use scrm_tui::store::{DatabaseUrl, Store};

fn url(text: &str) -> DatabaseUrl {
    DatabaseUrl::parse(&format!("{text}?sslmode=disable")).unwrap()
}

fn count(pg: &Postgres, sql: &str) -> u64 {
    psql(&pg.url, sql).trim().parse().unwrap_or(0)
}

#[tokio::test]
async fn one_sync_writes_both_accounts_and_a_dashboard_reads_all_or_one() {
    let pg = Postgres::start();
    let (east, west) = common::corps::two_corps(1).await;
    let (config, _dir) = common::corps::config_of(&east, &west);
    let target = url(&pg.url);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move { scrm_tui::sync::run(&config, &target, stopped).await });
    // Six resources-and-vendors per account, each with a complete run.
    let started = std::time::Instant::now();
    loop {
        let done = psql_try(
            &pg.url,
            "SELECT count(DISTINCT (resource, vendor, account)) FROM sync_runs WHERE complete",
        )
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
        if done >= 12 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the sync did not finish: {}",
            psql(
                &pg.url,
                "SELECT resource, vendor, account, complete, error FROM sync_runs"
            )
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.send(true).unwrap();
    task.await.unwrap().unwrap();
    assert_eq!(east.stats().weiban_limited + west.stats().weiban_limited, 0);

    // The same ids in both corps: two rows each.
    assert_eq!(
        count(&pg, "SELECT count(*) FROM customers WHERE account = 'east'"),
        900
    );
    assert_eq!(
        count(&pg, "SELECT count(*) FROM customers WHERE account = 'west'"),
        900
    );
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM (SELECT vendor, id, staff FROM customers
             GROUP BY vendor, id, staff HAVING count(*) = 2) twice"
        ),
        900
    );
    assert_eq!(
        count(&pg, "SELECT count(DISTINCT account) FROM sync_runs"),
        2
    );
    let alerts = count(&pg, "SELECT count(*) FROM outflow_alerts");
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM outflow_alerts WHERE account = 'west'"
        ) * 2,
        alerts
    );

    // A dashboard's source reads both, each record with its account.
    let source = Database::new(url(&pg.url), Duration::from_secs(7 * 86_400), false);
    let loaded = load(&source, Resource::Customers).await;
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let Records::Customers(customers) = loaded.records else {
        panic!()
    };
    assert_eq!(customers.len(), 1800);
    let keys: std::collections::HashSet<String> = customers
        .iter()
        .map(scrm_tui::domain::Record::key)
        .collect();
    assert_eq!(keys.len(), 1800, "two keys for each shared id");

    // In team mode the dashboard learns the accounts from the records, and :account narrows.
    let mut app = common::app(160, 45, std::time::Instant::now());
    app.settings.team = true;
    app.settings.vendors = scrm_tui::domain::Vendor::ALL.to_vec();
    app.accounts.clear();
    common::show_customers(&mut app, load(&source, Resource::Customers).await);
    let names: Vec<&str> = app.accounts.iter().map(Account::name).collect();
    assert_eq!(names, ["east", "west"]);
    common::type_text(&mut app, ":account east");
    app.update(common::code(crossterm::event::KeyCode::Enter));
    assert_eq!(app.account, AccountScope::One(Account::new("east")));
    assert_eq!(app.list(Resource::Customers).counts(), (900, 1800));
    let top = common::render_text(&app);
    assert!(top.lines().next().unwrap_or_default().contains(" east "));
    // Stories are kept per account too: the context the sync fetched names its account.
    let contexts = count(
        &pg,
        "SELECT count(DISTINCT account) FROM outflow_alerts WHERE context_at IS NOT NULL",
    );
    assert!(contexts >= 1, "{contexts}");
}

#[tokio::test]
async fn a_database_of_the_previous_schema_is_migrated_without_losing_a_row() {
    let pg = Postgres::start();
    let mut store = Store::connect(&url(&pg.url)).await.unwrap();
    store.migrate_to(4).await.unwrap();
    // Rows as scrm-tui 0.x (schema 4) wrote them: no account anywhere.
    psql(
        &pg.url,
        "INSERT INTO sync_runs (resource, vendor, finished_at, pages_expected, pages_arrived,
                                records, complete)
         VALUES ('stores', 'weiban', now(), 1, 1, 2, true),
                ('customers', 'weiban', now(), 1, 1, 1, true),
                ('outflow', 'weiban', now(), 1, 1, 1, true);
         INSERT INTO stores (vendor, id, ord, run_id, name, address, city, owner, owner_ext_id,
                             creator, deleted, created_at, raw)
         VALUES ('weiban', '249', 0, 1, '徐汇店', '', '上海', '', 'mia', '', false, now(), '{}'),
                ('weiban', '250', 1, 1, '静安店', '', '上海', '', '', '', false, now(), '{}');
         INSERT INTO customers (vendor, id, staff, ord, run_id, name, remark, tags, status,
                                added_at, external_userid, unionid, phones, raw)
         VALUES ('weiban', 'wm1', '胡斌', 0, 2, '客户一', '', '[]', 'normal', now(), 'wm1', '',
                 '{}', '{}');
         INSERT INTO outflow_alerts (vendor, customer_id, customer_name, staff_id, staff_name,
                                     outflow_at, outflow_key, delete_by, tags, state,
                                     deleted_each_other, external_userid, unionid, phones, raw)
         VALUES ('weiban', 'wm1', '客户一', 'mia', '米娅', to_timestamp(1763700000), 1763700000,
                 'external_user', '{}', '', false, 'wm1', '', '{}', '{}');
         INSERT INTO triage_events (alert, action) VALUES ('wm1|mia|1763700000', 'claim');",
    );
    let found = store.migrate().await.unwrap();
    assert_eq!(found, 4);
    assert_eq!(
        count(&pg, "SELECT count(*) FROM stores WHERE account = 'default'"),
        2
    );
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM customers WHERE account = 'default'"
        ),
        1
    );
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM outflow_alerts WHERE account = 'default'"
        ),
        1
    );
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM sync_runs WHERE account = 'default'"
        ),
        3
    );
    assert_eq!(count(&pg, "SELECT count(*) FROM triage_events"), 1);
    // The new key: the same store id in another account is another row.
    psql(
        &pg.url,
        "INSERT INTO stores (vendor, account, id, ord, run_id, name, address, city, owner,
                             owner_ext_id, creator, deleted, created_at, raw)
         VALUES ('weiban', 'east', '249', 0, 1, '东店', '', '', '', '', '', false, now(), '{}')",
    );
    assert_eq!(
        count(&pg, "SELECT count(*) FROM stores WHERE id = '249'"),
        2
    );

    // A dashboard reads what was there, under the keys it had: the claim is still the alert's.
    let source = Database::new(url(&pg.url), Duration::from_secs(3650 * 86_400), false);
    let loaded = load(&source, Resource::Outflow).await;
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let Records::Outflow(alerts) = loaded.records else {
        panic!()
    };
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        scrm_tui::domain::Record::key(&alerts[0]),
        "wm1|mia|1763700000"
    );
    let log = source.triage_log(0).await.unwrap().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].alert, "wm1|mia|1763700000");
    let stores = load(&source, Resource::Stores).await;
    assert_eq!(stores.records.len(), 3);
}
