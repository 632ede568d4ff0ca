//! The schema, created and migrated by the program: each migration once, in order, in one
//! transaction under an advisory lock (two syncs starting together do not both migrate). A
//! database whose schema is newer than this program knows is refused, not touched.

mod versions;

use super::{Store, StoreError};
use versions::{GRANTS, V1, V2, V3, V4, V5, V6, V7, V8, V9};

/// The schema version this program writes and reads.
pub const SCHEMA_VERSION: i32 = 9;

/// Migration `n` (from 1) takes the schema from version `n − 1` to `n`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9];

/// Any number, the same for every sync: the advisory lock that serializes migrations.
const MIGRATION_LOCK: i64 = 0x5C12_7001;

impl Store {
    /// Brings the schema up to [`SCHEMA_VERSION`]; returns the version found before.
    pub async fn migrate(&mut self) -> Result<i32, StoreError> {
        self.migrate_to(SCHEMA_VERSION).await
    }

    /// Brings the schema up to `version` (at most [`SCHEMA_VERSION`]): what tests of a later
    /// migration start from, a database as an earlier scrm-tui left it.
    pub async fn migrate_to(&mut self, version: i32) -> Result<i32, StoreError> {
        let version = version.clamp(0, SCHEMA_VERSION);
        let target = self.target.clone();
        let fail = |e: tokio_postgres::Error| StoreError::query(&target, &e);
        let tx = self.client.transaction().await.map_err(fail)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(fail)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS scrm_schema (
                 one     boolean PRIMARY KEY DEFAULT true CHECK (one),
                 version integer NOT NULL
             )",
        )
        .await
        .map_err(fail)?;
        let found: i32 = match tx
            .query_opt("SELECT version FROM scrm_schema", &[])
            .await
            .map_err(fail)?
        {
            Some(row) => row.try_get(0).map_err(fail)?,
            None => 0,
        };
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                target,
                found,
                known: SCHEMA_VERSION,
            });
        }
        let wanted = MIGRATIONS.iter().take(version as usize).enumerate();
        for (i, migration) in wanted.skip(found as usize) {
            tx.batch_execute(migration).await.map_err(fail)?;
            tracing::info!(version = i + 1, "database schema migrated");
        }
        // The grants name the triage log, there from version 3 on.
        if version >= 3 {
            tx.batch_execute(GRANTS).await.map_err(fail)?;
        }
        tx.execute(
            "INSERT INTO scrm_schema (version) VALUES ($1)
             ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version",
            &[&version.max(found)],
        )
        .await
        .map_err(fail)?;
        tx.commit().await.map_err(fail)?;
        Ok(found)
    }

    /// For readers: the schema is there, and one this program knows.
    pub async fn check_schema(&self) -> Result<(), StoreError> {
        let row = self
            .client
            .query_opt(
                "SELECT version FROM scrm_schema WHERE to_regclass('scrm_schema') IS NOT NULL",
                &[],
            )
            .await;
        let found: i32 = match row {
            Ok(Some(row)) => row
                .try_get(0)
                .map_err(|e| StoreError::query(&self.target, &e))?,
            Ok(None) => 0,
            // No such table: nothing has been synced here yet.
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::UNDEFINED_TABLE) => 0,
            Err(e) => return Err(StoreError::query(&self.target, &e)),
        };
        match found {
            0 => Err(StoreError::Query {
                target: self.target.clone(),
                detail: String::from(
                    "no scrm-tui data here yet: run `scrm-tui sync --database URL` first",
                ),
            }),
            v if v > SCHEMA_VERSION => Err(StoreError::TooNew {
                target: self.target.clone(),
                found: v,
                known: SCHEMA_VERSION,
            }),
            v if v < SCHEMA_VERSION => Err(StoreError::Query {
                target: self.target.clone(),
                detail: format!(
                    "the schema is version {v}, older than this scrm-tui's ({SCHEMA_VERSION}): \
                     start the new `scrm-tui sync` once to migrate it"
                ),
            }),
            _ => Ok(()),
        }
    }
}
