//! Records as table rows and back, derived from each record's own declaration
//! ([`Stored`]): the columns a table is copied into (binary `COPY`) with their PostgreSQL
//! types, the values of a record for them, and a record made from a selected row.

mod error;

pub use error::RowError;

use std::borrow::Cow;
use std::error::Error;

use bytes::{BufMut, BytesMut};
use chrono::{DateTime, Utc};
use tokio_postgres::types::{IsNull, ToSql, Type, accepts, to_sql_checked};

use crate::domain::Vendor;
use crate::domain::stored::{FieldError, FieldType, FieldValue, Fields, Stored};

/// JSON text sent as `jsonb` (binary format: a version byte, then the text).
#[derive(Debug)]
pub struct Jsonb<T>(pub T);

impl<T: AsRef<str> + std::fmt::Debug> ToSql for Jsonb<T> {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        out.put_u8(1);
        out.extend_from_slice(self.0.as_ref().as_bytes());
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

/// A row's key as values: vendor, account, then the record's own key columns.
pub type Identity<'a> = (Vendor, &'a str, Vec<FieldValue<'a>>);

/// A record type that has a table, as the store uses it: everything derived from its
/// [`Stored`] declaration, with the columns every table of records has — `vendor`, `account`,
/// `ord` and `run_id` (unless appended), and `raw`, last.
pub trait Row: Stored + Sized + 'static {
    /// The column names, in the order they are copied.
    fn column_names() -> Vec<&'static str> {
        let mut names = vec!["vendor", "account"];
        if !Self::APPENDED {
            names.extend(["ord", "run_id"]);
        }
        names.extend(Self::FIELDS.iter().map(|f| f.name));
        names.push("raw");
        names
    }

    /// The columns' types, in [`Row::column_names`]' order.
    fn column_types() -> Vec<Type> {
        let mut types = vec![Type::TEXT, Type::TEXT];
        if !Self::APPENDED {
            types.extend([Type::INT8, Type::INT8]);
        }
        types.extend(Self::FIELDS.iter().map(|f| sql_type(f.ty())));
        types.push(Type::JSONB);
        types
    }

    /// What tells two rows apart: `vendor, account, …`.
    fn key_columns() -> String {
        let mut key = vec!["vendor", "account"];
        key.extend(Self::KEY);
        key.join(", ")
    }

    /// The values of [`Row::key_columns`]'s columns for this record: the sync drops the earlier
    /// copies of a record listed twice before it copies the rest in.
    fn identity(&self) -> Identity<'_> {
        let values = Self::FIELDS
            .iter()
            .filter(|f| Self::KEY.contains(&f.name))
            .map(|f| f.value(self))
            .collect();
        (self.vendor(), self.account().name(), values)
    }

    /// The values for [`Row::column_names`], in their order.
    fn values<'a>(&'a self, at: Placed<'a>) -> Vec<Value<'a>> {
        let mut values: Vec<Value<'a>> = Vec::with_capacity(Self::FIELDS.len() + 5);
        values.push(Box::new(self.vendor().name()));
        values.push(Box::new(self.account().name()));
        if !Self::APPENDED {
            values.push(Box::new(at.ord));
            values.push(Box::new(at.run));
        }
        values.extend(Self::FIELDS.iter().map(|f| sql_value(f.value(self))));
        values.push(Box::new(Jsonb(at.raw)));
        values
    }

    /// A record from a row of `SELECT {select_list}`.
    fn from_row(row: &tokio_postgres::Row) -> Result<Self, RowError> {
        Self::from_fields(&Selected(row)).map_err(|e| RowError::of(Self::TABLE, row, e))
    }
}

impl<R: Stored + Sized + 'static> Row for R {}

/// The PostgreSQL type of a column of the type.
fn sql_type(ty: FieldType) -> Type {
    match ty {
        FieldType::Text => Type::TEXT,
        FieldType::Int => Type::INT8,
        FieldType::Bool => Type::BOOL,
        FieldType::Time => Type::TIMESTAMPTZ,
        FieldType::Texts => Type::TEXT_ARRAY,
        FieldType::Json => Type::JSONB,
    }
}

fn sql_value(value: FieldValue<'_>) -> Value<'_> {
    match value {
        FieldValue::Text(Cow::Borrowed(text)) => Box::new(text),
        FieldValue::Text(Cow::Owned(text)) => Box::new(text),
        FieldValue::Int(n) => Box::new(n),
        FieldValue::Bool(b) => Box::new(b),
        FieldValue::Time(t) => Box::new(t),
        FieldValue::Texts(Cow::Borrowed(texts)) => Box::new(texts),
        FieldValue::Texts(Cow::Owned(texts)) => Box::new(texts),
        FieldValue::Json(json) => Box::new(Jsonb(json)),
    }
}

/// A selected row, read as [`Fields`]: `jsonb` columns come as text ([`select_list`]).
struct Selected<'a>(&'a tokio_postgres::Row);

impl Selected<'_> {
    fn get<'b, T: tokio_postgres::types::FromSql<'b>>(
        &'b self,
        column: &'static str,
    ) -> Result<T, FieldError> {
        self.0.try_get(column).map_err(|e| FieldError::Read {
            column,
            detail: e.to_string(),
        })
    }
}

impl Fields for Selected<'_> {
    fn text(&self, column: &'static str) -> Result<String, FieldError> {
        self.get(column)
    }

    fn int(&self, column: &'static str) -> Result<Option<i64>, FieldError> {
        self.get(column)
    }

    fn bool(&self, column: &'static str) -> Result<bool, FieldError> {
        self.get(column)
    }

    fn time(&self, column: &'static str) -> Result<Option<DateTime<Utc>>, FieldError> {
        self.get(column)
    }

    fn texts(&self, column: &'static str) -> Result<Vec<String>, FieldError> {
        self.get(column)
    }

    fn json(&self, column: &'static str) -> Result<String, FieldError> {
        self.get(column)
    }
}

/// The columns to select for a record type: every copied column, `jsonb` ones (the raw
/// object last) as text under their own names.
pub fn select_list<R: Row>() -> String {
    let json = |name: &str| {
        name == "raw"
            || R::FIELDS
                .iter()
                .any(|f| f.name == name && f.ty() == FieldType::Json)
    };
    R::column_names()
        .into_iter()
        .map(|name| match json(name) {
            true => format!("{name}::text AS {name}"),
            false => name.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Resource;

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
        for key in R::key_columns().split(", ") {
            assert!(names.contains(&key), "{}: key {key} not copied", R::TABLE);
        }
        assert_eq!(names.last(), Some(&"raw"), "{}", R::TABLE);
        assert!(select_list::<R>().ends_with(", raw::text AS raw"));
        let types = R::column_types();
        assert_eq!(types.len(), names.len(), "{}", R::TABLE);
    }

    #[test]
    fn every_copied_column_is_a_column_of_its_table_once_and_the_key_among_them() {
        for &resource in Resource::ALL {
            crate::each_record_type!(resource, |R| check::<R>());
        }
    }
}
