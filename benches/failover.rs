//! Failover: two `scrm-tui sync` processes against one PostgreSQL and the demo. From the
//! leader's SIGKILL (and, apart, its SIGTERM) until the other holds the lease; the stopped
//! one is started again as the next standby. Needs the PostgreSQL server binaries, as the
//! tests do.
//!
//! Run: `cargo bench --bench failover` (criterion's figures, then the median and the worst of
//! every handover measured).

#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a failure is the report

#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use rustix::process::{Pid, Signal, kill_process};
use scrm_tui::demo::{DemoOptions, DemoServer};

fn sync(pg: &pg::Postgres, home: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_scrm-tui"))
        .args(["sync", "--config"])
        .arg(home.join("sync.toml"))
        .env(
            "SCRM_TUI_DATABASE_URL",
            format!("{}?sslmode=disable", pg.url),
        )
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("scrm-tui runs")
}

/// The pid in the held lease's holder (`host:pid:random`).
fn leader(pg: &pg::Postgres) -> Option<u32> {
    let holder = pg::psql_try(
        &pg.url,
        "SELECT holder FROM sync_lease WHERE expires_at > now()",
    )?;
    holder.split(':').nth(1)?.parse().ok()
}

/// Two syncs; each handover stops the leader with `signal` and times until the other leads.
struct Pair<'a> {
    pg: &'a pg::Postgres,
    home: &'a Path,
    syncs: Vec<Child>,
}

impl Pair<'_> {
    fn handover(&mut self, signal: Signal) -> Duration {
        let started = Instant::now();
        while leader(self.pg).is_none() {
            assert!(started.elapsed() < Duration::from_secs(60), "no leader");
            std::thread::sleep(Duration::from_millis(50));
        }
        let old = leader(self.pg).unwrap();
        // The standby has been up a moment: it is connected and asking.
        std::thread::sleep(Duration::from_millis(1500));
        let at = self
            .syncs
            .iter()
            .position(|c| c.id() == old)
            .expect("the leader is ours");
        let mut stopped = self.syncs.remove(at);
        let pid = Pid::from_raw(old as i32).unwrap();
        let signalled = Instant::now();
        kill_process(pid, signal).unwrap();
        while leader(self.pg).is_none_or(|pid| pid == old) {
            assert!(
                signalled.elapsed() < Duration::from_secs(60),
                "nobody took over"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let took = signalled.elapsed();
        let _ = stopped.wait();
        self.syncs.push(sync(self.pg, self.home));
        took
    }
}

fn failover(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let postgres = pg::Postgres::start();
    let home = tempfile::tempdir().unwrap();
    let _server = runtime.block_on(async {
        let server = DemoServer::start(([127, 0, 0, 1], 0).into(), DemoOptions::default())
            .await
            .unwrap();
        std::fs::write(home.path().join("sync.toml"), server.config_toml()).unwrap();
        server
    });
    let mut pair = Pair {
        pg: &postgres,
        home: home.path(),
        syncs: vec![sync(&postgres, home.path()), sync(&postgres, home.path())],
    };
    let mut group = c.benchmark_group("failover");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(1));
    let mut report = Vec::new();
    for (name, signal) in [("sigterm", Signal::TERM), ("sigkill", Signal::KILL)] {
        let mut every: Vec<Duration> = Vec::new();
        group.bench_function(name, |b| {
            b.iter_custom(|iterations| {
                (0..iterations)
                    .map(|_| {
                        let took = pair.handover(signal);
                        every.push(took);
                        took
                    })
                    .sum()
            })
        });
        every.sort();
        let median = every.get(every.len() / 2).copied().unwrap_or_default();
        let worst = every.last().copied().unwrap_or_default();
        report.push(format!(
            "{name}: a standby led after a median {:.2} s, worst {:.2} s ({} handovers)",
            median.as_secs_f64(),
            worst.as_secs_f64(),
            every.len()
        ));
    }
    group.finish();
    for mut child in pair.syncs.drain(..) {
        let _ = child.kill();
        let _ = child.wait();
    }
    for line in report {
        eprintln!("{line}");
    }
}

criterion_group!(benches, failover);
criterion_main!(benches);
