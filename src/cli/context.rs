//! `get outflow --with-context`: each alert's customer context fetched (within the vendor's
//! limits: the client's limiter paces them), and five keys added to every record.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};

use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::domain::{
    Account, AlertStory, CustomerDetail, LoadFailure, OutflowAlert, Retry, Vendor,
};
use crate::fetch::Source;

/// The keys added, in order.
pub const KEYS: &[&str] = &[
    "retention_days",
    "followed_by",
    "recovered",
    "add_way",
    "channel",
];

/// Contexts fetched at once: each is one request (no events), so two leave Weiban's other
/// three in-flight slots free.
const AT_ONCE: usize = 2;

/// What was fetched per customer.
pub type Details = HashMap<(Vendor, Account, String), Result<CustomerDetail, LoadFailure>>;

/// Fetches the detail of every alert's customer, once per customer, with a progress line on
/// stderr.
pub async fn fetch(source: &dyn Source, alerts: &[OutflowAlert], err: &mut dyn Write) -> Details {
    let mut wanted: Vec<(Vendor, Account, String)> = alerts
        .iter()
        .map(|a| (a.vendor, a.account.clone(), a.customer_id.clone()))
        .collect();
    wanted.sort();
    wanted.dedup();
    let total = wanted.len();
    let terminal = std::io::stderr().is_terminal();
    let mut details = Details::new();
    let mut fetched = futures_util::stream::iter(wanted)
        .map(|(vendor, account, id)| async move {
            let context = source
                .customer_context(vendor, account.clone(), id.clone(), 0)
                .await;
            (vendor, account, id, context)
        })
        .buffer_unordered(AT_ONCE);
    let mut done = 0;
    while let Some((vendor, account, id, context)) = fetched.next().await {
        done += 1;
        let detail = match context {
            Some(result) => result.map(|c| c.detail),
            None => Err(LoadFailure {
                origin: vendor.into(),
                endpoint: String::from("-"),
                page: None,
                code: String::from("unavailable"),
                detail: String::from("no customer context from this source"),
                retry: Retry::NeedsUser,
            }),
        };
        details.insert((vendor, account, id), detail);
        // On a terminal one line that counts up; in a log, a line now and then.
        if terminal {
            let _ = write!(err, "\rcontext: {done} / {total} customers");
        } else if done % 100 == 0 || done == total {
            let _ = writeln!(err, "context: {done} / {total} customers");
        }
    }
    if terminal && total > 0 {
        let _ = writeln!(err);
    }
    details
}

/// The five keys of one alert: from the alert, and from its customer's detail when it arrived
/// (`followed_by` and `recovered` are null when it did not).
pub fn values(alert: &OutflowAlert, details: &Details) -> Vec<Value> {
    let detail = details
        .get(&(
            alert.vendor,
            alert.account.clone(),
            alert.customer_id.clone(),
        ))
        .and_then(|d| d.as_ref().ok());
    let story = AlertStory::of(alert, detail);
    vec![
        json!(story.retention_days),
        json!(story.followed_by),
        json!(story.recovered),
        json!(story.add_way.map(|w| w.to_string())),
        json!(story.channel),
    ]
}

/// The failures, one line each, naming the customer.
pub fn failures(details: &Details) -> Vec<String> {
    let mut lines: Vec<String> = details
        .iter()
        .filter_map(|((_, account, id), d)| {
            let account = account.key_prefix();
            d.as_ref()
                .err()
                .map(|e| format!("customer {account}{id}: {e}"))
        })
        .collect();
    lines.sort();
    lines
}
