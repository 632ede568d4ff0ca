//! The WeCom listener's uptime, as dashboards read it: when the sync's callback receiver was up
//! (written by the listener's heartbeat, `write/wecom.rs`), so that a gap can be shown.

use super::{Store, StoreError};

impl Store {
    /// When the sync's WeCom listener was up over the window from `since`: `None` when no
    /// listener was ever recorded (WeCom's callback is not set up).
    pub async fn listening(
        &self,
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<crate::domain::Listening>, StoreError> {
        use crate::domain::{Listening, Uptime};
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let rows = self
            .client
            .query(
                "SELECT started_at, coalesce(stopped_at, seen_at), stopped_at IS NOT NULL,
                     now(), EXISTS (SELECT FROM sync_runs
                                    WHERE resource = 'outflow' AND vendor = 'weiban')
                 FROM wecom_listening
                 WHERE coalesce(stopped_at, seen_at) >= $1::timestamptz - interval '1 day'
                    OR started_at = (SELECT max(started_at) FROM wecom_listening)",
                &[&since],
            )
            .await
            .map_err(fail)?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let now: chrono::DateTime<chrono::Utc> = first.try_get(3).map_err(fail)?;
        let covered: bool = first.try_get(4).map_err(fail)?;
        let mut uptimes = Vec::with_capacity(rows.len());
        for row in &rows {
            uptimes.push(Uptime {
                started: row.try_get(0).map_err(fail)?,
                ended: row.try_get(1).map_err(fail)?,
                stopped: row.try_get(2).map_err(fail)?,
            });
        }
        Ok(Some(Listening::of(uptimes, since, now, covered)))
    }
}
