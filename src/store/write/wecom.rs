//! WeCom's callback events, kept: each event once (WeCom retries, a replay), its alert merged
//! with the same loss Weiban reports — one row per loss, whichever told first — and the
//! dashboards notified, all in one transaction that commits before WeCom hears 200.

use super::copy::copy_in;
use crate::domain::{ContactChange, OutflowAlert};
use crate::store::rows::Row;
use crate::store::{OUTFLOW_CHANNEL, Store, StoreError};

/// `a` (a kept alert) and `i` (an arriving one) are the same loss: the same account, customer,
/// staff member (by either of the staff member's ids) and kind of deletion, WeCom's
/// `CreateTime` and Weiban's `outflow_at` at most 30 minutes apart.
pub(super) const SAME_LOSS: &str = "a.account = i.account AND a.customer_id = i.customer_id
     AND (a.staff_id IN (i.staff_id, i.staff_ext_id)
          OR (a.staff_ext_id <> '' AND a.staff_ext_id IN (i.staff_id, i.staff_ext_id)))
     AND abs(a.outflow_key - i.outflow_key) <= 1800
     AND a.delete_by = i.delete_by";

/// What became of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Kept for the first time; its alert (if it makes one) has this sequence number.
    New { alert_seq: Option<i64> },
    /// Kept before: WeCom's retry, or a replay. Nothing was added.
    Again,
}

impl Store {
    /// Keeps one event and the alert it makes, then notifies the dashboards — all committed
    /// before this returns, so the caller may acknowledge it.
    pub async fn keep_wecom_event(&mut self, change: &ContactChange) -> Result<Kept, StoreError> {
        let target = self.target.clone();
        let fail = |e: tokio_postgres::Error| StoreError::query(&target, &e);
        let tx = self.client.transaction().await.map_err(fail)?;
        let inserted = tx
            .query_opt(
                "INSERT INTO wecom_events (account, event_key, change_type, created_at,
                     staff_userid, external_userid, raw)
                 VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)
                 ON CONFLICT (account, event_key) DO NOTHING RETURNING id",
                &[
                    &change.account.name(),
                    &change.event_key(),
                    &change.change.name(),
                    &change.at,
                    &change.staff_userid,
                    &change.external_userid,
                    &change.raw.text(),
                ],
            )
            .await
            .map_err(fail)?;
        if inserted.is_none() {
            tx.commit().await.map_err(fail)?;
            return Ok(Kept::Again);
        }
        let alert_seq = match change.alert() {
            Some(alert) => Some(keep_alert(&tx, &alert).await.map_err(fail)?),
            None => None,
        };
        if let Some(seq) = alert_seq {
            tx.execute(
                "SELECT pg_notify($1, $2)",
                &[&OUTFLOW_CHANNEL, &seq.to_string()],
            )
            .await
            .map_err(fail)?;
        }
        tx.commit().await.map_err(fail)?;
        Ok(Kept::New { alert_seq })
    }
}

/// The alert of a new event: the row of the same loss, now also from WeCom (under a new
/// sequence number, so dashboards read it again), or a new row.
async fn keep_alert(
    tx: &tokio_postgres::Transaction<'_>,
    alert: &OutflowAlert,
) -> Result<i64, tokio_postgres::Error> {
    copy_in(tx, std::slice::from_ref(alert), 0).await?;
    let merged = tx
        .query_opt(
            &format!(
                "UPDATE outflow_alerts a SET
                     origins = CASE WHEN 'wecom' = ANY(a.origins) THEN a.origins
                                    ELSE array_prepend('wecom', a.origins) END,
                     seq = nextval(pg_get_serial_sequence('outflow_alerts', 'seq'))
                 FROM (SELECT a.seq FROM outflow_alerts a, incoming i WHERE {SAME_LOSS}
                       ORDER BY abs(a.outflow_key - i.outflow_key) LIMIT 1) same
                 WHERE a.seq = same.seq
                 RETURNING a.seq"
            ),
            &[],
        )
        .await?;
    if let Some(row) = merged {
        return row.try_get(0);
    }
    let list = OutflowAlert::column_names().join(", ");
    let key = OutflowAlert::key_columns();
    let row = tx
        .query_one(
            &format!(
                "WITH added AS (
                     INSERT INTO outflow_alerts ({list}) SELECT {list} FROM incoming
                     ON CONFLICT ({key}) DO NOTHING RETURNING seq)
                 SELECT coalesce((SELECT seq FROM added), (SELECT max(seq) FROM outflow_alerts))"
            ),
            &[],
        )
        .await?;
    row.try_get(0)
}

impl Store {
    /// Records that this sync's listener is up for `accounts`; returns the record's id, whose
    /// `seen_at` [`Store::still_listening`] renews.
    pub async fn began_listening(&self, host: &str, accounts: &[&str]) -> Result<i64, StoreError> {
        let row = self
            .client
            .query_one(
                "INSERT INTO wecom_listening (host, accounts) VALUES ($1, $2) RETURNING id",
                &[&host, &accounts],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        row.try_get(0)
            .map_err(|e| StoreError::query(&self.target, &e))
    }

    /// The listener is still up (`stopped`: it stops now, cleanly).
    pub async fn still_listening(&self, id: i64, stopped: bool) -> Result<(), StoreError> {
        self.client
            .execute(
                "UPDATE wecom_listening SET seen_at = now(),
                     stopped_at = CASE WHEN $2 THEN now() END
                 WHERE id = $1",
                &[&id, &stopped],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        Ok(())
    }
}
