//! Raw vendor objects kept compressed in memory.
//!
//! 100 000 customers are 150 MB of JSON text, most of it the same keys and the same staff
//! objects over and over. Each object is compressed with LZ4 against a *dictionary*: the first
//! object seen of the same shape (same first key). Objects of one shape share most of their
//! text with it, so they shrink about five-fold, and unpacking one for the detail view takes
//! about a microsecond.
//!
//! A packed object is one tag byte, then the payload:
//! - `0..=DICT_LIMIT-1`: LZ4 (size prepended) against dictionary number `tag`;
//! - [`LZ4`]: LZ4 without a dictionary (every dictionary slot taken);
//! - [`PLAIN`]: the text itself (tiny texts, and huge ones that are not worth the time).

use std::sync::{Arc, LazyLock, RwLock};

/// How many dictionaries may be learned; objects of further shapes are compressed without.
const DICT_LIMIT: u8 = 64;
const LZ4: u8 = 254;
const PLAIN: u8 = 255;

/// LZ4 looks back at most 64 KiB, so a longer text makes no better dictionary.
const DICT_MAX: usize = 64 * 1024;
/// Below this, compression saves nothing worth a tag and a size.
const PLAIN_BELOW: usize = 32;
/// Above this, a text is kept as it is: one such object is rare, and LZ4's size field is 32-bit.
const PLAIN_ABOVE: usize = 16 * 1024 * 1024;

struct Dictionary {
    shape: Box<str>,
    text: Arc<[u8]>,
}

static DICTIONARIES: LazyLock<RwLock<Vec<Dictionary>>> = LazyLock::new(Default::default);

/// Packs a JSON text; [`unpack`] gives it back byte for byte.
pub fn pack(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    if !(PLAIN_BELOW..=PLAIN_ABOVE).contains(&bytes.len()) {
        return tagged(PLAIN, bytes);
    }
    match dictionary_for(text) {
        Some((tag, dictionary)) => tagged(
            tag,
            &lz4_flex::block::compress_prepend_size_with_dict(bytes, &dictionary),
        ),
        None => tagged(LZ4, &lz4_flex::block::compress_prepend_size(bytes)),
    }
}

/// The text a [`pack`] made, or `None` if these bytes are not one (never for a packed text).
pub fn unpack(packed: &[u8]) -> Option<String> {
    let (&tag, payload) = packed.split_first()?;
    let bytes = match tag {
        PLAIN => payload.to_vec(),
        LZ4 => lz4_flex::block::decompress_size_prepended(payload).ok()?,
        _ => {
            let dictionary = dictionary(tag)?;
            lz4_flex::block::decompress_size_prepended_with_dict(payload, &dictionary).ok()?
        }
    };
    String::from_utf8(bytes).ok()
}

/// The length of the text a [`pack`] made, without unpacking it.
pub fn unpacked_len(packed: &[u8]) -> usize {
    match packed.split_first() {
        Some((&PLAIN, payload)) => payload.len(),
        Some((_, payload)) => payload
            .first_chunk::<4>()
            .map_or(0, |size| u32::from_le_bytes(*size) as usize),
        None => 0,
    }
}

fn tagged(tag: u8, payload: &[u8]) -> Vec<u8> {
    let mut packed = Vec::with_capacity(payload.len() + 1);
    packed.push(tag);
    packed.extend_from_slice(payload);
    packed
}

fn dictionary(tag: u8) -> Option<Arc<[u8]>> {
    let dictionaries = DICTIONARIES.read().unwrap_or_else(|p| p.into_inner());
    dictionaries.get(usize::from(tag)).map(|d| d.text.clone())
}

/// The dictionary for this text's shape; the first text of a new shape becomes its dictionary.
fn dictionary_for(text: &str) -> Option<(u8, Arc<[u8]>)> {
    let shape = first_key(text);
    let find = |dictionaries: &[Dictionary]| {
        dictionaries
            .iter()
            .position(|d| *d.shape == *shape)
            .and_then(|i| Some((u8::try_from(i).ok()?, dictionaries[i].text.clone())))
    };
    if let Some(found) = find(&DICTIONARIES.read().unwrap_or_else(|p| p.into_inner())) {
        return Some(found);
    }
    let mut dictionaries = DICTIONARIES.write().unwrap_or_else(|p| p.into_inner());
    if let Some(found) = find(&dictionaries) {
        return Some(found);
    }
    if dictionaries.len() >= usize::from(DICT_LIMIT) || text.len() > DICT_MAX {
        return None;
    }
    let text: Arc<[u8]> = Arc::from(text.as_bytes());
    dictionaries.push(Dictionary {
        shape: shape.into(),
        text: text.clone(),
    });
    Some((u8::try_from(dictionaries.len() - 1).ok()?, text))
}

/// The first key of a JSON object (`avatar` for a Weiban customer), or "" for anything else.
/// Objects of one kind start with the same key, so it tells their shapes apart cheaply.
fn first_key(text: &str) -> &str {
    let rest = text.trim_start();
    let Some(rest) = rest.strip_prefix('{') else {
        return "";
    };
    let Some(rest) = rest.trim_start().strip_prefix('"') else {
        return "";
    };
    let end = rest.find(['"', '\\']).unwrap_or(0).min(64);
    rest.get(..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(i: u32) -> String {
        format!(
            r#"{{"external_user_id": "wm{i:08}", "name": "客户{i}", "staff": {{"id": "ZhangXiaoWen", "name": "张晓雯", "avatar": "https://wework.qpic.cn/wwpic/5_demo/0"}}, "tags": [{{"group_ext_id": "etP_2OPAAAc9mN4bH7jK2lP5qR8sT1uV", "name": "已下单"}}]}}"#
        )
    }

    #[test]
    fn every_kind_of_text_comes_back_byte_for_byte() {
        let long = format!("[\"{}\"]", "长".repeat(40_000));
        for text in [
            String::new(),
            "{}".to_owned(),
            customer(1),
            customer(2),
            "{\"\\u00e9\": 1, \"x\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}".to_owned(),
            long,
        ] {
            let packed = pack(&text);
            assert_eq!(unpack(&packed).as_deref(), Some(text.as_str()));
            assert_eq!(unpacked_len(&packed), text.len());
        }
    }

    #[test]
    fn objects_of_one_shape_shrink_against_the_first() {
        let first = customer(100);
        let _ = pack(&first);
        let text = customer(101);
        let packed = pack(&text);
        assert!(
            packed.len() * 4 < text.len(),
            "{} bytes packed from {}",
            packed.len(),
            text.len()
        );
        assert_eq!(unpack(&packed), Some(text));
    }

    #[test]
    fn bytes_that_are_not_a_packed_text_give_none() {
        assert_eq!(unpack(&[]), None);
        assert_eq!(unpack(&[LZ4, 200, 0, 0, 0, 1, 2]), None);
        assert_eq!(unpack(&[DICT_LIMIT - 1, 9, 9]), None);
        assert_eq!(unpack(&[PLAIN, 0xff, 0xfe]), None);
    }

    #[test]
    fn the_first_key_names_the_shape() {
        assert_eq!(first_key(r#" { "avatar": 1 }"#), "avatar");
        assert_eq!(first_key(r#"{"a\"b": 1}"#), "a");
        assert_eq!(first_key("[1]"), "");
        assert_eq!(first_key("{"), "");
    }
}
