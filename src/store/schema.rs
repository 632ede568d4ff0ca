//! The schema, created and migrated by the program: each migration once, in order, in one
//! transaction under an advisory lock (two syncs starting together do not both migrate). A
//! database whose schema is newer than this program knows is refused, not touched.

use super::{Store, StoreError};

/// The schema version this program writes and reads.
pub const SCHEMA_VERSION: i32 = 2;

/// Migration `n` (from 1) takes the schema from version `n − 1` to `n`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2];

/// Any number, the same for every sync: the advisory lock that serializes migrations.
const MIGRATION_LOCK: i64 = 0x5C12_7001;

const V1: &str = r#"
CREATE TABLE sync_runs (
    id             bigserial PRIMARY KEY,
    resource       text NOT NULL,
    vendor         text NOT NULL,
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    pages_expected bigint,
    pages_arrived  bigint NOT NULL DEFAULT 0,
    records        bigint NOT NULL DEFAULT 0,
    complete       boolean NOT NULL DEFAULT false,
    error          text
);
CREATE INDEX sync_runs_latest ON sync_runs (resource, vendor, id DESC);

CREATE TABLE stores (
    vendor       text NOT NULL,
    id           text NOT NULL,
    ord          bigint NOT NULL,
    run_id       bigint NOT NULL,
    name         text NOT NULL,
    address      text NOT NULL,
    city         text NOT NULL,
    owner        text NOT NULL,
    owner_ext_id text NOT NULL,
    creator      text NOT NULL,
    deleted      boolean NOT NULL,
    created_at   timestamptz,
    raw          jsonb NOT NULL,
    PRIMARY KEY (vendor, id)
);

CREATE TABLE customers (
    vendor          text NOT NULL,
    id              text NOT NULL,
    staff           text NOT NULL,
    ord             bigint NOT NULL,
    run_id          bigint NOT NULL,
    name            text NOT NULL,
    remark          text NOT NULL,
    tags            jsonb NOT NULL,
    status          text NOT NULL,
    added_at        timestamptz,
    external_userid text NOT NULL,
    unionid         text NOT NULL,
    phones          text[] NOT NULL,
    raw             jsonb NOT NULL,
    PRIMARY KEY (vendor, id, staff)
);
CREATE INDEX customers_external_userid ON customers (external_userid) WHERE external_userid <> '';
CREATE INDEX customers_unionid ON customers (unionid) WHERE unionid <> '';

CREATE TABLE outflow_alerts (
    seq                 bigserial PRIMARY KEY,
    vendor              text NOT NULL,
    customer_id         text NOT NULL,
    customer_name       text NOT NULL,
    staff_id            text NOT NULL,
    staff_name          text NOT NULL,
    outflow_at          timestamptz,
    outflow_key         bigint NOT NULL,
    delete_by           text NOT NULL,
    tags                text[] NOT NULL,
    customer_type       bigint,
    relation_created_at timestamptz,
    add_way             bigint,
    state               text NOT NULL,
    deleted_each_other  boolean NOT NULL,
    external_userid     text NOT NULL,
    unionid             text NOT NULL,
    phones              text[] NOT NULL,
    raw                 jsonb NOT NULL,
    context             jsonb,
    context_error       text,
    context_at          timestamptz,
    UNIQUE (vendor, customer_id, staff_id, outflow_key)
);
CREATE INDEX outflow_alerts_at ON outflow_alerts (outflow_at);

CREATE TABLE reference_lists (
    vendor text NOT NULL,
    name   text NOT NULL,
    ord    bigint NOT NULL,
    raw    jsonb NOT NULL,
    PRIMARY KEY (vendor, name, ord)
);

CREATE TABLE operators (
    vendor       text NOT NULL,
    id           text NOT NULL,
    ord          bigint NOT NULL,
    run_id       bigint NOT NULL,
    wechat_no    text NOT NULL,
    nickname     text NOT NULL,
    friends      bigint,
    groups       bigint,
    staff_code   text NOT NULL,
    staff_name   text NOT NULL,
    authorized   boolean NOT NULL,
    push         boolean NOT NULL,
    call_records boolean NOT NULL,
    raw          jsonb NOT NULL,
    PRIMARY KEY (vendor, id)
);
"#;

/// Version 2: an alert keeps the staff member's ext_id beside the id its `staff` object gave
/// (a number in some answers), so its story matches the customer detail's entries.
const V2: &str = r#"
ALTER TABLE outflow_alerts ADD COLUMN staff_ext_id text NOT NULL DEFAULT '';
"#;

impl Store {
    /// Brings the schema up to [`SCHEMA_VERSION`]; returns the version found before.
    pub async fn migrate(&mut self) -> Result<i32, StoreError> {
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
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.batch_execute(migration).await.map_err(fail)?;
            tracing::info!(version = i + 1, "database schema migrated");
        }
        tx.execute(
            "INSERT INTO scrm_schema (version) VALUES ($1)
             ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version",
            &[&SCHEMA_VERSION],
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
