//! The sync's lease: one row saying which sync pulls the vendors, until when. The holder
//! renews it every few seconds; a lapsed lease is anyone's; a clean stop gives it up and
//! says so on [`LEASE_CHANNEL`], so that a standby takes over at once. Times are the
//! database's, so the hosts' clocks never disagree about who leads.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{Store, StoreError};
use crate::domain::{Resource, SyncState};

/// Where a sync that gives the lease up says so.
pub const LEASE_CHANNEL: &str = "scrm_sync_lease";

/// The lease as the database has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The holding process (host, process id and a random part).
    pub holder: String,
    /// The host it runs on, for people.
    pub host: String,
    /// How many times the lease changed hands.
    pub term: i64,
    pub taken_at: DateTime<Utc>,
    pub renewed_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Lapsed or given up, by the database's clock: nobody leads.
    pub lapsed: bool,
}

impl Store {
    /// Takes or renews the lease for `holder` when it is free, lapsed or already theirs, until
    /// `ttl` from now; returns its term then, `None` when another holds it.
    /// `schedule`: each resource's interval, for the dashboards.
    pub async fn hold_lease(
        &self,
        (holder, host): (&str, &str),
        ttl: Duration,
        schedule: &[(Resource, Duration)],
    ) -> Result<Option<i64>, StoreError> {
        let schedule: serde_json::Map<String, serde_json::Value> = schedule
            .iter()
            .map(|(resource, every)| (resource.name().to_owned(), every.as_secs().into()))
            .collect();
        let schedule = serde_json::Value::Object(schedule).to_string();
        let row = self
            .client
            .query_opt(
                "INSERT INTO sync_lease (holder, host, term, taken_at, renewed_at, expires_at,
                                         schedule)
                 VALUES ($1, $2, 1, now(), now(), now() + make_interval(secs => $3),
                         $4::text::jsonb)
                 ON CONFLICT (one) DO UPDATE SET
                     holder = EXCLUDED.holder,
                     host = EXCLUDED.host,
                     schedule = EXCLUDED.schedule,
                     term = sync_lease.term
                         + CASE WHEN sync_lease.holder = EXCLUDED.holder
                                     AND sync_lease.expires_at > now() THEN 0 ELSE 1 END,
                     taken_at = CASE WHEN sync_lease.holder = EXCLUDED.holder
                                          AND sync_lease.expires_at > now()
                                     THEN sync_lease.taken_at ELSE now() END,
                     renewed_at = now(),
                     expires_at = EXCLUDED.expires_at
                 WHERE sync_lease.holder = EXCLUDED.holder OR sync_lease.expires_at <= now()
                 RETURNING term",
                &[&holder, &host, &ttl.as_secs_f64(), &schedule],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        row.map(|r| r.try_get(0))
            .transpose()
            .map_err(|e| StoreError::query(&self.target, &e))
    }

    /// Gives the lease up (when `holder` has it) and tells the standbys.
    pub async fn give_up_lease(&self, holder: &str) -> Result<bool, StoreError> {
        let given = self
            .client
            .execute(
                "UPDATE sync_lease SET expires_at = now() WHERE holder = $1 AND expires_at > now()",
                &[&holder],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        self.client
            .execute("SELECT pg_notify($1, $2)", &[&LEASE_CHANNEL, &holder])
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(given > 0)
    }

    /// The lease, if a sync ever held it.
    pub async fn lease(&self) -> Result<Option<Lease>, StoreError> {
        let row = self
            .client
            .query_opt(
                "SELECT holder, host, term, taken_at, renewed_at, expires_at, expires_at <= now()
                 FROM sync_lease",
                &[],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let lease = (|| {
            Ok::<_, tokio_postgres::Error>(Lease {
                holder: row.try_get(0)?,
                host: row.try_get(1)?,
                term: row.try_get(2)?,
                taken_at: row.try_get(3)?,
                renewed_at: row.try_get(4)?,
                expires_at: row.try_get(5)?,
                lapsed: row.try_get(6)?,
            })
        })()
        .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(Some(lease))
    }
}

impl Store {
    /// The sync as dashboards show it: who leads, and what it has let go stale.
    pub async fn sync_state(&self) -> Result<Option<SyncState>, StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let Some(lease) = self
            .client
            .query_opt(
                "SELECT host, expires_at <= now(), schedule::text, taken_at, now() FROM sync_lease",
                &[],
            )
            .await
            .map_err(fail)?
        else {
            // No sync ever led here (a database from before leases): nothing to say.
            return Ok(None);
        };
        let (host, lapsed, schedule, since, now): (String, bool, String, _, _) = (
            lease.try_get(0).map_err(fail)?,
            lease.try_get(1).map_err(fail)?,
            lease.try_get(2).map_err(fail)?,
            lease.try_get(3).map_err(fail)?,
            lease.try_get(4).map_err(fail)?,
        );
        let schedule: Vec<(Resource, Duration)> =
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&schedule)
                .unwrap_or_default()
                .iter()
                .filter_map(|(name, secs)| {
                    Some((Resource::parse(name)?, Duration::from_secs(secs.as_u64()?)))
                })
                .collect();
        // Each resource as old as its stalest job (vendor, account).
        let rows = self
            .client
            .query(
                "SELECT resource, min(last) FROM (
                     SELECT DISTINCT ON (resource, vendor, account) resource, finished_at AS last
                     FROM sync_runs WHERE complete
                     ORDER BY resource, vendor, account, id DESC) latest
                 GROUP BY resource",
                &[],
            )
            .await
            .map_err(fail)?;
        let mut written = Vec::new();
        for row in &rows {
            let name: String = row.try_get(0).map_err(fail)?;
            if let Some(resource) = Resource::parse(&name) {
                written.push((resource, row.try_get(1).map_err(fail)?));
            }
        }
        let leader = (!lapsed).then_some(host);
        Ok(Some(SyncState::of(
            leader,
            &schedule,
            &written,
            Some(since),
            now,
        )))
    }
}
