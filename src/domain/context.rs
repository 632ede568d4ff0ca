//! What a vendor knows of one customer beyond the lists: every staff member's relation with
//! them (who still follows them) and what happened lately — the context of an outflow alert.

use std::fmt;

use chrono::{DateTime, Utc};

use super::{DeleteBy, LoadFailure, OutflowAlert, RawJson};

/// WeCom's kinds of external contact (`type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "i64", into = "i64")]
pub enum CustomerKind {
    /// 1: a WeChat user.
    WeChat,
    /// 2: a WeCom user of another company.
    WeCom,
    Other(i64),
}

impl From<i64> for CustomerKind {
    fn from(code: i64) -> CustomerKind {
        CustomerKind::from_code(code)
    }
}

impl From<CustomerKind> for i64 {
    fn from(kind: CustomerKind) -> i64 {
        match kind {
            CustomerKind::WeChat => 1,
            CustomerKind::WeCom => 2,
            CustomerKind::Other(code) => code,
        }
    }
}

impl CustomerKind {
    pub fn from_code(code: i64) -> CustomerKind {
        match code {
            1 => CustomerKind::WeChat,
            2 => CustomerKind::WeCom,
            other => CustomerKind::Other(other),
        }
    }
}

/// One staff member's relation with the customer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Follow {
    /// The staff member's user id (ext_id), as alerts name them.
    pub staff_id: String,
    pub staff_name: String,
    pub created_at: Option<DateTime<Utc>>,
    /// When the relation ended; `None` while it lasts.
    pub deleted_at: Option<DateTime<Utc>>,
    pub deleted_by: Option<DeleteBy>,
    /// How the customer was added (WeCom's `add_way` code).
    pub add_way: Option<i64>,
    /// The channel: its code (`state`) and its description (`state_text`).
    pub state: String,
    pub state_text: String,
}

impl Follow {
    pub fn is_active(&self) -> bool {
        self.deleted_at.is_none()
    }
}

/// A customer with every staff member's relation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CustomerDetail {
    pub id: String,
    pub name: String,
    pub kind: CustomerKind,
    pub unionid: String,
    pub follows: Vec<Follow>,
    pub raw: RawJson,
}

/// Something that happened to a customer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CustomerEvent {
    pub at: Option<DateTime<Utc>>,
    pub title: String,
    pub content: String,
    pub staff_name: String,
}

/// What one fetch of a customer's context brings: the detail, and the latest events (which
/// may fail on their own: they need the vendor's basic seat).
#[derive(Debug, Clone)]
pub struct CustomerContext {
    pub detail: CustomerDetail,
    pub events: Result<Vec<CustomerEvent>, LoadFailure>,
}

/// A context as the team's database keeps it: the detail and the events that arrived.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeptContext {
    pub detail: CustomerDetail,
    pub events: Vec<CustomerEvent>,
}

/// How WeCom says a customer was added (`add_way`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddWay {
    Unknown,
    QrCode,
    PhoneSearch,
    CardShare,
    GroupChat,
    Contacts,
    WeChatContacts,
    FriendRequest,
    ThirdPartyApp,
    Email,
    InternalShare,
    AdminAssignment,
    Other(i64),
}

impl AddWay {
    pub fn from_code(code: i64) -> AddWay {
        match code {
            0 => AddWay::Unknown,
            1 => AddWay::QrCode,
            2 => AddWay::PhoneSearch,
            3 => AddWay::CardShare,
            4 => AddWay::GroupChat,
            5 => AddWay::Contacts,
            6 => AddWay::WeChatContacts,
            7 => AddWay::FriendRequest,
            8 => AddWay::ThirdPartyApp,
            9 => AddWay::Email,
            201 => AddWay::InternalShare,
            202 => AddWay::AdminAssignment,
            other => AddWay::Other(other),
        }
    }

    /// English and Chinese, as the UI picks by language; `get` prints the English.
    pub fn names(self) -> [String; 2] {
        let [en, zh] = match self {
            AddWay::Unknown => ["unknown", "未知来源"],
            AddWay::QrCode => ["QR code", "扫描二维码"],
            AddWay::PhoneSearch => ["phone search", "搜索手机号"],
            AddWay::CardShare => ["card share", "名片分享"],
            AddWay::GroupChat => ["group chat", "群聊"],
            AddWay::Contacts => ["phone contacts", "手机通讯录"],
            AddWay::WeChatContacts => ["WeChat contacts", "微信联系人"],
            AddWay::FriendRequest => ["friend request", "来自微信的添加好友申请"],
            AddWay::ThirdPartyApp => ["third-party app", "安装第三方应用时自动添加的客服人员"],
            AddWay::Email => ["email", "搜索邮箱"],
            AddWay::InternalShare => ["shared by a colleague", "内部成员共享"],
            AddWay::AdminAssignment => ["assigned by an admin", "管理员/负责人分配"],
            AddWay::Other(code) => return [format!("other ({code})"), format!("其他 ({code})")],
        };
        [en.to_owned(), zh.to_owned()]
    }
}

impl fmt::Display for AddWay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [en, _] = self.names();
        f.write_str(&en)
    }
}

/// What staff ask about an alert, answered from the alert and, when fetched, the customer's
/// detail.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertStory {
    /// Whole days from the relation's creation to its deletion.
    pub retention_days: Option<i64>,
    pub add_way: Option<AddWay>,
    /// The channel's description (`state_text`), or its code when there is none.
    pub channel: String,
    /// Every staff member still following the customer, by name, sorted; `None` without the
    /// detail.
    pub followed_by: Option<Vec<String>>,
    /// The alert's own staff member follows the customer again; `None` without the detail.
    pub recovered: Option<bool>,
}

impl AlertStory {
    pub fn of(alert: &OutflowAlert, detail: Option<&CustomerDetail>) -> AlertStory {
        let relation = &alert.relation;
        // The detail's entry for this staff member: the relation that ended, or a new one.
        let own: Vec<&Follow> = detail
            .map(|d| {
                d.follows
                    .iter()
                    .filter(|f| alert.names_staff(&f.staff_id))
                    .collect()
            })
            .unwrap_or_default();
        let ended = own
            .iter()
            .find(|f| f.created_at.is_some() && f.created_at == relation.created_at)
            .or(own.first());
        // The alert's own creation time; the detail's when the alert has none.
        let created = relation.created_at.or(ended.and_then(|f| f.created_at));
        let retention_days = match (created, alert.outflow_at) {
            (Some(from), Some(to)) if to >= from => Some((to - from).num_days()),
            _ => None,
        };
        let channel = channel(ended.copied(), &relation.state);
        let add_way = relation
            .add_way
            .or_else(|| ended.and_then(|f| f.add_way))
            .map(AddWay::from_code);
        let followed_by = detail.map(followers);
        let recovered = detail.map(|_| own.iter().any(|f| f.is_active()));
        AlertStory {
            retention_days,
            add_way,
            channel,
            followed_by,
            recovered,
        }
    }
}

/// Where the customer came from: the detail's channel name, else the alert's own `state`,
/// else the detail's.
fn channel(ended: Option<&Follow>, alert_state: &str) -> String {
    let state_text = ended.map_or("", |f| f.state_text.as_str());
    if !state_text.is_empty() {
        return state_text.to_owned();
    }
    if alert_state.is_empty() {
        ended.map_or("", |f| f.state.as_str()).to_owned()
    } else {
        alert_state.to_owned()
    }
}

/// Who follows the customer now, by name (by id when nameless), each once.
fn followers(detail: &CustomerDetail) -> Vec<String> {
    let mut names: Vec<String> = detail
        .follows
        .iter()
        .filter(|f| f.is_active())
        .map(|f| {
            if f.staff_name.is_empty() {
                f.staff_id.clone()
            } else {
                f.staff_name.clone()
            }
        })
        .collect();
    names.sort();
    names.dedup();
    names
}
