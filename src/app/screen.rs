//! Which screen is in front: one [`Body`] and at most one [`Overlay`], and the one answer
//! drawn from them, [`Front`]. Keys, the mouse, drawing and the hint line each `match` the
//! front in full (no `_` arm), so a new view cannot be forgotten by one of them.

use super::detail::DetailState;
use super::insights::InsightsView;
use super::related::RelatedState;
use super::{App, Input, Prompt};
use crate::engine::keymap::Action;

/// What is in front of the user, the one thing keys, the mouse, drawing and the hint line ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    /// The active pane's list.
    List,
    /// A record's raw tree (an alert's story above it).
    Detail,
    /// The related-records window.
    Related,
    /// Outflow's figures.
    Insights,
    /// The help popup.
    Help,
    /// The id and record in a popup, to select by hand.
    Value,
    /// The filter, the command line or the detail search, being typed.
    Prompt(Prompt),
    /// The done picker.
    Picker,
    /// This session's messages.
    Messages,
}

/// What fills the space between the tabs and the status lines.
#[derive(Debug, Clone, Default)]
pub enum Body {
    /// The active pane's list.
    #[default]
    List,
    /// A record's raw tree (an alert's with its story above it), over the active pane.
    Detail(Box<DetailState>),
    /// Outflow's figures, over the Outflow pane (whose filter they use).
    Insights(InsightsView),
    /// The related-records window, drawn over the body `x` was pressed on (kept in its
    /// origin, and shown again on `Esc`).
    Related(Box<RelatedState>),
}

impl Body {
    /// The body on screen beneath a related-records window (itself, for the others).
    pub fn beneath(&self) -> &Body {
        match self {
            Body::Related(related) => related.origin.body.beneath(),
            other => other,
        }
    }

    fn beneath_mut(&mut self) -> &mut Body {
        match self {
            Body::Related(related) => related.origin.body.beneath_mut(),
            other => other,
        }
    }
}

/// A window over the body, or the input line under it: it takes every key while open.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The filter, the command line or the detail search, being typed.
    Prompt(Box<Input>),
    Popup(Popup),
    /// The done picker: an outcome and a note for the alert it was opened on.
    Done(Box<super::triage::DonePicker>),
    /// This session's messages (`:messages`).
    Messages(super::messages::MessagesView),
}

/// A window over the pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help {
        scroll: usize,
    },
    /// The selected id and record, for selecting by hand.
    Value {
        title: String,
        id: String,
        json: String,
        scroll: usize,
    },
}

/// What a popup asks of the app after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PopupReply {
    /// Scrolled, or nothing.
    Stay,
    Close,
    /// Copy the selected id (`json`: the record).
    Copy {
        json: bool,
    },
}

impl Popup {
    /// A key's action, `page` rows a page: scroll; `y`/`Y` copy; any other key closes.
    pub fn on_action(&mut self, action: Option<Action>, page: usize) -> PopupReply {
        let page = page.max(1) as isize;
        let delta = match action {
            Some(Action::CopyId) => return PopupReply::Copy { json: false },
            Some(Action::CopyJson) => return PopupReply::Copy { json: true },
            Some(Action::Down) => 1,
            Some(Action::Up) => -1,
            Some(Action::PageDown) => page,
            Some(Action::PageUp) => -page,
            Some(Action::Top) => isize::MIN / 2,
            Some(Action::Bottom) => isize::MAX / 2,
            _ => return PopupReply::Close,
        };
        self.scroll(delta);
        PopupReply::Stay
    }

    /// Scrolls by `delta` lines; the renderer clamps to the content.
    pub fn scroll(&mut self, delta: isize) {
        let (Popup::Help { scroll } | Popup::Value { scroll, .. }) = self;
        *scroll = scroll.saturating_add_signed(delta).min(100_000);
    }
}

impl App {
    /// What is in front: an overlay over everything, else the body.
    pub fn front(&self) -> Front {
        match &self.overlay {
            Some(Overlay::Prompt(input)) => Front::Prompt(input.prompt),
            Some(Overlay::Popup(Popup::Help { .. })) => Front::Help,
            Some(Overlay::Popup(Popup::Value { .. })) => Front::Value,
            Some(Overlay::Done(_)) => Front::Picker,
            Some(Overlay::Messages(_)) => Front::Messages,
            None => match &self.body {
                Body::List => Front::List,
                Body::Detail(_) => Front::Detail,
                Body::Insights(_) => Front::Insights,
                Body::Related(_) => Front::Related,
            },
        }
    }

    /// The detail view on screen (beneath a related-records window too).
    pub fn detail(&self) -> Option<&DetailState> {
        match self.body.beneath() {
            Body::Detail(detail) => Some(detail),
            _ => None,
        }
    }

    pub(crate) fn detail_mut(&mut self) -> Option<&mut DetailState> {
        match self.body.beneath_mut() {
            Body::Detail(detail) => Some(detail),
            _ => None,
        }
    }

    /// The Insights view on screen (beneath a related-records window too).
    pub fn insights_view(&self) -> Option<&InsightsView> {
        match self.body.beneath() {
            Body::Insights(view) => Some(view),
            _ => None,
        }
    }

    /// The related-records window, when open.
    pub fn related(&self) -> Option<&RelatedState> {
        match &self.body {
            Body::Related(related) => Some(related),
            _ => None,
        }
    }

    /// The prompt being typed.
    pub fn input(&self) -> Option<&Input> {
        match &self.overlay {
            Some(Overlay::Prompt(input)) => Some(input),
            _ => None,
        }
    }

    /// The popup, when open.
    pub fn popup(&self) -> Option<&Popup> {
        match &self.overlay {
            Some(Overlay::Popup(popup)) => Some(popup),
            _ => None,
        }
    }

    pub(crate) fn popup_mut(&mut self) -> Option<&mut Popup> {
        match &mut self.overlay {
            Some(Overlay::Popup(popup)) => Some(popup),
            _ => None,
        }
    }
}
