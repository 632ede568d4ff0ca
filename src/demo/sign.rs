//! The demo server's own check of the vendors' signatures. It is written apart from the
//! client's signing (`vendors::tanma::sign`, `vendors::youmi::signature`), and the other way
//! round: it decodes what arrived and verifies it, where the client computes and encodes. A
//! bug in either then fails every demo test instead of agreeing with itself.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Tanma: `sign` must be the lowercase hex SHA-256 of appId + timestamp + the body bytes as
/// received + appKey (the timestamp as the header's text).
pub fn tanma_valid(app_id: &str, timestamp: &str, body: &[u8], app_key: &str, sign: &str) -> bool {
    let Some(sent) = lowercase_hex(sign) else {
        return false;
    };
    let digest = Sha256::new()
        .chain_update(app_id)
        .chain_update(timestamp)
        .chain_update(body)
        .chain_update(app_key)
        .finalize();
    sent.as_slice() == digest.as_slice()
}

/// Youmi: `signature` must be the URL-encoded Base64 of HMAC-SHA1 keyed with the app key over
/// `first` (the app id for a token, the access token for a call) + nonce + timestamp. Base64's
/// `+`, `/` and `=` must arrive percent-encoded, as the vendor compares the encoded text.
pub fn youmi_valid(
    app_key: &str,
    first: &str,
    nonce: &str,
    timestamp: &str,
    signature: &str,
) -> bool {
    if signature.contains(['+', '/', '=']) {
        return false;
    }
    let Some(base64) = percent_decoded(signature) else {
        return false;
    };
    let Ok(sent) = base64::engine::general_purpose::STANDARD.decode(base64) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(app_key.as_bytes()) else {
        return false;
    };
    mac.update(first.as_bytes());
    mac.update(nonce.as_bytes());
    mac.update(timestamp.as_bytes());
    mac.verify_slice(&sent).is_ok()
}

/// The bytes of a lowercase hex text; `None` for anything else.
fn lowercase_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

/// `%2B` → `+` and so on; `None` for a broken escape.
fn percent_decoded(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The vectors of the client's signing tests, computed independently with Python.
    #[test]
    fn tanma_signatures_of_the_fixed_vectors_are_accepted() {
        let body = br#"{"qwUserId":"dowen","cursor":"","size":100,"type":1}"#;
        let sign = "1e5ba8edec062733f9a681b68235e0e8fb66ad5c8ce68cbd3469130330e6b5a4";
        assert!(tanma_valid(
            "app123",
            "1700000000000",
            body,
            "key-xyz",
            sign
        ));
        let body = r#"{"qwUserId":"销售01","cursor":"AAAAAGBDPMsAAAAACC5MoAAAAAADfxpa","size":50,"type":1}"#;
        let sign = "b49c960d41186477a1861f49e87f61ac31f52725a8857786a8564a80ec5419a0";
        assert!(tanma_valid(
            "tm_app",
            "1685000000123",
            body.as_bytes(),
            "s3cr3t",
            sign
        ));
        let sign = "0a5d3a49bcce2a497f2ffff958a308d13911148ed53dbec5d23d34cb66971f12";
        assert!(tanma_valid("a", "1", b"", "k", sign));
    }

    #[test]
    fn tanma_refuses_another_body_key_or_spelling() {
        let body = br#"{"qwUserId":"dowen","cursor":"","size":100,"type":1}"#;
        let sign = "1e5ba8edec062733f9a681b68235e0e8fb66ad5c8ce68cbd3469130330e6b5a4";
        let spaced = br#"{"qwUserId": "dowen","cursor":"","size":100,"type":1}"#;
        assert!(!tanma_valid(
            "app123",
            "1700000000000",
            spaced,
            "key-xyz",
            sign
        ));
        assert!(!tanma_valid(
            "app123",
            "1700000000000",
            body,
            "key-xyz2",
            sign
        ));
        assert!(!tanma_valid(
            "app123",
            "1700000000001",
            body,
            "key-xyz",
            sign
        ));
        let upper = sign.to_ascii_uppercase();
        assert!(!tanma_valid(
            "app123",
            "1700000000000",
            body,
            "key-xyz",
            &upper
        ));
        assert!(!tanma_valid(
            "app123",
            "1700000000000",
            body,
            "key-xyz",
            "1e5b"
        ));
    }

    #[test]
    fn youmi_signatures_of_the_fixed_vectors_are_accepted() {
        let ok = |key, first, nonce, at, sig| youmi_valid(key, first, nonce, at, sig);
        assert!(ok(
            "app-key-1",
            "10001",
            "n0nce",
            "1700000000",
            "t8%2BhKFeq6ay8oZtntMSCbIcBYxU%3D"
        ));
        assert!(ok(
            "k",
            "tok_abc",
            "xyz",
            "1600000000",
            "WaGhFbbxFioiWmYlU031tWuKJwQ%3D"
        ));
        assert!(ok(
            "key3",
            "app3",
            "",
            "1700000000",
            "5oc5%2BDXcGbOXr33QtPmAiyh%2FR64%3D"
        ));
    }

    #[test]
    fn youmi_refuses_another_message_key_or_an_unencoded_signature() {
        let sig = "t8%2BhKFeq6ay8oZtntMSCbIcBYxU%3D";
        assert!(!youmi_valid(
            "app-key-1",
            "10001",
            "n0nce",
            "1700000001",
            sig
        ));
        assert!(!youmi_valid(
            "app-key-2",
            "10001",
            "n0nce",
            "1700000000",
            sig
        ));
        assert!(!youmi_valid(
            "app-key-1",
            "10001",
            "n0nce",
            "1700000000",
            "t8+hKFeq6ay8oZtntMSCbIcBYxU="
        ));
        assert!(!youmi_valid(
            "app-key-1",
            "10001",
            "n0nce",
            "1700000000",
            "%zz"
        ));
        assert!(!youmi_valid(
            "app-key-1",
            "10001",
            "n0nce",
            "1700000000",
            ""
        ));
    }
}
