//! The vendor calls the syncs made, per account, endpoint and minute: what a sync taking over
//! the lease has to count against the vendors' limits.

use super::{Store, StoreError};
use crate::domain::{Account, Vendor};

/// Calls made to one endpoint of one account in one minute (Unix seconds / 60).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpentCalls {
    pub vendor: Vendor,
    pub account: Account,
    pub endpoint: String,
    pub minute: i64,
    pub calls: u32,
}

/// How long calls are kept: the longest window a vendor counts (an hour) and a minute.
const KEPT_MINUTES: i64 = 61;

impl Store {
    /// Adds calls (`(endpoint, minute, calls)`) to what is kept; forgets those older than
    /// any vendor's window.
    pub async fn keep_calls(
        &mut self,
        (vendor, account): (Vendor, &Account),
        calls: &[(&str, i64, u32)],
    ) -> Result<(), StoreError> {
        let target = self.target.clone();
        let fail = |e: tokio_postgres::Error| StoreError::query(&target, &e);
        let tx = self.client.transaction().await.map_err(fail)?;
        for &(endpoint, minute, n) in calls {
            tx.execute(
                "INSERT INTO vendor_calls (vendor, account, endpoint, minute, calls)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (vendor, account, endpoint, minute)
                 DO UPDATE SET calls = vendor_calls.calls + EXCLUDED.calls",
                &[
                    &vendor.name(),
                    &account.name(),
                    &endpoint,
                    &minute,
                    &i32::try_from(n).unwrap_or(i32::MAX),
                ],
            )
            .await
            .map_err(fail)?;
        }
        tx.execute(
            "DELETE FROM vendor_calls WHERE minute < $1",
            &[&(chrono::Utc::now().timestamp().div_euclid(60) - KEPT_MINUTES)],
        )
        .await
        .map_err(fail)?;
        tx.commit().await.map_err(fail)
    }

    /// The calls kept from `minute` on.
    pub async fn calls_since(&self, minute: i64) -> Result<Vec<SpentCalls>, StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let rows = self
            .client
            .query(
                "SELECT vendor, account, endpoint, minute, calls FROM vendor_calls
                 WHERE minute >= $1",
                &[&minute],
            )
            .await
            .map_err(fail)?;
        let mut spent = Vec::with_capacity(rows.len());
        for row in &rows {
            let vendor: String = row.try_get(0).map_err(fail)?;
            let Some(vendor) = Vendor::parse(&vendor) else {
                continue;
            };
            let account: String = row.try_get(1).map_err(fail)?;
            let calls: i32 = row.try_get(4).map_err(fail)?;
            spent.push(SpentCalls {
                vendor,
                account: Account::new(&account),
                endpoint: row.try_get(2).map_err(fail)?,
                minute: row.try_get(3).map_err(fail)?,
                calls: u32::try_from(calls).unwrap_or(0),
            });
        }
        Ok(spent)
    }
}
