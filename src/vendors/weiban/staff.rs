//! Weiban's staff directory: `GET /open-api/staff/list?limit&offset` → `staff_list[]` and
//! `total`. Each entry is the staff object seen in seed 000's `creator_info`; the fields
//! change type between answers (ids as numbers or strings, `status` as a number or a string,
//! `department` as ids, names or objects), so each is read leniently.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::WeibanClient;
use super::wire::with_envelope;
use crate::domain::{RawJson, StaffMember, StaffStatus, Vendor};
use crate::json::de;
use crate::vendors::decode::{self, Place, body_error};
use crate::vendors::{ErrorKind, Gathered, Listing, Page, Sink};

/// The staff directory (`limit` ≤ 100, `offset`; `staff_list[]`, `total`).
pub const STAFF_LIST_PATH: &str = "/open-api/staff/list";

impl WeibanClient {
    /// The corp's staff directory.
    pub async fn staff(&self) -> Listing<StaffMember> {
        let mut all = Gathered::default();
        let listing = self.stream_staff(&mut all.sink()).await;
        all.into_listing(listing)
    }

    /// [`WeibanClient::staff`], each page's records handed to `sink` as it arrives.
    pub async fn stream_staff(&self, sink: Sink<'_, StaffMember>) -> Listing<StaffMember> {
        // Departments by name, not only their ids.
        let fields = [("fields", String::from(r#"["department"]"#))];
        self.offset_list(STAFF_LIST_PATH, &fields, decode_staff_page, sink)
            .await
    }
}

/// The list's payload, beside `errcode`/`errmsg` at the top level.
#[derive(Deserialize)]
struct StaffBody<'a> {
    #[serde(borrow, default, deserialize_with = "de::list")]
    staff_list: Vec<&'a RawValue>,
    #[serde(default, deserialize_with = "de::opt_u64")]
    total: Option<u64>,
}

#[derive(Deserialize)]
struct WireStaff {
    #[serde(default, deserialize_with = "de::opt_id")]
    id: Option<String>,
    #[serde(default, deserialize_with = "de::text")]
    ext_id: String,
    #[serde(default, deserialize_with = "de::text")]
    name: String,
    #[serde(default, deserialize_with = "de::text")]
    alias: String,
    #[serde(default, deserialize_with = "de::opt_i64")]
    status: Option<i64>,
    #[serde(default)]
    department: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "de::text")]
    mobile: String,
    #[serde(default, deserialize_with = "de::text")]
    position: String,
    #[serde(default, deserialize_with = "de::flag")]
    external_contact_able: bool,
}

impl WireStaff {
    fn into_member(self, raw: &RawValue) -> StaffMember {
        StaffMember {
            account: Default::default(),
            vendor: Vendor::Weiban,
            number: self.id.unwrap_or_default(),
            userid: self.ext_id,
            name: self.name,
            alias: self.alias,
            status: StaffStatus::from_code(self.status),
            department: self
                .department
                .as_ref()
                .map(departments)
                .unwrap_or_default(),
            mobile: self.mobile,
            position: self.position,
            external_contact_able: self.external_contact_able,
            raw: RawJson::new(raw.get()),
        }
    }
}

/// Departments as the answer names them: names where it gives names (`[{"id":2,"name":"华南区"}]`
/// with `fields=["department"]`), else the ids (`[2, 5]`), else the text; joined by `/`.
fn departments(value: &serde_json::Value) -> String {
    use serde_json::Value;
    let one = |v: &Value| match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("id"))
            .map(|v| match v {
                Value::String(s) => s.trim().to_owned(),
                other => other.to_string(),
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().map(one).collect(),
        other => vec![one(other)],
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    names.join("/")
}

/// Decodes one page of `GET /open-api/staff/list`; `has_next` is left to the caller, which
/// knows the offset. An entry that cannot be read is reported in `skipped`.
pub fn decode_staff_page(body: &[u8], page: u64) -> Result<Page<StaffMember>, ErrorKind> {
    let (mut page, repaired) = with_envelope(body, STAFF_LIST_PATH, |bytes, _| {
        let b: StaffBody = serde_json::from_slice(bytes).map_err(|e| body_error(bytes, &e))?;
        let at = Place::new(Vendor::Weiban, STAFF_LIST_PATH, page);
        let (records, skipped) = decode::records(&b.staff_list, at, WireStaff::into_member);
        Ok(Page {
            records,
            skipped,
            has_next: false,
            total: b.total,
            last_page: None,
            repaired: false,
        })
    })?;
    page.repaired = repaired;
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_that_change_between_answers_are_read() {
        let body = r#"{"errcode":0,"errmsg":"ok","total":"3","staff_list":[
            {"id":3073,"ext_id":"mia","name":"米娅","alias":"Mia","status":1,
             "department":[{"id":2,"name":"华南区"},{"id":5,"name":"客服部"}],
             "mobile":"13800000000","position":"店长","external_contact_able":1},
            {"id":"3074","ext_id":"leo","name":"李奥","status":"4","department":[2,5],
             "external_contact_able":false},
            {"id":3075,"ext_id":"ann","name":"安","status":null,"department":"客服部"}
        ]}"#;
        let page = decode_staff_page(body.as_bytes(), 1).unwrap();
        assert_eq!(page.total, Some(3));
        assert!(page.skipped.is_empty(), "{:?}", page.skipped);
        let [mia, leo, ann] = page.records.as_slice() else {
            panic!("{:?}", page.records);
        };
        assert_eq!(
            (mia.number.as_str(), mia.userid.as_str(), mia.name.as_str()),
            ("3073", "mia", "米娅")
        );
        assert_eq!(mia.status, StaffStatus::Active);
        assert_eq!(mia.department, "华南区/客服部");
        assert!(mia.external_contact_able);
        assert_eq!(
            (leo.number.as_str(), leo.status),
            ("3074", StaffStatus::Left)
        );
        assert_eq!(leo.department, "2/5");
        assert_eq!(ann.status, StaffStatus::Unknown(None));
        assert_eq!(ann.department, "客服部");
    }

    #[test]
    fn an_error_code_is_the_vendors_refusal() {
        let body = br#"{"errcode":10001,"errmsg":"invalid access_token"}"#;
        let error = decode_staff_page(body, 1).unwrap_err();
        assert!(
            matches!(error, ErrorKind::Api { code: 10001, .. }),
            "{error:?}"
        );
    }
}
