use chrono::{DateTime, TimeDelta, Utc};

use super::*;
use crate::domain::{DeleteBy, LoadFailure, Origin, Retry};

fn at(minute: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_764_000_000 + minute * 60, 0).unwrap_or_default()
}

fn event(seq: i64, minute: i64, by: &str, action: Action) -> TriageEvent {
    TriageEvent {
        seq,
        alert: format!("wm{seq}|102468059|1763990000"),
        at: at(minute),
        by: by.to_owned(),
        name: String::new(),
        host: String::from("desk-1"),
        action,
    }
}

fn done(note: &str) -> Action {
    Action::Done {
        outcome: Outcome::WonBack,
        note: note.to_owned(),
    }
}

fn alert(vendor: Vendor, staff_id: &str, staff_ext_id: &str) -> OutflowAlert {
    OutflowAlert {
        vendor,
        customer_name: String::from("马可"),
        staff_ext_id: staff_ext_id.to_owned(),
        staff_name: String::from("王敏"),
        delete_by: DeleteBy::from(String::from("external_user")),
        ..OutflowAlert::for_test("wmCustomer", staff_id)
    }
}

fn failure(retry: Retry) -> LoadFailure {
    LoadFailure {
        origin: Origin::Vendor(Vendor::Weiban),
        endpoint: String::from("/open-api/external_user_event/add"),
        page: None,
        code: String::from("HTTP 502"),
        detail: String::from("HTTP 502: Bad Gateway"),
        retry,
    }
}

fn posting(done: i64, minute: i64, posting: Posting) -> TriageEvent {
    let mut e = event(
        100 + minute * 10 + done,
        minute,
        "scrm_sync",
        Action::Note(String::new()),
    );
    e.action = Action::Timeline(Timeline::new(done, posting, "…"));
    e
}

#[test]
fn a_note_is_cut_at_512_characters_with_an_ellipsis_and_a_title_at_32() {
    let exact = "流".repeat(CONTENT_MAX);
    assert_eq!(cut(&exact, CONTENT_MAX), exact);
    let long = format!("{}尾巴", "客户说下周再联系。".repeat(200));
    let content = cut(&long, CONTENT_MAX);
    assert_eq!(content.chars().count(), CONTENT_MAX);
    assert!(content.ends_with('…'));
    assert!(long.starts_with(content.trim_end_matches('…')));
    let title = title(Outcome::NotOurs, &"张".repeat(40));
    assert_eq!(title.chars().count(), TITLE_MAX);
    assert!(title.starts_with("流失处理 · 非我方客户 · 张"));
}

#[test]
fn a_post_names_the_staff_member_by_ext_id_and_keeps_a_short_note_whole() {
    let note = "打了两次，客户已加回微信";
    let event = event(7, 0, "alice", done(note));
    let post = Post::of(&event, 1, &alert(Vendor::Weiban, "102468059", "mia"));
    let post = post.expect("a Weiban alert's done with a note is posted");
    assert_eq!(
        (post.staff_id.as_str(), post.customer_id.as_str()),
        ("mia", "wmCustomer")
    );
    assert_eq!((post.content.as_str(), post.cut), (note, false));
    assert_eq!(post.title, "流失处理 · 已挽回 · alice");
    // Only the numeric id: that is what there is to send.
    let numeric = Post::of(&event, 1, &alert(Vendor::Weiban, "102468059", ""));
    assert_eq!(numeric.map(|p| p.staff_id), Some(String::from("102468059")));
}

#[test]
fn nothing_is_posted_without_a_note_for_the_vendors_own_close_or_off_weiban() {
    let weiban = alert(Vendor::Weiban, "1", "mia");
    assert_eq!(
        Post::of(&event(1, 0, "alice", done("  ")), 1, &weiban),
        None
    );
    assert_eq!(
        Post::of(&event(2, 0, VENDOR, done("back")), 1, &weiban),
        None
    );
    let claim = event(3, 0, "alice", Action::Claim);
    assert_eq!(Post::of(&claim, 1, &weiban), None);
    let tanma = alert(Vendor::Tanma, "1", "mia");
    assert_eq!(Post::of(&event(4, 0, "alice", done("x")), 1, &tanma), None);
}

#[test]
fn a_timeline_event_reads_back_from_the_logs_columns() {
    let kept = Timeline::new(41, Posting::Retry, "HTTP 502");
    assert_eq!(kept.note, "#41 HTTP 502");
    assert_eq!(kept.detail(), "HTTP 502");
    let action = Action::Timeline(kept.clone());
    assert_eq!(
        Action::from_parts(action.name(), action.outcome_name(), action.text()),
        Some(action)
    );
    assert_eq!(
        Action::from_parts("timeline", Some("posted"), "no number"),
        None
    );
    assert_eq!(Action::from_parts("timeline", Some("maybe"), "#1 x"), None);
}

#[test]
fn a_result_says_posted_retry_or_failed_and_how_many_tries() {
    let event = event(9, 0, "alice", done(&"备".repeat(600)));
    let post = Post::of(&event, 1, &alert(Vendor::Weiban, "1", "mia")).expect("posted");
    assert!(post.cut);
    let posted = post.result(Ok(Some(77)));
    assert_eq!(posted.posting, Posting::Posted);
    assert!(
        posted
            .note
            .starts_with("#9 posted to Weiban's customer timeline as event 77")
    );
    assert!(posted.note.contains("first 511 characters"));
    let retry = post.result(Err(&failure(Retry::Later)));
    assert_eq!(retry.posting, Posting::Retry);
    assert!(
        retry
            .note
            .contains("weiban /open-api/external_user_event/add")
    );
    assert!(retry.note.contains("HTTP 502"), "{}", retry.note);
    assert!(
        retry
            .note
            .contains("attempt 1 of 3; tried again in a minute")
    );
    let refused = post.result(Err(&failure(Retry::NeedsUser)));
    assert_eq!(refused.posting, Posting::Failed);
    let last = Post {
        attempt: ATTEMPTS,
        ..post
    };
    let given_up = last.result(Err(&failure(Retry::Later)));
    assert_eq!(given_up.posting, Posting::Failed);
    assert!(given_up.note.contains("attempt 3 of 3; not tried again"));
}

#[test]
fn due_takes_each_done_until_posted_or_tried_three_times_a_minute_apart() {
    let mut events = vec![
        event(1, 0, "alice", done("posted once")),
        event(2, 1, "bob", done("")),
        event(3, 2, VENDOR, done("the vendor's own")),
        event(4, 3, "carol", done("never tried")),
        event(5, 4, "dave", done("failing")),
    ];
    events.push(posting(1, 5, Posting::Posted));
    events.push(posting(5, 5, Posting::Retry));
    let ledger = Ledger::of(events.clone());
    let seqs = |now| -> Vec<(i64, u32)> {
        due(&ledger, now)
            .into_iter()
            .map(|(e, n)| (e.seq, n))
            .collect()
    };
    // Within the minute after its failure, dave's waits; carol's is due.
    assert_eq!(seqs(at(5) + TimeDelta::seconds(30)), [(4, 1)]);
    assert_eq!(seqs(at(6)), [(4, 1), (5, 2)]);
    // Past the window, nothing.
    assert_eq!(seqs(at(4) + WINDOW + TimeDelta::minutes(1)), []);
    // A second retry, then the third try failed for good: no fourth.
    let mut more = events.clone();
    more.push(posting(5, 7, Posting::Retry));
    assert_eq!(due(&Ledger::of(more.clone()), at(9)).len(), 2);
    more.push(posting(5, 9, Posting::Failed));
    let ledger = Ledger::of(more);
    let left: Vec<i64> = due(&ledger, at(20)).iter().map(|(e, _)| e.seq).collect();
    assert_eq!(left, [4]);
    // The retries are bounded even when every one says "retry".
    let mut stubborn = events;
    stubborn.push(posting(5, 7, Posting::Retry));
    stubborn.push(posting(5, 9, Posting::Retry));
    let ledger = Ledger::of(stubborn);
    assert!(due(&ledger, at(30)).iter().all(|(e, _)| e.seq != 5));
}
