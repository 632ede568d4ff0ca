//! Keys: the keymap's actions in a list, in the detail view and in a popup, and `Shift` + a
//! column's letter to sort. Keys typed into the input line are `input`'s.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::columns::{self, Col};
use crate::app::screen::PopupReply;
use crate::app::{App, Body, Cmd, Front, Overlay, PANES, Popup, Prompt};
use crate::domain::Resource;
use crate::engine::keymap::{Action, Key, Lookup};

impl App {
    pub(crate) fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return vec![Cmd::Quit];
        }
        let front = self.front();
        // Overlays take every key, the typed ones included: no keymap sequence there.
        match front {
            Front::Prompt(_) => return self.on_input_key(key),
            Front::Help | Front::Value => return self.on_popup_key(key),
            Front::Picker => return self.on_picker_key(key),
            Front::Messages => {
                let action = self.settings.keymap.action(&key);
                return self.on_messages_key(action);
            }
            Front::List | Front::Detail | Front::Insights | Front::Related => {}
        }
        let Some(action) = self.sequence(&key) else {
            return Vec::new();
        };
        match front {
            Front::Related => self.on_related_key(action),
            Front::Insights => match action {
                Some(action) if self.on_insights_action(action) => Vec::new(),
                // Insights passes what it does not use to the Outflow list beneath it.
                _ => self.on_body_key(&key, action, false),
            },
            Front::Detail => self.on_body_key(&key, action, true),
            Front::List => self.on_body_key(&key, action, false),
            Front::Prompt(_) | Front::Help | Front::Value | Front::Picker | Front::Messages => {
                Vec::new()
            }
        }
    }

    /// A key in the list or the detail view: a sort letter, an action of both, or one of the
    /// view's own.
    fn on_body_key(&mut self, key: &KeyEvent, action: Option<Action>, detail: bool) -> Vec<Cmd> {
        if !detail && let Some(col) = self.sort_column(key, action) {
            let (rows, locale) = (self.list_rows(), self.locale());
            self.list_mut(self.pane).sort_by(col.key, rows, &locale);
            return Vec::new();
        }
        let Some(action) = action else {
            return Vec::new();
        };
        if let Some(commands) = self.on_app_action(action) {
            return commands;
        }
        if detail {
            self.on_detail_action(action);
            Vec::new()
        } else {
            self.on_list_action(action)
        }
    }

    /// The action of the key with the keys pressed before it (`g g`); `None` while a sequence
    /// waits for its next key (shown in the status line) or after `Esc` cancelled it.
    fn sequence(&mut self, key: &KeyEvent) -> Option<Option<Action>> {
        let pressed = Key::from_event(key);
        if !self.pending_keys.is_empty() && key.code == KeyCode::Esc {
            self.pending_keys.clear();
            return None;
        }
        let lookup = self.settings.keymap.lookup(&self.pending_keys, pressed);
        self.pending_keys.clear();
        match lookup {
            Lookup::Action(action) => Some(Some(action)),
            Lookup::Pending(keys) => {
                self.pending_keys = keys;
                None
            }
            Lookup::Nothing => Some(None),
        }
    }

    /// In a list, `Shift` + a column's letter sorts by it, unless the key does something there.
    fn sort_column(&self, key: &KeyEvent, action: Option<Action>) -> Option<&'static Col> {
        let KeyCode::Char(letter @ 'A'..='Z') = key.code else {
            return None;
        };
        if action.is_some_and(Action::in_list) {
            return None;
        }
        columns::shown(self.pane, self.many_accounts())
            .into_iter()
            .find(|c| c.letter == letter)
    }

    /// The actions that do the same in a list and in the detail view; `None` for the others.
    fn on_app_action(&mut self, action: Action) -> Option<Vec<Cmd>> {
        let commands = match action {
            Action::Quit => vec![Cmd::Quit],
            // In an alert's detail, `r` fetches its context again.
            Action::Refresh if self.detail_alert().is_some() => self.want_context(true),
            Action::Refresh => self.refresh(),
            Action::References if self.pane == Resource::Operators => self.references(),
            Action::CopyId => self.copy(false),
            Action::CopyJson => self.copy(true),
            Action::Export => self.export(None, None),
            Action::Claim => self.triage(crate::domain::triage::Action::Claim),
            Action::Done => self.open_done_picker(),
            _ => return self.on_view_action(action).then(Vec::new),
        };
        Some(commands)
    }

    /// The actions of [`on_app_action`](Self::on_app_action) that only change what is on
    /// screen; whether `action` was one.
    fn on_view_action(&mut self, action: Action) -> bool {
        match action {
            Action::Pause => {
                let (live, ctx) = self.live_parts();
                live.toggle_pause(ctx);
            }
            Action::Pane(resource) => self.show_pane(resource),
            Action::NextPane => self.step_pane(1),
            Action::PrevPane => self.step_pane(PANES.len() - 1),
            Action::Help => self.open_help(),
            Action::Command => self.open_input(Prompt::Command, ""),
            Action::Filter if self.detail().is_none() => {
                let current = self.list(self.pane).query().text().to_owned();
                self.open_input(Prompt::Filter, &current);
            }
            Action::Filter => {
                let current = self.detail().and_then(|d| d.search.as_ref());
                let current = current.map(|s| s.text.clone()).unwrap_or_default();
                self.open_input(Prompt::Search, &current);
            }
            Action::ShowValue => self.show_value(),
            Action::Related => self.open_related(),
            Action::Insights => self.open_insights(),
            _ => return false,
        }
        true
    }

    /// `r` and `:refresh`: reload the active pane now.
    pub(crate) fn refresh(&mut self) -> Vec<Cmd> {
        self.begin_fetch(self.pane).into_iter().collect()
    }

    pub(crate) fn open_help(&mut self) {
        self.overlay = Some(Overlay::Popup(Popup::Help { scroll: 0 }));
    }

    /// Switches to a pane, closing a detail view.
    pub(crate) fn show_pane(&mut self, resource: Resource) {
        self.back_to = None;
        if resource != self.pane || !matches!(self.body, Body::List) {
            self.pane = resource;
            self.body = Body::List;
        }
        if self.pane == Resource::Outflow {
            self.live.unread = 0;
        }
    }

    /// The pane `step` places further in tab order, round.
    fn step_pane(&mut self, step: usize) {
        let at = PANES.iter().position(|&r| r == self.pane).unwrap_or(0);
        if let Some(&resource) = PANES.get((at + step) % PANES.len()) {
            self.show_pane(resource);
        }
    }

    /// Keys while a popup is open: scroll it, close it; in the value popup `y`/`Y` still copy.
    fn on_popup_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let action = self.settings.keymap.action(&key);
        let page = self.list_rows();
        let Some(popup) = self.popup_mut() else {
            return Vec::new();
        };
        match popup.on_action(action, page) {
            PopupReply::Stay => Vec::new(),
            PopupReply::Copy { json } => self.copy(json),
            PopupReply::Close => {
                self.overlay = None;
                Vec::new()
            }
        }
    }

    fn on_list_action(&mut self, action: Action) -> Vec<Cmd> {
        let rows = self.list_rows();
        let pane = self.list_mut(self.pane);
        match action {
            Action::Up => pane.move_by(-1, rows),
            Action::Down => pane.move_by(1, rows),
            Action::PageUp => pane.move_by(-(rows as isize), rows),
            Action::PageDown => pane.move_by(rows as isize, rows),
            Action::Top => pane.select(0, rows),
            Action::Bottom => pane.select(usize::MAX, rows),
            Action::Open => return self.open_detail(),
            // Esc in a list clears a kept filter.
            Action::Back if !pane.query().is_empty() => {
                self.set_query("");
                return Vec::new();
            }
            _ => return Vec::new(),
        }
        Vec::new()
    }
}
