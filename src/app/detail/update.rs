//! The detail view's handlers: opening the selected record's tree (an alert's with its
//! context asked for), moving and folding in it, and the reference lists shown as one tree.

use super::Reply;
use crate::app::{Action, App, Body, Cmd, DetailState, Level};
use crate::domain::{LoadFailure, ReferenceLists, Resource};
use crate::json::tree::Tree;

impl App {
    /// Opens the selected record's detail; for an alert, asks for its customer's context.
    pub(crate) fn open_detail(&mut self) -> Vec<Cmd> {
        match self.list(self.pane).open_detail() {
            Some(Ok(mut detail)) => {
                if self.pane == Resource::Outflow {
                    detail.alert = self.panes.outflow.selected_record().cloned().map(Box::new);
                }
                self.body = Body::Detail(Box::new(detail));
                let rows = self.detail_rows();
                if let Some(detail) = self.detail_mut() {
                    detail.scroll(rows);
                }
                self.want_context(false)
            }
            Some(Err(e)) => {
                self.flash(Level::Error, e.to_string());
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// An action in the detail view: the tree's own, or back to where it was opened from.
    pub(crate) fn on_detail_action(&mut self, action: Action) {
        let rows = self.detail_rows();
        let Some(detail) = self.detail_mut() else {
            return;
        };
        if detail.on_action(action, rows) == Reply::Back {
            // After a jump to a related record: back to where `x` was pressed; else to the
            // list, which kept its selection while the detail was open.
            if !self.go_back() {
                self.body = Body::List;
            }
        }
    }

    /// `L` on the Operators pane: load the reference lists (labels, ad groups, …).
    pub(crate) fn references(&mut self) -> Vec<Cmd> {
        if self.sources(Resource::Operators).is_empty() {
            return Vec::new();
        }
        self.flash(
            Level::Info,
            self.settings.lang.pick([
                "loading labels, ad groups and custom attributes…",
                "正在加载标签、广告组和自定义属性…",
            ]),
        );
        vec![Cmd::FetchReferences]
    }

    /// Opens the reference lists as one tree: a branch per list, a subtree per entry.
    pub(crate) fn on_references(&mut self, lists: Result<ReferenceLists, LoadFailure>) {
        let lists = match lists {
            Ok(lists) => lists,
            Err(error) => return self.flash(Level::Error, error.to_string()),
        };
        let mut document = serde_json::Map::new();
        for (name, records) in lists {
            let items = records
                .iter()
                .map(|r| serde_json::from_str(&r.text()).unwrap_or(serde_json::Value::Null))
                .collect();
            document.insert(name.name().to_owned(), serde_json::Value::Array(items));
        }
        let tree = Tree::from_json(&serde_json::Value::Object(document));
        let mut detail = DetailState::of_tree(
            Resource::Operators,
            super::Shows::ReferenceLists,
            "youmi",
            "labels, ad groups, custom attributes",
            tree,
        );
        detail.scroll(self.detail_rows());
        self.flash = None;
        self.body = Body::Detail(Box::new(detail));
    }
}
