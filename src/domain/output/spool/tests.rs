use super::*;
use crate::domain::{Customer, Store};
use crate::domain::{CustomerStatus, PersonKeys, RawJson, Tag};

fn customer(vendor: Vendor, id: &str, name: &str) -> Customer {
    Customer {
        account: Default::default(),
        vendor,
        id: id.to_owned(),
        name: name.to_owned(),
        remark: String::from("=1+1"),
        staff: String::from("mia"),
        tags: vec![Tag {
            name: String::from("VIP"),
            group: String::from("等级"),
        }],
        status: CustomerStatus::Normal,
        added_at: None,
        keys: PersonKeys::default(),
        raw: RawJson::new("{}"),
    }
}

/// Vendors arriving interleaved print as `write` prints them sorted by vendor.
#[test]
fn spooled_text_is_what_write_prints_in_vendor_order() {
    let zone = FixedOffset::east_opt(8 * 3600).unwrap();
    let arrivals = [
        vec![customer(Vendor::Tanma, "t1", "唐一")],
        vec![
            customer(Vendor::Weiban, "w1", "王一"),
            customer(Vendor::Weiban, "w2", "王\"二\"\n"),
        ],
        vec![customer(Vendor::Yunzhong, "y1", "云一")],
        vec![customer(Vendor::Tanma, "t2", "唐二")],
    ];
    let mut sorted: Vec<Customer> = arrivals.iter().flatten().cloned().collect();
    sorted.sort_by_key(|c| c.vendor);
    for format in [Format::Json, Format::Csv] {
        let mut spool = Spool::new(format, zone, Resource::Customers).unwrap();
        for records in &arrivals {
            spool.add(&Records::Customers(records.clone()), None);
        }
        assert_eq!(spool.rows(), 5);
        let mut spooled = Vec::new();
        spool.finish(&mut spooled).unwrap();
        let mut printed = Vec::new();
        super::super::write(&sorted, format, &zone, &mut printed).unwrap();
        assert_eq!(
            String::from_utf8(spooled).unwrap(),
            String::from_utf8(printed).unwrap(),
            "{format:?}"
        );
    }
}

#[test]
fn nothing_spooled_prints_as_nothing_written() {
    let zone = FixedOffset::east_opt(0).unwrap();
    for format in [Format::Json, Format::Csv] {
        let mut spooled = Vec::new();
        let spool = Spool::new(format, zone, Resource::Stores).unwrap();
        spool.finish(&mut spooled).unwrap();
        let mut printed = Vec::new();
        super::super::write::<Store>(&[], format, &zone, &mut printed).unwrap();
        assert_eq!(spooled, printed, "{format:?}");
    }
    assert!(Spool::new(Format::Xlsx, zone, Resource::Stores).is_none());
}

/// Each vendor goes out as soon as the vendors before it are done; one that waits long spills
/// to a file; the whole is what `write` prints in vendor order.
#[test]
fn a_vendor_goes_out_once_the_ones_before_it_are_done() {
    let zone = FixedOffset::east_opt(8 * 3600).unwrap();
    let all = VendorSet::default()
        .with(Vendor::Weiban)
        .with(Vendor::Yunzhong)
        .with(Vendor::Tanma);
    let weiban = vec![customer(Vendor::Weiban, "w1", "王一")];
    let yunzhong = vec![customer(Vendor::Yunzhong, "y1", "云一")];
    // Past the window a waiting vendor keeps in memory.
    let tanma: Vec<Customer> = (0..20_000)
        .map(|n| customer(Vendor::Tanma, &format!("t{n}"), "唐"))
        .collect();
    let mut spool = Spool::new(Format::Json, zone, Resource::Customers).unwrap();
    let mut out = Vec::new();
    spool.add(&Records::Customers(tanma.clone()), Some(all));
    spool.add(&Records::Customers(weiban.clone()), Some(all));
    spool.write_ready(&mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(
        text.starts_with("[\n  {") && text.contains("\"w1\""),
        "{text}"
    );
    assert!(!text.contains("\"t1\""));
    spool.add(&Records::Customers(yunzhong.clone()), Some(all));
    spool.write_ready(&mut out).unwrap();
    assert!(!String::from_utf8_lossy(&out).contains("\"y1\""));
    // Weiban is done: Yunzhong goes out, Tanma still waits for it.
    let weiban_done = all.without(Vendor::Weiban);
    spool.add(&Records::Customers(Vec::new()), Some(weiban_done));
    spool.write_ready(&mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains("\"y1\"") && !text.contains("\"t1\""));
    spool.finish(&mut out).unwrap();

    let mut sorted = weiban;
    sorted.extend(yunzhong);
    sorted.extend(tanma);
    let mut printed = Vec::new();
    super::super::write(&sorted, Format::Json, &zone, &mut printed).unwrap();
    assert!(out == printed, "the streamed text differs from write's");
}
