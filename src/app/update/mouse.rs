//! The mouse, with `ui.mouse` on: the wheel moves what is in front (a popup's text, the
//! related list, Insights' staff, the detail tree or the list), a click selects a row or
//! toggles a node of the detail tree.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::layout::{self, Areas};
use crate::app::{App, Front};
use crate::engine::keymap::Action;

/// Rows a notch of the wheel moves a list or a tree.
const NOTCH: isize = 3;

impl App {
    /// Whether the mouse did something (moves and releases do nothing).
    pub(crate) fn on_mouse(&mut self, mouse: MouseEvent) -> bool {
        if !self.settings.mouse {
            return false;
        }
        let step = match mouse.kind {
            MouseEventKind::ScrollDown => NOTCH,
            MouseEventKind::ScrollUp => -NOTCH,
            MouseEventKind::Down(MouseButton::Left) => 0,
            _ => return false,
        };
        match self.front() {
            // Typing, or choosing an outcome: the mouse would only move what is hidden.
            Front::Prompt(_) | Front::Picker => return false,
            Front::Help | Front::Value => self.scroll_popup(step),
            // One row a notch: these lists are short.
            Front::Related => {
                if let Some(action) = wheel_action(step) {
                    self.on_related_key(Some(action));
                }
            }
            Front::Messages => {
                if let Some(action) = wheel_action(step) {
                    self.on_messages_key(Some(action));
                }
            }
            Front::Insights => {
                if let Some(action) = wheel_action(step) {
                    self.on_insights_action(action);
                }
            }
            Front::Detail => self.mouse_in_detail(step, mouse.row),
            Front::List => self.mouse_in_list(step, mouse.row),
        }
        true
    }

    fn scroll_popup(&mut self, step: isize) {
        if let Some(popup) = self.popup_mut() {
            popup.scroll(step);
        }
    }

    fn mouse_in_detail(&mut self, step: isize, row: u16) {
        let areas = Areas::new(Rect::new(0, 0, self.width, self.height), false);
        // The tree starts below an alert's summary.
        let summary = layout::summary_height(areas.body.height, self.story_lines().len());
        let rows = self.detail_rows();
        let Some(detail) = self.detail_mut() else {
            return;
        };
        if step != 0 {
            detail.move_by(step, rows);
        } else if let Some(row) = row.checked_sub(areas.body.y + summary + 1) {
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
    }

    fn mouse_in_list(&mut self, step: isize, row: u16) {
        let areas = Areas::new(Rect::new(0, 0, self.width, self.height), false);
        let rows = self.list_rows();
        let pane = self.list_mut(self.pane);
        if step != 0 {
            pane.move_by(step, rows);
        } else if let Some(row) = row.checked_sub(areas.body.y + 2)
            && usize::from(row) < rows
        {
            // Below the border and the header row.
            let (_, offset) = pane.position();
            let index = offset + usize::from(row);
            if index < pane.counts().0 {
                pane.select(index, rows);
            }
        }
    }
}

/// The wheel as a move of one row, for the short lists; a click is none.
fn wheel_action(step: isize) -> Option<Action> {
    match step.signum() {
        1 => Some(Action::Down),
        -1 => Some(Action::Up),
        _ => None,
    }
}
