//! Records as table rows and back: the columns each table is copied into (binary `COPY`), the
//! values of a record for them, and a record made from a selected row.

use std::error::Error;

use bytes::{BufMut, BytesMut};
use chrono::{DateTime, Utc};
use tokio_postgres::types::{IsNull, ToSql, Type, accepts, to_sql_checked};

use crate::domain::{
    Customer, CustomerStatus, DeleteBy, EndedRelation, Operator, OutflowAlert, PersonKeys, RawJson,
    Record, Store, Tag, Vendor,
};

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

/// A record type that has a table.
pub trait Row: Record + Sized {
    const TABLE: &'static str;
    /// The columns copied, in order, with their types (`ord` and `run_id` included).
    const COLUMNS: &'static [(&'static str, Type)];
    /// What tells two rows apart.
    const KEY: &'static str;

    /// The values for [`Row::COLUMNS`]; `raw` is the record's raw text.
    fn values<'a>(&'a self, ord: i64, run: i64, raw: &'a str) -> Vec<Value<'a>>;

    /// A record from a row of `SELECT {COLUMNS}, raw::text`.
    fn from_row(row: &tokio_postgres::Row) -> Result<Self, RowError>;
}

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
    fn value(
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

/// The `vendor` column, one of the vendors this program knows.
fn vendor(row: &tokio_postgres::Row, table: &'static str) -> Result<Vendor, RowError> {
    let name: String = row.try_get("vendor")?;
    Vendor::parse(&name).ok_or_else(|| {
        let names: Vec<&str> = Vendor::ALL.iter().map(|v| v.name()).collect();
        RowError::value(
            table,
            row,
            "vendor",
            &name,
            format!("the vendors are {}", names.join(", ")),
        )
    })
}

/// The `raw` column, always selected last as text.
fn raw(row: &tokio_postgres::Row) -> Result<RawJson, RowError> {
    let text: String = row.try_get(row.len().saturating_sub(1))?;
    Ok(RawJson::new(&text))
}

impl Row for Store {
    const TABLE: &'static str = "stores";
    const COLUMNS: &'static [(&'static str, Type)] = &[
        ("vendor", Type::TEXT),
        ("id", Type::TEXT),
        ("ord", Type::INT8),
        ("run_id", Type::INT8),
        ("name", Type::TEXT),
        ("address", Type::TEXT),
        ("city", Type::TEXT),
        ("owner", Type::TEXT),
        ("owner_ext_id", Type::TEXT),
        ("creator", Type::TEXT),
        ("deleted", Type::BOOL),
        ("created_at", Type::TIMESTAMPTZ),
        ("raw", Type::JSONB),
    ];
    const KEY: &'static str = "vendor, id";

    fn values<'a>(&'a self, ord: i64, run: i64, raw: &'a str) -> Vec<Value<'a>> {
        vec![
            Box::new(self.vendor.name()),
            Box::new(self.id.as_str()),
            Box::new(ord),
            Box::new(run),
            Box::new(self.name.as_str()),
            Box::new(self.address.as_str()),
            Box::new(self.city.as_str()),
            Box::new(self.owner.as_str()),
            Box::new(self.owner_ext_id.as_str()),
            Box::new(self.creator.as_str()),
            Box::new(self.deleted),
            Box::new(self.created_at),
            Box::new(Jsonb(raw)),
        ]
    }

    fn from_row(row: &tokio_postgres::Row) -> Result<Store, RowError> {
        Ok(Store {
            vendor: vendor(row, Self::TABLE)?,
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            address: row.try_get("address")?,
            city: row.try_get("city")?,
            owner: row.try_get("owner")?,
            owner_ext_id: row.try_get("owner_ext_id")?,
            creator: row.try_get("creator")?,
            deleted: row.try_get("deleted")?,
            created_at: row.try_get("created_at")?,
            raw: raw(row)?,
        })
    }
}

impl Row for Customer {
    const TABLE: &'static str = "customers";
    const COLUMNS: &'static [(&'static str, Type)] = &[
        ("vendor", Type::TEXT),
        ("id", Type::TEXT),
        ("staff", Type::TEXT),
        ("ord", Type::INT8),
        ("run_id", Type::INT8),
        ("name", Type::TEXT),
        ("remark", Type::TEXT),
        ("tags", Type::JSONB),
        ("status", Type::TEXT),
        ("added_at", Type::TIMESTAMPTZ),
        ("external_userid", Type::TEXT),
        ("unionid", Type::TEXT),
        ("phones", Type::TEXT_ARRAY),
        ("raw", Type::JSONB),
    ];
    const KEY: &'static str = "vendor, id, staff";

    fn values<'a>(&'a self, ord: i64, run: i64, raw: &'a str) -> Vec<Value<'a>> {
        let tags = serde_json::to_string(&self.tags).unwrap_or_else(|_| String::from("[]"));
        vec![
            Box::new(self.vendor.name()),
            Box::new(self.id.as_str()),
            Box::new(self.staff.as_str()),
            Box::new(ord),
            Box::new(run),
            Box::new(self.name.as_str()),
            Box::new(self.remark.as_str()),
            Box::new(OwnedJsonb(tags)),
            Box::new(self.status.name()),
            Box::new(self.added_at),
            Box::new(self.keys.external_userid.as_str()),
            Box::new(self.keys.unionid.as_str()),
            Box::new(&self.keys.phones),
            Box::new(Jsonb(raw)),
        ]
    }

    fn from_row(row: &tokio_postgres::Row) -> Result<Customer, RowError> {
        let tags: String = row.try_get("tags_text")?;
        let status: String = row.try_get("status")?;
        Ok(Customer {
            vendor: vendor(row, Self::TABLE)?,
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            remark: row.try_get("remark")?,
            staff: row.try_get("staff")?,
            tags: serde_json::from_str::<Vec<Tag>>(&tags).map_err(|e| {
                RowError::value(
                    Self::TABLE,
                    row,
                    "tags",
                    &tags,
                    format!("not a list of tags: {e}"),
                )
            })?,
            status: CustomerStatus::parse(&status).ok_or_else(|| {
                RowError::value(
                    Self::TABLE,
                    row,
                    "status",
                    &status,
                    String::from("a status is normal or lost"),
                )
            })?,
            added_at: row.try_get("added_at")?,
            keys: PersonKeys {
                external_userid: row.try_get("external_userid")?,
                unionid: row.try_get("unionid")?,
                phones: row.try_get("phones")?,
            },
            raw: raw(row)?,
        })
    }
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

impl Row for OutflowAlert {
    const TABLE: &'static str = "outflow_alerts";
    const COLUMNS: &'static [(&'static str, Type)] = &[
        ("vendor", Type::TEXT),
        ("customer_id", Type::TEXT),
        ("customer_name", Type::TEXT),
        ("staff_id", Type::TEXT),
        ("staff_name", Type::TEXT),
        ("outflow_at", Type::TIMESTAMPTZ),
        ("outflow_key", Type::INT8),
        ("delete_by", Type::TEXT),
        ("tags", Type::TEXT_ARRAY),
        ("customer_type", Type::INT8),
        ("relation_created_at", Type::TIMESTAMPTZ),
        ("add_way", Type::INT8),
        ("state", Type::TEXT),
        ("deleted_each_other", Type::BOOL),
        ("external_userid", Type::TEXT),
        ("unionid", Type::TEXT),
        ("phones", Type::TEXT_ARRAY),
        ("raw", Type::JSONB),
    ];
    /// As the live pane tells alerts apart ([`Record::key`]).
    const KEY: &'static str = "vendor, customer_id, staff_id, outflow_key";

    /// Alerts are kept forever with a sequence number: no `ord`, no `run_id`.
    fn values<'a>(&'a self, _ord: i64, _run: i64, raw: &'a str) -> Vec<Value<'a>> {
        vec![
            Box::new(self.vendor.name()),
            Box::new(self.customer_id.as_str()),
            Box::new(self.customer_name.as_str()),
            Box::new(self.staff_id.as_str()),
            Box::new(self.staff_name.as_str()),
            Box::new(self.outflow_at),
            Box::new(outflow_key(self.outflow_at)),
            Box::new(self.delete_by.name()),
            Box::new(&self.tags),
            Box::new(self.customer_type),
            Box::new(self.relation.created_at),
            Box::new(self.relation.add_way),
            Box::new(self.relation.state.as_str()),
            Box::new(self.relation.deleted_each_other),
            Box::new(self.keys.external_userid.as_str()),
            Box::new(self.keys.unionid.as_str()),
            Box::new(&self.keys.phones),
            Box::new(Jsonb(raw)),
        ]
    }

    fn from_row(row: &tokio_postgres::Row) -> Result<OutflowAlert, RowError> {
        let delete_by: String = row.try_get("delete_by")?;
        Ok(OutflowAlert {
            vendor: vendor(row, Self::TABLE)?,
            customer_id: row.try_get("customer_id")?,
            customer_name: row.try_get("customer_name")?,
            staff_id: row.try_get("staff_id")?,
            staff_name: row.try_get("staff_name")?,
            outflow_at: row.try_get("outflow_at")?,
            delete_by: DeleteBy::from(delete_by),
            tags: row.try_get("tags")?,
            customer_type: row.try_get("customer_type")?,
            relation: EndedRelation {
                created_at: row.try_get("relation_created_at")?,
                add_way: row.try_get("add_way")?,
                state: row.try_get("state")?,
                deleted_each_other: row.try_get("deleted_each_other")?,
            },
            keys: PersonKeys {
                external_userid: row.try_get("external_userid")?,
                unionid: row.try_get("unionid")?,
                phones: row.try_get("phones")?,
            },
            raw: raw(row)?,
        })
    }
}

/// The alert's time as the unique key uses it (0 when it has none).
pub fn outflow_key(at: Option<DateTime<Utc>>) -> i64 {
    at.map_or(0, |t| t.timestamp())
}

impl Row for Operator {
    const TABLE: &'static str = "operators";
    const COLUMNS: &'static [(&'static str, Type)] = &[
        ("vendor", Type::TEXT),
        ("id", Type::TEXT),
        ("ord", Type::INT8),
        ("run_id", Type::INT8),
        ("wechat_no", Type::TEXT),
        ("nickname", Type::TEXT),
        ("friends", Type::INT8),
        ("groups", Type::INT8),
        ("staff_code", Type::TEXT),
        ("staff_name", Type::TEXT),
        ("authorized", Type::BOOL),
        ("push", Type::BOOL),
        ("call_records", Type::BOOL),
        ("raw", Type::JSONB),
    ];
    const KEY: &'static str = "vendor, id";

    fn values<'a>(&'a self, ord: i64, run: i64, raw: &'a str) -> Vec<Value<'a>> {
        let count = |n: Option<u64>| n.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        vec![
            Box::new(self.vendor.name()),
            Box::new(self.id.as_str()),
            Box::new(ord),
            Box::new(run),
            Box::new(self.wechat_no.as_str()),
            Box::new(self.nickname.as_str()),
            Box::new(count(self.friends)),
            Box::new(count(self.groups)),
            Box::new(self.staff_code.as_str()),
            Box::new(self.staff_name.as_str()),
            Box::new(self.authorized),
            Box::new(self.push),
            Box::new(self.call_records),
            Box::new(Jsonb(raw)),
        ]
    }

    fn from_row(row: &tokio_postgres::Row) -> Result<Operator, RowError> {
        let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok());
        Ok(Operator {
            vendor: vendor(row, Self::TABLE)?,
            id: row.try_get("id")?,
            wechat_no: row.try_get("wechat_no")?,
            nickname: row.try_get("nickname")?,
            friends: count(row.try_get("friends")?),
            groups: count(row.try_get("groups")?),
            staff_code: row.try_get("staff_code")?,
            staff_name: row.try_get("staff_name")?,
            authorized: row.try_get("authorized")?,
            push: row.try_get("push")?,
            call_records: row.try_get("call_records")?,
            raw: raw(row)?,
        })
    }
}

/// The columns to select for a record type: every copied column (arrays and jsonb as they
/// are, the tags of customers as text), then `raw` as text, last.
pub fn select_list<R: Row>() -> String {
    let mut columns: Vec<String> = R::COLUMNS
        .iter()
        .filter(|(name, _)| *name != "raw")
        .map(|(name, _)| match *name {
            "tags" if R::TABLE == "customers" => String::from("tags::text AS tags_text"),
            other => other.to_owned(),
        })
        .collect();
    columns.push(String::from("raw::text"));
    columns.join(", ")
}
