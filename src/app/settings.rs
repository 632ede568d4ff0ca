//! What the app was started with: the configured vendors, the keymap, the language and zone,
//! the refresh periods, where exports go. Built once from the config; `update` reads it and
//! never writes it.

use std::path::PathBuf;
use std::time::Duration;

use chrono::FixedOffset;

use crate::domain::output::Format;
use crate::domain::{Account, AccountScope, Vendor};
use crate::engine::keymap::Keymap;
use crate::i18n::Lang;

#[derive(Debug, Clone)]
pub struct Settings {
    /// The vendors with a config section.
    pub vendors: Vec<Vendor>,
    /// The configured accounts' names, each once (for `:account` and its Tab).
    pub accounts: Vec<Account>,
    /// The account shown at start (`[ui] account`, `--account`).
    pub account: AccountScope,
    pub keymap: Keymap,
    /// The zone times are shown in.
    pub zone: FixedOffset,
    pub demo: bool,
    pub lang: Lang,
    /// Outflow: how often to poll for new alerts, and whether to ring the bell.
    pub poll_every: Duration,
    pub bell: bool,
    /// How often the panes other than Outflow reload (`None`: only on `r`).
    pub refresh_every: Option<Duration>,
    /// Mouse reporting is on: the wheel scrolls, a click selects.
    pub mouse: bool,
    /// Shown in help.
    pub log_file: Option<PathBuf>,
    /// Where exports without a path go.
    pub export_dir: PathBuf,
    /// What `e` writes, and whether CSV files start with a byte-order mark.
    pub export_format: Format,
    pub csv_bom: bool,
    /// How many days of outflow the first load fetches (Insights' per-day chart).
    pub lookback_days: u32,
    /// Team mode: the records come from the sync's database.
    pub team: bool,
    /// Solo mode with `[triage] weiban_timeline`: this dashboard puts done notes on the
    /// customer's Weiban timeline (in team mode the sync does).
    pub weiban_timeline: bool,
}

impl Settings {
    /// Defaults for everything but the vendors.
    pub fn new(vendors: Vec<Vendor>) -> Settings {
        Settings {
            vendors,
            accounts: vec![Account::default()],
            account: AccountScope::All,
            keymap: Keymap::default(),
            zone: crate::json::de::beijing(),
            demo: false,
            lang: Lang::En,
            poll_every: Duration::from_secs(30),
            bell: false,
            refresh_every: Some(Duration::from_secs(300)),
            mouse: false,
            log_file: None,
            export_dir: PathBuf::from("."),
            export_format: Format::Csv,
            csv_bom: true,
            lookback_days: 7,
            team: false,
            weiban_timeline: false,
        }
    }
}
