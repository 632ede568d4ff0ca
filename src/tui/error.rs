//! Why the dashboard could not start or had to stop: the terminal, the signals, the source.

use std::io;

use crate::fetch::FetchError;

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error(transparent)]
    Source(#[from] FetchError),
    #[error("cannot watch signals: {0}")]
    Signals(io::Error),
    #[error("cannot set up the terminal: {0}")]
    Setup(io::Error),
    #[error("cannot draw: {0}")]
    Draw(io::Error),
    #[error("cannot read the terminal: {0}")]
    Input(io::Error),
    /// The native clipboard refused (no display, a broken handle).
    #[error("{0}")]
    Clipboard(#[from] arboard::Error),
    #[error("cannot write to the terminal: {0}")]
    Osc52(io::Error),
    /// An offline cache file that does not read back; it is ignored.
    #[error("record {record}: {problem}")]
    CacheRecord { record: usize, problem: String },
    #[error("{0}")]
    Cache(io::Error),
}
