//! The `:` command line: the commands, their completion, and parsing.

use std::path::PathBuf;
use std::sync::LazyLock;

use crate::domain::Resource;
use crate::domain::output::Format;
use crate::domain::triage::{Action, Outcome};
use crate::engine::EngineError;

/// The commands, in the order completion offers them: a pane's by its resource's name, then
/// the others.
pub static COMMANDS: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| {
    let panes = Resource::ALL.iter().map(|r| (r.name(), ""));
    panes.chain(OTHER_COMMANDS.iter().copied()).collect()
});

/// The commands besides the panes'.
const OTHER_COMMANDS: &[(&str, &str)] = &[
    ("insights", ""),
    ("account", " [NAME|all]"),
    ("export", " [csv|xlsx|json] [PATH]"),
    ("refresh", ""),
    ("messages", ""),
    ("help", ""),
    ("quit", ""),
];

/// The triage commands, on the outflow alert in front. An abbreviation means one of them only
/// when it means none of the commands above (`:r` stays refresh, `:c` customers).
pub const TRIAGE_COMMANDS: &[(&str, &str)] = &[
    ("claim", ""),
    ("release", ""),
    ("done", " won-back|unreachable|not-ours|other [NOTE…]"),
    ("note", " TEXT"),
    ("reopen", ""),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Pane(Resource),
    Insights,
    /// Without a format: the path's extension, else `ui.export_format`.
    Export {
        format: Option<Format>,
        path: Option<PathBuf>,
    },
    Refresh,
    /// This session's messages, whole.
    Messages,
    Help,
    Quit,
    Triage(Action),
    /// `:account NAME`; empty or `all` for every account.
    Account(String),
}

/// The command a (possibly abbreviated) name stands for: an exact name, or the only command
/// that starts with it. `q` is quit, as in vi.
fn resolve(name: &str) -> Result<&'static str, EngineError> {
    let name = name.to_ascii_lowercase();
    if name == "q" || name == "q!" {
        return Ok("quit");
    }
    let all = || COMMANDS.iter().chain(TRIAGE_COMMANDS).map(|(c, _)| *c);
    if let Some(exact) = all().find(|c| *c == name) {
        return Ok(exact);
    }
    let prefixed = |table: &[(&'static str, &str)]| -> Vec<&'static str> {
        table
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| c.starts_with(&name))
            .collect()
    };
    let mut matching = prefixed(COMMANDS.as_slice());
    if matching.is_empty() {
        matching = prefixed(TRIAGE_COMMANDS);
    }
    match matching.as_slice() {
        [only] => Ok(only),
        [] => Err(EngineError::UnknownCommand(name)),
        many => Err(EngineError::AmbiguousCommand {
            name,
            candidates: many.to_vec(),
        }),
    }
}

/// `done OUTCOME [NOTE…]` and `note TEXT`: the text is the rest of the line as typed.
fn triage(command: &'static str, rest: &str) -> Result<Command, EngineError> {
    let rest = rest.trim();
    let action = match command {
        "claim" | "release" | "reopen" if !rest.is_empty() => {
            return Err(EngineError::NoArgument {
                command: command.to_owned(),
                extra: rest.to_owned(),
            });
        }
        "claim" => Action::Claim,
        "release" => Action::Release,
        "reopen" => Action::Reopen,
        "note" if rest.is_empty() => return Err(EngineError::NeedsText("note")),
        "note" => Action::Note(rest.to_owned()),
        _ => {
            let (word, note) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let outcome =
                Outcome::parse(word).ok_or_else(|| EngineError::Outcome(word.to_owned()))?;
            Action::Done {
                outcome,
                note: note.trim().to_owned(),
            }
        }
    };
    Ok(Command::Triage(action))
}

pub fn parse(line: &str) -> Result<Command, EngineError> {
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return Err(EngineError::EmptyCommand);
    };
    let name = resolve(first)?;
    if TRIAGE_COMMANDS.iter().any(|(c, _)| *c == name) {
        let rest = line.trim_start().get(first.len()..).unwrap_or_default();
        return triage(name, rest);
    }
    if let Some(resource) = Resource::parse(name) {
        return match words.next() {
            Some(extra) => Err(EngineError::NoArgument {
                command: first.to_owned(),
                extra: extra.to_owned(),
            }),
            None => Ok(Command::Pane(resource)),
        };
    }
    let command = match name {
        "insights" => Command::Insights,
        "account" => {
            let name = words.next().unwrap_or_default().to_owned();
            match words.next() {
                Some(extra) => {
                    return Err(EngineError::NoArgument {
                        command: format!("{first} {name}"),
                        extra: extra.to_owned(),
                    });
                }
                None => return Ok(Command::Account(name)),
            }
        }
        "refresh" => Command::Refresh,
        "messages" => Command::Messages,
        "help" => Command::Help,
        "quit" => Command::Quit,
        _ => {
            let mut format = None;
            let mut path = None;
            for word in words.by_ref() {
                match Format::parse(word) {
                    Some(f) if path.is_none() && format.is_none() => format = Some(f),
                    _ if path.is_none() => path = Some(PathBuf::from(expand_home(word))),
                    _ => return Err(EngineError::ExportArgument(word.to_owned())),
                }
            }
            return Ok(Command::Export { format, path });
        }
    };
    match words.next() {
        Some(extra) => Err(EngineError::NoArgument {
            command: first.to_owned(),
            extra: extra.to_owned(),
        }),
        None => Ok(command),
    }
}

/// `~/x` as a path in the home directory.
pub fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest).to_string_lossy().into_owned(),
        _ => path.to_owned(),
    }
}

/// What Tab would complete the line to, if anything: the first command name that starts with
/// the typed word, the export format, or one of `accounts` (and `all`).
pub fn complete(line: &str, accounts: &[&str]) -> Option<String> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() {
        return None;
    }
    match trimmed.split_once(' ') {
        None => COMMANDS
            .iter()
            .chain(TRIAGE_COMMANDS.iter())
            .map(|(c, _)| *c)
            .find(|c| c.starts_with(&trimmed.to_ascii_lowercase()) && *c != trimmed)
            .map(str::to_owned),
        Some((word, rest)) if resolve(word) == Ok("done") && !rest.contains(' ') => Outcome::ALL
            .iter()
            .map(|o| o.name())
            .find(|o| o.starts_with(rest) && *o != rest)
            .map(|o| format!("{word} {o}")),
        Some((word, rest)) if resolve(word) == Ok("account") && !rest.contains(' ') => accounts
            .iter()
            .copied()
            .chain(["all"])
            .find(|a| a.starts_with(rest) && *a != rest)
            .map(|a| format!("{word} {a}")),
        Some((word, rest)) if resolve(word) == Ok("export") && !rest.contains(' ') => {
            ["csv", "json"]
                .iter()
                .find(|f| f.starts_with(rest) && **f != rest)
                .map(|f| format!("{word} {f}"))
        }
        Some(_) => None,
    }
}

/// The hint shown after what was typed: the rest of the completion, or the arguments.
pub fn hint(line: &str, accounts: &[&str]) -> String {
    if let Some(full) = complete(line, accounts)
        && let Some(rest) = full.get(line.trim_start().len()..)
    {
        return rest.to_owned();
    }
    let word = line.trim();
    COMMANDS
        .iter()
        .chain(TRIAGE_COMMANDS.iter())
        .find(|(c, _)| *c == word)
        .map(|(_, args)| (*args).to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete_(line: &str) -> Option<String> {
        complete(line, &["east", "west"])
    }

    fn hint_(line: &str) -> String {
        hint(line, &["east", "west"])
    }

    #[test]
    fn account_takes_a_name_or_none_and_completes_the_names() {
        assert_eq!(parse("account east"), Ok(Command::Account("east".into())));
        assert_eq!(parse("acc"), Ok(Command::Account(String::new())));
        assert_eq!(parse("a all"), Ok(Command::Account("all".into())));
        assert!(parse("account east west").is_err());
        assert_eq!(complete_("account e").as_deref(), Some("account east"));
        assert_eq!(complete_("account w").as_deref(), Some("account west"));
        assert_eq!(complete_("account a").as_deref(), Some("account all"));
        assert_eq!(complete_("acc").as_deref(), Some("account"));
        assert_eq!(hint_("account"), " [NAME|all]");
    }

    #[test]
    fn names_and_unique_prefixes() {
        assert_eq!(parse("customers"), Ok(Command::Pane(Resource::Customers)));
        assert_eq!(parse("cu"), Ok(Command::Pane(Resource::Customers)));
        assert_eq!(parse("  op "), Ok(Command::Pane(Resource::Operators)));
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(parse("ref"), Ok(Command::Refresh));
        let e = parse("o").unwrap_err().to_string();
        assert!(e.contains("outflow") && e.contains("operators"), "{e}");
        assert!(
            parse("frobnicate")
                .unwrap_err()
                .to_string()
                .contains("frobnicate")
        );
        assert!(parse("stores now").is_err());
    }

    #[test]
    fn triage_commands_keep_their_text_and_leave_the_short_names_alone() {
        assert_eq!(parse("r"), Ok(Command::Refresh));
        assert_eq!(parse("c"), Ok(Command::Pane(Resource::Customers)));
        assert_eq!(parse("cl"), Ok(Command::Triage(Action::Claim)));
        assert_eq!(parse("rel"), Ok(Command::Triage(Action::Release)));
        assert_eq!(parse("reopen"), Ok(Command::Triage(Action::Reopen)));
        assert_eq!(
            parse("done won-back  已加回，约  下周 "),
            Ok(Command::Triage(Action::Done {
                outcome: Outcome::WonBack,
                note: String::from("已加回，约  下周"),
            }))
        );
        assert_eq!(
            parse("done unreachable"),
            Ok(Command::Triage(Action::Done {
                outcome: Outcome::Unreachable,
                note: String::new(),
            }))
        );
        assert_eq!(
            parse("note 打了两次  没接"),
            Ok(Command::Triage(Action::Note(String::from(
                "打了两次  没接"
            ))))
        );
        assert!(parse("done").unwrap_err().to_string().contains("won-back"));
        assert!(
            parse("done maybe")
                .unwrap_err()
                .to_string()
                .contains("maybe")
        );
        assert!(parse("note").is_err());
        assert!(parse("claim now").is_err());
        assert_eq!(complete_("done w").as_deref(), Some("done won-back"));
        assert_eq!(complete_("done n").as_deref(), Some("done not-ours"));
        assert_eq!(complete_("cla").as_deref(), Some("claim"));
    }

    #[test]
    fn export_takes_a_format_and_a_path() {
        assert_eq!(
            parse("export"),
            Ok(Command::Export {
                format: None,
                path: None
            })
        );
        assert_eq!(
            parse("export json /tmp/x.json"),
            Ok(Command::Export {
                format: Some(Format::Json),
                path: Some(PathBuf::from("/tmp/x.json"))
            })
        );
        assert_eq!(
            parse("exp out.xlsx"),
            Ok(Command::Export {
                format: None,
                path: Some(PathBuf::from("out.xlsx"))
            })
        );
        assert!(parse("export csv a b").is_err());
    }

    #[test]
    fn completion() {
        assert_eq!(complete_("cu").as_deref(), Some("customers"));
        assert_eq!(complete_("o").as_deref(), Some("outflow"));
        assert_eq!(complete_("customers"), None);
        assert_eq!(complete_("export j").as_deref(), Some("export json"));
        assert_eq!(complete_("export "), Some(String::from("export csv")));
        assert_eq!(hint_("cu"), "stomers");
        assert_eq!(hint_("export"), " [csv|xlsx|json] [PATH]");
        assert_eq!(complete_(""), None);
    }
}
