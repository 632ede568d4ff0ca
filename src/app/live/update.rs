//! Live outflow: a poll for new alerts when one is due, new alerts onto the pane (or into the
//! buffer while paused), highlighted, with the unread count and the bell.

use std::sync::Arc;
use std::time::Instant;

use crate::app::pane::LoadError;
use crate::app::{App, Cmd, Level, live, retry};
use crate::domain::{Loaded, OutflowAlert, Record, Records, Resource};

impl App {
    /// Starts a live outflow poll when one is due: after the first complete load, every
    /// `poll_every`, one at a time, from a little before where the last one ended.
    pub(crate) fn poll_if_due(&mut self, now: Instant) -> Option<Cmd> {
        let live = &mut self.live;
        let due = live.next_poll.is_some_and(|at| now >= at);
        let since = live.covered_until? - live::OVERLAP_S;
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

    pub(crate) fn on_polled(&mut self, generation: u64, loaded: Loaded) -> Vec<Cmd> {
        if generation != self.live.generation {
            return Vec::new();
        }
        self.live.polling = false;
        if let Some(error) = loaded.errors.first() {
            // The window is not advanced: the next poll asks again from the same point, after
            // a wait that grows while the polls keep failing.
            self.live.failures = self.live.failures.saturating_add(1);
            let wait = retry::delay(self.live.failures, self.jitter.unit(), error.retry_after())
                .max(self.settings.poll_every);
            self.live.next_poll = Some(self.now + wait);
            tracing::warn!(wait_s = wait.as_secs(), "outflow poll: {error}");
            self.panes.outflow.status.error = Some(LoadError::of(&loaded.errors));
            let text = error.to_string();
            self.flash_failures(Level::Error, text, &loaded.errors);
            return Vec::new();
        }
        self.live.failures = 0;
        // Announced meanwhile: again at once; otherwise a period from now.
        self.live.next_poll = Some(if std::mem::take(&mut self.live.announced) {
            self.now
        } else {
            self.now + self.settings.poll_every
        });
        self.live.covered_until = loaded.window_end.or(self.live.covered_until);
        // A complete poll is a successful load: the pane is this fresh.
        self.panes.outflow.status.loaded_at = Some(loaded.finished_at);
        self.panes.outflow.status.error = None;
        let Records::Outflow(polled) = loaded.records else {
            return Vec::new();
        };
        let (fresh, changed) = self.live.sort_out(&self.panes.outflow.records, polled);
        if !changed.is_empty() {
            self.live.buffered = live::replace(&self.live.buffered, &changed);
            let replaced = live::replace(&self.panes.outflow.records, &changed);
            let (rows, locale) = (self.list_rows(), self.locale());
            self.panes.outflow.replace(replaced, rows, &locale);
        }
        if fresh.is_empty() {
            return Vec::new();
        }
        let count = fresh.len();
        tracing::info!(count, "new outflow alerts");
        // Their stories, for the few staff look at first; ready when an alert is opened.
        let mut commands = self.want_live_contexts(&fresh);
        if self.live.paused {
            self.live.buffered = live::merge(&self.live.buffered, fresh);
            self.live.unread += count;
        } else {
            self.show_alerts(fresh);
            if self.pane != Resource::Outflow {
                self.live.unread += count;
            }
        }
        if self.settings.bell {
            commands.push(Cmd::Bell);
        }
        commands
    }

    /// Puts new alerts on the Outflow pane, highlighted, keeping the selection.
    pub(crate) fn show_alerts(&mut self, fresh: Vec<Arc<OutflowAlert>>) {
        let until = self.now + live::HIGHLIGHT;
        self.live
            .highlighted
            .extend(fresh.iter().map(|a| (a.key(), until)));
        let merged = live::merge(&self.panes.outflow.records, fresh);
        let (rows, locale) = (self.list_rows(), self.locale());
        self.panes.outflow.replace(merged, rows, &locale);
    }

    /// The source says new alerts were committed (team mode's NOTIFY): poll now rather than
    /// at the next period.
    pub(crate) fn on_announced(&mut self) -> Vec<Cmd> {
        if self.live.polling {
            self.live.announced = true;
            return Vec::new();
        }
        if let Some(next) = &mut self.live.next_poll {
            *next = (*next).min(self.now);
        }
        self.poll_if_due(self.now).into_iter().collect()
    }

    pub(crate) fn toggle_pause(&mut self) {
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
    }
}
