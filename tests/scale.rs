//! `get customers` at the demo's `--demo-scale 1000` (900 000 customers; Yunzhong alone is
//! 15 000 pages of 20) reads every page to the end — it used to stop at 10 000 pages — and
//! streams what it prints. Ignored by default: the demo's data alone takes a few GB and the
//! run a minute or more; run it with `cargo test --release --test scale -- --ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::io::Write;

use scrm_tui::cli::get;
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::Resource;
use scrm_tui::domain::output::Format;
use scrm_tui::fetch::Clients;

/// Counts what is written and keeps none of it.
#[derive(Default)]
struct Counted {
    bytes: u64,
    writes: u64,
}

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len() as u64;
        self.writes += 1;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "900 000 customers: run with --release --ignored"]
async fn get_customers_at_scale_1000_reads_every_page() {
    let options = DemoOptions {
        scale: 1000,
        ..DemoOptions::default()
    };
    let server = DemoServer::start(([127, 0, 0, 1], 0).into(), options)
        .await
        .unwrap();
    let clients = Clients::from_config(&server.config()).unwrap();
    let zone = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let (mut out, mut err) = (Counted::default(), Vec::new());
    let code = get::run(
        Resource::Customers,
        &clients,
        Format::Csv,
        &zone,
        &mut out,
        &mut err,
    )
    .await;
    let err = String::from_utf8(err).unwrap();
    assert_eq!(code, 0, "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.starts_with("900000 customers in "), "{err}");
    // Printed while loading, in many writes, not once at the end.
    assert!(out.writes > 100, "{} writes", out.writes);
    assert!(out.bytes > 900_000 * 50, "{} bytes", out.bytes);
}
