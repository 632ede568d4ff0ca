use std::sync::Arc;
use std::time::Instant;

use super::*;
use crate::app::Options;
use crate::domain::{Customer, CustomerStatus, PersonKeys, RawJson, Record, Resource, Vendor};

fn customer(account: &str, id: &str, name: &str) -> Arc<Customer> {
    Arc::new(Customer {
        vendor: Vendor::Weiban,
        account: Account::new(account),
        id: id.into(),
        name: name.into(),
        remark: String::new(),
        staff: String::from("胡斌"),
        tags: Vec::new(),
        status: CustomerStatus::Normal,
        added_at: None,
        keys: PersonKeys::default(),
        raw: RawJson::new("{}"),
    })
}

fn app(start: AccountScope) -> App {
    let mut options = Options::new(vec![Vendor::Weiban], 160, 45, Instant::now());
    options.settings.accounts = vec![Account::new("east"), Account::new("west")];
    options.settings.account = start;
    let mut app = App::new(options);
    // The same id in both corps: two records.
    let records = vec![
        customer("east", "wm1", "东一"),
        customer("west", "wm1", "西一"),
        customer("east", "wm2", "东二"),
        customer("west", "wm3", "西三"),
    ];
    let (rows, locale) = (app.list_rows(), app.locale());
    app.panes.customers.replace(records, rows, &locale);
    app.pane = Resource::Customers;
    app
}

fn names(app: &App) -> Vec<String> {
    app.panes
        .customers
        .rows(0)
        .map(|c| c.name.clone())
        .collect()
}

#[test]
fn account_narrows_every_pane_and_all_shows_every_record_again() {
    let mut app = app(AccountScope::All);
    assert!(app.many_accounts());
    assert_eq!(names(&app), ["东一", "西一", "东二", "西三"]);
    app.run_command("account west");
    assert_eq!(app.account, AccountScope::One(Account::new("west")));
    assert_eq!(names(&app), ["西一", "西三"]);
    assert_eq!(
        app.panes.outflow.scope,
        AccountScope::One(Account::new("west"))
    );
    // The filter works within the account.
    app.set_query("西三");
    assert_eq!(names(&app), ["西三"]);
    app.set_query("");
    app.run_command("account");
    assert_eq!(names(&app), ["东一", "西一", "东二", "西三"]);
    app.run_command("account west");
    app.run_command("account all");
    assert_eq!(app.account, AccountScope::All);
}

#[test]
fn an_unknown_account_is_refused_naming_the_ones_there_are() {
    let mut app = app(AccountScope::One(Account::new("east")));
    assert_eq!(names(&app), ["东一", "东二"]);
    app.run_command("account north");
    let flash = app
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    assert!(
        flash.contains("north") && flash.contains("east, west"),
        "{flash}"
    );
    assert_eq!(names(&app), ["东一", "东二"]);
}

#[test]
fn the_same_id_in_two_accounts_has_two_keys() {
    let (east, west) = (customer("east", "wm1", "a"), customer("west", "wm1", "a"));
    assert_ne!(east.key(), west.key());
    assert!(east.key().starts_with("east/"));
}
