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
    /// Applies a message. Whether the screen needs drawing again is decided here and only
    /// here: after anything but the clock and the mouse, yes; after a tick, when something
    /// shown reads differently; after the mouse, when it did something.
    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let (commands, redraw) = match msg {
            Msg::Tick(now) => self.on_tick(now),
            Msg::Mouse(mouse) => (Vec::new(), self.on_mouse(mouse)),
            Msg::Key(key) => (self.on_key(key), true),
            Msg::Paste(text) => (self.on_paste(&text), true),
            Msg::Resize { width, height } => {
                self.on_resize(width, height);
                (Vec::new(), true)
            }
            Msg::Load(event) => (self.on_load(*event), true),
            Msg::Cached { records, age } => {
                self.on_cached(records, age);
                self.count_open();
                (Vec::new(), true)
            }
            Msg::CacheRead(resource) => (self.on_cache_read(resource), true),
            Msg::Copied { what, outcome } => {
                self.on_copied(&what, outcome);
                (Vec::new(), true)
            }
            Msg::Exported(result) => {
                self.on_exported(result);
                (Vec::new(), true)
            }
            Msg::Quit => (vec![Cmd::Quit], false),
        };
        self.dirty |= redraw;
        commands
    }

    /// A fetch task's report, to the feature it concerns.
    fn on_load(&mut self, event: LoadEvent) -> Vec<Cmd> {
        let cmds = self.route_load(event);
        self.count_open();
        self.refresh_tallies();
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
            LoadEvent::Announced => return self.live.on_announced(self.now).into_iter().collect(),
            LoadEvent::TriageLog(log) => {
                let answer = self.triage.on_log(log, self.settings.lang);
                return self.apply_triage(answer);
            }
            LoadEvent::Triaged { alert, result } => {
                let (shown, lang) = (&self.panes.outflow.records, self.settings.lang);
                let answer = self.triage.on_triaged((&alert, result), shown, lang);
                return self.apply_triage(answer);
            }
            LoadEvent::TimelinePosted { done, result } => self.on_timeline_posted(done, result),
            LoadEvent::TriageAnnounced => return vec![self.triage.on_announced()],
            LoadEvent::TriageMe(me) => self.on_triage_me(me),
            LoadEvent::Listening(listening) => self.live.listening = Some(listening),
            LoadEvent::Sync(state) => self.live.sync = Some(state),
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
    }

    /// The clock: labels that read differently, the spinner, a flash expiring, what is due;
    /// and whether any of it shows.
    fn on_tick(&mut self, now: Instant) -> (Vec<Cmd>, bool) {
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
        let mut changed = labels(self, self.now) != labels(self, now);
        // The wall clock moves with the monotonic one (a clock change is not a time jump here).
        self.wall +=
            chrono::Duration::from_std(now.saturating_duration_since(self.now)).unwrap_or_default();
        self.now = now;
        if self.is_loading() {
            self.spinner = self.spinner.wrapping_add(1);
            changed = true;
        }
        if self.flash.as_ref().is_some_and(|f| now >= f.until) {
            self.flash = None;
            changed = true;
        }
        changed |= self.live.expire(now);
        let mut commands: Vec<Cmd> = self.refresh_due(now);
        commands.extend(self.live.poll_if_due(now));
        if self.settings.weiban_timeline {
            let alerts = &self.panes.outflow.records;
            commands.extend(self.triage.post_due((now, self.wall), alerts));
        }
        // Whatever starts now shows (a spinner, a countdown gone).
        changed |= !commands.is_empty();
        (commands, changed)
    }
}
