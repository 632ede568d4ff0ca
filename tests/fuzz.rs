//! Arbitrary bytes through every decoder: the lenient decoder, the escape repair, each vendor's
//! decoders and the detail-tree builder must answer with an error, never a panic, a hang or a
//! stack overflow. Property tests (100 000 cases: random bytes, and the seed fixtures with
//! random edits, which reach far deeper into the decoders than noise does), then the extremes:
//! JSON nested 100 000 levels deep and a 50 MB string.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use scrm_tui::domain::Record;
use scrm_tui::json::tree::Tree;
use scrm_tui::json::{lenient, repair};
use scrm_tui::vendors::{tanma, weiban, youmi, yunzhong};

const FIXTURES: &[&[u8]] = &[
    include_bytes!("fixtures/weiban_store_list.seed000.json"),
    include_bytes!("fixtures/weiban_store_list.seed000.repaired.json"),
    include_bytes!("fixtures/weiban_outflow.seed004.json"),
    include_bytes!("fixtures/yunzhong_customers.seed001.json"),
    include_bytes!("fixtures/yunzhong_customers.seed001.js"),
    include_bytes!("fixtures/yunzhong_error.seed001.json"),
    include_bytes!("fixtures/tanma_customers.seed002.json"),
    include_bytes!("fixtures/youmi_operators.seed003.json"),
    include_bytes!("fixtures/youmi_staff.seed003.json"),
    include_bytes!("fixtures/youmi_staff_wechat.seed003.json"),
    include_bytes!("fixtures/youmi_labels.seed003.json"),
    include_bytes!("fixtures/youmi_custom_attributes.seed003.json"),
];

/// Every decoder on the same bytes; and every record that comes out, into the detail tree.
fn decode_everything(bytes: &[u8]) {
    let _ = repair::repair(bytes);
    let _ = lenient::from_slice::<serde_json::Value>(bytes);
    if let Ok(page) = weiban::decode_store_page(bytes, 1) {
        page.records.iter().for_each(detail);
    }
    if let Ok(page) = weiban::decode_customer_page(bytes, 1) {
        page.records.iter().for_each(detail);
    }
    if let Ok(page) = weiban::decode_outflow_page(bytes, 1) {
        page.records.iter().for_each(detail);
    }
    let _ = weiban::decode_token(bytes);
    if let Ok(page) = yunzhong::decode_customer_page(bytes, 1) {
        page.records.iter().for_each(detail);
    }
    if let Ok(page) = tanma::decode_customer_page(bytes, 1) {
        page.page.records.iter().for_each(detail);
    }
    if let Ok((operators, _)) = youmi::decode_operators(bytes) {
        operators.iter().for_each(detail);
    }
    let _ = youmi::decode_staff(bytes);
    let _ = youmi::decode_staff_wechat(bytes);
    if let Ok(list) = youmi::decode_list(bytes) {
        for raw in list {
            tree(&raw.text());
        }
    }
    let _ = youmi::decode_token(bytes, 1_763_000_000);
    if let Ok(text) = std::str::from_utf8(bytes) {
        tree(text);
        let _ = lenient::embedded(text);
    }
}

fn detail<R: Record>(record: &R) {
    let _ = scrm_tui::app::DetailState::open(record);
    tree(&record.raw().text());
}

/// Builds the detail tree, opens every branch and lists the rows on screen.
fn tree(text: &str) {
    if let Ok(mut tree) = Tree::parse(text) {
        for i in 0..tree.len() {
            tree.set_expanded(i, true);
        }
        let rows = tree.visible();
        assert!(rows.len() < tree.len().max(1));
    }
}

/// The seed fixtures with a few random edits: bytes replaced, removed or inserted.
fn edited_fixture() -> impl Strategy<Value = Vec<u8>> {
    let edit = (any::<prop::sample::Index>(), 0u8..3, any::<u8>());
    (
        prop::sample::select(FIXTURES),
        prop::collection::vec(edit, 1..8),
    )
        .prop_map(|(fixture, edits)| {
            let mut bytes = fixture.to_vec();
            for (at, op, byte) in edits {
                let i = at.index(bytes.len().max(1));
                match op {
                    0 if i < bytes.len() => bytes[i] = byte,
                    1 if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    _ => bytes.insert(i.min(bytes.len()), byte),
                }
            }
            bytes
        })
}

/// JSON-looking noise: structural characters, quotes, escapes, digits, CJK.
fn jsonish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(
        &[
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "\"",
            "\\",
            "\\u",
            "\\专",
            "null",
            "true",
            "-1",
            "1e999",
            "0.5",
            "\"errcode\"",
            "\"data\"",
            "\"objects\"",
            "\"list\"",
            "\"values\"",
            "门店",
            " ",
            "\"external_user_list\"",
            "\"id\"",
            "\"total\"",
            "\u{0}",
            "\n",
            "\"{\\\"a\\\":1}\"",
        ][..],
    );
    prop::collection::vec(pieces, 0..64).prop_map(|p| p.concat().into_bytes())
}

#[test]
fn arbitrary_bytes_never_panic_any_decoder() {
    let mut runner = TestRunner::new(Config {
        cases: 100_000,
        failure_persistence: None,
        ..Config::default()
    });
    let input = prop_oneof![
        2 => edited_fixture(),
        1 => jsonish(),
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ];
    runner
        .run(&input, |bytes| {
            decode_everything(&bytes);
            Ok(())
        })
        .unwrap();
}

#[test]
fn json_nested_100_000_levels_deep_is_refused_not_overflowed() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    // Deep inside an envelope every decoder reads, and inside a string (embedded JSON).
    let in_envelope = format!(
        r#"{{"errcode": 0, "data": {{"objects": [{arrays}]}}, "external_user_list": [{objects}], "list": [{arrays}], "values": [{objects}]}}"#
    );
    let in_string = serde_json::to_string(&serde_json::json!({ "extattr": arrays })).unwrap();
    // Unclosed: the decoder must give up, not recurse to the end.
    let unclosed = "[{\"a\":".repeat(depth);
    for text in [&arrays, &objects, &in_envelope, &in_string, &unclosed] {
        decode_everything(text.as_bytes());
    }
    assert!(Tree::parse(&arrays).is_err());
}

#[test]
fn a_50_mb_string_decodes_and_renders() {
    let huge = "长".repeat(50 * 1024 * 1024 / 3);
    let body = format!(
        r#"{{"data": {{"has_next": false, "objects": [{{"id": 1, "name": "{huge}", "address": "{huge}", "extattr": "{{\"attrs\": [{{\"name\": \"{huge}\"}}]}}"}}], "page_no": 1, "page_size": 100, "total_count": 1}}, "status_code": 200, "status_message": "ok", "success": true}}"#
    );
    assert!(body.len() > 150 * 1024 * 1024);
    decode_everything(body.as_bytes());
    let page = weiban::decode_store_page(body.as_bytes(), 1).unwrap();
    assert_eq!(page.records[0].name.len(), huge.len());

    // On screen: the row and the detail view show what fits, from the front of the text.
    let t0 = std::time::Instant::now();
    let mut app = common::app(120, 30, t0);
    let generation = app
        .start()
        .iter()
        .find_map(|c| match c {
            scrm_tui::app::Cmd::Fetch {
                resource: scrm_tui::domain::Resource::Stores,
                generation,
            } => Some(*generation),
            _ => None,
        })
        .unwrap();
    app.update(common::loaded_msg(generation, common::ok(page.records, t0)));
    let text = common::render_text(&app);
    assert!(text.contains("长长长长长长"), "{text}");
    app.update(common::code(crossterm::event::KeyCode::Enter));
    assert!(app.detail().is_some());
    // Expand everything, including the JSON inside `extattr`.
    for _ in 0..6 {
        app.update(common::key('j'));
        app.update(common::code(crossterm::event::KeyCode::Right));
    }
    let text = common::render_text(&app);
    assert!(text.contains("\"长长长长"), "{text}");
}
