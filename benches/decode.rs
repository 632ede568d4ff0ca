//! Decoding benchmarks: a Weiban store page as the demo server sends it (100 stores, a fifth of
//! them with seed 000's broken escapes, so the repair path is measured too).
//!
//! Run: `cargo bench --bench decode`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scrm_tui::demo::DemoData;
use scrm_tui::vendors::weiban::decode_store_page;

fn store_page(count: usize) -> String {
    let data = DemoData::generate(1);
    let objects: Vec<&str> = data
        .stores
        .iter()
        .take(count)
        .map(|s| s.json.as_str())
        .collect();
    format!(
        "{{\"data\": {{\"has_next\": true, \"objects\": [{}], \"page_no\": 1, \"page_size\": {count}, \"total_count\": 120}}, \"status_code\": 200, \"status_message\": \"ok\", \"success\": true}}",
        objects.join(", ")
    )
}

fn decode(c: &mut Criterion) {
    let page = store_page(100);
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("weiban_store_page", |b| {
        b.iter(|| decode_store_page(std::hint::black_box(page.as_bytes()), 1))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
