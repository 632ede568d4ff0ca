//! Triage: the state of every alert derived from its log — 10 026 alerts (the demo's outflow at
//! scale 112) from a 50 000-event log of claims, notes, releases, dones and reopens — and the
//! same log read from solo mode's file.
//!
//! Run: `cargo bench --bench triage`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scrm_tui::domain::triage::{Action, Ledger, Outcome, TriageEvent};
use scrm_tui::store::triage_file::TriageFile;

const ALERTS: usize = 10_026;
const EVENTS: usize = 50_000;

/// A day's work on every alert, in the order a team would write it: most claimed then done,
/// some released and claimed again, notes between, a few reopened.
fn log() -> Vec<TriageEvent> {
    let staff = ["alice", "bob", "carol", "dave", "erin", "张三", "李四"];
    let start = DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_else(Utc::now);
    let mut events = Vec::with_capacity(EVENTS);
    let mut round = 0usize;
    while events.len() < EVENTS {
        for alert in 0..ALERTS {
            if events.len() == EVENTS {
                break;
            }
            let by = staff[(alert + round) % staff.len()];
            let action = match (round, alert % 7) {
                (0, _) => Action::Claim,
                (1, 0) => Action::Release,
                (1, 1 | 2) => Action::Note(format!("第{round}次联系：没接电话")),
                (1, _) => Action::Done {
                    outcome: Outcome::ALL[alert % 4],
                    note: String::from("客户已重新添加"),
                },
                (2, 0) => Action::Claim,
                (2, 3) => Action::Reopen,
                _ => Action::Note(String::from("跟进")),
            };
            let seq = events.len() as i64 + 1;
            events.push(TriageEvent {
                seq,
                alert: format!("wm{alert:08}|staff{}|1764000000", alert % 40),
                at: start + chrono::Duration::seconds(seq),
                by: by.to_owned(),
                name: String::new(),
                host: String::from("desk"),
                action,
            });
        }
        round += 1;
    }
    events
}

fn bench(c: &mut Criterion) {
    let events = log();
    let mut group = c.benchmark_group("triage");
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.bench_function("derive_10k_alerts_50k_events", |b| {
        b.iter_batched(
            || events.clone(),
            Ledger::of,
            criterion::BatchSize::LargeInput,
        )
    });
    // Solo mode reads the same log from its file at start.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("triage.jsonl");
    {
        let (mut file, _) = TriageFile::open(&path).expect("open");
        let actor = scrm_tui::store::triage_file::Actor {
            by: String::from("solo"),
            name: String::new(),
            host: String::from("desk"),
        };
        for event in &events {
            // Refused events (none in this log) would be skipped, as a dashboard would.
            let _ = file
                .append(&event.alert, event.action.clone(), &actor, event.at)
                .expect("append");
        }
    }
    group.sample_size(20);
    group.bench_function("read_file_50k_events", |b| {
        b.iter(|| TriageFile::read(&path).expect("read"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
