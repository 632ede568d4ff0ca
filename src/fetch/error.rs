//! Why a source could not be set up.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// `[database] url` does not parse.
    #[error(transparent)]
    Database(#[from] StoreError),
    /// The HTTP client (TLS) could not be built; the message carries no URL.
    #[error("cannot build the HTTP client: {}", crate::vendors::http::describe(.0))]
    Http(#[from] reqwest::Error),
}
