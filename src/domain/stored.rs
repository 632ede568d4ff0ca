//! A record as its table keeps it — the table, its key, each column's name, type and value, and
//! the record made again from a row — declared in the record's own file (its [`Stored`] impl),
//! in domain terms: the store maps them to PostgreSQL's (`store/rows`). Every table of records
//! also has `vendor`, `account` and `raw`, and, unless its rows are appended, the load's `ord`
//! and `run_id`: those the store adds.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use super::{Account, RawJson, Record, Vendor};

/// A record type that has a table.
pub trait Stored: Record {
    const TABLE: &'static str;
    /// What tells two rows apart, besides `vendor` and `account`.
    const KEY: &'static [&'static str];
    /// Rows kept forever, each once (alerts, with a sequence number): no `ord`, no `run_id`.
    const APPENDED: bool = false;
    /// Its columns besides `vendor`, `account`, `ord`, `run_id` and `raw`.
    const FIELDS: &'static [Field<Self>];

    /// The record a row holds; the row's `vendor`, `account` and `raw` by [`Fields`]' own
    /// methods.
    fn from_fields(row: &dyn Fields) -> Result<Self, FieldError>;
}

/// One column: its name and how a record fills it (the getter's kind is the column's type,
/// so the two cannot disagree).
pub struct Field<R> {
    pub name: &'static str,
    pub get: Get<R>,
}

/// How a record gives a column's value, by the column's type.
pub enum Get<R> {
    Text(for<'a> fn(&'a R) -> Cow<'a, str>),
    Int(fn(&R) -> Option<i64>),
    Bool(fn(&R) -> bool),
    Time(fn(&R) -> Option<DateTime<Utc>>),
    Texts(for<'a> fn(&'a R) -> Cow<'a, [String]>),
    /// A JSON document (`jsonb`), as text.
    Json(fn(&R) -> String),
}

/// A column's type, as the table declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Int,
    Bool,
    Time,
    Texts,
    Json,
}

/// A column's value for one record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldValue<'a> {
    Text(Cow<'a, str>),
    Int(Option<i64>),
    Bool(bool),
    Time(Option<DateTime<Utc>>),
    Texts(Cow<'a, [String]>),
    Json(String),
}

impl<R> Field<R> {
    pub const fn text(name: &'static str, get: for<'a> fn(&'a R) -> Cow<'a, str>) -> Field<R> {
        Field {
            name,
            get: Get::Text(get),
        }
    }

    pub const fn int(name: &'static str, get: fn(&R) -> Option<i64>) -> Field<R> {
        Field {
            name,
            get: Get::Int(get),
        }
    }

    pub const fn bool(name: &'static str, get: fn(&R) -> bool) -> Field<R> {
        Field {
            name,
            get: Get::Bool(get),
        }
    }

    pub const fn time(name: &'static str, get: fn(&R) -> Option<DateTime<Utc>>) -> Field<R> {
        Field {
            name,
            get: Get::Time(get),
        }
    }

    pub const fn texts(
        name: &'static str,
        get: for<'a> fn(&'a R) -> Cow<'a, [String]>,
    ) -> Field<R> {
        Field {
            name,
            get: Get::Texts(get),
        }
    }

    pub const fn json(name: &'static str, get: fn(&R) -> String) -> Field<R> {
        Field {
            name,
            get: Get::Json(get),
        }
    }

    pub fn ty(&self) -> FieldType {
        match self.get {
            Get::Text(_) => FieldType::Text,
            Get::Int(_) => FieldType::Int,
            Get::Bool(_) => FieldType::Bool,
            Get::Time(_) => FieldType::Time,
            Get::Texts(_) => FieldType::Texts,
            Get::Json(_) => FieldType::Json,
        }
    }

    pub fn value<'a>(&self, record: &'a R) -> FieldValue<'a> {
        match self.get {
            Get::Text(get) => FieldValue::Text(get(record)),
            Get::Int(get) => FieldValue::Int(get(record)),
            Get::Bool(get) => FieldValue::Bool(get(record)),
            Get::Time(get) => FieldValue::Time(get(record)),
            Get::Texts(get) => FieldValue::Texts(get(record)),
            Get::Json(get) => FieldValue::Json(get(record)),
        }
    }
}

/// A selected row, read by column name (a `jsonb` column as its text).
pub trait Fields {
    fn text(&self, column: &'static str) -> Result<String, FieldError>;
    fn int(&self, column: &'static str) -> Result<Option<i64>, FieldError>;
    fn bool(&self, column: &'static str) -> Result<bool, FieldError>;
    fn time(&self, column: &'static str) -> Result<Option<DateTime<Utc>>, FieldError>;
    fn texts(&self, column: &'static str) -> Result<Vec<String>, FieldError>;
    fn json(&self, column: &'static str) -> Result<String, FieldError>;

    /// The `vendor` column: one of the vendors this program knows.
    fn vendor(&self) -> Result<Vendor, FieldError> {
        let name = self.text("vendor")?;
        Vendor::parse(&name).ok_or_else(|| {
            let names: Vec<&str> = Vendor::ALL.iter().map(|v| v.name()).collect();
            FieldError::value(
                "vendor",
                &name,
                format!("the vendors are {}", names.join(", ")),
            )
        })
    }

    /// The `account` column: the config's name for the account the row came from.
    fn account(&self) -> Result<Account, FieldError> {
        Ok(Account::new(&self.text("account")?))
    }

    /// The `raw` column: the vendor's object as it came.
    fn raw(&self) -> Result<RawJson, FieldError> {
        Ok(RawJson::new(&self.json("raw")?))
    }
}

/// Why a row is not a record: a column could not be read, or holds what no record has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("{column} cannot be read: {detail}")]
    Read {
        column: &'static str,
        detail: String,
    },
    #[error("{column} is `{value}`; {expected}")]
    Value {
        column: &'static str,
        value: String,
        expected: String,
    },
}

impl FieldError {
    pub fn value(column: &'static str, value: &str, expected: String) -> FieldError {
        FieldError::Value {
            column,
            value: value.to_owned(),
            expected,
        }
    }
}

/// A `&str` or `String` field as a column's text.
pub fn text(value: &str) -> Cow<'_, str> {
    Cow::Borrowed(value)
}

/// A count as a table keeps it (`bigint`).
pub fn count(n: Option<u64>) -> Option<i64> {
    n.map(|n| i64::try_from(n).unwrap_or(i64::MAX))
}

/// A `bigint` count read back (a negative one is no count).
pub fn count_of(n: Option<i64>) -> Option<u64> {
    n.and_then(|n| u64::try_from(n).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Operator, Resource, Store};

    fn check<R: Stored>() {
        let names: Vec<&str> = R::FIELDS.iter().map(|f| f.name).collect();
        for (i, name) in names.iter().enumerate() {
            assert!(!names[..i].contains(name), "{}: {name} twice", R::TABLE);
            assert!(
                !["vendor", "account", "ord", "run_id", "raw"].contains(name),
                "{}: {name} is the store's own",
                R::TABLE
            );
        }
        for key in R::KEY {
            assert!(names.contains(key), "{}: key {key} is no field", R::TABLE);
        }
    }

    #[test]
    fn every_key_is_a_field_and_no_field_is_declared_twice() {
        for &resource in Resource::ALL {
            crate::each_record_type!(resource, |R| check::<R>());
        }
    }

    #[test]
    fn a_fields_type_follows_its_getter() {
        let field = Field::<Store>::time("created_at", |r| r.created_at);
        assert_eq!(field.ty(), FieldType::Time);
        let counted = Field::<Operator>::int("friends", |r| count(r.friends));
        assert_eq!(counted.ty(), FieldType::Int);
        assert_eq!(count(Some(u64::MAX)), Some(i64::MAX));
        assert_eq!(count_of(Some(-1)), None);
    }
}
