//! Which of a vendor's accounts a record came from: an agency serves many companies, each its
//! own Weiban corp, Yunzhong shop or Tanma app, and the same id in two of them is two records.

use std::fmt;
use std::sync::Arc;

/// An account's name as the config gives it (`[[weiban]] account = "east"`); `default` for a
/// vendor configured by a single table. Cheap to clone: a million records share a few names.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Account(Arc<str>);

impl Account {
    /// The name of the account a single `[vendor]` table configures.
    pub const DEFAULT: &'static str = "default";
    /// The word `:account all` and `--account all` use for every account.
    pub const ALL: &'static str = "all";

    pub fn new(name: &str) -> Account {
        Account(Arc::from(name))
    }

    pub fn name(&self) -> &str {
        &self.0
    }

    pub fn is_default(&self) -> bool {
        &*self.0 == Account::DEFAULT
    }

    /// Why `name` cannot name an account, if it cannot: names go into environment variable
    /// names (`SCRM_TUI_WEIBAN_SECRET__EAST`) and are typed after `:account`.
    pub fn invalid(name: &str) -> Option<&'static str> {
        if name.is_empty() {
            Some("an account needs a name")
        } else if name == Account::ALL {
            Some("`all` stands for every account")
        } else if name.len() > 64 {
            Some("an account name has at most 64 characters")
        } else if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            Some("an account name is letters, digits, `-` and `_`")
        } else {
            None
        }
    }

    /// The account a record's key names (`east/…`), when it names one.
    pub fn of_key(key: &str) -> Option<Account> {
        let (name, _) = key.split_once('/')?;
        (!name.contains('|') && Account::invalid(name).is_none()).then(|| Account::new(name))
    }

    /// What an account adds to a record's key: nothing for `default`, so the keys of a
    /// config with one account per vendor (and the triage logs written with them) stand.
    pub fn key_prefix(&self) -> String {
        if self.is_default() {
            String::new()
        } else {
            format!("{}/", self.0)
        }
    }
}

impl Default for Account {
    fn default() -> Self {
        Account::new(Account::DEFAULT)
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}

impl serde::Serialize for Account {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Account {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(Account::new(&name))
    }
}

/// Which accounts a view shows: every one, or one by name (`:account east`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AccountScope {
    #[default]
    All,
    One(Account),
}

impl AccountScope {
    /// `all` (or nothing) for every account, else the one named.
    pub fn parse(word: &str) -> AccountScope {
        match word.trim() {
            "" | Account::ALL => AccountScope::All,
            name => AccountScope::One(Account::new(name)),
        }
    }

    pub fn admits(&self, account: &Account) -> bool {
        match self {
            AccountScope::All => true,
            AccountScope::One(one) => one == account,
        }
    }

    /// The name shown in the header: `all` or the account's.
    pub fn name(&self) -> &str {
        match self {
            AccountScope::All => Account::ALL,
            AccountScope::One(one) => one.name(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_default_adds_nothing_to_a_key() {
        assert_eq!(Account::invalid("east"), None);
        assert_eq!(Account::invalid("east-2_b"), None);
        assert!(Account::invalid("").is_some());
        assert!(Account::invalid("all").is_some());
        assert!(Account::invalid("华东").is_some());
        assert!(Account::invalid("a b").is_some());
        assert_eq!(Account::default().key_prefix(), "");
        assert_eq!(Account::new("east").key_prefix(), "east/");
    }

    #[test]
    fn a_scope_admits_its_account_or_every_one() {
        let east = Account::new("east");
        assert!(AccountScope::parse("").admits(&east));
        assert!(AccountScope::parse("all").admits(&east));
        assert!(AccountScope::parse("east").admits(&east));
        assert!(!AccountScope::parse("west").admits(&east));
        assert_eq!(AccountScope::parse(" east ").name(), "east");
    }

    #[test]
    fn an_account_is_a_string_in_json() {
        let json = serde_json::to_string(&Account::new("east")).unwrap();
        assert_eq!(json, "\"east\"");
        let back: Account = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Account::new("east"));
    }
}
