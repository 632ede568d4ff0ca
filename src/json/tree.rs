//! The detail view's model: a raw vendor object as a collapsible tree.
//!
//! Nodes are stored flat, in document order, each knowing where its subtree ends; a collapsed
//! branch is skipped by jumping to that end. Strings that hold a JSON object or array
//! (`extattr`, `external_profile`, `valueAsText`, …) become [`Value::Embedded`] branches whose
//! children are the decoded document; the raw string stays on the node, one key away.

use serde_json::Value as Json;

use super::lenient;

/// Embedded documents are not decoded below this depth, so hostile input stays bounded.
const MAX_DEPTH: usize = 96;

#[derive(Debug, Clone, PartialEq)]
pub enum Label {
    Root,
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Object,
    Array,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Branch {
        shape: Shape,
        len: usize,
    },
    /// A string whose content is a JSON document; the children are that document's members.
    Embedded {
        raw: String,
        shape: Shape,
        len: usize,
    },
    Str(String),
    /// The number exactly as it was written.
    Num(String),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub depth: usize,
    pub label: Label,
    pub value: Value,
    /// One past the last node of this node's subtree.
    pub end: usize,
    pub expanded: bool,
    /// For an embedded document: show the raw string instead of the decoded children.
    pub raw_shown: bool,
}

impl Node {
    pub fn is_branch(&self) -> bool {
        matches!(self.value, Value::Branch { .. } | Value::Embedded { .. })
    }

    /// Whether the children are on screen.
    pub fn is_open(&self) -> bool {
        self.is_branch() && self.expanded && !self.raw_shown
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    /// Parses a raw vendor object (leniently) into a tree.
    pub fn parse(raw: &str) -> Result<Tree, serde_json::Error> {
        lenient::from_slice::<Json>(raw.as_bytes()).map(|p| Tree::from_json(&p.value))
    }

    pub fn from_json(value: &Json) -> Tree {
        let mut tree = Tree { nodes: Vec::new() };
        tree.push(Label::Root, value, 0);
        if let Some(root) = tree.nodes.first_mut() {
            root.expanded = true;
        }
        tree
    }

    fn push(&mut self, label: Label, value: &Json, depth: usize) {
        let at = self.nodes.len();
        let (node_value, children): (Value, Option<&Json>) = match value {
            Json::Null => (Value::Null, None),
            Json::Bool(b) => (Value::Bool(*b), None),
            Json::Number(n) => (Value::Num(n.to_string()), None),
            Json::String(s) => match (depth < MAX_DEPTH).then(|| lenient::embedded(s)).flatten() {
                Some(doc) => {
                    // The decoded document is owned here; build its children right away.
                    let (shape, len) = shape_of(&doc);
                    self.nodes.push(Node {
                        depth,
                        label,
                        value: Value::Embedded {
                            raw: s.clone(),
                            shape,
                            len,
                        },
                        end: at + 1,
                        expanded: false,
                        raw_shown: false,
                    });
                    self.push_children(&doc, depth + 1);
                    self.close(at);
                    return;
                }
                None => (Value::Str(s.clone()), None),
            },
            Json::Array(_) | Json::Object(_) => {
                let (shape, len) = shape_of(value);
                (Value::Branch { shape, len }, Some(value))
            }
        };
        self.nodes.push(Node {
            depth,
            label,
            value: node_value,
            end: at + 1,
            expanded: false,
            raw_shown: false,
        });
        if let Some(children) = children {
            self.push_children(children, depth + 1);
        }
        self.close(at);
    }

    fn push_children(&mut self, value: &Json, depth: usize) {
        match value {
            Json::Object(map) => {
                for (key, child) in map {
                    self.push(Label::Key(key.clone()), child, depth);
                }
            }
            Json::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    self.push(Label::Index(index), child, depth);
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, at: usize) {
        let end = self.nodes.len();
        if let Some(node) = self.nodes.get_mut(at) {
            node.end = end;
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, index: usize) -> Option<&Node> {
        self.nodes.get(index)
    }

    /// The indices of the rows on screen, in order. The root itself is not a row: its members
    /// are the top level of the view.
    pub fn visible(&self) -> Vec<usize> {
        let mut rows = Vec::new();
        let mut i = 1;
        while let Some(node) = self.nodes.get(i) {
            rows.push(i);
            i = if node.is_open() {
                i + 1
            } else {
                node.end.max(i + 1)
            };
        }
        rows
    }

    /// Opens a closed branch or closes an open one. Returns whether anything changed.
    pub fn toggle(&mut self, index: usize) -> bool {
        match self.nodes.get_mut(index) {
            Some(node) if node.is_branch() => {
                if node.raw_shown {
                    node.raw_shown = false;
                    node.expanded = true;
                } else {
                    node.expanded = !node.expanded;
                }
                true
            }
            _ => false,
        }
    }

    pub fn set_expanded(&mut self, index: usize, expanded: bool) -> bool {
        match self.nodes.get_mut(index) {
            Some(node) if node.is_branch() && node.is_open() != expanded => {
                node.expanded = expanded;
                node.raw_shown = false;
                true
            }
            _ => false,
        }
    }

    /// Switches an embedded document between its decoded tree and its raw string.
    pub fn toggle_raw(&mut self, index: usize) -> bool {
        match self.nodes.get_mut(index) {
            Some(node) if matches!(node.value, Value::Embedded { .. }) => {
                node.raw_shown = !node.raw_shown;
                true
            }
            _ => false,
        }
    }

    /// The nearest ancestor that is a row (never the root).
    pub fn parent(&self, index: usize) -> Option<usize> {
        let depth = self.nodes.get(index)?.depth;
        (1..index)
            .rev()
            .find(|&i| self.nodes.get(i).is_some_and(|n| n.depth + 1 == depth))
    }

    /// Opens every branch, or closes every branch but the root.
    pub fn set_all(&mut self, expanded: bool) {
        for node in self.nodes.iter_mut().skip(1) {
            if node.is_branch() {
                node.expanded = expanded;
                node.raw_shown = false;
            }
        }
    }
}

fn shape_of(value: &Json) -> (Shape, usize) {
    match value {
        Json::Array(items) => (Shape::Array, items.len()),
        Json::Object(map) => (Shape::Object, map.len()),
        _ => (Shape::Object, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAW: &str = r#"{"id":249,"name":"店","staff_obj":{"ext_id":"ChenMing","name":"陈明"},
        "extattr":"{\"attrs\": [{\"name\": \"专业\"}]}","tags":[],"big":1703429757388935169,
        "external_profile":"null"}"#;

    fn labels(tree: &Tree) -> Vec<String> {
        tree.visible()
            .into_iter()
            .filter_map(|i| tree.node(i))
            .map(|n| match &n.label {
                Label::Key(k) => format!("{}{k}", " ".repeat(n.depth - 1)),
                Label::Index(i) => format!("{}[{i}]", " ".repeat(n.depth - 1)),
                Label::Root => "root".into(),
            })
            .collect()
    }

    #[test]
    fn keeps_vendor_key_order_and_collapses_branches() {
        let tree = Tree::parse(RAW).unwrap();
        assert_eq!(
            labels(&tree),
            [
                "id",
                "name",
                "staff_obj",
                "extattr",
                "tags",
                "big",
                "external_profile"
            ]
        );
    }

    #[test]
    fn numbers_stay_exact_and_null_string_stays_a_string() {
        let tree = Tree::parse(RAW).unwrap();
        let big = tree.node(tree.visible()[5]).unwrap();
        assert_eq!(big.value, Value::Num("1703429757388935169".into()));
        let profile = tree.node(tree.visible()[6]).unwrap();
        assert_eq!(profile.value, Value::Str("null".into()));
    }

    #[test]
    fn expands_nested_objects_and_embedded_json() {
        let mut tree = Tree::parse(RAW).unwrap();
        let rows = tree.visible();
        assert!(tree.toggle(rows[2]));
        assert!(tree.toggle(rows[3]));
        assert_eq!(
            labels(&tree),
            [
                "id",
                "name",
                "staff_obj",
                " ext_id",
                " name",
                "extattr",
                " attrs",
                "tags",
                "big",
                "external_profile"
            ]
        );
        let attrs = tree.visible()[6];
        tree.toggle(attrs);
        assert_eq!(labels(&tree)[7], "  [0]");
        let extattr = tree.visible()[5];
        assert!(matches!(
            tree.node(extattr).unwrap().value,
            Value::Embedded {
                shape: Shape::Object,
                len: 1,
                ..
            }
        ));
        // The raw string is one key away, and hides the decoded children.
        assert!(tree.toggle_raw(extattr));
        assert_eq!(labels(&tree)[6], "tags");
        assert_eq!(tree.parent(attrs), Some(extattr));
        assert_eq!(tree.parent(extattr), None);
    }

    #[test]
    fn leaves_do_not_toggle() {
        let mut tree = Tree::parse(RAW).unwrap();
        let first = tree.visible()[0];
        assert!(!tree.toggle(first));
        assert!(!tree.toggle_raw(first));
        assert!(!tree.toggle(10_000));
    }

    #[test]
    fn set_all_opens_everything() {
        let mut tree = Tree::parse(RAW).unwrap();
        tree.set_all(true);
        assert_eq!(tree.visible().len(), tree.len() - 1);
        tree.set_all(false);
        assert_eq!(tree.visible().len(), 7);
    }
}
