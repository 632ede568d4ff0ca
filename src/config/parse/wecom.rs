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
