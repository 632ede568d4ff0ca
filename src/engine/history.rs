//! What was typed into the filter and command prompts, newest last: `↑`/`↓` walk it, and the
//! event loop keeps it in the state directory so it survives a restart.

use serde::{Deserialize, Serialize};

/// Entries kept per prompt.
pub const KEEP: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct History {
    pub filter: Vec<String>,
    pub command: Vec<String>,
}

/// Which history a prompt keeps: a search in the detail view looks for what a filter does,
/// so it shares the filter's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Filter,
    Command,
}

impl History {
    pub fn entries(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Filter => &self.filter,
            Kind::Command => &self.command,
        }
    }

    fn entries_mut(&mut self, kind: Kind) -> &mut Vec<String> {
        match kind {
            Kind::Filter => &mut self.filter,
            Kind::Command => &mut self.command,
        }
    }

    /// Adds a line as the newest entry (an older copy of it moves up); blank lines are not
    /// kept. Whether anything changed.
    pub fn push(&mut self, kind: Kind, line: &str) -> bool {
        let line = line.trim();
        let entries = self.entries_mut(kind);
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

impl Walk {
    /// The line to show after a step through `entries` from the line `typed`: the next older
    /// or newer entry; past the newest, the line that was being typed. `None` when there is
    /// nowhere to go.
    pub fn step(&mut self, entries: &[String], typed: &str, step: Step) -> Option<String> {
        let next = match (step, self.at) {
            (Step::Older, None) if !entries.is_empty() => Some(entries.len() - 1),
            (Step::Older, Some(at)) if at > 0 => Some(at - 1),
            (Step::Newer, Some(at)) if at + 1 < entries.len() => Some(at + 1),
            (Step::Newer, Some(_)) => None,
            _ => return None,
        };
        if self.at.is_none() {
            self.draft = typed.to_owned();
        }
        self.at = next;
        Some(match next.and_then(|at| entries.get(at)) {
            Some(entry) => entry.clone(),
            None => std::mem::take(&mut self.draft),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_unique_newest_last_and_capped() {
        let mut h = History::default();
        assert!(h.push(Kind::Filter, "zxw"));
        assert!(h.push(Kind::Filter, "#vip"));
        assert!(!h.push(Kind::Filter, "#vip "));
        assert!(!h.push(Kind::Filter, "  "));
        assert!(h.push(Kind::Filter, "zxw"));
        assert_eq!(h.filter, ["#vip", "zxw"]);
        assert!(h.command.is_empty());
        for i in 0..150 {
            h.push(Kind::Command, &format!("export {i}.csv"));
        }
        assert_eq!(h.command.len(), KEEP);
        assert_eq!(h.command[0], "export 50.csv");
    }

    #[test]
    fn walking_returns_to_the_draft() {
        let mut h = History::default();
        h.push(Kind::Command, "stores");
        h.push(Kind::Command, "export xlsx");
        let entries = h.entries(Kind::Command);
        let mut walk = Walk::default();
        let mut line = String::from("cu");
        let mut step = |line: &mut String, step| match walk.step(entries, line, step) {
            Some(next) => {
                *line = next;
                true
            }
            None => false,
        };
        assert!(step(&mut line, Step::Older));
        assert_eq!(line, "export xlsx");
        assert!(step(&mut line, Step::Older));
        assert_eq!(line, "stores");
        assert!(!step(&mut line, Step::Older));
        assert!(step(&mut line, Step::Newer));
        assert_eq!(line, "export xlsx");
        assert!(step(&mut line, Step::Newer));
        assert_eq!(line, "cu");
        assert!(!step(&mut line, Step::Newer));
    }
}
