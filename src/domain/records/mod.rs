//! The record types, one file each with its descriptor (names, key, vendors, columns), the
//! types they share, and a record that could not be read.

/// The `Record` accessors every record type writes the same way: its `vendor`, `account` and
/// `raw` fields.
macro_rules! record_fields {
    () => {
        fn vendor(&self) -> Vendor {
            self.vendor
        }

        fn account(&self) -> &Account {
            &self.account
        }

        fn account_mut(&mut self) -> &mut Account {
            &mut self.account
        }

        fn raw(&self) -> &RawJson {
            &self.raw
        }
    };
}

mod customer;
mod operator;
mod outflow;
mod staff;
mod store;

pub use customer::Customer;
pub use operator::Operator;
pub use outflow::{Origins, OutflowAlert};
pub use staff::{StaffMember, StaffStatus};
pub use store::Store;

use std::fmt;

use chrono::{DateTime, Utc};

use super::Vendor;

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

impl PersonKeys {
    /// The keys as customers' and alerts' rows keep them (`external_userid`, `unionid`,
    /// `phones`).
    pub fn from_fields(
        row: &dyn crate::domain::stored::Fields,
    ) -> Result<PersonKeys, crate::domain::stored::FieldError> {
        Ok(PersonKeys {
            external_userid: row.text("external_userid")?,
            unionid: row.text("unionid")?,
            phones: row.texts("phones")?,
        })
    }
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

/// Who ended an outflow relationship (Weiban's `delete_by`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "String", into = "String")]
pub enum DeleteBy {
    /// `external_user`: the customer deleted the staff member.
    Customer,
    /// `staff`: the staff member deleted the customer.
    Staff,
    /// `handover`: WeCom moved the customer to another staff member in an in-service
    /// handover (`DELETE_BY_TRANSFER`) — kept, never counted as outflow.
    Handover,
    /// `transfer_fail:REASON`: a handover the customer refused (`customer_refused`) or the
    /// receiver had no room for (`customer_limit_exceed`).
    TransferFailed(String),
    /// A word the vendor has not documented, kept as it came (empty when missing).
    Other(String),
}

impl DeleteBy {
    /// The vendor's word, as `get` prints it.
    pub fn name(&self) -> &str {
        match self {
            DeleteBy::Customer => "external_user",
            DeleteBy::Staff => "staff",
            DeleteBy::Handover => "handover",
            DeleteBy::TransferFailed(word) | DeleteBy::Other(word) => word,
        }
    }

    /// A failed handover's reason (`customer_refused`, …).
    pub fn transfer_failure(&self) -> Option<&str> {
        match self {
            DeleteBy::TransferFailed(word) => word.strip_prefix(TRANSFER_FAIL),
            _ => None,
        }
    }

    /// Whether this is a loss: a handover and a failed handover are not.
    pub fn is_outflow(&self) -> bool {
        !matches!(self, DeleteBy::Handover | DeleteBy::TransferFailed(_))
    }

    /// A failed handover, with WeCom's `FailReason`.
    pub fn transfer_failed(reason: &str) -> DeleteBy {
        DeleteBy::TransferFailed(format!("{TRANSFER_FAIL}{reason}"))
    }
}

/// How a failed handover's word begins.
const TRANSFER_FAIL: &str = "transfer_fail:";

impl From<String> for DeleteBy {
    fn from(word: String) -> Self {
        match word.as_str() {
            "external_user" => DeleteBy::Customer,
            "staff" => DeleteBy::Staff,
            "handover" => DeleteBy::Handover,
            w if w.starts_with(TRANSFER_FAIL) => DeleteBy::TransferFailed(word),
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
