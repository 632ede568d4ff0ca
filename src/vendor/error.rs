//! Typed vendor errors. Every message names the vendor, the endpoint (a path, never a URL, so it
//! cannot carry a token) and the code, and is scrubbed of credentials before it is built.

use std::fmt;

use crate::domain::Vendor;
use crate::redact::{Secret, scrub};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{vendor} {endpoint}: {kind}")]
pub struct VendorError {
    pub vendor: Vendor,
    /// The endpoint's path, e.g. `/open-api/contact_way/store/list`.
    pub endpoint: &'static str,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// The server answered with a non-success HTTP status.
    Http {
        status: u16,
        detail: String,
    },
    /// The vendor's envelope reported an error code.
    Api {
        /// The wire field holding the code (`errcode`, `status_code`, `result`, `code`, …).
        field: &'static str,
        code: i64,
        message: String,
        hint: Option<&'static str>,
    },
    /// The body could not be read as the vendor's format.
    Decode(String),
    Timeout,
    Connect(String),
    Network(String),
    /// Paging could not complete (a page the vendor promised never came, or a loop).
    Paging(String),
    /// The configuration does not allow the call.
    Config(String),
}

impl ErrorKind {
    /// A short code for status lines: `HTTP 502`, `errcode 10001`, `timeout`, …
    pub fn code(&self) -> String {
        match self {
            ErrorKind::Http { status, .. } => format!("HTTP {status}"),
            ErrorKind::Api { field, code, .. } => format!("{field} {code}"),
            ErrorKind::Decode(_) => "bad response".into(),
            ErrorKind::Timeout => "timeout".into(),
            ErrorKind::Connect(_) => "connect".into(),
            ErrorKind::Network(_) => "network".into(),
            ErrorKind::Paging(_) => "paging".into(),
            ErrorKind::Config(_) => "config".into(),
        }
    }

    /// The same error with every credential removed from its text.
    pub fn scrubbed(self, secrets: &[&Secret]) -> ErrorKind {
        let s = |text: String| scrub(&text, secrets);
        match self {
            ErrorKind::Http { status, detail } => ErrorKind::Http {
                status,
                detail: s(detail),
            },
            ErrorKind::Api {
                field,
                code,
                message,
                hint,
            } => ErrorKind::Api {
                field,
                code,
                message: s(message),
                hint,
            },
            ErrorKind::Decode(m) => ErrorKind::Decode(s(m)),
            ErrorKind::Timeout => ErrorKind::Timeout,
            ErrorKind::Connect(m) => ErrorKind::Connect(s(m)),
            ErrorKind::Network(m) => ErrorKind::Network(s(m)),
            ErrorKind::Paging(m) => ErrorKind::Paging(s(m)),
            ErrorKind::Config(m) => ErrorKind::Config(s(m)),
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Http { status, detail } if detail.is_empty() => write!(f, "HTTP {status}"),
            ErrorKind::Http { status, detail } => write!(f, "HTTP {status}: {detail}"),
            ErrorKind::Api {
                field,
                code,
                message,
                hint,
            } => {
                write!(f, "{field} {code}")?;
                if !message.is_empty() {
                    write!(f, " ({message})")?;
                }
                if let Some(hint) = hint {
                    write!(f, " — {hint}")?;
                }
                Ok(())
            }
            ErrorKind::Decode(m) => write!(f, "unreadable response: {m}"),
            ErrorKind::Timeout => f.write_str("timeout: no answer in time"),
            ErrorKind::Connect(m) => write!(f, "cannot connect: {m}"),
            ErrorKind::Network(m) => write!(f, "network error: {m}"),
            ErrorKind::Paging(m) => write!(f, "paging stopped: {m}"),
            ErrorKind::Config(m) => write!(f, "configuration: {m}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_vendor_endpoint_and_code() {
        let e = VendorError {
            vendor: Vendor::Weiban,
            endpoint: "/open-api/contact_way/store/list",
            kind: ErrorKind::Api {
                field: "errcode",
                code: 10001,
                message: "access_token 无效".into(),
                hint: None,
            },
        };
        assert_eq!(
            e.to_string(),
            "weiban /open-api/contact_way/store/list: errcode 10001 (access_token 无效)"
        );
        assert_eq!(e.kind.code(), "errcode 10001");
    }

    #[test]
    fn scrubbed_removes_secrets_from_every_message() {
        let secret = Secret::new("tok_abcdef");
        let kind =
            ErrorKind::Network("url ?access_token=tok_abcdef failed, echo tok_abcdef".into());
        let text = kind.scrubbed(&[&secret]).to_string();
        assert!(!text.contains("tok_abcdef"), "{text}");
    }
}
