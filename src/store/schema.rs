//! The schema, created and migrated by the program: each migration once, in order, in one
//! transaction under an advisory lock (two syncs starting together do not both migrate). A
//! database whose schema is newer than this program knows is refused, not touched.

use super::{Store, StoreError};

/// The schema version this program writes and reads.
pub const SCHEMA_VERSION: i32 = 7;

/// Migration `n` (from 1) takes the schema from version `n − 1` to `n`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7];

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

/// Version 3: the triage log. Rows are only ever inserted; the trigger makes the database
/// the judge of each one — who (`session_user`, never what the client says), when, and whether
/// the alert's state allows it, under a lock per alert so two claims at once have one winner.
const V3: &str = r#"
CREATE TABLE triage_events (
    seq     bigserial PRIMARY KEY,
    alert   text NOT NULL,
    at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    by_role text NOT NULL DEFAULT session_user,
    name    text NOT NULL DEFAULT '',
    host    text NOT NULL DEFAULT '',
    action  text NOT NULL CHECK (action IN ('claim', 'release', 'done', 'note', 'reopen')),
    outcome text CHECK (outcome IN ('won-back', 'unreachable', 'not-ours', 'other')),
    note    text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
    CHECK ((action = 'done') = (outcome IS NOT NULL))
);
CREATE INDEX triage_events_alert ON triage_events (alert, seq);

CREATE FUNCTION scrm_triage_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    last_action text;
    holder      text;
    outcome     text;
BEGIN
    -- Only the sync (the tables' owner) may write as "vendor"; everyone else is who they
    -- logged in as.
    IF NOT (NEW.by_role = 'vendor' AND session_user = current_user) THEN
        NEW.by_role := session_user;
    END IF;
    NEW.at := clock_timestamp();
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.alert, 1543712769));
    -- A new statement, a new snapshot: it sees what the lock's last holder committed.
    SELECT e.action, e.by_role, e.outcome INTO last_action, holder, outcome
      FROM public.triage_events e
     WHERE e.alert = NEW.alert AND e.action <> 'note'
     ORDER BY e.seq DESC LIMIT 1;
    IF NEW.action = 'note' THEN
        RETURN NEW;
    ELSIF last_action = 'claim' AND NEW.action = 'claim' THEN
        RAISE EXCEPTION 'claimed by %', holder USING ERRCODE = 'SCR01', DETAIL = holder;
    ELSIF last_action = 'done' AND NEW.action <> 'reopen' THEN
        RAISE EXCEPTION 'done by %', holder USING ERRCODE = 'SCR02', DETAIL = holder,
            HINT = outcome;
    ELSIF NEW.action = 'release' AND last_action IS DISTINCT FROM 'claim' THEN
        RAISE EXCEPTION 'not claimed' USING ERRCODE = 'SCR03';
    ELSIF NEW.action = 'reopen' AND last_action IS DISTINCT FROM 'done' THEN
        RAISE EXCEPTION 'not done' USING ERRCODE = 'SCR04';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER triage_events_check BEFORE INSERT ON triage_events
    FOR EACH ROW EXECUTE FUNCTION scrm_triage_check();

CREATE FUNCTION scrm_triage_notify() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_notify('scrm_triage', NEW.seq::text);
    RETURN NULL;
END
$fn$;

CREATE TRIGGER triage_events_notify AFTER INSERT ON triage_events
    FOR EACH ROW EXECUTE FUNCTION scrm_triage_notify();

-- History: nobody changes or removes a row of it, the owner included.
CREATE FUNCTION scrm_triage_forbid() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'the triage log is history: rows are only added' USING ERRCODE = '42501';
END
$fn$;

CREATE TRIGGER triage_events_keep BEFORE UPDATE OR DELETE ON triage_events
    FOR EACH ROW EXECUTE FUNCTION scrm_triage_forbid();
CREATE TRIGGER triage_events_keep_all BEFORE TRUNCATE ON triage_events
    FOR EACH STATEMENT EXECUTE FUNCTION scrm_triage_forbid();
"#;

/// Version 4: the log also keeps what became of a done's note on the vendor's timeline
/// (`timeline` events, outcome `posted`, `retry` or `failed`), written by the sync alone and
/// changing no alert's state.
const V4: &str = r#"
DO $drop$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'triage_events'::regclass AND contype = 'c'
                AND pg_get_constraintdef(oid) NOT LIKE '%char_length%'
    LOOP
        EXECUTE format('ALTER TABLE triage_events DROP CONSTRAINT %I', c.conname);
    END LOOP;
END
$drop$;
ALTER TABLE triage_events
    ADD CONSTRAINT triage_events_action
        CHECK (action IN ('claim', 'release', 'done', 'note', 'reopen', 'timeline')),
    ADD CONSTRAINT triage_events_outcome CHECK (CASE action
        WHEN 'done' THEN COALESCE(outcome IN ('won-back', 'unreachable', 'not-ours', 'other'), false)
        WHEN 'timeline' THEN COALESCE(outcome IN ('posted', 'retry', 'failed'), false)
        ELSE outcome IS NULL END);

CREATE OR REPLACE FUNCTION scrm_triage_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    last_action text;
    holder      text;
    outcome     text;
BEGIN
    NEW.at := clock_timestamp();
    IF NEW.action = 'timeline' THEN
        -- What the vendor answered the sync: nobody else has anything to say about it.
        IF session_user <> current_user THEN
            RAISE EXCEPTION 'only the sync records timeline postings' USING ERRCODE = '42501';
        END IF;
        NEW.by_role := session_user;
        RETURN NEW;
    END IF;
    IF NOT (NEW.by_role = 'vendor' AND session_user = current_user) THEN
        NEW.by_role := session_user;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.alert, 1543712769));
    SELECT e.action, e.by_role, e.outcome INTO last_action, holder, outcome
      FROM public.triage_events e
     WHERE e.alert = NEW.alert AND e.action NOT IN ('note', 'timeline')
     ORDER BY e.seq DESC LIMIT 1;
    IF NEW.action = 'note' THEN
        RETURN NEW;
    ELSIF last_action = 'claim' AND NEW.action = 'claim' THEN
        RAISE EXCEPTION 'claimed by %', holder USING ERRCODE = 'SCR01', DETAIL = holder;
    ELSIF last_action = 'done' AND NEW.action <> 'reopen' THEN
        RAISE EXCEPTION 'done by %', holder USING ERRCODE = 'SCR02', DETAIL = holder,
            HINT = outcome;
    ELSIF NEW.action = 'release' AND last_action IS DISTINCT FROM 'claim' THEN
        RAISE EXCEPTION 'not claimed' USING ERRCODE = 'SCR03';
    ELSIF NEW.action = 'reopen' AND last_action IS DISTINCT FROM 'done' THEN
        RAISE EXCEPTION 'not done' USING ERRCODE = 'SCR04';
    END IF;
    RETURN NEW;
END
$fn$;
"#;

/// Version 5: several accounts per vendor. Every table of records, the runs and the
/// reference lists name the account (`default` for every row written before), and it is part
/// of each key: the same id in two corps is two rows.
const V5: &str = r#"
ALTER TABLE sync_runs ADD COLUMN account text NOT NULL DEFAULT 'default';
DROP INDEX sync_runs_latest;
CREATE INDEX sync_runs_latest ON sync_runs (resource, vendor, account, id DESC);

ALTER TABLE stores ADD COLUMN account text NOT NULL DEFAULT 'default';
ALTER TABLE stores DROP CONSTRAINT stores_pkey, ADD PRIMARY KEY (vendor, account, id);

ALTER TABLE customers ADD COLUMN account text NOT NULL DEFAULT 'default';
ALTER TABLE customers DROP CONSTRAINT customers_pkey, ADD PRIMARY KEY (vendor, account, id, staff);

ALTER TABLE operators ADD COLUMN account text NOT NULL DEFAULT 'default';
ALTER TABLE operators DROP CONSTRAINT operators_pkey, ADD PRIMARY KEY (vendor, account, id);

ALTER TABLE reference_lists ADD COLUMN account text NOT NULL DEFAULT 'default';
ALTER TABLE reference_lists DROP CONSTRAINT reference_lists_pkey,
    ADD PRIMARY KEY (vendor, account, name, ord);

ALTER TABLE outflow_alerts ADD COLUMN account text NOT NULL DEFAULT 'default';
DO $drop$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'outflow_alerts'::regclass AND contype = 'u'
    LOOP
        EXECUTE format('ALTER TABLE outflow_alerts DROP CONSTRAINT %I', c.conname);
    END LOOP;
END
$drop$;
ALTER TABLE outflow_alerts ADD CONSTRAINT outflow_alerts_key
    UNIQUE (vendor, account, customer_id, staff_id, outflow_key);
"#;

/// Version 6: the order dashboards read the lists in, an index each, so reading a million
/// customers walks an index instead of sorting them all (which spilled to disk).
const V6: &str = r#"
CREATE INDEX stores_order ON stores (vendor, account, ord);
CREATE INDEX customers_order ON customers (vendor, account, ord);
CREATE INDEX operators_order ON operators (vendor, account, ord);
"#;

/// Version 7: Weiban's staff directory, replaced whole by each run as the stores are.
const V7: &str = r#"
CREATE TABLE staff (
    vendor                text NOT NULL,
    account               text NOT NULL DEFAULT 'default',
    userid                text NOT NULL,
    number                text NOT NULL,
    ord                   bigint NOT NULL,
    run_id                bigint NOT NULL,
    name                  text NOT NULL,
    alias                 text NOT NULL,
    status                text NOT NULL,
    department            text NOT NULL,
    mobile                text NOT NULL,
    position              text NOT NULL,
    external_contact_able boolean NOT NULL,
    raw                   jsonb NOT NULL,
    PRIMARY KEY (vendor, account, userid, number)
);
CREATE INDEX staff_order ON staff (vendor, account, ord);
"#;

/// Run after every migration, on every start: what the group roles may do, for the roles that
/// exist. `scrm_reader` reads everything; `scrm_triage` adds to the triage log and nothing
/// else. Nobody but the owner has any other right on these tables.
const GRANTS: &str = r#"
DO $grants$
DECLARE
    schema text := current_schema();
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'scrm_reader') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO scrm_reader', schema);
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO scrm_reader', schema);
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'scrm_triage') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO scrm_triage', schema);
        GRANT INSERT ON triage_events TO scrm_triage;
        GRANT USAGE ON SEQUENCE triage_events_seq_seq TO scrm_triage;
    END IF;
END
$grants$;
"#;

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
