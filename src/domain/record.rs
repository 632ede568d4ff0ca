//! What every normalized record offers: its descriptor, its columns and its identity. Each
//! record type implements it in its own file under `records/`.

use super::{Account, Cell, Descriptor, RawJson, Resource, Vendor};

/// The columns records have, by the name `get` prints as a key or header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnKey {
    Id,
    Name,
    Address,
    City,
    Owner,
    OwnerExtId,
    Creator,
    Deleted,
    CreatedAt,
    Source,
    Remark,
    Staff,
    Tags,
    Status,
    AddedAt,
    CustomerId,
    CustomerName,
    StaffId,
    StaffName,
    OutflowAt,
    DeleteBy,
    WechatNo,
    Nickname,
    Friends,
    Groups,
    StaffCode,
    Authorized,
    Push,
    CallRecords,
    /// An outflow alert's triage: not in the record but in the triage log.
    Triage,
    /// Which of the vendor's accounts the record came from.
    Account,
    /// A staff member's WeCom userid.
    Userid,
    Alias,
    Department,
    Position,
    Mobile,
    ExternalContactAble,
    /// A staff member's outflow alerts in the lookback window: counted from the alerts
    /// loaded, not in the record.
    Outflow,
    /// … of which open, and claimed (from the triage log).
    Open,
    Claimed,
    /// Where an outflow alert came from: `wecom`, `weiban` or both.
    Origins,
}

impl ColumnKey {
    /// Every column key.
    pub const ALL: [ColumnKey; 41] = [
        ColumnKey::Id,
        ColumnKey::Name,
        ColumnKey::Address,
        ColumnKey::City,
        ColumnKey::Owner,
        ColumnKey::OwnerExtId,
        ColumnKey::Creator,
        ColumnKey::Deleted,
        ColumnKey::CreatedAt,
        ColumnKey::Source,
        ColumnKey::Remark,
        ColumnKey::Staff,
        ColumnKey::Tags,
        ColumnKey::Status,
        ColumnKey::AddedAt,
        ColumnKey::CustomerId,
        ColumnKey::CustomerName,
        ColumnKey::StaffId,
        ColumnKey::StaffName,
        ColumnKey::OutflowAt,
        ColumnKey::DeleteBy,
        ColumnKey::WechatNo,
        ColumnKey::Nickname,
        ColumnKey::Friends,
        ColumnKey::Groups,
        ColumnKey::StaffCode,
        ColumnKey::Authorized,
        ColumnKey::Push,
        ColumnKey::CallRecords,
        ColumnKey::Triage,
        ColumnKey::Account,
        ColumnKey::Userid,
        ColumnKey::Alias,
        ColumnKey::Department,
        ColumnKey::Position,
        ColumnKey::Mobile,
        ColumnKey::ExternalContactAble,
        ColumnKey::Outflow,
        ColumnKey::Open,
        ColumnKey::Claimed,
        ColumnKey::Origins,
    ];

    /// The column a name (as in [`ColumnKey::name`]) stands for.
    pub fn parse(name: &str) -> Option<ColumnKey> {
        ColumnKey::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether a resource's panes or records have this column (can be sorted by it).
    pub fn of(self, resource: Resource) -> bool {
        let in_pane = resource.describe().pane.iter().any(|c| c.key == self);
        in_pane || crate::each_record_type!(resource, |R| R::column(self).is_some())
    }

    /// The key in `get`'s JSON and the header in its CSV.
    pub fn name(self) -> &'static str {
        match self {
            ColumnKey::Id => "id",
            ColumnKey::Name => "name",
            ColumnKey::Address => "address",
            ColumnKey::City => "city",
            ColumnKey::Owner => "owner",
            ColumnKey::OwnerExtId => "owner_ext_id",
            ColumnKey::Creator => "creator",
            ColumnKey::Deleted => "deleted",
            ColumnKey::CreatedAt => "created_at",
            ColumnKey::Source => "source",
            ColumnKey::Remark => "remark",
            ColumnKey::Staff => "staff",
            ColumnKey::Tags => "tags",
            ColumnKey::Status => "status",
            ColumnKey::AddedAt => "added_at",
            ColumnKey::CustomerId => "customer_id",
            ColumnKey::CustomerName => "customer_name",
            ColumnKey::StaffId => "staff_id",
            ColumnKey::StaffName => "staff_name",
            ColumnKey::OutflowAt => "outflow_at",
            ColumnKey::DeleteBy => "delete_by",
            ColumnKey::WechatNo => "wechat_no",
            ColumnKey::Nickname => "nickname",
            ColumnKey::Friends => "friends",
            ColumnKey::Groups => "groups",
            ColumnKey::StaffCode => "staff_code",
            ColumnKey::Authorized => "authorized",
            ColumnKey::Push => "push",
            ColumnKey::CallRecords => "call_records",
            ColumnKey::Triage => "triage",
            ColumnKey::Account => "account",
            ColumnKey::Userid => "userid",
            ColumnKey::Alias => "alias",
            ColumnKey::Department => "department",
            ColumnKey::Position => "position",
            ColumnKey::Mobile => "mobile",
            ColumnKey::ExternalContactAble => "external_contact_able",
            ColumnKey::Outflow => "outflow",
            ColumnKey::Open => "open",
            ColumnKey::Claimed => "claimed",
            ColumnKey::Origins => "origins",
        }
    }
}

/// A named column of a record type.
pub struct Column<R: 'static> {
    pub key: ColumnKey,
    pub get: fn(&R) -> Cell<'_>,
}

/// What every normalized record offers to `get`, exports and the panes.
pub trait Record: Sized + Clone + PartialEq + Send + Sync + 'static {
    const RESOURCE: Resource;
    /// Its names, key, vendors and pane columns.
    const DESCRIPTOR: Descriptor;
    fn columns() -> &'static [Column<Self>];
    fn id(&self) -> &str;
    /// A human name for titles (a store's or customer's name).
    fn title(&self) -> &str;
    fn vendor(&self) -> Vendor;
    fn account(&self) -> &Account;
    /// Set by the fetch layer, which knows the account a client serves.
    fn account_mut(&mut self) -> &mut Account;
    fn raw(&self) -> &RawJson;

    /// What tells two records apart (the selection follows it across refreshes); the id,
    /// unless the same id can appear twice. The same id in two accounts is two records.
    fn key(&self) -> String {
        format!("{}{}", self.account().key_prefix(), self.id())
    }

    /// How records that arrived together (several vendors', several accounts') are listed:
    /// by vendor, then account, each in its vendor's order.
    fn list_order(&self, other: &Self) -> std::cmp::Ordering {
        (self.vendor(), self.account()).cmp(&(other.vendor(), other.account()))
    }

    /// Whether records of this kind may be quiet ([`Record::quiet`]).
    const MAY_BE_QUIET: bool = false;

    /// A record kept but not listed unless a filter asks for it (a handover is no loss).
    fn quiet(&self) -> bool {
        false
    }

    /// Columns the panes may show beyond the normalized ones (not printed by `get`).
    fn extra_columns() -> &'static [Column<Self>] {
        &[]
    }

    fn column(key: ColumnKey) -> Option<&'static Column<Self>> {
        Self::columns()
            .iter()
            .chain(Self::extra_columns())
            .find(|c| c.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Store;

    #[test]
    fn store_columns_are_the_design_columns_in_order() {
        let keys: Vec<_> = Store::columns().iter().map(|c| c.key.name()).collect();
        assert_eq!(
            keys,
            [
                "id",
                "name",
                "address",
                "city",
                "owner",
                "owner_ext_id",
                "creator",
                "deleted",
                "created_at",
                "account"
            ]
        );
    }
}
