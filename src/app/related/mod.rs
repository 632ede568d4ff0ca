//! Related records (`x`): for an alert or a customer, the same person in every customer
//! vendor (exactly by WeCom external userid or unionid; only possibly by a phone number);
//! for an alert the staff member in the directory, their other lost customers and the stores
//! they own; for a staff member, their stores and lost customers.

mod update;

use std::sync::Arc;

use super::cursor::Cursor;
use crate::domain::{
    Account, Customer, OutflowAlert, PersonKeys, Record, Resource, StaffMember, Store, Vendor,
};
use crate::engine::keymap::Action;

/// Why a record is related, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Link {
    /// The same WeCom external userid.
    ExternalUserId,
    /// The same WeChat unionid.
    UnionId,
    /// Only a phone number in common: possibly the same person.
    Phone,
    /// A store the alert's staff member owns.
    OwnedStore,
    /// Another customer the alert's staff member lost in the loaded window.
    SameStaff,
    /// The alert's staff member in the staff directory.
    StaffMember,
    /// A customer the staff member lost in the loaded window.
    Lost,
}

impl Link {
    /// The label of the row: `[english, chinese]`.
    pub fn label(self) -> [&'static str; 2] {
        match self {
            Link::ExternalUserId => ["external userid", "外部联系人 ID"],
            Link::UnionId => ["unionid", "unionid"],
            Link::Phone => ["possible: phone", "可能：手机号"],
            Link::SameStaff => ["same staff, lost", "同一员工流失"],
            Link::OwnedStore => ["staff's store", "员工的门店"],
            Link::StaffMember => ["the staff member", "该员工"],
            Link::Lost => ["lost customer", "流失客户"],
        }
    }
}

/// One related record: where it is (its pane and key) and what the list says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedRow {
    pub link: Link,
    pub resource: Resource,
    pub vendor: Vendor,
    /// The record's key in its pane.
    pub key: String,
    pub title: String,
    /// A second column: the staff member, the time, the address.
    pub note: String,
}

/// Where `x` was pressed, to come back to with `Esc`.
#[derive(Debug, Clone)]
pub struct Origin {
    pub pane: Resource,
    pub key: Option<String>,
    /// What was in front: the list, a detail, Insights.
    pub body: super::Body,
}

/// The related-records list, open over the screen.
#[derive(Debug, Clone)]
pub struct RelatedState {
    /// Whose relations these are (the title).
    pub subject: String,
    pub rows: Vec<RelatedRow>,
    pub cursor: Cursor,
    pub origin: Origin,
}

/// What the window asks of the app after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Moved within itself, or nothing.
    Stay,
    /// Go to the selected record.
    Jump,
    Close,
}

impl RelatedState {
    /// A key's action, `rows` of the list on screen.
    pub fn on_action(&mut self, action: Option<Action>, rows: usize) -> Reply {
        match action {
            Some(action) if self.cursor.step(action, self.rows.len(), rows) => Reply::Stay,
            Some(Action::Open) => Reply::Jump,
            Some(Action::Back | Action::Quit | Action::Related) => Reply::Close,
            _ => Reply::Stay,
        }
    }

    /// The row selected.
    pub fn selected(&self) -> Option<&RelatedRow> {
        self.rows.get(self.cursor.selected)
    }
}

/// The subject's keys matched against another person's: the strongest link, if any.
fn link(subject: &PersonKeys, other: &PersonKeys) -> Option<Link> {
    let same = |a: &str, b: &str| !a.is_empty() && a == b;
    if same(&subject.external_userid, &other.external_userid) {
        Some(Link::ExternalUserId)
    } else if same(&subject.unionid, &other.unionid) {
        Some(Link::UnionId)
    } else if subject
        .phones
        .iter()
        .any(|p| other.phones.iter().any(|q| same(p, q)))
    {
        Some(Link::Phone)
    } else {
        None
    }
}

fn customer_row(link: Link, c: &Customer) -> RelatedRow {
    RelatedRow {
        link,
        resource: Resource::Customers,
        vendor: c.vendor,
        key: c.key(),
        title: c.name.clone(),
        note: c.staff.clone(),
    }
}

fn alert_row(link: Link, a: &OutflowAlert, note: String) -> RelatedRow {
    RelatedRow {
        link,
        resource: Resource::Outflow,
        vendor: a.vendor,
        key: a.key(),
        title: a.customer_name.clone(),
        note,
    }
}

/// The same person among the customers (but `skip`, the subject itself) and the alerts of
/// `account`: two corps' records never relate, whatever ids they share.
fn same_person(
    account: &Account,
    keys: &PersonKeys,
    skip: Option<&str>,
    loaded: &Loaded,
    skip_alert: Option<&str>,
) -> Vec<RelatedRow> {
    let mut rows: Vec<RelatedRow> = loaded
        .customers
        .iter()
        .filter(|c| &c.account == account && skip != Some(c.key().as_str()))
        .filter_map(|c| link(keys, &c.keys).map(|l| customer_row(l, c)))
        .collect();
    rows.extend(
        loaded
            .alerts
            .iter()
            .filter(|a| &a.account == account && skip_alert != Some(a.key().as_str()))
            .filter_map(|a| link(keys, &a.keys).map(|l| alert_row(l, a, staff_of(a, loaded)))),
    );
    rows
}

/// The alert's staff member by name: the alert's own, else the directory's (an alert that
/// names them by id only), else the id.
fn staff_of(alert: &OutflowAlert, loaded: &Loaded) -> String {
    if !alert.staff_name.is_empty() {
        return alert.staff_name.clone();
    }
    loaded
        .staff
        .iter()
        .find(|m| {
            m.account == alert.account
                && !m.name.is_empty()
                && (m.is(&alert.staff_id) || m.is(&alert.staff_ext_id))
        })
        .map_or_else(|| alert.staff_key().to_owned(), |m| m.name.clone())
}

/// What the panes hold that related records are found among.
pub struct Loaded<'a> {
    pub customers: &'a [Arc<Customer>],
    pub alerts: &'a [Arc<OutflowAlert>],
    pub stores: &'a [Arc<Store>],
    pub staff: &'a [Arc<StaffMember>],
}

fn store_row(s: &Store) -> RelatedRow {
    RelatedRow {
        link: Link::OwnedStore,
        resource: Resource::Stores,
        vendor: s.vendor,
        key: s.key(),
        title: s.name.clone(),
        note: s.address.clone(),
    }
}

/// What is related to an alert.
pub fn of_alert(
    alert: &OutflowAlert,
    loaded: &Loaded,
    when: impl Fn(&OutflowAlert) -> String,
) -> Vec<RelatedRow> {
    let (alerts, stores) = (loaded.alerts, loaded.stores);
    let own = alert.key();
    let account = &alert.account;
    let mut rows = same_person(account, &alert.keys, None, loaded, Some(&own));
    let person: Vec<String> = rows.iter().map(|r| r.key.clone()).collect();
    rows.extend(
        alerts
            .iter()
            .filter(|a| &a.account == account)
            .filter(|a| a.staff_key() == alert.staff_key() && a.key() != own)
            .filter(|a| !person.contains(&a.key()))
            .map(|a| alert_row(Link::SameStaff, a, when(a))),
    );
    rows.extend(
        stores
            .iter()
            .filter(|s| &s.account == account && alert.names_staff(&s.owner_ext_id))
            .map(|s| store_row(s)),
    );
    rows.extend(
        loaded
            .staff
            .iter()
            .filter(|m| &m.account == account)
            .filter(|m| m.is(&alert.staff_id) || m.is(&alert.staff_ext_id))
            .map(|m| staff_row(m)),
    );
    rows.sort_by_key(|r| r.link);
    rows
}

fn staff_row(m: &StaffMember) -> RelatedRow {
    RelatedRow {
        link: Link::StaffMember,
        resource: Resource::Staff,
        vendor: m.vendor,
        key: m.key(),
        title: m.name.clone(),
        note: m.department.clone(),
    }
}

/// What is related to a staff member: the stores they own and the customers they lost in the
/// loaded window (named by their WeCom userid or Weiban's number), within their account.
pub fn of_staff(
    member: &StaffMember,
    loaded: &Loaded,
    when: impl Fn(&OutflowAlert) -> String,
) -> Vec<RelatedRow> {
    let account = &member.account;
    let mut rows: Vec<RelatedRow> = loaded
        .stores
        .iter()
        .filter(|s| &s.account == account && member.is(&s.owner_ext_id))
        .map(|s| store_row(s))
        .collect();
    rows.extend(
        loaded
            .alerts
            .iter()
            .filter(|a| &a.account == account)
            .filter(|a| member.is(&a.staff_id) || member.is(&a.staff_ext_id))
            .map(|a| alert_row(Link::Lost, a, when(a))),
    );
    rows.sort_by_key(|r| r.link);
    rows
}

/// What is related to a customer: the same person elsewhere.
pub fn of_customer(customer: &Customer, loaded: &Loaded) -> Vec<RelatedRow> {
    let own = customer.key();
    // A customer whose vendor gives no external userid is still itself by its id.
    let account = &customer.account;
    let mut rows = same_person(account, &customer.keys, Some(&own), loaded, None);
    rows.sort_by_key(|r| r.link);
    rows
}
