//! Copying to the clipboard: the system clipboard through one long-lived handle, or OSC 52
//! through the terminal (over SSH, without a display, or when asked to).
//!
//! The native handle is created on first use, never at start-up, and kept for the whole run:
//! on X11 the copied text is served by the process holding it, so dropping it loses the text.
//! Nothing here can end the app; every failure becomes an [`Outcome`] to show.

use std::io::Write;

use crate::app::CopyOutcome as Outcome;
use crate::config::ClipboardMode;
use crate::tui::TuiError;

/// Where a copy goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Native,
    Osc52,
    Off,
}

/// The environment that decides `auto`.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub ssh: bool,
    pub display: bool,
}

impl Env {
    pub fn current() -> Env {
        Env::from_vars(|name| std::env::var_os(name))
    }

    /// From environment variables looked up by `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Env {
        let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
        Env {
            ssh: set("SSH_CONNECTION") || set("SSH_TTY"),
            // macOS and Windows always have a clipboard; elsewhere it needs a display server,
            // X11 or Wayland (arboard speaks Wayland's data-control protocol).
            display: cfg!(any(target_os = "macos", windows))
                || set("DISPLAY")
                || set("WAYLAND_DISPLAY"),
        }
    }
}

/// `auto` uses OSC 52 over SSH (the system clipboard there is the remote machine's) and
/// without a display server, the system clipboard (X11, or Wayland through its data-control
/// protocol) otherwise.
pub fn route(mode: ClipboardMode, env: &Env) -> Route {
    match mode {
        ClipboardMode::Off => Route::Off,
        ClipboardMode::Osc52 => Route::Osc52,
        ClipboardMode::Native => Route::Native,
        ClipboardMode::Auto if env.ssh || !env.display => Route::Osc52,
        ClipboardMode::Auto => Route::Native,
    }
}

/// The OSC 52 sequence that puts `text` in the clipboard (`ESC ] 52 ; c ; base64 ESC \`).
pub fn osc52(text: &str) -> Vec<u8> {
    use crossterm::Command;
    let mut sequence = String::new();
    // Writing into a String cannot fail.
    let _ =
        crossterm::clipboard::CopyToClipboard::to_clipboard_from(text).write_ansi(&mut sequence);
    sequence.into_bytes()
}

pub struct Clipboard {
    mode: ClipboardMode,
    env: Env,
    native: Option<arboard::Clipboard>,
}

impl Clipboard {
    pub fn new(mode: ClipboardMode, env: Env) -> Clipboard {
        Clipboard {
            mode,
            env,
            native: None,
        }
    }

    /// Copies `text`; OSC 52 goes to `terminal`, which the caller writes between frames.
    pub fn copy(&mut self, text: &str, terminal: &mut dyn Write) -> Outcome {
        match route(self.mode, &self.env) {
            Route::Off => Outcome::Off,
            Route::Osc52 => match send(text, terminal) {
                Ok(()) => Outcome::SentToTerminal,
                Err(e) => Outcome::Failed(e.to_string()),
            },
            Route::Native => match self.native_copy(text) {
                Ok(()) => Outcome::Copied,
                // `auto` falls back to the terminal; `native` says it failed.
                Err(e) if self.mode == ClipboardMode::Auto => match send(text, terminal) {
                    Ok(()) => Outcome::SentToTerminalAfter(e.to_string()),
                    Err(_) => Outcome::Failed(e.to_string()),
                },
                Err(e) => Outcome::Failed(e.to_string()),
            },
        }
    }

    fn native_copy(&mut self, text: &str) -> Result<(), TuiError> {
        let native = match &mut self.native {
            Some(native) => native,
            None => self.native.insert(arboard::Clipboard::new()?),
        };
        let result = native.set_text(text).map_err(TuiError::from);
        if result.is_err() {
            // A broken handle (display gone) is rebuilt on the next copy.
            self.native = None;
        }
        result
    }
}

fn send(text: &str, terminal: &mut dyn Write) -> Result<(), TuiError> {
    terminal
        .write_all(&osc52(text))
        .and_then(|()| terminal.flush())
        .map_err(TuiError::Osc52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_bytes_are_exact() {
        // base64("wmABC123") = "d21BQkMxMjM=", base64("门店") = "6Zeo5bqX".
        assert_eq!(osc52("wmABC123"), b"\x1b]52;c;d21BQkMxMjM=\x1b\\");
        assert_eq!(osc52("门店"), b"\x1b]52;c;6Zeo5bqX\x1b\\");
        assert_eq!(osc52(""), b"\x1b]52;c;\x1b\\");
    }

    #[test]
    fn auto_chooses_osc52_over_ssh_and_without_a_display() {
        let env = |ssh, display| Env { ssh, display };
        assert_eq!(route(ClipboardMode::Auto, &env(true, true)), Route::Osc52);
        assert_eq!(route(ClipboardMode::Auto, &env(false, false)), Route::Osc52);
        assert_eq!(route(ClipboardMode::Auto, &env(false, true)), Route::Native);
        assert_eq!(
            route(ClipboardMode::Native, &env(true, false)),
            Route::Native
        );
        assert_eq!(route(ClipboardMode::Osc52, &env(false, true)), Route::Osc52);
        assert_eq!(route(ClipboardMode::Off, &env(false, true)), Route::Off);
    }

    #[test]
    fn a_wayland_or_x11_session_has_a_display_and_ssh_wins() {
        let vars = |set: &'static [(&'static str, &'static str)]| {
            Env::from_vars(move |name| {
                set.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            })
        };
        let auto = |env: &Env| route(ClipboardMode::Auto, env);
        assert_eq!(
            auto(&vars(&[("WAYLAND_DISPLAY", "wayland-0")])),
            Route::Native
        );
        assert_eq!(auto(&vars(&[("DISPLAY", ":0")])), Route::Native);
        assert_eq!(
            auto(&vars(&[
                ("WAYLAND_DISPLAY", "wayland-0"),
                ("SSH_CONNECTION", "1 2 3 4")
            ])),
            Route::Osc52
        );
        assert_eq!(
            auto(&vars(&[("SSH_TTY", "/dev/pts/1"), ("DISPLAY", ":0")])),
            Route::Osc52
        );
        // Set but empty counts as unset.
        let expected = if cfg!(any(target_os = "macos", windows)) {
            Route::Native
        } else {
            Route::Osc52
        };
        assert_eq!(auto(&vars(&[("WAYLAND_DISPLAY", "")])), expected);
    }

    #[test]
    fn osc52_copies_write_the_sequence_and_say_so() {
        let mut clipboard = Clipboard::new(ClipboardMode::Osc52, Env::default());
        let mut terminal = Vec::new();
        assert_eq!(
            clipboard.copy("wmABC123", &mut terminal),
            Outcome::SentToTerminal
        );
        assert_eq!(terminal, osc52("wmABC123"));
        let mut off = Clipboard::new(ClipboardMode::Off, Env::default());
        let mut nothing = Vec::new();
        assert_eq!(off.copy("x", &mut nothing), Outcome::Off);
        assert!(nothing.is_empty());
    }

    #[test]
    fn a_native_failure_without_a_display_falls_back_or_is_reported() {
        // No display in the test environment (CI): arboard cannot connect.
        if std::env::var_os("DISPLAY").is_some() {
            return;
        }
        let mut native = Clipboard::new(ClipboardMode::Native, Env::default());
        let mut terminal = Vec::new();
        assert!(matches!(
            native.copy("x", &mut terminal),
            Outcome::Failed(_)
        ));
        assert!(terminal.is_empty());
        let mut auto = Clipboard::new(
            ClipboardMode::Auto,
            Env {
                ssh: false,
                display: true,
            },
        );
        assert!(matches!(
            auto.copy("x", &mut terminal),
            Outcome::SentToTerminalAfter(_)
        ));
        assert_eq!(terminal, osc52("x"));
    }
}
