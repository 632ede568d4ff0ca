//! A customer as one staff member follows it, in any customer vendor, and the Customers pane
//! it fills — names, key, vendors and columns, declared once here.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use super::{CustomerStatus, PersonKeys, Tag};
use crate::domain::column::{ACCOUNT, PaneColumn, Show};
use crate::domain::stored::{Field, FieldError, Fields, Stored, text};
use crate::domain::{
    Account, Cell, Column, ColumnKey, Descriptor, RawJson, Record, Resource, Vendor,
};

/// A customer as one staff member follows it; the same person may appear once per staff
/// member and vendor.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Customer {
    /// The `source` column.
    pub vendor: Vendor,
    /// Which of the vendor's accounts (`[[weiban]] account = …`) it came from.
    #[serde(default)]
    pub account: Account,
    /// The id support staff copy: the WeCom external user id, or the vendor's customer id.
    pub id: String,
    pub name: String,
    pub remark: String,
    /// The owner staff member's name.
    pub staff: String,
    pub tags: Vec<Tag>,
    pub status: CustomerStatus,
    pub added_at: Option<DateTime<Utc>>,
    /// What identifies the person across vendors.
    #[serde(default)]
    pub keys: PersonKeys,
    pub raw: RawJson,
}

impl Record for Customer {
    const RESOURCE: Resource = Resource::Customers;

    const DESCRIPTOR: Descriptor = Descriptor {
        name: "customers",
        title: ["Customers", "客户"],
        singular: ["Customer", "客户"],
        noun: ["customers", "客户"],
        key: "2",
        key_help: ["Customers pane", "客户"],
        vendors: &[Vendor::Weiban, Vendor::Yunzhong, Vendor::Tanma],
        pane: &[
            PaneColumn::new(ColumnKey::Source, ["Source", "来源"], 'S', Show::Text)
                .width(8, 8, 0, 5),
            PaneColumn::new(ColumnKey::Name, ["Name", "姓名"], 'N', Show::Text)
                .width(10, 24, 2, 9)
                .spelled(),
            PaneColumn::new(ColumnKey::Remark, ["Remark", "备注"], 'R', Show::Text)
                .width(8, 20, 1, 3)
                .spelled(),
            PaneColumn::new(ColumnKey::Staff, ["Staff", "员工"], 'F', Show::Text)
                .width(6, 14, 1, 7)
                .spelled(),
            PaneColumn::new(ColumnKey::Tags, ["Tags", "标签"], 'T', Show::Text).width(10, 0, 4, 6),
            PaneColumn::new(ColumnKey::Status, ["Status", "状态"], 'U', Show::Text)
                .width(6, 6, 0, 8),
            PaneColumn::new(ColumnKey::AddedAt, ["Added", "添加时间"], 'A', Show::Time)
                .width(10, 16, 1, 4),
            ACCOUNT,
        ],
    };

    fn columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: ColumnKey::Source,
                get: |c| Cell::Text(c.vendor.name()),
            },
            Column {
                key: ColumnKey::Id,
                get: |c| Cell::Text(&c.id),
            },
            Column {
                key: ColumnKey::Name,
                get: |c| Cell::Text(&c.name),
            },
            Column {
                key: ColumnKey::Remark,
                get: |c| Cell::Text(&c.remark),
            },
            Column {
                key: ColumnKey::Staff,
                get: |c| Cell::Text(&c.staff),
            },
            Column {
                key: ColumnKey::Tags,
                get: |c| Cell::Tags(&c.tags),
            },
            Column {
                key: ColumnKey::Status,
                get: |c| Cell::Status(c.status),
            },
            Column {
                key: ColumnKey::AddedAt,
                get: |c| Cell::Time(c.added_at),
            },
            Column {
                key: ColumnKey::Account,
                get: |c| Cell::Text(c.account.name()),
            },
        ]
    }

    fn id(&self) -> &str {
        &self.id
    }

    /// The same person can be a customer of several vendors and staff members, under one id.
    fn key(&self) -> String {
        let account = self.account.key_prefix();
        format!("{account}{}|{}|{}", self.vendor, self.id, self.staff)
    }

    fn title(&self) -> &str {
        &self.name
    }

    record_fields!();
}

/// The `customers` table: one row per customer and staff member who follows them.
impl Stored for Customer {
    const TABLE: &'static str = "customers";
    const KEY: &'static [&'static str] = &["id", "staff"];
    const FIELDS: &'static [Field<Customer>] = &[
        Field::text("id", |r| text(&r.id)),
        Field::text("staff", |r| text(&r.staff)),
        Field::text("name", |r| text(&r.name)),
        Field::text("remark", |r| text(&r.remark)),
        Field::json("tags", |r| {
            serde_json::to_string(&r.tags).unwrap_or_else(|_| String::from("[]"))
        }),
        Field::text("status", |r| text(r.status.name())),
        Field::time("added_at", |r| r.added_at),
        Field::text("external_userid", |r| text(&r.keys.external_userid)),
        Field::text("unionid", |r| text(&r.keys.unionid)),
        Field::texts("phones", |r| Cow::Borrowed(&r.keys.phones)),
    ];

    fn from_fields(row: &dyn Fields) -> Result<Customer, FieldError> {
        let tags = row.json("tags")?;
        let status = row.text("status")?;
        Ok(Customer {
            account: row.account()?,
            vendor: row.vendor()?,
            id: row.text("id")?,
            name: row.text("name")?,
            remark: row.text("remark")?,
            staff: row.text("staff")?,
            tags: serde_json::from_str::<Vec<Tag>>(&tags).map_err(|e| {
                FieldError::value("tags", &tags, format!("not a list of tags: {e}"))
            })?,
            status: CustomerStatus::parse(&status).ok_or_else(|| {
                FieldError::value(
                    "status",
                    &status,
                    String::from("a status is normal or lost"),
                )
            })?,
            added_at: row.time("added_at")?,
            keys: PersonKeys::from_fields(row)?,
            raw: row.raw()?,
        })
    }
}
