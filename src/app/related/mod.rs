//! Related records (`x`): for an alert or a customer, the same person in every customer
//! vendor (exactly by WeCom external userid or unionid; only possibly by a phone number),
//! and for an alert the same staff member's other lost customers and the stores they own.

mod update;

use std::sync::Arc;

use crate::domain::{Account, Customer, OutflowAlert, PersonKeys, Record, Resource, Store, Vendor};

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
    pub selected: usize,
    pub offset: usize,
    pub origin: Origin,
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
    customers: &[Arc<Customer>],
    alerts: &[Arc<OutflowAlert>],
    skip_alert: Option<&str>,
) -> Vec<RelatedRow> {
    let mut rows: Vec<RelatedRow> = customers
        .iter()
        .filter(|c| &c.account == account && skip != Some(c.key().as_str()))
        .filter_map(|c| link(keys, &c.keys).map(|l| customer_row(l, c)))
        .collect();
    rows.extend(
        alerts
            .iter()
            .filter(|a| &a.account == account && skip_alert != Some(a.key().as_str()))
            .filter_map(|a| link(keys, &a.keys).map(|l| alert_row(l, a, a.staff_name.clone()))),
    );
    rows
}

/// What is related to an alert.
pub fn of_alert(
    alert: &OutflowAlert,
    customers: &[Arc<Customer>],
    alerts: &[Arc<OutflowAlert>],
    stores: &[Arc<Store>],
    when: impl Fn(&OutflowAlert) -> String,
) -> Vec<RelatedRow> {
    let own = alert.key();
    let account = &alert.account;
    let mut rows = same_person(account, &alert.keys, None, customers, alerts, Some(&own));
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
            .map(|s| RelatedRow {
                link: Link::OwnedStore,
                resource: Resource::Stores,
                vendor: s.vendor,
                key: s.key(),
                title: s.name.clone(),
                note: s.address.clone(),
            }),
    );
    rows.sort_by_key(|r| r.link);
    rows
}

/// What is related to a customer: the same person elsewhere.
pub fn of_customer(
    customer: &Customer,
    customers: &[Arc<Customer>],
    alerts: &[Arc<OutflowAlert>],
) -> Vec<RelatedRow> {
    let own = customer.key();
    // A customer whose vendor gives no external userid is still itself by its id.
    let account = &customer.account;
    let mut rows = same_person(account, &customer.keys, Some(&own), customers, alerts, None);
    rows.sort_by_key(|r| r.link);
    rows
}
