//! UI text in English and Chinese, and how text measures on a terminal.
//!
//! Text lives where it is used, always written one way: an `[english, chinese]` pair, fixed
//! ([`Tr`]) or formatted (`[format!(…), format!(…)]`), that [`Lang::pick`] chooses from.
//! Vendor messages and error details are shown as they are.

pub mod pinyin;
pub mod text;

use chrono::FixedOffset;

/// The language of the UI (`ui.lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

/// A UI string in both languages: `[english, chinese]`.
pub type Tr = [&'static str; 2];

impl Lang {
    /// The text in this language, of an `[english, chinese]` pair.
    pub fn pick<T>(self, [english, chinese]: [T; 2]) -> T {
        match self {
            Lang::En => english,
            Lang::Zh => chinese,
        }
    }

    /// The language of the environment: Chinese when `LC_ALL`, `LC_MESSAGES` or `LANG` (the
    /// first one set) starts with `zh`, else English.
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        Lang::from_locale(locale.as_deref().unwrap_or(""))
    }

    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// How values are shown: the time zone and the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locale {
    pub zone: FixedOffset,
    pub lang: Lang,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_from_the_locale() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh_TW"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        assert_eq!(Lang::Zh.pick(["Stores", "门店"]), "门店");
    }
}
