//! UI text in English and Chinese. Strings live where they are used, as `[english, chinese]`
//! pairs; [`Lang::pick`] chooses one. Vendor messages and error details are shown as they are.

use chrono::FixedOffset;

pub use crate::config::Lang;

/// A UI string in both languages: `[english, chinese]`.
pub type Tr = [&'static str; 2];

impl Lang {
    pub fn pick(self, text: Tr) -> &'static str {
        match self {
            Lang::En => text[0],
            Lang::Zh => text[1],
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

impl Locale {
    pub fn pick(&self, text: Tr) -> &'static str {
        self.lang.pick(text)
    }
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
