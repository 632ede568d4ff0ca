use super::*;
use crate::domain::{RawJson, Store, Vendor};

fn store(id: u32) -> Store {
    Store {
        account: Default::default(),
        vendor: Vendor::Weiban,
        id: id.to_string(),
        name: format!("门店{id}"),
        address: String::new(),
        city: String::new(),
        owner: String::new(),
        owner_ext_id: String::new(),
        creator: String::new(),
        deleted: false,
        created_at: None,
        raw: RawJson::new("{}"),
    }
}

fn page(ids: std::ops::Range<u32>) -> Vec<Store> {
    ids.map(store).collect()
}

fn ids(records: &[Store]) -> Vec<&str> {
    records.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn a_long_list_of_new_records_is_never_stopped() {
    let mut evidence = Evidence::default();
    for number in 1..=20_000u32 {
        let mut records = page(number * 2..number * 2 + 2);
        assert_eq!(
            evidence.admit(number.into(), &mut records, 0, true, None),
            Ok(0)
        );
        assert_eq!(records.len(), 2);
    }
}

#[test]
fn an_empty_page_that_promises_more_stops_and_a_last_empty_one_does_not() {
    let mut evidence = Evidence::default();
    let mut none: Vec<Store> = Vec::new();
    assert_eq!(evidence.admit(1, &mut none, 0, false, Some(0)), Ok(0));
    let why = evidence.admit(3, &mut none, 0, true, None).unwrap_err();
    assert_eq!(why, "page 3 is empty but more were promised");
    // A page of records that could not be decoded is not empty.
    assert_eq!(evidence.admit(4, &mut none, 2, true, None), Ok(0));
}

#[test]
fn a_repeated_page_stops_and_a_record_seen_before_is_not_handed_on_twice() {
    let mut evidence = Evidence::default();
    let mut first = page(0..3);
    assert_eq!(evidence.admit(1, &mut first, 0, true, None), Ok(0));
    // Overlapping (a record moved while the list was read): the new ones go on.
    let mut second = page(2..5);
    assert_eq!(evidence.admit(2, &mut second, 0, true, None), Ok(1));
    assert_eq!(ids(&second), ["3", "4"]);
    // The first page again: nothing new, paging stops, nothing handed on.
    let mut again = page(0..3);
    let why = evidence.admit(3, &mut again, 0, true, None).unwrap_err();
    assert!(
        why.contains("page 3 brings only records already seen"),
        "{why}"
    );
    assert!(again.is_empty());
}

#[test]
fn pages_far_beyond_the_vendors_total_stop() {
    let mut evidence = Evidence::default();
    // 100 records in pages of 10: 10 pages; twice that is allowed (the list may grow).
    for number in 1..=20u32 {
        let mut records = page(number * 10..number * 10 + 10);
        let got = evidence.admit(number.into(), &mut records, 0, true, Some(100));
        assert_eq!(got, Ok(0), "page {number}");
    }
    let mut records = page(1000..1010);
    let why = evidence
        .admit(21, &mut records, 0, true, Some(100))
        .unwrap_err();
    assert_eq!(
        why,
        "page 21 is far beyond the 10 pages of 10 that the vendor's total of 100 makes"
    );
    // The page's new records are kept even so.
    assert_eq!(records.len(), 10);
}
