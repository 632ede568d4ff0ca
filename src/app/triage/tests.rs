//! The triage state on its own: what it sends and what it tells, without an app.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::TriageView;
use super::picker::{DonePicker, Focus};
use super::update::{Answer, Notice};
use crate::app::{Cmd, Level};
use crate::domain::triage::{Action, Denied, Outcome, TriageEvent};
use crate::domain::{OutflowAlert, Record};
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

fn weiban_alert(customer: &str) -> OutflowAlert {
    OutflowAlert {
        outflow_at: DateTime::from_timestamp(1_763_690_000, 0),
        ..OutflowAlert::for_test(customer, "mia")
    }
}

fn done_with_note(seq: i64, alert: &str, at: DateTime<Utc>) -> TriageEvent {
    TriageEvent {
        seq,
        alert: alert.into(),
        at,
        by: String::from("alice"),
        name: String::new(),
        host: String::new(),
        action: Action::Done {
            outcome: Outcome::WonBack,
            note: String::from("已加回"),
        },
    }
}

fn posted(commands: Vec<Cmd>) -> Vec<i64> {
    commands
        .into_iter()
        .map(|c| match c {
            Cmd::PostTimeline(post) => post.done,
            other => panic!("not a posting: {other:?}"),
        })
        .collect()
}

#[test]
fn notes_due_on_the_timeline_go_two_at_a_time_and_only_for_alerts_loaded() {
    let wall = DateTime::from_timestamp(1_763_700_600, 0).unwrap_or_default();
    let loaded: Vec<Arc<OutflowAlert>> = ["c1", "c2", "c3"]
        .into_iter()
        .map(|c| Arc::new(weiban_alert(c)))
        .collect();
    let mut keys: Vec<String> = loaded.iter().map(|a| a.key()).collect();
    // The fourth done's alert is not in the pane: its customer and staff are unknown.
    keys.push(weiban_alert("c4").key());
    let mut triage = TriageView::default();
    let done_at = wall - chrono::Duration::minutes(2);
    triage.ledger.extend(
        (keys.iter().enumerate())
            .map(|(i, key)| done_with_note(i as i64 + 1, key, done_at))
            .collect(),
    );
    let now = Instant::now();
    // Nothing before the log has been read.
    assert!(posted(triage.post_due((now, wall), &loaded)).is_empty());
    triage.read = true;
    assert_eq!(posted(triage.post_due((now, wall), &loaded)), [1, 2]);
    // The two on their way are not sent twice.
    let now = now + super::timeline::CHECK_EVERY;
    assert!(posted(triage.post_due((now, wall), &loaded)).is_empty());
    // The first came back (without the log keeping the attempt): never again this session.
    // The third takes its place at the next look, a few seconds on; the fourth still has no
    // alert.
    triage.posting.retain(|&seq| seq != 1);
    triage.unposted.push(1);
    let soon = now + super::timeline::CHECK_EVERY / 2;
    assert!(posted(triage.post_due((soon, wall), &loaded)).is_empty());
    let now = now + super::timeline::CHECK_EVERY;
    assert_eq!(posted(triage.post_due((now, wall), &loaded)), [3]);
}

#[test]
fn a_paste_into_the_done_picker_goes_into_its_note() {
    let mut picker = DonePicker {
        alert: String::from("a1"),
        customer: String::from("张三"),
        outcome: 0,
        note: Default::default(),
        focus: Focus::Outcomes,
    };
    picker.paste("回访\r\n已加回");
    assert_eq!(picker.focus, Focus::Note);
    assert_eq!(picker.note_text(), "回访\n已加回");
    assert_eq!(picker.note_chars(), 6);
}
