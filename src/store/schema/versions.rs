//! The schema's versions, each the SQL that brings the one before it up, never changed once
//! released; and the grants run after every migration.

pub(super) const V1: &str = r#"
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
pub(super) const V2: &str = r#"
ALTER TABLE outflow_alerts ADD COLUMN staff_ext_id text NOT NULL DEFAULT '';
"#;

/// Version 3: the triage log. Rows are only ever inserted; the trigger makes the database
/// the judge of each one — who (`session_user`, never what the client says), when, and whether
/// the alert's state allows it, under a lock per alert so two claims at once have one winner.
pub(super) const V3: &str = r#"
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
pub(super) const V4: &str = r#"
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
pub(super) const V5: &str = r#"
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
pub(super) const V6: &str = r#"
CREATE INDEX stores_order ON stores (vendor, account, ord);
CREATE INDEX customers_order ON customers (vendor, account, ord);
CREATE INDEX operators_order ON operators (vendor, account, ord);
"#;

/// Version 7: Weiban's staff directory, replaced whole by each run as the stores are.
pub(super) const V7: &str = r#"
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

/// Version 8: WeCom's own callback. An alert remembers where it came from (`wecom`,
/// `weiban`); each event WeCom sent is kept once, whatever its retries; and each sync's
/// listener records when it was up, so a gap in WeCom's events can be seen.
pub(super) const V8: &str = r#"
ALTER TABLE outflow_alerts ADD COLUMN origins text[] NOT NULL DEFAULT '{weiban}';
CREATE INDEX outflow_alerts_person ON outflow_alerts (account, customer_id);
CREATE TABLE wecom_events (
    id              bigserial PRIMARY KEY,
    account         text NOT NULL,
    event_key       text NOT NULL,
    change_type     text NOT NULL,
    created_at      timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    staff_userid    text NOT NULL,
    external_userid text NOT NULL,
    raw             jsonb NOT NULL,
    UNIQUE (account, event_key)
);
CREATE TABLE wecom_listening (
    id         bigserial PRIMARY KEY,
    host       text NOT NULL,
    accounts   text[] NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    seen_at    timestamptz NOT NULL DEFAULT now(),
    stopped_at timestamptz
);
"#;

/// Version 9: several syncs, one leader. The lease says which sync calls the vendors, until
/// when; each run remembers the window it covered, so that a sync taking over resumes there.
pub(super) const V9: &str = r#"
CREATE TABLE sync_lease (
    one        boolean PRIMARY KEY DEFAULT true CHECK (one),
    holder     text NOT NULL,
    host       text NOT NULL,
    term       bigint NOT NULL,
    taken_at   timestamptz NOT NULL,
    renewed_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    -- The leader's interval for each resource, in seconds: what dashboards call stale.
    schedule   jsonb NOT NULL DEFAULT '{}'
);
ALTER TABLE sync_runs ADD COLUMN window_end bigint,
                      ADD COLUMN changes boolean NOT NULL DEFAULT false;
-- The vendor calls made, per account, endpoint and minute: the budget a new leader inherits.
CREATE TABLE vendor_calls (
    vendor   text NOT NULL,
    account  text NOT NULL,
    endpoint text NOT NULL,
    minute   bigint NOT NULL,
    calls    integer NOT NULL,
    PRIMARY KEY (vendor, account, endpoint, minute)
);
"#;

/// Run after every migration, on every start: what the group roles may do, for the roles that
/// exist. `scrm_reader` reads everything; `scrm_triage` adds to the triage log and nothing
/// else. Nobody but the owner has any other right on these tables.
pub(super) const GRANTS: &str = r#"
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
