//! scrm-tui: a terminal dashboard for support staff of WeCom SCRM vendors.
//!
//! The crate is split the way the design describes: vendor code (`vendors`) knows nothing of
//! the UI, the UI (`ui`) knows nothing of vendor wire formats, and the normalized records of
//! `domain` sit between them. `app` is the model and its `update`; `fetch` runs the network
//! work off the UI task; `demo` is a real HTTP server speaking the vendors' wire formats.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod fetch;
pub mod i18n;
pub mod json;
pub mod logging;
pub mod redact;
pub mod tui;
pub mod ui;
pub mod vendors;
