//! What can go wrong with the database, said without the password.

use crate::redact;

#[derive(Debug)]
pub enum StoreError {
    /// The URL cannot be used (what is wrong, never the URL's password).
    Url(String),
    /// The server cannot be reached, or the connection broke.
    Connect { target: String, detail: String },
    /// The database's schema is newer than this program knows.
    TooNew {
        target: String,
        found: i32,
        known: i32,
    },
    /// A statement failed.
    Query { target: String, detail: String },
}

impl std::error::Error for StoreError {}

/// `database user@host:port/db: what went wrong`.
impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "database {}: {}", self.target(), self.detail())
    }
}

impl StoreError {
    /// Which database: `user@host:port/db` (`URL` when the URL itself is wrong).
    pub fn target(&self) -> &str {
        match self {
            StoreError::Url(_) => "URL",
            StoreError::Connect { target, .. }
            | StoreError::TooNew { target, .. }
            | StoreError::Query { target, .. } => target,
        }
    }

    /// What went wrong, without naming the database.
    pub fn detail(&self) -> String {
        match self {
            StoreError::Url(detail) | StoreError::Query { detail, .. } => detail.clone(),
            StoreError::Connect { detail, .. } => format!("cannot connect: {detail}"),
            StoreError::TooNew { found, known, .. } => format!(
                "its schema is version {found}, newer than this scrm-tui knows ({known}); \
                 upgrade scrm-tui"
            ),
        }
    }

    pub(crate) fn query(target: &str, error: &tokio_postgres::Error) -> StoreError {
        StoreError::Query {
            target: target.to_owned(),
            detail: describe(error),
        }
    }

    /// Whether the connection itself is gone (the caller reconnects), not one statement.
    pub fn is_disconnect(&self) -> bool {
        match self {
            StoreError::Connect { .. } => true,
            StoreError::Query { detail, .. } => detail.starts_with("connection"),
            _ => false,
        }
    }
}

/// A driver error in one line: the server's message and code when it sent one.
pub(crate) fn describe(error: &tokio_postgres::Error) -> String {
    let text = match error.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None if error.is_closed() => String::from("connection closed"),
        None => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                text = format!("{text}: {inner}");
                source = inner.source();
            }
            text
        }
    };
    redact::scrub_known(&text)
}
