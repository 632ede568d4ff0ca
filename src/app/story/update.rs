//! Customer contexts: asked for when an alert's detail opens, for a few alerts that arrive
//! live, and again with `r`; what arrives is kept per customer for the session.

use crate::app::{App, Cmd};
use crate::domain::{Account, CustomerContext, LoadFailure, OutflowAlert, Vendor};

impl App {
    /// The alert whose detail is open.
    pub(crate) fn detail_alert(&self) -> Option<&OutflowAlert> {
        self.detail()?.alert.as_deref()
    }

    /// The open alert's context, unless it is known or on its way; `again` (`r`): even when
    /// it is known.
    pub(crate) fn want_context(&mut self, again: bool) -> Vec<Cmd> {
        let Some((vendor, account, id)) = self
            .detail_alert()
            .map(|a| (a.vendor, a.account.clone(), a.customer_id.clone()))
        else {
            return Vec::new();
        };
        self.contexts
            .ask((vendor, account, id), again)
            .into_iter()
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
        let entry = self.contexts.get(vendor, &account, &customer_id);
        let context = entry.and_then(|entry| entry.context.as_deref());
        let closes = match context {
            Some(context) => self.triage.close_on_evidence(
                &self.panes.outflow.records,
                &context.detail,
                (vendor, &account, &customer_id),
            ),
            None => Vec::new(),
        };
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
