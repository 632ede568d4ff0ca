//! What the demo server refuses: a fault rule it cannot read, a request parameter it would
//! answer with an error code (in the vendor's words).

use crate::domain::Vendor;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    #[error("unknown vendor {0:?} (weiban, yunzhong, tanma, youmi)")]
    UnknownVendor(String),
    #[error("unknown fault {name:?} ({})", known.join(", "))]
    UnknownFault {
        name: String,
        known: Vec<&'static str>,
    },
    #[error("{vendor} cannot fail with {fault}")]
    NotForVendor { vendor: Vendor, fault: &'static str },
    #[error("{what} must be a number, not {text:?}")]
    NotANumber { what: &'static str, text: String },
    #[error("expected vendor:fault[:after[:times]]")]
    RuleShape,
    /// A page parameter Weiban would refuse, as its `status_message` says it.
    #[error("参数 {name} 不合法: {value}")]
    BadParameter { name: String, value: String },
}
