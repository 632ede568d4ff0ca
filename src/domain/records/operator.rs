//! A Youmi operator WeChat account (运营号), and the Operators pane it fills — names, key,
//! vendors and columns, declared once here.

use crate::domain::column::{ACCOUNT, PaneColumn, Show, YES_NO};
use crate::domain::stored::{Field, FieldError, Fields, Stored, count, count_of, text};
use crate::domain::{
    Account, Cell, Column, ColumnKey, Descriptor, RawJson, Record, Resource, Vendor,
};

/// A Youmi operator WeChat account (运营号), joined with the staff member it is bound to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Operator {
    pub vendor: Vendor,
    /// Which of the vendor's accounts (`[[weiban]] account = …`) it came from.
    #[serde(default)]
    pub account: Account,
    pub id: String,
    pub wechat_no: String,
    pub nickname: String,
    pub friends: Option<u64>,
    pub groups: Option<u64>,
    pub staff_code: String,
    pub staff_name: String,
    /// Monitoring authorised (`ad_wechat_friends`).
    pub authorized: bool,
    /// Push authorised (`ad_wechat_push`).
    pub push: bool,
    /// Work-phone call records authorised (`ad_wechat_record`).
    pub call_records: bool,
    pub raw: RawJson,
}

impl Record for Operator {
    const RESOURCE: Resource = Resource::Operators;

    const DESCRIPTOR: Descriptor = Descriptor {
        name: "operators",
        title: ["Operators", "运营号"],
        singular: ["Operator", "运营号"],
        noun: ["operator accounts", "运营号"],
        key: "4",
        key_help: ["Operators pane", "运营号"],
        vendors: &[Vendor::Youmi],
        pane: &[
            PaneColumn::new(ColumnKey::WechatNo, ["Account", "账号"], 'A', Show::Text)
                .width(10, 20, 1, 9),
            PaneColumn::new(ColumnKey::Nickname, ["Nickname", "昵称"], 'N', Show::Text)
                .width(8, 24, 2, 8)
                .spelled(),
            PaneColumn::new(ColumnKey::Friends, ["Friends", "好友"], 'F', Show::Text)
                .width(7, 7, 0, 6),
            PaneColumn::new(ColumnKey::Groups, ["Groups", "群"], 'R', Show::Text).width(6, 6, 0, 5),
            PaneColumn::new(ColumnKey::StaffCode, ["Staff", "员工"], 'S', Show::Text)
                .width(5, 8, 0, 4),
            PaneColumn::new(
                ColumnKey::StaffName,
                ["Staff name", "员工姓名"],
                'M',
                Show::Text,
            )
            .width(8, 14, 1, 7)
            .spelled(),
            PaneColumn::new(ColumnKey::Authorized, ["Monitored", "监控"], 'O', YES_NO)
                .width(9, 9, 0, 3),
            PaneColumn::new(ColumnKey::Push, ["Push", "推送"], 'P', YES_NO).width(4, 4, 0, 2),
            PaneColumn::new(ColumnKey::CallRecords, ["Calls", "通话"], 'C', YES_NO)
                .width(5, 5, 0, 1),
            ACCOUNT,
        ],
    };

    fn columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: ColumnKey::Id,
                get: |o| Cell::Text(&o.id),
            },
            Column {
                key: ColumnKey::WechatNo,
                get: |o| Cell::Text(&o.wechat_no),
            },
            Column {
                key: ColumnKey::Nickname,
                get: |o| Cell::Text(&o.nickname),
            },
            Column {
                key: ColumnKey::Friends,
                get: |o| Cell::Count(o.friends),
            },
            Column {
                key: ColumnKey::Groups,
                get: |o| Cell::Count(o.groups),
            },
            Column {
                key: ColumnKey::StaffCode,
                get: |o| Cell::Text(&o.staff_code),
            },
            Column {
                key: ColumnKey::StaffName,
                get: |o| Cell::Text(&o.staff_name),
            },
            Column {
                key: ColumnKey::Authorized,
                get: |o| Cell::Bool(o.authorized),
            },
            Column {
                key: ColumnKey::Account,
                get: |o| Cell::Text(o.account.name()),
            },
        ]
    }

    fn extra_columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: ColumnKey::Push,
                get: |o| Cell::Bool(o.push),
            },
            Column {
                key: ColumnKey::CallRecords,
                get: |o| Cell::Bool(o.call_records),
            },
        ]
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self) -> &str {
        if self.nickname.is_empty() {
            &self.wechat_no
        } else {
            &self.nickname
        }
    }

    record_fields!();
}

/// The `operators` table.
impl Stored for Operator {
    const TABLE: &'static str = "operators";
    const KEY: &'static [&'static str] = &["id"];
    const FIELDS: &'static [Field<Operator>] = &[
        Field::text("id", |r| text(&r.id)),
        Field::text("wechat_no", |r| text(&r.wechat_no)),
        Field::text("nickname", |r| text(&r.nickname)),
        Field::int("friends", |r| count(r.friends)),
        Field::int("groups", |r| count(r.groups)),
        Field::text("staff_code", |r| text(&r.staff_code)),
        Field::text("staff_name", |r| text(&r.staff_name)),
        Field::bool("authorized", |r| r.authorized),
        Field::bool("push", |r| r.push),
        Field::bool("call_records", |r| r.call_records),
    ];

    fn from_fields(row: &dyn Fields) -> Result<Operator, FieldError> {
        Ok(Operator {
            account: row.account()?,
            vendor: row.vendor()?,
            id: row.text("id")?,
            wechat_no: row.text("wechat_no")?,
            nickname: row.text("nickname")?,
            friends: count_of(row.int("friends")?),
            groups: count_of(row.int("groups")?),
            staff_code: row.text("staff_code")?,
            staff_name: row.text("staff_name")?,
            authorized: row.bool("authorized")?,
            push: row.bool("push")?,
            call_records: row.bool("call_records")?,
            raw: row.raw()?,
        })
    }
}
