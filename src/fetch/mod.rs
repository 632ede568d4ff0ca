//! Where records come from, off the UI task. A [`Source`] loads a resource — the vendors'
//! clients ([`Clients`]) today; a second source is a second implementation, not a branch. The
//! [`Fetcher`] runs loads as tasks that report [`LoadEvent`](crate::domain::LoadEvent)s of
//! domain types; they never touch UI state.

mod fetcher;
mod source;
mod tally;
mod vendors;

pub use fetcher::Fetcher;
pub use source::{OnRecords, Source, load};
pub use vendors::Clients;
