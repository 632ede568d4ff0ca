//! The triage commands and what the source answers. The triage state decides, with the
//! dashboard's language and the alerts shown borrowed; it answers what to send and what to
//! tell ([`Answer`]), and the app routes the messages and does that.

use std::sync::Arc;

use super::super::{App, Cmd, Level};
use super::{TriageView, outcome_label, refusal_text};
use crate::domain::triage::{Action, Denied, Refusal, TriageEvent, Triaged, VENDOR};
use crate::domain::{LoadFailure, OutflowAlert, Record, Resource};
use crate::i18n::Lang;

/// A toast for the user; with the failure it tells of, when one does (`:messages` keeps its
/// vendor, endpoint and code).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
    pub failure: Option<LoadFailure>,
}

impl Notice {
    fn new(level: Level, text: impl Into<String>) -> Notice {
        Notice {
            level,
            text: text.into(),
            failure: None,
        }
    }
}

/// What a triage message asks of the app.
#[derive(Debug, Default, PartialEq)]
pub struct Answer {
    /// Send this to the source.
    pub command: Option<Cmd>,
    /// The ledger changed: the counts made from it are stale.
    pub facts_changed: bool,
    pub notice: Option<Notice>,
}

impl Answer {
    pub fn tell(notice: Notice) -> Answer {
        Answer {
            notice: Some(notice),
            ..Answer::default()
        }
    }
}

impl TriageView {
    /// A role that may not triage hears that first, whatever the alert's state.
    pub fn read_only_notice(&self, lang: Lang) -> Option<Notice> {
        if self.may_triage != Some(false) {
            return None;
        }
        let role = self.me.clone().unwrap_or_default();
        let text = lang.pick([
            Denied::ReadOnly { role: role.clone() }.to_string(),
            format!("此看板的数据库角色（{role}）无权处理流失提醒：需要 scrm_triage 角色（GRANT scrm_triage TO {role}）"),
        ]);
        Some(Notice::new(Level::Error, text))
    }

    /// `action` on the alert with key `alert`: sent, unless the ledger already shows it
    /// cannot work.
    pub fn act(&mut self, alert: String, action: Action, lang: Lang) -> Answer {
        if let Some(notice) = self.read_only_notice(lang) {
            return Answer::tell(notice);
        }
        if self.in_flight.contains(&alert) {
            return Answer::tell(Notice::new(
                Level::Warn,
                lang.pick([
                    "the last action on this alert is still on its way",
                    "上一个操作仍在提交中",
                ]),
            ));
        }
        if let Err(refusal) = self.ledger.check(&alert, &action) {
            let text = match &refusal {
                Refusal::ClaimedBy { by } if self.me.as_ref() == Some(by) => lang
                    .pick(["you have claimed it already", "你已认领"])
                    .to_owned(),
                _ => format!("{}: {}", action.name(), refusal_text(&refusal, lang)),
            };
            return Answer::tell(Notice::new(Level::Warn, text));
        }
        self.in_flight.push(alert.clone());
        Answer {
            command: Some(Cmd::Triage { alert, action }),
            ..Answer::default()
        }
    }

    /// What the source made of an action; `shown`: the alerts, to name the customer.
    pub fn on_triaged(
        &mut self,
        (alert, result): (&str, Triaged),
        shown: &[Arc<OutflowAlert>],
        lang: Lang,
    ) -> Answer {
        // A close on the vendor's evidence that someone beat is nobody's concern.
        let by_vendor = !self.in_flight.iter().any(|a| a == alert)
            && self.evidence_sent.iter().any(|a| a == alert);
        self.in_flight.retain(|a| a != alert);
        if by_vendor && matches!(result, Ok(Err(Denied::Refused(_)))) {
            return Answer::default();
        }
        match result {
            Ok(Ok(event)) => {
                let said = said(&event, shown, lang);
                if event.by != VENDOR {
                    self.me = Some(event.by.clone());
                }
                // A done's note goes on the timeline at the next tick, not seconds later.
                if matches!(event.action, Action::Done { .. }) {
                    self.timeline_checked = None;
                }
                self.ledger.extend(vec![event]);
                Answer {
                    facts_changed: true,
                    ..Answer::tell(Notice::new(Level::Info, said))
                }
            }
            Ok(Err(denied @ Denied::ReadOnly { .. })) => {
                Answer::tell(Notice::new(Level::Error, denied.to_string()))
            }
            Ok(Err(Denied::Refused(refusal))) => Answer::tell(Notice::new(
                Level::Warn,
                lang.pick([
                    format!("not done: {refusal}"),
                    format!("未完成：{}", refusal_text(&refusal, lang)),
                ]),
            )),
            Err(failure) => Answer::tell(Notice {
                level: Level::Error,
                text: lang.pick([
                    format!("triage not saved — {failure}"),
                    format!("处理记录未保存——{failure}"),
                ]),
                failure: Some(failure),
            }),
        }
    }

    /// Events read from the log.
    pub fn on_log(&mut self, log: Result<Vec<TriageEvent>, LoadFailure>, lang: Lang) -> Answer {
        match log {
            Ok(events) => {
                let first = !self.read;
                self.read = true;
                let changed = first || !events.is_empty();
                if changed {
                    self.ledger.extend(events);
                }
                Answer {
                    facts_changed: changed,
                    ..Answer::default()
                }
            }
            Err(failure) => Answer::tell(Notice {
                level: Level::Error,
                text: lang.pick([
                    format!("triage log not read — {failure}"),
                    format!("处理记录未读取——{failure}"),
                ]),
                failure: Some(failure),
            }),
        }
    }

    /// New events are there: read what came after the last one applied.
    pub fn on_announced(&self) -> Cmd {
        Cmd::FetchTriage {
            after: self.ledger.last_seq(),
        }
    }
}

/// The toast for one's own event.
fn said(event: &TriageEvent, shown: &[Arc<OutflowAlert>], lang: Lang) -> String {
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
    match shown.iter().find(|a| a.key() == event.alert) {
        Some(a) if !a.customer_name.is_empty() => format!("{what}: {}", a.customer_name),
        Some(a) => format!("{what}: {}", a.customer_id),
        None => what,
    }
}

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
            Some(alert) => {
                let answer = self.triage.act(alert, action, self.settings.lang);
                self.apply_triage(answer)
            }
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

    /// Does what a triage answer asks: the counts made again, the toast, the command.
    pub(crate) fn apply_triage(&mut self, answer: Answer) -> Vec<Cmd> {
        if answer.facts_changed {
            self.refresh_facts();
        }
        if let Some(Notice {
            level,
            text,
            failure,
        }) = answer.notice
        {
            match failure {
                Some(failure) => {
                    self.flash_failures(level, text, std::slice::from_ref(&failure));
                }
                None => self.flash(level, text),
            }
        }
        answer.command.into_iter().collect()
    }
}
