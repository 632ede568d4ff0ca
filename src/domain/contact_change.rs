//! What WeCom's `change_external_contact` callback says happened between a customer and a
//! staff member, and the outflow alert it makes: ids only, at the moment it happened.

use chrono::{DateTime, Utc};

use super::{Account, DeleteBy, EndedRelation, Origins, OutflowAlert, PersonKeys, RawJson, Vendor};

/// WeCom's `ChangeType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeType {
    /// `del_follow_user`: the customer deleted the staff member — outflow.
    DelFollowUser,
    /// `del_external_contact`: the staff member deleted the customer (a handover when its
    /// `Source` is `DELETE_BY_TRANSFER`).
    DelExternalContact,
    /// `transfer_fail`: a handover did not happen (`FailReason`).
    TransferFail,
    /// `add_external_contact`, `edit_external_contact`, …: kept, no alert.
    Other(String),
}

impl ChangeType {
    pub fn parse(word: &str) -> ChangeType {
        match word {
            "del_follow_user" => ChangeType::DelFollowUser,
            "del_external_contact" => ChangeType::DelExternalContact,
            "transfer_fail" => ChangeType::TransferFail,
            other => ChangeType::Other(other.to_owned()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            ChangeType::DelFollowUser => "del_follow_user",
            ChangeType::DelExternalContact => "del_external_contact",
            ChangeType::TransferFail => "transfer_fail",
            ChangeType::Other(word) => word,
        }
    }
}

/// One `change_external_contact` event, decrypted and read.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactChange {
    /// The account whose callback URL it came to.
    pub account: Account,
    /// `ToUserName`: the corp.
    pub corp_id: String,
    /// `FromUserName`: WeCom's sender (`sys`).
    pub from: String,
    /// `CreateTime`.
    pub at: DateTime<Utc>,
    pub change: ChangeType,
    /// `UserID`: the staff member's WeCom userid.
    pub staff_userid: String,
    /// `ExternalUserID`: the customer.
    pub external_userid: String,
    /// `Source` (`DELETE_BY_TRANSFER`), when sent.
    pub source: String,
    /// `FailReason` of a `transfer_fail`.
    pub fail_reason: String,
    /// Every field as WeCom sent it, as a JSON object (for the detail view).
    pub raw: RawJson,
}

/// `Source` of a deletion made by an in-service handover.
pub const DELETE_BY_TRANSFER: &str = "DELETE_BY_TRANSFER";

impl ContactChange {
    /// What tells this event apart from any other, the same for WeCom's retries of it.
    pub fn event_key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}",
            self.from,
            self.at.timestamp(),
            self.change.name(),
            self.staff_userid,
            self.external_userid
        )
    }

    /// How the loss was made, for the alert; `None` for changes that are no loss.
    fn delete_by(&self) -> Option<DeleteBy> {
        match self.change {
            ChangeType::DelFollowUser => Some(DeleteBy::Customer),
            ChangeType::DelExternalContact if self.source == DELETE_BY_TRANSFER => {
                Some(DeleteBy::Handover)
            }
            ChangeType::DelExternalContact => Some(DeleteBy::Staff),
            ChangeType::TransferFail => Some(DeleteBy::transfer_failed(&self.fail_reason)),
            ChangeType::Other(_) => None,
        }
    }

    /// The outflow alert this event makes: ids only, names are filled in by whoever knows
    /// them. `None` for changes that are no loss (`add_external_contact`, …).
    pub fn alert(&self) -> Option<OutflowAlert> {
        if self.external_userid.is_empty() || self.staff_userid.is_empty() {
            return None;
        }
        Some(OutflowAlert {
            vendor: Vendor::Wecom,
            account: self.account.clone(),
            customer_id: self.external_userid.clone(),
            customer_name: String::new(),
            staff_id: self.staff_userid.clone(),
            staff_ext_id: self.staff_userid.clone(),
            staff_name: String::new(),
            outflow_at: Some(self.at),
            delete_by: self.delete_by()?,
            tags: Vec::new(),
            customer_type: None,
            relation: EndedRelation::default(),
            keys: PersonKeys {
                external_userid: self.external_userid.clone(),
                ..PersonKeys::default()
            },
            origins: Origins::WECOM,
            raw: self.raw.clone(),
        })
    }
}
