//! WeCom's XML is flat: `<xml><Name>text or CDATA</Name>…</xml>`. This reads exactly that
//! and refuses the rest — a DTD, processing instructions, nesting, a custom entity (which is
//! never expanded), a name twice — so a hostile body costs a bounded walk and nothing more.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::Refusal;

/// More fields than any WeCom event has.
const MOST_FIELDS: usize = 64;

/// The fields of one flat document, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// A field's text; `None` when the document has no such field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A field's text, trimmed; empty when missing.
    pub fn text(&self, name: &str) -> &str {
        self.get(name).map_or("", str::trim)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

/// Where the reader is in the document.
enum At {
    Before,
    InRoot,
    InField(String, String),
    After,
}

/// Reads `<xml>…</xml>` into its fields.
pub fn fields(document: &[u8]) -> Result<Fields, Refusal> {
    let mut reader = Reader::from_reader(document);
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut at = At::Before;
    loop {
        let event = reader.read_event().map_err(|_| Refusal::Xml)?;
        at = match (at, event) {
            (at, Event::Comment(_)) => at,
            (At::Before, Event::Decl(_)) => At::Before,
            (at @ (At::Before | At::InRoot | At::After), Event::Text(t)) => {
                // Only whitespace between elements.
                if !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(Refusal::Xml);
                }
                at
            }
            (At::Before, Event::Start(s)) if s.name().as_ref() == b"xml" => At::InRoot,
            (At::InRoot, Event::Start(s)) => At::InField(name(s.name().as_ref())?, String::new()),
            (At::InRoot, Event::Empty(s)) => {
                push(&mut fields, name(s.name().as_ref())?, String::new())?;
                At::InRoot
            }
            (At::InRoot, Event::End(e)) if e.name().as_ref() == b"xml" => At::After,
            (At::InField(n, mut value), Event::Text(t)) => {
                value.push_str(utf8(&t)?);
                At::InField(n, value)
            }
            (At::InField(n, mut value), Event::CData(c)) => {
                value.push_str(utf8(&c)?);
                At::InField(n, value)
            }
            (At::InField(n, mut value), Event::GeneralRef(r)) => {
                value.push(resolve(&r)?);
                At::InField(n, value)
            }
            (At::InField(n, value), Event::End(e)) if e.name().as_ref() == n.as_bytes() => {
                push(&mut fields, n, value)?;
                At::InRoot
            }
            (At::After, Event::Eof) => return Ok(Fields(fields)),
            // A DTD, a processing instruction, nesting, a second root, an early end.
            _ => return Err(Refusal::Xml),
        };
    }
}

fn push(fields: &mut Vec<(String, String)>, name: String, value: String) -> Result<(), Refusal> {
    if fields.len() >= MOST_FIELDS || fields.iter().any(|(n, _)| *n == name) {
        return Err(Refusal::Xml);
    }
    fields.push((name, value));
    Ok(())
}

fn name(bytes: &[u8]) -> Result<String, Refusal> {
    let name = utf8(bytes)?;
    if name.is_empty()
        || name.len() > 64
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(Refusal::Xml);
    }
    Ok(name.to_owned())
}

fn utf8(bytes: &[u8]) -> Result<&str, Refusal> {
    std::str::from_utf8(bytes).map_err(|_| Refusal::Xml)
}

/// `&lt;`, `&#20013;` and the like; any other entity is refused, never looked up.
fn resolve(reference: &quick_xml::events::BytesRef<'_>) -> Result<char, Refusal> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Ok(c);
    }
    match utf8(reference)? {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => Err(Refusal::Xml),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_cdata_references_and_empty_fields() {
        let doc = b"<?xml version=\"1.0\"?>\n<xml><ToUserName><![CDATA[ww1]]></ToUserName>\n\
            <CreateTime>1409659813</CreateTime><Note>a &lt;b&gt; &#20013;</Note><AgentID/></xml>\n";
        let fields = fields(doc).unwrap();
        assert_eq!(fields.get("ToUserName"), Some("ww1"));
        assert_eq!(fields.get("CreateTime"), Some("1409659813"));
        assert_eq!(fields.get("Note"), Some("a <b> 中"));
        assert_eq!(fields.get("AgentID"), Some(""));
        assert_eq!(fields.get("Missing"), None);
    }

    #[test]
    fn refuses_what_is_not_wecoms_flat_xml() {
        let hostile: &[&[u8]] = &[
            b"",
            b"not xml",
            b"<root><A>1</A></root>",
            b"<xml><A><B>nested</B></A></xml>",
            b"<xml><A>1</A><A>2</A></xml>",
            b"<xml><A>1</A></xml><xml/>",
            b"<xml><A>1</A>",
            b"<xml><A>1</B></xml>",
            b"<!DOCTYPE xml [<!ENTITY big \"boom\">]><xml><A>&big;</A></xml>",
            b"<xml><A>&big;</A></xml>",
            b"<?php evil ?><xml/>",
            b"<xml>loose text<A>1</A></xml>",
            b"<xml><A>\xff\xfe</A></xml>",
        ];
        for doc in hostile {
            assert_eq!(
                fields(doc),
                Err(Refusal::Xml),
                "{}",
                String::from_utf8_lossy(doc)
            );
        }
    }

    #[test]
    fn a_billion_laughs_is_refused_without_expanding() {
        let mut doc = String::from("<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\">");
        for i in 1..10 {
            doc.push_str(&format!(
                "<!ENTITY a{i} \"{}\">",
                format!("&a{};", i - 1).repeat(10)
            ));
        }
        doc.push_str("]><xml><A>&a9;</A></xml>");
        assert_eq!(fields(doc.as_bytes()), Err(Refusal::Xml));
    }

    #[test]
    fn refuses_more_fields_than_an_event_has() {
        let body: String = (0..65).map(|i| format!("<F{i}>x</F{i}>")).collect();
        assert_eq!(
            fields(format!("<xml>{body}</xml>").as_bytes()),
            Err(Refusal::Xml)
        );
    }
}
