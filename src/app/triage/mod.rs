//! Triage of outflow alerts in the model: the ledger derived from the log (read at start, after
//! each announcement, and with each action's own event), and the actions on the alert in front.
//! The source is the judge — the database in team mode, the log file in solo mode; the model
//! only refuses early what the ledger already shows cannot work.

mod story;
mod update;

pub use story::TRIAGE_SHOWN;

use crate::domain::triage::Ledger;

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
}
