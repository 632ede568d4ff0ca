//! `update` tests for the support-staff workflows: filter, sort, copy, the value popup, export,
//! the command line, help, remapped keys, the mouse, freshness and the offline cache.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

mod common;

use std::time::Duration;

use common::*;
use crossterm::event::{KeyCode, MouseButton, MouseEvent, MouseEventKind};
use scrm_tui::app::CopyOutcome as Outcome;
use scrm_tui::app::{Action, App, Cmd, Level, Msg, Popup, Prompt};
use scrm_tui::domain::Records;
use scrm_tui::domain::output::Format;
use scrm_tui::domain::{
    ColumnKey, Customer, CustomerStatus, RawJson, Resource, Snapshot, Store, Tag, Vendor,
};

fn shown_ids(app: &App) -> Vec<String> {
    app.pane_of::<scrm_tui::domain::Store>()
        .rows(0)
        .map(|s| s.id.clone())
        .collect()
}

/// Whether `needle`'s characters appear in order in `hay` (written independently of the app's
/// matcher, for the expected results).
fn in_order(needle: &str, hay: &str) -> bool {
    let mut chars = hay.chars();
    needle
        .chars()
        .all(|n| chars.any(|h| h.to_lowercase().eq(n.to_lowercase())))
}

fn expected_matches(stores: &[Store], needle: &str) -> Vec<String> {
    stores
        .iter()
        .filter(|s| {
            [&s.name, &s.city, &s.address, &s.owner, &s.creator]
                .iter()
                .any(|field| in_order(needle, field))
        })
        .map(|s| s.id.clone())
        .collect()
}

#[test]
fn the_filter_narrows_on_every_keystroke_enter_keeps_it_and_esc_clears_it() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    let stores = demo_stores();
    app.update(key('/'));
    assert_eq!(app.input().map(|i| i.prompt), Some(Prompt::Filter));
    let rows_without_input = scrm_tui::app::layout::list_rows(120, 40, false);
    assert_eq!(
        app.list_rows(),
        rows_without_input - 1,
        "the input takes a row"
    );

    app.update(key('重'));
    assert_eq!(shown_ids(&app), expected_matches(&stores, "重"));
    app.update(key('庆'));
    let narrowed = expected_matches(&stores, "重庆");
    assert!(!narrowed.is_empty() && narrowed.len() < stores.len());
    assert_eq!(shown_ids(&app), narrowed);
    assert_eq!(app.list(Resource::Stores).counts(), (narrowed.len(), 120));

    // Backspace widens again.
    app.update(code(KeyCode::Backspace));
    assert_eq!(shown_ids(&app), expected_matches(&stores, "重"));
    app.update(key('庆'));

    app.update(code(KeyCode::Enter));
    assert!(app.input().is_none());
    assert_eq!(app.list(Resource::Stores).query().text(), "重庆");
    assert_eq!(shown_ids(&app), narrowed);

    // `/` again edits the kept filter; Esc clears it.
    app.update(key('/'));
    assert_eq!(app.input().unwrap().line(), "重庆");
    app.update(code(KeyCode::Esc));
    assert!(app.input().is_none());
    assert!(app.list(Resource::Stores).query().is_empty());
    assert_eq!(app.list(Resource::Stores).counts(), (120, 120));
}

#[test]
fn esc_in_the_list_clears_a_kept_filter() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    app.update(key('/'));
    type_text(&mut app, "杭州");
    app.update(code(KeyCode::Enter));
    assert!(app.list(Resource::Stores).counts().0 < 120);
    app.update(code(KeyCode::Esc));
    assert_eq!(app.list(Resource::Stores).counts(), (120, 120));
}

#[test]
fn the_selection_stays_on_its_record_while_it_is_still_shown() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    for _ in 0..7 {
        app.update(key('j'));
    }
    let chosen = app
        .pane_of::<scrm_tui::domain::Store>()
        .selected_record()
        .unwrap()
        .clone();
    app.update(key('/'));
    type_text(&mut app, &chosen.city);
    assert_eq!(app.list(Resource::Stores).selected_id().unwrap(), chosen.id);
    // Filtered out: the selection moves to a row that is shown.
    type_text(&mut app, " !");
    type_text(&mut app, &chosen.name);
    let now = app
        .pane_of::<scrm_tui::domain::Store>()
        .selected_record()
        .unwrap();
    assert_ne!(now.id, chosen.id);
    assert!(!now.name.contains(&chosen.name));
}

fn customer(id: &str, name: &str, tags: &[(&str, &str)]) -> Customer {
    Customer {
        account: Default::default(),
        vendor: Vendor::Yunzhong,
        id: id.into(),
        name: name.into(),
        remark: String::new(),
        staff: "张晓雯".into(),
        tags: tags
            .iter()
            .map(|(name, group)| Tag {
                name: (*name).into(),
                group: (*group).into(),
            })
            .collect(),
        status: CustomerStatus::Normal,
        added_at: None,
        keys: Default::default(),
        raw: RawJson::new("{}"),
    }
}

fn customers_app() -> App {
    let (mut app, t0) = loaded_app(120, 40, Duration::ZERO);
    app.settings.vendors.push(Vendor::Yunzhong);
    app.update(key('2'));
    app.update(key('r'));
    let generation = app.list(Resource::Customers).status().generation;
    app.update(Msg::from(scrm_tui::domain::LoadEvent::Loaded {
        resource: Resource::Customers,
        generation,
        loaded: scrm_tui::domain::Loaded {
            records: Records::Customers(vec![
                customer("c1", "王五", &[("VIP", "等级"), ("高意向", "意向")]),
                customer("c2", "赵六", &[("低意向", "意向")]),
                customer("c3", "Vicky", &[]),
                customer("c4", "王小二", &[("VIP", "等级")]),
            ]),
            errors: Vec::new(),
            skipped: Vec::new(),
            pages: 1,
            expected_pages: Some(1),
            finished_at: t0,
            window_end: None,
        },
    }));
    app
}

fn customer_ids(app: &App) -> Vec<&str> {
    app.pane_of::<scrm_tui::domain::Customer>()
        .rows(0)
        .map(|c| c.id.as_str())
        .collect()
}

#[test]
fn hash_narrows_by_tag_and_bang_excludes() {
    let mut app = customers_app();
    app.update(key('/'));
    type_text(&mut app, "#vip");
    assert_eq!(customer_ids(&app), ["c1", "c4"]);
    type_text(&mut app, " !小二");
    assert_eq!(customer_ids(&app), ["c1"]);
    app.update(code(KeyCode::Esc));
    app.update(key('/'));
    // `vi` matches the tag text (VIP) and the name Vicky: fuzzy terms search every column.
    type_text(&mut app, "vi");
    assert_eq!(customer_ids(&app), ["c1", "c3", "c4"]);
    type_text(&mut app, "ky");
    assert_eq!(customer_ids(&app), ["c3"]);
}

#[test]
fn shift_and_a_column_letter_sorts_stably_and_again_reverses() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    for _ in 0..3 {
        app.update(key('j'));
    }
    let selected = app.list(Resource::Stores).selected_id().unwrap();
    // `C` is the City column's letter.
    app.update(key('C'));
    let sort = app.list(Resource::Stores).sort().unwrap();
    assert_eq!((sort.column, sort.descending), (ColumnKey::City, false));
    let mut expected = demo_stores();
    expected.sort_by(|a, b| a.city.cmp(&b.city)); // stable, like the app's
    assert_eq!(
        shown_ids(&app),
        expected.iter().map(|s| s.id.clone()).collect::<Vec<_>>()
    );
    assert_eq!(app.list(Resource::Stores).selected_id().unwrap(), selected);

    app.update(key('C'));
    assert!(app.list(Resource::Stores).sort().unwrap().descending);
    let mut reversed = demo_stores();
    reversed.sort_by(|a, b| b.city.cmp(&a.city));
    assert_eq!(
        shown_ids(&app),
        reversed.iter().map(|s| s.id.clone()).collect::<Vec<_>>()
    );
    assert_eq!(app.list(Resource::Stores).selected_id().unwrap(), selected);

    // Sorting by a flag keeps the vendor's order among equals.
    app.update(key('D'));
    let deleted_last: Vec<String> = demo_stores()
        .iter()
        .filter(|s| !s.deleted)
        .chain(demo_stores().iter().filter(|s| s.deleted))
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(shown_ids(&app), deleted_last);
}

#[test]
fn a_letter_bound_to_an_action_is_not_a_sort_key() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    // `G` goes to the bottom; no Stores column uses it.
    app.update(key('G'));
    assert!(app.list(Resource::Stores).sort().is_none());
    assert_eq!(app.list(Resource::Stores).position().0, 119);
    // A letter no column has does nothing.
    app.update(key('Z'));
    assert!(app.list(Resource::Stores).sort().is_none());
}

#[test]
fn sort_and_filter_survive_a_refresh() {
    let (mut app, t0) = loaded_app(120, 40, Duration::from_secs(3));
    app.update(key('N'));
    app.update(key('/'));
    type_text(&mut app, "杭州");
    app.update(code(KeyCode::Enter));
    let before = shown_ids(&app);
    app.update(key('r'));
    let generation = app.list(Resource::Stores).status().generation;
    app.update(loaded_msg(generation, ok(demo_stores(), t0)));
    assert_eq!(shown_ids(&app), before);
}

#[test]
fn y_copies_the_id_and_shift_y_the_record_as_get_prints_it() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    app.update(key('j'));
    let store = app
        .pane_of::<scrm_tui::domain::Store>()
        .selected_record()
        .unwrap()
        .clone();
    let cmds = app.update(key('y'));
    assert_eq!(
        cmds,
        [Cmd::Copy {
            text: store.id.clone(),
            what: format!("id {}", store.id)
        }]
    );
    let cmds = app.update(key('Y'));
    let [Cmd::Copy { text, .. }] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    let copied: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(
        copied,
        scrm_tui::domain::output::json_object(&store, &beijing()),
        "the same object as `get --format json`"
    );
    // In the detail view, `Y` copies the vendor's raw object.
    app.update(code(KeyCode::Enter));
    let cmds = app.update(key('Y'));
    let [Cmd::Copy { text, .. }] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    assert_eq!(*text, store.raw.text());
}

#[test]
fn the_toast_says_what_really_happened_to_a_copy() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    let mut toast = |outcome: Outcome| {
        app.update(Msg::Copied {
            what: "id 318".into(),
            outcome,
        });
        let flash = app.flash.clone().unwrap();
        (flash.level, flash.text)
    };
    assert_eq!(
        toast(Outcome::Copied),
        (Level::Info, "copied id 318".into())
    );
    let (level, text) = toast(Outcome::SentToTerminal);
    assert_eq!(level, Level::Info);
    assert!(text.contains("OSC 52") && text.contains("id 318"), "{text}");
    let (level, text) = toast(Outcome::SentToTerminalAfter("no X11".into()));
    assert_eq!(level, Level::Warn);
    assert!(text.contains("no X11") && text.contains("OSC 52"), "{text}");
    let (level, text) = toast(Outcome::Off);
    assert_eq!(level, Level::Warn);
    assert!(text.contains("off") && text.contains("v shows"), "{text}");
    let (level, text) = toast(Outcome::Failed("display gone".into()));
    assert_eq!(level, Level::Error);
    assert!(
        text.contains("display gone") && text.contains("v shows"),
        "{text}"
    );
}

#[test]
fn v_shows_the_value_to_select_by_hand() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    let id = app.list(Resource::Stores).selected_id().unwrap();
    app.update(key('v'));
    let Some(Popup::Value {
        id: shown, json, ..
    }) = app.popup()
    else {
        panic!("{:?}", app.popup());
    };
    assert_eq!(shown, &id);
    assert!(json.contains(&format!("\"id\": \"{id}\"")));
    app.update(key('j'));
    assert!(matches!(app.popup(), Some(Popup::Value { scroll: 1, .. })));
    // `y` still copies; any other key closes.
    assert!(matches!(
        app.update(key('y')).as_slice(),
        [Cmd::Copy { .. }]
    ));
    app.update(key('x'));
    assert!(app.popup().is_none());
}

#[test]
fn e_and_export_command_ask_for_an_export_of_the_pane() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    let shown = shown_ids(&app);
    assert_eq!(shown.len(), 120);
    assert_eq!(
        {
            let commands = app.update(key('e'));
            exported(&app, commands)
        },
        (Resource::Stores, Format::Csv, None, shown.clone())
    );
    app.update(key(':'));
    type_text(&mut app, "export json /tmp/stores.json");
    assert_eq!(
        {
            let commands = without_history(app.update(code(KeyCode::Enter)));
            exported(&app, commands)
        },
        (
            Resource::Stores,
            Format::Json,
            Some("/tmp/stores.json".into()),
            shown
        )
    );
    app.update(Msg::Exported(Ok(("/tmp/stores.json".into(), 120))));
    assert_eq!(
        app.flash.as_ref().unwrap().text,
        "exported 120 rows to /tmp/stores.json"
    );
    // Nothing shown, nothing to export.
    app.update(key('/'));
    type_text(&mut app, "no such store anywhere");
    app.update(code(KeyCode::Enter));
    assert!(app.update(key('e')).is_empty());
    assert_eq!(app.flash.as_ref().unwrap().level, Level::Warn);
}

/// The commands apart from keeping the prompt's history.
/// What an export asks for: the pane, format and path, and the ids of the rows it writes in
/// their order; the app's own settings go with it.
fn exported(
    app: &App,
    commands: Vec<Cmd>,
) -> (Resource, Format, Option<std::path::PathBuf>, Vec<String>) {
    let [
        Cmd::Export {
            resource,
            format,
            path,
            rows,
            dir,
            bom,
            zone,
        },
    ] = commands.as_slice()
    else {
        panic!("not one export: {commands:?}");
    };
    assert_eq!(dir, &app.settings.export_dir);
    assert!(*bom);
    assert_eq!(zone, &app.settings.zone);
    let Snapshot::Stores(stores) = &rows.records else {
        panic!("not the stores: {:?}", rows.records);
    };
    let ids = rows
        .rows
        .iter()
        .map(|&i| stores[i as usize].id.clone())
        .collect();
    (*resource, *format, path.clone(), ids)
}

fn without_history(cmds: Vec<Cmd>) -> Vec<Cmd> {
    cmds.into_iter()
        .filter(|c| !matches!(c, Cmd::SaveHistory(_)))
        .collect()
}

#[test]
fn the_command_line_completes_and_runs_commands() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    app.update(key(':'));
    type_text(&mut app, "cu");
    app.update(code(KeyCode::Tab));
    assert_eq!(app.input().unwrap().line(), "customers ");
    app.update(code(KeyCode::Enter));
    assert!(app.input().is_none());
    assert_eq!(app.pane, Resource::Customers);

    app.update(key(':'));
    type_text(&mut app, "stores");
    app.update(code(KeyCode::Enter));
    assert_eq!(app.pane, Resource::Stores);

    app.update(key(':'));
    type_text(&mut app, "ref");
    let cmds = without_history(app.update(code(KeyCode::Enter)));
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Fetch {
            resource: Resource::Stores,
            ..
        }]
    ));

    app.update(key(':'));
    type_text(&mut app, "frobnicate");
    assert!(without_history(app.update(code(KeyCode::Enter))).is_empty());
    let flash = app.flash.clone().unwrap();
    assert_eq!(flash.level, Level::Error);
    assert!(flash.text.contains("frobnicate"), "{}", flash.text);

    app.update(key(':'));
    type_text(&mut app, "help");
    app.update(code(KeyCode::Enter));
    assert!(matches!(app.popup(), Some(Popup::Help { .. })));
    app.update(code(KeyCode::Esc));

    // Esc abandons a command; `q` in the command line is text, not quit.
    app.update(key(':'));
    type_text(&mut app, "q");
    app.update(code(KeyCode::Esc));
    assert!(app.input().is_none());
    app.update(key(':'));
    type_text(&mut app, "q");
    assert_eq!(
        without_history(app.update(code(KeyCode::Enter))),
        [Cmd::Quit]
    );
}

#[test]
fn help_lists_every_action_with_its_current_keys() {
    let overrides = vec![scrm_tui::config::KeyOverride {
        action: "copy_id".into(),
        keys: vec!["c".into(), "F3".into()],
        line: 9,
    }];
    let keymap = scrm_tui::app::Keymap::new(&overrides).unwrap();
    let (mut app, _) = loaded_app(100, 40, Duration::from_secs(3));
    app.settings.keymap = keymap;
    app.update(key('?'));
    assert!(matches!(app.popup(), Some(Popup::Help { scroll: 0 })));
    let text: Vec<String> = scrm_tui::ui::help::lines(&app, &scrm_tui::ui::theme::Theme::default())
        .iter()
        .map(|l| l.to_string())
        .collect();
    let text = text.join("\n");
    for info in scrm_tui::engine::keymap::ACTIONS.iter() {
        assert!(text.contains(info.help[0]), "{} missing", info.name);
    }
    assert!(text.contains("c F3"), "{text}");
    assert!(
        text.contains("Shift-C"),
        "the sort letters of the pane: {text}"
    );
    assert!(text.contains(":export [csv|xlsx|json] [PATH]"));
    // The remapped key works, the old one does not.
    app.update(code(KeyCode::Esc));
    assert!(matches!(
        app.update(key('c')).as_slice(),
        [Cmd::Copy { .. }]
    ));
    assert!(app.update(key('y')).is_empty());
    assert_eq!(app.settings.keymap.hint(Action::CopyId), "c");
    // Scrolls, and closes on another key.
    app.update(key('?'));
    app.update(code(KeyCode::PageDown));
    assert!(matches!(app.popup(), Some(Popup::Help { scroll }) if *scroll > 0));
    app.update(key('?'));
    assert!(app.popup().is_none());
}

fn mouse(kind: MouseEventKind, row: u16) -> Msg {
    Msg::Mouse(MouseEvent {
        kind,
        column: 10,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    })
}

#[test]
fn the_mouse_scrolls_selects_and_expands_only_when_enabled() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    app.update(mouse(MouseEventKind::ScrollDown, 10));
    assert_eq!(
        app.list(Resource::Stores).position().0,
        0,
        "mouse is off by default"
    );

    app.settings.mouse = true;
    app.update(mouse(MouseEventKind::ScrollDown, 10));
    assert_eq!(app.list(Resource::Stores).position().0, 3);
    app.update(mouse(MouseEventKind::ScrollUp, 10));
    assert_eq!(app.list(Resource::Stores).position().0, 0);
    // Row 0 is the tabs, 1 the border, 2 the header: row 3 is the first store, 7 the fifth.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 7));
    assert_eq!(app.list(Resource::Stores).position().0, 4);
    // The header and the border select nothing.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 2));
    assert_eq!(app.list(Resource::Stores).position().0, 4);

    // In the detail tree a click moves the cursor, a second click toggles the node.
    app.update(code(KeyCode::Enter));
    let before = app.detail().unwrap().tree.visible().len();
    let branch_row = {
        let detail = app.detail().unwrap();
        detail
            .tree
            .visible()
            .iter()
            .position(|&i| detail.tree.node(i).unwrap().is_branch())
            .unwrap()
    };
    let y = 2 + branch_row as u16;
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), y));
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), y));
    assert_ne!(app.detail().unwrap().tree.visible().len(), before);
}

#[test]
fn panes_refresh_periodically_and_turn_stale_after_three_missed_periods() {
    let (mut app, t0) = loaded_app(120, 40, Duration::from_secs(3));
    let period = app.settings.refresh_every.unwrap();
    let cmds = app.update(Msg::Tick(t0 + period));
    assert!(
        cmds.contains(&Cmd::Fetch {
            resource: Resource::Stores,
            generation: 2
        }),
        "{cmds:?}"
    );
    // The refresh fails; the old data stays and ages.
    app.update(loaded_msg(
        2,
        failed(
            Vec::new(),
            scrm_tui::vendors::ErrorKind::Timeout,
            t0 + period,
        ),
    ));
    assert_eq!(app.list(Resource::Stores).counts().0, 120);
    let label = |app: &App| {
        scrm_tui::app::freshness::text(app, app.list(Resource::Stores), Resource::Stores, app.now)
            .unwrap()
    };
    app.update(Msg::Tick(t0 + period * 3));
    assert_eq!(label(&app), "loaded 15 min ago");
    app.update(Msg::Tick(t0 + period * 3 + Duration::from_secs(60)));
    assert_eq!(label(&app), "⚠ stale: loaded 16 min ago");
    // A successful refresh makes it fresh again.
    let cmds = app.update(key('r'));
    let [Cmd::Fetch { generation, .. }] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    let now = app.now;
    app.update(loaded_msg(*generation, ok(demo_stores(), now)));
    assert_eq!(label(&app), "loaded just now");
}

#[test]
fn cached_data_shows_at_once_until_the_first_load_completes() {
    let t0 = std::time::Instant::now();
    let mut app = app(120, 40, t0);
    app.update(Msg::Cached {
        records: Records::Stores(demo_stores()).into(),
        age: Duration::from_secs(180),
    });
    assert_eq!(app.list(Resource::Stores).counts().0, 120);
    let label = |app: &App| {
        scrm_tui::app::freshness::text(app, app.list(Resource::Stores), Resource::Stores, app.now)
    };
    assert_eq!(label(&app).as_deref(), Some("cached 3 min ago"));
    app.update(Msg::Tick(t0 + Duration::from_secs(60)));
    assert_eq!(label(&app).as_deref(), Some("cached 4 min ago"));
    // The first load fails: the cached data stays, still marked cached.
    app.start();
    app.update(loaded_msg(
        1,
        failed(Vec::new(), scrm_tui::vendors::ErrorKind::Timeout, t0),
    ));
    assert_eq!(app.list(Resource::Stores).counts().0, 120);
    assert!(label(&app).unwrap().starts_with("cached"));
    // Then one succeeds.
    let cmds = app.update(key('r'));
    let [Cmd::Fetch { generation, .. }] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    let mut fresh = demo_stores();
    fresh.truncate(100);
    app.update(loaded_msg(*generation, ok(fresh, t0)));
    assert_eq!(app.list(Resource::Stores).counts().0, 100);
    assert!(label(&app).unwrap().starts_with("loaded"));
    // A late cache read never replaces loaded data.
    app.update(Msg::Cached {
        records: Records::Stores(demo_stores()).into(),
        age: Duration::from_secs(1),
    });
    assert_eq!(app.list(Resource::Stores).counts().0, 100);
}

/// The first load after a start from the offline cache keeps the cached records it brings
/// back unchanged, rather than holding a second copy of each.
#[test]
fn the_first_load_keeps_the_cached_records_it_brings_back() {
    let t0 = std::time::Instant::now();
    let mut app = app(120, 40, t0);
    app.update(Msg::Cached {
        records: Records::Stores(demo_stores()).into(),
        age: Duration::from_secs(60),
    });
    let cached = app.pane_of::<scrm_tui::domain::Store>().records.clone();
    app.start();
    let mut fresh = demo_stores();
    fresh[3].name.push_str("（新）");
    app.update(loaded_msg(1, ok(fresh, t0)));
    assert_eq!(app.list(Resource::Stores).counts().1, cached.len());
    for (i, (now, before)) in app
        .pane_of::<Store>()
        .records
        .iter()
        .zip(cached.iter())
        .enumerate()
    {
        assert_eq!(std::sync::Arc::ptr_eq(now, before), i != 3, "store {i}");
    }
    assert!(
        app.pane_of::<scrm_tui::domain::Store>().records[3]
            .name
            .ends_with("（新）")
    );
}

#[test]
fn chinese_ui_text() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    app.settings.lang = scrm_tui::i18n::Lang::Zh;
    assert_eq!(
        scrm_tui::app::freshness::text(&app, app.list(Resource::Stores), Resource::Stores, app.now)
            .as_deref(),
        Some("刚刚加载")
    );
    app.update(Msg::Copied {
        what: "id 318".into(),
        outcome: Outcome::Copied,
    });
    assert_eq!(app.flash.as_ref().unwrap().text, "已复制 id 318");
}

#[test]
fn records_keep_their_ids_through_the_cache_format() {
    let dir = tempfile::tempdir().unwrap();
    let config = scrm_tui::config::Config::default();
    let cache = scrm_tui::tui::cache::Cache::new(dir.path(), &config, Some(1));
    let stores = demo_stores();
    let snapshot = scrm_tui::domain::Snapshot::from(Records::Stores(stores.clone()));
    cache.save(&snapshot).unwrap();
    let (records, age) = cache.read(Resource::Stores).unwrap();
    assert!(age < Duration::from_secs(5));
    let scrm_tui::domain::Snapshot::Stores(read) = records else {
        panic!()
    };
    assert!(read.iter().map(|s| &**s).eq(&stores));
    assert_eq!(read.len(), 120);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(cache.path(Resource::Stores))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Another pane's file is not read as this one.
    assert!(cache.read(Resource::Customers).is_none());
    // A raw object with line breaks in it (a vendor that pretty-prints) round-trips exactly.
    let mut pretty = stores[..2].to_vec();
    pretty[0].raw = scrm_tui::domain::RawJson::new("{\n  \"id\": 1,\n  \"name\": \"a\\nb\"\n}");
    let snapshot = scrm_tui::domain::Snapshot::from(Records::Stores(pretty.clone()));
    cache.save(&snapshot).unwrap();
    let Some((scrm_tui::domain::Snapshot::Stores(read), _)) = cache.read(Resource::Stores) else {
        panic!("not read back");
    };
    assert_eq!(read[0].raw.text(), pretty[0].raw.text());
    // A damaged file (cut short, or a length that lies) is ignored, never trusted.
    let path = cache.path(Resource::Stores);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();
    assert!(cache.read(Resource::Stores).is_none());
    let text = String::from_utf8(bytes).unwrap();
    let lied = text.replacen('\n', "\n999999999999\n", 1);
    std::fs::write(&path, lied).unwrap();
    assert!(cache.read(Resource::Stores).is_none());
}

#[test]
fn in_the_detail_view_y_copies_the_value_under_the_cursor() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    let store = app
        .pane_of::<scrm_tui::domain::Store>()
        .selected_record()
        .unwrap()
        .clone();
    app.update(code(KeyCode::Enter));
    // The tree starts on the first field of the raw object.
    let (label, value) = app.detail().unwrap().cursor_value().unwrap();
    let raw: serde_json::Value = serde_json::from_str(&store.raw.text()).unwrap();
    let expected = match &raw[&label] {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    assert_eq!(value, expected);
    let cmds = app.update(key('y'));
    assert_eq!(
        cmds,
        [Cmd::Copy {
            text: expected.clone(),
            what: format!("{label} {expected}")
        }]
    );
    // On a branch it is the record's id.
    app.update(key('E'));
    for _ in 0..200 {
        if app.detail().unwrap().cursor_value().is_none() {
            break;
        }
        app.update(key('j'));
    }
    assert!(app.detail().unwrap().cursor_value().is_none());
    let cmds = app.update(key('y'));
    assert_eq!(
        cmds,
        [Cmd::Copy {
            text: store.id.clone(),
            what: format!("id {}", store.id)
        }]
    );
}

#[test]
fn bound_sequences_and_ctrl_keys_fire_as_written() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    let bind = |action: &str, keys: &[&str]| scrm_tui::config::KeyOverride {
        action: action.into(),
        keys: keys.iter().map(|k| (*k).to_owned()).collect(),
        line: 1,
    };
    app.settings.keymap =
        scrm_tui::app::Keymap::new(&[bind("top", &["g g"]), bind("refresh", &["Ctrl-R"])]).unwrap();
    app.update(key('G'));
    let bottom = app.list(Resource::Stores).position().0;
    assert!(bottom > 0);
    // `g` waits, and the hint line says so; the second `g` goes to the top.
    assert!(app.update(key('g')).is_empty());
    assert_eq!(app.list(Resource::Stores).position().0, bottom);
    assert!(render_text(&app).contains("g … (next key; Esc cancels)"));
    app.update(key('g'));
    assert_eq!(app.list(Resource::Stores).position().0, 0);
    assert!(!render_text(&app).contains("next key"));
    // `g` then Esc cancels; `g` then `k` drops the `g` and moves up.
    app.update(key('G'));
    app.update(key('g'));
    app.update(code(KeyCode::Esc));
    assert!(app.pending_keys.is_empty());
    app.update(key('g'));
    app.update(key('k'));
    assert_eq!(app.list(Resource::Stores).position().0, bottom - 1);
    // `Ctrl-R` in the config: the terminal sends Ctrl with a lower-case `r`.
    let cmds = app.update(ctrl('r'));
    assert!(
        cmds.iter().any(|c| matches!(c, Cmd::Fetch { .. })),
        "{cmds:?}"
    );
    // The help lists the bindings as they fire.
    app.update(key('?'));
    let help = render_text(&app);
    assert!(help.contains("g g") && help.contains("Ctrl-r"), "{help}");
}

#[test]
fn the_prompts_walk_their_history_and_enter_keeps_it() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    app.history.push(Prompt::Filter.history(), "gzty");
    app.history.push(Prompt::Filter.history(), "茶饮");
    app.update(key('/'));
    type_text(&mut app, "北");
    app.update(code(KeyCode::Up));
    assert_eq!(app.input().unwrap().line(), "茶饮");
    app.update(code(KeyCode::Up));
    assert_eq!(app.input().unwrap().line(), "gzty");
    // The filter follows the entry shown.
    assert_eq!(app.list(Resource::Stores).counts().0, 3);
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Down));
    assert_eq!(app.input().unwrap().line(), "北", "back to what was typed");
    let cmds = app.update(code(KeyCode::Enter));
    let [Cmd::SaveHistory(saved)] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    assert_eq!(saved.filter, ["gzty", "茶饮", "北"]);
    // A command is kept too, and still runs.
    app.update(key(':'));
    type_text(&mut app, "customers");
    let cmds = app.update(code(KeyCode::Enter));
    assert!(matches!(cmds.first(), Some(Cmd::SaveHistory(h)) if h.command == ["customers"]));
    assert_eq!(app.pane, Resource::Customers);
}

#[test]
fn a_paste_arrives_whole_in_the_prompt_or_opens_the_filter() {
    let (mut app, _) = loaded_app(120, 40, Duration::from_secs(3));
    app.update(key(':'));
    type_text(&mut app, "exp");
    app.update(Msg::Paste("ort csv\r\n".into()));
    assert_eq!(app.input().unwrap().line(), "export csv");
    app.update(code(KeyCode::Esc));
    // Over the list, a pasted name opens the filter with it, applied.
    app.update(Msg::Paste("广州体育\n".into()));
    assert_eq!(app.input().unwrap().line(), "广州体育");
    assert_eq!(app.list(Resource::Stores).counts().0, 3);
}

#[test]
fn a_prompt_longer_than_the_screen_scrolls_with_its_cursor() {
    let (mut app, _) = loaded_app(40, 12, Duration::from_secs(3));
    app.update(key('/'));
    let long = "张晓雯的很长很长的过滤条件 abcdefghijklmnopqrstuvwxyz END";
    type_text(&mut app, long);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(40, 12)).unwrap();
    terminal
        .draw(|f| scrm_tui::ui::render(&app, &scrm_tui::ui::theme::Theme::default(), f))
        .unwrap();
    let shown = screen(terminal.backend().buffer());
    let line = shown.lines().find(|l| l.starts_with('/')).unwrap();
    assert!(
        line.starts_with("/…") && line.ends_with("xyz END"),
        "{line:?}"
    );
    let cursor = terminal.get_cursor_position().unwrap();
    assert!(cursor.x < 40, "{cursor:?}");
    // Home: the start is shown again, the cursor at it.
    app.update(code(KeyCode::Home));
    terminal
        .draw(|f| scrm_tui::ui::render(&app, &scrm_tui::ui::theme::Theme::default(), f))
        .unwrap();
    let shown = screen(terminal.backend().buffer());
    let line = shown.lines().find(|l| l.starts_with('/')).unwrap();
    assert!(line.starts_with("/张晓雯"), "{line:?}");
    assert_eq!(terminal.get_cursor_position().unwrap().x, 1);
}

#[test]
fn a_default_sort_orders_the_first_load() {
    let t0 = std::time::Instant::now();
    let mut options =
        scrm_tui::app::Options::new(vec![scrm_tui::domain::Vendor::Weiban], 120, 40, t0);
    options.sorts = vec![scrm_tui::config::DefaultSort {
        resource: Resource::Stores,
        column: scrm_tui::domain::ColumnKey::CreatedAt,
        descending: false,
    }];
    let mut app = App::new(options);
    let cmds = app.start();
    let generation = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Fetch {
                resource: Resource::Stores,
                generation,
            } => Some(*generation),
            _ => None,
        })
        .unwrap();
    app.update(loaded_msg(generation, ok(demo_stores(), t0)));
    let created: Vec<_> = app
        .pane_of::<scrm_tui::domain::Store>()
        .rows(0)
        .map(|s| s.created_at)
        .collect();
    assert!(created.len() > 10);
    assert!(created.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    // The title shows the order like a sort chosen by hand.
    assert!(render_text(&app).contains("Created▲"));
}
