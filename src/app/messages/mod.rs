//! `:messages`: this session's flashes, newest first, each in full (a flash is cut to one
//! line), with its time, level and — for a failed call — vendor, endpoint and code; `y`
//! copies the one selected.

mod update;

#[cfg(test)]
mod tests;

use std::collections::VecDeque;

use chrono::{DateTime, Utc};

use super::Level;
use super::cursor::Cursor;
use crate::domain::LoadFailure;
use crate::engine::keymap::Action;

/// Messages kept for the session: enough for a day's failures, bounded for a week's run.
pub const KEPT: usize = 1_000;

/// One flash as it was said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub at: DateTime<Utc>,
    pub level: Level,
    /// The vendor (or `database`) of a failed call.
    pub origin: Option<String>,
    pub endpoint: Option<String>,
    /// `HTTP 502`, `errcode 10001`, `timeout`.
    pub code: Option<String>,
    /// The whole text.
    pub text: String,
}

impl Message {
    /// A failed call, said in `text`, with where it happened beside it.
    pub fn of_failure(
        at: DateTime<Utc>,
        level: Level,
        failure: &LoadFailure,
        text: String,
    ) -> Message {
        Message {
            at,
            level,
            origin: Some(failure.origin.to_string()),
            endpoint: Some(failure.endpoint.clone()),
            code: Some(failure.code.clone()),
            text,
        }
    }
}

/// This session's messages, newest first.
#[derive(Debug, Default)]
pub struct MessageLog {
    entries: VecDeque<Message>,
}

impl MessageLog {
    pub fn push(&mut self, message: Message) {
        self.entries.push_front(message);
        self.entries.truncate(KEPT);
    }

    /// Newest first.
    pub fn iter(&self) -> impl Iterator<Item = &Message> {
        self.entries.iter()
    }

    pub fn get(&self, index: usize) -> Option<&Message> {
        self.entries.get(index)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The messages window: which one is selected, and the first on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessagesView {
    pub cursor: Cursor,
}

/// What the window asks of the app after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Moved within itself, or nothing.
    Stay,
    /// Copy the selected message.
    Copy,
    Close,
}

impl MessagesView {
    /// A key's action over `count` messages, `rows` of them on screen.
    pub fn on_action(&mut self, action: Option<Action>, count: usize, rows: usize) -> Reply {
        match action {
            Some(action) if self.cursor.step(action, count, rows) => Reply::Stay,
            Some(Action::CopyId | Action::CopyJson) => Reply::Copy,
            _ => Reply::Close,
        }
    }
}
