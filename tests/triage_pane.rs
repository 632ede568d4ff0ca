//! Triage in the Outflow pane: the column (`open`, `张三 12m`, `✓ 已挽回`), the tab's count of
//! open alerts, the filter's `is:`/`by:` terms following the log as it moves, the triage sort,
//! and the done picker (outcomes and a note) — with snapshots in Chinese at 80×24 and 160×45.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::Instant;

use chrono::DateTime;
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scrm_tui::app::{App, Cmd, Level, Msg, Overlay};
use scrm_tui::domain::triage::{Action, Me, NOTE_MAX, Outcome, TriageEvent, VENDOR};
use scrm_tui::domain::{
    DeleteBy, LoadEvent, OutflowAlert, RawJson, Record, Records, Resource, Vendor,
};
use scrm_tui::i18n::Lang;

/// The tests' wall clock is `W + 60`.
const W: i64 = 1_763_700_000;

const CUSTOMERS: [&str; 6] = ["王小明", "林夕", "子川", "陈佳怡", "🍀 四叶草", "马可"];

fn alert(i: usize) -> OutflowAlert {
    OutflowAlert {
        account: Default::default(),
        vendor: Vendor::Weiban,
        customer_id: format!("wmCustomer{i:02}"),
        customer_name: CUSTOMERS[i].to_owned(),
        staff_id: String::from("mia"),
        staff_ext_id: String::from("mia"),
        staff_name: String::from("米娅"),
        outflow_at: DateTime::from_timestamp(W - 600 * i as i64, 0),
        delete_by: DeleteBy::Customer,
        tags: Vec::new(),
        customer_type: Some(1),
        relation: Default::default(),
        keys: Default::default(),
        origins: scrm_tui::domain::Origins::WEIBAN,
        raw: RawJson::new(r#"{"id":"x"}"#),
    }
}

/// `minutes` before the wall clock.
fn event(
    seq: i64,
    alert: &str,
    (by, name): (&str, &str),
    minutes: i64,
    action: Action,
) -> TriageEvent {
    TriageEvent {
        seq,
        alert: alert.to_owned(),
        at: DateTime::from_timestamp(W + 60 - minutes * 60, 0).unwrap(),
        by: by.to_owned(),
        name: name.to_owned(),
        host: String::from("desk"),
        action,
    }
}

fn done(outcome: Outcome, note: &str) -> Action {
    Action::Done {
        outcome,
        note: note.to_owned(),
    }
}

/// Six alerts on the Outflow pane in Chinese; 张三 (alice) has claimed the first 12 minutes
/// ago, bob won the second back, the vendor's evidence closed the third (alice had claimed
/// it), this dashboard's user (zhangsan) has the fourth; two are open.
fn team_app(width: u16, height: u16) -> (App, Vec<String>) {
    let t0 = Instant::now();
    let mut app = app(width, height, t0);
    app.settings.lang = Lang::Zh;
    app.start();
    let alerts: Vec<OutflowAlert> = (0..6).map(alert).collect();
    let keys: Vec<String> = alerts.iter().map(Record::key).collect();
    app.update(Msg::from(LoadEvent::Loaded {
        resource: Resource::Outflow,
        generation: 1,
        loaded: complete(Records::Outflow(alerts), t0, Some(W)),
    }));
    let alice = ("alice", "张三");
    app.update(Msg::from(LoadEvent::TriageMe(Me {
        name: String::from("zhangsan"),
        may_triage: true,
    })));
    app.update(Msg::from(LoadEvent::TriageLog(Ok(vec![
        event(1, &keys[0], alice, 12, Action::Claim),
        event(2, &keys[1], ("bob", ""), 50, Action::Claim),
        event(
            3,
            &keys[1],
            ("bob", ""),
            40,
            done(Outcome::WonBack, "已加回"),
        ),
        event(4, &keys[2], alice, 200, Action::Claim),
        event(5, &keys[2], (VENDOR, ""), 100, done(Outcome::WonBack, "")),
        event(6, &keys[3], ("zhangsan", ""), 3, Action::Claim),
    ]))));
    app.update(key('3'));
    (app, keys)
}

fn shown(app: &App) -> Vec<String> {
    app.pane_of::<scrm_tui::domain::OutflowAlert>()
        .rows(0)
        .map(|a| a.customer_name.clone())
        .collect()
}

fn filter(app: &mut App, text: &str) -> Vec<String> {
    app.update(key('/'));
    type_text(app, text);
    app.update(code(KeyCode::Enter));
    shown(app)
}

fn clear_filter(app: &mut App) {
    app.update(code(KeyCode::Esc));
}

#[test]
fn the_column_and_the_tab_read_the_log() {
    let (app, _) = team_app(160, 45);
    let screen = render_text(&app);
    assert!(screen.contains("3 流失 · 2 待处理"), "{screen}");
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in\n{screen}"))
            .to_owned()
    };
    assert!(row("王小明").contains("张三 12m"), "{}", row("王小明"));
    assert!(row("林夕").contains("✓ 已挽回"));
    assert!(row("子川").contains("✓ 已挽回"));
    assert!(row("陈佳怡").contains("zhangsan 3m"));
    assert!(row("马可").contains("待处理"));
    insta::assert_snapshot!(screen);
}

#[test]
fn the_column_fits_80x24() {
    let (app, _) = team_app(80, 24);
    insta::assert_snapshot!(render_text(&app));
}

#[test]
fn the_filter_asks_the_triage_and_follows_the_log_as_it_moves() {
    let (mut app, keys) = team_app(160, 45);
    assert_eq!(filter(&mut app, "is:open"), ["🍀 四叶草", "马可"]);
    clear_filter(&mut app);
    assert_eq!(filter(&mut app, "is:claimed"), ["王小明", "陈佳怡"]);
    clear_filter(&mut app);
    // The vendor's close is credited to the claimer.
    assert_eq!(filter(&mut app, "is:done by:张三"), ["子川"]);
    clear_filter(&mut app);
    assert_eq!(filter(&mut app, "by:alice"), ["王小明", "子川"]);
    clear_filter(&mut app);
    assert_eq!(filter(&mut app, "is:mine"), ["陈佳怡"]);
    clear_filter(&mut app);
    // Text and triage together; pinyin still works beside them.
    assert_eq!(filter(&mut app, "is:open mk"), ["马可"]);
    clear_filter(&mut app);
    // Another dashboard claims an open alert: the filtered rows change with no key pressed,
    // and the tab's count with them.
    assert_eq!(filter(&mut app, "is:open"), ["🍀 四叶草", "马可"]);
    app.update(Msg::from(LoadEvent::TriageLog(Ok(vec![event(
        7,
        &keys[5],
        ("bob", ""),
        0,
        Action::Claim,
    )]))));
    assert_eq!(shown(&app), ["🍀 四叶草"]);
    assert_eq!(app.triage.open, Some(1));
    assert!(render_text(&app).contains("3 流失 · 1 待处理"));
}

#[test]
fn the_triage_sort_puts_open_alerts_first() {
    let (mut app, _) = team_app(160, 45);
    app.update(key('R'));
    assert_eq!(
        shown(&app),
        ["🍀 四叶草", "马可", "王小明", "陈佳怡", "子川", "林夕"]
    );
    app.update(key('R'));
    assert_eq!(shown(&app)[..2], ["林夕", "子川"]);
}

fn picker_open(app: &App) -> bool {
    matches!(app.overlay, Some(Overlay::Done(_)))
}

#[test]
fn the_done_picker_takes_an_outcome_and_a_note() {
    let (mut app, keys) = team_app(160, 45);
    // On the open alert 马可 (the last row).
    app.update(key('G'));
    app.update(key('d'));
    assert!(picker_open(&app));
    app.update(key('j'));
    type_text(&mut app, "打了两次没接");
    // Alt-Enter starts a new line; Enter writes.
    app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)));
    type_text(&mut app, "明天再试");
    let screen = render_text(&app);
    assert!(screen.contains("› 2 联系不上"), "{screen}");
    assert!(screen.contains("备注 11 / 2 000"), "{screen}");
    insta::assert_snapshot!("picker_160x45", screen);
    let commands = app.update(code(KeyCode::Enter));
    assert!(!picker_open(&app));
    assert_eq!(
        commands,
        vec![Cmd::Triage {
            alert: keys[5].clone(),
            action: done(Outcome::Unreachable, "打了两次没接\n明天再试"),
        }]
    );
}

#[test]
fn the_done_picker_at_80x24_and_its_refusals() {
    let (mut app, _) = team_app(80, 24);
    // A done alert cannot be done again: said, no picker.
    app.update(key('j'));
    app.update(key('d'));
    assert!(!picker_open(&app));
    let flash = app.flash.as_ref().unwrap();
    assert_eq!(flash.level, Level::Warn);
    assert!(flash.text.contains("reopen"), "{}", flash.text);
    app.update(key('G'));
    app.update(key('d'));
    assert!(picker_open(&app));
    type_text(&mut app, "3");
    insta::assert_snapshot!("picker_80x24", render_text(&app));
    // A note past the limit is refused before anything is sent, the picker stays open.
    app.update(Msg::Paste("长".repeat(NOTE_MAX + 1)));
    assert!(render_text(&app).contains("2 001 / 2 000"));
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    assert!(picker_open(&app));
    assert!(app.flash.as_ref().unwrap().text.contains("2001 字"));
    // Esc leaves everything as it was.
    app.update(code(KeyCode::Esc));
    assert!(!picker_open(&app));
}

#[test]
fn an_export_of_the_pane_carries_the_triage_of_the_rows_shown() {
    let (mut app, _) = team_app(160, 45);
    filter(&mut app, "is:done");
    let commands = app.update(key('e'));
    let Some(Cmd::Export { rows, zone, .. }) = commands.into_iter().next() else {
        panic!("an export");
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outflow.json");
    let job = scrm_tui::tui::export::Job::new(
        rows,
        scrm_tui::domain::output::Format::Json,
        false,
        zone,
        path.clone(),
    );
    assert_eq!(job.run().unwrap().1, 2);
    let json: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let triage: Vec<(&str, &str, &str)> = json
        .iter()
        .map(|r| {
            let t = &r["triage"];
            (
                t["state"].as_str().unwrap(),
                t["by"].as_str().unwrap(),
                t["note"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(triage, [("done", "bob", "已加回"), ("done", "alice", "")]);
}

#[test]
fn help_shows_every_section_at_once_at_160x45_and_scrolls_at_80x24() {
    let (mut app, _) = team_app(160, 45);
    app.update(key('?'));
    let screen = render_text(&app);
    for title in [
        "移动", "面板", "详情", "数据", "应用", "排序", "过滤", "命令", "文件",
    ] {
        assert!(
            screen
                .lines()
                .any(|l| l.contains(&format!("│{title}")) || l.contains(&format!(" {title}"))),
            "{title} in\n{screen}"
        );
    }
    // The last entries of the last sections are on screen, not below it.
    assert!(screen.contains(":reopen") && screen.contains("导出目录"));
    assert!(screen.contains("by:NAME"));
    insta::assert_snapshot!("help_160x45", screen);
    let (mut app, _) = team_app(80, 24);
    app.update(key('?'));
    insta::assert_snapshot!("help_80x24", render_text(&app));
    app.update(code(KeyCode::PageDown));
    insta::assert_snapshot!("help_80x24_scrolled", render_text(&app));
}

#[test]
fn insights_team_figures_match_the_hand_computed_ones() {
    use scrm_tui::app::insights::{Tally, Team};
    use scrm_tui::domain::triage::Ledger;
    let t = W - 3600;
    let mut alerts: Vec<OutflowAlert> = (0..5).map(alert).collect();
    for (i, a) in alerts.iter_mut().enumerate() {
        a.outflow_at = DateTime::from_timestamp(t, 0);
        if i == 2 || i == 3 {
            a.staff_ext_id = String::from("zoe");
            a.staff_id = String::from("zoe");
            a.staff_name = String::from("佐伊");
        }
    }
    let key = |i: usize| alerts[i].key();
    // `minutes` after the alerts.
    let at = |seq, i, by: &str, minutes: i64, action| TriageEvent {
        seq,
        alert: key(i),
        at: DateTime::from_timestamp(t + minutes * 60, 0).unwrap(),
        by: by.to_owned(),
        name: String::new(),
        host: String::from("desk"),
        action,
    };
    let ledger = Ledger::of(vec![
        at(1, 0, "alice", 10, Action::Claim),
        at(2, 0, "alice", 70, done(Outcome::WonBack, "")),
        at(3, 1, "bob", 30, Action::Claim),
        at(4, 2, "bob", 120, done(Outcome::Unreachable, "")),
        at(5, 3, "alice", 50, Action::Claim),
        at(6, 3, "alice", 200, done(Outcome::NotOurs, "")),
    ]);
    let team = Team::of(alerts.iter(), &ledger);
    let tally = |name: &str, (open, claimed, done, won_back)| Tally {
        name: name.to_owned(),
        open,
        claimed,
        done,
        won_back,
    };
    assert_eq!(
        team,
        Team {
            open: 1,
            claimed: 1,
            done: 3,
            won_back: 1,
            // Claims at 10, 30 and 50 minutes; dones at 70, 120 and 200.
            to_claim: Some(30),
            claims: 3,
            to_done: Some(120),
            handlers: vec![tally("alice", (0, 0, 2, 1)), tally("bob", (0, 1, 1, 0))],
            staff: vec![tally("米娅", (1, 1, 1, 1)), tally("佐伊", (0, 0, 2, 0))],
        }
    );
}

#[test]
fn insights_show_the_team_block_in_chinese() {
    let (mut app, _) = team_app(160, 45);
    app.update(key('5'));
    let screen = render_text(&app);
    assert!(screen.contains("团队处理"), "{screen}");
    assert!(
        screen.contains("待处理 2 · 已认领 2 · 已完成 2"),
        "{screen}"
    );
    assert!(screen.contains("已挽回 2 / 2（100%）"), "{screen}");
    insta::assert_snapshot!("insights_team_160x45", screen);
}

#[test]
fn a_role_without_scrm_triage_is_told_what_it_lacks_whatever_the_alert() {
    let (mut app, _) = team_app(160, 45);
    app.update(Msg::from(LoadEvent::TriageMe(Me {
        name: String::from("viewer"),
        may_triage: false,
    })));
    // 王小明 (the first row) is alice's: a reader hears of the role, not of alice.
    for keys in ["a", "d", "jd", "Ga", "Gd"] {
        app.update(key('g'));
        app.flash = None;
        for c in keys.chars() {
            app.update(key(c));
        }
        assert!(!picker_open(&app), "{keys}");
        let flash = app.flash.as_ref().unwrap();
        assert_eq!(flash.level, Level::Error, "{keys}");
        assert!(
            flash.text.contains("scrm_triage") && flash.text.contains("viewer"),
            "{keys}: {}",
            flash.text
        );
        assert!(!flash.text.contains("张三"), "{keys}: {}", flash.text);
    }
    app.flash = None;
    app.update(key(':'));
    type_text(&mut app, "claim");
    let sent = app.update(code(KeyCode::Enter));
    assert!(
        !sent.iter().any(|c| matches!(c, Cmd::Triage { .. })),
        "{sent:?}"
    );
    assert!(app.flash.as_ref().unwrap().text.contains("scrm_triage"));
    // Help marks the triage keys.
    app.update(key('?'));
    let help = render_text(&app);
    assert!(help.contains("需 scrm_triage"), "{help}");
}
