//! Paging that follows the evidence: the real clients against a demo server whose paging lies
//! — the first page again, a cursor pointing back or standing still, a total a thousand times
//! too large, an empty page promising more. Each stops with an error naming vendor, endpoint
//! and why, the load partial, and no record printed or shown twice — through `get` and
//! through the dashboard's `update`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::collections::HashSet;
use std::time::Instant;

use scrm_tui::app::{Cmd, Msg};
use scrm_tui::cli::get;
use scrm_tui::demo::faults::{Fault, Rule};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::output::Format;
use scrm_tui::domain::{LoadEvent, Resource, Vendor};
use scrm_tui::fetch::{Clients, load};
use scrm_tui::vendors::{tanma, weiban, yunzhong};

/// One lie: the rule that tells it, the endpoint it is told on and what the error says.
struct Lie {
    rule: Rule,
    endpoint: &'static str,
    why: &'static str,
}

fn lie(vendor: Vendor, fault: Fault, after: u64, why: &'static str) -> Lie {
    let endpoint = match vendor {
        Vendor::Weiban => weiban::CUSTOMER_LIST_PATH,
        Vendor::Yunzhong => yunzhong::LIST_PATH,
        _ => tanma::LIST_PATH,
    };
    Lie {
        rule: Rule {
            vendor,
            fault,
            after,
            times: None,
        },
        endpoint,
        why,
    }
}

fn lies() -> Vec<Lie> {
    vec![
        lie(
            Vendor::Tanma,
            Fault::RepeatPage,
            1,
            "brings only records already seen",
        ),
        lie(Vendor::Tanma, Fault::RepeatCursor, 1, "one seen before"),
        lie(
            Vendor::Weiban,
            Fault::RepeatPage,
            1,
            "brings only records already seen",
        ),
        lie(
            Vendor::Weiban,
            Fault::InflatedTotal,
            0,
            "is empty but more were promised",
        ),
        lie(
            Vendor::Yunzhong,
            Fault::EmptyPage,
            1,
            "is empty but more were promised",
        ),
        lie(
            Vendor::Yunzhong,
            Fault::InflatedTotal,
            0,
            "is empty but more were promised",
        ),
        lie(
            Vendor::Yunzhong,
            Fault::RepeatPage,
            1,
            "brings only records already seen",
        ),
    ]
}

/// The customers' keys as `get` prints them: vendor, id and staff member.
fn keys(printed: &[serde_json::Value]) -> Vec<String> {
    printed
        .iter()
        .map(|c| format!("{}|{}|{}", c["source"], c["id"], c["staff"]))
        .collect()
}

#[tokio::test]
async fn get_stops_each_lie_with_an_error_and_prints_no_record_twice() {
    // Twice the default data: every Tanma sales account has two pages, a cursor to repeat.
    let options = DemoOptions {
        scale: 2,
        ..DemoOptions::default()
    };
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), options)
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    let zone = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    for lie in lies() {
        let case = format!("{} {}", lie.rule.vendor, lie.rule.fault.name());
        server.clear_faults();
        server.inject(lie.rule);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = get::run(
            Resource::Customers,
            &clients,
            Format::Json,
            &zone,
            &mut out,
            &mut err,
        )
        .await;
        let err = String::from_utf8(err).unwrap();
        assert_ne!(code, 0, "{case}: {err}");
        let line = err
            .lines()
            .find(|l| l.contains(lie.why))
            .unwrap_or_else(|| panic!("{case}: {err}"));
        assert!(line.contains(lie.rule.vendor.name()), "{case}: {line}");
        assert!(line.contains(lie.endpoint), "{case}: {line}");
        let printed: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
        let keys = keys(&printed);
        let unique: HashSet<&String> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len(), "{case}: a record printed twice");
        // The other vendors' customers are all there.
        let others = printed
            .iter()
            .filter(|c| c["source"] != lie.rule.vendor.name())
            .count();
        assert!(others > 0, "{case}");
    }
    // The lie cleared, the same command completes.
    server.clear_faults();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = get::run(
        Resource::Customers,
        &clients,
        Format::Json,
        &zone,
        &mut out,
        &mut err,
    )
    .await;
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
}

#[tokio::test]
async fn the_dashboard_shows_a_lie_as_a_partial_load_with_its_reason() {
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    server.inject(lie(Vendor::Tanma, Fault::RepeatPage, 1, "").rule);
    let mut app = common::app(220, 30, Instant::now());
    app.settings.vendors = Vendor::ALL.to_vec();
    let commands = app.start();
    let generation = commands
        .iter()
        .find_map(|c| match c {
            Cmd::Fetch {
                resource: Resource::Customers,
                generation,
            } => Some(*generation),
            _ => None,
        })
        .expect("the customers are fetched at start");
    let loaded = load(&clients, Resource::Customers).await;
    app.update(Msg::from(LoadEvent::Loaded {
        resource: Resource::Customers,
        generation,
        loaded,
    }));
    app.update(common::key('2'));
    let pane = app.list(Resource::Customers);
    let status = pane.status();
    assert!(status.partial.is_some(), "{status:?}");
    let error = status.error.as_ref().expect("the lie is an error");
    assert!(error.summary.starts_with("tanma"), "{error:?}");
    assert!(
        error.message.contains(tanma::LIST_PATH)
            && error.message.contains("brings only records already seen"),
        "{error:?}"
    );
    let screen = common::render_text(&app);
    assert!(screen.contains("tanma"), "{screen}");
    // Every Tanma customer in the pane once.
    let shown: Vec<String> = app
        .pane_of::<scrm_tui::domain::Customer>()
        .records
        .iter()
        .map(|c| scrm_tui::domain::Record::key(c.as_ref()))
        .collect();
    assert!(shown.iter().any(|k| k.starts_with("tanma|")));
    let unique: HashSet<&String> = shown.iter().collect();
    assert_eq!(unique.len(), shown.len());
}
