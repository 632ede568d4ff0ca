//! Live outflow: a poll for new alerts when one is due, new alerts onto the pane (or into the
//! buffer while paused), highlighted, with the unread count. The live state handles its own
//! messages with the Outflow pane and a few settings borrowed ([`Ctx`]); the app routes them
//! and does what the answer asks ([`Polled`]): tell of a failure, fetch stories, ring.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Live;
use crate::app::pane::{LoadError, PaneState};
use crate::app::{App, Cmd, Level, live, retry};
use crate::domain::{LoadFailure, Loaded, OutflowAlert, Record, Records, Resource};
use crate::i18n::Locale;

/// What live outflow borrows from the app for one message.
pub struct Ctx<'a> {
    pub pane: &'a mut PaneState<OutflowAlert>,
    pub now: Instant,
    /// The rows the pane shows and how its cells read (to keep the selection in view).
    pub view: (usize, Locale),
    /// Whether the Outflow pane is in front: new alerts elsewhere are unread.
    pub in_front: bool,
    pub poll_every: Duration,
    /// Spreads the retries of failed polls.
    pub jitter: &'a mut retry::Jitter,
}

/// What a poll's answer asks of the app.
#[derive(Debug, PartialEq)]
pub enum Polled {
    /// An older poll's answer, or nothing new.
    Nothing,
    /// The poll failed (the pane says so): tell the user.
    Failed(Vec<LoadFailure>),
    /// New alerts, shown or kept while paused: their stories are wanted, the bell rings.
    New(Vec<Arc<OutflowAlert>>),
}

impl Live {
    /// A live outflow poll when one is due: after the first complete load, every
    /// `poll_every`, one at a time, from a little before where the last one ended.
    pub fn poll_if_due(&mut self, now: Instant) -> Option<Cmd> {
        let due = self.next_poll.is_some_and(|at| now >= at);
        let since = self.covered_until? - live::OVERLAP_S;
        if !due || self.polling {
            return None;
        }
        self.generation += 1;
        self.polling = true;
        Some(Cmd::PollOutflow {
            generation: self.generation,
            since,
        })
    }

    /// A poll's answer.
    pub fn on_polled(&mut self, mut ctx: Ctx<'_>, generation: u64, loaded: Loaded) -> Polled {
        if generation != self.generation {
            return Polled::Nothing;
        }
        self.polling = false;
        if let Some(error) = loaded.errors.first() {
            // The window is not advanced: the next poll asks again from the same point, after
            // a wait that grows while the polls keep failing.
            self.failures = self.failures.saturating_add(1);
            let wait = retry::delay(self.failures, ctx.jitter.unit(), error.retry_after())
                .max(ctx.poll_every);
            self.next_poll = Some(ctx.now + wait);
            tracing::warn!(wait_s = wait.as_secs(), "outflow poll: {error}");
            ctx.pane.status.error = Some(LoadError::of(&loaded.errors));
            return Polled::Failed(loaded.errors);
        }
        self.failures = 0;
        // Announced meanwhile: again at once; otherwise a period from now.
        self.next_poll = Some(match std::mem::take(&mut self.announced) {
            true => ctx.now,
            false => ctx.now + ctx.poll_every,
        });
        self.covered_until = loaded.window_end.or(self.covered_until);
        // A complete poll is a successful load: the pane is this fresh.
        ctx.pane.status.loaded_at = Some(loaded.finished_at);
        ctx.pane.status.error = None;
        let Records::Outflow(polled) = loaded.records else {
            return Polled::Nothing;
        };
        let (fresh, changed) = self.sort_out(&ctx.pane.records, polled);
        if !changed.is_empty() {
            self.buffered = live::replace(&self.buffered, &changed);
            let replaced = live::replace(&ctx.pane.records, &changed);
            ctx.pane.replace(replaced, ctx.view.0, &ctx.view.1);
        }
        if fresh.is_empty() {
            return Polled::Nothing;
        }
        tracing::info!(count = fresh.len(), "new outflow alerts");
        if self.paused {
            self.buffered = live::merge(&self.buffered, fresh.clone());
            self.unread += fresh.len();
        } else {
            self.show_alerts(&mut ctx, fresh.clone());
            if !ctx.in_front {
                self.unread += fresh.len();
            }
        }
        Polled::New(fresh)
    }

    /// Puts new alerts on the Outflow pane, highlighted, keeping the selection.
    fn show_alerts(&mut self, ctx: &mut Ctx<'_>, fresh: Vec<Arc<OutflowAlert>>) {
        let until = ctx.now + live::HIGHLIGHT;
        self.highlighted
            .extend(fresh.iter().map(|a| (a.key(), until)));
        let merged = live::merge(&ctx.pane.records, fresh);
        ctx.pane.replace(merged, ctx.view.0, &ctx.view.1);
    }

    /// The source says new alerts were committed (team mode's NOTIFY): poll now rather than
    /// at the next period.
    pub fn on_announced(&mut self, now: Instant) -> Option<Cmd> {
        if self.polling {
            self.announced = true;
            return None;
        }
        if let Some(next) = &mut self.next_poll {
            *next = (*next).min(now);
        }
        self.poll_if_due(now)
    }

    /// `p`: pauses, or resumes with what arrived meanwhile.
    pub fn toggle_pause(&mut self, mut ctx: Ctx<'_>) {
        self.paused = !self.paused;
        if !self.paused {
            let buffered = std::mem::take(&mut self.buffered);
            if !buffered.is_empty() {
                self.show_alerts(&mut ctx, buffered);
            }
            if ctx.in_front {
                self.unread = 0;
            }
        }
    }
}

impl App {
    /// The live state, and what it borrows from the rest of the app.
    pub(crate) fn live_parts(&mut self) -> (&mut Live, Ctx<'_>) {
        let view = (self.list_rows(), self.locale());
        let ctx = Ctx {
            pane: &mut self.panes.outflow,
            now: self.now,
            view,
            in_front: self.pane == Resource::Outflow,
            poll_every: self.settings.poll_every,
            jitter: &mut self.jitter,
        };
        (&mut self.live, ctx)
    }

    /// Routes a poll's answer to the live state and does what it asks.
    pub(crate) fn on_polled(&mut self, generation: u64, loaded: Loaded) -> Vec<Cmd> {
        let (live, ctx) = self.live_parts();
        match live.on_polled(ctx, generation, loaded) {
            Polled::Nothing => Vec::new(),
            Polled::Failed(errors) => {
                let text = errors.first().map(ToString::to_string).unwrap_or_default();
                self.flash_failures(Level::Error, text, &errors);
                Vec::new()
            }
            Polled::New(fresh) => {
                // Their stories, for the few staff look at first; ready when one is opened.
                let vendors = &self.settings.vendors;
                let mut commands = self.contexts.want_live(&fresh, vendors);
                if self.settings.bell {
                    commands.push(Cmd::Bell);
                }
                commands
            }
        }
    }
}
