//! Running the binary on a real pseudo terminal, as a person's terminal runs it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report
#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{LocalModes, Winsize, tcgetattr, tcsetwinsize};

pub const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";
pub const SHOW_CURSOR: &str = "\x1b[?25h";

pub struct Session {
    pub child: Child,
    /// The terminal's side the program uses; kept open to read its modes afterwards.
    slave: File,
    /// Our side: what the program writes is read from it, keys are written to it.
    keys: File,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    /// Runs `scrm-tui ARGS` on a new 100×30 pseudo terminal, with its home (config, cache,
    /// state) under `home`.
    pub fn start(args: &[&str], env: &[(&str, &str)], home: &Path) -> Session {
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
        let mut command = Command::new(env!("CARGO_BIN_EXE_scrm-tui"));
        command
            .args(args)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_STATE_HOME", home.join("state"))
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
        let keys = master.try_clone().unwrap();
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
            keys,
            output,
        }
    }

    /// Everything the program has written so far.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// Types keys, as a person would, one at a time.
    pub fn type_keys(&mut self, keys: &str) {
        for key in keys.chars() {
            let mut buf = [0u8; 4];
            self.keys
                .write_all(key.encode_utf8(&mut buf).as_bytes())
                .unwrap();
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Sends bytes in one write, as a terminal sends an escape sequence (an arrow key, a paste).
    #[allow(dead_code)]
    pub fn send(&mut self, bytes: &str) {
        self.keys.write_all(bytes.as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Waits until the output (after `from` bytes) contains `text`.
    pub fn wait_for(&self, text: &str) {
        let until = Instant::now() + Duration::from_secs(20);
        while !self.output().contains(text) {
            assert!(Instant::now() < until, "no {text:?} in:\n{}", self.output());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_exit(&mut self) -> std::process::ExitStatus {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < until, "still running:\n{}", self.output());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn local_modes(&self) -> LocalModes {
        tcgetattr(&self.slave).unwrap().local_modes
    }

    /// The output after the program entered the alternate screen.
    pub fn after_start(&self) -> String {
        let output = self.output();
        match output.find("\x1b[?1049h") {
            Some(at) => output[at..].to_owned(),
            None => output,
        }
    }
}
