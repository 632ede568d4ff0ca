//! `/` in the detail view: find a text among the tree's keys and values, every node of it
//! (closed branches too); `n`/`N` step through the matches, opening the branches above one.

use super::DetailState;
use crate::json::tree::{Label, Tree, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// As typed.
    pub text: String,
    /// Lower case, what is looked for.
    needle: String,
    /// The matching nodes, in tree order.
    pub matches: Vec<usize>,
}

impl Search {
    fn new(tree: &Tree, text: &str) -> Search {
        let needle = text.trim().to_lowercase();
        let matches = if needle.is_empty() {
            Vec::new()
        } else {
            (1..tree.len())
                .filter(|&i| {
                    tree.node(i)
                        .is_some_and(|n| node_text(n).any(|t| contains(t, &needle)))
                })
                .collect()
        };
        Search {
            text: text.to_owned(),
            needle,
            matches,
        }
    }

    /// What is looked for, lower case (empty: nothing).
    pub fn needle(&self) -> &str {
        &self.needle
    }

    /// Which of the matches `node` is (0-based), if it is one.
    pub fn index_of(&self, node: usize) -> Option<usize> {
        self.matches.binary_search(&node).ok()
    }
}

/// The texts of a node a search looks at: its key and its scalar value.
fn node_text(node: &crate::json::tree::Node) -> impl Iterator<Item = &str> {
    let key = match &node.label {
        Label::Key(key) => Some(key.as_str()),
        _ => None,
    };
    let value = match &node.value {
        Value::Str(s) => Some(s.as_str()),
        Value::Num(n) => Some(n.as_str()),
        Value::Embedded { raw, .. } if node.raw_shown => Some(raw.as_str()),
        _ => None,
    };
    key.into_iter().chain(value)
}

fn contains(text: &str, needle: &str) -> bool {
    if text.is_ascii() && needle.is_ascii() {
        return text
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
    }
    text.to_lowercase().contains(needle)
}

/// The character positions in `text` where `needle` (lower case) occurs, for highlighting.
pub fn marks(text: &str, needle: &str) -> Vec<usize> {
    let needle: Vec<char> = needle.chars().collect();
    let folded: Vec<char> = text
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    if needle.is_empty() || needle.len() > folded.len() {
        return Vec::new();
    }
    let mut marked = Vec::new();
    let mut at = 0;
    while at + needle.len() <= folded.len() {
        if folded.get(at..at + needle.len()) == Some(needle.as_slice()) {
            marked.extend(at..at + needle.len());
            at += needle.len();
        } else {
            at += 1;
        }
    }
    marked
}

impl DetailState {
    /// Looks for `text`; the cursor goes to the first match at or after it.
    pub fn search(&mut self, text: &str, height: usize) {
        let search = Search::new(&self.tree, text);
        let first = search
            .matches
            .iter()
            .find(|&&m| m >= self.cursor)
            .or(search.matches.first())
            .copied();
        self.search = Some(search);
        if let Some(node) = first {
            self.reveal(node, height);
        }
    }

    /// The next (or previous) match after the cursor, round the end. Whether there was one.
    pub fn step_match(&mut self, forward: bool, height: usize) -> bool {
        let Some(search) = &self.search else {
            return false;
        };
        let cursor = self.cursor;
        let next = if forward {
            let after = search.matches.iter().find(|&&m| m > cursor);
            after.or(search.matches.first())
        } else {
            let before = search.matches.iter().rev().find(|&&m| m < cursor);
            before.or(search.matches.last())
        };
        match next.copied() {
            Some(node) => {
                self.reveal(node, height);
                true
            }
            None => false,
        }
    }

    /// Opens the branches above `node` and puts the cursor on it.
    fn reveal(&mut self, node: usize, height: usize) {
        let mut above = self.tree.parent(node);
        while let Some(parent) = above {
            self.tree.set_expanded(parent, true);
            above = self.tree.parent(parent);
        }
        self.cursor = node;
        self.scroll(height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail() -> DetailState {
        let tree = Tree::parse(
            r#"{"name":"张晓雯","tags":[{"tag_name":"VIP"},{"tag_name":"新客"}],
                "follow":{"staff":{"name":"王芳","remark":"vip 客户"}},"id":1703430000000000001}"#,
        )
        .unwrap();
        DetailState::of_tree(
            crate::domain::Resource::Customers,
            super::super::Shows::Record,
            "x",
            "t",
            tree,
        )
    }

    #[test]
    fn finds_keys_and_values_in_closed_branches_and_steps_round() {
        let mut d = detail();
        d.search("vip", 20);
        let search = d.search.clone().unwrap();
        assert_eq!(search.matches.len(), 2, "the tag value and the remark");
        // The first match is revealed: its branch opened, the cursor on it.
        assert_eq!(d.cursor, search.matches[0]);
        assert!(d.tree.visible().contains(&d.cursor));
        assert!(d.step_match(true, 20));
        assert_eq!(d.cursor, search.matches[1]);
        assert!(
            d.tree.visible().contains(&d.cursor),
            "the nested remark opened"
        );
        assert!(d.step_match(true, 20));
        assert_eq!(d.cursor, search.matches[0], "round the end");
        assert!(d.step_match(false, 20));
        assert_eq!(d.cursor, search.matches[1]);
        // Keys and numbers too.
        d.search("TAG_NAME", 20);
        assert_eq!(d.search.as_ref().unwrap().matches.len(), 2);
        d.search("17034300", 20);
        assert_eq!(d.search.as_ref().unwrap().matches.len(), 1);
        d.search("晓雯", 20);
        assert_eq!(d.search.as_ref().unwrap().matches.len(), 1);
        d.search("nothing here", 20);
        assert!(d.search.as_ref().unwrap().matches.is_empty());
        assert!(!d.step_match(true, 20));
    }

    #[test]
    fn marks_every_occurrence() {
        assert_eq!(marks("VIP 客户 vip", "vip"), vec![0, 1, 2, 7, 8, 9]);
        assert_eq!(marks("张晓雯", "晓雯"), vec![1, 2]);
        assert!(marks("abc", "").is_empty());
    }
}
