//! A staff member of the corp (员工), from Weiban's staff directory, and the Staff pane it
//! fills — names, key, vendors and columns, declared once here.

use crate::domain::column::{ACCOUNT, PaneColumn, Show};
use crate::domain::stored::{Field, FieldError, Fields, Stored, text};
use crate::domain::{
    Account, Cell, Column, ColumnKey, Descriptor, RawJson, Record, Resource, Vendor,
};

/// A staff member as the directory lists them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StaffMember {
    pub vendor: Vendor,
    /// Which of the vendor's accounts (`[[weiban]] account = …`) it came from.
    #[serde(default)]
    pub account: Account,
    /// WeCom's userid (Weiban's `ext_id`): what WeCom's callbacks, store owners and a
    /// customer's followers name the staff member by; the id support staff copy.
    pub userid: String,
    /// Weiban's own number for them (what some outflow alerts give as `staff.id`).
    pub number: String,
    pub name: String,
    pub alias: String,
    pub status: StaffStatus,
    /// Department names (or ids, when the answer gives only those), joined by `/`.
    pub department: String,
    pub mobile: String,
    pub position: String,
    /// May have customers (WeCom's customer-contact permission).
    pub external_contact_able: bool,
    pub raw: RawJson,
}

impl StaffMember {
    /// Whether `id` names this staff member: their WeCom userid or Weiban's number (alerts
    /// give either).
    pub fn is(&self, id: &str) -> bool {
        !id.is_empty() && (id == self.userid || id == self.number)
    }
}

/// Whether a staff member works here (Weiban's `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StaffStatus {
    /// 1: active.
    Active,
    /// 2: disabled in WeCom.
    Disabled,
    /// 4: not activated, or left the company.
    Left,
    /// A code the vendor has not documented (or none), kept as it came.
    Unknown(Option<i64>),
}

impl StaffStatus {
    pub fn from_code(code: Option<i64>) -> StaffStatus {
        match code {
            Some(1) => StaffStatus::Active,
            Some(2) => StaffStatus::Disabled,
            Some(4) => StaffStatus::Left,
            other => StaffStatus::Unknown(other),
        }
    }

    /// A status as [`name`](Self::name) writes it.
    pub fn parse(name: &str) -> StaffStatus {
        match name {
            "active" => StaffStatus::Active,
            "disabled" => StaffStatus::Disabled,
            "left" => StaffStatus::Left,
            other => StaffStatus::Unknown(other.parse().ok()),
        }
    }

    /// As `get` prints it: `active`, `disabled`, `left`, or the vendor's code.
    pub fn name(self) -> String {
        match self {
            StaffStatus::Active => String::from("active"),
            StaffStatus::Disabled => String::from("disabled"),
            StaffStatus::Left => String::from("left"),
            StaffStatus::Unknown(Some(code)) => code.to_string(),
            StaffStatus::Unknown(None) => String::new(),
        }
    }
}

impl Record for StaffMember {
    const RESOURCE: Resource = Resource::Staff;

    const DESCRIPTOR: Descriptor = Descriptor {
        name: "staff",
        title: ["Staff", "员工"],
        singular: ["Staff member", "员工"],
        noun: ["staff members", "员工"],
        key: "6",
        key_help: ["Staff pane", "员工"],
        vendors: &[Vendor::Weiban],
        pane: &[
            PaneColumn::new(ColumnKey::Name, ["Name", "姓名"], 'N', Show::Text)
                .width(6, 16, 1, 9)
                .spelled(),
            PaneColumn::new(
                ColumnKey::Userid,
                ["WeCom userid", "企微账号"],
                'U',
                Show::Text,
            )
            .width(10, 24, 1, 8),
            PaneColumn::new(
                ColumnKey::Department,
                ["Department", "部门"],
                'D',
                Show::Text,
            )
            .width(8, 0, 2, 6)
            .spelled(),
            PaneColumn::new(ColumnKey::Position, ["Position", "职位"], 'P', Show::Text)
                .width(6, 14, 1, 4)
                .spelled(),
            PaneColumn::new(ColumnKey::Status, ["Status", "状态"], 'S', Show::Text)
                .width(8, 8, 0, 7),
            PaneColumn::new(ColumnKey::Outflow, ["Outflow", "流失"], 'O', Show::Tally)
                .width(7, 7, 0, 5),
            PaneColumn::new(ColumnKey::Open, ["Open", "待处理"], 'E', Show::Tally)
                .width(6, 6, 0, 3),
            PaneColumn::new(ColumnKey::Claimed, ["Claimed", "已认领"], 'C', Show::Tally)
                .width(7, 7, 0, 2),
            ACCOUNT,
        ],
    };

    fn columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: ColumnKey::Userid,
                get: |s| Cell::Text(&s.userid),
            },
            Column {
                key: ColumnKey::Id,
                get: |s| Cell::Text(&s.number),
            },
            Column {
                key: ColumnKey::Name,
                get: |s| Cell::Text(&s.name),
            },
            Column {
                key: ColumnKey::Alias,
                get: |s| Cell::Text(&s.alias),
            },
            Column {
                key: ColumnKey::Department,
                get: |s| Cell::Text(&s.department),
            },
            Column {
                key: ColumnKey::Position,
                get: |s| Cell::Text(&s.position),
            },
            Column {
                key: ColumnKey::Mobile,
                get: |s| Cell::Text(&s.mobile),
            },
            Column {
                key: ColumnKey::Status,
                get: |s| Cell::StaffStatus(s.status),
            },
            Column {
                key: ColumnKey::ExternalContactAble,
                get: |s| Cell::Bool(s.external_contact_able),
            },
            Column {
                key: ColumnKey::Account,
                get: |s| Cell::Text(s.account.name()),
            },
        ]
    }

    /// The WeCom userid, else Weiban's number when the directory gives no userid.
    fn id(&self) -> &str {
        if self.userid.is_empty() {
            &self.number
        } else {
            &self.userid
        }
    }

    fn title(&self) -> &str {
        &self.name
    }

    record_fields!();
}

/// The `staff` table: the directory, replaced whole by each run.
impl Stored for StaffMember {
    const TABLE: &'static str = "staff";
    const KEY: &'static [&'static str] = &["userid", "number"];
    const FIELDS: &'static [Field<StaffMember>] = &[
        Field::text("userid", |r| text(&r.userid)),
        Field::text("number", |r| text(&r.number)),
        Field::text("name", |r| text(&r.name)),
        Field::text("alias", |r| text(&r.alias)),
        Field::text("status", |r| r.status.name().into()),
        Field::text("department", |r| text(&r.department)),
        Field::text("mobile", |r| text(&r.mobile)),
        Field::text("position", |r| text(&r.position)),
        Field::bool("external_contact_able", |r| r.external_contact_able),
    ];

    fn from_fields(row: &dyn Fields) -> Result<StaffMember, FieldError> {
        Ok(StaffMember {
            account: row.account()?,
            vendor: row.vendor()?,
            userid: row.text("userid")?,
            number: row.text("number")?,
            name: row.text("name")?,
            alias: row.text("alias")?,
            status: StaffStatus::parse(&row.text("status")?),
            department: row.text("department")?,
            mobile: row.text("mobile")?,
            position: row.text("position")?,
            external_contact_able: row.bool("external_contact_able")?,
            raw: row.raw()?,
        })
    }
}
