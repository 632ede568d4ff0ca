//! What a vendor knows of one customer beyond the lists: every staff member's relation with
//! them (who still follows them) and what happened lately — the context of an outflow alert.

use chrono::{DateTime, Utc};

use super::{DeleteBy, RawJson};

/// WeCom's kinds of external contact (`type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerKind {
    /// 1: a WeChat user.
    WeChat,
    /// 2: a WeCom user of another company.
    WeCom,
    Other(i64),
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
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerDetail {
    pub id: String,
    pub name: String,
    pub kind: CustomerKind,
    pub unionid: String,
    pub follows: Vec<Follow>,
    pub raw: RawJson,
}

/// Something that happened to a customer.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerEvent {
    pub at: Option<DateTime<Utc>>,
    pub title: String,
    pub content: String,
    pub staff_name: String,
}
