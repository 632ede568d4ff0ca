//! `[wecom]` / `[[wecom]]`: WeCom's own customer-contact callback, received by the sync. Each
//! section is one corp's self-built app: its corp id, and the Token and EncodingAESKey set
//! in 管理后台 → 客户联系 → API → 接收事件服务器 (secrets: from the environment over the file).

use serde::Deserialize;

use super::{Env, missing, required};
use crate::config::accounts::{Named, Place};
use crate::config::{ENV_WECOM_ENCODING_AES_KEY, ENV_WECOM_TOKEN, Problem, WecomConfig};
use crate::redact::Secret;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WecomSection {
    account: Option<toml::Spanned<String>>,
    corp_id: Option<String>,
    token: Option<Secret>,
    encoding_aes_key: Option<Secret>,
}

impl Named for WecomSection {
    fn account(&self) -> Option<&toml::Spanned<String>> {
        self.account.as_ref()
    }
}

impl WecomSection {
    pub(super) fn resolve(self, env: &Env, place: Place) -> Result<WecomConfig, Problem> {
        let key = env.required(
            &place,
            "encoding_aes_key",
            ENV_WECOM_ENCODING_AES_KEY,
            self.encoding_aes_key,
        )?;
        // The key itself is never quoted back.
        let length = key.expose().trim().chars().count();
        let base64 = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '/';
        if length != 43 || !key.expose().trim().chars().all(base64) {
            return Err(Problem::Invalid(format!(
                "{} encoding_aes_key must be the 43 letters, digits, + and / WeCom's admin \
                 console shows (this one has {length} characters)",
                place.label
            )));
        }
        Ok(WecomConfig {
            corp_id: required(self.corp_id)
                .ok_or_else(|| missing(&place.label, "corp_id", None))?,
            token: env.required(&place, "token", ENV_WECOM_TOKEN, self.token)?,
            encoding_aes_key: key,
            account: place.account,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::parse::parse;

    const KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    #[test]
    fn one_corp_listens_on_the_default_address_at_the_default_path() {
        let text =
            format!("[wecom]\ncorp_id = \"ww1\"\ntoken = \"t\"\nencoding_aes_key = \"{KEY}\"\n");
        let config = parse(&text, &|_| None).unwrap();
        assert_eq!(config.wecom.len(), 1);
        assert_eq!(config.wecom[0].callback_path(), "/wecom/callback");
        assert_eq!(
            config.listen().map(|a| a.to_string()).as_deref(),
            Some("127.0.0.1:8090")
        );
        // No [wecom], no [sync] listen: no listener.
        assert_eq!(parse("", &|_| None).unwrap().listen(), None);
    }

    #[test]
    fn several_corps_take_their_secrets_from_their_own_variables() {
        let text = "[[wecom]]\naccount = \"east\"\ncorp_id = \"ww1\"\n\
                    [[wecom]]\naccount = \"west\"\ncorp_id = \"ww2\"\ntoken = \"w\"\n\
                    encoding_aes_key = \"jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C\"\n\
                    [sync]\nlisten = \"0.0.0.0:9000\"\n";
        let env = |name: &str| match name {
            "SCRM_TUI_WECOM_TOKEN__EAST" => Some(String::from("e")),
            "SCRM_TUI_WECOM_ENCODING_AES_KEY__EAST" => Some(KEY.to_owned()),
            _ => None,
        };
        let config = parse(text, &env).unwrap();
        assert_eq!(config.wecom[0].callback_path(), "/wecom/callback/east");
        assert_eq!(config.wecom[0].token.expose(), "e");
        assert_eq!(config.wecom[1].callback_path(), "/wecom/callback/west");
        assert_eq!(config.listen().unwrap().to_string(), "0.0.0.0:9000");
    }

    #[test]
    fn a_bad_key_or_missing_secret_is_said_without_quoting_it() {
        let short =
            "[wecom]\ncorp_id = \"ww1\"\ntoken = \"t\"\nencoding_aes_key = \"tooShortSecret\"\n";
        let e = parse(short, &|_| None).unwrap_err().to_string();
        assert!(e.contains("43") && e.contains("14 characters"), "{e}");
        assert!(!e.contains("tooShortSecret"), "{e}");
        let missing = format!("[wecom]\ncorp_id = \"ww1\"\nencoding_aes_key = \"{KEY}\"\n");
        let e = parse(&missing, &|_| None).unwrap_err().to_string();
        assert!(e.contains("SCRM_TUI_WECOM"), "{e}");
        let unknown = format!(
            "[wecom]\ncorp_id = \"ww1\"\ntoken = \"t\"\nencoding_aes_key = \"{KEY}\"\nagent = 1\n"
        );
        assert!(parse(&unknown, &|_| None).is_err());
    }
}
