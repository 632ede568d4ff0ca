//! Typed vendor errors. Every message names the vendor, the endpoint (a path, never a URL, so it
//! cannot carry a token) and the code, and is scrubbed of credentials before it is built.

use std::fmt;
use std::time::Duration;

use crate::domain::{LoadFailure, Retry, Vendor};
use crate::redact::{Secret, scrub};

#[derive(Debug, Clone, PartialEq)]
pub struct VendorError {
    pub vendor: Vendor,
    /// The endpoint's path, e.g. `/open-api/contact_way/store/list`.
    pub endpoint: &'static str,
    pub kind: ErrorKind,
    /// The page of a list that failed (numbered from 1) when pages before it had arrived.
    pub page: Option<u64>,
}

impl VendorError {
    pub fn new(vendor: Vendor, endpoint: &'static str, kind: ErrorKind) -> VendorError {
        VendorError {
            vendor,
            endpoint,
            kind,
            page: None,
        }
    }

    /// The same error, as the failure of page `page` of a list.
    pub fn on_page(self, page: u64) -> VendorError {
        VendorError {
            page: Some(page),
            ..self
        }
    }
}

impl fmt::Display for VendorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.vendor, self.endpoint)?;
        if let Some(page) = self.page {
            write!(f, " (page {page})")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for VendorError {}

/// What the rest of the program needs to know of a vendor's failure: the vendor decides here
/// what its codes mean for trying again.
impl From<VendorError> for LoadFailure {
    fn from(error: VendorError) -> LoadFailure {
        let retry = match (&error.kind, error.kind.retry_after()) {
            (ErrorKind::Config(_), _) => Retry::NeedsUser,
            (_, Some(wait)) => Retry::After(wait),
            (_, None) => Retry::Later,
        };
        LoadFailure {
            origin: error.vendor.into(),
            endpoint: error.endpoint.to_owned(),
            page: error.page,
            code: error.kind.code(),
            detail: error.kind.to_string(),
            retry,
        }
    }
}

/// How long a vendor blocks an account that called too often (Weiban: "a block lasts 60 s";
/// the others publish nothing, and 60 s is the safe guess for an HTTP 429 without a hint).
pub const RATE_LIMIT_BLOCK: Duration = Duration::from_secs(60);

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
    /// Not sent: the vendor's rate-limit block has this long left.
    Blocked {
        left: Duration,
    },
    /// The configuration does not allow the call.
    Config(String),
    /// The server answered with a redirect, which is not followed; `to` is the scheme, host
    /// and port it pointed to, never a whole URL.
    Redirect {
        status: u16,
        to: String,
    },
    /// The answer went on past the limit (bytes) and was not read further.
    TooLarge {
        limit: u64,
    },
    /// Not sent: the program is stopping, and only the calls already under way finish.
    Stopping,
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
            ErrorKind::Blocked { .. } => "rate-limit block".into(),
            ErrorKind::Config(_) => "config".into(),
            ErrorKind::Redirect { status, .. } => format!("HTTP {status} redirect"),
            ErrorKind::TooLarge { .. } => "answer too large".into(),
            ErrorKind::Stopping => "stopping".into(),
        }
    }

    /// How long to leave the vendor alone after this error: its rate-limit block. `None` for
    /// errors that are not about calling too often.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            // Only Weiban's envelope has `errcode`: 10052 too many in flight, 10053 too many
            // calls. Both block the account.
            ErrorKind::Api {
                field: "errcode",
                code: super::weiban::ERR_CONCURRENCY | super::weiban::ERR_RATE,
                ..
            } => Some(RATE_LIMIT_BLOCK),
            ErrorKind::Http { status: 429, .. } => Some(RATE_LIMIT_BLOCK),
            ErrorKind::Blocked { left } => Some(*left),
            _ => None,
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
            ErrorKind::Blocked { left } => ErrorKind::Blocked { left },
            ErrorKind::Config(m) => ErrorKind::Config(s(m)),
            ErrorKind::Redirect { status, to } => ErrorKind::Redirect { status, to: s(to) },
            ErrorKind::TooLarge { limit } => ErrorKind::TooLarge { limit },
            ErrorKind::Stopping => ErrorKind::Stopping,
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
            ErrorKind::Blocked { left } => write!(
                f,
                "not asked: rate-limited by the vendor, {} s of its block left",
                left.as_secs().max(1)
            ),
            ErrorKind::Config(m) => write!(f, "configuration: {m}"),
            ErrorKind::Redirect { status, to } => write!(
                f,
                "redirected (HTTP {status}) to {to}; not followed, so that no credential leaves \
                 the vendor's server (a captive portal or proxy may be in the way, or base_url \
                 is out of date)"
            ),
            ErrorKind::TooLarge { limit } => write!(
                f,
                "the answer was larger than {} (network.max_response_mb); stopped reading",
                size(*limit)
            ),
            ErrorKind::Stopping => f.write_str("not asked: stopping (the sync was told to stop)"),
        }
    }
}

/// `64 MiB`, or bytes when that is not whole.
fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_vendor_endpoint_and_code() {
        let e = VendorError::new(
            Vendor::Weiban,
            "/open-api/contact_way/store/list",
            ErrorKind::Api {
                field: "errcode",
                code: 10001,
                message: "access_token 无效".into(),
                hint: None,
            },
        );
        assert_eq!(
            e.to_string(),
            "weiban /open-api/contact_way/store/list: errcode 10001 (access_token 无效)"
        );
        assert_eq!(e.kind.code(), "errcode 10001");
        let failure = LoadFailure::from(e.clone().on_page(3));
        assert_eq!(
            failure.to_string(),
            "weiban /open-api/contact_way/store/list (page 3): errcode 10001 (access_token 无效)"
        );
        assert_eq!(failure.code, "errcode 10001");
        assert_eq!(failure.retry, Retry::Later);
    }

    #[test]
    fn rate_limits_wait_out_the_block_and_config_errors_wait_for_the_user() {
        let failure = |kind| LoadFailure::from(VendorError::new(Vendor::Weiban, "/x", kind));
        let limited = failure(ErrorKind::Api {
            field: "errcode",
            code: 10053,
            message: String::new(),
            hint: None,
        });
        assert_eq!(limited.retry, Retry::After(RATE_LIMIT_BLOCK));
        assert_eq!(
            failure(ErrorKind::Config("no".into())).retry,
            Retry::NeedsUser
        );
        assert_eq!(failure(ErrorKind::Timeout).retry, Retry::Later);
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
