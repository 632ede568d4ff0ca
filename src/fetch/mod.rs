//! Where records come from, off the UI task. A [`Source`] loads a resource — the vendors'
//! clients ([`Clients`]) today; a second source is a second implementation, not a branch. The
//! [`Fetcher`] runs loads as tasks that report [`LoadEvent`](crate::domain::LoadEvent)s of
//! domain types; they never touch UI state.

mod database;
mod error;
mod fetcher;
mod solo_triage;
mod source;
mod tally;
mod vendors;

pub use database::{Database, Me};
pub use error::FetchError;
pub use fetcher::Fetcher;
pub use solo_triage::SoloTriage;
pub use source::{OnRecords, Source, Triaged, load};
pub use vendors::Clients;

/// Where a dashboard or `get` reads from: the team's database when the config names one
/// (no vendor section needed), else the configured vendors.
pub fn source(config: &crate::config::Config) -> Result<std::sync::Arc<dyn Source>, FetchError> {
    let lookback = std::time::Duration::from_secs(u64::from(config.outflow.lookback_days) * 86_400);
    match &config.database {
        Some(database) => {
            let url = crate::store::DatabaseUrl::parse(database.url.expose())?;
            Ok(std::sync::Arc::new(Database::new(
                url,
                lookback,
                database.listen,
            )))
        }
        None => Ok(std::sync::Arc::new(Clients::from_config(config)?)),
    }
}
