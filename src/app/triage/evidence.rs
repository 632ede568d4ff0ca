//! Solo mode's vendor evidence: when a customer's context arrives and an alert's story shows
//! them back with the staff member, the alert is closed as done/won-back by `vendor` (the
//! source writes it as such; in team mode the sync does this and the database source ignores
//! it). Once per alert: an alert the vendor has closed before — and a person reopened — stays
//! as the person left it.

use std::sync::Arc;

use super::TriageView;
use crate::app::Cmd;
use crate::domain::triage::{Action, Outcome, Phase, VENDOR, recovered_note};
use crate::domain::{Account, AlertStory, CustomerDetail, OutflowAlert, Record, Vendor};

impl TriageView {
    /// The dones the vendor's evidence asks for: each loaded alert of this customer whose
    /// story shows them back, not closed by the vendor before and not done.
    pub(crate) fn close_on_evidence(
        &mut self,
        alerts: &[Arc<OutflowAlert>],
        detail: &CustomerDetail,
        (vendor, account, customer_id): (Vendor, &Account, &str),
    ) -> Vec<Cmd> {
        if !self.read {
            return Vec::new();
        }
        let mut closes = Vec::new();
        for alert in alerts
            .iter()
            .filter(|a| a.vendor == vendor && &a.account == account && a.customer_id == customer_id)
        {
            let key = alert.key();
            let closed_before = self.ledger.history(&key).any(|e| e.by == VENDOR);
            if closed_before
                || self.ledger.state(&key).phase() == Phase::Done
                || self.evidence_sent.contains(&key)
                || AlertStory::of(alert, Some(detail)).recovered != Some(true)
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
            self.evidence_sent.push(key);
        }
        closes
    }
}
