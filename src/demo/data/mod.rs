//! Deterministic demo data, written in the vendors' exact wire format.
//!
//! Records are rendered to JSON text once, at start, by hand rather than through serde: the
//! seeds' quirks (backslashes before CJK characters inside `extattr`, `null` beside `[]`,
//! `""` beside `null`, ids that are ints in one place and strings in another) must be
//! reproduced byte for byte, and serde would politely fix them. The generator is a
//! hand-written SplitMix64 so the data never changes with a dependency's version.

pub mod build;
pub mod people;
pub mod staff;
pub mod tanma;
pub mod weiban_context;
pub mod weiban_customers;
pub mod weiban_staff;
pub mod weiban_stores;
pub mod youmi;
pub mod yunzhong;

pub use weiban_stores::DemoStore;

/// Everything the demo server serves, generated once at start.
pub struct DemoData {
    /// Newest first, the order the vendor lists them in.
    pub stores: Vec<DemoStore>,
    pub yunzhong: yunzhong::Data,
    pub tanma: tanma::Data,
    pub youmi: youmi::Data,
    /// Weiban customers as the customer list sends them, newest first.
    pub weiban_customers: Vec<String>,
}

impl DemoData {
    /// `scale` multiplies the data: 1 gives 120 stores and 900 customers; 112 gives 2 007
    /// stores and 100 800 customers (stores grow by 17 per unit: a tenant's stores do not
    /// grow as fast as its customers).
    pub fn generate(scale: u32) -> DemoData {
        let scale = scale.max(1) as usize;
        DemoData {
            stores: weiban_stores::generate(scale),
            yunzhong: yunzhong::generate(scale),
            tanma: tanma::generate(scale),
            youmi: youmi::generate(scale),
            weiban_customers: weiban_customers::customers(scale),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic() {
        let a = DemoData::generate(1);
        let b = DemoData::generate(1);
        assert_eq!(a.stores.len(), 120);
        assert!(
            a.stores
                .iter()
                .zip(&b.stores)
                .all(|(x, y)| x.json == y.json)
        );
        assert_eq!(DemoData::generate(3).stores.len(), 154);
    }

    #[test]
    fn some_records_carry_seed_000s_broken_escapes() {
        let data = DemoData::generate(1);
        let broken = data
            .stores
            .iter()
            .filter(|s| serde_json::from_str::<serde_json::Value>(&s.json).is_err())
            .count();
        assert_eq!(broken, 24);
        assert!(
            data.stores
                .iter()
                .any(|s| s.json.contains(r#"\"name\": \"\专\业\""#))
        );
        for s in &data.stores {
            let fixed = crate::json::repair::repair(s.json.as_bytes());
            let v: serde_json::Value = serde_json::from_slice(&fixed).expect("repairable");
            let extattr = v["creator_info"]["extattr"].as_str().unwrap();
            assert!(serde_json::from_str::<serde_json::Value>(extattr).is_ok());
        }
    }

    #[test]
    fn data_has_the_cases_support_staff_meet() {
        let data = DemoData::generate(1);
        assert!(data.stores.iter().any(|s| s.name.chars().count() > 40));
        assert!(data.stores.iter().any(|s| s.name.contains('🍵')));
        assert!(data.stores.iter().any(|s| s.name.contains('\t')));
        assert_eq!(data.stores.iter().filter(|s| s.deleted).count(), 13);
        assert!(
            data.stores
                .iter()
                .any(|s| s.json.contains("\"clerk_staff_ext_id_list\": null"))
        );
        assert!(
            data.stores
                .iter()
                .any(|s| s.json.contains("\"error\": null"))
        );
        assert!(
            data.stores
                .iter()
                .any(|s| s.json.contains("\"creator_id\": \"mia\""))
        );
        // Staff attributes carry values, not only the seed's empty strings.
        let with_values = data.stores.iter().filter(|s| {
            let fixed = crate::json::repair::repair(s.json.as_bytes());
            let store: serde_json::Value = serde_json::from_slice(&fixed).unwrap_or_default();
            let extattr = store["creator_info"]["extattr"]
                .as_str()
                .unwrap_or_default();
            let attrs: serde_json::Value = serde_json::from_str(extattr).unwrap_or_default();
            attrs["attrs"].as_array().is_some_and(|a| {
                a.iter()
                    .any(|attr| attr["value"].as_str().is_some_and(|v| !v.is_empty()))
            })
        });
        assert!(with_values.count() > 60);
    }
}
