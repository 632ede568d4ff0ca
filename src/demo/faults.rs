//! Fault injection: the demo server can answer the way real vendors fail — HTML error pages,
//! garbage, cut-off bodies, silence, dropped connections, expired tokens, rate-limit blocks,
//! bad signatures and expired sessions — so that tests (and a person trying the dashboard)
//! can see how the client copes.
//!
//! A [`Rule`] names a vendor, a fault, how many of the vendor's data calls to let through
//! first and how many to spoil. Rules are set with [`super::DemoServer::inject`], with
//! `demo-server --fault weiban:http-502:5:1`, or over HTTP:
//!
//! ```text
//! curl -X POST 'http://127.0.0.1:PORT/__demo/faults?vendor=weiban&fault=http-502&after=5&times=1'
//! curl -X DELETE http://127.0.0.1:PORT/__demo/faults
//! ```
//!
//! Token calls are never spoiled: an expired token is a fault of the data call, which the
//! client answers by asking for a new token.

use std::sync::Mutex;

use crate::demo::DemoError;
use crate::domain::Vendor;

/// How a vendor can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// HTTP 500 with nginx's HTML page.
    Http500,
    /// HTTP 502 with a gateway's HTML page.
    Http502,
    /// HTTP 200 with bytes that are not JSON at all; like a broken proxy, it echoes the
    /// request's credentials first (the client must not show them in its error).
    Garbage,
    /// HTTP 200 with the real answer cut off halfway.
    Truncated,
    /// HTTP 200 with nothing in it.
    Empty,
    /// No answer, ever (the client's timeout has to end it).
    Hang,
    /// The real answer, a second late: a vendor under load (no failure: a load is simply
    /// under way for longer).
    Slow,
    /// The connection drops in the middle of the answer.
    Reset,
    /// The vendor's "token expired" answer (Weiban 10001, Youmi 10003), however often the
    /// client renews it.
    ExpiredToken,
    /// The vendor's rate-limit answer (Weiban 10053; the others HTTP 429, Retry-After: 60).
    RateLimited,
    /// The vendor's "bad signature" answer (Tanma 1002, Youmi 200006).
    BadSignature,
    /// Yunzhong's "please log in" answer to a stale session cookie.
    LoginRequired,
    /// HTTP 302 to another port (the server's second listener, which records what reaches
    /// it), with the original path and query, as a captive portal sends one.
    Redirect,
    /// HTTP 200 whose body goes on far past any sane limit (1 GiB, counted as it is sent).
    Huge,
    // Paging that lies: a well-formed answer that is not what was asked for.
    /// The first page again, whatever page was asked for (Tanma: a new cursor that points back
    /// at the first page).
    RepeatPage,
    /// Tanma: the next cursor is the one the request sent.
    RepeatCursor,
    /// The totals and last page numbers a thousand times what they are.
    InflatedTotal,
    /// The page's records left out, everything else (the total, "more") as it was.
    EmptyPage,
}

impl Fault {
    pub const ALL: [Fault; 18] = [
        Fault::Http500,
        Fault::Http502,
        Fault::Garbage,
        Fault::Truncated,
        Fault::Empty,
        Fault::Hang,
        Fault::Slow,
        Fault::Reset,
        Fault::ExpiredToken,
        Fault::RateLimited,
        Fault::BadSignature,
        Fault::LoginRequired,
        Fault::Redirect,
        Fault::Huge,
        Fault::RepeatPage,
        Fault::RepeatCursor,
        Fault::InflatedTotal,
        Fault::EmptyPage,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fault::Http500 => "http-500",
            Fault::Http502 => "http-502",
            Fault::Garbage => "garbage",
            Fault::Truncated => "truncated",
            Fault::Empty => "empty",
            Fault::Hang => "hang",
            Fault::Slow => "slow",
            Fault::Reset => "reset",
            Fault::ExpiredToken => "expired-token",
            Fault::RateLimited => "rate-limited",
            Fault::BadSignature => "bad-signature",
            Fault::LoginRequired => "login-required",
            Fault::Redirect => "redirect",
            Fault::Huge => "huge",
            Fault::RepeatPage => "repeat-page",
            Fault::RepeatCursor => "repeat-cursor",
            Fault::InflatedTotal => "inflated-total",
            Fault::EmptyPage => "empty-page",
        }
    }

    pub fn parse(name: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the vendor can fail this way at all: only token vendors have expired tokens,
    /// only signing vendors bad signatures, only Yunzhong a login page; only paged lists can
    /// lie about their pages (Youmi's lists are not paged), only a cursor be repeated, only
    /// a list with a total inflate it (Tanma's has none, and an empty page ends it).
    pub fn applies_to(self, vendor: Vendor) -> bool {
        match self {
            Fault::ExpiredToken => matches!(vendor, Vendor::Weiban | Vendor::Youmi),
            Fault::BadSignature => matches!(vendor, Vendor::Tanma | Vendor::Youmi),
            Fault::LoginRequired => vendor == Vendor::Yunzhong,
            Fault::RepeatPage => vendor != Vendor::Youmi,
            Fault::RepeatCursor => vendor == Vendor::Tanma,
            Fault::InflatedTotal | Fault::EmptyPage => {
                matches!(vendor, Vendor::Weiban | Vendor::Yunzhong)
            }
            _ => true,
        }
    }

    /// Whether the vendor fails this way (an error the client must show): not a lie about
    /// paging, which it has to see through, nor a slow answer, which is an answer.
    pub fn is_failure(self) -> bool {
        !self.is_lie() && self != Fault::Slow
    }

    /// A lie about paging rather than a failure: the answer is well formed, and the client
    /// has to see through it.
    pub fn is_lie(self) -> bool {
        matches!(
            self,
            Fault::RepeatPage | Fault::RepeatCursor | Fault::InflatedTotal | Fault::EmptyPage
        )
    }
}

/// Spoil `times` of a vendor's data calls (`None`: all of them until cleared), after letting
/// `after` through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub vendor: Vendor,
    pub fault: Fault,
    pub after: u64,
    pub times: Option<u64>,
}

impl Rule {
    /// Every data call of the vendor, until cleared.
    pub fn always(vendor: Vendor, fault: Fault) -> Rule {
        Rule {
            vendor,
            fault,
            after: 0,
            times: None,
        }
    }

    /// `vendor:fault[:after[:times]]`, as `demo-server --fault` takes it.
    pub fn parse(text: &str) -> Result<Rule, DemoError> {
        let mut parts = text.split(':');
        let vendor = parts.next().unwrap_or_default();
        let vendor = Vendor::CALLED
            .into_iter()
            .find(|v| v.name() == vendor)
            .ok_or_else(|| DemoError::UnknownVendor(vendor.to_owned()))?;
        let fault = parts.next().unwrap_or_default();
        let fault = Fault::parse(fault).ok_or_else(|| DemoError::UnknownFault {
            name: fault.to_owned(),
            known: Fault::ALL.iter().map(|f| f.name()).collect(),
        })?;
        if !fault.applies_to(vendor) {
            return Err(DemoError::NotForVendor {
                vendor,
                fault: fault.name(),
            });
        }
        let number = |part: Option<&str>, what: &'static str| -> Result<Option<u64>, DemoError> {
            part.map(|p| {
                p.parse().map_err(|_| DemoError::NotANumber {
                    what,
                    text: p.to_owned(),
                })
            })
            .transpose()
        };
        let after = number(parts.next(), "after")?.unwrap_or(0);
        let times = number(parts.next(), "times")?;
        if parts.next().is_some() {
            return Err(DemoError::RuleShape);
        }
        Ok(Rule {
            vendor,
            fault,
            after,
            times,
        })
    }
}

/// The rules in force, each with the calls it has seen and spoiled.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<Active>>,
}

#[derive(Debug)]
struct Active {
    rule: Rule,
    seen: u64,
    fired: u64,
}

impl Faults {
    pub fn add(&self, rule: Rule) {
        self.lock().push(Active {
            rule,
            seen: 0,
            fired: 0,
        });
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    pub fn describe(&self) -> String {
        self.lock()
            .iter()
            .map(|a| {
                format!(
                    "{}:{}:{}:{} fired {}\n",
                    a.rule.vendor,
                    a.rule.fault.name(),
                    a.rule.after,
                    a.rule.times.map_or("-".to_owned(), |t| t.to_string()),
                    a.fired
                )
            })
            .collect()
    }

    /// Counts a data call of `vendor` and says which fault, if any, spoils it.
    pub fn next(&self, vendor: Vendor) -> Option<Fault> {
        let mut rules = self.lock();
        let mut spoiled = None;
        for active in rules.iter_mut().filter(|a| a.rule.vendor == vendor) {
            active.seen += 1;
            let due = active.seen > active.rule.after
                && active.rule.times.is_none_or(|t| active.fired < t);
            if due && spoiled.is_none() {
                active.fired += 1;
                spoiled = Some(active.rule.fault);
            }
        }
        spoiled
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Active>> {
        self.rules.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Which vendor a data call is for; `None` for token calls and the control endpoints.
pub fn vendor_of(path: &str) -> Option<Vendor> {
    use crate::vendors::{tanma, weiban, youmi, yunzhong};
    if path == weiban::TOKEN_PATH || path.ends_with(youmi::TOKEN_PATH) {
        None
    } else if path.starts_with("/open-api/") {
        Some(Vendor::Weiban)
    } else if path.starts_with(super::youmi::PREFIX) {
        Some(Vendor::Youmi)
    } else if path == tanma::LIST_PATH || path == tanma::TAGS_PATH {
        Some(Vendor::Tanma)
    } else if path.starts_with("/business/")
        && yunzhong::LIST_PATH
            .split_once("{uniacid}")
            .is_some_and(|(_, suffix)| path.ends_with(suffix))
    {
        Some(Vendor::Yunzhong)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_and_refuse_faults_a_vendor_cannot_have() {
        assert_eq!(
            Rule::parse("weiban:http-502:5:1"),
            Ok(Rule {
                vendor: Vendor::Weiban,
                fault: Fault::Http502,
                after: 5,
                times: Some(1)
            })
        );
        assert_eq!(
            Rule::parse("tanma:hang"),
            Ok(Rule::always(Vendor::Tanma, Fault::Hang))
        );
        assert!(Rule::parse("weiban:bad-signature").is_err());
        assert!(Rule::parse("tanma:login-required").is_err());
        assert!(Rule::parse("nobody:hang").is_err());
        assert!(Rule::parse("weiban:hang:x").is_err());
    }

    #[test]
    fn a_rule_lets_calls_through_then_spoils_as_many_as_asked() {
        let faults = Faults::default();
        faults.add(Rule {
            vendor: Vendor::Weiban,
            fault: Fault::Empty,
            after: 2,
            times: Some(2),
        });
        let seen: Vec<Option<Fault>> = (0..6).map(|_| faults.next(Vendor::Weiban)).collect();
        assert_eq!(
            seen,
            [
                None,
                None,
                Some(Fault::Empty),
                Some(Fault::Empty),
                None,
                None
            ]
        );
        assert_eq!(faults.next(Vendor::Tanma), None);
    }

    #[test]
    fn token_calls_are_not_data_calls() {
        use crate::vendors::{tanma, weiban, youmi, yunzhong};
        assert_eq!(vendor_of(weiban::TOKEN_PATH), None);
        assert_eq!(vendor_of(weiban::CUSTOMER_LIST_PATH), Some(Vendor::Weiban));
        assert_eq!(vendor_of(tanma::LIST_PATH), Some(Vendor::Tanma));
        assert_eq!(
            vendor_of(&format!(
                "{}{}",
                super::super::youmi::PREFIX,
                youmi::TOKEN_PATH
            )),
            None
        );
        assert_eq!(
            vendor_of(&format!(
                "{}{}",
                super::super::youmi::PREFIX,
                youmi::OPERATORS_PATH
            )),
            Some(Vendor::Youmi)
        );
        assert_eq!(vendor_of(&yunzhong::list_path(2)), Some(Vendor::Yunzhong));
        assert_eq!(vendor_of("/__demo/faults"), None);
    }
}
