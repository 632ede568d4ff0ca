//! Why a callback request was turned away: a closed set, so the sync can count each reason
//! (and name it in its log and metrics) without ever echoing what the caller sent.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Refusal {
    /// `msg_signature`, `timestamp`, `nonce` (or `echostr`) missing from the query.
    MissingParameter,
    /// The signature is not the SHA-1 of token, timestamp, nonce and the encrypted text.
    Signature,
    /// The encrypted text is not base64.
    Base64,
    /// The ciphertext is not whole AES blocks, or the length inside does not add up.
    Length,
    /// The PKCS#7 padding (1–32) is not what WeCom writes.
    Padding,
    /// The receive id after the message is not this account's corp id.
    ReceiveId,
    /// The body (or the decrypted message) is not WeCom's flat XML.
    Xml,
    /// The body is larger than a callback ever is.
    TooLarge,
    /// The body did not arrive in time.
    SlowBody,
    /// `/wecom/callback/NAME` for an account not configured.
    UnknownAccount,
    /// Too many requests at once: the receiver keeps its room for WeCom.
    Busy,
}

impl Refusal {
    pub const ALL: [Refusal; 11] = [
        Refusal::MissingParameter,
        Refusal::Signature,
        Refusal::Base64,
        Refusal::Length,
        Refusal::Padding,
        Refusal::ReceiveId,
        Refusal::Xml,
        Refusal::TooLarge,
        Refusal::SlowBody,
        Refusal::UnknownAccount,
        Refusal::Busy,
    ];

    /// The reason's name in logs and metrics.
    pub fn name(self) -> &'static str {
        match self {
            Refusal::MissingParameter => "missing_parameter",
            Refusal::Signature => "signature",
            Refusal::Base64 => "base64",
            Refusal::Length => "length",
            Refusal::Padding => "padding",
            Refusal::ReceiveId => "receive_id",
            Refusal::Xml => "xml",
            Refusal::TooLarge => "too_large",
            Refusal::SlowBody => "slow_body",
            Refusal::UnknownAccount => "unknown_account",
            Refusal::Busy => "busy",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
