//! The record types — store, customer, outflow alert, operator account — and a record that
//! could not be read.

use std::fmt;

use chrono::{DateTime, Utc};

use super::{Account, RawJson, Vendor};

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

/// A customer tag, with its group when the vendor says which (the colour of its chip).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tag {
    pub name: String,
    /// Empty when unknown.
    pub group: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CustomerStatus {
    Normal,
    /// The customer deleted the staff member (已流失).
    Lost,
}

impl CustomerStatus {
    /// The status a name stands for (`normal`, `lost`), as written by [`name`](Self::name).
    pub fn parse(name: &str) -> Option<CustomerStatus> {
        [CustomerStatus::Normal, CustomerStatus::Lost]
            .into_iter()
            .find(|s| s.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            CustomerStatus::Normal => "normal",
            CustomerStatus::Lost => "lost",
        }
    }
}

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

/// What identifies a person across vendors: WeCom's external userid and WeChat's unionid are
/// exact; a phone number is only a hint (families share one, numbers change hands).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PersonKeys {
    /// Empty when unknown.
    pub external_userid: String,
    /// Empty when unknown.
    pub unionid: String,
    pub phones: Vec<String>,
}

/// What an outflow alert says about the relation that ended (`staff_relation`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EndedRelation {
    /// When the staff member added the customer.
    pub created_at: Option<DateTime<Utc>>,
    /// WeCom's `add_way` code.
    pub add_way: Option<i64>,
    /// The channel code (`wb:…`).
    pub state: String,
    /// Both sides deleted each other.
    pub deleted_each_other: bool,
}

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
    pub raw: RawJson,
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

/// Who ended an outflow relationship (Weiban's `delete_by`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "String", into = "String")]
pub enum DeleteBy {
    /// `external_user`: the customer deleted the staff member.
    Customer,
    /// `staff`: the staff member deleted the customer.
    Staff,
    /// A word the vendor has not documented, kept as it came (empty when missing).
    Other(String),
}

impl DeleteBy {
    /// The vendor's word, as `get` prints it.
    pub fn name(&self) -> &str {
        match self {
            DeleteBy::Customer => "external_user",
            DeleteBy::Staff => "staff",
            DeleteBy::Other(word) => word,
        }
    }
}

impl From<String> for DeleteBy {
    fn from(word: String) -> Self {
        match word.as_str() {
            "external_user" => DeleteBy::Customer,
            "staff" => DeleteBy::Staff,
            _ => DeleteBy::Other(word),
        }
    }
}

impl From<&str> for DeleteBy {
    fn from(word: &str) -> Self {
        DeleteBy::from(word.to_owned())
    }
}

impl From<DeleteBy> for String {
    fn from(by: DeleteBy) -> String {
        by.name().to_owned()
    }
}

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

/// A record the vendor sent that could not be decoded: reported, never silently dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub vendor: Vendor,
    pub endpoint: &'static str,
    pub page: u64,
    /// Position within the page, from 0.
    pub index: usize,
    /// The record's id, when even that much could be read.
    pub id: Option<String>,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: skipped record {} of page {}",
            self.vendor,
            self.endpoint,
            self.index + 1,
            self.page
        )?;
        if let Some(id) = &self.id {
            write!(f, " (id {id})")?;
        }
        write!(f, ": {}", self.reason)
    }
}
