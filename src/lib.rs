//! scrm-tui: a terminal dashboard for support staff of WeCom SCRM vendors.
//!
//! One module per layer, and imports only go down (`tests/layers.rs` holds the table):
//! the leaves `json`, `redact`, `i18n` and `logging`; `domain`, the normalized records and
//! load results between vendor code and the UI; `engine`, the pure engines (filter, keymap,
//! command line, history, palette); `config`, plain data; `vendors`, one folder
//! per vendor; `fetch`, where records come from; `app`, the model and its `update`; `ui`,
//! rendering; `store`, PostgreSQL for team mode; `sync`, its one puller; `tui`, the event loop
//! and its side effects; `cli`, the commands. The README's layer table says what each may import. `demo` stands
//! beside them: a real HTTP server speaking the vendors' wire formats.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod engine;
pub mod fetch;
pub mod i18n;
pub mod json;
pub mod logging;
pub mod redact;
pub mod store;
pub mod sync;
pub mod tui;
pub mod ui;
pub mod vendors;
