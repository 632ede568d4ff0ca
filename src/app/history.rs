//! What was typed into the filter and command prompts, newest last: `↑`/`↓` walk it, and the
//! event loop keeps it in the state directory so it survives a restart.

use serde::{Deserialize, Serialize};

use super::{Input, Prompt};

/// Entries kept per prompt.
pub const KEEP: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct History {
    pub filter: Vec<String>,
    pub command: Vec<String>,
}

impl History {
    pub fn entries(&self, prompt: Prompt) -> &[String] {
        match prompt {
            // A search in the detail view looks for what a filter does: the same names.
            Prompt::Filter | Prompt::Search => &self.filter,
            Prompt::Command => &self.command,
        }
    }

    fn entries_mut(&mut self, prompt: Prompt) -> &mut Vec<String> {
        match prompt {
            Prompt::Filter | Prompt::Search => &mut self.filter,
            Prompt::Command => &mut self.command,
        }
    }

    /// Adds a line as the newest entry (an older copy of it moves up); blank lines are not
    /// kept. Whether anything changed.
    pub fn push(&mut self, prompt: Prompt, line: &str) -> bool {
        let line = line.trim();
        let entries = self.entries_mut(prompt);
        if line.is_empty() || entries.last().is_some_and(|last| last == line) {
            return false;
        }
        entries.retain(|e| e != line);
        entries.push(line.to_owned());
        let over = entries.len().saturating_sub(KEEP);
        entries.drain(..over);
        true
    }
}

/// Where a prompt is in its history: `None` while editing the line being typed.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    at: Option<usize>,
    /// The line being typed, kept while older entries are shown.
    draft: String,
}

/// Which way to walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Older,
    Newer,
}

impl Input {
    /// Shows the next older or newer entry; past the newest, the line that was being typed.
    /// Whether the line changed.
    pub fn walk(&mut self, history: &History, step: Step) -> bool {
        let entries = history.entries(self.prompt);
        let next = match (step, self.walk.at) {
            (Step::Older, None) if !entries.is_empty() => Some(entries.len() - 1),
            (Step::Older, Some(at)) if at > 0 => Some(at - 1),
            (Step::Newer, Some(at)) if at + 1 < entries.len() => Some(at + 1),
            (Step::Newer, Some(_)) => None,
            _ => return false,
        };
        if self.walk.at.is_none() {
            self.walk.draft = self.line().to_owned();
        }
        let line = match next.and_then(|at| entries.get(at)) {
            Some(entry) => entry.clone(),
            None => std::mem::take(&mut self.walk.draft),
        };
        let walk = Walk {
            at: next,
            draft: std::mem::take(&mut self.walk.draft),
        };
        *self = Input::new(self.prompt, &line);
        self.walk = walk;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_unique_newest_last_and_capped() {
        let mut h = History::default();
        assert!(h.push(Prompt::Filter, "zxw"));
        assert!(h.push(Prompt::Filter, "#vip"));
        assert!(!h.push(Prompt::Filter, "#vip "));
        assert!(!h.push(Prompt::Filter, "  "));
        assert!(h.push(Prompt::Filter, "zxw"));
        assert_eq!(h.filter, ["#vip", "zxw"]);
        assert!(h.command.is_empty());
        for i in 0..150 {
            h.push(Prompt::Command, &format!("export {i}.csv"));
        }
        assert_eq!(h.command.len(), KEEP);
        assert_eq!(h.command[0], "export 50.csv");
    }

    #[test]
    fn walking_returns_to_the_draft() {
        let mut h = History::default();
        h.push(Prompt::Command, "stores");
        h.push(Prompt::Command, "export xlsx");
        let mut input = Input::new(Prompt::Command, "cu");
        assert!(input.walk(&h, Step::Older));
        assert_eq!(input.line(), "export xlsx");
        assert!(input.walk(&h, Step::Older));
        assert_eq!(input.line(), "stores");
        assert!(!input.walk(&h, Step::Older));
        assert!(input.walk(&h, Step::Newer));
        assert_eq!(input.line(), "export xlsx");
        assert!(input.walk(&h, Step::Newer));
        assert_eq!(input.line(), "cu");
        assert!(!input.walk(&h, Step::Newer));
    }
}
