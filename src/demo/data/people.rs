//! The demo's people as every vendor knows them: the same person has the same WeCom external
//! userid, WeChat unionid and phone number wherever they appear, so that related records can
//! be found across vendors — exactly (external userid, unionid) or only possibly (a phone).

use super::build::Rng;

/// The customers of the outflow alerts have seeds from here (alert `k`'s is this plus
/// `k` plus the length of the history); the Weiban customer list's are `0..`.
pub const ALERT_SEEDS: u64 = 1_000_000;

/// The WeCom external userid of person `seed`.
pub fn external_userid(seed: u64) -> String {
    format!(
        "wmP_2OPAAA{:022x}",
        Rng::new(seed ^ 0xC0FFEE).next_u64() as u128 * 3
    )
}

/// The WeChat unionid of person `seed`.
pub fn unionid(seed: u64) -> String {
    format!("omefmt36BJgF0FiVh_{seed:010}")
}

/// A phone number of person `seed`.
pub fn phone(seed: u64) -> String {
    format!("139{:08}", seed % 100_000_000)
}

/// How a customer of another vendor is the same person as a Weiban customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    /// The same external userid and unionid.
    Exactly(u64),
    /// Another external userid (another corp's WeCom), the same unionid.
    UnionId(u64),
    /// Only the same phone number.
    Phone(u64),
    Nobody,
}

/// Who Yunzhong customer `i` is: every fifth one an alert's customer, the next one a customer
/// of Weiban's list, the one after an alert's customer by unionid only.
pub fn yunzhong(i: u64) -> Shared {
    match i % 5 {
        0 => Shared::Exactly(ALERT_SEEDS + i),
        1 => Shared::Exactly(i),
        2 => Shared::UnionId(ALERT_SEEDS + i),
        _ => Shared::Nobody,
    }
}

/// Who the first Tanma account's customer `i` is: some an alert's customer by external userid,
/// some only by a phone number that the alert's relation also lists.
pub fn tanma(i: u64) -> Shared {
    match i % 6 {
        1 => Shared::Exactly(ALERT_SEEDS + i),
        3 => Shared::Phone(ALERT_SEEDS + i),
        _ => Shared::Nobody,
    }
}

/// Whether Weiban lists the phone of person `seed` in the relation's `remark_mobiles`: every
/// one that Tanma knows by phone, and a few more.
pub fn phone_listed(seed: u64) -> bool {
    seed.checked_sub(ALERT_SEEDS)
        .is_some_and(|i| tanma(i) == Shared::Phone(seed))
        || seed % 10 == 7
}
