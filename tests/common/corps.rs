//! Two companies: two demo servers, and the config a person would write for them —
//! `[[vendor]]` twice, the account `east` on one server and `west` on the other.

use scrm_tui::config::{self, Config};
use scrm_tui::demo::{DemoOptions, DemoServer, EnforcedLimits};

/// Two demo servers at `scale`, each Weiban enforcing the published limits.
pub async fn two_corps(scale: u32) -> (DemoServer, DemoServer) {
    let options = || DemoOptions {
        scale,
        weiban_limits: Some(EnforcedLimits::weiban()),
        ..DemoOptions::default()
    };
    let start = || DemoServer::start(([127, 0, 0, 1], 0).into(), options());
    (start().await.unwrap(), start().await.unwrap())
}

/// The two servers' config, read from a file as the program reads it.
pub fn config_of(east: &DemoServer, west: &DemoServer) -> (Config, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let text = format!(
        "{}\n{}",
        east.config_toml_as("east"),
        west.config_toml_as("west")
    );
    std::fs::write(&path, text).unwrap();
    let config = config::load_with_env(&path, &|_| None).unwrap();
    (config, dir)
}
