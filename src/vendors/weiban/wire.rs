//! Weiban wire types and decoders (pure functions of the body bytes, tested on seed fixtures).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{
    CHANGED_LIST_PATH, CUSTOMER_LIST_PATH, OUTFLOW_PATH, STORE_LIST_PATH, TOKEN_PATH, hint,
};
use crate::domain::{
    Customer, CustomerStatus, EndedRelation, Origins, OutflowAlert, PersonKeys, RawJson, Store,
    Tag, Vendor,
};
use crate::json::{de, lenient};
use crate::redact::Secret;
use crate::vendors::decode::{self, Place, body_error, name_or, phones};
use crate::vendors::{ErrorKind, Page};

/// The top level of any Weiban body, in either envelope; the payload stays raw, borrowed from
/// the body.
#[derive(Deserialize)]
pub(super) struct Envelope<'a> {
    #[serde(default, deserialize_with = "de::opt_i64")]
    errcode: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    errmsg: String,
    #[serde(default, deserialize_with = "de::opt_flag")]
    success: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    status_code: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    status_message: String,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

impl Envelope<'_> {
    /// The vendor's error, if the envelope reports one.
    fn error(&self, endpoint: &str) -> Option<ErrorKind> {
        if let Some(code) = self.errcode.filter(|&c| c != 0) {
            return Some(ErrorKind::Api {
                field: "errcode",
                code,
                message: self.errmsg.clone(),
                hint: hint(endpoint, code),
            });
        }
        let bad_status = self.status_code.is_some_and(|c| c != 0 && c != 200);
        if self.success == Some(false) || bad_status {
            let code = self.status_code.unwrap_or(-1);
            return Some(ErrorKind::Api {
                field: "status_code",
                code,
                message: self.status_message.clone(),
                hint: hint(endpoint, code),
            });
        }
        None
    }
}

/// Reads a body (leniently) as a Weiban envelope and hands it to `payload`, unless it reports
/// the vendor's error. The payload borrows from the body, which is held once.
pub(super) fn with_envelope<R>(
    body: &[u8],
    endpoint: &str,
    payload: impl Fn(&[u8], Envelope) -> Result<R, ErrorKind>,
) -> Result<(R, bool), ErrorKind> {
    let parsed = lenient::decode_with(body, |bytes| {
        let envelope: Envelope = serde_json::from_slice(bytes)?;
        Ok(match envelope.error(endpoint) {
            Some(error) => Err(error),
            None => payload(bytes, envelope),
        })
    })
    .map_err(|e| body_error(body, &e))?;
    Ok((parsed.value?, parsed.repaired))
}

/// The vendor error carried by a body, if it is an envelope that reports one. Used for
/// non-200 answers, which are usually HTML but sometimes the vendor's own JSON.
pub(crate) fn envelope_error(body: &[u8], endpoint: &str) -> Option<ErrorKind> {
    lenient::decode_with(body, |bytes| {
        serde_json::from_slice::<Envelope>(bytes).map(|envelope| envelope.error(endpoint))
    })
    .ok()
    .and_then(|parsed| parsed.value)
}

/// A token answer: the token and its lifetime in seconds.
#[derive(Debug)]
pub struct Token {
    pub value: Secret,
    pub expires_in: u64,
}

#[derive(Deserialize)]
struct TokenBody {
    #[serde(default, deserialize_with = "de::text")]
    access_token: String,
    #[serde(default, deserialize_with = "de::opt_u64")]
    expires_in: Option<u64>,
}

/// Decodes `POST /open-api/access_token/get`.
pub fn decode_token(body: &[u8]) -> Result<Token, ErrorKind> {
    let (token, _) = with_envelope(body, TOKEN_PATH, |bytes, _| {
        serde_json::from_slice::<TokenBody>(bytes).map_err(|e| body_error(bytes, &e))
    })?;
    if token.access_token.trim().is_empty() {
        return Err(ErrorKind::Decode("the answer holds no access_token".into()));
    }
    Ok(Token {
        value: Secret::new(token.access_token),
        // Weiban documents 7200 s; a missing value is treated as a short lifetime.
        expires_in: token.expires_in.unwrap_or(600),
    })
}

#[derive(Deserialize)]
struct StorePageData<'a> {
    #[serde(default, deserialize_with = "de::flag")]
    has_next: bool,
    #[serde(borrow, default, deserialize_with = "de::list")]
    objects: Vec<&'a RawValue>,
    #[serde(default, deserialize_with = "de::opt_u64")]
    total_count: Option<u64>,
}

#[derive(Deserialize)]
struct WireStore {
    #[serde(deserialize_with = "de::id")]
    id: String,
    #[serde(default, deserialize_with = "de::text")]
    name: String,
    #[serde(default, deserialize_with = "de::text")]
    address: String,
    #[serde(default, deserialize_with = "de::text")]
    city: String,
    #[serde(default, deserialize_with = "de::text")]
    store_owner_staff_ext_id: String,
    #[serde(default, deserialize_with = "de::opt_object")]
    staff_obj: Option<WireNamed>,
    #[serde(default, deserialize_with = "de::opt_object")]
    creator_info: Option<WireNamed>,
    #[serde(default, deserialize_with = "de::flag")]
    deleted: bool,
    #[serde(default, deserialize_with = "de::opt_time")]
    created_at: Option<DateTime<Utc>>,
}

/// A named thing as the lists nest it: a staff member (`staff_obj`, `creator_info`) or a tag.
#[derive(Deserialize, Default)]
struct WireNamed {
    #[serde(default, deserialize_with = "de::text")]
    name: String,
    #[serde(default, deserialize_with = "de::text")]
    ext_id: String,
    /// A tag's group id (the lists carry no group names); it keys the chip colour.
    #[serde(default, deserialize_with = "de::text")]
    group_ext_id: String,
}

impl WireStore {
    fn into_store(self, raw: &RawValue) -> Store {
        let owner = self.staff_obj.unwrap_or_default();
        let owner_ext_id = if self.store_owner_staff_ext_id.is_empty() {
            owner.ext_id
        } else {
            self.store_owner_staff_ext_id
        };
        Store {
            account: Default::default(),
            vendor: Vendor::Weiban,
            id: self.id,
            name: self.name,
            address: self.address,
            city: self.city,
            owner: owner.name,
            owner_ext_id,
            creator: self.creator_info.map(|c| c.name).unwrap_or_default(),
            deleted: self.deleted,
            created_at: self.created_at,
            raw: RawJson::new(raw.get()),
        }
    }
}

/// Decodes one page of `GET /open-api/contact_way/store/list` (seed 000). A record that cannot
/// be decoded is reported in `skipped` and the rest of the page is kept.
pub fn decode_store_page(body: &[u8], page_no: u64) -> Result<Page<Store>, ErrorKind> {
    let (mut page, repaired) = with_envelope(body, STORE_LIST_PATH, |_, envelope| {
        let data: StorePageData = decode::data(envelope.data)?;
        let at = Place::new(Vendor::Weiban, STORE_LIST_PATH, page_no);
        let (records, skipped) = decode::records(&data.objects, at, WireStore::into_store);
        Ok(Page {
            records,
            skipped,
            has_next: data.has_next,
            total: data.total_count,
            last_page: None,
            repaired: false,
        })
    })?;
    page.repaired = repaired;
    Ok(page)
}

/// The outflow list's payload, beside `errcode`/`errmsg` at the top level (seed 004).
#[derive(Deserialize)]
struct OutflowBody<'a> {
    #[serde(borrow, default, deserialize_with = "de::list")]
    external_user_list: Vec<&'a RawValue>,
    #[serde(default, deserialize_with = "de::opt_u64")]
    total_count: Option<u64>,
}

/// An external user as the customer and outflow lists send one (seed 004's shape).
#[derive(Deserialize)]
struct WireExternalUser {
    #[serde(deserialize_with = "de::id")]
    id: String,
    /// Only in the outflow list.
    #[serde(default, deserialize_with = "de::opt_time")]
    outflow_at: Option<DateTime<Utc>>,
    /// When the relation began.
    #[serde(default, deserialize_with = "de::opt_time")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::text")]
    name: String,
    #[serde(default, deserialize_with = "de::opt_object")]
    staff: Option<WireOutflowStaff>,
    #[serde(default, deserialize_with = "de::opt_object")]
    staff_relation: Option<WireStaffRelation>,
    #[serde(default, deserialize_with = "de::list")]
    tags: Vec<WireNamed>,
    #[serde(default, deserialize_with = "de::text")]
    unionid: String,
    #[serde(default, rename = "type", deserialize_with = "de::opt_i64")]
    kind: Option<i64>,
}

impl WireExternalUser {
    /// The staff member and the relation, empty when the record has none.
    fn relation(&mut self) -> (WireOutflowStaff, WireStaffRelation) {
        let staff = self.staff.take().unwrap_or_default();
        (staff, self.staff_relation.take().unwrap_or_default())
    }
}

#[derive(Deserialize, Default)]
struct WireOutflowStaff {
    /// An int in one document, the user id string (`"mia"`) in another.
    #[serde(default, deserialize_with = "de::opt_id")]
    id: Option<String>,
    /// The ext_id again, as the staff object carries it.
    #[serde(default, deserialize_with = "de::text")]
    ia_ext_id: String,
    #[serde(default, deserialize_with = "de::text")]
    name: String,
}

#[derive(Deserialize, Default)]
struct WireStaffRelation {
    #[serde(default, deserialize_with = "de::text")]
    delete_by: String,
    #[serde(default, deserialize_with = "de::text")]
    staff_ext_id: String,
    #[serde(default, deserialize_with = "de::text")]
    remark: String,
    #[serde(default, deserialize_with = "de::flag")]
    deleted: bool,
    #[serde(default, deserialize_with = "de::opt_time")]
    deleted_at: Option<DateTime<Utc>>,
    /// When WeCom saw the staff member add the customer.
    #[serde(default, deserialize_with = "de::opt_time")]
    createtime: Option<DateTime<Utc>>,
    /// When Weiban recorded the relation.
    #[serde(default, deserialize_with = "de::opt_time")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    add_way: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    state: String,
    #[serde(default, deserialize_with = "de::flag")]
    deleted_each_other: bool,
    /// A JSON array inside a string.
    #[serde(default, deserialize_with = "de::text")]
    remark_mobiles: String,
}

impl WireExternalUser {
    /// The person's keys across vendors.
    fn keys(&self, relation: &WireStaffRelation) -> PersonKeys {
        PersonKeys {
            external_userid: self.id.clone(),
            unionid: self.unionid.clone(),
            phones: phones(&relation.remark_mobiles),
        }
    }
}

impl WireExternalUser {
    fn into_alert(mut self, raw: &RawValue) -> OutflowAlert {
        let (staff, relation) = self.relation();
        let keys = self.keys(&relation);
        OutflowAlert {
            account: Default::default(),
            vendor: Vendor::Weiban,
            customer_id: self.id,
            customer_name: self.name,
            staff_ext_id: if relation.staff_ext_id.is_empty() {
                staff.ia_ext_id
            } else {
                relation.staff_ext_id.clone()
            },
            staff_id: staff.id.unwrap_or(relation.staff_ext_id),
            staff_name: staff.name,
            outflow_at: self.outflow_at.or(relation.deleted_at),
            delete_by: relation.delete_by.into(),
            tags: self
                .tags
                .into_iter()
                .map(|t| t.name)
                .filter(|n| !n.is_empty())
                .collect(),
            customer_type: self.kind,
            relation: EndedRelation {
                created_at: relation.createtime.or(relation.created_at),
                add_way: relation.add_way,
                state: relation.state,
                deleted_each_other: relation.deleted_each_other,
            },
            keys,
            origins: Origins::WEIBAN,
            raw: RawJson::new(raw.get()),
        }
    }
}

/// Decodes one page of `GET /open-api/external_user/list/outflow` (seed 004); `page` numbers
/// the page from 1 for reports of undecodable records.
pub fn decode_outflow_page(body: &[u8], page: u64) -> Result<Page<OutflowAlert>, ErrorKind> {
    user_page(body, OUTFLOW_PATH, page, WireExternalUser::into_alert)
}

/// The customer list's payload (`/open-api/external_user/list`): records shaped like seed
/// 004's, counted by `total`.
#[derive(Deserialize)]
struct CustomerBody<'a> {
    #[serde(borrow, default, deserialize_with = "de::list")]
    external_user_list: Vec<&'a RawValue>,
    #[serde(default, deserialize_with = "de::opt_u64")]
    total: Option<u64>,
}

impl WireExternalUser {
    fn into_customer(mut self, raw: &RawValue) -> Customer {
        let (staff, relation) = self.relation();
        let keys = self.keys(&relation);
        Customer {
            account: Default::default(),
            keys,
            remark: relation.remark,
            vendor: Vendor::Weiban,
            id: self.id,
            name: self.name,
            staff: name_or(staff.name, relation.staff_ext_id),
            tags: self
                .tags
                .into_iter()
                .filter(|t| !t.name.is_empty())
                .map(|t| Tag {
                    name: t.name,
                    group: t.group_ext_id,
                })
                .collect(),
            status: if relation.deleted {
                CustomerStatus::Lost
            } else {
                CustomerStatus::Normal
            },
            added_at: self.created_at,
            raw: RawJson::new(raw.get()),
        }
    }
}

/// Decodes one page of `GET /open-api/external_user/list`. `has_next` is left to the caller,
/// which knows the offset.
pub fn decode_customer_page(body: &[u8], page: u64) -> Result<Page<Customer>, ErrorKind> {
    user_page(
        body,
        CUSTOMER_LIST_PATH,
        page,
        WireExternalUser::into_customer,
    )
}

/// One page of a list of external users (customers, outflow alerts): the envelope checked,
/// each record decoded on its own, the count as the body names it (`total_count` in the
/// outflow list, `total` in the customer list).
/// Decodes one page of `GET /open-api/external_user/update/list`: customers as the customer
/// list sends them, counted by `total`.
pub fn decode_changed_page(body: &[u8], page: u64) -> Result<Page<Customer>, ErrorKind> {
    user_page(
        body,
        CHANGED_LIST_PATH,
        page,
        WireExternalUser::into_customer,
    )
}

fn user_page<W, R>(
    body: &[u8],
    path: &'static str,
    page: u64,
    into: fn(W, &RawValue) -> R,
) -> Result<Page<R>, ErrorKind>
where
    W: serde::de::DeserializeOwned,
{
    let (mut page, repaired) = with_envelope(body, path, |bytes, _| {
        let (list, total) = if path == OUTFLOW_PATH {
            let b: OutflowBody =
                serde_json::from_slice(bytes).map_err(|e| body_error(bytes, &e))?;
            (b.external_user_list, b.total_count)
        } else {
            let b: CustomerBody =
                serde_json::from_slice(bytes).map_err(|e| body_error(bytes, &e))?;
            (b.external_user_list, b.total)
        };
        let (records, skipped) =
            decode::records(&list, Place::new(Vendor::Weiban, path, page), into);
        Ok(Page {
            records,
            skipped,
            has_next: false,
            total,
            last_page: None,
            repaired: false,
        })
    })?;
    page.repaired = repaired;
    Ok(page)
}
