//! The triage state on its own: what it sends and what it tells, without an app.

use chrono::DateTime;

use super::TriageView;
use super::update::{Answer, Notice};
use crate::app::{Cmd, Level};
use crate::domain::triage::{Action, Denied, TriageEvent};
use crate::i18n::Lang;

fn claimed_by(by: &str, alert: &str) -> TriageEvent {
    TriageEvent {
        seq: 1,
        alert: alert.into(),
        at: DateTime::from_timestamp(1_763_700_000, 0).unwrap_or_default(),
        by: by.into(),
        name: String::new(),
        host: String::new(),
        action: Action::Claim,
    }
}

#[test]
fn an_action_is_sent_once_and_a_second_waits_for_the_answer() {
    let mut triage = TriageView::default();
    let sent = triage.act("a1".into(), Action::Claim, Lang::En);
    assert_eq!(
        sent.command,
        Some(Cmd::Triage {
            alert: "a1".into(),
            action: Action::Claim
        })
    );
    let again = triage.act("a1".into(), Action::Claim, Lang::En);
    assert_eq!(again.command, None);
    assert_eq!(again.notice.map(|n| n.level), Some(Level::Warn));

    // The answer: the ledger has the claim, the counts are stale, the toast says so.
    let answer = triage.on_triaged(("a1", Ok(Ok(claimed_by("alice", "a1")))), &[], Lang::En);
    assert!(answer.facts_changed);
    assert_eq!(answer.notice.map(|n| n.text), Some(String::from("claimed")));
    assert_eq!(triage.me.as_deref(), Some("alice"));
    assert!(triage.in_flight.is_empty());
}

#[test]
fn a_read_only_role_hears_what_it_lacks_before_the_alerts_state() {
    let mut triage = TriageView {
        may_triage: Some(false),
        me: Some(String::from("viewer")),
        ..TriageView::default()
    };
    triage.ledger.extend(vec![claimed_by("alice", "a1")]);
    let Answer {
        command, notice, ..
    } = triage.act("a1".into(), Action::Claim, Lang::En);
    assert_eq!(command, None);
    let Some(Notice { level, text, .. }) = notice else {
        panic!("nothing said")
    };
    assert_eq!(level, Level::Error);
    assert_eq!(
        text,
        Denied::ReadOnly {
            role: "viewer".into()
        }
        .to_string()
    );
}
