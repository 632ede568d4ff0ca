//! The line under the table: the filter (`/`, applied on every keystroke), the command line
//! (`:`, run on Enter, Tab completes) and the detail search, with their history.

#[cfg(test)]
mod tests;
mod update;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::engine::command;
use crate::engine::history::{self, Step};

/// What the one-line input under the table is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// `/`: the filter of the active pane, applied on every keystroke.
    Filter,
    /// `:`: a command, run on Enter.
    Command,
    /// `/` in the detail view: a text among the keys and values, found as it is typed.
    Search,
}

impl Prompt {
    /// The history the prompt walks and adds to.
    pub fn history(self) -> history::Kind {
        match self {
            Prompt::Filter | Prompt::Search => history::Kind::Filter,
            Prompt::Command => history::Kind::Command,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Input {
    pub prompt: Prompt,
    pub text: TextArea<'static>,
    /// Where `↑`/`↓` are in the prompt's history.
    walk: history::Walk,
}

impl Input {
    pub fn new(prompt: Prompt, text: &str) -> Input {
        let mut area = TextArea::new(vec![text.to_owned()]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Input {
            prompt,
            text: area,
            walk: history::Walk::default(),
        }
    }

    /// The one line typed.
    pub fn line(&self) -> &str {
        self.text.lines().first().map_or("", String::as_str)
    }

    /// Shows the next older or newer entry of the prompt's history; past the newest, the
    /// line that was being typed. Whether the line changed.
    pub fn walk(&mut self, history: &history::History, step: history::Step) -> bool {
        let entries = history.entries(self.prompt.history());
        let mut walk = std::mem::take(&mut self.walk);
        let line = walk.step(entries, self.line(), step);
        if let Some(line) = &line {
            *self = Input::new(self.prompt, line);
        }
        self.walk = walk;
        line.is_some()
    }

    /// A key while the line is open: editing keys go to the text area (with its Emacs-style
    /// shortcuts), `↑`/`↓` walk the history, Tab completes a command (`accounts`: the names
    /// `:account` takes); Enter and Esc end it.
    pub fn on_key(
        &mut self,
        key: KeyEvent,
        history: &history::History,
        accounts: &[&str],
    ) -> InputReply {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if key.code == KeyCode::Enter || (ctrl && matches!(key.code, KeyCode::Char('m' | 'j'))) {
            return InputReply::Submit(self.line().trim().to_owned());
        }
        let step = match key.code {
            KeyCode::Up => Some(Step::Older),
            KeyCode::Down => Some(Step::Newer),
            _ => None,
        };
        if let Some(step) = step {
            return match self.walk(history, step) {
                true => InputReply::Changed(self.line().to_owned()),
                false => InputReply::Stay,
            };
        }
        match key.code {
            KeyCode::Esc => return InputReply::Cancel,
            KeyCode::Tab if self.prompt == Prompt::Command => {
                if let Some(full) = command::complete(self.line(), accounts) {
                    *self = Input::new(Prompt::Command, &format!("{full} "));
                }
                return InputReply::Stay;
            }
            KeyCode::Tab | KeyCode::BackTab => return InputReply::Stay,
            _ => {}
        }
        let before = self.line().to_owned();
        self.text.input(key);
        match self.line() != before {
            true => InputReply::Changed(self.line().to_owned()),
            false => InputReply::Stay,
        }
    }
}

/// What the input line asks of the app after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputReply {
    Stay,
    /// The line now reads this: the filter or the search follows it.
    Changed(String),
    /// Enter, with the line (trimmed).
    Submit(String),
    /// Esc.
    Cancel,
}
