//! The `:` command line: the commands, their completion, and parsing.

use std::path::PathBuf;

use crate::domain::Resource;
use crate::domain::output::Format;
use crate::engine::EngineError;

/// The commands, in the order completion offers them.
pub const COMMANDS: &[(&str, &str)] = &[
    ("stores", ""),
    ("customers", ""),
    ("outflow", ""),
    ("operators", ""),
    ("insights", ""),
    ("export", " [csv|xlsx|json] [PATH]"),
    ("refresh", ""),
    ("help", ""),
    ("quit", ""),
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
    Help,
    Quit,
}

/// The command a (possibly abbreviated) name stands for: an exact name, or the only command
/// that starts with it. `q` is quit, as in vi.
fn resolve(name: &str) -> Result<&'static str, EngineError> {
    let name = name.to_ascii_lowercase();
    if name == "q" || name == "q!" {
        return Ok("quit");
    }
    if let Some((exact, _)) = COMMANDS.iter().find(|(c, _)| *c == name) {
        return Ok(exact);
    }
    let matching: Vec<&str> = COMMANDS
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| c.starts_with(&name))
        .collect();
    match matching.as_slice() {
        [only] => Ok(only),
        [] => Err(EngineError::UnknownCommand(name)),
        many => Err(EngineError::AmbiguousCommand {
            name,
            candidates: many.to_vec(),
        }),
    }
}

pub fn parse(line: &str) -> Result<Command, EngineError> {
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return Err(EngineError::EmptyCommand);
    };
    let command = match resolve(first)? {
        "stores" => Command::Pane(Resource::Stores),
        "customers" => Command::Pane(Resource::Customers),
        "outflow" => Command::Pane(Resource::Outflow),
        "operators" => Command::Pane(Resource::Operators),
        "insights" => Command::Insights,
        "refresh" => Command::Refresh,
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
/// the typed word, or the export format.
pub fn complete(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() {
        return None;
    }
    match trimmed.split_once(' ') {
        None => COMMANDS
            .iter()
            .map(|(c, _)| *c)
            .find(|c| c.starts_with(&trimmed.to_ascii_lowercase()) && *c != trimmed)
            .map(str::to_owned),
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
pub fn hint(line: &str) -> String {
    if let Some(full) = complete(line)
        && let Some(rest) = full.get(line.trim_start().len()..)
    {
        return rest.to_owned();
    }
    let word = line.trim();
    COMMANDS
        .iter()
        .find(|(c, _)| *c == word)
        .map(|(_, args)| (*args).to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(complete("cu").as_deref(), Some("customers"));
        assert_eq!(complete("o").as_deref(), Some("outflow"));
        assert_eq!(complete("customers"), None);
        assert_eq!(complete("export j").as_deref(), Some("export json"));
        assert_eq!(complete("export "), Some(String::from("export csv")));
        assert_eq!(hint("cu"), "stomers");
        assert_eq!(hint("export"), " [csv|xlsx|json] [PATH]");
        assert_eq!(complete(""), None);
    }
}
