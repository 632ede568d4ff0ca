//! A customer as one staff member follows it, in any customer vendor, and the Customers pane
//! it fills — names, key, vendors and columns, declared once here.

use chrono::{DateTime, Utc};

use super::{CustomerStatus, PersonKeys, Tag};
use crate::domain::column::{ACCOUNT, PaneColumn, Show};
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
