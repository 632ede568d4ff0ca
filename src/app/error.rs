//! What the model refuses to show, said in the toast.

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A record's raw object does not parse as JSON (a cache or a database gave it broken).
    #[error("the raw record cannot be shown: {0}")]
    Unreadable(#[from] serde_json::Error),
}
