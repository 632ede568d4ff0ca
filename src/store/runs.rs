//! Where the last runs of each job left off: what a sync that takes over the lease resumes
//! from, so that no window is asked for twice and nothing due is forgotten.

use chrono::{DateTime, Utc};

use super::{Store, StoreError};
use crate::domain::{Account, Resource, Vendor};

/// The last finished run of one job (resource, vendor, account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastRun {
    pub resource: Resource,
    pub vendor: Vendor,
    pub account: Account,
    pub finished_at: DateTime<Utc>,
    pub complete: bool,
    /// Where the last whole window of the job ended (Unix seconds): outflow's poll, Weiban's
    /// customers' changes.
    pub window_end: Option<i64>,
    /// When Weiban's customers were last loaded in full.
    pub full_at: Option<DateTime<Utc>>,
    /// When a run of the job last finished complete.
    pub complete_at: Option<DateTime<Utc>>,
}

impl Store {
    /// The last finished run of every job; a run the sync cut short does not count.
    pub async fn last_runs(&self) -> Result<Vec<LastRun>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT DISTINCT ON (resource, vendor, account)
                        resource, vendor, account, finished_at, complete,
                        (SELECT w.window_end FROM sync_runs w
                          WHERE (w.resource, w.vendor, w.account) = (r.resource, r.vendor, r.account)
                            AND w.window_end IS NOT NULL
                          ORDER BY w.id DESC LIMIT 1),
                        (SELECT f.finished_at FROM sync_runs f
                          WHERE (f.resource, f.vendor, f.account) = (r.resource, r.vendor, r.account)
                            AND f.complete AND NOT f.changes
                          ORDER BY f.id DESC LIMIT 1),
                        (SELECT c.finished_at FROM sync_runs c
                          WHERE (c.resource, c.vendor, c.account) = (r.resource, r.vendor, r.account)
                            AND c.complete
                          ORDER BY c.id DESC LIMIT 1)
                 FROM sync_runs r
                 WHERE finished_at IS NOT NULL AND coalesce(error, '') NOT LIKE 'interrupted%'
                 ORDER BY resource, vendor, account, id DESC",
                &[],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        let mut runs = Vec::with_capacity(rows.len());
        for row in &rows {
            let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
            // A job this scrm-tui does not know (a newer one wrote it) is not resumed.
            let Some((resource, vendor, account)) = job_of(row).map_err(fail)? else {
                continue;
            };
            runs.push(LastRun {
                resource,
                vendor,
                account,
                finished_at: row.try_get(3).map_err(fail)?,
                complete: row.try_get(4).map_err(fail)?,
                window_end: row.try_get(5).map_err(fail)?,
                full_at: row.try_get(6).map_err(fail)?,
                complete_at: row.try_get(7).map_err(fail)?,
            });
        }
        Ok(runs)
    }

    /// A run covered its whole window, up to `window_end` (`changes`: Weiban's customers
    /// changed since the window's start, not all of them).
    pub async fn note_window(
        &self,
        run: i64,
        window_end: i64,
        changes: bool,
    ) -> Result<(), StoreError> {
        self.client
            .execute(
                "UPDATE sync_runs SET window_end = $2, changes = $3 WHERE id = $1",
                &[&run, &window_end, &changes],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(())
    }
}

/// What the runs of one job have fetched and written, in all (every sync's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunTotals {
    pub resource: Resource,
    pub vendor: Vendor,
    pub account: Account,
    pub pages: i64,
    pub records: i64,
}

impl Store {
    /// Pages arrived and records written by every run, per job.
    pub async fn run_totals(&self) -> Result<Vec<RunTotals>, StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let rows = self
            .client
            .query(
                "SELECT resource, vendor, account, sum(pages_arrived)::bigint, sum(records)::bigint
                 FROM sync_runs GROUP BY resource, vendor, account",
                &[],
            )
            .await
            .map_err(fail)?;
        let mut totals = Vec::with_capacity(rows.len());
        for row in &rows {
            let Some((resource, vendor, account)) = job_of(row).map_err(fail)? else {
                continue;
            };
            totals.push(RunTotals {
                resource,
                vendor,
                account,
                pages: row.try_get(3).map_err(fail)?,
                records: row.try_get(4).map_err(fail)?,
            });
        }
        Ok(totals)
    }
}

/// The job of a row whose first three columns are `resource`, `vendor` and `account`; `None`
/// for a resource or vendor this scrm-tui does not know.
fn job_of(
    row: &tokio_postgres::Row,
) -> Result<Option<(Resource, Vendor, Account)>, tokio_postgres::Error> {
    let (resource, vendor, account): (String, String, String) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    Ok(Resource::parse(&resource)
        .zip(Vendor::parse(&vendor))
        .map(|(resource, vendor)| (resource, vendor, Account::new(&account))))
}
