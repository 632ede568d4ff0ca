//! What dashboards and `get` read: every record of a resource in vendor order, the outflow
//! alerts of a window or after a sequence number, and each resource's last runs (freshness).

use chrono::{DateTime, Utc};

use super::rows::{Row, select_list};
use super::{Store, StoreError};
use crate::domain::{KeptContext, OutflowAlert, RawJson, Resource, Vendor};

/// How a resource's last finished run of one vendor went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freshness {
    pub resource: String,
    pub vendor: String,
    pub finished_at: DateTime<Utc>,
    pub state: RunState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunState {
    Complete,
    /// Some pages did not arrive (or the vendor failed): how many did, and why.
    Partial {
        pages_arrived: i64,
        pages_expected: Option<i64>,
        error: String,
    },
}

impl Store {
    /// Every record of a table, in vendor order and each vendor's page order.
    pub async fn read_all<R: Row>(&self) -> Result<Vec<R>, StoreError> {
        let mut all = Vec::new();
        self.stream_all::<R>(usize::MAX, &mut |batch| all.extend(batch))
            .await?;
        Ok(all)
    }

    /// How many rows a table holds.
    pub async fn count<R: Row>(&self) -> Result<u64, StoreError> {
        let row = self
            .client
            .query_one(&format!("SELECT count(*) FROM {}", R::TABLE), &[])
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }

    /// Every record of a table, in vendor order and each vendor's page order, handed over in
    /// batches of `batch` as the rows arrive (never all rows held at once as rows).
    pub async fn stream_all<R: Row>(
        &self,
        batch: usize,
        each: &mut (dyn FnMut(Vec<R>) + Send),
    ) -> Result<u64, StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let order: Vec<String> = Vendor::ALL
            .iter()
            .map(|v| format!("'{}'", v.name()))
            .collect();
        let rows = self
            .client
            .query_raw(
                &format!(
                    "SELECT {} FROM {} ORDER BY array_position(ARRAY[{}], vendor), ord",
                    select_list::<R>(),
                    R::TABLE,
                    order.join(", ")
                ),
                std::iter::empty::<i32>(),
            )
            .await
            .map_err(fail)?;
        futures_util::pin_mut!(rows);
        let mut pending = Vec::new();
        let mut count = 0;
        while let Some(row) = futures_util::TryStreamExt::try_next(&mut rows)
            .await
            .map_err(fail)?
        {
            pending.push(R::from_row(&row).map_err(fail)?);
            count += 1;
            if pending.len() >= batch {
                each(std::mem::take(&mut pending));
            }
        }
        if !pending.is_empty() {
            each(pending);
        }
        Ok(count)
    }

    /// The alerts since `from` (newest first, as the vendor lists them), and the newest
    /// sequence number kept.
    pub async fn alerts_from(
        &self,
        from: DateTime<Utc>,
    ) -> Result<(Vec<OutflowAlert>, i64), StoreError> {
        self.alerts_where("outflow_at >= $1 ORDER BY outflow_at DESC, seq DESC", &from)
            .await
    }

    /// The alerts with a sequence number above `seq`, oldest first, and the newest one.
    pub async fn alerts_after(&self, seq: i64) -> Result<(Vec<OutflowAlert>, i64), StoreError> {
        let (alerts, last) = self.alerts_where("seq > $1 ORDER BY seq", &seq).await?;
        Ok((alerts, last.max(seq)))
    }

    async fn alerts_where(
        &self,
        condition: &str,
        value: &(dyn tokio_postgres::types::ToSql + Sync),
    ) -> Result<(Vec<OutflowAlert>, i64), StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT seq, {} FROM outflow_alerts WHERE {condition}",
                    select_list::<OutflowAlert>()
                ),
                &[value],
            )
            .await
            .map_err(fail)?;
        let last = rows.iter().map(|r| r.get::<_, i64>(0)).max().unwrap_or(0);
        let alerts = rows
            .iter()
            .map(OutflowAlert::from_row)
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        Ok((alerts, last))
    }

    /// The customer's context as the sync kept it: `None` until it has been fetched; the
    /// error when fetching it failed.
    pub async fn context_of(
        &self,
        vendor: Vendor,
        customer_id: String,
    ) -> Result<Option<Result<KeptContext, String>>, StoreError> {
        let row = self
            .client
            .query_opt(
                "SELECT context::text, context_error FROM outflow_alerts
                 WHERE vendor = $1 AND customer_id = $2 AND context_at IS NOT NULL
                 ORDER BY context_at DESC LIMIT 1",
                &[&vendor.name(), &customer_id.as_str()],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(row.map(|row| {
            let context: Option<String> = row.get(0);
            let error: Option<String> = row.get(1);
            match (context, error) {
                (Some(text), _) => serde_json::from_str(&text)
                    .map_err(|e| format!("the kept context cannot be read: {e}")),
                (None, error) => Err(error.unwrap_or_default()),
            }
        }))
    }

    /// The reference lists kept, by name, each in its vendor's order.
    pub async fn references(&self) -> Result<Vec<(String, Vec<RawJson>)>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT name, raw::text FROM reference_lists ORDER BY vendor, name, ord",
                &[],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        let mut lists: Vec<(String, Vec<RawJson>)> = Vec::new();
        for row in &rows {
            let (name, raw): (String, String) = (row.get(0), row.get(1));
            match lists.last_mut() {
                Some((last, records)) if *last == name => records.push(RawJson::new(&raw)),
                _ => lists.push((name, vec![RawJson::new(&raw)])),
            }
        }
        Ok(lists)
    }

    /// The newest sequence number kept (0 when there is none).
    pub async fn last_seq(&self) -> Result<i64, StoreError> {
        let row = self
            .client
            .query_one("SELECT coalesce(max(seq), 0) FROM outflow_alerts", &[])
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(row.get(0))
    }

    /// The last finished run of each vendor of a resource.
    pub async fn freshness(&self, resource: Resource) -> Result<Vec<Freshness>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT DISTINCT ON (vendor) resource, vendor, finished_at, complete,
                        pages_arrived, pages_expected, coalesce(error, '')
                 FROM sync_runs WHERE resource = $1 AND finished_at IS NOT NULL
                   -- A run the sync itself cut short wrote nothing and says nothing of the
                   -- vendor: the one before it stands.
                   AND coalesce(error, '') NOT LIKE 'interrupted%'
                 ORDER BY vendor, id DESC",
                &[&resource.name()],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(rows
            .iter()
            .map(|r| Freshness {
                resource: r.get(0),
                vendor: r.get(1),
                finished_at: r.get(2),
                state: if r.get(3) {
                    RunState::Complete
                } else {
                    RunState::Partial {
                        pages_arrived: r.get(4),
                        pages_expected: r.get(5),
                        error: r.get(6),
                    }
                },
            })
            .collect())
    }

    /// The vendors that have rows of a resource.
    pub async fn vendors_of(&self, resource: Resource) -> Result<Vec<Vendor>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT DISTINCT vendor FROM sync_runs WHERE resource = $1",
                &[&resource.name()],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(Vendor::ALL
            .into_iter()
            .filter(|v| rows.iter().any(|r| r.get::<_, &str>(0) == v.name()))
            .collect())
    }
}
