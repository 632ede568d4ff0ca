//! `GET /metrics` in Prometheus' text format (version 0.0.4): WeCom's callback by outcome and
//! refusal reason, leader or standby, the lease's renewals and takeovers, the database's
//! round trip and each job's last success. A registry is made for each scrape from the
//! counts kept elsewhere; no label carries a secret or a customer's data.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::prometheus_text::{CONTENT_TYPE, encode};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use super::Receiver;
use super::counts::Counts;
use super::health::CHECK_WITHIN;
use std::collections::BTreeSet;

use crate::fetch::Clients;
use crate::store::{LastRun, RunTotals, SpentCalls};
use crate::vendors::wecom::Refusal;

type Labels = Vec<(&'static str, String)>;

/// What the database said at this scrape.
struct Measured {
    round_trip: Duration,
    runs: Vec<LastRun>,
    totals: Vec<RunTotals>,
    calls: Vec<SpentCalls>,
}

pub async fn metrics(State(receiver): State<Arc<Receiver>>) -> Response {
    let measured = tokio::time::timeout(
        CHECK_WITHIN,
        receiver.keeper.with(async |store| {
            let asked = Instant::now();
            store.ping().await?;
            let round_trip = asked.elapsed();
            let minute = chrono::Utc::now().timestamp().div_euclid(60);
            Ok(Measured {
                round_trip,
                runs: store.last_runs().await?,
                totals: store.run_totals().await?,
                calls: store.calls_since(minute - 60).await?,
            })
        }),
    )
    .await
    .ok()
    .and_then(Result::ok);
    let mut registry = registry(&receiver, measured.as_ref());
    if let Some(clients) = &receiver.sync.clients {
        let kept = measured.as_ref().map_or(&[][..], |m| &m.calls[..]);
        vendor_calls(&mut registry, clients, kept);
    }
    let mut text = String::new();
    if let Err(e) = encode(&mut text, &registry) {
        tracing::warn!("encoding the metrics: {e}");
    }
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response()
}

/// Everything measured now, registered.
fn registry(receiver: &Receiver, database: Option<&Measured>) -> Registry {
    let mut registry = Registry::with_prefix("scrm");
    wecom(&mut registry, &receiver.counts);
    let standing = &receiver.sync.standing;
    let leader: Gauge = Gauge::default();
    leader.set(i64::from(standing.leading()));
    registry.register(
        "sync_leader",
        "1 while this sync holds the lease and calls the vendors",
        leader,
    );
    let renewals: Counter = Counter::default();
    renewals.inc_by(standing.renewals());
    registry.register(
        "sync_lease_renewals",
        "Renewals (and takings) of the lease by this sync",
        renewals,
    );
    let takeovers: Counter = Counter::default();
    takeovers.inc_by(standing.takeovers());
    registry.register(
        "sync_lease_takeovers",
        "Times this sync took the lease",
        takeovers,
    );
    let up: Gauge = Gauge::default();
    up.set(i64::from(database.is_some()));
    registry.register(
        "database_up",
        "1 when the database answered this scrape",
        up,
    );
    if let Some(Measured {
        round_trip,
        runs,
        totals,
        ..
    }) = database
    {
        let seconds: Gauge<f64, AtomicU64> = Gauge::default();
        seconds.set(round_trip.as_secs_f64());
        registry.register(
            "database_round_trip_seconds",
            "One query's round trip",
            seconds,
        );
        last_success(&mut registry, runs);
        written(&mut registry, totals);
    }
    registry
}

fn wecom(registry: &mut Registry, counts: &Counts) {
    let answered = Family::<Labels, Counter>::default();
    for (outcome, count) in [
        ("kept", &counts.kept),
        ("duplicate", &counts.duplicates),
        ("verified", &counts.verified),
        ("ignored", &counts.ignored),
        ("unkept", &counts.unkept),
    ] {
        answered
            .get_or_create(&vec![("outcome", outcome.to_owned())])
            .inc_by(Counts::get(count));
    }
    registry.register(
        "wecom_events",
        "WeCom callback requests answered, by outcome (unkept: not acknowledged, WeCom retries)",
        answered,
    );
    let refused = Family::<Labels, Counter>::default();
    for reason in Refusal::ALL {
        refused
            .get_or_create(&vec![("reason", reason.name().to_owned())])
            .inc_by(counts.refused(reason));
    }
    registry.register(
        "wecom_refused",
        "Requests to the callback refused, by reason",
        refused,
    );
}

fn last_success(registry: &mut Registry, runs: &[LastRun]) {
    let last = Family::<Labels, Gauge<f64, AtomicU64>>::default();
    for run in runs {
        let Some(at) = run.complete_at else {
            continue;
        };
        last.get_or_create(&vec![
            ("resource", run.resource.name().to_owned()),
            ("vendor", run.vendor.name().to_owned()),
            ("account", run.account.name().to_owned()),
        ])
        .set(at.timestamp() as f64);
    }
    registry.register(
        "sync_last_success_timestamp_seconds",
        "When each job last finished complete (any sync's run)",
        last,
    );
}

/// Vendor calls by outcome (this process's), and the budget used against each limit (every
/// sync's calls, as kept in the database).
fn vendor_calls(registry: &mut Registry, clients: &Clients, kept: &[SpentCalls]) {
    let calls = Family::<Labels, Counter>::default();
    let used = Family::<Labels, Gauge<f64, AtomicU64>>::default();
    let minute = chrono::Utc::now().timestamp().div_euclid(60);
    for (vendor, handle) in clients.handles_of_all() {
        let whose = || {
            vec![
                ("vendor", vendor.name().to_owned()),
                ("account", handle.name().name().to_owned()),
            ]
        };
        for (endpoint, outcome, n) in handle.ledger().totals() {
            let mut labels = whose();
            labels.push(("endpoint", endpoint.to_owned()));
            labels.push(("outcome", outcome.name().to_owned()));
            calls.get_or_create(&labels).inc_by(n);
        }
        let mine: Vec<&SpentCalls> = kept
            .iter()
            .filter(|c| c.vendor == vendor && c.account == *handle.name())
            .collect();
        let endpoints: BTreeSet<&str> = mine.iter().map(|c| c.endpoint.as_str()).collect();
        for endpoint in endpoints {
            for rate in &handle.limiter().limits().rates {
                let minutes = i64::try_from(rate.per.as_secs().div_ceil(60)).unwrap_or(60);
                // The current minute and the whole ones before it within the window.
                let spent: u32 = mine
                    .iter()
                    .filter(|c| c.endpoint == endpoint && c.minute > minute - minutes)
                    .map(|c| c.calls)
                    .sum();
                let mut labels = whose();
                labels.push(("endpoint", endpoint.to_owned()));
                labels.push(("window", format!("{}s", rate.per.as_secs())));
                used.get_or_create(&labels)
                    .set(f64::from(spent) / f64::from(rate.calls.max(1)));
            }
        }
    }
    registry.register(
        "vendor_calls",
        "Vendor calls made by this sync, by outcome (ok, refused, limited, failed)",
        calls,
    );
    registry.register(
        "vendor_budget_used_ratio",
        "Calls in the current window over the vendor's limit, by endpoint and window (all syncs)",
        used,
    );
}

/// Pages fetched and records written by every sync's runs, per job.
fn written(registry: &mut Registry, totals: &[RunTotals]) {
    let pages = Family::<Labels, Counter>::default();
    let records = Family::<Labels, Counter>::default();
    for job in totals {
        let labels = vec![
            ("resource", job.resource.name().to_owned()),
            ("vendor", job.vendor.name().to_owned()),
            ("account", job.account.name().to_owned()),
        ];
        pages
            .get_or_create(&labels)
            .inc_by(u64::try_from(job.pages).unwrap_or(0));
        records
            .get_or_create(&labels)
            .inc_by(u64::try_from(job.records).unwrap_or(0));
    }
    registry.register("sync_pages", "Vendor pages that arrived, all runs", pages);
    registry.register("sync_records_written", "Records written, all runs", records);
}
