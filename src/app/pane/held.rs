//! A refresh that brings a record back unchanged keeps the one already held: its own copy is
//! dropped as it arrives. Two full copies of 100 000 customers during every refresh (the one
//! shown and the one gathering) were most of the dashboard's peak memory, and most of what
//! made it grow with refreshes.

use std::collections::HashMap;
use std::sync::Arc;

use crate::domain::{Record, Shared};

/// The records shown when a load began, found by their raw object. Equal raw texts are one
/// allocation ([`crate::domain::RawJson`]), so a record that came back unchanged has the held
/// one's raw object at the same address — a lookup, not a comparison with every record.
pub(super) struct Held<R> {
    records: Shared<R>,
    by_raw: HashMap<usize, u32, foldhash::fast::RandomState>,
}

impl<R> std::fmt::Debug for Held<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Held({} records)", self.records.len())
    }
}

impl<R: Record> Held<R> {
    pub(super) fn new(records: &Shared<R>) -> Held<R> {
        let mut by_raw = HashMap::with_capacity_and_hasher(
            records.len(),
            foldhash::fast::RandomState::default(),
        );
        for (index, record) in (0..u32::MAX).zip(records.iter()) {
            by_raw.entry(record.raw().address()).or_insert(index);
        }
        Held {
            records: records.clone(),
            by_raw,
        }
    }

    /// The held record equal to `record` if there is one, else `record`, now shared.
    pub(super) fn share(&self, record: R) -> Arc<R> {
        let held = self
            .by_raw
            .get(&record.raw().address())
            .and_then(|&index| self.records.get(index as usize));
        match held {
            // Equal in every field, not only in the raw object: the record is what is shown.
            Some(held) if **held == record => held.clone(),
            _ => Arc::new(record),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{RawJson, Store, Vendor};

    fn store(id: &str, name: &str) -> Store {
        Store {
            account: Default::default(),
            vendor: Vendor::Weiban,
            id: id.to_owned(),
            name: name.to_owned(),
            address: String::new(),
            city: String::new(),
            owner: String::new(),
            owner_ext_id: String::new(),
            creator: String::new(),
            deleted: false,
            created_at: None,
            raw: RawJson::new(&format!(r#"{{"id":"{id}","name":"{name}"}}"#)),
        }
    }

    #[test]
    fn an_unchanged_record_is_the_held_one_and_a_changed_one_is_new() {
        let shown: Shared<Store> = Arc::new(vec![
            Arc::new(store("held-1", "天河店")),
            Arc::new(store("held-2", "越秀店")),
        ]);
        let held = Held::new(&shown);

        let same = held.share(store("held-2", "越秀店"));
        assert!(Arc::ptr_eq(&same, &shown[1]));

        let renamed = held.share(store("held-1", "天河北店"));
        assert!(!Arc::ptr_eq(&renamed, &shown[0]));
        assert_eq!(renamed.name, "天河北店");

        // Same raw object, another field differs (the vendor's context, say): not shared.
        let mut moved = store("held-1", "天河店");
        moved.city = String::from("广州");
        let moved = held.share(moved);
        assert!(!Arc::ptr_eq(&moved, &shown[0]));
        assert_eq!(moved.city, "广州");
    }
}
