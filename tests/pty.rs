//! The terminal is restored after a panic and after SIGTERM: the binary runs on a real pseudo
//! terminal, and afterwards the terminal's modes are as before (canonical input and echo back
//! on), the alternate screen has been left and the cursor shown again.
#![cfg(unix)]

use std::fs::File;
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{LocalModes, Winsize, tcgetattr, tcsetwinsize};

const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";

struct Session {
    child: Child,
    /// The terminal's side the program uses; kept open to read its modes afterwards.
    slave: File,
    output: Arc<Mutex<Vec<u8>>>,
    _home: tempfile::TempDir,
}

impl Session {
    /// Runs `scrm-tui --demo` on a new 100×30 pseudo terminal.
    fn start(env: &[(&str, &str)]) -> Session {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let slave = File::options()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap())
            .unwrap();
        tcsetwinsize(
            &master,
            Winsize {
                ws_row: 30,
                ws_col: 100,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .unwrap();
        let home = tempfile::tempdir().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_scrm-tui"));
        command
            .arg("--demo")
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("TERM", "xterm-256color")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = output.clone();
        let mut master = File::from(master);
        // Reads whatever the program writes, for as long as the test runs.
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = master.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            child,
            slave,
            output,
            _home: home,
        }
    }

    fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// Waits until the output contains `text`.
    fn wait_for(&self, text: &str) {
        let until = Instant::now() + Duration::from_secs(20);
        while !self.output().contains(text) {
            assert!(Instant::now() < until, "no {text:?} in:\n{}", self.output());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_exit(&mut self) -> std::process::ExitStatus {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < until, "still running:\n{}", self.output());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn local_modes(&self) -> LocalModes {
        tcgetattr(&self.slave).unwrap().local_modes
    }

    /// The output after the program entered the alternate screen.
    fn after_start(&self) -> String {
        let output = self.output();
        match output.find("\x1b[?1049h") {
            Some(at) => output[at..].to_owned(),
            None => output,
        }
    }
}

fn cooked(modes: LocalModes) -> bool {
    modes.contains(LocalModes::ICANON | LocalModes::ECHO)
}

#[test]
fn the_terminal_is_restored_after_sigterm() {
    let mut session = Session::start(&[]);
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
    let mut session = Session::start(&[(scrm_tui::tui::FORCE_PANIC, "1")]);
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
