//! `--account NAME`: checked against the config's accounts before anything starts.

use std::process::ExitCode;

use crate::config::{Config, Problem};
use crate::demo::faults::Rule;
use crate::domain::Account;

/// What the command line chose beyond the config: the account, the demo's faults.
pub(super) struct Choice {
    pub account: Option<String>,
    pub faults: Vec<Rule>,
}

/// `--account NAME` checked against the config: the dashboard starts on it, `get` (`keep`)
/// asks only its vendors.
pub(super) fn choose_account(
    config: &mut Config,
    account: Option<String>,
    keep: bool,
) -> Result<(), ExitCode> {
    let Some(name) = account else {
        return Ok(());
    };
    let checked = if keep && config.database.is_some() && name != Account::ALL {
        Err(Problem::Invalid(format!(
            "{name}: get reads the vendors' accounts, not the team's database; in team mode it prints every account (see its account column)"
        )))
    } else if keep && config.database.is_none() {
        config.keep_account(&name)
    } else if config.database.is_none() {
        config.check_account(&name)
    } else {
        Ok(())
    };
    if let Err(e) = checked {
        eprintln!("scrm-tui: --account {e}");
        return Err(ExitCode::from(2));
    }
    config.ui.account = Some(name);
    Ok(())
}
