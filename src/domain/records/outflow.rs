//! A Weiban outflow alert (流失提醒): who left whom, when; and the Outflow pane it fills —
//! names, key, vendors and columns, declared once here.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use super::{DeleteBy, EndedRelation, PersonKeys};
use crate::domain::column::{ACCOUNT, PaneColumn, Show};
use crate::domain::stored::{Field, FieldError, Fields, Stored, text};
use crate::domain::{
    Account, Cell, Column, ColumnKey, Descriptor, RawJson, Record, Resource, Vendor,
};

/// A Weiban outflow alert (流失提醒): a customer who deleted a staff member, or was deleted.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutflowAlert {
    pub vendor: Vendor,
    /// Which of the vendor's accounts (`[[weiban]] account = …`) it came from.
    #[serde(default)]
    pub account: Account,
    pub customer_id: String,
    pub customer_name: String,
    /// The staff member's id as the alert's `staff` object gives it: the user id (`mia`) in
    /// one answer, a number (`102468059`) in another. Part of the alert's key.
    pub staff_id: String,
    /// The staff member's ext_id (`mia`), the identifier the customer detail and the stores
    /// use; empty when the alert has none.
    #[serde(default)]
    pub staff_ext_id: String,
    pub staff_name: String,
    pub outflow_at: Option<DateTime<Utc>>,
    pub delete_by: DeleteBy,
    /// Tag names.
    pub tags: Vec<String>,
    /// WeCom's kind of contact (`type`: 1 WeChat, 2 WeCom), when sent.
    #[serde(default)]
    pub customer_type: Option<i64>,
    #[serde(default)]
    pub relation: EndedRelation,
    #[serde(default)]
    pub keys: PersonKeys,
    /// Where it came from: WeCom's callback, Weiban's list, or both for the same loss.
    #[serde(default = "Origins::weiban")]
    pub origins: Origins,
    pub raw: RawJson,
}

/// Where an alert came from. WeCom's callback says it first, with ids only; Weiban's list
/// later reports the same loss with names, tags and the relation: then both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origins {
    pub wecom: bool,
    pub weiban: bool,
}

impl Origins {
    pub const WECOM: Origins = Origins {
        wecom: true,
        weiban: false,
    };
    pub const WEIBAN: Origins = Origins {
        wecom: false,
        weiban: true,
    };

    /// What an alert kept before origins were recorded came from: Weiban's list.
    pub fn weiban() -> Origins {
        Origins::WEIBAN
    }

    /// `wecom`, `weiban`, in that order: as `get` prints them and the table keeps them.
    pub fn names(self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.wecom {
            names.push("wecom");
        }
        if self.weiban {
            names.push("weiban");
        }
        names
    }

    /// The origins a list of names says (unknown names are ignored).
    pub fn of_names<S: AsRef<str>>(names: &[S]) -> Origins {
        let has = |n: &str| names.iter().any(|s| s.as_ref() == n);
        Origins {
            wecom: has("wecom"),
            weiban: has("weiban"),
        }
    }

    /// Only WeCom has told of it: the row shows ids, marked so.
    pub fn wecom_only(self) -> bool {
        self.wecom && !self.weiban
    }
}

#[cfg(test)]
impl OutflowAlert {
    /// A Weiban alert of `customer_id` deleted by the customer, naming its staff member by
    /// `staff_id`; the unit tests change what matters to each.
    pub(crate) fn for_test(customer_id: &str, staff_id: &str) -> OutflowAlert {
        OutflowAlert {
            account: Account::default(),
            vendor: Vendor::Weiban,
            customer_id: customer_id.into(),
            customer_name: String::new(),
            staff_id: staff_id.into(),
            staff_ext_id: staff_id.into(),
            staff_name: String::new(),
            outflow_at: None,
            delete_by: DeleteBy::Customer,
            tags: Vec::new(),
            customer_type: None,
            relation: Default::default(),
            keys: Default::default(),
            origins: Origins::WEIBAN,
            raw: RawJson::new("{}"),
        }
    }
}

impl OutflowAlert {
    /// The staff member as other answers name them: the ext_id, else the id.
    pub fn staff_key(&self) -> &str {
        if self.staff_ext_id.is_empty() {
            &self.staff_id
        } else {
            &self.staff_ext_id
        }
    }

    /// Whether `id` names the alert's staff member, by either of the alert's identifiers.
    pub fn names_staff(&self, id: &str) -> bool {
        !id.is_empty() && (id == self.staff_ext_id || id == self.staff_id)
    }
}

impl Record for OutflowAlert {
    const RESOURCE: Resource = Resource::Outflow;

    const DESCRIPTOR: Descriptor = Descriptor {
        name: "outflow",
        title: ["Outflow", "流失"],
        singular: ["Outflow alert", "流失提醒"],
        noun: ["outflow alerts", "流失提醒"],
        key: "3",
        key_help: ["Outflow pane", "流失提醒"],
        vendors: &[Vendor::Weiban],
        pane: &[
            PaneColumn::new(ColumnKey::OutflowAt, ["When", "时间"], 'W', Show::Recent)
                .width(11, 11, 0, 9),
            PaneColumn::new(
                ColumnKey::CustomerName,
                ["Customer", "客户"],
                'C',
                Show::Text,
            )
            .width(10, 24, 2, 8)
            .spelled(),
            PaneColumn::new(ColumnKey::StaffName, ["Staff", "员工"], 'S', Show::Text)
                .width(6, 14, 1, 7)
                .spelled(),
            PaneColumn::new(ColumnKey::Triage, ["Triage", "处理"], 'R', Show::Triage)
                .width(10, 16, 1, 6),
            PaneColumn::new(
                ColumnKey::DeleteBy,
                ["Deleted by", "删除方"],
                'D',
                Show::Text,
            )
            .width(10, 10, 0, 5),
            PaneColumn::new(ColumnKey::Origins, ["From", "来源"], 'F', Show::Text)
                .width(12, 12, 0, 1),
            PaneColumn::new(ColumnKey::Tags, ["Tags", "标签"], 'T', Show::Text).width(8, 0, 3, 4),
            PaneColumn::new(
                ColumnKey::CustomerId,
                ["Customer id", "客户 id"],
                'I',
                Show::Text,
            )
            .width(12, 34, 1, 2),
            ACCOUNT,
        ],
    };

    fn columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: ColumnKey::CustomerId,
                get: |a| Cell::Text(&a.customer_id),
            },
            Column {
                key: ColumnKey::CustomerName,
                get: |a| Cell::Text(&a.customer_name),
            },
            Column {
                key: ColumnKey::StaffId,
                get: |a| Cell::Text(&a.staff_id),
            },
            Column {
                key: ColumnKey::StaffName,
                get: |a| Cell::Text(&a.staff_name),
            },
            Column {
                key: ColumnKey::OutflowAt,
                get: |a| Cell::Time(a.outflow_at),
            },
            Column {
                key: ColumnKey::DeleteBy,
                get: |a| Cell::DeleteBy(&a.delete_by),
            },
            Column {
                key: ColumnKey::Tags,
                get: |a| Cell::List(&a.tags),
            },
            Column {
                key: ColumnKey::Origins,
                get: |a| Cell::Origins(a.origins),
            },
            Column {
                key: ColumnKey::Account,
                get: |a| Cell::Text(a.account.name()),
            },
        ]
    }

    fn id(&self) -> &str {
        &self.customer_id
    }

    /// Newest first, whoever told of it (WeCom's and Weiban's alerts interleave).
    fn list_order(&self, other: &Self) -> std::cmp::Ordering {
        other.outflow_at.cmp(&self.outflow_at)
    }

    const MAY_BE_QUIET: bool = true;

    /// A handover moved the customer within the company: shown under a filter only.
    fn quiet(&self) -> bool {
        self.delete_by == DeleteBy::Handover
    }

    /// A customer can leave several staff members, and the same one again later.
    fn key(&self) -> String {
        let at = self.outflow_at.map_or(0, |t| t.timestamp());
        let account = self.account.key_prefix();
        format!("{account}{}|{}|{at}", self.customer_id, self.staff_id)
    }

    fn title(&self) -> &str {
        &self.customer_name
    }

    record_fields!();
}

/// The `outflow_alerts` table: each alert kept forever, once, with a sequence number.
impl Stored for OutflowAlert {
    const TABLE: &'static str = "outflow_alerts";
    /// As the live pane tells alerts apart ([`Record::key`]).
    const KEY: &'static [&'static str] = &["customer_id", "staff_id", "outflow_key"];
    const APPENDED: bool = true;
    const FIELDS: &'static [Field<OutflowAlert>] = &[
        Field::text("customer_id", |r| text(&r.customer_id)),
        Field::text("customer_name", |r| text(&r.customer_name)),
        Field::text("staff_id", |r| text(&r.staff_id)),
        Field::text("staff_ext_id", |r| text(&r.staff_ext_id)),
        Field::text("staff_name", |r| text(&r.staff_name)),
        Field::time("outflow_at", |r| r.outflow_at),
        // The time as the unique key uses it (0 when it has none).
        Field::int("outflow_key", |r| {
            Some(r.outflow_at.map_or(0, |t| t.timestamp()))
        }),
        Field::text("delete_by", |r| text(r.delete_by.name())),
        Field::texts("tags", |r| Cow::Borrowed(&r.tags)),
        Field::int("customer_type", |r| r.customer_type),
        Field::time("relation_created_at", |r| r.relation.created_at),
        Field::int("add_way", |r| r.relation.add_way),
        Field::text("state", |r| text(&r.relation.state)),
        Field::bool("deleted_each_other", |r| r.relation.deleted_each_other),
        Field::text("external_userid", |r| text(&r.keys.external_userid)),
        Field::text("unionid", |r| text(&r.keys.unionid)),
        Field::texts("phones", |r| Cow::Borrowed(&r.keys.phones)),
        Field::texts("origins", |r| {
            Cow::Owned(r.origins.names().into_iter().map(String::from).collect())
        }),
    ];

    fn from_fields(row: &dyn Fields) -> Result<OutflowAlert, FieldError> {
        Ok(OutflowAlert {
            account: row.account()?,
            vendor: row.vendor()?,
            customer_id: row.text("customer_id")?,
            customer_name: row.text("customer_name")?,
            staff_id: row.text("staff_id")?,
            staff_ext_id: row.text("staff_ext_id")?,
            staff_name: row.text("staff_name")?,
            outflow_at: row.time("outflow_at")?,
            delete_by: DeleteBy::from(row.text("delete_by")?),
            tags: row.texts("tags")?,
            customer_type: row.int("customer_type")?,
            relation: EndedRelation {
                created_at: row.time("relation_created_at")?,
                add_way: row.int("add_way")?,
                state: row.text("state")?,
                deleted_each_other: row.bool("deleted_each_other")?,
            },
            keys: PersonKeys::from_fields(row)?,
            origins: Origins::of_names(&row.texts("origins")?),
            raw: row.raw()?,
        })
    }
}
