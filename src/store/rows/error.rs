//! Why a selected row is not a record.

use crate::domain::stored::FieldError;

/// Why a selected row is not a record: a column could not be read, or holds what no record
/// has (a vendor this program does not know, say) — which table, which row, which column.
/// Never a silent default.
#[derive(Debug, thiserror::Error)]
#[error("{table} row {row}: {field}")]
pub struct RowError {
    pub table: &'static str,
    /// The row's key as text: `weiban/wm123`.
    pub row: String,
    pub field: FieldError,
}

impl RowError {
    pub(super) fn of(
        table: &'static str,
        row: &tokio_postgres::Row,
        field: FieldError,
    ) -> RowError {
        let text = |name: &str| row.try_get::<_, String>(name).ok();
        let id = text("id")
            .or_else(|| text("customer_id"))
            .or_else(|| text("userid"))
            .unwrap_or_default();
        let vendor = text("vendor").unwrap_or_default();
        RowError {
            table,
            row: format!("{vendor}/{id}"),
            field,
        }
    }
}
