//! The detail view's state: the record's raw object as a tree, a cursor and a scroll offset.

pub mod search;
mod update;

use crate::app::AppError;
use crate::domain::{OutflowAlert, Record, Resource};
use crate::engine::keymap::Action;
use crate::json::tree::Tree;

/// What a detail view shows, for its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// One record of the pane's resource ("Store").
    Record,
    /// Youmi's reference lists, one branch each.
    ReferenceLists,
}

#[derive(Debug, Clone)]
pub struct DetailState {
    pub resource: Resource,
    pub kind: Shows,
    pub record_id: String,
    /// The record's name, for the title.
    pub title: String,
    pub tree: Tree,
    /// The node under the cursor (an index into the tree, always a visible row).
    pub cursor: usize,
    /// The first visible row on screen (a position in `tree.visible()`).
    pub offset: usize,
    /// The outflow alert shown, whose story the summary tells.
    pub alert: Option<Box<OutflowAlert>>,
    /// `/` in the detail view: what is looked for and where it is.
    pub search: Option<search::Search>,
}

/// What the detail view asks of the app after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Moved, folded or searched within itself, or nothing.
    Stay,
    /// Back to what it was opened from.
    Back,
}

impl DetailState {
    /// An action on the tree, `rows` of it on screen.
    pub fn on_action(&mut self, action: Action, rows: usize) -> Reply {
        match action {
            Action::Back => return Reply::Back,
            Action::Up => self.move_by(-1, rows),
            Action::Down => self.move_by(1, rows),
            Action::PageUp => self.move_by(-(rows as isize), rows),
            Action::PageDown => self.move_by(rows as isize, rows),
            Action::Top => self.move_to(0, rows),
            Action::Bottom => self.move_to(usize::MAX, rows),
            Action::Open => {
                self.toggle(rows);
            }
            Action::Expand => {
                self.expand(rows);
            }
            Action::Collapse => {
                self.collapse(rows);
            }
            Action::ToggleRaw => {
                self.toggle_raw(rows);
            }
            Action::ExpandAll => self.set_all(true, rows),
            Action::CollapseAll => self.set_all(false, rows),
            Action::SearchNext | Action::SearchPrev => {
                self.step_match(action == Action::SearchNext, rows);
            }
            // The others act the same everywhere, or only in a list.
            _ => {}
        }
        Reply::Stay
    }

    pub fn open<R: Record>(record: &R) -> Result<DetailState, AppError> {
        let tree = Tree::parse(&record.raw().text())?;
        let cursor = tree.visible().first().copied().unwrap_or(0);
        Ok(DetailState {
            resource: R::RESOURCE,
            kind: Shows::Record,
            record_id: record.id().to_owned(),
            title: record.title().to_owned(),
            tree,
            cursor,
            offset: 0,
            alert: None,
            search: None,
        })
    }

    /// A detail view of a tree that is not one record (the reference lists).
    pub fn of_tree(
        resource: Resource,
        kind: Shows,
        id: &str,
        title: &str,
        tree: Tree,
    ) -> DetailState {
        let cursor = tree.visible().first().copied().unwrap_or(0);
        DetailState {
            resource,
            kind,
            record_id: id.to_owned(),
            title: title.to_owned(),
            tree,
            cursor,
            offset: 0,
            alert: None,
            search: None,
        }
    }

    /// The scalar under the cursor, with its key: what `y` copies in the tree. A JSON document
    /// inside a string is copied as the string.
    pub fn cursor_value(&self) -> Option<(String, String)> {
        use crate::json::tree::{Label, Value};
        let node = self.tree.node(self.cursor)?;
        let value = match &node.value {
            Value::Str(s) => s.clone(),
            Value::Num(n) => n.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Embedded { raw, .. } => raw.clone(),
            Value::Branch { .. } | Value::Null => return None,
        };
        let label = match &node.label {
            Label::Key(key) => key.clone(),
            Label::Index(i) => format!("[{i}]"),
            Label::Root => String::new(),
        };
        Some((label, value))
    }

    /// The cursor's position among the visible rows.
    pub fn position(&self, rows: &[usize]) -> usize {
        rows.iter().position(|&i| i == self.cursor).unwrap_or(0)
    }

    pub fn move_by(&mut self, delta: isize, height: usize) {
        let rows = self.tree.visible();
        let at = self.position(&rows).saturating_add_signed(delta);
        self.move_to(at, height);
    }

    pub fn move_to(&mut self, position: usize, height: usize) {
        let rows = self.tree.visible();
        let at = position.min(rows.len().saturating_sub(1));
        if let Some(&node) = rows.get(at) {
            self.cursor = node;
        }
        self.scroll(height);
    }

    /// Opens or closes the branch under the cursor.
    pub fn toggle(&mut self, height: usize) -> bool {
        let changed = self.tree.toggle(self.cursor);
        self.scroll(height);
        changed
    }

    /// Opens a closed branch; on an open branch, steps to its first child.
    pub fn expand(&mut self, height: usize) -> bool {
        let Some(node) = self.tree.node(self.cursor) else {
            return false;
        };
        if node.is_open() {
            if node.end > self.cursor + 1 {
                self.cursor += 1;
                self.scroll(height);
                return true;
            }
            return false;
        }
        let changed = self.tree.set_expanded(self.cursor, true);
        self.scroll(height);
        changed
    }

    /// Closes an open branch; elsewhere, steps to the parent.
    pub fn collapse(&mut self, height: usize) -> bool {
        let Some(node) = self.tree.node(self.cursor) else {
            return false;
        };
        let changed = if node.is_open() {
            self.tree.set_expanded(self.cursor, false)
        } else if let Some(parent) = self.tree.parent(self.cursor) {
            self.cursor = parent;
            true
        } else {
            false
        };
        self.scroll(height);
        changed
    }

    pub fn toggle_raw(&mut self, height: usize) -> bool {
        let changed = self.tree.toggle_raw(self.cursor);
        self.scroll(height);
        changed
    }

    pub fn set_all(&mut self, expanded: bool, height: usize) {
        self.tree.set_all(expanded);
        self.scroll(height);
    }

    /// Keeps the cursor on a visible row (its nearest visible ancestor after a collapse) and
    /// that row on screen.
    pub fn scroll(&mut self, height: usize) {
        let rows = self.tree.visible();
        while !rows.contains(&self.cursor) {
            match self.tree.parent(self.cursor) {
                Some(parent) => self.cursor = parent,
                None => {
                    self.cursor = rows.first().copied().unwrap_or(0);
                    break;
                }
            }
        }
        let height = height.max(1);
        let at = self.position(&rows);
        if at < self.offset {
            self.offset = at;
        } else if at >= self.offset + height {
            self.offset = at + 1 - height;
        }
        self.offset = self.offset.min(rows.len().saturating_sub(height));
    }
}
