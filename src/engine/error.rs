//! What the engines refuse, one type for the layer. Each message names what was written, so
//! the config layer can put a line number before it and the prompt can show it as it is.

/// A mistake in a key, a binding, a `:` command or a theme file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("unknown key name `{0}`")]
    UnknownKeyName(String),
    #[error("an empty key")]
    EmptyKey,
    #[error("`{0}`: at most three keys in a row")]
    TooManyKeys(String),
    #[error("[keys] line {line}: unknown action `{action}`; the actions are: {}", known.join(", "))]
    UnknownAction {
        line: usize,
        action: String,
        known: Vec<&'static str>,
    },
    /// A key of an override that does not parse, with the override's line.
    #[error("[keys] line {line}: {source} for `{action}`")]
    BadOverride {
        line: usize,
        action: String,
        source: Box<EngineError>,
    },
    #[error("[keys]: `{key}` is bound to both `{first}` and `{second}`")]
    BoundTwice {
        key: String,
        first: &'static str,
        second: &'static str,
    },
    #[error(
        "[keys]: `{shorter}` (`{first}`) and `{longer}` (`{second}`) overlap: one starts the \
         other, so the shorter could never wait for the longer"
    )]
    Overlap {
        shorter: String,
        first: &'static str,
        longer: String,
        second: &'static str,
    },
    #[error("empty command")]
    EmptyCommand,
    #[error("unknown command `{0}`")]
    UnknownCommand(String),
    #[error("`{name}` could be {}", candidates.join(", "))]
    AmbiguousCommand {
        name: String,
        candidates: Vec<&'static str>,
    },
    #[error("`{0}` needs text")]
    NeedsText(&'static str),
    #[error(
        "done: `{0}` is not an outcome; the outcomes are won-back, unreachable, not-ours, other"
    )]
    Outcome(String),
    #[error("export: unexpected `{0}`")]
    ExportArgument(String),
    #[error("`{command}` takes no argument (got `{extra}`)")]
    NoArgument { command: String, extra: String },
    /// The TOML parser's own message, which names the line.
    #[error("{0}")]
    ThemeSyntax(String),
    #[error("base = \"{0}\": the bases are dark and light")]
    UnknownBase(String),
    #[error("base = {0}: write \"dark\" or \"light\"")]
    BaseNotText(String),
    #[error("`{0}` is missing (or give a base = \"dark\")")]
    MissingColour(&'static str),
    #[error("unknown key `{key}`; the keys are {}", known.join(", "))]
    UnknownThemeKey {
        key: String,
        known: &'static [&'static str],
    },
    #[error("chips: write a list of colours")]
    ChipsNotList,
    #[error("chips: 8 colours, not {0}")]
    ChipsCount(usize),
    #[error("{key} = {value}: write a colour as a string")]
    ColourNotText { key: String, value: String },
    #[error("{key} = \"{text}\": not a colour (a name such as \"cyan\", \"#a06000\" or \"208\")")]
    NotAColour { key: String, text: String },
}
