//! `update`: the only place state changes. Synchronous, no I/O; side effects leave as `Cmd`s.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Cmd, Level, Msg, PANES, age_label};
use crate::app::keymap::Action;
use crate::domain::Resource;
use crate::fetch::{Loaded, Records};

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Resize { width, height } => {
                self.width = width;
                self.height = height;
                let rows = self.list_rows();
                for &resource in PANES {
                    self.list_mut(resource).scroll(rows);
                }
                let rows = self.detail_rows();
                if let Some(detail) = &mut self.detail {
                    detail.scroll(rows);
                }
                self.dirty = true;
                Vec::new()
            }
            Msg::Tick(now) => self.on_tick(now),
            Msg::Polled { generation, loaded } => self.on_polled(generation, loaded),
            Msg::References(lists) => {
                self.on_references(lists);
                Vec::new()
            }
            Msg::Loaded {
                resource,
                generation,
                loaded,
            } => {
                self.on_loaded(resource, generation, loaded);
                Vec::new()
            }
            Msg::Quit => vec![Cmd::Quit],
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return vec![Cmd::Quit];
        }
        let Some(action) = self.keymap.action(&key) else {
            return Vec::new();
        };
        match action {
            Action::Quit => return vec![Cmd::Quit],
            Action::Refresh => return self.begin_fetch(self.pane).into_iter().collect(),
            Action::Pause => {
                self.toggle_pause();
                return Vec::new();
            }
            Action::References if self.pane == Resource::Operators => {
                if !self.sources(Resource::Operators).is_empty() {
                    self.flash(
                        Level::Info,
                        "loading labels, ad groups and custom attributes…",
                    );
                    return vec![Cmd::FetchReferences];
                }
                return Vec::new();
            }
            Action::Pane(n) => {
                self.show_pane(usize::from(n));
                return Vec::new();
            }
            Action::NextPane | Action::PrevPane => {
                let at = PANES.iter().position(|&r| r == self.pane).unwrap_or(0);
                let step = if action == Action::NextPane {
                    1
                } else {
                    PANES.len() - 1
                };
                self.show_pane((at + step) % PANES.len());
                return Vec::new();
            }
            _ => {}
        }
        if self.detail.is_some() {
            self.on_detail_action(action);
        } else {
            self.on_list_action(action);
        }
        Vec::new()
    }

    /// Switches to the pane at `index` in tab order, closing a detail view.
    fn show_pane(&mut self, index: usize) {
        if let Some(&resource) = PANES.get(index)
            && (resource != self.pane || self.detail.is_some())
        {
            self.pane = resource;
            self.detail = None;
            self.dirty = true;
        }
        if self.pane == Resource::Outflow {
            self.live.unread = 0;
        }
    }

    fn on_list_action(&mut self, action: Action) {
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
            Action::Open => {
                self.open_detail();
                return;
            }
            _ => return,
        }
        if before != pane.position() {
            self.dirty = true;
        }
    }

    fn open_detail(&mut self) {
        match self.list(self.pane).open_detail() {
            Some(Ok(mut detail)) => {
                detail.scroll(self.detail_rows());
                self.detail = Some(detail);
                self.dirty = true;
            }
            Some(Err(e)) => self.flash(Level::Error, e),
            None => {}
        }
    }

    fn on_detail_action(&mut self, action: Action) {
        let rows = self.detail_rows();
        let Some(detail) = &mut self.detail else {
            return;
        };
        let before = (detail.cursor, detail.offset);
        let changed = match action {
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
            Action::Refresh
            | Action::Quit
            | Action::Pause
            | Action::References
            | Action::Pane(_)
            | Action::NextPane
            | Action::PrevPane => false,
        };
        let moved = self
            .detail
            .as_ref()
            .is_none_or(|d| (d.cursor, d.offset) != before);
        if changed || moved {
            self.dirty = true;
        }
    }

    fn on_tick(&mut self, now: Instant) -> Vec<Cmd> {
        let age = |app: &App, at: Instant| {
            app.stores
                .loaded_at
                .map(|t| age_label(at.saturating_duration_since(t)))
        };
        if age(self, self.now) != age(self, now) {
            self.dirty = true;
        }
        self.now = now;
        if self.is_loading() {
            self.spinner = self.spinner.wrapping_add(1);
            self.dirty = true;
        }
        if self.flash.as_ref().is_some_and(|f| now >= f.until) {
            self.flash = None;
            self.dirty = true;
        }
        if self.live.expire(now) {
            self.dirty = true;
        }
        self.poll_if_due(now).into_iter().collect()
    }

    /// Starts a live outflow poll when one is due: after the first complete load, every
    /// `poll_every`, one at a time, from a little before where the last one ended.
    fn poll_if_due(&mut self, now: Instant) -> Option<Cmd> {
        let live = &mut self.live;
        let due = live.next_poll.is_some_and(|at| now >= at);
        let since = live.covered_until? - super::live::OVERLAP_S;
        if !due || live.polling {
            return None;
        }
        live.generation += 1;
        live.polling = true;
        Some(Cmd::PollOutflow {
            generation: live.generation,
            since,
        })
    }

    fn on_polled(&mut self, generation: u64, loaded: Loaded) -> Vec<Cmd> {
        if generation != self.live.generation {
            return Vec::new();
        }
        self.live.polling = false;
        self.live.next_poll = Some(self.now + self.live.poll_every);
        if let Some(error) = loaded.errors.first() {
            // The window is not advanced: the next poll asks again from the same point.
            tracing::warn!("outflow poll: {error}");
            self.flash(Level::Error, error.to_string());
            return Vec::new();
        }
        self.live.covered_until = loaded.window_end.or(self.live.covered_until);
        // A complete poll is a successful load: the pane is this fresh.
        self.outflow.loaded_at = Some(loaded.finished_at);
        self.outflow.error = None;
        let Records::Outflow(polled) = loaded.records else {
            return Vec::new();
        };
        let fresh = self.live.fresh(&self.outflow.records, polled);
        if fresh.is_empty() {
            return Vec::new();
        }
        let count = fresh.len();
        tracing::info!(count, "new outflow alerts");
        if self.live.paused {
            self.live.buffered = super::live::merge(&self.live.buffered, fresh);
            self.live.unread += count;
        } else {
            self.show_alerts(fresh);
            if self.pane != Resource::Outflow {
                self.live.unread += count;
            }
        }
        self.dirty = true;
        if self.live.bell {
            vec![Cmd::Bell]
        } else {
            Vec::new()
        }
    }

    /// Puts new alerts on the Outflow pane, highlighted, keeping the selection.
    fn show_alerts(&mut self, fresh: Vec<crate::domain::OutflowAlert>) {
        let until = self.now + super::live::HIGHLIGHT;
        self.live
            .highlighted
            .extend(fresh.iter().map(|a| (crate::domain::Record::key(a), until)));
        let merged = super::live::merge(&self.outflow.records, fresh);
        let rows = self.list_rows();
        self.outflow.replace(merged, rows);
    }

    /// Opens the reference lists as one tree: a branch per list, a subtree per entry.
    fn on_references(
        &mut self,
        lists: Result<Vec<(&'static str, Vec<crate::domain::RawJson>)>, String>,
    ) {
        let lists = match lists {
            Ok(lists) => lists,
            Err(error) => return self.flash(Level::Error, error),
        };
        let mut document = serde_json::Map::new();
        for (name, records) in lists {
            let items = records
                .iter()
                .map(|r| serde_json::from_str(r.as_str()).unwrap_or(serde_json::Value::Null))
                .collect();
            document.insert(name.to_owned(), serde_json::Value::Array(items));
        }
        let tree = crate::json::tree::Tree::from_json(&serde_json::Value::Object(document));
        let mut detail = super::DetailState::of_tree(
            Resource::Operators,
            "Reference lists",
            "youmi",
            "labels, ad groups, custom attributes",
            tree,
        );
        detail.scroll(self.detail_rows());
        self.flash = None;
        self.detail = Some(detail);
        self.dirty = true;
    }

    fn toggle_pause(&mut self) {
        self.live.paused = !self.live.paused;
        if !self.live.paused {
            let buffered = std::mem::take(&mut self.live.buffered);
            if !buffered.is_empty() {
                self.show_alerts(buffered);
            }
            if self.pane == Resource::Outflow {
                self.live.unread = 0;
            }
        }
        self.dirty = true;
    }

    fn on_loaded(&mut self, resource: Resource, generation: u64, loaded: Loaded) {
        let rows = self.list_rows();
        let Loaded {
            records,
            errors,
            skipped,
            finished_at,
            window_end: loaded_window_end,
            ..
        } = loaded;
        let complete = errors.is_empty();
        let error_text = errors.first().map(|first| match errors.len() {
            1 => first.to_string(),
            n => format!("{first} (and {} more)", n - 1),
        });
        if generation != self.list(resource).generation() {
            return; // an older fetch; a newer one is on its way
        }
        if resource == Resource::Outflow && complete {
            // Live polling continues from where this load's window ended.
            self.live.covered_until = loaded_window_end.or(self.live.covered_until);
            self.live.next_poll = Some(self.now + self.live.poll_every);
        }
        let error = error_text.clone();
        match records {
            Records::Stores(r) => self.stores.apply(r, complete, finished_at, error, rows),
            Records::Customers(r) => self.customers.apply(r, complete, finished_at, error, rows),
            Records::Outflow(r) => self.outflow.apply(r, complete, finished_at, error, rows),
            Records::Operators(r) => self.operators.apply(r, complete, finished_at, error, rows),
        }
        for error in &errors {
            tracing::warn!(%resource, "{error}");
        }
        for record in &skipped {
            tracing::warn!(%resource, "{record}");
        }
        if let Some(text) = error_text {
            self.flash(Level::Error, text);
        } else if let Some(first) = skipped.first() {
            let text = match skipped.len() {
                1 => first.to_string(),
                n => format!("{n} records could not be read; first: {first}"),
            };
            self.flash(Level::Warn, text);
        }
        self.dirty = true;
    }
}
