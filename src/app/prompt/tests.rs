//! The input line on its own: what it asks of the app after each key.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Input, InputReply, Prompt};
use crate::engine::history::{History, Kind};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn typing_changes_the_line_enter_submits_it_trimmed_and_esc_cancels() {
    let (history, mut input) = (History::default(), Input::new(Prompt::Filter, ""));
    let mut press = |code| input.on_key(key(code), &history, &[]);
    assert_eq!(press(KeyCode::Char('w')), InputReply::Changed("w".into()));
    assert_eq!(press(KeyCode::Char('m')), InputReply::Changed("wm".into()));
    assert_eq!(press(KeyCode::Char(' ')), InputReply::Changed("wm ".into()));
    assert_eq!(
        press(KeyCode::Tab),
        InputReply::Stay,
        "no completion in a filter"
    );
    assert_eq!(press(KeyCode::Enter), InputReply::Submit("wm".into()));
    assert_eq!(press(KeyCode::Esc), InputReply::Cancel);
}

#[test]
fn tab_completes_a_command_and_the_arrows_walk_the_history() {
    let mut history = History::default();
    history.push(Kind::Command, "staff");
    let mut input = Input::new(Prompt::Command, "acc");
    assert_eq!(
        input.on_key(key(KeyCode::Tab), &history, &["east"]),
        InputReply::Stay
    );
    assert_eq!(input.line(), "account ");
    assert_eq!(
        input.on_key(key(KeyCode::Tab), &history, &["east"]),
        InputReply::Stay
    );
    assert_eq!(input.line(), "account east ");
    let older = input.on_key(key(KeyCode::Up), &history, &[]);
    assert_eq!(older, InputReply::Changed("staff".into()));
}
