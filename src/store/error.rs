//! What can go wrong with the database, said without the password.

use crate::redact;

/// Each message reads `database user@host:port/db: what went wrong` (`database URL: …` when
/// the URL itself is wrong).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL cannot be used (what is wrong, never the URL's password).
    #[error("database URL: {0}")]
    Url(String),
    /// The server cannot be reached.
    #[error("database {target}: cannot connect: {detail}")]
    Connect { target: String, detail: String },
    /// The connection broke under a statement: the caller reconnects.
    #[error("database {target}: {detail}")]
    Lost { target: String, detail: String },
    /// The database's schema is newer than this program knows.
    #[error(
        "database {target}: its schema is version {found}, newer than this scrm-tui knows \
         ({known}); upgrade scrm-tui"
    )]
    TooNew {
        target: String,
        found: i32,
        known: i32,
    },
    /// A statement failed.
    #[error("database {target}: {detail}")]
    Query { target: String, detail: String },
    /// A row holds what no record has: which table, which row, which column.
    #[error("database {target}: {detail}")]
    Row { target: String, detail: String },
    /// A leader's write, rolled back: the lease is no longer this sync's (it could not renew
    /// it in time, and another sync may lead).
    #[error(
        "database {target}: this sync no longer holds the lease; its write was rolled back \
         (another sync may lead)"
    )]
    Deposed { target: String },
    /// Solo mode's triage log cannot be read or written.
    #[error("{}: {detail}", path.display())]
    File {
        path: std::path::PathBuf,
        detail: String,
    },
}

impl StoreError {
    /// Which database: `user@host:port/db` (`URL` when the URL itself is wrong).
    pub fn target(&self) -> &str {
        match self {
            StoreError::Url(_) => "URL",
            StoreError::Connect { target, .. }
            | StoreError::Lost { target, .. }
            | StoreError::TooNew { target, .. }
            | StoreError::Query { target, .. }
            | StoreError::Row { target, .. }
            | StoreError::Deposed { target } => target,
            StoreError::File { .. } => "triage log",
        }
    }

    /// What went wrong, without naming the database.
    pub fn detail(&self) -> String {
        let full = self.to_string();
        let prefix = format!("database {}: ", self.target());
        full.strip_prefix(&prefix)
            .map_or(full.clone(), str::to_owned)
    }

    pub(crate) fn file(path: &std::path::Path, error: &std::io::Error) -> StoreError {
        StoreError::File {
            path: path.to_owned(),
            detail: error.to_string(),
        }
    }

    /// A statement's failure: `Lost` when the driver says the connection is gone (closed, or
    /// an I/O error under it), else `Query`.
    pub(crate) fn query(target: &str, error: &tokio_postgres::Error) -> StoreError {
        let (target, detail) = (target.to_owned(), describe(error));
        if is_lost(error) {
            StoreError::Lost { target, detail }
        } else {
            StoreError::Query { target, detail }
        }
    }

    /// A selected row that is not a record (or a column the driver could not read).
    pub(crate) fn row(target: &str, error: super::rows::RowError) -> StoreError {
        StoreError::Row {
            target: target.to_owned(),
            detail: error.to_string(),
        }
    }

    /// Whether the connection itself is gone (the caller reconnects), not one statement.
    pub fn is_disconnect(&self) -> bool {
        matches!(self, StoreError::Connect { .. } | StoreError::Lost { .. })
    }
}

/// The driver's error means the connection is gone: closed, the server shutting down, or an
/// I/O error beneath it.
fn is_lost(error: &tokio_postgres::Error) -> bool {
    // Closed, or the server said it is going away (57P01 admin shutdown, 57P02 crash, …).
    let shutting_down = error
        .as_db_error()
        .is_some_and(|db| db.code().code().starts_with("57P"));
    if error.is_closed() || shutting_down {
        return true;
    }
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        if inner.is::<std::io::Error>() {
            return true;
        }
        source = inner.source();
    }
    false
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
