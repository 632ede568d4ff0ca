//! Why a selected row is not a record.

/// Why a selected row is not a record: the driver could not read a column, or a column holds
/// what no record has (a vendor this program does not know, say). Never a silent default.
#[derive(Debug, thiserror::Error)]
pub enum RowError {
    #[error(transparent)]
    Driver(#[from] tokio_postgres::Error),
    #[error("{table} row {row}: {column} is `{value}`; {expected}")]
    Value {
        table: &'static str,
        /// The row's key as text: `weiban/wm123`.
        row: String,
        column: &'static str,
        value: String,
        expected: String,
    },
}

impl RowError {
    pub(super) fn value(
        table: &'static str,
        row: &tokio_postgres::Row,
        column: &'static str,
        value: &str,
        expected: String,
    ) -> RowError {
        let text = |name: &str| row.try_get::<_, String>(name).ok();
        let id = text("id")
            .or_else(|| text("customer_id"))
            .unwrap_or_default();
        let vendor = text("vendor").unwrap_or_default();
        RowError::Value {
            table,
            row: format!("{vendor}/{id}"),
            column,
            value: value.to_owned(),
            expected,
        }
    }
}
