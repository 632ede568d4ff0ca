//! A selection in a short list that shows `rows` of its items at a time (the related records,
//! the messages): the moves every such list takes, in one place.

use crate::engine::keymap::Action;

/// The selected item and the first on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves for a movement key over `count` items, `rows` on screen, keeping the selection
    /// on screen; false for any other action (left to the list's owner).
    pub fn step(&mut self, action: Action, count: usize, rows: usize) -> bool {
        let (at, last, page) = (self.selected, count.saturating_sub(1), rows.max(1));
        self.selected = match action {
            Action::Down => (at + 1).min(last),
            Action::Up => at.saturating_sub(1),
            Action::PageDown => (at + page).min(last),
            Action::PageUp => at.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_within_the_list_and_the_selection_on_screen() {
        let mut cursor = Cursor::default();
        assert!(cursor.step(Action::Down, 10, 3));
        assert!(cursor.step(Action::PageDown, 10, 3));
        assert_eq!(
            cursor,
            Cursor {
                selected: 4,
                offset: 2
            }
        );
        assert!(cursor.step(Action::Bottom, 10, 3));
        assert_eq!(
            cursor,
            Cursor {
                selected: 9,
                offset: 7
            }
        );
        assert!(cursor.step(Action::Down, 10, 3));
        assert_eq!(cursor.selected, 9);
        assert!(cursor.step(Action::Top, 10, 3));
        assert_eq!(cursor, Cursor::default());
        assert!(!cursor.step(Action::Open, 10, 3));
        // An empty list stays at 0.
        assert!(cursor.step(Action::Bottom, 0, 3));
        assert_eq!(cursor, Cursor::default());
    }
}
