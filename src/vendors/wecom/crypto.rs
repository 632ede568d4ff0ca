//! WXBizMsgCrypt, WeCom's callback envelope: AES-256-CBC under the EncodingAESKey (IV = the
//! key's first 16 bytes), PKCS#7 padding to a multiple of 32, the plaintext framed as 16
//! random bytes ‖ a 4-byte big-endian length ‖ the message ‖ the receive id (the corp id),
//! and `msg_signature` = hex SHA-1 of token, timestamp, nonce and the ciphertext, sorted.

use aes::Aes256;
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use sha1::{Digest, Sha1};

use super::Refusal;
use crate::redact::Secret;

/// WeCom pads to this, not to AES's 16: a 16-byte unpadder rejects real messages.
const PAD_TO: usize = 32;
const BLOCK: usize = 16;
/// The random prefix and the length field before the message.
const HEADER: usize = 16 + 4;

/// The EncodingAESKey: 43 characters of base64 whose last one carries bits WeCom sets
/// anyway, so it is decoded without insisting they be zero.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A key that cannot be WeCom's: said when the config is read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("encoding_aes_key must be 43 characters of base64 (it has {0})")]
    Length(usize),
    #[error("encoding_aes_key is not base64")]
    NotBase64,
    #[error("token must not be empty")]
    EmptyToken,
    #[error("corp_id must not be empty")]
    EmptyCorpId,
}

/// One account's callback settings, ready to check and open what WeCom sends.
pub struct CallbackCrypto {
    token: Secret,
    key: [u8; 32],
    receive_id: String,
}

impl std::fmt::Debug for CallbackCrypto {
    // The key is never printed, not even by a debug dump.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackCrypto")
            .field("receive_id", &self.receive_id)
            .finish_non_exhaustive()
    }
}

impl CallbackCrypto {
    pub fn new(
        token: &Secret,
        encoding_aes_key: &Secret,
        receive_id: &str,
    ) -> Result<CallbackCrypto, KeyError> {
        let text = encoding_aes_key.expose().trim();
        if text.chars().count() != 43 {
            return Err(KeyError::Length(text.chars().count()));
        }
        if token.is_empty() {
            return Err(KeyError::EmptyToken);
        }
        if receive_id.trim().is_empty() {
            return Err(KeyError::EmptyCorpId);
        }
        let bytes = LENIENT
            .decode(format!("{text}="))
            .map_err(|_| KeyError::NotBase64)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| KeyError::NotBase64)?;
        Ok(CallbackCrypto {
            token: Secret::new(token.expose().trim()),
            key,
            receive_id: receive_id.trim().to_owned(),
        })
    }

    /// The corp id a message must end with.
    pub fn receive_id(&self) -> &str {
        &self.receive_id
    }

    /// `msg_signature` for a ciphertext.
    pub fn signature(&self, timestamp: &str, nonce: &str, encrypted: &str) -> String {
        let mut parts = [self.token.expose(), timestamp, nonce, encrypted];
        parts.sort_unstable();
        let digest = Sha1::digest(parts.concat().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Checks the signature, then decrypts: the message, or why not.
    pub fn open(
        &self,
        signature: &str,
        timestamp: &str,
        nonce: &str,
        encrypted: &str,
    ) -> Result<Vec<u8>, Refusal> {
        // Some proxies turn a query's `+` into a space.
        let encrypted = encrypted.replace(' ', "+");
        let expected = self.signature(timestamp, nonce, &encrypted);
        if !same(
            expected.as_bytes(),
            signature.trim().to_ascii_lowercase().as_bytes(),
        ) {
            return Err(Refusal::Signature);
        }
        self.decrypt(&encrypted)
    }

    /// Decrypts a ciphertext and checks its frame and receive id.
    pub fn decrypt(&self, encrypted: &str) -> Result<Vec<u8>, Refusal> {
        let mut data = base64::engine::general_purpose::STANDARD
            .decode(encrypted.trim())
            .map_err(|_| Refusal::Base64)?;
        if data.is_empty() || data.len() % BLOCK != 0 {
            return Err(Refusal::Length);
        }
        let (key, iv) = self.key_iv();
        let plain = cbc::Decryptor::<Aes256>::new(key.into(), iv.into())
            .decrypt_padded_mut::<NoPadding>(&mut data)
            .map_err(|_| Refusal::Length)?;
        let plain = unpad(plain)?;
        let (message, receive_id) = unframe(plain)?;
        if receive_id != self.receive_id.as_bytes() {
            return Err(Refusal::ReceiveId);
        }
        Ok(message.to_vec())
    }

    /// Encrypts a message as WeCom would (for the demo and the tests): `random` is the
    /// 16-byte prefix.
    pub fn encrypt(&self, message: &[u8], random: [u8; 16]) -> String {
        let mut plain = Vec::with_capacity(HEADER + message.len() + self.receive_id.len() + PAD_TO);
        plain.extend_from_slice(&random);
        let length = u32::try_from(message.len()).unwrap_or(u32::MAX);
        plain.extend_from_slice(&length.to_be_bytes());
        plain.extend_from_slice(message);
        plain.extend_from_slice(self.receive_id.as_bytes());
        let pad = PAD_TO - plain.len() % PAD_TO;
        plain.extend(std::iter::repeat_n(pad as u8, pad));
        let (key, iv) = self.key_iv();
        let length = plain.len();
        let cipher = cbc::Encryptor::<Aes256>::new(key.into(), iv.into())
            .encrypt_padded_mut::<NoPadding>(&mut plain, length)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        base64::engine::general_purpose::STANDARD.encode(cipher)
    }

    /// A message as WeCom POSTs it: the query (`msg_signature`, `timestamp`, `nonce`) and
    /// the XML envelope around the ciphertext. For the demo's WeCom and the tests.
    pub fn seal(&self, message: &[u8], timestamp: i64, nonce: &str, random: [u8; 16]) -> Sealed {
        let encrypted = self.encrypt(message, random);
        let timestamp = timestamp.to_string();
        let signature = self.signature(&timestamp, nonce, &encrypted);
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("msg_signature", &signature)
            .append_pair("timestamp", &timestamp)
            .append_pair("nonce", nonce)
            .finish();
        let body = format!(
            "<xml><ToUserName><![CDATA[{}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt>\
             <AgentID><![CDATA[]]></AgentID></xml>",
            self.receive_id
        );
        Sealed { query, body }
    }

    fn key_iv(&self) -> (&[u8; 32], &[u8; 16]) {
        let (iv, _) = self
            .key
            .split_first_chunk::<16>()
            .unwrap_or((&[0; 16], &[]));
        (&self.key, iv)
    }
}

/// A sealed message: what goes after `?` and the POST's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub query: String,
    pub body: String,
}

/// The message without its padding: 1–32 bytes, each the pad's length.
fn unpad(plain: &[u8]) -> Result<&[u8], Refusal> {
    let &last = plain.last().ok_or(Refusal::Padding)?;
    let pad = usize::from(last);
    if !(1..=PAD_TO).contains(&pad) || pad > plain.len() {
        return Err(Refusal::Padding);
    }
    let (body, padding) = plain.split_at(plain.len() - pad);
    if padding.iter().any(|&b| b != last) {
        return Err(Refusal::Padding);
    }
    Ok(body)
}

/// The message and the receive id of a plaintext: random ‖ length ‖ message ‖ receive id.
fn unframe(plain: &[u8]) -> Result<(&[u8], &[u8]), Refusal> {
    let rest = plain.get(16..).ok_or(Refusal::Length)?;
    let (length, rest) = rest.split_first_chunk::<4>().ok_or(Refusal::Length)?;
    let length = u32::from_be_bytes(*length) as usize;
    if length > rest.len() {
        return Err(Refusal::Length);
    }
    Ok(rest.split_at(length))
}

/// Compares two signatures in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests;
