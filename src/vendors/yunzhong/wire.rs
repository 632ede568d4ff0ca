//! Yunzhong wire types and the customer-page decoder.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{LIST_PATH, hint};
use crate::domain::{Customer, CustomerStatus, PersonKeys, RawJson, Tag, Vendor};
use crate::json::{de, lenient};
use crate::vendors::decode::{self, Place, body_error, name_or, phones};
use crate::vendors::{ErrorKind, Page};

/// The envelope, its payload borrowed from the body.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default, deserialize_with = "de::opt_i64")]
    result: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    msg: String,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// What a login-required answer carries in `data`.
#[derive(Deserialize)]
struct LoginData {
    #[serde(default)]
    login_status: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    login_url: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Paginator<'a> {
    #[serde(default, deserialize_with = "de::opt_u64")]
    current_page: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_u64")]
    last_page: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_u64")]
    total: Option<u64>,
    #[serde(borrow, default, deserialize_with = "de::list")]
    data: Vec<&'a RawValue>,
    #[serde(default, deserialize_with = "de::list")]
    tag: Vec<WireTag>,
}

#[derive(Deserialize)]
struct WireTag {
    #[serde(default, deserialize_with = "de::text")]
    tag_id: String,
    #[serde(default, deserialize_with = "de::text")]
    name: String,
    #[serde(default, deserialize_with = "de::text")]
    group_name: String,
}

#[derive(Deserialize)]
struct WireRelation {
    /// The relation's row id (used when no external user id is present).
    #[serde(deserialize_with = "de::id")]
    id: String,
    #[serde(default, deserialize_with = "de::text")]
    external_userid: String,
    #[serde(default, deserialize_with = "de::text")]
    userid: String,
    #[serde(default, deserialize_with = "de::text")]
    remark: String,
    /// Comma-separated tag ids.
    #[serde(default, deserialize_with = "de::text")]
    tag_id: String,
    /// Comma-separated tag names, not in the order of `tag_id`.
    #[serde(default, deserialize_with = "de::text")]
    tag_name: String,
    #[serde(default, deserialize_with = "de::opt_i64")]
    status: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_time")]
    createtime: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_time")]
    customer_create_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_time")]
    created_at: Option<DateTime<Utc>>,
    /// A JSON array inside a string.
    #[serde(default, deserialize_with = "de::text")]
    remark_mobiles: String,
    #[serde(default, deserialize_with = "de::opt_object")]
    has_one_customer: Option<WirePerson>,
    #[serde(default, deserialize_with = "de::opt_object")]
    has_one_employee: Option<WirePerson>,
}

#[derive(Deserialize, Default)]
struct WirePerson {
    #[serde(default, deserialize_with = "de::text")]
    name: String,
    #[serde(default, deserialize_with = "de::text")]
    external_userid: String,
    #[serde(default, deserialize_with = "de::text")]
    unionid: String,
}

/// The tag library of a page: tag id → (name, group).
type Library = HashMap<String, (String, String)>;

fn split(list: &str) -> impl Iterator<Item = &str> {
    list.split([',', '，'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl WireRelation {
    fn into_customer(self, raw: &RawValue, library: &Library) -> Customer {
        let customer = self.has_one_customer.unwrap_or_default();
        let employee = self.has_one_employee.unwrap_or_default();
        // Tags by id from the library (with their group); then any name in `tag_name` that the
        // library did not cover, without a group.
        let mut tags: Vec<Tag> = split(&self.tag_id)
            .filter_map(|id| library.get(id))
            .map(|(name, group)| Tag {
                name: name.clone(),
                group: group.clone(),
            })
            .collect();
        for name in split(&self.tag_name) {
            if !tags.iter().any(|t| t.name == name) {
                tags.push(Tag {
                    name: name.to_owned(),
                    group: String::new(),
                });
            }
        }
        let external_userid = [self.external_userid, customer.external_userid]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        let keys = PersonKeys {
            external_userid: external_userid.clone(),
            unionid: customer.unionid,
            phones: phones(&self.remark_mobiles),
        };
        let id = if external_userid.is_empty() {
            self.id
        } else {
            external_userid
        };
        Customer {
            account: Default::default(),
            vendor: Vendor::Yunzhong,
            id,
            name: customer.name,
            remark: self.remark,
            staff: name_or(employee.name, self.userid),
            tags,
            status: if self.status == Some(-1) {
                CustomerStatus::Lost
            } else {
                CustomerStatus::Normal
            },
            added_at: self
                .createtime
                .or(self.customer_create_time)
                .or(self.created_at),
            keys,
            raw: RawJson::new(raw.get()),
        }
    }
}

/// Decodes one page of the customer list. `result: 0` is the vendor's error, with its message
/// and, for a login-required answer, what to do about the cookie.
pub fn decode_customer_page(body: &[u8], page: u64) -> Result<Page<Customer>, ErrorKind> {
    let parsed = lenient::decode_with(body, |bytes| {
        let envelope: Envelope = serde_json::from_slice(bytes)?;
        Ok(customer_page(envelope, page))
    })
    .map_err(|e| body_error(body, &e))?;
    let mut decoded = parsed.value?;
    decoded.repaired = parsed.repaired;
    Ok(decoded)
}

/// The page inside an envelope read in place (the body is never copied whole).
fn customer_page(envelope: Envelope, page: u64) -> Result<Page<Customer>, ErrorKind> {
    if envelope.result != Some(1) {
        let login = envelope
            .data
            .as_ref()
            .and_then(|d| serde_json::from_str::<LoginData>(d.get()).ok())
            .is_some_and(|d| d.login_status.is_some() || d.login_url.is_some());
        return Err(ErrorKind::Api {
            field: "result",
            code: envelope.result.unwrap_or(-1),
            hint: hint(&envelope.msg, login),
            message: envelope.msg,
        });
    }
    let paginator: Paginator = decode::data(envelope.data)?;
    let library: Library = paginator
        .tag
        .into_iter()
        .map(|t| (t.tag_id, (t.name, t.group_name)))
        .collect();
    let at = Place::new(Vendor::Yunzhong, LIST_PATH, page);
    let (records, skipped) = decode::records(&paginator.data, at, |w: WireRelation, raw| {
        w.into_customer(raw, &library)
    });
    let current = paginator.current_page.unwrap_or(page);
    Ok(Page {
        records,
        skipped,
        has_next: paginator.last_page.is_some_and(|last| current < last),
        total: paginator.total,
        last_page: paginator.last_page,
        repaired: false,
    })
}
