use super::*;
use crate::domain::{CustomerStatus, PersonKeys, RawJson, Vendor};

/// The shape the issue names — groups with `id`, `name`, `qwTagId` and `tags[]` — with the
/// vendors' usual mixtures: ids as numbers and as strings, a group without tags (`null`), a tag
/// without a name.
const TREE: &str = r#"{"code": 0, "message": "ok", "data": [
  {"id": 396823724189700, "name": "客户等级", "qwTagId": "etvRo3DwAAgroup01",
   "tags": [
     {"id": "396823724189701", "name": "高意向", "qwTagId": "etvRo3DwAAq7llRWbNwJvWxLxioIuhtQ"},
     {"id": 396823724189702, "name": "VIP", "qwTagId": null},
     {"id": 396823724189703, "name": "", "qwTagId": "etvRo3DwAAnoname"}
   ]},
  {"id": "7", "name": "空分组", "tags": null}
]}"#;

fn customer(tags: &[&str]) -> Customer {
    Customer {
        account: Default::default(),
        vendor: Vendor::Tanma,
        id: String::from("1"),
        name: String::from("客户"),
        remark: String::new(),
        staff: String::from("dowen"),
        tags: tags
            .iter()
            .map(|id| Tag {
                name: (*id).to_owned(),
                group: String::new(),
            })
            .collect(),
        status: CustomerStatus::Normal,
        added_at: None,
        keys: PersonKeys::default(),
        raw: RawJson::new("{}"),
    }
}

fn names(customer: &Customer) -> Vec<(&str, &str)> {
    customer
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.group.as_str()))
        .collect()
}

#[test]
fn both_ids_name_a_tag_and_an_id_the_library_lacks_stays() {
    let library = decode_tag_tree(TREE.as_bytes()).unwrap();
    let mut customers = vec![customer(&[
        "etvRo3DwAAq7llRWbNwJvWxLxioIuhtQ",
        "396823724189702",
        "396823724189701",
        "etvRo3DwAAgone",
        "etvRo3DwAAnoname",
    ])];
    library.name_tags(&mut customers);
    assert_eq!(
        names(&customers[0]),
        [
            ("高意向", "客户等级"),
            ("VIP", "客户等级"),
            // WeCom's id and Tanma's named the same tag: once.
            ("etvRo3DwAAgone", ""),
            ("etvRo3DwAAnoname", ""),
        ]
    );
    assert_eq!(library.tag("7").name, "空分组");
}

#[test]
fn the_library_under_a_list_key_and_a_refusal() {
    let listed = r#"{"code": 0, "data": {"list": [{"id": 1, "name": "来源", "tags": [{"id": 2, "name": "门店扫码"}]}]}}"#;
    let library = decode_tag_tree(listed.as_bytes()).unwrap();
    assert_eq!(library.tag("2").group, "来源");
    let refused = r#"{"code": 1002, "message": "签名错误", "data": null}"#;
    let error = decode_tag_tree(refused.as_bytes()).unwrap_err();
    assert!(
        matches!(error, ErrorKind::Api { code: 1002, .. }),
        "{error:?}"
    );
    // An empty library leaves the ids as they are.
    let mut customers = vec![customer(&["x"])];
    TagLibrary::default().name_tags(&mut customers);
    assert_eq!(names(&customers[0]), [("x", "")]);
}
