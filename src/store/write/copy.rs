//! How a list of records gets into its table: copied (binary `COPY`) into a temporary table
//! and merged from there, or, into an account's empty part of the table, copied straight in.

use futures_util::pin_mut;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;

use super::super::rows::{Placed, Row, Value};
use crate::domain::{Account, Vendor};

/// How a load is merged into its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Merge<'a> {
    /// An account's whole list: every row takes the run's id and place.
    Load(Vendor, &'a Account),
    /// What changed: rows keep the run and place of the last whole list, new ones go last.
    Changes,
}

/// The statement that upserts `incoming` (one copy of each record, [`copy_in`]) into the
/// record's table.
pub(super) fn upsert<R: Row>(how: Merge<'_>) -> String {
    let columns = R::column_names();
    let key = R::key_columns();
    let keys: Vec<&str> = key.split(", ").collect();
    let kept: &[&str] = match how {
        Merge::Load(..) => &[],
        Merge::Changes => &["ord", "run_id"],
    };
    let updates: Vec<String> = columns
        .iter()
        .filter(|c| !keys.contains(c) && !kept.contains(c))
        .map(|c| format!("{c} = EXCLUDED.{c}"))
        .collect();
    let selected: Vec<&str> = columns
        .iter()
        .map(|c| match (how, *c) {
            (Merge::Changes, "ord") => "ord + 1000000000",
            _ => c,
        })
        .collect();
    format!(
        "INSERT INTO {table} ({list})
         SELECT {selected} FROM incoming
         ON CONFLICT ({key}) DO UPDATE SET {updates}",
        table = R::TABLE,
        list = columns.join(", "),
        key = key,
        selected = selected.join(", "),
        updates = updates.join(", "),
    )
}

/// Which records to copy: a vendor may list a record twice (across pages), and the later copy
/// wins. Done here, in one pass, rather than by the database (`DISTINCT ON` sorts the whole
/// list, and at a million rows that sort spills to disk).
fn last_copies<R: Row>(records: &[R]) -> Vec<bool> {
    let mut seen = std::collections::HashSet::with_capacity(records.len());
    let mut keep: Vec<bool> = records
        .iter()
        .rev()
        .map(|r| seen.insert(r.identity()))
        .collect();
    keep.reverse();
    keep
}

/// Copies records into a temporary table `incoming` shaped like the record's table.
pub(super) async fn copy_in<R: Row>(
    tx: &tokio_postgres::Transaction<'_>,
    records: &[R],
    run: i64,
) -> Result<(), tokio_postgres::Error> {
    let list = R::column_names().join(", ");
    tx.batch_execute(&format!(
        "CREATE TEMP TABLE incoming ON COMMIT DROP AS SELECT {list} FROM {} WITH NO DATA",
        R::TABLE
    ))
    .await?;
    copy_rows(tx, "incoming", records, run).await
}

/// Whether an account has no rows in the record's table yet (its first load): then the load
/// is copied straight in, with nothing to merge and nothing to delete.
pub(super) async fn nothing_kept<R: Row>(
    tx: &tokio_postgres::Transaction<'_>,
    (vendor, account): (Vendor, &Account),
) -> Result<bool, tokio_postgres::Error> {
    let row = tx
        .query_one(
            &format!(
                "SELECT NOT EXISTS (SELECT FROM {} WHERE vendor = $1 AND account = $2)",
                R::TABLE
            ),
            &[&vendor.name(), &account.name()],
        )
        .await?;
    row.try_get(0)
}

/// Copies records into `table`, the later copy of a record listed twice only; each keeps its
/// place in the list as `ord`.
pub(super) async fn copy_rows<R: Row>(
    tx: &tokio_postgres::Transaction<'_>,
    table: &str,
    records: &[R],
    run: i64,
) -> Result<(), tokio_postgres::Error> {
    let list = R::column_names().join(", ");
    let types: Vec<Type> = R::column_types();
    let sink = tx
        .copy_in(&format!("COPY {table} ({list}) FROM STDIN BINARY"))
        .await?;
    let writer = BinaryCopyInWriter::new(sink, &types);
    pin_mut!(writer);
    let keep = last_copies(records);
    let copies = records.iter().zip(keep).enumerate();
    for (ord, (record, _)) in copies.filter(|(_, (_, keep))| *keep) {
        let raw = record.raw().text();
        let at = Placed {
            ord: ord as i64,
            run,
            raw: &raw,
        };
        let values: Vec<Value<'_>> = record.values(at);
        let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = values
            .iter()
            .map(|v| v.as_ref() as &(dyn tokio_postgres::types::ToSql + Sync))
            .collect();
        writer.as_mut().write(&refs).await?;
    }
    writer.finish().await?;
    Ok(())
}
