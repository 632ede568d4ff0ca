//! The sync's writes: a run per resource and vendor, recorded as it starts (so one that never
//! finishes is seen), its records copied in and merged in one transaction with the run's end —
//! a complete load deletes what is gone, a partial one deletes nothing — and outflow alerts
//! appended, each new one with the next sequence number, followed by a `NOTIFY`.

mod copy;
mod wecom;

use copy::{Merge, copy_in, copy_rows, nothing_kept, upsert};
pub use wecom::Kept as KeptEvent;

use super::rows::Row;
use super::{OUTFLOW_CHANNEL, Store, StoreError};
use crate::domain::{Account, KeptContext, OutflowAlert, Resource, Vendor};

/// How a load went, for its run's row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOutcome {
    pub pages_expected: Option<u64>,
    pub pages_arrived: u64,
    /// Why the load is partial; `None` when every page arrived.
    pub error: Option<String>,
}

/// What a run wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSummary {
    pub run: i64,
    /// Records copied in.
    pub records: usize,
    /// Rows deleted because a complete load no longer has them.
    pub deleted: u64,
    /// Outflow: alerts that were new, and the newest sequence number.
    pub new_alerts: u64,
    pub last_seq: Option<i64>,
}

/// The sync's writes (the same connection as [`Store`]).
pub type Writer = Store;

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// Records that a run has begun, committed at once; returns its id.
    pub async fn begin_run(
        &self,
        resource: Resource,
        vendor: Vendor,
        account: &Account,
    ) -> Result<i64, StoreError> {
        let row = self
            .client
            .query_one(
                "INSERT INTO sync_runs (resource, vendor, account) VALUES ($1, $2, $3)
                 RETURNING id",
                &[&resource.name(), &vendor.name(), &account.name()],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        row.try_get(0)
            .map_err(|e| StoreError::query(&self.target, &e))
    }

    /// Runs that never finished (the sync was killed, the database went away): marked so,
    /// at the sync's start.
    pub async fn close_interrupted_runs(&self) -> Result<u64, StoreError> {
        self.client
            .execute(
                "UPDATE sync_runs SET finished_at = now(), error = 'interrupted'
                 WHERE finished_at IS NULL",
                &[],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))
    }

    /// A run that wrote nothing (its vendor failed before any record): its error.
    pub async fn fail_run(&self, run: i64, outcome: &LoadOutcome) -> Result<(), StoreError> {
        self.client
            .execute(
                "UPDATE sync_runs SET finished_at = clock_timestamp(), pages_expected = $2,
                     pages_arrived = $3, complete = false, error = $4
                 WHERE id = $1",
                &[
                    &run,
                    &outcome.pages_expected.map(count),
                    &count(outcome.pages_arrived),
                    &outcome.error.as_deref().unwrap_or("failed"),
                ],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(())
    }

    /// Writes one account's load of a resource and finishes its run, in one transaction.
    pub async fn write_load<R: Row>(
        &mut self,
        run: i64,
        (vendor, account): (Vendor, &Account),
        records: &[R],
        outcome: &LoadOutcome,
    ) -> Result<RunSummary, StoreError> {
        self.merge(run, records, outcome, Merge::Load(vendor, account))
            .await
    }

    /// Merges records that changed (an incremental load): each upserted, nothing deleted,
    /// rows already there keep their place in the list; in one transaction with the run's end.
    pub async fn write_changes<R: Row>(
        &mut self,
        run: i64,
        records: &[R],
        outcome: &LoadOutcome,
    ) -> Result<RunSummary, StoreError> {
        self.merge(run, records, outcome, Merge::Changes).await
    }

    async fn merge<R: Row>(
        &mut self,
        run: i64,
        records: &[R],
        outcome: &LoadOutcome,
        how: Merge<'_>,
    ) -> Result<RunSummary, StoreError> {
        let (target, fence) = (self.target.clone(), self.fence.clone());
        let fail = |e: tokio_postgres::Error| StoreError::query(&target, &e);
        let tx = self.client.transaction().await.map_err(fail)?;
        let first = match how {
            Merge::Load(vendor, account) => nothing_kept::<R>(&tx, (vendor, account))
                .await
                .map_err(fail)?,
            Merge::Changes => false,
        };
        if first {
            copy_rows(&tx, R::TABLE, records, run).await.map_err(fail)?;
        } else {
            copy_in(&tx, records, run).await.map_err(fail)?;
            tx.execute(&upsert::<R>(how), &[]).await.map_err(fail)?;
        }
        // Only a complete load says what is gone.
        let deleted = match how {
            Merge::Load(vendor, account) if outcome.error.is_none() && !first => tx
                .execute(
                    &format!(
                        "DELETE FROM {} WHERE vendor = $1 AND account = $2 AND run_id <> $3",
                        R::TABLE
                    ),
                    &[&vendor.name(), &account.name(), &run],
                )
                .await
                .map_err(fail)?,
            _ => 0,
        };
        finish(
            &tx,
            (&target, fence.as_deref()),
            run,
            records.len(),
            outcome,
        )
        .await?;
        tx.commit().await.map_err(fail)?;
        Ok(RunSummary {
            run,
            records: records.len(),
            deleted,
            new_alerts: 0,
            last_seq: None,
        })
    }

    /// Appends outflow alerts (those already kept are left as they are), finishes the run and
    /// notifies the newest sequence number, in one transaction: the notification is sent at
    /// the commit, so a dashboard that hears it can read every alert up to it.
    pub async fn write_alerts(
        &mut self,
        run: i64,
        alerts: &[OutflowAlert],
        outcome: &LoadOutcome,
    ) -> Result<RunSummary, StoreError> {
        let (target, fence) = (self.target.clone(), self.fence.clone());
        let fail = |e: tokio_postgres::Error| StoreError::query(&target, &e);
        let tx = self.client.transaction().await.map_err(fail)?;
        copy_in(&tx, alerts, run).await.map_err(fail)?;
        let enriched = enrich_wecom_alerts(&tx).await.map_err(fail)?;
        let list = OutflowAlert::column_names().join(", ");
        let key = OutflowAlert::key_columns();
        // Oldest first, so that sequence numbers follow time.
        let new_alerts = tx
            .execute(
                &format!(
                    "INSERT INTO outflow_alerts ({list})
                     SELECT {list} FROM incoming ORDER BY outflow_key, customer_id, staff_id
                     ON CONFLICT ({key}) DO NOTHING"
                ),
                &[],
            )
            .await
            .map_err(fail)?;
        let last_seq: Option<i64> = tx
            .query_one("SELECT max(seq) FROM outflow_alerts", &[])
            .await
            .map_err(fail)?
            .try_get(0)
            .map_err(fail)?;
        if new_alerts + enriched > 0
            && let Some(seq) = last_seq
        {
            tx.execute(
                "SELECT pg_notify($1, $2)",
                &[&OUTFLOW_CHANNEL, &seq.to_string()],
            )
            .await
            .map_err(fail)?;
        }
        finish(&tx, (&target, fence.as_deref()), run, alerts.len(), outcome).await?;
        tx.commit().await.map_err(fail)?;
        Ok(RunSummary {
            run,
            records: alerts.len(),
            deleted: 0,
            new_alerts,
            last_seq,
        })
    }
}

/// Weiban's reports of losses WeCom told of first: each enriches that alert (names, tags, the
/// relation, Weiban's raw object; under a new sequence number so dashboards read it again)
/// and is then no new row — nor is a later report of a loss already merged. Returns the
/// alerts enriched.
async fn enrich_wecom_alerts(
    tx: &tokio_postgres::Transaction<'_>,
) -> Result<u64, tokio_postgres::Error> {
    let same_loss = wecom::SAME_LOSS;
    let enriched = tx
        .execute(
            &format!(
                "UPDATE outflow_alerts a SET vendor = i.vendor, customer_name = i.customer_name,
                     staff_name = i.staff_name, tags = i.tags, customer_type = i.customer_type,
                     relation_created_at = i.relation_created_at, add_way = i.add_way,
                     state = i.state, deleted_each_other = i.deleted_each_other,
                     unionid = i.unionid, phones = i.phones, raw = i.raw,
                     origins = ARRAY['wecom', 'weiban'],
                     seq = nextval(pg_get_serial_sequence('outflow_alerts', 'seq'))
                 FROM incoming i
                 WHERE {same_loss} AND a.origins = ARRAY['wecom']"
            ),
            &[],
        )
        .await?;
    tx.execute(
        &format!(
            "DELETE FROM incoming i USING outflow_alerts a
             WHERE {same_loss} AND 'wecom' = ANY(a.origins)"
        ),
        &[],
    )
    .await?;
    Ok(enriched)
}

impl Store {
    /// Replaces an account's reference lists (Youmi's labels, ad groups, …), in one
    /// transaction.
    pub async fn write_references(
        &mut self,
        (vendor, account): (Vendor, &Account),
        lists: &crate::domain::ReferenceLists,
    ) -> Result<(), StoreError> {
        let target = self.target.clone();
        let fail = |e: tokio_postgres::Error| StoreError::query(&target, &e);
        let tx = self.client.transaction().await.map_err(fail)?;
        tx.execute(
            "DELETE FROM reference_lists WHERE vendor = $1 AND account = $2",
            &[&vendor.name(), &account.name()],
        )
        .await
        .map_err(fail)?;
        let insert = tx
            .prepare(
                "INSERT INTO reference_lists (vendor, account, name, ord, raw)
                 VALUES ($1, $2, $3, $4, $5::text::jsonb)",
            )
            .await
            .map_err(fail)?;
        for (name, records) in lists {
            for (ord, raw) in records.iter().enumerate() {
                let ord = ord as i64;
                tx.execute(
                    &insert,
                    &[
                        &vendor.name(),
                        &account.name(),
                        &name.name(),
                        &ord,
                        &raw.text(),
                    ],
                )
                .await
                .map_err(fail)?;
            }
        }
        tx.commit().await.map_err(fail)?;
        Ok(())
    }

    /// The customers of alerts whose context has not been fetched, newest alert first.
    pub async fn contexts_wanted(
        &self,
        limit: i64,
    ) -> Result<Vec<(Vendor, Account, String)>, StoreError> {
        let rows = self
            .client
            .query(
                // Right after a deletion WeCom (and so Weiban) may still list the staff member:
                // an alert only WeCom has told of waits ten minutes for its story.
                "SELECT vendor, customer_id, account FROM outflow_alerts WHERE context_at IS NULL
                   AND NOT (origins = ARRAY['wecom'] AND outflow_at > now() - interval '10 minutes')
                 GROUP BY vendor, account, customer_id ORDER BY max(seq) DESC LIMIT $1",
                &[&limit],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let mut wanted = Vec::new();
        for row in &rows {
            let name: String = row.try_get(0).map_err(fail)?;
            let customer_id: String = row.try_get(1).map_err(fail)?;
            let account: String = row.try_get(2).map_err(fail)?;
            let vendor = Vendor::parse(&name).ok_or_else(|| StoreError::Row {
                target: self.target.clone(),
                detail: format!(
                    "outflow_alerts row {name}/{customer_id}: vendor is `{name}`, which this \
                     scrm-tui does not know"
                ),
            })?;
            wanted.push((vendor, Account::new(&account), customer_id));
        }
        Ok(wanted)
    }

    /// Keeps a customer's context (or why it could not be fetched) with their alerts.
    pub async fn keep_context(
        &self,
        (vendor, account): (Vendor, &Account),
        customer_id: &str,
        context: Result<&KeptContext, &str>,
    ) -> Result<(), StoreError> {
        let (json, error) = match context {
            Ok(kept) => (
                Some(serde_json::to_string(kept).unwrap_or_else(|_| String::from("null"))),
                None,
            ),
            Err(error) => (None, Some(error.to_owned())),
        };
        self.client
            .execute(
                "UPDATE outflow_alerts SET context = $3::text::jsonb, context_error = $4,
                     context_at = now()
                 WHERE vendor = $1 AND customer_id = $2 AND account = $5",
                &[&vendor.name(), &customer_id, &json, &error, &account.name()],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(())
    }
}

/// Ends the run in the transaction about to commit, with how the load went; on a fenced
/// connection ([`Store::fenced_by`]), only while the lease is still the holder's (else
/// [`StoreError::Deposed`], and the dropped transaction rolls back).
async fn finish(
    tx: &tokio_postgres::Transaction<'_>,
    (target, fence): (&str, Option<&str>),
    run: i64,
    records: usize,
    outcome: &LoadOutcome,
) -> Result<(), StoreError> {
    let finished = tx
        .execute(
            "UPDATE sync_runs SET finished_at = clock_timestamp(), pages_expected = $2,
                 pages_arrived = $3, records = $4, complete = $5, error = $6
             WHERE id = $1
               AND ($7::text IS NULL OR EXISTS (
                    SELECT 1 FROM sync_lease
                     WHERE holder = $7 AND expires_at > clock_timestamp()))",
            &[
                &run,
                &outcome.pages_expected.map(count),
                &count(outcome.pages_arrived),
                &count(records as u64),
                &outcome.error.is_none(),
                &outcome.error,
                &fence,
            ],
        )
        .await
        .map_err(|e| StoreError::query(target, &e))?;
    match (finished, fence) {
        (0, Some(_)) => Err(StoreError::Deposed {
            target: target.to_owned(),
        }),
        _ => Ok(()),
    }
}
