//! A test driver: an app fed keys, text, loads and the mouse as a user and the fetch tasks
//! would, read back through what the screen shows and what is selected — so tests ask what a
//! user sees, not the model's fields.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::time::Instant;

use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use scrm_tui::app::{App, Cmd, Msg};
use scrm_tui::domain::{LoadEvent, Records, Resource};
use scrm_tui::engine::keymap::Binding;

pub struct Driver {
    pub app: App,
    /// When the driver started: loads finish at this instant.
    pub t0: Instant,
    /// The commands the last step produced.
    pub cmds: Vec<Cmd>,
}

impl Driver {
    /// An app with Weiban configured, started, in a terminal of this size.
    pub fn new(width: u16, height: u16) -> Driver {
        let t0 = Instant::now();
        let mut app = super::app(width, height, t0);
        let cmds = app.start();
        Driver { app, t0, cmds }
    }

    /// Presses keys written as in `[keys]`, separated by spaces: `"3 j j Enter"`, `"Esc"`.
    pub fn press(&mut self, keys: &str) -> &mut Driver {
        let binding = Binding::parse(keys).unwrap_or_else(|e| panic!("{keys}: {e}"));
        self.cmds = binding
            .keys()
            .iter()
            .flat_map(|k| self.app.update(Msg::Key(KeyEvent::new(k.code, k.mods))))
            .collect();
        self
    }

    /// Types text character by character (into a prompt, say).
    pub fn type_text(&mut self, text: &str) -> &mut Driver {
        self.cmds = super::type_text(&mut self.app, text);
        self
    }

    /// A complete load of a pane, answering the fetch it has under way (or a new one).
    pub fn load(&mut self, records: Records) -> &mut Driver {
        let resource = records.resource();
        let generation = self.generation(resource);
        let loaded = super::complete(records, self.t0, Some(1_763_700_060));
        self.cmds = self.app.update(Msg::from(LoadEvent::Loaded {
            resource,
            generation,
            loaded,
        }));
        self
    }

    /// Sends a message as it is (a fetch task's report, say).
    pub fn send(&mut self, msg: Msg) -> &mut Driver {
        self.cmds = self.app.update(msg);
        self
    }

    /// The generation of the pane's fetch under way, starting one when there is none.
    fn generation(&mut self, resource: Resource) -> u64 {
        let under_way = self.cmds.iter().find_map(|cmd| match cmd {
            Cmd::Fetch {
                resource: r,
                generation,
            } if *r == resource => Some(*generation),
            _ => None,
        });
        under_way.unwrap_or_else(|| self.app.list_mut(resource).begin_fetch(self.t0))
    }

    /// The mouse wheel, `notches` down (negative: up), over row 10.
    pub fn wheel(&mut self, notches: i32) -> &mut Driver {
        let kind = if notches < 0 {
            MouseEventKind::ScrollUp
        } else {
            MouseEventKind::ScrollDown
        };
        for _ in 0..notches.unsigned_abs() {
            self.mouse(kind, 10);
        }
        self
    }

    /// A left click on a row of the screen.
    pub fn click(&mut self, row: u16) -> &mut Driver {
        self.mouse(MouseEventKind::Down(MouseButton::Left), row);
        self
    }

    fn mouse(&mut self, kind: MouseEventKind, row: u16) {
        self.app.update(Msg::Mouse(MouseEvent {
            kind,
            column: 10,
            row,
            modifiers: crossterm::event::KeyModifiers::NONE,
        }));
    }

    /// The id of the active pane's selected record.
    pub fn selected_id(&self) -> Option<String> {
        self.app.list(self.app.pane).selected_id()
    }

    /// The selected row of the active pane, and the first row on screen.
    pub fn position(&self) -> (usize, usize) {
        self.app.list(self.app.pane).position()
    }

    /// The whole screen as text (see `common::screen`).
    pub fn screen(&self) -> String {
        super::render_text(&self.app)
    }

    /// The key hints (or the flash) line: the second line from the bottom.
    pub fn hint_line(&self) -> String {
        let screen = self.screen();
        let lines: Vec<&str> = screen.lines().collect();
        // The last line is the reverse-video note; before it the status, then the hints.
        lines
            .len()
            .checked_sub(3)
            .and_then(|i| lines.get(i))
            .map(|l| (*l).to_owned())
            .unwrap_or_default()
    }
}
