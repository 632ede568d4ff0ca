//! Customer contexts: asked for when an alert's detail opens, for a few alerts that arrive
//! live, and again with `r`; what arrives is kept per customer for the session.

use std::sync::Arc;

use super::context::LIVE_PER_POLL;
use crate::app::{App, Cmd};
use crate::domain::{Account, CustomerContext, LoadFailure, OutflowAlert, Vendor};

impl App {
    /// The alert whose detail is open.
    pub(crate) fn detail_alert(&self) -> Option<&OutflowAlert> {
        self.detail()?.alert.as_deref()
    }

    /// The open alert's context, unless it is known or on its way.
    pub(crate) fn want_context(&mut self) -> Vec<Cmd> {
        self.ask_context(false)
    }

    /// `r` in an alert's detail: its context again.
    pub(crate) fn refresh_context(&mut self) -> Vec<Cmd> {
        self.ask_context(true)
    }

    fn ask_context(&mut self, again: bool) -> Vec<Cmd> {
        let Some((vendor, account, id)) = self
            .detail_alert()
            .map(|a| (a.vendor, a.account.clone(), a.customer_id.clone()))
        else {
            return Vec::new();
        };
        let ask = if again {
            self.contexts.refresh(vendor, &account, &id)
        } else {
            self.contexts.want(vendor, &account, &id)
        };
        ask.then_some(Cmd::FetchContext {
            vendor,
            account,
            customer_id: id,
        })
        .into_iter()
        .collect()
    }

    /// The contexts of the newest of the alerts a poll brought, a few at a time.
    pub(crate) fn want_live_contexts(&mut self, fresh: &[Arc<OutflowAlert>]) -> Vec<Cmd> {
        let mut newest: Vec<&OutflowAlert> = fresh.iter().map(|a| &**a).collect();
        newest.sort_by_key(|a| std::cmp::Reverse(a.outflow_at));
        newest
            .into_iter()
            .filter(|a| self.settings.vendors.contains(&a.vendor))
            // Lazily: only the alerts taken are marked as asked for.
            .filter(|a| self.contexts.want(a.vendor, &a.account, &a.customer_id))
            .take(LIVE_PER_POLL)
            .map(|a| Cmd::FetchContext {
                vendor: a.vendor,
                account: a.account.clone(),
                customer_id: a.customer_id.clone(),
            })
            .collect()
    }

    pub(crate) fn on_context(
        &mut self,
        vendor: Vendor,
        account: Account,
        customer_id: String,
        context: Option<Result<CustomerContext, LoadFailure>>,
    ) -> Vec<Cmd> {
        if let Some(Err(failure)) = &context {
            tracing::warn!(%customer_id, "customer context: {failure}");
        }
        let shown = self.detail_alert().is_some_and(|a| {
            a.vendor == vendor && a.account == account && a.customer_id == customer_id
        });
        self.contexts
            .arrived(vendor, account.clone(), customer_id.clone(), context);
        let closes = self.close_on_evidence(vendor, &account, &customer_id);
        if shown {
            // The summary's height may have changed: keep the cursor on screen.
            let rows = self.detail_rows();
            if let Some(detail) = self.detail_mut() {
                detail.scroll(rows);
            }
        }
        closes
    }
}
