//! Youmi wire types and decoders (seed 003).

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{OK_CODES, OPERATORS_PATH, hint};
use crate::domain::{Operator, RawJson, Skipped, Vendor};
use crate::json::{de, lenient};
use crate::redact::Secret;
use crate::vendors::ErrorKind;
use crate::vendors::decode::{self, Place, body_error};

/// The envelope, its `values` borrowed from the body.
#[derive(Deserialize)]
struct Envelope<'a> {
    /// A numeric code, despite the name.
    #[serde(default, deserialize_with = "de::opt_i64")]
    errmsg: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_flag")]
    succeed: Option<bool>,
    #[serde(default, deserialize_with = "de::text")]
    errdesc: String,
    #[serde(borrow, default)]
    values: Option<&'a RawValue>,
}

/// Reads a body (leniently) and hands the `values` of a successful answer to `read`, which
/// borrows them from the body; or the vendor's error.
fn with_values<R>(
    body: &[u8],
    read: impl Fn(Option<&RawValue>) -> Result<R, ErrorKind>,
) -> Result<R, ErrorKind> {
    let parsed = lenient::decode_with(body, |bytes| {
        let envelope: Envelope = serde_json::from_slice(bytes)?;
        let code = envelope.errmsg.unwrap_or(-1);
        Ok(
            if !OK_CODES.contains(&code) || envelope.succeed == Some(false) {
                Err(ErrorKind::Api {
                    field: "errmsg",
                    code,
                    message: envelope.errdesc,
                    hint: hint(code),
                })
            } else {
                read(envelope.values)
            },
        )
    })
    .map_err(|e| body_error(body, &e))?;
    parsed.value
}

fn list(values: Option<&RawValue>) -> Result<Vec<&RawValue>, ErrorKind> {
    match values {
        None => Ok(Vec::new()),
        Some(v) => de::list(&mut serde_json::Deserializer::from_str(v.get()))
            .map_err(|e| ErrorKind::Decode(format!("values: {e}"))),
    }
}

/// A token and its expiry as an absolute Unix time (Youmi's `expires_in` is a point in time).
#[derive(Debug)]
pub struct Token {
    pub value: Secret,
    pub expires_at: i64,
}

#[derive(Deserialize)]
struct WireToken {
    #[serde(default, deserialize_with = "de::text")]
    access_token: String,
    #[serde(default, deserialize_with = "de::opt_i64")]
    expires_in: Option<i64>,
}

/// Decodes `POST GetAccessToken`. An `expires_in` small enough to be a duration (under ten
/// years of seconds) is read as one, relative to `now`.
pub fn decode_token(body: &[u8], now: i64) -> Result<Token, ErrorKind> {
    let token: WireToken = with_values(body, |values| {
        let values =
            values.ok_or_else(|| ErrorKind::Decode("the answer has no `values`".into()))?;
        serde_json::from_str(values.get()).map_err(|e| ErrorKind::Decode(format!("values: {e}")))
    })?;
    if token.access_token.trim().is_empty() {
        return Err(ErrorKind::Decode("the answer holds no access_token".into()));
    }
    let expires_at = match token.expires_in {
        Some(t) if t > 315_360_000 => t,
        Some(d) if d > 0 => now + d,
        _ => now + 600,
    };
    Ok(Token {
        value: Secret::new(token.access_token),
        expires_at,
    })
}

#[derive(Deserialize)]
struct WireOperator {
    #[serde(deserialize_with = "de::id")]
    ad_wechat_id: String,
    #[serde(default, deserialize_with = "de::text")]
    ad_wechat_nober: String,
    #[serde(default, deserialize_with = "de::text")]
    ad_wechat_nickname: String,
    #[serde(default, deserialize_with = "de::opt_u64")]
    ad_wechat_friend: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_u64")]
    ad_wechat_group: Option<u64>,
    #[serde(default, deserialize_with = "de::flag")]
    ad_wechat_friends: bool,
    #[serde(default, deserialize_with = "de::flag")]
    ad_wechat_push: bool,
    #[serde(default, deserialize_with = "de::flag")]
    ad_wechat_record: bool,
}

/// Decodes `GET WeCaht`: operator accounts, not yet joined with their staff.
pub fn decode_operators(body: &[u8]) -> Result<(Vec<Operator>, Vec<Skipped>), ErrorKind> {
    with_values(body, operators)
}

fn operators(values: Option<&RawValue>) -> Result<(Vec<Operator>, Vec<Skipped>), ErrorKind> {
    Ok(decode::records(
        &list(values)?,
        Place::new(Vendor::Youmi, OPERATORS_PATH, 1),
        |w: WireOperator, raw| Operator {
            account: Default::default(),
            vendor: Vendor::Youmi,
            id: w.ad_wechat_id,
            wechat_no: w.ad_wechat_nober,
            nickname: w.ad_wechat_nickname,
            friends: w.ad_wechat_friend,
            groups: w.ad_wechat_group,
            staff_code: String::new(),
            staff_name: String::new(),
            authorized: w.ad_wechat_friends,
            push: w.ad_wechat_push,
            call_records: w.ad_wechat_record,
            raw: RawJson::new(raw.get()),
        },
    ))
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StaffMember {
    #[serde(default, deserialize_with = "de::text")]
    pub ad_staff_code: String,
    #[serde(default, deserialize_with = "de::text")]
    pub ad_staff_name: String,
    /// 0 enabled, 1 disabled (sent as a number, documented as a string).
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub ad_staff_state: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StaffWechat {
    #[serde(default, deserialize_with = "de::text")]
    pub ad_staff_code: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub ad_wechat_id: Option<String>,
}

fn typed<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Vec<T>, ErrorKind> {
    with_values(body, |values| {
        list(values)?
            .iter()
            .map(|raw| {
                serde_json::from_str(raw.get()).map_err(|e| ErrorKind::Decode(e.to_string()))
            })
            .collect()
    })
}

/// Decodes `GET staff`.
pub fn decode_staff(body: &[u8]) -> Result<Vec<StaffMember>, ErrorKind> {
    typed(body)
}

/// Decodes `POST staff/GetStaffWechat`: which staff member manages which operator account.
pub fn decode_staff_wechat(body: &[u8]) -> Result<Vec<StaffWechat>, ErrorKind> {
    typed(body)
}

/// Decodes any Youmi list (labels, label categories, ad groups, custom attributes) as raw
/// records for the detail view.
pub fn decode_list(body: &[u8]) -> Result<Vec<RawJson>, ErrorKind> {
    with_values(body, |values| {
        Ok(list(values)?
            .iter()
            .map(|raw| RawJson::new(raw.get()))
            .collect())
    })
}

/// Fills each operator's bound staff member from the two staff answers.
pub fn join_staff(operators: &mut [Operator], bindings: &[StaffWechat], staff: &[StaffMember]) {
    for operator in operators {
        if let Some(binding) = bindings
            .iter()
            .find(|b| b.ad_wechat_id.as_deref() == Some(operator.id.as_str()))
        {
            operator.staff_code = binding.ad_staff_code.clone();
            operator.staff_name = staff
                .iter()
                .find(|s| s.ad_staff_code == binding.ad_staff_code)
                .map(|s| s.ad_staff_name.clone())
                .unwrap_or_default();
        }
    }
}
