//! Keys: the keymap's actions in a list, in the detail view and in a popup, and `Shift` + a
//! column's letter to sort. Keys typed into the input line are `input`'s.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::columns::{self, Col};
use crate::app::{App, Cmd, PANES, Popup, Prompt};
use crate::domain::Resource;
use crate::engine::keymap::{Action, Key, Lookup};

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return vec![Cmd::Quit];
        }
        if self.input.is_some() {
            return self.on_input_key(key);
        }
        if self.popup.is_some() {
            return self.on_popup_key(key);
        }
        let Some(action) = self.sequence(&key) else {
            return Vec::new();
        };
        if self.related.is_some() {
            return self.on_related_key(action);
        }
        if self.insights.is_some()
            && self.detail.is_none()
            && let Some(action) = action
            && self.on_insights_action(action)
        {
            return Vec::new();
        }
        if let Some(col) = self.sort_column(&key, action) {
            let (rows, locale) = (self.list_rows(), self.locale());
            self.list_mut(self.pane).sort_by(col.key, rows, &locale);
            self.dirty = true;
            return Vec::new();
        }
        let Some(action) = action else {
            return Vec::new();
        };
        if let Some(commands) = self.on_app_action(action) {
            return commands;
        }
        if self.detail.is_some() {
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
            self.dirty = true;
            return None;
        }
        let lookup = self.keymap.lookup(&self.pending_keys, pressed);
        self.dirty |= !self.pending_keys.is_empty();
        self.pending_keys.clear();
        match lookup {
            Lookup::Action(action) => Some(Some(action)),
            Lookup::Pending(keys) => {
                self.pending_keys = keys;
                self.dirty = true;
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
        if self.detail.is_some() || action.is_some_and(Action::in_list) {
            return None;
        }
        columns::of(self.pane).iter().find(|c| c.letter == letter)
    }

    /// The actions that do the same in a list and in the detail view; `None` for the others.
    fn on_app_action(&mut self, action: Action) -> Option<Vec<Cmd>> {
        let commands = match action {
            Action::Quit => vec![Cmd::Quit],
            // In an alert's detail, `r` fetches its context again.
            Action::Refresh if self.detail_alert().is_some() => self.refresh_context(),
            Action::Refresh => self.refresh(),
            Action::Pause => {
                self.toggle_pause();
                Vec::new()
            }
            Action::References if self.pane == Resource::Operators => self.references(),
            Action::Pane(resource) => {
                self.show_pane(resource);
                Vec::new()
            }
            Action::NextPane => {
                self.step_pane(1);
                Vec::new()
            }
            Action::PrevPane => {
                self.step_pane(PANES.len() - 1);
                Vec::new()
            }
            Action::Help => {
                self.open_help();
                Vec::new()
            }
            Action::Command => {
                self.open_input(Prompt::Command, "");
                Vec::new()
            }
            Action::Filter if self.detail.is_none() => {
                let current = self.list(self.pane).query().text().to_owned();
                self.open_input(Prompt::Filter, &current);
                Vec::new()
            }
            Action::Filter => {
                let current = self.detail.as_ref().and_then(|d| d.search.as_ref());
                let current = current.map(|s| s.text.clone()).unwrap_or_default();
                self.open_input(Prompt::Search, &current);
                Vec::new()
            }
            Action::CopyId => self.copy(false),
            Action::CopyJson => self.copy(true),
            Action::ShowValue => {
                self.show_value();
                Vec::new()
            }
            Action::Export => self.export(None, None),
            Action::Related => {
                self.open_related();
                Vec::new()
            }
            Action::Insights => {
                self.open_insights();
                Vec::new()
            }
            _ => return None,
        };
        Some(commands)
    }

    /// `r` and `:refresh`: reload the active pane now.
    pub(super) fn refresh(&mut self) -> Vec<Cmd> {
        self.begin_fetch(self.pane).into_iter().collect()
    }

    pub(super) fn open_help(&mut self) {
        self.popup = Some(Popup::Help { scroll: 0 });
        self.dirty = true;
    }

    /// Switches to a pane, closing a detail view.
    pub(super) fn show_pane(&mut self, resource: Resource) {
        self.back_to = None;
        if self.insights.take().is_some() {
            self.dirty = true;
        }
        if resource != self.pane || self.detail.is_some() {
            self.pane = resource;
            self.detail = None;
            self.dirty = true;
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
        let action = self.keymap.action(&key);
        match action {
            Some(Action::CopyId) => return self.copy(false),
            Some(Action::CopyJson) => return self.copy(true),
            Some(Action::Quit) if matches!(self.popup, Some(Popup::Help { .. })) => {
                self.popup = None;
                self.dirty = true;
                return Vec::new();
            }
            _ => {}
        }
        let page = self.list_rows().max(1) as isize;
        let delta = match action {
            Some(Action::Down) => 1,
            Some(Action::Up) => -1,
            Some(Action::PageDown) => page,
            Some(Action::PageUp) => -page,
            Some(Action::Top) => isize::MIN / 2,
            Some(Action::Bottom) => isize::MAX / 2,
            // Any other key closes the popup.
            _ => {
                self.popup = None;
                self.dirty = true;
                return Vec::new();
            }
        };
        if let Some(Popup::Help { scroll } | Popup::Value { scroll, .. }) = &mut self.popup {
            // The renderer clamps to the content.
            *scroll = scroll.saturating_add_signed(delta).min(100_000);
            self.dirty = true;
        }
        Vec::new()
    }

    fn on_list_action(&mut self, action: Action) -> Vec<Cmd> {
        let rows = self.list_rows();
        let pane = self.list_mut(self.pane);
        let before = pane.position();
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
        if before != pane.position() {
            self.dirty = true;
        }
        Vec::new()
    }

    /// Opens the selected record's detail; for an alert, asks for its customer's context.
    pub(super) fn open_detail(&mut self) -> Vec<Cmd> {
        match self.list(self.pane).open_detail() {
            Some(Ok(mut detail)) => {
                if self.pane == Resource::Outflow {
                    detail.alert = self.outflow.selected_record().cloned().map(Box::new);
                }
                self.detail = Some(detail);
                let rows = self.detail_rows();
                if let Some(detail) = &mut self.detail {
                    detail.scroll(rows);
                }
                self.dirty = true;
                self.want_context()
            }
            Some(Err(e)) => {
                self.flash(crate::app::Level::Error, e);
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    fn on_detail_action(&mut self, action: Action) {
        let rows = self.detail_rows();
        let Some(detail) = &mut self.detail else {
            return;
        };
        let before = (detail.cursor, detail.offset);
        let changed = match action {
            // After a jump to a related record: back to where `x` was pressed.
            Action::Back if self.back_to.is_some() => {
                self.go_back();
                return;
            }
            Action::Back => {
                // The list kept its selection while the detail was open.
                self.detail = None;
                true
            }
            Action::Up => {
                detail.move_by(-1, rows);
                false
            }
            Action::Down => {
                detail.move_by(1, rows);
                false
            }
            Action::PageUp => {
                detail.move_by(-(rows as isize), rows);
                false
            }
            Action::PageDown => {
                detail.move_by(rows as isize, rows);
                false
            }
            Action::Top => {
                detail.move_to(0, rows);
                false
            }
            Action::Bottom => {
                detail.move_to(usize::MAX, rows);
                false
            }
            Action::Open => detail.toggle(rows),
            Action::Expand => detail.expand(rows),
            Action::Collapse => detail.collapse(rows),
            Action::ToggleRaw => detail.toggle_raw(rows),
            Action::ExpandAll => {
                detail.set_all(true, rows);
                true
            }
            Action::CollapseAll => {
                detail.set_all(false, rows);
                true
            }
            Action::SearchNext | Action::SearchPrev => {
                detail.step_match(action == Action::SearchNext, rows)
            }
            // The others act the same everywhere (`on_app_action`), or only in a list.
            _ => false,
        };
        let moved = self
            .detail
            .as_ref()
            .is_none_or(|d| (d.cursor, d.offset) != before);
        if changed || moved {
            self.dirty = true;
        }
    }
}
