//! The team-mode store on a real, private PostgreSQL (see `tests/common/pg.rs`): migrations,
//! records written by a run and read back as they were, exact big ids through `jsonb`,
//! complete and partial loads, outflow alerts kept with sequence numbers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use common::pg::Postgres;
use scrm_tui::domain::{Records, Resource, Vendor};
use scrm_tui::store::{DatabaseUrl, LoadOutcome, SCHEMA_VERSION, Store, StoreError};

async fn store(pg: &Postgres) -> Store {
    let url = DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap();
    Store::connect(&url).await.unwrap()
}

#[tokio::test]
async fn migrations_run_once_and_a_newer_schema_is_refused() {
    let pg = Postgres::start();
    let mut db = store(&pg).await;
    assert!(matches!(
        db.check_schema().await,
        Err(StoreError::Query { .. })
    ));
    assert_eq!(db.migrate().await.unwrap(), 0);
    assert_eq!(db.migrate().await.unwrap(), SCHEMA_VERSION);
    db.check_schema().await.unwrap();
    assert_eq!(
        pg.sql("SELECT version FROM scrm_schema"),
        SCHEMA_VERSION.to_string()
    );
    pg.sql("UPDATE scrm_schema SET version = 99");
    let error = db.migrate().await.unwrap_err();
    assert!(
        matches!(error, StoreError::TooNew { found: 99, .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("newer than this scrm-tui knows"),
        "{error}"
    );
    assert!(!error.to_string().contains(common::pg::ADMIN_PASSWORD));
}

/// The same records, or the first that differs.
fn same(back: &[(String, serde_json::Value)], loaded: &[(String, serde_json::Value)]) {
    assert_eq!(back.len(), loaded.len());
    if let Some(i) = (0..back.len()).find(|&i| back[i] != loaded[i]) {
        panic!("record {i} differs:\n{:?}\n{:?}", back[i], loaded[i]);
    }
}

/// Each vendor's records of a load, apart.
fn by_vendor<R: scrm_tui::domain::Record + Clone>(records: &[R]) -> Vec<(Vendor, Vec<R>)> {
    let mut out: Vec<(Vendor, Vec<R>)> = Vec::new();
    for r in records {
        match out.iter_mut().find(|(v, _)| *v == r.vendor()) {
            Some((_, list)) => list.push(r.clone()),
            None => out.push((r.vendor(), vec![r.clone()])),
        }
    }
    out
}

/// A record with its raw object set aside, and the raw object as a JSON value (jsonb keeps
/// the object, not its key order or spacing).
fn split<R: scrm_tui::domain::Record + Clone + std::fmt::Debug>(
    records: &[R],
    blank: impl Fn(&mut R),
) -> Vec<(String, serde_json::Value)> {
    records
        .iter()
        .map(|r| {
            let raw: serde_json::Value = serde_json::from_str(&r.raw().text()).unwrap();
            let mut r = r.clone();
            blank(&mut r);
            (format!("{r:?}"), raw)
        })
        .collect()
}

#[tokio::test]
async fn every_resource_is_written_and_read_back_as_it_was() {
    use scrm_tui::demo::{DemoOptions, DemoServer};
    use scrm_tui::domain::RawJson;
    use scrm_tui::fetch::{Clients, load};
    let pg = Postgres::start();
    let mut db = store(&pg).await;
    db.migrate().await.unwrap();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    let blank = RawJson::new("{}");
    let lists = [
        Resource::Stores,
        Resource::Customers,
        Resource::Operators,
        Resource::Staff,
    ];
    for resource in lists {
        let loaded = load(&clients, resource).await;
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let outcome = LoadOutcome {
            pages_expected: loaded.expected_pages,
            pages_arrived: loaded.pages,
            error: None,
        };
        match &loaded.records {
            Records::Stores(r) => {
                for (vendor, list) in by_vendor(r) {
                    let run = db
                        .begin_run(resource, vendor, &Default::default())
                        .await
                        .unwrap();
                    db.write_load(run, (vendor, &Default::default()), &list, &outcome)
                        .await
                        .unwrap();
                }
                let back: Vec<scrm_tui::domain::Store> = db.read_all().await.unwrap();
                let b = blank.clone();
                same(
                    &split(&back, |x| x.raw = b.clone()),
                    &split(r, |x| x.raw = blank.clone()),
                );
            }
            Records::Customers(r) => {
                for (vendor, list) in by_vendor(r) {
                    let run = db
                        .begin_run(resource, vendor, &Default::default())
                        .await
                        .unwrap();
                    db.write_load(run, (vendor, &Default::default()), &list, &outcome)
                        .await
                        .unwrap();
                }
                let back: Vec<scrm_tui::domain::Customer> = db.read_all().await.unwrap();
                assert_eq!(back.len(), r.len());
                let b = blank.clone();
                same(
                    &split(&back, |x| x.raw = b.clone()),
                    &split(r, |x| x.raw = blank.clone()),
                );
            }
            Records::Operators(r) => {
                for (vendor, list) in by_vendor(r) {
                    let run = db
                        .begin_run(resource, vendor, &Default::default())
                        .await
                        .unwrap();
                    db.write_load(run, (vendor, &Default::default()), &list, &outcome)
                        .await
                        .unwrap();
                }
                let back: Vec<scrm_tui::domain::Operator> = db.read_all().await.unwrap();
                let b = blank.clone();
                same(
                    &split(&back, |x| x.raw = b.clone()),
                    &split(r, |x| x.raw = blank.clone()),
                );
            }
            Records::Staff(r) => {
                assert!(!r.is_empty());
                for (vendor, list) in by_vendor(r) {
                    let run = db
                        .begin_run(resource, vendor, &Default::default())
                        .await
                        .unwrap();
                    db.write_load(run, (vendor, &Default::default()), &list, &outcome)
                        .await
                        .unwrap();
                }
                let back: Vec<scrm_tui::domain::StaffMember> = db.read_all().await.unwrap();
                let b = blank.clone();
                same(
                    &split(&back, |x| x.raw = b.clone()),
                    &split(r, |x| x.raw = blank.clone()),
                );
            }
            Records::Outflow(_) => unreachable!(),
        }
    }
    assert_eq!(
        pg.sql("SELECT count(*) FROM sync_runs WHERE complete AND finished_at IS NOT NULL"),
        "6",
        "stores (weiban), customers (three vendors), operators (youmi), staff (weiban)"
    );
}

fn store_record(id: &str, raw: &str) -> scrm_tui::domain::Store {
    scrm_tui::domain::Store {
        account: Default::default(),
        vendor: Vendor::Weiban,
        id: id.into(),
        name: format!("门店{id}"),
        address: String::new(),
        city: String::from("杭州"),
        owner: String::new(),
        owner_ext_id: String::new(),
        creator: String::new(),
        deleted: false,
        created_at: None,
        raw: scrm_tui::domain::RawJson::new(raw),
    }
}

fn complete() -> LoadOutcome {
    LoadOutcome {
        pages_expected: Some(1),
        pages_arrived: 1,
        error: None,
    }
}

#[tokio::test]
async fn big_numbers_in_the_raw_object_come_back_exact() {
    let pg = Postgres::start();
    let mut db = store(&pg).await;
    db.migrate().await.unwrap();
    // 19 digits, above 2^53, above i64 and u64, and a long decimal: none may pass a float.
    let raw = r#"{"id":1234567890123456789,"over_2_53":9007199254740993,"u64_max":18446744073709551615,"bigger":123456789012345678901234567890,"decimal":0.10000000000000000555}"#;
    let run = db
        .begin_run(Resource::Stores, Vendor::Weiban, &Default::default())
        .await
        .unwrap();
    db.write_load(
        run,
        (Vendor::Weiban, &Default::default()),
        &[store_record("1234567890123456789", raw)],
        &complete(),
    )
    .await
    .unwrap();
    let back: Vec<scrm_tui::domain::Store> = db.read_all().await.unwrap();
    let text = back[0].raw.text();
    for number in [
        "1234567890123456789",
        "9007199254740993",
        "18446744073709551615",
        "123456789012345678901234567890",
        "0.10000000000000000555",
    ] {
        assert!(text.contains(number), "{number} in {text}");
    }
    assert_eq!(back[0].id, "1234567890123456789");
}

#[tokio::test]
async fn a_complete_load_deletes_what_is_gone_and_a_partial_one_deletes_nothing() {
    let pg = Postgres::start();
    let mut db = store(&pg).await;
    db.migrate().await.unwrap();
    let ids = |db_rows: Vec<scrm_tui::domain::Store>| -> Vec<String> {
        db_rows.into_iter().map(|s| s.id).collect()
    };
    let run = db
        .begin_run(Resource::Stores, Vendor::Weiban, &Default::default())
        .await
        .unwrap();
    let first = [
        store_record("1", "{}"),
        store_record("2", "{}"),
        store_record("3", "{}"),
    ];
    db.write_load(
        run,
        (Vendor::Weiban, &Default::default()),
        &first,
        &complete(),
    )
    .await
    .unwrap();
    // A partial load without store 2: nothing is deleted, what arrived is updated.
    let partial = LoadOutcome {
        pages_expected: Some(2),
        pages_arrived: 1,
        error: Some(String::from(
            "weiban /open-api/contact_way/store/list (page 2): HTTP 502",
        )),
    };
    let run = db
        .begin_run(Resource::Stores, Vendor::Weiban, &Default::default())
        .await
        .unwrap();
    let mut renamed = store_record("1", "{}");
    renamed.name = String::from("改名了");
    db.write_load(
        run,
        (Vendor::Weiban, &Default::default()),
        &[renamed, store_record("3", "{}")],
        &partial,
    )
    .await
    .unwrap();
    let back = db.read_all::<scrm_tui::domain::Store>().await.unwrap();
    assert_eq!(back[0].name, "改名了");
    let mut kept = ids(back);
    kept.sort();
    assert_eq!(
        kept,
        ["1", "2", "3"].map(String::from),
        "a partial load deletes nothing"
    );
    let fresh = db.freshness(Resource::Stores).await.unwrap();
    assert!(
        matches!(&fresh[0].state, scrm_tui::store::RunState::Partial { pages_arrived: 1, pages_expected: Some(2), error } if error.contains("HTTP 502")),
        "{fresh:?}"
    );
    // A complete load without store 2: it is gone.
    let run = db
        .begin_run(Resource::Stores, Vendor::Weiban, &Default::default())
        .await
        .unwrap();
    db.write_load(
        run,
        (Vendor::Weiban, &Default::default()),
        &[store_record("3", "{}"), store_record("1", "{}")],
        &complete(),
    )
    .await
    .unwrap();
    assert_eq!(
        ids(db.read_all().await.unwrap()),
        ["3", "1"].map(String::from)
    );
    assert_eq!(
        db.freshness(Resource::Stores).await.unwrap()[0].state,
        scrm_tui::store::RunState::Complete
    );
}

#[tokio::test]
async fn a_record_listed_twice_is_kept_once_as_its_later_copy_in_its_later_place() {
    let pg = Postgres::start();
    let mut db = store(&pg).await;
    db.migrate().await.unwrap();
    let run = db
        .begin_run(Resource::Stores, Vendor::Weiban, &Default::default())
        .await
        .unwrap();
    let mut again = store_record("1", r#"{"copy":2}"#);
    again.name = String::from("第二份");
    let listed = [
        store_record("1", r#"{"copy":1}"#),
        store_record("2", "{}"),
        again,
        store_record("3", "{}"),
    ];
    let summary = db
        .write_load(
            run,
            (Vendor::Weiban, &Default::default()),
            &listed,
            &complete(),
        )
        .await
        .unwrap();
    assert_eq!(summary.records, 4, "the run counts what the vendor listed");
    let back = db.read_all::<scrm_tui::domain::Store>().await.unwrap();
    let seen: Vec<(&str, &str)> = back
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    assert_eq!(seen, [("2", "门店2"), ("1", "第二份"), ("3", "门店3")]);
    assert!(
        back[1].raw.text().contains(r#""copy": 2"#),
        "{}",
        back[1].raw.text()
    );
    // The lists are read in the order of an index, not by sorting the table.
    let indexes = pg.sql(
        "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes \
         WHERE indexname LIKE '%_order'",
    );
    assert_eq!(
        indexes,
        "customers_order,operators_order,staff_order,stores_order"
    );
}

#[tokio::test]
async fn alerts_are_kept_once_with_increasing_sequence_numbers_and_announced() {
    use scrm_tui::demo::data::weiban_customers::Timeline;
    let pg = Postgres::start();
    let mut db = store(&pg).await;
    db.migrate().await.unwrap();
    let url = DatabaseUrl::parse(&format!("{}?sslmode=disable", pg.url)).unwrap();
    let mut listener = Store::connect(&url).await.unwrap();
    listener
        .listen(scrm_tui::store::OUTFLOW_CHANNEL)
        .await
        .unwrap();
    let timeline = Timeline::new(1_763_700_000, 1);
    let alerts = |ks: std::ops::Range<i64>| {
        let objects: Vec<String> = ks.rev().map(|k| timeline.alert(k)).collect();
        let body = format!(
            "{{\"errcode\":0,\"errmsg\":\"ok\",\"external_user_list\":[{}],\"total_count\":{}}}",
            objects.join(","),
            objects.len()
        );
        scrm_tui::vendors::weiban::decode_outflow_page(body.as_bytes(), 1)
            .unwrap()
            .records
    };
    let run = db
        .begin_run(Resource::Outflow, Vendor::Weiban, &Default::default())
        .await
        .unwrap();
    let first = db
        .write_alerts(run, &alerts(-10..0), &complete())
        .await
        .unwrap();
    assert_eq!((first.new_alerts, first.last_seq), (10, Some(10)));
    let heard = listener.notification().await.unwrap();
    assert_eq!(
        (heard.channel.as_str(), heard.payload.as_str()),
        ("scrm_outflow", "10")
    );
    // A poll that overlaps the last one: only the two new alerts are kept, after the others.
    let run = db
        .begin_run(Resource::Outflow, Vendor::Weiban, &Default::default())
        .await
        .unwrap();
    let second = db
        .write_alerts(run, &alerts(-3..2), &complete())
        .await
        .unwrap();
    assert_eq!(second.new_alerts, 2);
    let last = second.last_seq.unwrap();
    assert_eq!(
        listener.notification().await.map(|n| n.payload),
        Some(last.to_string())
    );
    let (after, newest) = db.alerts_after(10).await.unwrap();
    assert_eq!(newest, last);
    assert_eq!(after.len(), 2);
    assert!(after[0].outflow_at < after[1].outflow_at, "oldest first");
    // Nothing new: no notification, the count stays.
    let run = db
        .begin_run(Resource::Outflow, Vendor::Weiban, &Default::default())
        .await
        .unwrap();
    assert_eq!(
        db.write_alerts(run, &alerts(-3..2), &complete())
            .await
            .unwrap()
            .new_alerts,
        0
    );
    assert_eq!(pg.sql("SELECT count(*) FROM outflow_alerts"), "12");
    let (window, _) = db
        .alerts_from(chrono::DateTime::from_timestamp(0, 0).unwrap())
        .await
        .unwrap();
    assert_eq!(window.len(), 12);
    assert!(
        window[0].outflow_at >= window[11].outflow_at,
        "newest first"
    );
}

#[tokio::test]
async fn tls_is_used_and_checked_as_sslmode_says() {
    let (pg, tls) = Postgres::start_with_tls();
    let by_name = pg.url.replace("127.0.0.1", "localhost");
    let connect = |url: String| async move {
        let url = DatabaseUrl::parse(&url)?;
        let store = Store::connect(&url).await?;
        store.encrypted().await
    };
    let ca = tls.ca.display().to_string();
    let other = tls.other_ca.display().to_string();
    assert!(
        !connect(format!("{}?sslmode=disable", pg.url))
            .await
            .unwrap()
    );
    assert!(
        connect(format!("{}?sslmode=require", pg.url))
            .await
            .unwrap()
    );
    // The certificate names localhost, signed by our CA.
    assert!(
        connect(format!("{by_name}?sslmode=verify-full&sslrootcert={ca}"))
            .await
            .unwrap()
    );
    // Not 127.0.0.1: verify-full refuses, verify-ca (the chain only) accepts.
    let refused = connect(format!("{}?sslmode=verify-full&sslrootcert={ca}", pg.url))
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("cannot connect"), "{refused}");
    assert!(refused.to_lowercase().contains("certificate"), "{refused}");
    assert!(!refused.contains(common::pg::ADMIN_PASSWORD), "{refused}");
    assert!(
        connect(format!("{}?sslmode=verify-ca&sslrootcert={ca}", pg.url))
            .await
            .unwrap()
    );
    // Another CA: refused.
    let refused = connect(format!("{by_name}?sslmode=verify-full&sslrootcert={other}"))
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.to_lowercase().contains("certificate"), "{refused}");
    // verify-* without a CA file is a mistake in the URL, said before connecting.
    let error = DatabaseUrl::parse(&format!("{}?sslmode=verify-full", pg.url)).unwrap_err();
    assert!(error.to_string().contains("sslrootcert"), "{error}");
}

/// A row the program cannot read as a record is an error that names the table, the row and
/// the column — never a record with a default put in (an unknown vendor once became Weiban).
#[tokio::test]
async fn a_row_with_an_unknown_vendor_or_status_is_an_error_naming_it() {
    use scrm_tui::demo::{DemoOptions, DemoServer};
    use scrm_tui::fetch::{Clients, load};
    let pg = Postgres::start();
    let mut db = store(&pg).await;
    db.migrate().await.unwrap();
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    for resource in [Resource::Stores, Resource::Customers] {
        let loaded = load(&clients, resource).await;
        let outcome = LoadOutcome {
            pages_expected: loaded.expected_pages,
            pages_arrived: loaded.pages,
            error: None,
        };
        match &loaded.records {
            Records::Stores(r) => {
                let run = db
                    .begin_run(resource, Vendor::Weiban, &Default::default())
                    .await
                    .unwrap();
                db.write_load(run, (Vendor::Weiban, &Default::default()), r, &outcome)
                    .await
                    .unwrap();
            }
            Records::Customers(r) => {
                let weiban: Vec<_> = r
                    .iter()
                    .filter(|c| c.vendor == Vendor::Weiban)
                    .cloned()
                    .collect();
                let run = db
                    .begin_run(resource, Vendor::Weiban, &Default::default())
                    .await
                    .unwrap();
                db.write_load(
                    run,
                    (Vendor::Weiban, &Default::default()),
                    &weiban,
                    &outcome,
                )
                .await
                .unwrap();
            }
            _ => unreachable!(),
        }
    }
    let id = pg.sql("SELECT min(id) FROM stores");
    pg.sql(&format!(
        "UPDATE stores SET vendor = 'nosuch' WHERE id = '{id}'"
    ));
    let error = db.read_all::<scrm_tui::domain::Store>().await.unwrap_err();
    assert!(matches!(error, StoreError::Row { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains(&format!("stores row nosuch/{id}: vendor is `nosuch`")),
        "{text}"
    );
    assert!(
        text.contains("the vendors are weiban, yunzhong, tanma, youmi"),
        "{text}"
    );

    let id = pg.sql("SELECT min(id) FROM customers");
    pg.sql(&format!(
        "UPDATE customers SET status = 'gone' WHERE id = '{id}'"
    ));
    let text = db
        .read_all::<scrm_tui::domain::Customer>()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        text.contains(&format!("customers row weiban/{id}: status is `gone`")),
        "{text}"
    );

    pg.sql("UPDATE sync_runs SET vendor = 'nosuch' WHERE resource = 'stores'");
    let text = db
        .freshness(Resource::Stores)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("sync_runs row of stores: vendor is `nosuch`"),
        "{text}"
    );
}

/// A run of one store, begun and written by `db`: its id and how the write went.
async fn write_one(
    db: &mut Store,
    id: &str,
) -> (i64, Result<scrm_tui::store::RunSummary, StoreError>) {
    let run = db
        .begin_run(Resource::Stores, Vendor::Weiban, &Default::default())
        .await
        .unwrap();
    let records = [store_record(id, "{}")];
    let written = db
        .write_load(
            run,
            (Vendor::Weiban, &Default::default()),
            &records,
            &complete(),
        )
        .await;
    (run, written)
}

#[tokio::test]
async fn a_leaders_write_commits_only_while_it_holds_the_lease() {
    let pg = Postgres::start();
    let mut db = store(&pg).await;
    db.migrate().await.unwrap();
    let mut leader = store(&pg).await.fenced_by("host-a:1:0");
    let stores = || pg.sql("SELECT string_agg(id, ',' ORDER BY id) FROM stores");
    // Not the holder (nobody leads yet): rolled back, the run left unfinished.
    let (run, refused) = write_one(&mut leader, "1").await;
    assert!(
        matches!(refused, Err(StoreError::Deposed { .. })),
        "{refused:?}"
    );
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("no longer holds the lease")
    );
    assert_eq!(stores(), "");
    assert_eq!(
        pg.sql(&format!(
            "SELECT finished_at IS NULL FROM sync_runs WHERE id = {run}"
        )),
        "t"
    );
    // Holding it: the write commits.
    let held = db
        .hold_lease(
            ("host-a:1:0", "host-a"),
            std::time::Duration::from_secs(10),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(held, Some(1));
    write_one(&mut leader, "2").await.1.unwrap();
    assert_eq!(stores(), "2");
    // Lapsed (another sync may lead): rolled back again, the rows as they were.
    pg.sql("UPDATE sync_lease SET expires_at = now() - interval '1 second'");
    let (_, refused) = write_one(&mut leader, "3").await;
    assert!(
        matches!(refused, Err(StoreError::Deposed { .. })),
        "{refused:?}"
    );
    assert_eq!(stores(), "2");
}
