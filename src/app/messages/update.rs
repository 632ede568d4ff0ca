//! Keys in the messages window, and the flashes that fill it.

use super::{Message, MessagesView, Reply};
use crate::app::{App, Cmd, Level, Overlay};
use crate::domain::LoadFailure;
use crate::engine::keymap::Action;

impl App {
    /// `:messages`: the window over the screen, the newest selected.
    pub(crate) fn open_messages(&mut self) {
        self.overlay = Some(Overlay::Messages(MessagesView::default()));
    }

    /// Flashes what went wrong with calls, and keeps each failure whole, with where it
    /// happened, for `:messages` (one failure in the flash's words, several each in its own).
    pub(crate) fn flash_failures(&mut self, level: Level, text: String, failures: &[LoadFailure]) {
        match failures {
            [] => return self.flash(level, text),
            [one] => {
                let message = Message::of_failure(self.wall, level, one, text.clone());
                self.messages.push(message);
            }
            many => {
                for failure in many {
                    let message =
                        Message::of_failure(self.wall, level, failure, failure.to_string());
                    self.messages.push(message);
                }
            }
        }
        self.show_flash(level, text);
    }

    /// Rows of the messages window on screen.
    pub fn messages_rows(&self) -> usize {
        crate::app::layout::messages_rows(self.height)
    }

    /// Keys while the messages window is open: the window's own, then what it asks for.
    pub(crate) fn on_messages_key(&mut self, action: Option<Action>) -> Vec<Cmd> {
        let (count, rows) = (self.messages.len(), self.messages_rows());
        let Some(Overlay::Messages(view)) = &mut self.overlay else {
            return Vec::new();
        };
        match view.on_action(action, count, rows) {
            Reply::Stay => Vec::new(),
            Reply::Copy => self.copy_message(),
            Reply::Close => {
                self.overlay = None;
                Vec::new()
            }
        }
    }

    /// `y` in the window: the selected message's whole text, with its time and place.
    fn copy_message(&mut self) -> Vec<Cmd> {
        let Some(Overlay::Messages(view)) = &self.overlay else {
            return Vec::new();
        };
        let Some(message) = self.messages.get(view.cursor.selected) else {
            return Vec::new();
        };
        let at = message.at.with_timezone(&self.settings.zone);
        let text = format!("{} {}", at.format("%Y-%m-%d %H:%M:%S"), message.text);
        let what = self
            .settings
            .lang
            .pick(["the message", "该消息"])
            .to_owned();
        vec![Cmd::Copy { text, what }]
    }
}
