//! WeCom itself: the customer-contact callback (`change_external_contact`) that a self-built
//! app receives the moment a customer deletes a staff member. Here is its wire format only —
//! the WXBizMsgCrypt envelope ([`crypto`]), the flat XML it wraps ([`xml`]) and the event it
//! carries ([`event`]); the sync's listener answers WeCom, the store keeps what it says.

pub mod crypto;
pub mod event;
pub mod refusal;
pub mod xml;

pub use crypto::{CallbackCrypto, KeyError, Sealed};
pub use event::{Envelope, Message, decode_event, envelope_of};
pub use refusal::Refusal;
