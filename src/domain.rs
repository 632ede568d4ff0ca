//! Normalized records: what `scrm-tui get` prints and what the panes show.
//!
//! Vendor modules map their wire types into these; the UI reads only these. Every record keeps
//! its vendor's raw object as compact text ([`RawJson`]), decoded on demand for the detail view.
//! Each record type lists its [`Column`]s once; `get`, exports and the panes all read them.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex};

use chrono::{DateTime, FixedOffset, Utc};

/// The SCRM vendors scrm-tui speaks to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    Weiban,
    Yunzhong,
    Tanma,
    Youmi,
}

impl Vendor {
    pub const ALL: [Vendor; 4] = [
        Vendor::Weiban,
        Vendor::Yunzhong,
        Vendor::Tanma,
        Vendor::Youmi,
    ];

    /// The name used in config sections, `source` columns and messages.
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Weiban => "weiban",
            Vendor::Yunzhong => "yunzhong",
            Vendor::Tanma => "tanma",
            Vendor::Youmi => "youmi",
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The four kinds of data, one pane each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    Stores,
    Customers,
    Outflow,
    Operators,
}

impl Resource {
    pub const ALL: [Resource; 4] = [
        Resource::Stores,
        Resource::Customers,
        Resource::Outflow,
        Resource::Operators,
    ];

    /// The name used on the command line (`scrm-tui get stores`) and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Resource::Stores => "stores",
            Resource::Customers => "customers",
            Resource::Outflow => "outflow",
            Resource::Operators => "operators",
        }
    }

    /// One record, for titles: "Store 249".
    pub fn singular(self) -> &'static str {
        match self {
            Resource::Stores => "Store",
            Resource::Customers => "Customer",
            Resource::Outflow => "Outflow alert",
            Resource::Operators => "Operator",
        }
    }

    /// The plural noun for counts: "120 stores", "337 outflow alerts".
    pub fn noun(self) -> &'static str {
        match self {
            Resource::Stores => "stores",
            Resource::Customers => "customers",
            Resource::Outflow => "outflow alerts",
            Resource::Operators => "operator accounts",
        }
    }

    /// The vendors that serve this resource.
    pub fn vendors(self) -> &'static [Vendor] {
        match self {
            Resource::Stores | Resource::Outflow => &[Vendor::Weiban],
            Resource::Customers => &[Vendor::Weiban, Vendor::Yunzhong, Vendor::Tanma],
            Resource::Operators => &[Vendor::Youmi],
        }
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A vendor's raw object: the exact JSON text it arrived in (after escape repair), kept packed
/// ([`crate::json::compact`], about a fifth of the text's size) and unpacked on demand, for the
/// detail view, the offline cache and `--json`.
///
/// Equal texts share one allocation: a refresh (or the offline cache) bringing back an object
/// that is already held takes the held copy instead of allocating a second, so memory does not
/// double while a refresh of 100 000 customers gathers.
#[derive(Clone, PartialEq, Eq)]
pub struct RawJson(Arc<[u8]>);

/// Every packed text held; [`RawJson::forget_unused`] drops those no record holds any more.
static RAW_TEXTS: LazyLock<Mutex<HashSet<Arc<[u8]>>>> = LazyLock::new(Default::default);

fn raw_texts() -> std::sync::MutexGuard<'static, HashSet<Arc<[u8]>>> {
    RAW_TEXTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RawJson {
    pub fn new(text: &str) -> Self {
        let packed = crate::json::compact::pack(text);
        let mut texts = raw_texts();
        if let Some(held) = texts.get(packed.as_slice()) {
            return RawJson(held.clone());
        }
        let packed: Arc<[u8]> = Arc::from(packed);
        texts.insert(packed.clone());
        RawJson(packed)
    }

    /// The JSON text, unpacked.
    pub fn text(&self) -> String {
        crate::json::compact::unpack(&self.0).unwrap_or_else(|| {
            // Only a packed text is ever held, so this is a bug, not bad input.
            tracing::error!("a raw object could not be unpacked");
            "null".to_owned()
        })
    }

    /// The length of the JSON text in bytes.
    pub fn len(&self) -> usize {
        crate::json::compact::unpacked_len(&self.0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether both hold the very same text (not just equal text).
    pub fn shares(&self, other: &RawJson) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// How many distinct texts are held.
    pub fn held() -> usize {
        raw_texts().len()
    }

    /// Lets go of the texts that no record holds (after a load has replaced older records).
    pub fn forget_unused() {
        let mut texts = raw_texts();
        texts.retain(|text| Arc::strong_count(text) > 1);
        let packed: usize = texts.iter().map(|text| text.len()).sum();
        let unpacked: usize = texts
            .iter()
            .map(|text| crate::json::compact::unpacked_len(text))
            .sum();
        tracing::debug!(objects = texts.len(), packed, unpacked, "raw objects held");
    }
}

impl serde::Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

impl<'de> serde::Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        std::borrow::Cow::<'de, str>::deserialize(deserializer).map(|text| RawJson::new(&text))
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({} bytes)", self.len())
    }
}

/// A Weiban store (门店).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Store {
    pub vendor: Vendor,
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
    /// The id support staff copy: the WeCom external user id, or the vendor's customer id.
    pub id: String,
    pub name: String,
    pub remark: String,
    /// The owner staff member's name.
    pub staff: String,
    pub tags: Vec<Tag>,
    pub status: CustomerStatus,
    pub added_at: Option<DateTime<Utc>>,
    pub raw: RawJson,
}

/// A Weiban outflow alert (流失提醒): a customer who deleted a staff member, or was deleted.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutflowAlert {
    pub vendor: Vendor,
    pub customer_id: String,
    pub customer_name: String,
    /// The staff member's user id (`mia`).
    pub staff_id: String,
    pub staff_name: String,
    pub outflow_at: Option<DateTime<Utc>>,
    /// Who deleted whom: `external_user` (the customer deleted the staff member) or `staff`.
    pub delete_by: String,
    /// Tag names.
    pub tags: Vec<String>,
    pub raw: RawJson,
}

/// A Youmi operator WeChat account (运营号), joined with the staff member it is bound to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Operator {
    pub vendor: Vendor,
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

/// One cell of a record, typed, so that JSON output keeps booleans and lists as such.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    Bool(bool),
    Time(Option<DateTime<Utc>>),
    List(&'a [String]),
    Tags(&'a [Tag]),
    Count(Option<u64>),
}

impl Cell<'_> {
    /// The cell as plain text (CSV, the panes), with times in `zone` as RFC 3339.
    pub fn to_text(&self, zone: &FixedOffset) -> String {
        match self {
            Cell::Text(s) => (*s).to_owned(),
            Cell::Bool(b) => b.to_string(),
            Cell::Time(t) => t.map(|t| rfc3339(t, zone)).unwrap_or_default(),
            Cell::List(items) => items.join(";"),
            Cell::Tags(tags) => tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            Cell::Count(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        }
    }

    /// Orders two cells of one column, for sorting: text by its characters (ignoring ASCII
    /// case), times and counts by value (missing first), lists by their first items.
    pub fn compare(&self, other: &Cell) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        fn text(a: &str, b: &str) -> Ordering {
            let lower = |c: char| c.to_ascii_lowercase();
            a.chars()
                .map(lower)
                .cmp(b.chars().map(lower))
                .then_with(|| a.cmp(b))
        }
        match (self, other) {
            (Cell::Text(a), Cell::Text(b)) => text(a, b),
            (Cell::Bool(a), Cell::Bool(b)) => a.cmp(b),
            (Cell::Time(a), Cell::Time(b)) => a.cmp(b),
            (Cell::Count(a), Cell::Count(b)) => a.cmp(b),
            (Cell::List(a), Cell::List(b)) => {
                let (a, b) = (a.iter().map(String::as_str), b.iter().map(String::as_str));
                a.zip(b)
                    .map(|(a, b)| text(a, b))
                    .find(|o| o.is_ne())
                    .unwrap_or_else(|| self.len().cmp(&other.len()))
            }
            (Cell::Tags(a), Cell::Tags(b)) => {
                let (a, b) = (
                    a.iter().map(|t| t.name.as_str()),
                    b.iter().map(|t| t.name.as_str()),
                );
                a.zip(b)
                    .map(|(a, b)| text(a, b))
                    .find(|o| o.is_ne())
                    .unwrap_or_else(|| self.len().cmp(&other.len()))
            }
            // Never mixed within a column.
            _ => Ordering::Equal,
        }
    }

    fn len(&self) -> usize {
        match self {
            Cell::List(items) => items.len(),
            Cell::Tags(tags) => tags.len(),
            _ => 1,
        }
    }

    /// The cell as a JSON value (`get --format json`).
    pub fn to_json(&self, zone: &FixedOffset) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Cell::Text(s) => Value::from(*s),
            Cell::Bool(b) => Value::from(*b),
            Cell::Time(t) => t.map_or(Value::Null, |t| Value::from(rfc3339(t, zone))),
            Cell::List(items) => Value::from(items.to_vec()),
            Cell::Tags(tags) => {
                Value::from(tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
            }
            Cell::Count(n) => n.map_or(Value::Null, Value::from),
        }
    }
}

/// RFC 3339 with the zone's offset, whole seconds.
pub fn rfc3339(t: DateTime<Utc>, zone: &FixedOffset) -> String {
    t.with_timezone(zone)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A named column of a record type.
pub struct Column<R: 'static> {
    pub key: &'static str,
    pub get: fn(&R) -> Cell<'_>,
}

/// What every normalized record offers to `get`, exports and the panes.
pub trait Record: Sized + Clone + Send + Sync + 'static {
    const RESOURCE: Resource;
    fn columns() -> &'static [Column<Self>];
    fn id(&self) -> &str;
    /// A human name for titles (a store's or customer's name).
    fn title(&self) -> &str;
    fn vendor(&self) -> Vendor;
    fn raw(&self) -> &RawJson;
    fn raw_mut(&mut self) -> &mut RawJson;

    /// What tells two records apart (the selection follows it across refreshes); the id,
    /// unless the same id can appear twice.
    fn key(&self) -> String {
        self.id().to_owned()
    }

    /// Columns the panes may show beyond the normalized ones (not printed by `get`).
    fn extra_columns() -> &'static [Column<Self>] {
        &[]
    }

    fn column(key: &str) -> Option<&'static Column<Self>> {
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
                key: "id",
                get: |s| Cell::Text(&s.id),
            },
            Column {
                key: "name",
                get: |s| Cell::Text(&s.name),
            },
            Column {
                key: "address",
                get: |s| Cell::Text(&s.address),
            },
            Column {
                key: "city",
                get: |s| Cell::Text(&s.city),
            },
            Column {
                key: "owner",
                get: |s| Cell::Text(&s.owner),
            },
            Column {
                key: "owner_ext_id",
                get: |s| Cell::Text(&s.owner_ext_id),
            },
            Column {
                key: "creator",
                get: |s| Cell::Text(&s.creator),
            },
            Column {
                key: "deleted",
                get: |s| Cell::Bool(s.deleted),
            },
            Column {
                key: "created_at",
                get: |s| Cell::Time(s.created_at),
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

    fn raw(&self) -> &RawJson {
        &self.raw
    }

    fn raw_mut(&mut self) -> &mut RawJson {
        &mut self.raw
    }
}

impl Record for Customer {
    const RESOURCE: Resource = Resource::Customers;

    fn columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: "source",
                get: |c| Cell::Text(c.vendor.name()),
            },
            Column {
                key: "id",
                get: |c| Cell::Text(&c.id),
            },
            Column {
                key: "name",
                get: |c| Cell::Text(&c.name),
            },
            Column {
                key: "remark",
                get: |c| Cell::Text(&c.remark),
            },
            Column {
                key: "staff",
                get: |c| Cell::Text(&c.staff),
            },
            Column {
                key: "tags",
                get: |c| Cell::Tags(&c.tags),
            },
            Column {
                key: "status",
                get: |c| Cell::Text(c.status.name()),
            },
            Column {
                key: "added_at",
                get: |c| Cell::Time(c.added_at),
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

    fn raw(&self) -> &RawJson {
        &self.raw
    }

    fn raw_mut(&mut self) -> &mut RawJson {
        &mut self.raw
    }
}

impl Record for OutflowAlert {
    const RESOURCE: Resource = Resource::Outflow;

    fn columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: "customer_id",
                get: |a| Cell::Text(&a.customer_id),
            },
            Column {
                key: "customer_name",
                get: |a| Cell::Text(&a.customer_name),
            },
            Column {
                key: "staff_id",
                get: |a| Cell::Text(&a.staff_id),
            },
            Column {
                key: "staff_name",
                get: |a| Cell::Text(&a.staff_name),
            },
            Column {
                key: "outflow_at",
                get: |a| Cell::Time(a.outflow_at),
            },
            Column {
                key: "delete_by",
                get: |a| Cell::Text(&a.delete_by),
            },
            Column {
                key: "tags",
                get: |a| Cell::List(&a.tags),
            },
        ]
    }

    fn id(&self) -> &str {
        &self.customer_id
    }

    /// A customer can leave several staff members, and the same one again later.
    fn key(&self) -> String {
        let at = self.outflow_at.map_or(0, |t| t.timestamp());
        format!("{}|{}|{at}", self.customer_id, self.staff_id)
    }

    fn title(&self) -> &str {
        &self.customer_name
    }

    fn vendor(&self) -> Vendor {
        self.vendor
    }

    fn raw(&self) -> &RawJson {
        &self.raw
    }

    fn raw_mut(&mut self) -> &mut RawJson {
        &mut self.raw
    }
}

impl Record for Operator {
    const RESOURCE: Resource = Resource::Operators;

    fn columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: "id",
                get: |o| Cell::Text(&o.id),
            },
            Column {
                key: "wechat_no",
                get: |o| Cell::Text(&o.wechat_no),
            },
            Column {
                key: "nickname",
                get: |o| Cell::Text(&o.nickname),
            },
            Column {
                key: "friends",
                get: |o| Cell::Count(o.friends),
            },
            Column {
                key: "groups",
                get: |o| Cell::Count(o.groups),
            },
            Column {
                key: "staff_code",
                get: |o| Cell::Text(&o.staff_code),
            },
            Column {
                key: "staff_name",
                get: |o| Cell::Text(&o.staff_name),
            },
            Column {
                key: "authorized",
                get: |o| Cell::Bool(o.authorized),
            },
        ]
    }

    fn extra_columns() -> &'static [Column<Self>] {
        &[
            Column {
                key: "push",
                get: |o| Cell::Bool(o.push),
            },
            Column {
                key: "call_records",
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

    fn raw(&self) -> &RawJson {
        &self.raw
    }

    fn raw_mut(&mut self) -> &mut RawJson {
        &mut self.raw
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_columns_are_the_design_columns_in_order() {
        let keys: Vec<_> = Store::columns().iter().map(|c| c.key).collect();
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
                "created_at"
            ]
        );
    }

    #[test]
    fn times_carry_the_offset() {
        let zone = FixedOffset::east_opt(8 * 3600).unwrap();
        let t = DateTime::from_timestamp(1_673_007_003, 0);
        assert_eq!(Cell::Time(t).to_text(&zone), "2023-01-06T20:10:03+08:00");
        assert_eq!(Cell::Time(None).to_json(&zone), serde_json::Value::Null);
    }
}
