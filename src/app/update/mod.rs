//! `update`: the only place state changes. Synchronous, no I/O; side effects leave as `Cmd`s.
//! Here each message is routed to what it concerns: keys (by the screen in front) and the
//! mouse, to the folder that handles them — `pane` (loads and retries), `share` (copy and
//! export), `detail`, `related`, `insights`, `live`, `story`, `prompt`. Here too: the resizes
//! and the clock.

mod keys;
mod mouse;

use std::time::Instant;

use super::{App, Cmd, Msg, PANES, freshness};
use crate::domain::{LoadEvent, Resource};

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Key(key) => return self.on_key(key),
            Msg::Mouse(mouse) => self.on_mouse(mouse),
            Msg::Paste(text) => return self.on_paste(&text),
            Msg::Resize { width, height } => self.on_resize(width, height),
            Msg::Tick(now) => return self.on_tick(now),
            Msg::Load(event) => return self.on_load(*event),
            Msg::Cached { records, age } => {
                self.on_cached(records, age);
                self.count_open();
            }
            Msg::CacheRead(resource) => return self.on_cache_read(resource),
            Msg::Copied { what, outcome } => self.on_copied(&what, outcome),
            Msg::Exported(result) => self.on_exported(result),
            Msg::Quit => return vec![Cmd::Quit],
        }
        Vec::new()
    }

    /// A fetch task's report, to the feature it concerns.
    fn on_load(&mut self, event: LoadEvent) -> Vec<Cmd> {
        let cmds = self.route_load(event);
        self.count_open();
        cmds
    }

    fn route_load(&mut self, event: LoadEvent) -> Vec<Cmd> {
        match event {
            LoadEvent::Arrived {
                resource,
                generation,
                records,
                progress,
            } => self.on_arrived(resource, generation, records, progress),
            LoadEvent::Loaded {
                resource,
                generation,
                loaded,
            } => return self.on_loaded(resource, generation, loaded),
            LoadEvent::Polled { generation, loaded } => return self.on_polled(generation, loaded),
            LoadEvent::References(lists) => self.on_references(lists),
            LoadEvent::Context {
                vendor,
                account,
                customer_id,
                context,
            } => return self.on_context(vendor, account, customer_id, context),
            LoadEvent::Announced => return self.on_announced(),
            LoadEvent::TriageLog(log) => self.on_triage_log(log),
            LoadEvent::Triaged { alert, result } => self.on_triaged(&alert, result),
            LoadEvent::TimelinePosted { done, result } => self.on_timeline_posted(done, result),
            LoadEvent::TriageAnnounced => return self.on_triage_announced(),
            LoadEvent::TriageMe(me) => self.on_triage_me(me),
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
        if let Some(detail) = self.detail_mut() {
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
                    let status = pane.status();
                    let retry = match (status.retry_at, r, &status.error) {
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
        commands.extend(self.post_due_timeline(now));
        commands
    }
}
