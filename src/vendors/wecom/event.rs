//! The POSTed envelope (`<xml><ToUserName/><Encrypt/><AgentID/></xml>`) and the event inside
//! it, read into the domain's [`ContactChange`].

use chrono::{DateTime, Utc};

use super::Refusal;
use super::xml::{Fields, fields};
use crate::domain::{Account, ChangeType, ContactChange, RawJson};

/// What a POST carries before decryption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub to_user: String,
    pub encrypt: String,
    pub agent_id: String,
}

/// Reads the envelope of an event POST.
pub fn envelope_of(body: &[u8]) -> Result<Envelope, Refusal> {
    let fields = fields(body)?;
    let encrypt = fields.text("Encrypt");
    if encrypt.is_empty() {
        return Err(Refusal::Xml);
    }
    Ok(Envelope {
        to_user: fields.text("ToUserName").to_owned(),
        encrypt: encrypt.to_owned(),
        agent_id: fields.text("AgentID").to_owned(),
    })
}

/// A decrypted message.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// `change_external_contact`.
    ContactChange(ContactChange),
    /// Any other event or message (an app's menu click, a test message …): acknowledged,
    /// not kept. Its `Event` (or `MsgType`) says which.
    Other(String),
}

/// Reads a decrypted message for the account whose URL it came to.
pub fn decode_event(message: &[u8], account: &Account) -> Result<Message, Refusal> {
    let fields = fields(message)?;
    let event = fields.text("Event");
    if event != "change_external_contact" {
        let what = if event.is_empty() {
            fields.text("MsgType")
        } else {
            event
        };
        return Ok(Message::Other(what.to_owned()));
    }
    let at = created_at(&fields).ok_or(Refusal::Xml)?;
    Ok(Message::ContactChange(ContactChange {
        account: account.clone(),
        corp_id: fields.text("ToUserName").to_owned(),
        from: fields.text("FromUserName").to_owned(),
        at,
        change: ChangeType::parse(fields.text("ChangeType")),
        staff_userid: fields.text("UserID").to_owned(),
        external_userid: fields.text("ExternalUserID").to_owned(),
        source: fields.text("Source").to_owned(),
        fail_reason: fields.text("FailReason").to_owned(),
        raw: raw(&fields),
    }))
}

/// `CreateTime`, Unix seconds.
fn created_at(fields: &Fields) -> Option<DateTime<Utc>> {
    let seconds: i64 = fields.text("CreateTime").parse().ok()?;
    DateTime::from_timestamp(seconds, 0)
}

/// The fields as a JSON object, for the detail view's tree.
fn raw(fields: &Fields) -> RawJson {
    let object: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .map(|(n, v)| (n.to_owned(), serde_json::Value::String(v.to_owned())))
        .collect();
    RawJson::new(&serde_json::Value::Object(object).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DeleteBy;

    fn event(change: &str, extra: &str) -> String {
        format!(
            "<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\
             <CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>\
             <Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[{change}]]></ChangeType>\
             <UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[wmABC]]></ExternalUserID>{extra}</xml>"
        )
    }

    fn change(xml: &str) -> ContactChange {
        match decode_event(xml.as_bytes(), &Account::default()).unwrap() {
            Message::ContactChange(c) => c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn del_follow_user_is_an_outflow_alert_at_create_time() {
        let c = change(&event("del_follow_user", ""));
        assert_eq!(c.change, ChangeType::DelFollowUser);
        let alert = c.alert().unwrap();
        assert_eq!(alert.customer_id, "wmABC");
        assert_eq!(alert.staff_id, "zhangsan");
        assert_eq!(alert.delete_by, DeleteBy::Customer);
        assert_eq!(alert.outflow_at.unwrap().timestamp(), 1_700_000_000);
        assert!(alert.origins.wecom_only());
        assert!(alert.raw.text().contains("del_follow_user"));
    }

    #[test]
    fn deletions_by_staff_handovers_and_failed_transfers() {
        let staff = change(&event("del_external_contact", "")).alert().unwrap();
        assert_eq!(staff.delete_by, DeleteBy::Staff);
        let moved = change(&event(
            "del_external_contact",
            "<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>",
        ));
        let moved = moved.alert().unwrap();
        assert_eq!(moved.delete_by, DeleteBy::Handover);
        assert!(!moved.delete_by.is_outflow());
        let failed = change(&event(
            "transfer_fail",
            "<FailReason><![CDATA[customer_refused]]></FailReason>",
        ))
        .alert()
        .unwrap();
        assert_eq!(
            failed.delete_by.transfer_failure(),
            Some("customer_refused")
        );
        assert_eq!(
            DeleteBy::from(failed.delete_by.name().to_owned()),
            failed.delete_by
        );
    }

    #[test]
    fn other_changes_make_no_alert_and_other_events_are_only_named() {
        assert!(change(&event("add_external_contact", "")).alert().is_none());
        let click = b"<xml><MsgType>event</MsgType><Event>click</Event></xml>";
        assert_eq!(
            decode_event(click, &Account::default()),
            Ok(Message::Other(String::from("click")))
        );
        let no_time = event("del_follow_user", "").replace("1700000000", "soon");
        assert_eq!(
            decode_event(no_time.as_bytes(), &Account::default()),
            Err(Refusal::Xml)
        );
    }

    #[test]
    fn the_envelope_needs_its_ciphertext() {
        let body = b"<xml><ToUserName><![CDATA[ww1]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
        let envelope = envelope_of(body).unwrap();
        assert_eq!(envelope.encrypt, "abc=");
        assert_eq!(envelope.agent_id, "218");
        assert_eq!(
            envelope_of(b"<xml><ToUserName>ww1</ToUserName></xml>"),
            Err(Refusal::Xml)
        );
    }
}
