//! `update`: the only place state changes. Synchronous, no I/O; side effects leave as `Cmd`s.
//! One file per behaviour: keys, the input line, the mouse, loads and retries, live outflow,
//! and copy and export with their toasts. Here: the dispatch, resizes and the clock.

mod context;
mod input;
mod insights;
mod keys;
mod live;
mod loads;
mod mouse;
mod related;
mod toasts;

use std::time::Instant;

use super::{App, Cmd, Msg, PANES, freshness};
use crate::domain::Resource;

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Key(key) => return self.on_key(key),
            Msg::Mouse(mouse) => self.on_mouse(mouse),
            Msg::Paste(text) => return self.on_paste(&text),
            Msg::Resize { width, height } => self.on_resize(width, height),
            Msg::Tick(now) => return self.on_tick(now),
            Msg::Arrived {
                resource,
                generation,
                records,
                progress,
            } => self.on_arrived(resource, generation, records, progress),
            Msg::Loaded {
                resource,
                generation,
                loaded,
            } => return self.on_loaded(resource, generation, loaded),
            Msg::Cached { records, age } => self.on_cached(records, age),
            Msg::References(lists) => self.on_references(lists),
            Msg::Polled { generation, loaded } => return self.on_polled(generation, loaded),
            Msg::Copied { what, outcome } => self.on_copied(&what, outcome),
            Msg::Exported(result) => self.on_exported(result),
            Msg::Context {
                vendor,
                customer_id,
                context,
            } => self.on_context(vendor, customer_id, context),
            Msg::Announced => return self.on_announced(),
            Msg::Quit => return vec![Cmd::Quit],
        }
        Vec::new()
    }

    fn on_resize(&mut self, width: u16, height: u16) {
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
                    (freshness::text(app, pane, r, at), retry)
                })
                .collect()
        };
        if labels(self, self.now) != labels(self, now) {
            self.dirty = true;
        }
        // The wall clock moves with the monotonic one (a clock change is not a time jump here).
        self.wall +=
            chrono::Duration::from_std(now.saturating_duration_since(self.now)).unwrap_or_default();
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
}
