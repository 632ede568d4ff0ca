//! `update`: the only place state changes. Synchronous, no I/O; side effects leave as `Cmd`s.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Cmd, Input, Level, Msg, PANES, Popup, Prompt};
use crate::app::keymap::Action;
use crate::domain::Resource;
use crate::domain::{Loaded, Records};

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
            Msg::Arrived {
                resource,
                generation,
                records,
                progress,
            } => {
                self.on_arrived(resource, generation, records, progress);
                Vec::new()
            }
            Msg::Loaded {
                resource,
                generation,
                loaded,
            } => self.on_loaded(resource, generation, loaded),
            Msg::Mouse(mouse) => {
                self.on_mouse(mouse);
                Vec::new()
            }
            Msg::Copied { what, outcome } => {
                self.on_copied(&what, outcome);
                Vec::new()
            }
            Msg::Exported(result) => {
                match result {
                    Ok((path, rows)) => {
                        let text = match self.lang {
                            crate::i18n::Lang::En => {
                                format!(
                                    "exported {} rows to {}",
                                    crate::i18n::text::count(rows),
                                    path.display()
                                )
                            }
                            crate::i18n::Lang::Zh => {
                                format!(
                                    "已导出 {} 行到 {}",
                                    crate::i18n::text::count(rows),
                                    path.display()
                                )
                            }
                        };
                        self.flash(Level::Info, text);
                    }
                    Err(e) => self.flash(Level::Error, e),
                }
                Vec::new()
            }
            Msg::Cached { records, age } => {
                self.on_cached(records, age);
                Vec::new()
            }
            Msg::Quit => vec![Cmd::Quit],
        }
    }

    /// The toast after a copy says what really happened.
    fn on_copied(&mut self, what: &str, outcome: super::CopyOutcome) {
        use super::CopyOutcome as Outcome;
        let en = self.lang == crate::i18n::Lang::En;
        let v = self.keymap.hint(Action::ShowValue);
        let (level, text) = match outcome {
            Outcome::Copied => (
                Level::Info,
                if en {
                    format!("copied {what}")
                } else {
                    format!("已复制 {what}")
                },
            ),
            Outcome::SentToTerminal => (
                Level::Info,
                if en {
                    format!(
                        "sent {what} to the terminal (OSC 52) — {v} shows it if it did not arrive"
                    )
                } else {
                    format!("已通过终端 (OSC 52) 发送 {what}；若未收到，按 {v} 查看")
                },
            ),
            Outcome::SentToTerminalAfter(e) => (
                Level::Warn,
                if en {
                    format!("system clipboard failed ({e}); sent {what} to the terminal (OSC 52)")
                } else {
                    format!("系统剪贴板失败（{e}）；已通过终端 (OSC 52) 发送 {what}")
                },
            ),
            Outcome::Off => (
                Level::Warn,
                if en {
                    format!("clipboard is off (ui.clipboard); {v} shows the value")
                } else {
                    format!("剪贴板已关闭 (ui.clipboard)；按 {v} 查看")
                },
            ),
            Outcome::Failed(e) => (
                Level::Error,
                if en {
                    format!("could not copy: {e}; {v} shows the value")
                } else {
                    format!("复制失败：{e}；按 {v} 查看")
                },
            ),
        };
        self.flash(level, text);
    }

    /// The offline cache, read at start: shown until the first load completes.
    fn on_cached(&mut self, records: Records, age: std::time::Duration) {
        let (rows, locale, now) = (self.list_rows(), self.locale(), self.now);
        let cached = super::pane::Cached { age, read_at: now };
        macro_rules! show {
            ($pane:expr, $records:expr) => {
                $pane.show_cached($records, cached, rows, &locale)
            };
        }
        match records {
            Records::Stores(r) => show!(self.stores, r),
            Records::Customers(r) => show!(self.customers, r),
            Records::Outflow(r) => show!(self.outflow, r),
            Records::Operators(r) => show!(self.operators, r),
        }
        self.dirty = true;
    }

    /// With `ui.mouse`: the wheel moves the selection, a click selects a row or toggles a
    /// node of the detail tree.
    fn on_mouse(&mut self, mouse: crossterm::event::MouseEvent) {
        use crossterm::event::{MouseButton, MouseEventKind};
        if !self.mouse || self.input.is_some() {
            return;
        }
        let step = match mouse.kind {
            MouseEventKind::ScrollDown => 3,
            MouseEventKind::ScrollUp => -3,
            MouseEventKind::Down(MouseButton::Left) => 0,
            _ => return,
        };
        if let Some(Popup::Help { scroll } | Popup::Value { scroll, .. }) = &mut self.popup {
            *scroll = scroll.saturating_add_signed(step);
            self.dirty = true;
            return;
        }
        let areas = crate::app::layout::Areas::new(
            ratatui::layout::Rect::new(0, 0, self.width, self.height),
            false,
        );
        if let Some(detail) = &mut self.detail {
            let rows = crate::app::layout::detail_rows(self.width, self.height);
            if step != 0 {
                detail.move_by(step, rows);
            } else if let Some(row) = mouse.row.checked_sub(areas.body.y + 1) {
                let visible = detail.tree.visible();
                if let Some(&node) = visible.get(detail.offset + usize::from(row))
                    && usize::from(row) < rows
                {
                    if detail.cursor == node {
                        detail.toggle(rows);
                    } else {
                        detail.cursor = node;
                    }
                }
            }
            self.dirty = true;
            return;
        }
        let rows = self.list_rows();
        let pane = self.list_mut(self.pane);
        if step != 0 {
            pane.move_by(step, rows);
        } else if let Some(row) = mouse.row.checked_sub(areas.body.y + 2)
            && usize::from(row) < rows
        {
            // Below the border and the header row.
            let (_, offset) = pane.position();
            let index = offset + usize::from(row);
            if index < pane.counts().0 {
                pane.select(index, rows);
            }
        }
        self.dirty = true;
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return vec![Cmd::Quit];
        }
        if self.input.is_some() {
            return self.on_input_key(key);
        }
        if self.popup.is_some() {
            return self.on_popup_key(key);
        }
        let action = self.keymap.action(&key);
        // In a list, `Shift` + a column's letter sorts, unless the key does something there.
        if self.detail.is_none()
            && action.is_none_or(|a| !a.in_list())
            && let KeyCode::Char(letter @ 'A'..='Z') = key.code
            && let Some(col) = crate::app::columns::of(self.pane)
                .iter()
                .find(|c| c.letter == letter)
        {
            let (rows, locale) = (self.list_rows(), self.locale());
            self.list_mut(self.pane).sort_by(col.key, rows, &locale);
            self.dirty = true;
            return Vec::new();
        }
        let Some(action) = action else {
            return Vec::new();
        };
        match action {
            Action::Quit => return vec![Cmd::Quit],
            Action::Refresh => return self.refresh(),
            Action::Pause => {
                self.toggle_pause();
                return Vec::new();
            }
            Action::References if self.pane == Resource::Operators => {
                if !self.sources(Resource::Operators).is_empty() {
                    self.flash(
                        Level::Info,
                        self.tr([
                            "loading labels, ad groups and custom attributes…",
                            "正在加载标签、广告组和自定义属性…",
                        ]),
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
            Action::Help => {
                self.popup = Some(Popup::Help { scroll: 0 });
                self.dirty = true;
                return Vec::new();
            }
            Action::Command => {
                self.open_input(Prompt::Command, "");
                return Vec::new();
            }
            Action::Filter if self.detail.is_none() => {
                let current = self.list(self.pane).query().text().to_owned();
                self.open_input(Prompt::Filter, &current);
                return Vec::new();
            }
            Action::CopyId => return self.copy(false),
            Action::CopyJson => return self.copy(true),
            Action::ShowValue => {
                self.show_value();
                return Vec::new();
            }
            Action::Export => return self.export(crate::domain::output::Format::Csv, None),
            _ => {}
        }
        if self.detail.is_some() {
            self.on_detail_action(action);
        } else {
            self.on_list_action(action);
        }
        Vec::new()
    }

    /// `r` and `:refresh`: reload the active pane now.
    fn refresh(&mut self) -> Vec<Cmd> {
        self.begin_fetch(self.pane).into_iter().collect()
    }

    fn open_input(&mut self, prompt: Prompt, text: &str) {
        self.input = Some(Input::new(prompt, text));
        // The input line takes a row from the list.
        let rows = self.list_rows();
        self.list_mut(self.pane).scroll(rows);
        self.dirty = true;
    }

    fn close_input(&mut self) {
        self.input = None;
        let rows = self.list_rows();
        self.list_mut(self.pane).scroll(rows);
        self.dirty = true;
    }

    /// Keys while the filter or command line is open: editing keys go to the text area
    /// (with its Emacs-style shortcuts); Enter and Esc end it; Tab completes a command.
    fn on_input_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Some(input) = &mut self.input else {
            return Vec::new();
        };
        let prompt = input.prompt;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let enter =
            key.code == KeyCode::Enter || (ctrl && matches!(key.code, KeyCode::Char('m' | 'j')));
        self.dirty = true;
        if enter {
            let line = input.line().trim().to_owned();
            self.close_input();
            return match prompt {
                // The filter stays as it is.
                Prompt::Filter => Vec::new(),
                Prompt::Command if line.is_empty() => Vec::new(),
                Prompt::Command => self.run_command(&line),
            };
        }
        if key.code == KeyCode::Esc {
            self.close_input();
            if prompt == Prompt::Filter {
                self.set_query("");
            }
            return Vec::new();
        }
        if prompt == Prompt::Command && key.code == KeyCode::Tab {
            if let Some(full) = super::command::complete(input.line()) {
                *input = Input::new(Prompt::Command, &format!("{full} "));
            }
            return Vec::new();
        }
        if matches!(key.code, KeyCode::Tab | KeyCode::BackTab) {
            return Vec::new();
        }
        let before = input.line().to_owned();
        input.text.input(key);
        let after = input.line().to_owned();
        if prompt == Prompt::Filter && after != before {
            self.set_query(&after);
        }
        Vec::new()
    }

    fn set_query(&mut self, text: &str) {
        let (rows, locale) = (self.list_rows(), self.locale());
        let query = super::filter::Query::parse(text);
        self.list_mut(self.pane).set_query(query, rows, &locale);
        self.dirty = true;
    }

    fn run_command(&mut self, line: &str) -> Vec<Cmd> {
        use super::command::{self, Command};
        match command::parse(line) {
            Ok(Command::Pane(resource)) => {
                let index = PANES.iter().position(|&r| r == resource).unwrap_or(0);
                self.show_pane(index);
                Vec::new()
            }
            Ok(Command::Export { format, path }) => self.export(format, path),
            Ok(Command::Refresh) => self.refresh(),
            Ok(Command::Help) => {
                self.popup = Some(Popup::Help { scroll: 0 });
                Vec::new()
            }
            Ok(Command::Quit) => vec![Cmd::Quit],
            Err(e) => {
                self.flash(Level::Error, format!(":{line} — {e}"));
                Vec::new()
            }
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

    /// `y` / `Y`: the selected id, or the record as JSON (in a list, as `get` prints it; in
    /// the detail view, the vendor's raw object).
    fn copy(&mut self, json: bool) -> Vec<Cmd> {
        let locale = self.locale();
        let pane = self.list(self.pane);
        let (text, what) = match (&self.detail, json) {
            // In the tree: the value under the cursor; on a branch, the record's id.
            (Some(detail), false) => match detail.cursor_value() {
                Some((label, value)) => {
                    let what = format!("{label} {}", crate::i18n::text::truncate(&value, 40));
                    (value, what)
                }
                None => (detail.record_id.clone(), format!("id {}", detail.record_id)),
            },
            (Some(detail), true) => match pane.selected_raw() {
                Some((id, raw)) if id == detail.record_id => (
                    raw,
                    format!("{} {id}", self.tr(["raw JSON of", "原始 JSON："])),
                ),
                _ => return Vec::new(),
            },
            (None, false) => match pane.selected_id() {
                Some(id) => (id.clone(), format!("id {id}")),
                None => return Vec::new(),
            },
            (None, true) => match (pane.selected_json(&locale), pane.selected_id()) {
                (Some(text), Some(id)) => {
                    (text, format!("{} {id}", self.tr(["JSON of", "JSON："])))
                }
                _ => return Vec::new(),
            },
        };
        vec![Cmd::Copy { text, what }]
    }

    /// `v`: the selected id and record in a popup, to select by hand when no clipboard works.
    fn show_value(&mut self) {
        let locale = self.locale();
        let pane = self.list(self.pane);
        let (Some(id), Some(json)) = (pane.selected_id(), pane.selected_json(&locale)) else {
            return;
        };
        let title = super::names::title(self.pane, self.lang).to_owned();
        self.popup = Some(Popup::Value {
            title,
            id,
            json,
            scroll: 0,
        });
        self.dirty = true;
    }

    fn export(
        &mut self,
        format: crate::domain::output::Format,
        path: Option<std::path::PathBuf>,
    ) -> Vec<Cmd> {
        if self.list(self.pane).counts().0 == 0 {
            self.flash(
                Level::Warn,
                self.tr(["nothing to export: no rows shown", "没有可导出的行"]),
            );
            return Vec::new();
        }
        vec![Cmd::Export {
            resource: self.pane,
            format,
            path,
        }]
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
            // Esc in a list clears a kept filter.
            Action::Back if !pane.query().is_empty() => {
                self.set_query("");
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
            | Action::PrevPane
            | Action::Filter
            | Action::Command
            | Action::Help
            | Action::CopyId
            | Action::CopyJson
            | Action::ShowValue
            | Action::Export => false,
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
        // Redraw when a freshness label would read differently.
        let labels = |app: &App, at: Instant| -> Vec<(Option<String>, Option<u64>)> {
            PANES
                .iter()
                .map(|&r| {
                    let pane = app.list(r);
                    // The countdown to the next attempt after a failure (a poll, for outflow).
                    let retry = match (pane.retry_at(), r, pane.error()) {
                        (Some(due), _, _) => Some(due),
                        (None, Resource::Outflow, Some(_)) => app.live.next_poll,
                        _ => None,
                    }
                    .map(|due| due.saturating_duration_since(at).as_secs());
                    (crate::app::freshness::text(app, pane, r, at), retry)
                })
                .collect()
        };
        if labels(self, self.now) != labels(self, now) {
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
        let mut commands: Vec<Cmd> = self.refresh_due(now);
        commands.extend(self.poll_if_due(now));
        commands
    }

    /// Periodic refresh: a pane reloads one period after its last attempt. Outflow keeps
    /// itself fresh by polling once its first load succeeded; until then it retries too.
    fn refresh_due(&mut self, now: Instant) -> Vec<Cmd> {
        let mut due = Vec::new();
        for &resource in PANES {
            let pane = self.list(resource);
            let Some(period) = self.period(resource) else {
                continue;
            };
            if resource == Resource::Outflow && pane.loaded_at().is_some() {
                continue;
            }
            let due_at = match pane.retry_at() {
                // After a failure: the backoff decides, not the period.
                Some(retry_at) => Some(retry_at),
                None => pane.attempted_at().map(|at| at + period),
            };
            if !pane.is_loading() && due_at.is_some_and(|at| now >= at) {
                due.push(resource);
            }
        }
        due.into_iter()
            .filter_map(|r| self.begin_fetch(r))
            .collect()
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
        if let Some(error) = loaded.errors.first() {
            // The window is not advanced: the next poll asks again from the same point, after
            // a wait that grows while the polls keep failing.
            self.live.failures = self.live.failures.saturating_add(1);
            let wait =
                super::retry::delay(self.live.failures, self.jitter.unit(), error.retry_after())
                    .max(self.live.poll_every);
            self.live.next_poll = Some(self.now + wait);
            tracing::warn!(wait_s = wait.as_secs(), "outflow poll: {error}");
            self.outflow.error = Some(load_error(&loaded.errors));
            self.flash(Level::Error, error.to_string());
            return Vec::new();
        }
        self.live.failures = 0;
        self.live.next_poll = Some(self.now + self.live.poll_every);
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

    /// After a failed load: the next attempt backs off, and waits out a rate-limit block.
    /// A configuration error is not retried; it needs the user.
    fn schedule_retry(&mut self, resource: Resource, errors: &[crate::domain::LoadFailure]) {
        if !errors.iter().any(|e| e.is_transient()) {
            return;
        }
        let floor = errors.iter().filter_map(|e| e.retry_after()).max();
        let unit = self.jitter.unit();
        let now = self.now;
        let pane = self.list_mut(resource);
        let wait = super::retry::delay(pane.failures(), unit, floor);
        pane.set_retry_at(now + wait);
        tracing::info!(%resource, wait_s = wait.as_secs(), "retrying after a failed load");
    }

    /// Puts new alerts on the Outflow pane, highlighted, keeping the selection.
    fn show_alerts(&mut self, fresh: Vec<crate::domain::OutflowAlert>) {
        let until = self.now + super::live::HIGHLIGHT;
        self.live
            .highlighted
            .extend(fresh.iter().map(|a| (crate::domain::Record::key(a), until)));
        let merged = super::live::merge(&self.outflow.records, fresh);
        let (rows, locale) = (self.list_rows(), self.locale());
        self.outflow.replace(merged, rows, &locale);
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
                .map(|r| serde_json::from_str(&r.text()).unwrap_or(serde_json::Value::Null))
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

    /// Records of a fetch under way.
    fn on_arrived(
        &mut self,
        resource: Resource,
        generation: u64,
        records: Records,
        progress: crate::domain::Progress,
    ) {
        if generation != self.list(resource).generation() {
            return; // an older fetch's
        }
        let (rows, locale) = (self.list_rows(), self.locale());
        match records {
            Records::Stores(r) => self.stores.arrive(r, progress, rows, &locale),
            Records::Customers(r) => self.customers.arrive(r, progress, rows, &locale),
            Records::Outflow(r) => self.outflow.arrive(r, progress, rows, &locale),
            Records::Operators(r) => self.operators.arrive(r, progress, rows, &locale),
        }
        self.dirty = true;
    }

    /// A fetch finished; a complete one is saved for the next start.
    fn on_loaded(&mut self, resource: Resource, generation: u64, loaded: Loaded) -> Vec<Cmd> {
        let rows = self.list_rows();
        let Loaded {
            records,
            errors,
            skipped,
            pages,
            expected_pages,
            finished_at,
            window_end: loaded_window_end,
        } = loaded;
        let complete = errors.is_empty();
        let error = (!complete).then(|| load_error(&errors));
        let pages = super::pane::Pages {
            got: pages,
            expected: expected_pages,
        };
        if generation != self.list(resource).generation() {
            return Vec::new(); // an older fetch; a newer one is on its way
        }
        if resource == Resource::Outflow && complete {
            // Live polling continues from where this load's window ended.
            self.live.covered_until = loaded_window_end.or(self.live.covered_until);
            self.live.next_poll = Some(self.now + self.live.poll_every);
        }
        let locale = self.locale();
        macro_rules! apply {
            ($pane:expr, $records:expr) => {
                $pane.apply(
                    super::pane::Applied {
                        records: $records,
                        complete,
                        finished_at,
                        error: error.clone(),
                        pages,
                    },
                    rows,
                    &locale,
                )
            };
        }
        match records {
            Records::Stores(r) => apply!(self.stores, r),
            Records::Customers(r) => apply!(self.customers, r),
            Records::Outflow(r) => apply!(self.outflow, r),
            Records::Operators(r) => apply!(self.operators, r),
        }
        for error in &errors {
            tracing::warn!(%resource, "{error}");
        }
        for record in &skipped {
            tracing::warn!(%resource, "{record}");
        }
        if let Some(error) = error {
            self.schedule_retry(resource, &errors);
            self.flash(Level::Error, error.message);
        } else if let Some(first) = skipped.first() {
            let text = match skipped.len() {
                1 => first.to_string(),
                n => format!("{n} records could not be read; first: {first}"),
            };
            self.flash(Level::Warn, text);
        }
        self.dirty = true;
        if complete {
            vec![Cmd::SaveCache(resource)]
        } else {
            Vec::new()
        }
    }
}

/// The pane's view of a load's errors: a short summary and every message in full.
fn load_error(errors: &[crate::domain::LoadFailure]) -> super::pane::LoadError {
    let Some(first) = errors.first() else {
        return super::pane::LoadError {
            summary: String::new(),
            message: String::new(),
        };
    };
    let more = match errors.len() {
        1 => String::new(),
        n => format!(" (+{} more)", n - 1),
    };
    super::pane::LoadError {
        summary: format!("{} {}{more}", first.vendor, first.code),
        message: errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    }
}
