//! Tanma wire types and the customer-page decoder (seed 002).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{LIST_PATH, hint};
use crate::domain::{Customer, CustomerStatus, PersonKeys, RawJson, Tag, Vendor};
use crate::json::{de, lenient};
use crate::vendors::decode::{self, Place, body_error, phones};
use crate::vendors::{ErrorKind, Page};

/// The envelope, its payload borrowed from the body.
#[derive(Deserialize)]
pub(super) struct Envelope<'a> {
    #[serde(default, deserialize_with = "de::opt_i64")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    message: String,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// The payload of an answer whose code is 0; else the vendor's error.
pub(super) fn checked(envelope: Envelope<'_>) -> Result<Option<&RawValue>, ErrorKind> {
    match envelope.code {
        Some(0) => Ok(envelope.data),
        code => {
            let code = code.unwrap_or(-1);
            Err(ErrorKind::Api {
                field: "code",
                code,
                message: envelope.message,
                hint: hint(code),
            })
        }
    }
}

/// An id sent as a number in one record and a string in the next.
#[derive(Deserialize)]
struct WireId(#[serde(deserialize_with = "de::id")] String);

#[derive(Deserialize)]
struct ListData<'a> {
    #[serde(borrow, default, deserialize_with = "de::list")]
    list: Vec<&'a RawValue>,
    #[serde(default, rename = "nextCursor", deserialize_with = "de::text")]
    next_cursor: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireCustomer {
    /// An int64: kept exact, as a string.
    #[serde(deserialize_with = "de::id")]
    customer_id: String,
    #[serde(default, deserialize_with = "de::text")]
    qw_user_id: String,
    #[serde(default, deserialize_with = "de::list")]
    fields: Vec<WireField>,
    /// Tanma's tag ids or WeCom's, named by the tag library.
    #[serde(default, deserialize_with = "de::list")]
    tag_ids: Vec<WireId>,
    #[serde(default, deserialize_with = "de::opt_time")]
    create_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::text")]
    wechat_nickname: String,
    #[serde(default, deserialize_with = "de::text")]
    qw_remark: String,
    #[serde(default, deserialize_with = "de::text")]
    external_user_id: String,
    /// Not in the seed; some accounts send it.
    #[serde(default, deserialize_with = "de::text")]
    unionid: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireField {
    #[serde(default, deserialize_with = "de::text")]
    field: String,
    /// Always a string or null; may itself hold JSON (`mobile` → `["110110"]`).
    #[serde(default, deserialize_with = "de::text")]
    value_as_text: String,
}

impl WireCustomer {
    fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.field == name)
            .map_or("", |f| f.value_as_text.as_str())
    }

    fn into_customer(self, raw: &RawValue) -> Customer {
        let name = [
            self.field("name"),
            self.wechat_nickname.as_str(),
            self.qw_remark.as_str(),
        ]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_default()
        .to_owned();
        // The API lists tag ids (sometimes twice); names need the tag library.
        let mut tags: Vec<Tag> = Vec::new();
        for WireId(id) in &self.tag_ids {
            if !id.is_empty() && !tags.iter().any(|t| &t.name == id) {
                tags.push(Tag {
                    name: id.clone(),
                    group: String::new(),
                });
            }
        }
        let keys = PersonKeys {
            external_userid: self.external_user_id.clone(),
            unionid: self.unionid.clone(),
            phones: phones(self.field("mobile")),
        };
        Customer {
            account: Default::default(),
            keys,
            vendor: Vendor::Tanma,
            id: self.customer_id,
            name,
            remark: self.qw_remark,
            staff: self.qw_user_id,
            tags,
            status: CustomerStatus::Normal,
            added_at: self.create_time,
            raw: RawJson::new(raw.get()),
        }
    }
}

/// A decoded page and the cursor for the next one (`None`: this was the last).
#[derive(Debug)]
pub struct CustomerPage {
    pub page: Page<Customer>,
    pub next_cursor: Option<String>,
}

/// Decodes one page of the list (seed 002); the page is read in place, never copied whole.
pub fn decode_customer_page(body: &[u8], page: u64) -> Result<CustomerPage, ErrorKind> {
    let parsed = lenient::decode_with(body, |bytes| {
        let envelope: Envelope = serde_json::from_slice(bytes)?;
        Ok(customer_page(envelope, page))
    })
    .map_err(|e| body_error(body, &e))?;
    let mut decoded = parsed.value?;
    decoded.page.repaired = parsed.repaired;
    Ok(decoded)
}

fn customer_page(envelope: Envelope, page: u64) -> Result<CustomerPage, ErrorKind> {
    let list: ListData = decode::data(checked(envelope)?)?;
    let at = Place::new(Vendor::Tanma, LIST_PATH, page);
    let (records, skipped) = decode::records(&list.list, at, WireCustomer::into_customer);
    let more = !list.list.is_empty() && !list.next_cursor.trim().is_empty();
    Ok(CustomerPage {
        next_cursor: more.then_some(list.next_cursor),
        page: Page {
            records,
            skipped,
            has_next: more,
            total: None,
            last_page: None,
            repaired: false,
        },
    })
}
