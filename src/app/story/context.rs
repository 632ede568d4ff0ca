//! The customers' contexts (detail and latest events) fetched this session, per customer:
//! asked for when an alert is opened and for a few alerts that arrive live, kept until `r`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::app::Cmd;
use crate::domain::{Account, CustomerContext, LoadFailure, OutflowAlert, Vendor};

/// How many of the alerts a poll brings get their context fetched at once: enough for the
/// ones staff look at first, few enough that a burst of alerts does not spend the budget.
pub const LIVE_PER_POLL: usize = 3;

/// What is known of one customer's context.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The last context that arrived (kept while a refresh is under way, and after it fails).
    pub context: Option<Box<CustomerContext>>,
    /// Why the last fetch failed.
    pub failure: Option<LoadFailure>,
    pub loading: bool,
    /// The source has no context for this vendor.
    pub unavailable: bool,
}

#[derive(Debug, Default)]
pub struct Contexts {
    /// By vendor, account and customer id: the same id in two corps is two customers.
    entries: HashMap<(Vendor, Account, String), Entry>,
}

impl Contexts {
    pub fn get(&self, vendor: Vendor, account: &Account, customer_id: &str) -> Option<&Entry> {
        self.entries
            .get(&(vendor, account.clone(), customer_id.to_owned()))
    }

    /// The context of an alert's customer, when it has arrived.
    pub fn of(&self, alert: &OutflowAlert) -> Option<&CustomerContext> {
        self.get(alert.vendor, &alert.account, &alert.customer_id)?
            .context
            .as_deref()
    }

    /// Marks a customer's context as asked for, unless it is known or under way; returns
    /// whether a fetch should start.
    pub fn want(&mut self, vendor: Vendor, account: &Account, customer_id: &str) -> bool {
        let entry = self
            .entries
            .entry((vendor, account.clone(), customer_id.to_owned()))
            .or_default();
        if entry.loading || entry.context.is_some() || entry.failure.is_some() || entry.unavailable
        {
            return false;
        }
        entry.loading = true;
        true
    }

    /// Marks a customer's context to be fetched again (`r`); returns whether a fetch should
    /// start (not while one is under way).
    pub fn refresh(&mut self, vendor: Vendor, account: &Account, customer_id: &str) -> bool {
        let entry = self
            .entries
            .entry((vendor, account.clone(), customer_id.to_owned()))
            .or_default();
        if entry.loading || entry.unavailable {
            return false;
        }
        entry.loading = true;
        true
    }

    /// A fetch finished.
    pub fn arrived(
        &mut self,
        vendor: Vendor,
        account: Account,
        customer_id: String,
        context: Option<Result<CustomerContext, LoadFailure>>,
    ) {
        let entry = self
            .entries
            .entry((vendor, account, customer_id))
            .or_default();
        entry.loading = false;
        match context {
            Some(Ok(context)) => {
                entry.context = Some(Box::new(context));
                entry.failure = None;
            }
            Some(Err(failure)) => entry.failure = Some(failure),
            None => entry.unavailable = true,
        }
    }

    /// The fetch of a customer's context, unless it is known or under way; `again` (`r`):
    /// even when it is known.
    pub fn ask(
        &mut self,
        (vendor, account, customer_id): (Vendor, Account, String),
        again: bool,
    ) -> Option<Cmd> {
        let ask = match again {
            true => self.refresh(vendor, &account, &customer_id),
            false => self.want(vendor, &account, &customer_id),
        };
        ask.then_some(Cmd::FetchContext {
            vendor,
            account,
            customer_id,
        })
    }

    /// The contexts of the newest of the alerts a poll brought, a few at a time, of the
    /// vendors that are configured.
    pub fn want_live(&mut self, fresh: &[Arc<OutflowAlert>], vendors: &[Vendor]) -> Vec<Cmd> {
        let mut newest: Vec<&OutflowAlert> = fresh.iter().map(|a| &**a).collect();
        newest.sort_by_key(|a| std::cmp::Reverse(a.outflow_at));
        newest
            .into_iter()
            .filter(|a| vendors.contains(&a.vendor))
            // Lazily: only the alerts taken are marked as asked for.
            .filter(|a| self.want(a.vendor, &a.account, &a.customer_id))
            .take(LIVE_PER_POLL)
            .map(|a| Cmd::FetchContext {
                vendor: a.vendor,
                account: a.account.clone(),
                customer_id: a.customer_id.clone(),
            })
            .collect()
    }

    /// Fetches under way.
    pub fn pending(&self) -> usize {
        self.entries.values().filter(|e| e.loading).count()
    }

    /// Customers whose last fetch failed.
    pub fn failed(&self) -> usize {
        self.entries
            .values()
            .filter(|e| e.failure.is_some())
            .count()
    }

    /// Customers whose context arrived.
    pub fn known(&self) -> usize {
        self.entries
            .values()
            .filter(|e| e.context.is_some())
            .count()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
