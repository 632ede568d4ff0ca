//! A Weiban store (门店): its fields, and the Stores pane it fills — names, key, vendors and
//! columns, declared once here.

use chrono::{DateTime, Utc};

use crate::domain::column::{ACCOUNT, PaneColumn, Show};
use crate::domain::stored::{Field, FieldError, Fields, Stored, text};
use crate::domain::{
    Account, Cell, Column, ColumnKey, Descriptor, RawJson, Record, Resource, Vendor,
};

/// A Weiban store (门店).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Store {
    pub vendor: Vendor,
    /// Which of the vendor's accounts (`[[weiban]] account = …`) it came from.
    #[serde(default)]
    pub account: Account,
    pub id: String,
    pub name: String,
    pub address: String,
    pub city: String,
    /// The store owner's name.
    pub owner: String,
    pub owner_ext_id: String,
    /// The name of the staff member who created the store.
    pub creator: String,
    pub deleted: bool,
    pub created_at: Option<DateTime<Utc>>,
    pub raw: RawJson,
}

/// A deleted store says so, in a warning colour; a live one says nothing.
const DELETED: Show = Show::Flag {
    on: ["deleted", "已删除"],
    off: ["", ""],
    warn: true,
};

impl Record for Store {
    const RESOURCE: Resource = Resource::Stores;

    const DESCRIPTOR: Descriptor = Descriptor {
        name: "stores",
        title: ["Stores", "门店"],
        singular: ["Store", "门店"],
        noun: ["stores", "门店"],
        key: "1",
        key_help: ["Stores pane", "门店"],
        vendors: &[Vendor::Weiban],
        pane: &[
            PaneColumn::new(ColumnKey::Name, ["Name", "名称"], 'N', Show::Text)
                .width(12, 0, 3, 9)
                .spelled(),
            PaneColumn::new(ColumnKey::City, ["City", "城市"], 'C', Show::Text)
                .width(6, 10, 1, 6)
                .spelled(),
            PaneColumn::new(ColumnKey::Address, ["Address", "地址"], 'A', Show::Text)
                .width(12, 0, 4, 5),
            PaneColumn::new(ColumnKey::Owner, ["Owner", "负责人"], 'O', Show::Text)
                .width(6, 12, 1, 7)
                .spelled(),
            PaneColumn::new(ColumnKey::Creator, ["Creator", "创建人"], 'R', Show::Text)
                .width(7, 12, 1, 2)
                .spelled(),
            PaneColumn::new(
                ColumnKey::CreatedAt,
                ["Created", "创建时间"],
                'T',
                Show::Time,
            )
            .width(10, 16, 1, 4),
            PaneColumn::new(ColumnKey::Deleted, ["Deleted", "已删除"], 'D', DELETED)
                .width(7, 7, 0, 3),
            ACCOUNT,
        ],
    };

    fn columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: ColumnKey::Id,
                get: |s| Cell::Text(&s.id),
            },
            Column {
                key: ColumnKey::Name,
                get: |s| Cell::Text(&s.name),
            },
            Column {
                key: ColumnKey::Address,
                get: |s| Cell::Text(&s.address),
            },
            Column {
                key: ColumnKey::City,
                get: |s| Cell::Text(&s.city),
            },
            Column {
                key: ColumnKey::Owner,
                get: |s| Cell::Text(&s.owner),
            },
            Column {
                key: ColumnKey::OwnerExtId,
                get: |s| Cell::Text(&s.owner_ext_id),
            },
            Column {
                key: ColumnKey::Creator,
                get: |s| Cell::Text(&s.creator),
            },
            Column {
                key: ColumnKey::Deleted,
                get: |s| Cell::Bool(s.deleted),
            },
            Column {
                key: ColumnKey::CreatedAt,
                get: |s| Cell::Time(s.created_at),
            },
            Column {
                key: ColumnKey::Account,
                get: |s| Cell::Text(s.account.name()),
            },
        ]
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self) -> &str {
        &self.name
    }

    record_fields!();
}

/// The `stores` table.
impl Stored for Store {
    const TABLE: &'static str = "stores";
    const KEY: &'static [&'static str] = &["id"];
    const FIELDS: &'static [Field<Store>] = &[
        Field::text("id", |r| text(&r.id)),
        Field::text("name", |r| text(&r.name)),
        Field::text("address", |r| text(&r.address)),
        Field::text("city", |r| text(&r.city)),
        Field::text("owner", |r| text(&r.owner)),
        Field::text("owner_ext_id", |r| text(&r.owner_ext_id)),
        Field::text("creator", |r| text(&r.creator)),
        Field::bool("deleted", |r| r.deleted),
        Field::time("created_at", |r| r.created_at),
    ];

    fn from_fields(row: &dyn Fields) -> Result<Store, FieldError> {
        Ok(Store {
            account: row.account()?,
            vendor: row.vendor()?,
            id: row.text("id")?,
            name: row.text("name")?,
            address: row.text("address")?,
            city: row.text("city")?,
            owner: row.text("owner")?,
            owner_ext_id: row.text("owner_ext_id")?,
            creator: row.text("creator")?,
            deleted: row.bool("deleted")?,
            created_at: row.time("created_at")?,
            raw: row.raw()?,
        })
    }
}
