//! The vendor's raw object of a record, kept packed and shared.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex};

/// A vendor's raw object: the exact JSON text it arrived in (after escape repair), kept packed
/// ([`crate::json::compact`], about a fifth of the text's size) and unpacked on demand, for the
/// detail view, the offline cache and `--json`.
///
/// Equal texts share one allocation: a refresh (or the offline cache) bringing back an object
/// that is already held takes the held copy instead of allocating a second, so memory does not
/// double while a refresh of 100 000 customers gathers.
#[derive(Clone, PartialEq, Eq)]
pub struct RawJson(Arc<[u8]>);

/// Every packed text held; [`RawJson::forget_unused`] drops those no record holds any more.
/// Hashed with foldhash: SipHash over every packed text was a tenth of reading a cache.
static RAW_TEXTS: LazyLock<Mutex<Texts>> = LazyLock::new(Default::default);

type Texts = HashSet<Arc<[u8]>, foldhash::fast::RandomState>;

fn raw_texts() -> std::sync::MutexGuard<'static, Texts> {
    RAW_TEXTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Set by a program that never shows a raw object (`scrm-tui get`): then none is packed or
/// held, which was the largest part of decoding 100 000 customers.
static NOT_KEPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl RawJson {
    /// From here on, raw objects are not kept: every one reads as `null`. For the whole
    /// process; `get` calls it before loading, the dashboard never.
    pub fn keep_none() {
        NOT_KEPT.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn new(text: &str) -> Self {
        if NOT_KEPT.load(std::sync::atomic::Ordering::Relaxed) {
            static NULL: LazyLock<Arc<[u8]>> =
                LazyLock::new(|| Arc::from(crate::json::compact::pack("null")));
            return RawJson(NULL.clone());
        }
        let packed = crate::json::compact::pack(text);
        let mut texts = raw_texts();
        if let Some(held) = texts.get(packed.as_slice()) {
            return RawJson(held.clone());
        }
        let packed: Arc<[u8]> = Arc::from(packed);
        texts.insert(packed.clone());
        RawJson(packed)
    }

    /// The JSON text, unpacked.
    pub fn text(&self) -> String {
        crate::json::compact::unpack(&self.0).unwrap_or_else(|| {
            // Only a packed text is ever held, so this is a bug, not bad input.
            tracing::error!("a raw object could not be unpacked");
            "null".to_owned()
        })
    }

    /// The length of the JSON text in bytes.
    pub fn len(&self) -> usize {
        crate::json::compact::unpacked_len(&self.0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether both hold the very same text (not just equal text).
    pub fn shares(&self, other: &RawJson) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Where the held text lives. Equal texts are one allocation, so two raw objects held
    /// at the same time are equal exactly when their addresses are.
    pub fn address(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<u8>() as usize
    }

    /// How many distinct texts are held.
    pub fn held() -> usize {
        raw_texts().len()
    }

    /// Lets go of the texts that no record holds (after a load has replaced older records).
    pub fn forget_unused() {
        let mut texts = raw_texts();
        texts.retain(|text| Arc::strong_count(text) > 1);
        let packed: usize = texts.iter().map(|text| text.len()).sum();
        let unpacked: usize = texts
            .iter()
            .map(|text| crate::json::compact::unpacked_len(text))
            .sum();
        tracing::debug!(objects = texts.len(), packed, unpacked, "raw objects held");
    }
}

/// As the JSON it is (in the offline cache, `"raw": {…}`), not as a string of it: reading it
/// back then copies the text instead of unescaping every quote of it, which made reading a
/// cache several times slower.
impl serde::Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match serde_json::value::RawValue::from_string(self.text()) {
            Ok(raw) => raw.serialize(serializer),
            // Only JSON text is ever held; should that fail, a string still round-trips.
            Err(_) => serializer.serialize_str(&self.text()),
        }
    }
}

/// The JSON as it is, or (as older caches wrote it) a string holding it.
impl<'de> serde::Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        if text.starts_with('"') {
            let inner: String = serde_json::from_str(text).map_err(serde::de::Error::custom)?;
            return Ok(RawJson::new(&inner));
        }
        Ok(RawJson::new(text))
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({} bytes)", self.len())
    }
}
