//! Switching accounts, as k9s switches contexts: `:account NAME` narrows every pane to one
//! account's records, `:account` (or `:account all`) shows every account's again. The header
//! names the one shown; the panes show an account column only when there is more than one.

use crate::app::{App, Cmd, Level, PANES};
use crate::domain::{Account, AccountScope};

#[cfg(test)]
mod tests;

impl App {
    /// More than one account is configured: the header and the panes say which is which.
    pub fn many_accounts(&self) -> bool {
        self.accounts.len() > 1
    }

    /// Team mode: the accounts are those the database's records name, whatever this
    /// dashboard's config says; each complete load may bring one more.
    pub(crate) fn learn_accounts(&mut self, resource: crate::domain::Resource) {
        if !self.settings.team {
            return;
        }
        let pane = self.list(resource);
        for account in pane.accounts() {
            if !self.accounts.contains(&account) {
                self.accounts.push(account);
                self.accounts.sort();
            }
        }
    }

    /// `:account NAME`, `:account all`, `:account`.
    pub(crate) fn switch_account(&mut self, name: &str) -> Vec<Cmd> {
        let scope = AccountScope::parse(name);
        if let AccountScope::One(account) = &scope
            && !self.accounts.contains(account)
        {
            let known = names(&self.accounts);
            let lang = self.settings.lang;
            self.flash(
                Level::Error,
                lang.pick([
                    format!(":account {account} — no such account; the accounts are {known}"),
                    format!(":account {account} — 没有这个账号；已配置的账号：{known}"),
                ]),
            );
            return Vec::new();
        }
        self.set_account(scope);
        let lang = self.settings.lang;
        let text = match &self.account {
            AccountScope::All => lang.pick([
                String::from("every account's records"),
                String::from("显示所有账号的记录"),
            ]),
            AccountScope::One(one) => lang.pick([
                format!("account {one}: every pane shows its records only"),
                format!("账号 {one}：各面板只显示它的记录"),
            ]),
        };
        self.flash(Level::Info, text);
        Vec::new()
    }

    /// Narrows every pane to `scope`; the filters, sorts and selections stay.
    pub(crate) fn set_account(&mut self, scope: AccountScope) {
        let (rows, locale) = (self.list_rows(), self.locale());
        for &pane in PANES {
            self.list_mut(pane).set_scope(scope.clone(), rows, &locale);
        }
        self.account = scope;
        // The Outflow tab counts the open alerts shown.
        self.count_open();
    }
}

/// `east, west` for messages.
fn names(accounts: &[Account]) -> String {
    let names: Vec<&str> = accounts.iter().map(Account::name).collect();
    names.join(", ")
}
