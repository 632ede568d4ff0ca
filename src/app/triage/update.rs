//! The triage commands and what the source answers.

use super::super::{App, Cmd, Level};
use crate::domain::triage::{Action, Denied, Refusal, TriageEvent, Triaged};
use crate::domain::{LoadFailure, OutflowAlert, Record, Resource};

impl App {
    /// The alert an action is for: the one whose detail is open, else the Outflow pane's
    /// selected row.
    fn triage_target(&self) -> Option<&OutflowAlert> {
        match self.detail() {
            Some(detail) => detail.alert.as_deref(),
            None if self.pane == Resource::Outflow => self.panes.outflow.selected_record(),
            None => None,
        }
    }

    /// `:claim`, `:release`, `:done`, `:note`, `:reopen` (and their keys) on the alert in
    /// front.
    pub(crate) fn triage(&mut self, action: Action) -> Vec<Cmd> {
        let lang = self.settings.lang;
        let Some(alert) = self.triage_target().map(Record::key) else {
            self.flash(
                Level::Warn,
                lang.pick([
                    "triage is for outflow alerts: select one in Outflow (3)",
                    "处理流失提醒：先在流失（3）中选中一条",
                ]),
            );
            return Vec::new();
        };
        if self.triage.in_flight.contains(&alert) {
            self.flash(
                Level::Warn,
                lang.pick([
                    "the last action on this alert is still on its way",
                    "上一个操作仍在提交中",
                ]),
            );
            return Vec::new();
        }
        if let Err(refusal) = self.triage.ledger.check(&alert, &action) {
            let text = match &refusal {
                Refusal::ClaimedBy { by } if self.triage.me.as_ref() == Some(by) => lang
                    .pick(["you have claimed it already", "你已认领"])
                    .to_owned(),
                _ => format!("{}: {refusal}", action.name()),
            };
            self.flash(Level::Warn, text);
            return Vec::new();
        }
        self.triage.in_flight.push(alert.clone());
        vec![Cmd::Triage { alert, action }]
    }

    /// What the source made of an action.
    pub(crate) fn on_triaged(&mut self, alert: &str, result: Triaged) {
        self.triage.in_flight.retain(|a| a != alert);
        match result {
            Ok(Ok(event)) => {
                self.triage.me = Some(event.by.clone());
                let said = self.said(&event);
                self.triage.ledger.extend(vec![event]);
                self.flash(Level::Info, said);
            }
            Ok(Err(denied @ Denied::ReadOnly { .. })) => {
                self.flash(Level::Error, denied.to_string())
            }
            Ok(Err(Denied::Refused(refusal))) => {
                let text = self
                    .settings
                    .lang
                    .pick([format!("not done: {refusal}"), format!("未完成：{refusal}")]);
                self.flash(Level::Warn, text);
            }
            Err(failure) => self.triage_failed(&failure),
        }
        self.dirty = true;
    }

    /// Events read from the log.
    pub(crate) fn on_triage_log(&mut self, log: Result<Vec<TriageEvent>, LoadFailure>) {
        match log {
            Ok(events) => {
                self.triage.read = true;
                if !events.is_empty() {
                    self.triage.ledger.extend(events);
                    self.dirty = true;
                }
            }
            Err(failure) => self.triage_failed(&failure),
        }
    }

    /// New events are there: read what came after the last one applied.
    pub(crate) fn on_triage_announced(&self) -> Vec<Cmd> {
        vec![Cmd::FetchTriage {
            after: self.triage.ledger.last_seq(),
        }]
    }

    fn triage_failed(&mut self, failure: &LoadFailure) {
        let text = self.settings.lang.pick([
            format!("triage not saved — {failure}"),
            format!("处理记录未保存——{failure}"),
        ]);
        self.flash(Level::Error, text);
    }

    /// The toast for one's own event.
    fn said(&self, event: &TriageEvent) -> String {
        let lang = self.settings.lang;
        let what = match &event.action {
            Action::Claim => lang.pick(["claimed", "已认领"]).to_owned(),
            Action::Release => lang.pick(["released", "已放回"]).to_owned(),
            Action::Done { outcome, .. } => {
                format!("{} ({outcome})", lang.pick(["done", "已处理"]))
            }
            Action::Note(_) => lang.pick(["note kept", "备注已保存"]).to_owned(),
            Action::Reopen => lang.pick(["reopened", "已重新打开"]).to_owned(),
        };
        let alert = self
            .panes
            .outflow
            .records
            .iter()
            .find(|a| a.key() == event.alert);
        match alert {
            Some(a) if !a.customer_name.is_empty() => format!("{what}: {}", a.customer_name),
            Some(a) => format!("{what}: {}", a.customer_id),
            None => what,
        }
    }
}
