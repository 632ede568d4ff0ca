//! Keys in the messages window, and the flashes that fill it.

use super::{Message, MessagesView};
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

    /// Keys while the messages window is open: move, `y` copies the message, others close.
    pub(crate) fn on_messages_key(&mut self, action: Option<Action>) -> Vec<Cmd> {
        let rows = self.messages_rows().max(1);
        let last = self.messages.len().saturating_sub(1);
        let Some(Overlay::Messages(view)) = &mut self.overlay else {
            return Vec::new();
        };
        let at = view.selected;
        view.selected = match action {
            Some(Action::Down) => (at + 1).min(last),
            Some(Action::Up) => at.saturating_sub(1),
            Some(Action::PageDown) => (at + rows).min(last),
            Some(Action::PageUp) => at.saturating_sub(rows),
            Some(Action::Top) => 0,
            Some(Action::Bottom) => last,
            Some(Action::CopyId | Action::CopyJson) => return self.copy_message(),
            _ => {
                self.overlay = None;
                return Vec::new();
            }
        };
        if view.selected < view.offset {
            view.offset = view.selected;
        } else if view.selected >= view.offset + rows {
            view.offset = view.selected + 1 - rows;
        }
        Vec::new()
    }

    /// `y` in the window: the selected message's whole text, with its time and place.
    fn copy_message(&mut self) -> Vec<Cmd> {
        let Some(Overlay::Messages(view)) = &self.overlay else {
            return Vec::new();
        };
        let Some(message) = self.messages.get(view.selected) else {
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
