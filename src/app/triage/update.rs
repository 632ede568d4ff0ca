//! The triage commands and what the source answers.

use super::super::{App, Cmd, Level};
use super::{outcome_label, refusal_text};
use crate::domain::triage::{Action, Denied, Refusal, TriageEvent, Triaged, VENDOR};
use crate::domain::{LoadFailure, OutflowAlert, Record, Resource};

impl App {
    /// The alert an action is for: the one whose detail is open, else the Outflow pane's
    /// selected row.
    pub(super) fn triage_target(&self) -> Option<&OutflowAlert> {
        match self.detail() {
            Some(detail) => detail.alert.as_deref(),
            None if self.pane == Resource::Outflow => self.panes.outflow.selected_record(),
            None => None,
        }
    }

    /// `:claim`, `:release`, `:done`, `:note`, `:reopen` (and their keys) on the alert in
    /// front.
    pub(crate) fn triage(&mut self, action: Action) -> Vec<Cmd> {
        match self.triage_target().map(Record::key) {
            Some(alert) => self.triage_on(alert, action),
            None => {
                self.no_triage_target();
                Vec::new()
            }
        }
    }

    /// Says what triage needs when no alert is in front.
    pub(super) fn no_triage_target(&mut self) {
        let text = self.settings.lang.pick([
            "triage is for outflow alerts: select one in Outflow (3)",
            "处理流失提醒：先在流失（3）中选中一条",
        ]);
        self.flash(Level::Warn, text);
    }

    /// A role that may not triage hears that first, whatever the alert's state: true when it
    /// was told.
    pub(super) fn refused_read_only(&mut self) -> bool {
        if self.triage.may_triage != Some(false) {
            return false;
        }
        let role = self.triage.me.clone().unwrap_or_default();
        let text = self.settings.lang.pick([
            Denied::ReadOnly { role: role.clone() }.to_string(),
            format!("此看板的数据库角色（{role}）无权处理流失提醒：需要 scrm_triage 角色（GRANT scrm_triage TO {role}）"),
        ]);
        self.flash(Level::Error, text);
        true
    }

    /// `action` on the alert with key `alert`.
    pub(crate) fn triage_on(&mut self, alert: String, action: Action) -> Vec<Cmd> {
        let lang = self.settings.lang;
        if self.refused_read_only() {
            return Vec::new();
        }
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
                _ => format!("{}: {}", action.name(), refusal_text(&refusal, lang)),
            };
            self.flash(Level::Warn, text);
            return Vec::new();
        }
        self.triage.in_flight.push(alert.clone());
        vec![Cmd::Triage { alert, action }]
    }

    /// What the source made of an action.
    pub(crate) fn on_triaged(&mut self, alert: &str, result: Triaged) {
        // A close on the vendor's evidence that someone beat is nobody's concern.
        let by_vendor = !self.triage.in_flight.iter().any(|a| a == alert)
            && self.triage.evidence_sent.iter().any(|a| a == alert);
        self.triage.in_flight.retain(|a| a != alert);
        if by_vendor && matches!(result, Ok(Err(Denied::Refused(_)))) {
            return;
        }
        match result {
            Ok(Ok(event)) => {
                let said = self.said(&event);
                if event.by != VENDOR {
                    self.triage.me = Some(event.by.clone());
                }
                // A done's note goes on the timeline at the next tick, not seconds later.
                if matches!(event.action, Action::Done { .. }) {
                    self.triage.timeline_checked = None;
                }
                self.triage.ledger.extend(vec![event]);
                self.refresh_facts();
                self.flash(Level::Info, said);
            }
            Ok(Err(denied @ Denied::ReadOnly { .. })) => {
                self.flash(Level::Error, denied.to_string())
            }
            Ok(Err(Denied::Refused(refusal))) => {
                let text = self.settings.lang.pick([
                    format!("not done: {refusal}"),
                    format!("未完成：{}", refusal_text(&refusal, self.settings.lang)),
                ]);
                self.flash(Level::Warn, text);
            }
            Err(failure) => self.triage_failed(&failure),
        }
    }

    /// Events read from the log.
    pub(crate) fn on_triage_log(&mut self, log: Result<Vec<TriageEvent>, LoadFailure>) {
        match log {
            Ok(events) => {
                let first = !self.triage.read;
                self.triage.read = true;
                if first || !events.is_empty() {
                    self.triage.ledger.extend(events);
                    self.refresh_facts();
                }
            }
            Err(failure) => {
                let text = self.settings.lang.pick([
                    format!("triage log not read — {failure}"),
                    format!("处理记录未读取——{failure}"),
                ]);
                self.flash_failures(Level::Error, text, std::slice::from_ref(&failure));
            }
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
        self.flash_failures(Level::Error, text, std::slice::from_ref(failure));
    }

    /// The toast for one's own event.
    fn said(&self, event: &TriageEvent) -> String {
        let lang = self.settings.lang;
        let what = match &event.action {
            Action::Claim => lang.pick(["claimed", "已认领"]).to_owned(),
            Action::Release => lang.pick(["released", "已放回"]).to_owned(),
            Action::Done { outcome, .. } if event.by == VENDOR => lang.pick([
                format!(
                    "✓ {} on the vendor's evidence",
                    outcome_label(*outcome, lang)
                ),
                format!(
                    "✓ {}（服务商记录显示客户已回来）",
                    outcome_label(*outcome, lang)
                ),
            ]),
            Action::Done { outcome, .. } => {
                format!(
                    "{} ({})",
                    lang.pick(["done", "已处理"]),
                    outcome_label(*outcome, lang)
                )
            }
            Action::Note(_) => lang.pick(["note kept", "备注已保存"]).to_owned(),
            Action::Reopen => lang.pick(["reopened", "已重新打开"]).to_owned(),
            Action::Timeline(_) => lang
                .pick(["note on Weiban's timeline", "备注已写入微伴客户动态"])
                .to_owned(),
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
