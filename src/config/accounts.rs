//! A vendor's sections: one `[weiban]` table (the account `default`) or an array of
//! `[[weiban]]` tables, each naming its account. Names are checked here, with the line they
//! were written on, and each account finds its secret in its own environment variable.

use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::parse::line_of;
use super::{Config, Problem};
use crate::domain::{Account, Vendor};

/// A vendor's sections as written.
pub enum Sections<T> {
    /// A single table (its own span is not kept: the parser's map is handed on as it is).
    One(T),
    Many(Vec<Spanned<T>>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sections<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Either<T> {
            type Value = Sections<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table, or an array of tables each with `account = \"NAME\"`")
            }

            // Handing the parser's own map and sequence on keeps its messages, which name
            // the key and the line.
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Sections::One)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Sections::Many)
            }
        }
        d.deserialize_any(Either(PhantomData))
    }
}

/// What a section says about its account.
pub trait Named {
    fn account(&self) -> Option<&Spanned<String>>;
}

/// Where one account's settings are: for messages and for its secrets in the environment.
pub struct Place {
    pub account: Account,
    /// `[weiban]`, or `[[weiban]] "east" (line 9)`.
    pub label: String,
    /// The environment variables that may hold a secret, the first set one winning.
    env_suffixes: Vec<String>,
}

impl Place {
    /// ` of account "east"` for messages about a named account, nothing for `default`.
    pub fn whose(&self) -> String {
        if self.account.is_default() {
            String::new()
        } else {
            format!(" of account \"{}\"", self.account)
        }
    }

    /// The variable names to try for the secret whose single-account name is `base`.
    pub fn env_names(&self, base: &str) -> Vec<String> {
        self.env_suffixes
            .iter()
            .map(|suffix| format!("{base}{suffix}"))
            .collect()
    }
}

/// The environment variable of an account's secret: `SCRM_TUI_WEIBAN_SECRET__EAST`.
pub fn env_name(base: &str, account: &Account) -> String {
    format!("{base}{}", env_suffix(account))
}

fn env_suffix(account: &Account) -> String {
    let upper: String = account
        .name()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("__{upper}")
}

/// Each section with its place, names checked: unique, not empty, one form per vendor.
pub fn places<T: Named>(
    sections: Option<Sections<T>>,
    vendor: &str,
    text: &str,
) -> Result<Vec<(T, Place)>, Problem> {
    let line = |span: std::ops::Range<usize>| line_of(text, span.start);
    match sections {
        None => Ok(Vec::new()),
        Some(Sections::One(section)) => {
            let account = match section.account() {
                Some(name) => checked(name, vendor, &line)?,
                None => Account::default(),
            };
            // One account per vendor: its own variable, and the plain one as before.
            let mut env_suffixes = Vec::new();
            if !account.is_default() {
                env_suffixes.push(env_suffix(&account));
            }
            env_suffixes.push(String::new());
            let place = Place {
                label: format!("[{vendor}]"),
                account,
                env_suffixes,
            };
            Ok(vec![(section, place)])
        }
        Some(Sections::Many(sections)) => {
            let mut out: Vec<(T, Place, usize)> = Vec::new();
            for section in sections {
                let at = line(section.span());
                let Some(name) = section.get_ref().account() else {
                    return Err(Problem::Invalid(format!(
                        "[[{vendor}]] on line {at} needs `account = \"NAME\"`: with more than \
                         one [[{vendor}]] table, each names its account"
                    )));
                };
                let account = checked(name, vendor, &line)?;
                let name_line = line(name.span());
                if let Some((_, _, first)) = out.iter().find(|(_, p, _)| p.account == account) {
                    return Err(Problem::Invalid(format!(
                        "[[{vendor}]] account = \"{account}\" on line {name_line}: that name is \
                         already on line {first}; each {vendor} account needs its own name"
                    )));
                }
                let place = Place {
                    label: format!("[[{vendor}]] \"{account}\" (line {at})"),
                    env_suffixes: vec![env_suffix(&account)],
                    account,
                };
                out.push((section.into_inner(), place, name_line));
            }
            Ok(out.into_iter().map(|(s, p, _)| (s, p)).collect())
        }
    }
}

/// The account a name stands for, or an error naming its line.
fn checked(
    name: &Spanned<String>,
    vendor: &str,
    line: &dyn Fn(std::ops::Range<usize>) -> usize,
) -> Result<Account, Problem> {
    let trimmed = name.get_ref().trim();
    match Account::invalid(trimmed) {
        Some(why) => Err(Problem::Invalid(format!(
            "[{vendor}] account = \"{}\" on line {}: {why}",
            name.get_ref(),
            line(name.span())
        ))),
        None => Ok(Account::new(trimmed)),
    }
}

/// One configured account, as `scrm-tui info` lists it: never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountInfo {
    pub vendor: Vendor,
    pub account: Account,
    pub base_url: String,
    /// The corp id, shop (`uniacid`) or app id that tells the vendor which company.
    pub tenant: String,
}

impl Config {
    /// Every configured account, vendor by vendor in the file's order: no secret in it.
    pub fn accounts(&self) -> Vec<AccountInfo> {
        let info = |vendor, account: &Account, base_url: &str, tenant: String| AccountInfo {
            vendor,
            account: account.clone(),
            base_url: base_url.to_owned(),
            tenant,
        };
        let weiban = self.weiban.iter().map(|c| {
            info(
                Vendor::Weiban,
                &c.account,
                &c.base_url,
                format!("corp_id {}", c.corp_id),
            )
        });
        let yunzhong = self.yunzhong.iter().map(|c| {
            info(
                Vendor::Yunzhong,
                &c.account,
                &c.base_url,
                format!("uniacid {}", c.uniacid),
            )
        });
        let tanma = self.tanma.iter().map(|c| {
            info(
                Vendor::Tanma,
                &c.account,
                &c.base_url,
                format!("app_id {}", c.app_id),
            )
        });
        let youmi = self.youmi.iter().map(|c| {
            info(
                Vendor::Youmi,
                &c.account,
                &c.base_url,
                format!("app_id {}", c.app_id),
            )
        });
        weiban.chain(yunzhong).chain(tanma).chain(youmi).collect()
    }

    /// The accounts' names, each once, in the order first configured (for `:account`'s Tab).
    pub fn account_names(&self) -> Vec<Account> {
        let mut names: Vec<Account> = Vec::new();
        for info in self.accounts() {
            if !names.contains(&info.account) {
                names.push(info.account);
            }
        }
        names
    }

    /// Whether `name` is `all` or a configured account: what `[ui] account` and `--account`
    /// may say. The message lists the accounts there are.
    pub fn check_account(&self, name: &str) -> Result<(), Problem> {
        let names = self.account_names();
        if name == Account::ALL || names.iter().any(|a| a.name() == name) {
            return Ok(());
        }
        let known: Vec<&str> = names.iter().map(Account::name).collect();
        Err(Problem::Invalid(format!(
            "account \"{name}\": no such account; the accounts are {} (or all)",
            if known.is_empty() {
                String::from("none")
            } else {
                known.join(", ")
            }
        )))
    }

    /// Keeps only the accounts named `name` (`get --account east`): the others are not asked.
    pub fn keep_account(&mut self, name: &str) -> Result<(), Problem> {
        self.check_account(name)?;
        if name != Account::ALL {
            self.weiban.retain(|c| c.account.name() == name);
            self.yunzhong.retain(|c| c.account.name() == name);
            self.tanma.retain(|c| c.account.name() == name);
            self.youmi.retain(|c| c.account.name() == name);
            self.wecom.retain(|c| c.account.name() == name);
        }
        Ok(())
    }
}
