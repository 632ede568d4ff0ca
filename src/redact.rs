//! Secrets and their redaction.
//!
//! Credentials live in [`Secret`], whose `Debug` and `Display` never show the value. Text that
//! leaves the program (errors, log lines, the status line) goes through [`scrub`], which removes
//! `access_token=…` query parameters (Weiban puts its token in every URL) and any known secret
//! value that an error body or a library message might echo back.

use std::fmt;

use serde::Deserialize;

/// What a redacted value is replaced with.
pub const MASK: &str = "***";

/// A credential: a secret, an app key, a cookie or a token.
///
/// Every secret made is remembered, so that text leaving the program by a path nobody thought
/// of (a panic message, a log line) can still be scrubbed of it: [`scrub_known`].
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub struct Secret(String);

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        remember(&value);
        Self(value)
    }

    /// The value, for the one place that must send it (a header, a body, a query parameter).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(")?;
        f.write_str(MASK)?;
        f.write_str(")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

/// Every secret value made in this process (see [`Secret`]).
static KNOWN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn known() -> std::sync::MutexGuard<'static, Vec<String>> {
    KNOWN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn remember(value: &str) {
    if value.len() < 4 {
        return;
    }
    let mut known = known();
    if !known.iter().any(|k| k == value) {
        known.push(value.to_owned());
    }
}

/// [`scrub`] with every secret this process has held: for the panic message and the log,
/// which may carry text no one expected to hold a credential.
pub fn scrub_known(text: &str) -> String {
    let known = known();
    let mut out = scrub_params(text);
    // Longest first: a token that contains a shorter secret is masked whole.
    let mut values: Vec<&String> = known.iter().collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for value in values {
        if out.contains(value.as_str()) {
            out = out.replace(value.as_str(), MASK);
        }
    }
    out
}

/// Query parameters whose values are credentials.
const SECRET_PARAMS: &[&str] = &["access_token", "secret", "app_key", "appKey", "sign"];

/// Removes credentials from `text`: the values of credential query parameters, and every
/// occurrence of the given secret values (values shorter than 4 characters are too likely to
/// match ordinary text and are not credentials anyone issues).
pub fn scrub(text: &str, secrets: &[&Secret]) -> String {
    let mut out = scrub_params(text);
    for secret in secrets {
        let value = secret.expose();
        if value.len() >= 4 && out.contains(value) {
            out = out.replace(value, MASK);
        }
    }
    out
}

/// Replaces the value of every credential query parameter (`name=value` after `?` or `&`).
fn scrub_params(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        for name in SECRET_PARAMS {
            if let Some(after) = rest.strip_prefix(name).and_then(|r| r.strip_prefix('='))
                && out.ends_with(['?', '&'])
            {
                out.push_str(name);
                out.push('=');
                out.push_str(MASK);
                let end = after
                    .find(|c: char| {
                        c == '&'
                            || c == '#'
                            || c == '"'
                            || c == '\''
                            || c == ')'
                            || c.is_whitespace()
                    })
                    .unwrap_or(after.len());
                rest = &after[end..];
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn scrubs_token_query_parameters() {
        let url =
            "https://open.weibanzhushou.com/open-api/x?page_no=2&access_token=abc123&page_size=100";
        assert_eq!(
            scrub(url, &[]),
            "https://open.weibanzhushou.com/open-api/x?page_no=2&access_token=***&page_size=100"
        );
        let first = "error sending request for url (http://h/p?access_token=tok_9) caused by x";
        assert_eq!(
            scrub(first, &[]),
            "error sending request for url (http://h/p?access_token=***) caused by x"
        );
    }

    #[test]
    fn leaves_lookalike_words_alone() {
        // Only a parameter after `?` or `&` is a credential, not prose mentioning the word.
        let text = "missing access_token=, check config; my_access_token=1";
        assert_eq!(scrub(text, &[]), text);
    }

    #[test]
    fn every_secret_made_is_scrubbed_from_text_that_escapes() {
        let from_config: Secret = serde_json::from_str("\"cfg-known-4711\"").unwrap();
        let _token = Secret::new("tok-known-0815");
        let text = "panicked: cfg-known-4711 / tok-known-0815 / ?access_token=zz";
        assert_eq!(scrub_known(text), "panicked: *** / *** / ?access_token=***");
        assert_eq!(from_config.expose(), "cfg-known-4711");
    }

    #[test]
    fn scrubs_known_secret_values() {
        let s = Secret::new("s3cr3t-value");
        let text = "server said: bad secret s3cr3t-value for corp";
        assert_eq!(scrub(text, &[&s]), "server said: bad secret *** for corp");
    }
}
