//! What dashboards and `get` read: every record of a resource in vendor order, the outflow
//! alerts of a window or after a sequence number, and each resource's last runs (freshness).

mod named;

use chrono::{DateTime, Utc};

use super::rows::{Row, select_list};
use super::{Store, StoreError};
use crate::domain::{Account, KeptContext, OutflowAlert, RawJson, Record, Resource, Vendor};
use named::{NAMED_BY_OTHERS, alert_select_list};

/// How a resource's last finished run of one vendor went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freshness {
    pub resource: Resource,
    pub vendor: Vendor,
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

/// A customer's context as the sync kept it.
#[derive(Debug)]
pub enum Kept {
    Context(KeptContext),
    /// Fetching it failed: the vendor's error, as the sync recorded it.
    Failed(String),
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
        let count: i64 = row
            .try_get(0)
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Every record of a table, in vendor order and each vendor's page order, handed over in
    /// batches of `batch` as the rows arrive (never all rows held at once as rows).
    pub async fn stream_all<R: Row>(
        &self,
        batch: usize,
        each: &mut (dyn FnMut(Vec<R>) + Send),
    ) -> Result<u64, StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        // A query per vendor, each in the order of the `{table}_order` index: one sort of
        // the whole table in vendor order would spill to disk at a million rows.
        let query = format!(
            "SELECT {} FROM {} WHERE vendor = $1 ORDER BY account, ord",
            select_list::<R>(),
            R::TABLE,
        );
        let mut pending = Vec::new();
        let mut count = 0;
        for vendor in self.vendors_in(R::TABLE).await? {
            let rows = self
                .client
                .query_raw(&query, [vendor.as_str()])
                .await
                .map_err(fail)?;
            futures_util::pin_mut!(rows);
            while let Some(row) = futures_util::TryStreamExt::try_next(&mut rows)
                .await
                .map_err(fail)?
            {
                pending.push(R::from_row(&row).map_err(|e| StoreError::row(&self.target, e))?);
                count += 1;
                if pending.len() >= batch {
                    each(std::mem::take(&mut pending));
                }
            }
        }
        if !pending.is_empty() {
            each(pending);
        }
        Ok(count)
    }

    /// The vendors a table has rows of, in vendor order; a name this program does not know
    /// comes last, so that reading its rows fails naming it. One index probe per vendor (a
    /// loose scan of the `{table}_order` index), not a scan of the table.
    async fn vendors_in(&self, table: &str) -> Result<Vec<String>, StoreError> {
        let rows = self
            .client
            .query(
                &format!(
                    "WITH RECURSIVE v AS (
                         (SELECT vendor FROM {table} ORDER BY vendor LIMIT 1)
                         UNION ALL
                         SELECT (SELECT t.vendor FROM {table} t WHERE t.vendor > v.vendor
                                  ORDER BY t.vendor LIMIT 1)
                           FROM v WHERE v.vendor IS NOT NULL
                     )
                     SELECT vendor FROM v WHERE vendor IS NOT NULL"
                ),
                &[],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        let mut names = Vec::with_capacity(rows.len());
        for row in rows {
            let name: String = row
                .try_get(0)
                .map_err(|e| StoreError::query(&self.target, &e))?;
            names.push(name);
        }
        let rank = |name: &str| {
            Vendor::ALL
                .iter()
                .position(|v| v.name() == name)
                .unwrap_or(Vendor::ALL.len())
        };
        names.sort_by_key(|name| rank(name));
        Ok(names)
    }

    /// The alerts since `from` (newest first, as the vendor lists them), and the newest
    /// sequence number kept.
    pub async fn alerts_from(
        &self,
        from: DateTime<Utc>,
    ) -> Result<(Vec<OutflowAlert>, i64), StoreError> {
        self.alerts_where(
            "outflow_at >= $1 ORDER BY outflow_at DESC, seq DESC",
            &[&from],
        )
        .await
    }

    /// The alerts with a sequence number above `seq`, oldest first, and the newest one.
    pub async fn alerts_after(&self, seq: i64) -> Result<(Vec<OutflowAlert>, i64), StoreError> {
        let (alerts, last) = self.alerts_where("seq > $1 ORDER BY seq", &[&seq]).await?;
        Ok((alerts, last.max(seq)))
    }

    /// One customer's alerts, oldest first.
    pub async fn alerts_of(
        &self,
        vendor: Vendor,
        account: &Account,
        customer_id: &str,
    ) -> Result<Vec<OutflowAlert>, StoreError> {
        let condition = "vendor = $1 AND account = $2 AND customer_id = $3 ORDER BY seq";
        let (alerts, _) = self
            .alerts_where(condition, &[&vendor.name(), &account.name(), &customer_id])
            .await?;
        Ok(alerts)
    }

    /// The alert with this key ([`Record::key`]: customer, staff member and time), if kept.
    pub async fn alert_by_key(&self, key: &str) -> Result<Option<OutflowAlert>, StoreError> {
        // The customer id comes first and could hold a `|`; the other two cannot.
        let mut parts = key.rsplitn(3, '|');
        let (Some(_), Some(staff_id), Some(customer_id)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Ok(None);
        };
        // A key of a named account starts with `east/` (a customer id could too: both asked).
        let mut ids = vec![customer_id.to_owned()];
        if let Some(account) = Account::of_key(key) {
            ids.extend(
                customer_id
                    .strip_prefix(&account.key_prefix())
                    .map(str::to_owned),
            );
        }
        let (alerts, _) = self
            .alerts_where(
                "customer_id = ANY($1) AND staff_id = $2 ORDER BY seq",
                &[&ids, &staff_id],
            )
            .await?;
        Ok(alerts.into_iter().find(|a| a.key() == key))
    }

    async fn alerts_where(
        &self,
        condition: &str,
        values: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<(Vec<OutflowAlert>, i64), StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT a.seq, {} FROM outflow_alerts a {NAMED_BY_OTHERS} WHERE {condition}",
                    alert_select_list()
                ),
                values,
            )
            .await
            .map_err(fail)?;
        let mut last = 0;
        for row in &rows {
            last = last.max(row.try_get::<_, i64>(0).map_err(fail)?);
        }
        let alerts = rows
            .iter()
            .map(OutflowAlert::from_row)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::row(&self.target, e))?;
        Ok((alerts, last))
    }

    /// The customer's context as the sync kept it: `None` until it has been fetched.
    pub async fn context_of(
        &self,
        vendor: Vendor,
        account: Account,
        customer_id: String,
    ) -> Result<Option<Kept>, StoreError> {
        let row = self
            .client
            .query_opt(
                "SELECT context::text, context_error FROM outflow_alerts
                 WHERE vendor = $1 AND account = $2 AND customer_id = $3
                   AND context_at IS NOT NULL
                 ORDER BY context_at DESC LIMIT 1",
                &[&vendor.name(), &account.name(), &customer_id.as_str()],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let context: Option<String> = row.try_get(0).map_err(fail)?;
        let error: Option<String> = row.try_get(1).map_err(fail)?;
        Ok(Some(match (context, error) {
            (Some(text), _) => {
                Kept::Context(serde_json::from_str(&text).map_err(|e| StoreError::Row {
                    target: self.target.clone(),
                    detail: format!("outflow_alerts of {vendor} {customer_id}: context: {e}"),
                })?)
            }
            (None, error) => Kept::Failed(error.unwrap_or_default()),
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
            let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
            let (name, raw): (String, String) =
                (row.try_get(0).map_err(fail)?, row.try_get(1).map_err(fail)?);
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
        row.try_get(0)
            .map_err(|e| StoreError::query(&self.target, &e))
    }

    /// The last finished run of each vendor of a resource.
    pub async fn freshness(&self, resource: Resource) -> Result<Vec<Freshness>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT DISTINCT ON (vendor, account) resource, vendor, finished_at, complete,
                        pages_arrived, pages_expected, coalesce(error, '')
                 FROM sync_runs WHERE resource = $1 AND finished_at IS NOT NULL
                   -- A run the sync itself cut short wrote nothing and says nothing of the
                   -- vendor: the one before it stands.
                   AND coalesce(error, '') NOT LIKE 'interrupted%'
                 ORDER BY vendor, account, id DESC",
                &[&resource.name()],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        rows.iter().map(|row| self.run_of(resource, row)).collect()
    }

    /// One `sync_runs` row of [`freshness`](Self::freshness)'s select.
    fn run_of(
        &self,
        resource: Resource,
        row: &tokio_postgres::Row,
    ) -> Result<Freshness, StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let vendor: String = row.try_get(1).map_err(fail)?;
        Ok(Freshness {
            resource,
            vendor: self.known_vendor(&vendor, resource)?,
            finished_at: row.try_get(2).map_err(fail)?,
            state: if row.try_get(3).map_err(fail)? {
                RunState::Complete
            } else {
                RunState::Partial {
                    pages_arrived: row.try_get(4).map_err(fail)?,
                    pages_expected: row.try_get(5).map_err(fail)?,
                    error: row.try_get(6).map_err(fail)?,
                }
            },
        })
    }

    /// A `sync_runs.vendor` this program knows; another is an error naming it.
    fn known_vendor(&self, name: &str, resource: Resource) -> Result<Vendor, StoreError> {
        Vendor::parse(name).ok_or_else(|| StoreError::Row {
            target: self.target.clone(),
            detail: format!(
                "sync_runs row of {resource}: vendor is `{name}`, which this scrm-tui does not know"
            ),
        })
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
        let mut vendors = Vec::new();
        for row in &rows {
            let name: String = row
                .try_get(0)
                .map_err(|e| StoreError::query(&self.target, &e))?;
            vendors.push(self.known_vendor(&name, resource)?);
        }
        // In the order every list of vendors has.
        Ok(Vendor::ALL
            .into_iter()
            .filter(|v| vendors.contains(v))
            .collect())
    }
}
