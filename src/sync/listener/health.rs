//! `GET /healthz`: 200 when the database answers and, for the leader, every job's last run is
//! within its schedule; 503 otherwise, the body saying why. A standby is healthy when it can
//! take over (the database answers).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::Receiver;
use crate::domain::{Account, Resource, Vendor};
use crate::store::LastRun;

/// How long the database may take to answer a health check.
pub const CHECK_WITHIN: Duration = Duration::from_secs(2);
/// A run may be this late before the leader is unhealthy (a slow vendor, a long load).
const SLACK: Duration = Duration::from_secs(60);

/// A job the leader runs, and how often.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub resource: Resource,
    pub vendor: Vendor,
    pub account: Account,
    pub every: Duration,
}

pub async fn healthz(State(receiver): State<Arc<Receiver>>) -> Response {
    let leading = receiver.sync.standing.leading();
    let checked = tokio::time::timeout(
        CHECK_WITHIN,
        receiver.keeper.with(async |store| {
            store.ping().await?;
            if leading {
                store.last_runs().await
            } else {
                Ok(Vec::new())
            }
        }),
    )
    .await;
    let runs = match checked {
        Ok(Ok(runs)) => runs,
        Ok(Err(e)) => {
            tracing::warn!("health check: {e}");
            return answer(StatusCode::SERVICE_UNAVAILABLE, "database unreachable");
        }
        Err(_) => return answer(StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
    };
    if !leading {
        return answer(
            StatusCode::OK,
            "standby: the database answers, ready to take over",
        );
    }
    let since = receiver.sync.standing.since().unwrap_or_else(Utc::now);
    let late = late(&receiver.sync.expected, &runs, since, Utc::now());
    if late.is_empty() {
        answer(StatusCode::OK, "leader: every resource on schedule")
    } else {
        answer(StatusCode::SERVICE_UNAVAILABLE, &late.join("\n"))
    }
}

fn answer(status: StatusCode, text: &str) -> Response {
    (status, format!("{text}\n")).into_response()
}

/// The jobs whose last run is later than their schedule allows, each said in a line:
/// `customers (weiban) last written 14 min ago (every 5 min)`. A leader that took over
/// recently is judged from when it did.
pub fn late(
    expected: &[Expected],
    runs: &[LastRun],
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<String> {
    expected
        .iter()
        .filter_map(|job| {
            let last = runs
                .iter()
                .find(|r| {
                    r.resource == job.resource && r.vendor == job.vendor && r.account == job.account
                })
                .map(|r| r.finished_at);
            let from = last.map_or(since, |at| at.max(since));
            let allowed = job.every * 2 + SLACK;
            let late = (now - from).to_std().unwrap_or_default() > allowed;
            late.then(|| {
                let whose = if job.account.is_default() {
                    job.vendor.to_string()
                } else {
                    format!("{} {}", job.vendor, job.account)
                };
                let when = match last {
                    Some(at) => format!("last written {} ago", minutes((now - at).num_seconds())),
                    None => String::from("never written"),
                };
                format!(
                    "{} ({whose}) {when} (every {})",
                    job.resource,
                    minutes(job.every.as_secs() as i64)
                )
            })
        })
        .collect()
}

/// `45 s`, `14 min`, `3 h`.
fn minutes(seconds: i64) -> String {
    match seconds.max(0) {
        s @ 0..120 => format!("{s} s"),
        s @ 120..7200 => format!("{} min", s / 60),
        s => format!("{} h", s / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(resource: Resource, every: u64) -> Expected {
        Expected {
            resource,
            vendor: Vendor::Weiban,
            account: Account::default(),
            every: Duration::from_secs(every),
        }
    }

    fn run(resource: Resource, finished_at: DateTime<Utc>) -> LastRun {
        LastRun {
            resource,
            vendor: Vendor::Weiban,
            account: Account::default(),
            finished_at,
            complete: true,
            window_end: None,
            full_at: None,
            complete_at: Some(finished_at),
        }
    }

    #[test]
    fn a_job_past_twice_its_period_and_a_minute_is_late_and_said_so() {
        let now = DateTime::from_timestamp(1_765_000_000, 0).unwrap();
        let long_ago = now - chrono::Duration::hours(1);
        let expected = [job(Resource::Customers, 300), job(Resource::Outflow, 30)];
        let runs = [
            run(Resource::Customers, now - chrono::Duration::minutes(14)),
            run(Resource::Outflow, now - chrono::Duration::seconds(60)),
        ];
        assert_eq!(
            late(&expected, &runs, long_ago, now),
            ["customers (weiban) last written 14 min ago (every 5 min)"]
        );
        // Just taken over: judged from then, not from the last leader's runs.
        assert!(late(&expected, &runs, now - chrono::Duration::minutes(2), now).is_empty());
        // Never run, long after the takeover.
        assert_eq!(
            late(&expected[1..], &[], long_ago, now),
            ["outflow (weiban) never written (every 30 s)"]
        );
    }
}
