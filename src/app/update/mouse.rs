//! The mouse, with `ui.mouse` on: the wheel moves the selection, a click selects a row or
//! toggles a node of the detail tree.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::layout::{self, Areas};
use crate::app::{App, Popup};

impl App {
    pub(crate) fn on_mouse(&mut self, mouse: MouseEvent) {
        if !self.settings.mouse || self.input().is_some() {
            return;
        }
        let step = match mouse.kind {
            MouseEventKind::ScrollDown => 3,
            MouseEventKind::ScrollUp => -3,
            MouseEventKind::Down(MouseButton::Left) => 0,
            _ => return,
        };
        if let Some(Popup::Help { scroll } | Popup::Value { scroll, .. }) = self.popup_mut() {
            *scroll = scroll.saturating_add_signed(step);
            self.dirty = true;
            return;
        }
        let areas = Areas::new(Rect::new(0, 0, self.width, self.height), false);
        // The tree starts below an alert's summary.
        let summary = layout::summary_height(areas.body.height, self.story_lines().len());
        let rows = self.detail_rows();
        if let Some(detail) = self.detail_mut() {
            if step != 0 {
                detail.move_by(step, rows);
            } else if let Some(row) = mouse.row.checked_sub(areas.body.y + summary + 1) {
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
}
