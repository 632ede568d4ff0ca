//! Solo mode's vendor evidence: when a customer's context arrives and an alert's story shows
//! them back with the staff member, the alert is closed as done/won-back by `vendor` (the
//! source writes it as such; in team mode the sync does this and the database source ignores
//! it). Once per alert: an alert the vendor has closed before — and a person reopened — stays
//! as the person left it.

use super::super::{App, Cmd};
use crate::domain::triage::{Action, Outcome, Phase, VENDOR, recovered_note};
use crate::domain::{Account, AlertStory, Record, Vendor};

impl App {
    pub(crate) fn close_on_evidence(
        &mut self,
        vendor: Vendor,
        account: &Account,
        customer_id: &str,
    ) -> Vec<Cmd> {
        if !self.triage.read {
            return Vec::new();
        }
        let Some(context) = self
            .contexts
            .get(vendor, account, customer_id)
            .and_then(|e| e.context.as_deref())
        else {
            return Vec::new();
        };
        let ledger = &self.triage.ledger;
        let mut closes = Vec::new();
        let alerts = self.panes.outflow.records.iter();
        for alert in alerts
            .filter(|a| a.vendor == vendor && &a.account == account && a.customer_id == customer_id)
        {
            let key = alert.key();
            let closed_before = ledger.history(&key).any(|e| e.by == VENDOR);
            if closed_before
                || ledger.state(&key).phase() == Phase::Done
                || self.triage.evidence_sent.contains(&key)
                || AlertStory::of(alert, Some(&context.detail)).recovered != Some(true)
            {
                continue;
            }
            closes.push(Cmd::TriageByVendor {
                alert: key.clone(),
                action: Action::Done {
                    outcome: Outcome::WonBack,
                    note: recovered_note(&alert.staff_name),
                },
            });
            self.triage.evidence_sent.push(key);
        }
        closes
    }
}
