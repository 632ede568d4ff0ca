//! What every normalized record offers, and each record type's columns.

use super::{Account, Cell, Customer, Operator, OutflowAlert, RawJson, Resource, Store, Vendor};

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
}

impl ColumnKey {
    /// Every column key.
    pub const ALL: [ColumnKey; 31] = [
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
    ];

    /// The column a name (as in [`ColumnKey::name`]) stands for.
    pub fn parse(name: &str) -> Option<ColumnKey> {
        ColumnKey::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether a resource's records have this column (can be sorted by it).
    pub fn of(self, resource: super::Resource) -> bool {
        use super::{Customer, Operator, OutflowAlert, Resource, Store};
        match resource {
            Resource::Stores => Store::column(self).is_some(),
            Resource::Customers => Customer::column(self).is_some(),
            Resource::Outflow => self == ColumnKey::Triage || OutflowAlert::column(self).is_some(),
            Resource::Operators => Operator::column(self).is_some(),
        }
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

impl Record for Store {
    const RESOURCE: Resource = Resource::Stores;

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
}

impl Record for Customer {
    const RESOURCE: Resource = Resource::Customers;

    fn columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: ColumnKey::Source,
                get: |c| Cell::Text(c.vendor.name()),
            },
            Column {
                key: ColumnKey::Id,
                get: |c| Cell::Text(&c.id),
            },
            Column {
                key: ColumnKey::Name,
                get: |c| Cell::Text(&c.name),
            },
            Column {
                key: ColumnKey::Remark,
                get: |c| Cell::Text(&c.remark),
            },
            Column {
                key: ColumnKey::Staff,
                get: |c| Cell::Text(&c.staff),
            },
            Column {
                key: ColumnKey::Tags,
                get: |c| Cell::Tags(&c.tags),
            },
            Column {
                key: ColumnKey::Status,
                get: |c| Cell::Status(c.status),
            },
            Column {
                key: ColumnKey::AddedAt,
                get: |c| Cell::Time(c.added_at),
            },
            Column {
                key: ColumnKey::Account,
                get: |c| Cell::Text(c.account.name()),
            },
        ]
    }

    fn id(&self) -> &str {
        &self.id
    }

    /// The same person can be a customer of several vendors and staff members, under one id.
    fn key(&self) -> String {
        let account = self.account.key_prefix();
        format!("{account}{}|{}|{}", self.vendor, self.id, self.staff)
    }

    fn title(&self) -> &str {
        &self.name
    }

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
}

impl Record for OutflowAlert {
    const RESOURCE: Resource = Resource::Outflow;

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
                key: ColumnKey::Account,
                get: |a| Cell::Text(a.account.name()),
            },
        ]
    }

    fn id(&self) -> &str {
        &self.customer_id
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
}

impl Record for Operator {
    const RESOURCE: Resource = Resource::Operators;

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
}

#[cfg(test)]
mod tests {
    use super::*;

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
