//! The terminal is restored after a panic and after SIGTERM: the binary runs on a real pseudo
//! terminal, and afterwards the terminal's modes are as before (canonical input and echo back
//! on), the alternate screen has been left and the cursor shown again.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report
#![cfg(unix)]

mod common;

use common::pty::{LEAVE_ALTERNATE_SCREEN, SHOW_CURSOR, Session};
use rustix::termios::LocalModes;

fn cooked(modes: LocalModes) -> bool {
    modes.contains(LocalModes::ICANON | LocalModes::ECHO)
}

#[test]
fn the_terminal_is_restored_after_sigterm() {
    let home = tempfile::tempdir().unwrap();
    let mut session = Session::start(&["--demo"], &[], home.path());
    let before = session.local_modes();
    assert!(cooked(before));
    session.wait_for("Stores");
    assert!(!cooked(session.local_modes()), "raw mode while running");
    let pid = rustix::process::Pid::from_raw(session.child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let status = session.wait_exit();
    let output = session.after_start();
    assert_eq!(
        session.local_modes(),
        before,
        "terminal modes after SIGTERM"
    );
    assert!(output.contains(LEAVE_ALTERNATE_SCREEN), "{output:?}");
    assert!(output.contains(SHOW_CURSOR), "{output:?}");
    assert!(
        status.code().is_some(),
        "killed rather than exiting: {status:?}"
    );
}

#[test]
fn the_terminal_is_restored_after_a_panic_and_the_message_holds_no_secret() {
    let home = tempfile::tempdir().unwrap();
    let mut session = Session::start(
        &["--demo"],
        &[(scrm_tui::tui::FORCE_PANIC, "1")],
        home.path(),
    );
    let before = session.local_modes();
    let status = session.wait_exit();
    let output = session.after_start();
    assert_eq!(status.code(), Some(101), "{output}");
    assert_eq!(
        session.local_modes(),
        before,
        "terminal modes after the panic"
    );
    let restored = output
        .find(LEAVE_ALTERNATE_SCREEN)
        .expect("the alternate screen is left");
    let crashed = output.find("scrm-tui crashed").expect("the panic message");
    assert!(
        restored < crashed,
        "the message is printed on the restored screen"
    );
    assert!(output.contains(SHOW_CURSOR));
    assert!(output.contains("forced by SCRM_TUI_TEST_PANIC"), "{output}");
    assert!(output.contains("***"), "{output}");
    assert!(!output.contains(scrm_tui::demo::WEIBAN_SECRET), "{output}");
    assert!(output.contains("The log is at"), "{output}");
}

#[test]
fn the_prompt_history_survives_a_restart_and_a_paste_arrives_whole() {
    let home = tempfile::tempdir().unwrap();
    let mut first = Session::start(&["--demo"], &[], home.path());
    first.wait_for("Stores");
    first.type_keys("/gzty\r:stores\rq");
    assert!(first.wait_exit().success());
    let kept = std::fs::read_to_string(home.path().join("state/scrm-tui/history.json")).unwrap();
    assert!(
        kept.contains("\"gzty\"") && kept.contains("\"stores\""),
        "{kept}"
    );

    let mut second = Session::start(&["--demo"], &[], home.path());
    second.wait_for("Stores");
    // `/` and ↑: the filter typed in the first run.
    second.type_keys("/");
    second.send("\x1b[A");
    second.wait_for("/gzty");
    // Esc clears it; a paste over the list opens the filter with the pasted text, whole.
    second.type_keys("\x1b");
    std::thread::sleep(std::time::Duration::from_millis(300));
    second.send("\x1b[200~tiyu\x1b[201~");
    second.wait_for("/tiyu");
    second.type_keys("\x1bq");
    assert!(second.wait_exit().success());
    // Bracketed paste was turned off again on the way out.
    assert!(second.output().contains("\x1b[?2004l"));
}
