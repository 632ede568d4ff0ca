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
static RAW_TEXTS: LazyLock<Mutex<HashSet<Arc<[u8]>>>> = LazyLock::new(Default::default);

fn raw_texts() -> std::sync::MutexGuard<'static, HashSet<Arc<[u8]>>> {
    RAW_TEXTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RawJson {
    pub fn new(text: &str) -> Self {
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

impl serde::Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

impl<'de> serde::Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        std::borrow::Cow::<'de, str>::deserialize(deserializer).map(|text| RawJson::new(&text))
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({} bytes)", self.len())
    }
}
