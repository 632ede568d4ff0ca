//! Reading the offline cache: the Stores pane's (2 007 stores, what the first frame waits
//! for) and the Customers pane's (100 800 customers, read after the first frame), both at the
//! demo's scale 112, loaded through the real clients and saved as the dashboard saves them.
//!
//! Run: `cargo bench --bench cache`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scrm_tui::demo::{DemoOptions, DemoServer};
use scrm_tui::domain::{Resource, Snapshot};
use scrm_tui::fetch::{Clients, load};
use scrm_tui::tui::cache::Cache;

/// The demo's stores and customers at scale 112, as a saved cache in `dir`.
fn saved(dir: &std::path::Path) -> Cache {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let server = DemoServer::start(
            ([127, 0, 0, 1], 0).into(),
            DemoOptions {
                scale: 112,
                ..DemoOptions::default()
            },
        )
        .await
        .expect("demo server");
        let config = server.config();
        let clients = Clients::from_config(&config).expect("clients");
        let cache = Cache::new(dir, &config, Some(112));
        for resource in [Resource::Stores, Resource::Customers] {
            let loaded = load(&clients, resource).await;
            assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
            cache.save(&Snapshot::from(loaded.records)).expect("save");
        }
        cache
    })
}

fn read(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let cache = saved(dir.path());
    let mut group = c.benchmark_group("cache");
    for (name, resource, count) in [
        ("read_stores_2k", Resource::Stores, 2_007),
        ("read_customers_100k", Resource::Customers, 100_800),
    ] {
        let bytes = std::fs::metadata(cache.path(resource)).map_or(0, |m| m.len());
        group.throughput(Throughput::Bytes(bytes));
        if resource == Resource::Customers {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                let (records, _) = cache.read(resource).expect("read");
                assert_eq!(records.len(), count);
                records
            })
        });
    }
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
