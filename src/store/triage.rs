//! The team's triage log in PostgreSQL: events added by each staff member as their own role,
//! judged by the database (see schema version 3), read back by sequence after a NOTIFY.

use chrono::{DateTime, Utc};
use tokio_postgres::error::SqlState;

use super::{Store, StoreError};
use crate::domain::triage::{Action, Denied, Me, Outcome, Refusal, TriageEvent, VENDOR};

/// The channel the log's trigger notifies with each new event's sequence number.
pub const TRIAGE_CHANNEL: &str = "scrm_triage";

const COLUMNS: &str = "seq, alert, at, by_role, name, host, action, outcome, note";

impl Store {
    /// Adds `action` on `alert`, as this connection's role; `name` and `host` are kept beside
    /// it. The database decides whether the alert's state allows it.
    pub async fn triage(
        &self,
        alert: &str,
        action: &Action,
        name: &str,
        host: &str,
    ) -> Result<Result<TriageEvent, Denied>, StoreError> {
        self.insert(alert, action, name, host, "").await
    }

    /// Adds `action` on `alert` as [`VENDOR`]: the vendor's evidence (only the sync, which owns
    /// the tables, may).
    pub async fn triage_by_vendor(
        &self,
        alert: &str,
        action: &Action,
    ) -> Result<Result<TriageEvent, Denied>, StoreError> {
        self.insert(alert, action, "", "sync", VENDOR).await
    }

    /// Adds what the sync records itself (how a timeline posting went), as its own role.
    pub async fn triage_by_sync(
        &self,
        alert: &str,
        action: &Action,
    ) -> Result<Result<TriageEvent, Denied>, StoreError> {
        self.insert(alert, action, "", "sync", "").await
    }

    async fn insert(
        &self,
        alert: &str,
        action: &Action,
        name: &str,
        host: &str,
        by_role: &str,
    ) -> Result<Result<TriageEvent, Denied>, StoreError> {
        let outcome = action.outcome_name();
        let result = self
            .client
            .query_one(
                &format!(
                    "INSERT INTO triage_events (alert, name, host, action, outcome, note, by_role)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
                ),
                &[
                    &alert,
                    &name,
                    &host,
                    &action.name(),
                    &outcome,
                    &action.text(),
                    &by_role,
                ],
            )
            .await;
        match result {
            Ok(row) => self.event(&row).map(Ok),
            Err(e) => match denial(&e) {
                Some(Denied::ReadOnly { .. }) => Ok(Err(Denied::ReadOnly {
                    role: self.role().await.unwrap_or_else(|_| String::from("?")),
                })),
                Some(denied) => Ok(Err(denied)),
                None => Err(StoreError::query(&self.target, &e)),
            },
        }
    }

    /// Whether the vendor's evidence has ever closed `alert`: it does so once, never again
    /// after a person reopened it.
    pub async fn vendor_closed(&self, alert: &str) -> Result<bool, StoreError> {
        let row = self
            .client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM triage_events WHERE alert = $1 AND by_role = $2)",
                &[&alert, &VENDOR],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        row.try_get(0)
            .map_err(|e| StoreError::query(&self.target, &e))
    }

    /// The events after sequence number `after`, oldest first.
    pub async fn triage_after(&self, after: i64) -> Result<Vec<TriageEvent>, StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let rows = self
            .client
            .query(
                &format!("SELECT {COLUMNS} FROM triage_events WHERE seq > $1 ORDER BY seq"),
                &[&after],
            )
            .await
            .map_err(fail)?;
        rows.iter().map(|row| self.event(row)).collect()
    }

    /// The role this connection acts as, and whether it may add to the log (a member of
    /// `scrm_triage`, or the tables' owner).
    pub async fn me(&self) -> Result<Me, StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let row = self
            .client
            .query_one(
                "SELECT session_user::text, \
                        has_table_privilege(session_user, 'triage_events', 'INSERT')",
                &[],
            )
            .await
            .map_err(fail)?;
        Ok(Me {
            name: row.try_get(0).map_err(fail)?,
            may_triage: row.try_get(1).map_err(fail)?,
        })
    }

    /// The role this connection acts as (`session_user`: a `SET ROLE` changes nothing).
    pub async fn role(&self) -> Result<String, StoreError> {
        let row = self
            .client
            .query_one("SELECT session_user::text", &[])
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        row.try_get(0)
            .map_err(|e| StoreError::query(&self.target, &e))
    }
}

/// The trigger's and the server's refusals, as the domain names them.
fn denial(error: &tokio_postgres::Error) -> Option<Denied> {
    let db = error.as_db_error()?;
    let detail = db.detail().unwrap_or_default().to_owned();
    let refused = match db.code().code() {
        "SCR01" => Refusal::ClaimedBy { by: detail },
        "SCR02" => Refusal::AlreadyDone {
            by: detail,
            outcome: db.hint().and_then(Outcome::parse).unwrap_or(Outcome::Other),
        },
        "SCR03" => Refusal::NotClaimed,
        "SCR04" => Refusal::NotDone,
        _ if db.code() == &SqlState::INSUFFICIENT_PRIVILEGE => {
            return Some(Denied::ReadOnly {
                role: String::new(),
            });
        }
        _ => return None,
    };
    Some(Denied::Refused(refused))
}

impl Store {
    /// A row of `SELECT {COLUMNS}`; an action the table's checks should have kept out is an
    /// error naming the row, never a default.
    fn event(&self, row: &tokio_postgres::Row) -> Result<TriageEvent, StoreError> {
        let fail = |e: tokio_postgres::Error| StoreError::query(&self.target, &e);
        let seq: i64 = row.try_get("seq").map_err(fail)?;
        let action: String = row.try_get("action").map_err(fail)?;
        let outcome: Option<String> = row.try_get("outcome").map_err(fail)?;
        let note: String = row.try_get("note").map_err(fail)?;
        let action = Action::from_parts(&action, outcome.as_deref(), &note).ok_or_else(|| {
            StoreError::Row {
                target: self.target.clone(),
                detail: format!(
                    "triage_events row {seq}: action `{action}` with outcome {outcome:?} is not \
                     a triage action"
                ),
            }
        })?;
        let at: DateTime<Utc> = row.try_get("at").map_err(fail)?;
        Ok(TriageEvent {
            seq,
            alert: row.try_get("alert").map_err(fail)?,
            at,
            by: row.try_get("by_role").map_err(fail)?,
            name: row.try_get("name").map_err(fail)?,
            host: row.try_get("host").map_err(fail)?,
            action,
        })
    }
}
