//! What the event loop waits on: the terminal's events, the tick, load events, finished side
//! effects and signals, each turned into a message.

use std::time::{Duration, Instant};

use crossterm::event::EventStream;
use futures_util::StreamExt;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::{Interval, MissedTickBehavior};

use super::TuiError;
use super::signals::Signals;
use crate::app::Msg;
use crate::domain::LoadEvent;

/// The tick drives the spinner, freshness labels and flash expiry; it redraws only when one
/// of them changed.
const TICK: Duration = Duration::from_millis(100);

pub struct Inbox {
    events: EventStream,
    tick: Interval,
    loads: UnboundedReceiver<LoadEvent>,
    done: UnboundedReceiver<Msg>,
    signals: Signals,
}

impl Inbox {
    /// `loads` from the fetcher, `done` from the executor's side effects.
    pub fn new(
        loads: UnboundedReceiver<LoadEvent>,
        done: UnboundedReceiver<Msg>,
        signals: Signals,
    ) -> Inbox {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
        Inbox {
            events: EventStream::new(),
            tick,
            loads,
            done,
            signals,
        }
    }

    /// The next message; `None` for a terminal event that means nothing to the app.
    pub async fn next(&mut self) -> Result<Option<Msg>, TuiError> {
        let msg = tokio::select! {
            // Messages first: a pane's cached records arrive before word that its read ended.
            biased;
            event = self.events.next() => match event {
                Some(Ok(event)) => Msg::from_event(event),
                Some(Err(e)) => return Err(TuiError::Input(e)),
                None => Some(Msg::Quit),
            },
            _ = self.tick.tick() => Some(Msg::Tick(Instant::now())),
            Some(event) = self.loads.recv() => Some(Msg::from(event)),
            Some(msg) = self.done.recv() => Some(msg),
            _ = self.signals.recv() => Some(Msg::Quit),
        };
        Ok(msg)
    }

    /// Whatever else has already arrived, to be taken in before the next frame.
    pub fn waiting(&mut self) -> Vec<Msg> {
        let mut msgs = Vec::new();
        while let Ok(event) = self.loads.try_recv() {
            msgs.push(Msg::from(event));
        }
        while let Ok(msg) = self.done.try_recv() {
            msgs.push(msg);
        }
        msgs
    }
}
