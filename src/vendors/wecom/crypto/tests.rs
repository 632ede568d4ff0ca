//! Against WeCom's own published vectors (the SDK samples' URL verification and message, with
//! the token, key and corp id of WeCom's 加解密 documentation), then round trips.

use base64::Engine;
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockDecryptMut, KeyIvInit};
use proptest::prelude::*;

use super::*;

const TOKEN: &str = "QDG6eK";
const KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const CORP: &str = "wx5823bf96d3bd56c7";

/// `callback_python3/Sample.py` and `sample.go`: VerifyURL.
const VERIFY_SIGNATURE: &str = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
const VERIFY_TIMESTAMP: &str = "1409659589";
const VERIFY_NONCE: &str = "263014780";
const VERIFY_ECHOSTR: &str =
    "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

/// The same samples: DecryptMsg of a POSTed message.
const MESSAGE_SIGNATURE: &str = "477715d11cdb4164915debcba66cb864d751f3e6";
const MESSAGE_TIMESTAMP: &str = "1409659813";
const MESSAGE_NONCE: &str = "1372623149";
const MESSAGE_ENCRYPT: &str = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

fn crypto() -> CallbackCrypto {
    CallbackCrypto::new(&Secret::new(TOKEN), &Secret::new(KEY), CORP).unwrap()
}

/// The pad byte WeCom wrote at the end of a ciphertext.
fn pad_of(crypto: &CallbackCrypto, encrypted: &str) -> u8 {
    let mut data = base64::engine::general_purpose::STANDARD
        .decode(encrypted)
        .unwrap();
    let (key, iv) = crypto.key_iv();
    let plain = cbc::Decryptor::<Aes256>::new(key.into(), iv.into())
        .decrypt_padded_mut::<NoPadding>(&mut data)
        .unwrap();
    *plain.last().unwrap()
}

#[test]
fn the_sdk_url_verification_vector_opens_to_its_echostr() {
    let crypto = crypto();
    assert_eq!(
        crypto.signature(VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR),
        VERIFY_SIGNATURE
    );
    let echo = crypto
        .open(
            VERIFY_SIGNATURE,
            VERIFY_TIMESTAMP,
            VERIFY_NONCE,
            VERIFY_ECHOSTR,
        )
        .unwrap();
    assert_eq!(String::from_utf8(echo).unwrap(), "1616140317555161061");
    // A proxy that turned the `+` into spaces changes nothing.
    let spaced = VERIFY_ECHOSTR.replace('+', " ");
    let echo = crypto
        .open(VERIFY_SIGNATURE, VERIFY_TIMESTAMP, VERIFY_NONCE, &spaced)
        .unwrap();
    assert_eq!(echo, b"1616140317555161061");
}

#[test]
fn the_sdk_message_vector_opens_to_its_xml_with_a_pad_above_16() {
    let crypto = crypto();
    let message = crypto
        .open(
            MESSAGE_SIGNATURE,
            MESSAGE_TIMESTAMP,
            MESSAGE_NONCE,
            MESSAGE_ENCRYPT,
        )
        .unwrap();
    let text = String::from_utf8(message).unwrap();
    assert!(text.starts_with("<xml>"), "{text}");
    assert!(
        text.contains("<Content><![CDATA[hello]]></Content>"),
        "{text}"
    );
    assert!(
        text.contains("<MsgId>4561255354251345929</MsgId>"),
        "{text}"
    );
    assert!(text.contains("<FromUserName><![CDATA[mycreate]]></FromUserName>"));
    // WeCom padded to 32: a 16-byte unpadder would have rejected this one.
    let pad = pad_of(&crypto, MESSAGE_ENCRYPT);
    assert!(pad > 16, "pad {pad}");
}

#[test]
fn a_wrong_signature_token_or_corp_is_refused() {
    let crypto = crypto();
    let wrong = "0".repeat(40);
    assert_eq!(
        crypto.open(&wrong, VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR),
        Err(Refusal::Signature)
    );
    // The right signature for another timestamp.
    assert_eq!(
        crypto.open(VERIFY_SIGNATURE, "1409659590", VERIFY_NONCE, VERIFY_ECHOSTR),
        Err(Refusal::Signature)
    );
    let other_token = CallbackCrypto::new(&Secret::new("other"), &Secret::new(KEY), CORP).unwrap();
    assert_eq!(
        other_token.open(
            VERIFY_SIGNATURE,
            VERIFY_TIMESTAMP,
            VERIFY_NONCE,
            VERIFY_ECHOSTR
        ),
        Err(Refusal::Signature)
    );
    let other_corp =
        CallbackCrypto::new(&Secret::new(TOKEN), &Secret::new(KEY), "ww0000000000000000").unwrap();
    assert_eq!(
        other_corp.open(
            VERIFY_SIGNATURE,
            VERIFY_TIMESTAMP,
            VERIFY_NONCE,
            VERIFY_ECHOSTR
        ),
        Err(Refusal::ReceiveId)
    );
}

#[test]
fn broken_ciphertexts_are_refused_by_reason() {
    let crypto = crypto();
    assert_eq!(crypto.decrypt("not base64 at all!"), Err(Refusal::Base64));
    assert_eq!(crypto.decrypt(""), Err(Refusal::Length));
    // 15 bytes: not whole blocks.
    let short = base64::engine::general_purpose::STANDARD.encode([7u8; 15]);
    assert_eq!(crypto.decrypt(&short), Err(Refusal::Length));
    // Whole blocks of noise: the padding (or the frame) does not add up.
    let noise = base64::engine::general_purpose::STANDARD.encode([7u8; 64]);
    assert!(matches!(
        crypto.decrypt(&noise),
        Err(Refusal::Padding | Refusal::Length | Refusal::ReceiveId)
    ));
}

#[test]
fn unpadding_takes_1_to_32_equal_bytes_only() {
    let mut data = vec![b'x'; 40];
    data.extend([24u8; 24]);
    assert_eq!(unpad(&data).unwrap().len(), 40);
    assert_eq!(unpad(&[b'x', 33]), Err(Refusal::Padding));
    assert_eq!(unpad(&[b'x', 0]), Err(Refusal::Padding));
    assert_eq!(unpad(&[b'x', 3, 2, 3]), Err(Refusal::Padding));
    assert_eq!(unpad(&[]), Err(Refusal::Padding));
}

#[test]
fn a_length_beyond_the_message_is_refused() {
    let mut plain = vec![0u8; 16];
    plain.extend(1000u32.to_be_bytes());
    plain.extend(b"short");
    assert_eq!(unframe(&plain), Err(Refusal::Length));
    assert_eq!(unframe(&[0u8; 10]), Err(Refusal::Length));
}

#[test]
fn bad_keys_are_said_when_the_config_is_read() {
    let token = Secret::new(TOKEN);
    assert_eq!(
        CallbackCrypto::new(&token, &Secret::new("short"), CORP).unwrap_err(),
        KeyError::Length(5)
    );
    assert_eq!(
        CallbackCrypto::new(&token, &Secret::new("!".repeat(43)), CORP).unwrap_err(),
        KeyError::NotBase64
    );
    assert_eq!(
        CallbackCrypto::new(&Secret::new(" "), &Secret::new(KEY), CORP).unwrap_err(),
        KeyError::EmptyToken
    );
    let debug = format!("{:?}", crypto());
    assert!(!debug.contains(TOKEN) && !debug.contains(KEY), "{debug}");
}

/// 43 characters of base64, as WeCom's admin console makes them.
fn any_key() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 32).prop_map(|bytes| {
        let text = base64::engine::general_purpose::STANDARD.encode(bytes);
        text.trim_end_matches('=').to_owned()
    })
}

proptest! {
    #[test]
    fn what_is_encrypted_opens_to_itself(
        key in any_key(),
        message in proptest::collection::vec(any::<u8>(), 0..300),
        random in any::<[u8; 16]>(),
        corp in "[a-z0-9]{1,24}",
    ) {
        let crypto = CallbackCrypto::new(&Secret::new("token"), &Secret::new(&key), &corp).unwrap();
        let encrypted = crypto.encrypt(&message, random);
        let signature = crypto.signature("1700000000", "42", &encrypted);
        prop_assert_eq!(crypto.open(&signature, "1700000000", "42", &encrypted).unwrap(), message);
        // Every ciphertext is whole 32-byte blocks, its pad 1 to 32.
        let pad = pad_of(&crypto, &encrypted);
        prop_assert!((1..=32).contains(&pad));
    }

    #[test]
    fn a_flipped_byte_never_opens_to_the_message(
        key in any_key(),
        message in proptest::collection::vec(any::<u8>(), 1..200),
        at in any::<usize>(),
    ) {
        let crypto = CallbackCrypto::new(&Secret::new("token"), &Secret::new(&key), "corp").unwrap();
        let encrypted = crypto.encrypt(&message, [9; 16]);
        let mut bytes = base64::engine::general_purpose::STANDARD.decode(&encrypted).unwrap();
        let at = at % bytes.len();
        bytes[at] ^= 0x01;
        let tampered = base64::engine::general_purpose::STANDARD.encode(bytes);
        // Without the signature check, decryption alone never panics; it may only succeed
        // when the flip lands in a block whose damage the frame happens to absorb.
        if let Ok(opened) = crypto.decrypt(&tampered) {
            prop_assert_ne!(opened, message);
        }
        let signature = crypto.signature("1", "2", &encrypted);
        prop_assert_eq!(crypto.open(&signature, "1", "2", &tampered), Err(Refusal::Signature));
    }
}
