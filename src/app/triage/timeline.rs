//! Solo mode's half of `[triage] weiban_timeline`: the dashboard holds the vendor secret, so
//! it posts the notes of its log's dones to the customer's Weiban timeline itself. What is due
//! comes from the log (`timeline::due`): each done at most three times, a minute apart, never
//! again once posted; each attempt comes back as a `timeline` event the log keeps.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::TriageView;
use crate::app::{App, Cmd, Level};
use crate::domain::triage::timeline::{Post, due};
use crate::domain::triage::{Action, Denied, Posting, Triaged};
use crate::domain::{OutflowAlert, Record};

/// How often the log is looked through for notes due: a retry waits a minute anyway.
pub(super) const CHECK_EVERY: Duration = Duration::from_secs(5);
/// Postings on their way at once: each is one of Weiban's five requests in flight.
const AT_ONCE: usize = 2;

impl TriageView {
    /// The notes due on the timeline now whose alert is in the Outflow pane (the posting
    /// needs its customer and staff member), as commands; looked for every few seconds.
    pub(crate) fn post_due(
        &mut self,
        (now, wall): (Instant, DateTime<Utc>),
        alerts: &[Arc<OutflowAlert>],
    ) -> Vec<Cmd> {
        let checked = self
            .timeline_checked
            .is_some_and(|at| now < at + CHECK_EVERY);
        if !self.read || checked {
            return Vec::new();
        }
        self.timeline_checked = Some(now);
        let room = AT_ONCE.saturating_sub(self.posting.len());
        let posts: Vec<Post> = due(&self.ledger, wall)
            .into_iter()
            .filter(|(done, _)| {
                !self.posting.contains(&done.seq) && !self.unposted.contains(&done.seq)
            })
            .filter_map(|(done, attempt)| {
                let alert = alerts.iter().find(|a| a.key() == done.alert)?;
                Post::of(done, attempt, alert)
            })
            .take(room)
            .collect();
        self.posting.extend(posts.iter().map(|p| p.done));
        posts.into_iter().map(Cmd::PostTimeline).collect()
    }
}

impl App {
    /// What became of one posting: the log's `timeline` event joins the ledger (so it is not
    /// posted twice), and a failure is said.
    pub(crate) fn on_timeline_posted(&mut self, done: i64, result: Triaged) {
        self.triage.posting.retain(|&seq| seq != done);
        // Without the attempt in the log, only this stops the next check from posting again.
        if !matches!(result, Ok(Ok(_))) {
            self.triage.unposted.push(done);
        }
        let lang = self.settings.lang;
        match result {
            Ok(Ok(event)) => {
                let Action::Timeline(timeline) = &event.action else {
                    return;
                };
                let (level, text) = match timeline.posting {
                    Posting::Posted => (
                        Level::Info,
                        lang.pick(["note on Weiban's timeline", "备注已写入微伴客户动态"])
                            .to_owned(),
                    ),
                    Posting::Retry | Posting::Failed => {
                        (Level::Error, timeline.detail().to_owned())
                    }
                };
                let customer = alert_customer(&self.panes.outflow.records, &event.alert);
                self.triage.ledger.extend(vec![event]);
                self.refresh_facts();
                self.flash(level, format!("{text}{customer}"));
            }
            Ok(Err(denied @ Denied::ReadOnly { .. })) => {
                self.flash(Level::Error, denied.to_string())
            }
            Ok(Err(Denied::Refused(refusal))) => self.flash(Level::Warn, refusal.to_string()),
            Err(failure) => {
                let text = lang.pick([
                    format!("Weiban timeline: the log did not keep the attempt — {failure}"),
                    format!("微伴客户动态：处理记录未保存本次写入——{failure}"),
                ]);
                self.flash_failures(Level::Error, text, std::slice::from_ref(&failure));
            }
        }
    }
}

/// `: 张三` for the alert's customer, when the pane has it.
fn alert_customer(alerts: &[Arc<OutflowAlert>], key: &str) -> String {
    match alerts.iter().find(|a| a.key() == key) {
        Some(a) if !a.customer_name.is_empty() => format!(": {}", a.customer_name),
        Some(a) => format!(": {}", a.customer_id),
        None => String::new(),
    }
}
