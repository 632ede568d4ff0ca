//! Triage of outflow alerts in the model: the ledger derived from the log (read at start, after
//! each announcement, and with each action's own event), and the actions on the alert in front.
//! The source is the judge — the database in team mode, the log file in solo mode; the model
//! only refuses early what the ledger already shows cannot work.

mod evidence;
mod facts;
mod picker;
mod story;
#[cfg(test)]
mod tests;
mod timeline;
mod update;

pub use picker::{DonePicker, Focus};
pub use story::TRIAGE_SHOWN;

use crate::domain::triage::{Ledger, NOTE_MAX, Outcome, Refusal};
use crate::i18n::Lang;

/// Why an action does not apply, in the dashboard's language.
pub fn refusal_text(refusal: &Refusal, lang: Lang) -> String {
    match (refusal, lang) {
        (Refusal::ClaimedBy { by }, Lang::Zh) => format!("{by} 已认领"),
        (Refusal::AlreadyDone { by, outcome }, Lang::Zh) => format!(
            "已处理（{}，{by}）；请先 :reopen",
            outcome_label(*outcome, lang)
        ),
        (Refusal::NotClaimed, Lang::Zh) => String::from("尚未认领"),
        (Refusal::NotDone, Lang::Zh) => String::from("尚未处理"),
        (Refusal::NoteTooLong(chars), Lang::Zh) => {
            format!("备注最多 {NOTE_MAX} 字（当前 {chars} 字）")
        }
        (Refusal::EmptyNote, Lang::Zh) => String::from("备注不能为空"),
        (refusal, Lang::En) => refusal.to_string(),
    }
}

/// An outcome as people read it: `won back`, `已挽回` (commands and the log say `won-back`).
pub fn outcome_label(outcome: Outcome, lang: Lang) -> &'static str {
    let english = match outcome {
        Outcome::WonBack => "won back",
        Outcome::Unreachable => "unreachable",
        Outcome::NotOurs => "not ours",
        Outcome::Other => "other",
    };
    lang.pick([english, outcome.chinese()])
}

#[derive(Debug, Default)]
pub struct TriageView {
    pub ledger: Ledger,
    /// The log has been read once (an alert not in it is open, not unknown).
    pub read: bool,
    /// Actions sent and not yet answered, by alert: a second one waits for the first.
    pub in_flight: Vec<String>,
    /// Who this dashboard acts as, once the source has said (the role or OS user on its own
    /// events).
    pub me: Option<String>,
    /// Whether this dashboard may change triage, once the source has said (false: a
    /// database role without `scrm_triage`).
    pub may_triage: Option<bool>,
    /// The Outflow pane's open alerts, once the log has been read: the tab shows it.
    pub open: Option<usize>,
    /// Alerts this session asked the source to close on the vendor's evidence.
    pub evidence_sent: Vec<String>,
    /// Weiban timeline postings on their way, by the done's sequence number.
    pub posting: Vec<i64>,
    /// Dones whose attempt the log did not keep: not posted again this session.
    pub unposted: Vec<i64>,
    /// When the log was last looked through for notes due on the timeline.
    pub timeline_checked: Option<std::time::Instant>,
}
