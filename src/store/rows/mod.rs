//! Records as table rows and back: the columns each table is copied into (binary `COPY`), the
//! values of a record for them, and a record made from a selected row.

mod error;
mod tables;

pub use error::RowError;

use std::error::Error;

use bytes::{BufMut, BytesMut};
use tokio_postgres::types::{IsNull, ToSql, Type, accepts, to_sql_checked};

use crate::domain::{Record, Vendor};

/// JSON text sent as `jsonb` (binary format: a version byte, then the text).
#[derive(Debug)]
pub struct Jsonb<'a>(pub &'a str);

impl ToSql for Jsonb<'_> {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        out.put_u8(1);
        out.extend_from_slice(self.0.as_bytes());
        Ok(IsNull::No)
    }

    accepts!(JSONB);
    to_sql_checked!();
}

/// A value for one column.
pub type Value<'a> = Box<dyn ToSql + Sync + Send + 'a>;

/// What a row holds besides the record: its place in the run, the run, the raw text.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub ord: i64,
    pub run: i64,
    pub raw: &'a str,
}

/// One column of a table: its name, its type and how a record fills it — named once, so the
/// values can never come in another order than the column list.
pub struct Column<R> {
    pub name: &'static str,
    pub ty: Type,
    pub value: for<'a> fn(&'a R, Placed<'a>) -> Value<'a>,
}

const fn column<R>(
    name: &'static str,
    ty: Type,
    value: for<'a> fn(&'a R, Placed<'a>) -> Value<'a>,
) -> Column<R> {
    Column { name, ty, value }
}

/// The columns every table of records has.
const fn vendor_column<R: Record>() -> Column<R> {
    column("vendor", Type::TEXT, |r, _| Box::new(r.vendor().name()))
}

const fn account_column<R: Record>() -> Column<R> {
    column("account", Type::TEXT, |r, _| Box::new(r.account().name()))
}

const fn ord<R>() -> Column<R> {
    column("ord", Type::INT8, |_, at| Box::new(at.ord))
}

const fn run_id<R>() -> Column<R> {
    column("run_id", Type::INT8, |_, at| Box::new(at.run))
}

const fn raw_column<R>() -> Column<R> {
    column("raw", Type::JSONB, |_, at| Box::new(Jsonb(at.raw)))
}

/// A row's key as values: vendor, account, then up to two texts and a number.
pub type Identity<'a> = (Vendor, &'a str, &'a str, &'a str, i64);

/// A record type that has a table.
pub trait Row: Record + Sized + 'static {
    const TABLE: &'static str;
    /// The columns copied, in order (`ord` and `run_id` included).
    const COLUMNS: &'static [Column<Self>];
    /// What tells two rows apart.
    const KEY: &'static str;

    /// The values of [`Row::KEY`]'s columns for this record (unused places empty or 0): the
    /// sync drops the earlier copies of a record listed twice before it copies the rest in.
    fn identity(&self) -> Identity<'_>;

    /// The values for [`Row::COLUMNS`], in their order.
    fn values<'a>(&'a self, at: Placed<'a>) -> Vec<Value<'a>> {
        Self::COLUMNS.iter().map(|c| (c.value)(self, at)).collect()
    }

    /// The column names, in order.
    fn column_names() -> Vec<&'static str> {
        Self::COLUMNS.iter().map(|c| c.name).collect()
    }

    /// A record from a row of `SELECT {COLUMNS}, raw::text`.
    fn from_row(row: &tokio_postgres::Row) -> Result<Self, RowError>;
}

/// JSON text made for the row (the tags), sent as `jsonb`.
#[derive(Debug)]
pub struct OwnedJsonb(pub String);

impl ToSql for OwnedJsonb {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        Jsonb(&self.0).to_sql(ty, out)
    }

    accepts!(JSONB);
    to_sql_checked!();
}

/// The columns to select for a record type: every copied column (arrays and jsonb as they
/// are, the tags of customers as text), then `raw` as text, last.
pub fn select_list<R: Row>() -> String {
    let mut columns: Vec<String> = R::COLUMNS
        .iter()
        .map(|c| c.name)
        .filter(|name| *name != "raw")
        .map(|name| match name {
            "tags" if R::TABLE == "customers" => String::from("tags::text AS tags_text"),
            other => other.to_owned(),
        })
        .collect();
    columns.push(String::from("raw::text"));
    columns.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Customer, Operator, OutflowAlert, Store};

    /// The columns of `table` as the migrations create and add them.
    fn schema_columns(table: &str) -> Vec<String> {
        let schema = super::super::schema::MIGRATIONS.concat();
        let start = schema
            .find(&format!("CREATE TABLE {table} ("))
            .unwrap_or_else(|| panic!("no table {table}"));
        let body = &schema[start..];
        let body = &body[..body.find("\n);").unwrap()];
        let mut columns: Vec<String> = body
            .lines()
            .skip(1)
            .filter_map(|line| line.split_whitespace().next())
            .filter(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .map(str::to_owned)
            .collect();
        let added = format!("ALTER TABLE {table} ADD COLUMN ");
        for at in schema.match_indices(&added).map(|(at, _)| at + added.len()) {
            let name = schema[at..].split_whitespace().next().unwrap_or_default();
            columns.push(name.to_owned());
        }
        columns
    }

    fn check<R: Row>() {
        let names = R::column_names();
        let table = schema_columns(R::TABLE);
        for (i, name) in names.iter().enumerate() {
            assert!(!names[..i].contains(name), "{}: {name} twice", R::TABLE);
            assert!(
                table.iter().any(|c| c == name),
                "{}: no column {name}",
                R::TABLE
            );
        }
        for key in R::KEY.split(", ") {
            assert!(names.contains(&key), "{}: key {key} not copied", R::TABLE);
        }
        assert_eq!(names.last(), Some(&"raw"), "{}", R::TABLE);
        assert!(select_list::<R>().ends_with(", raw::text"));
    }

    #[test]
    fn every_copied_column_is_a_column_of_its_table_once_and_the_key_among_them() {
        check::<Store>();
        check::<Customer>();
        check::<OutflowAlert>();
        check::<Operator>();
    }
}
