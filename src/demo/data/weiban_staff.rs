//! Weiban's staff directory for the demo (`/open-api/staff/list`): the demo corp's staff,
//! their numbers as the demo's outflow alerts give them, one who left and one disabled, and
//! the type changes the vendor's answers have (a string id, a status as text).

use super::build::{Obj, Rng, quote};
use super::staff::STAFF;

/// Departments of the demo corp: id and name.
const DEPARTMENTS: &[(u32, &str)] = &[(2, "华南区"), (3, "华东区"), (5, "客服部"), (8, "门店运营")];

/// One directory entry per demo staff member; `named_departments` when the call asked for
/// `fields=["department"]` (else only their ids, as the vendor sends them).
pub fn staff_list(named_departments: bool) -> Vec<String> {
    STAFF
        .iter()
        .enumerate()
        .map(|(index, seed)| {
            let mut rng = Rng::new(9100 + index as u64);
            // The alerts' `staff.id` for this member, when it is a number.
            let id = if seed.ext_id == "mia" {
                quote(seed.ext_id)
            } else {
                (102_468_059 + index as u64).to_string()
            };
            let status = match index {
                15 => String::from("\"4\""),
                11 => String::from("2"),
                _ => String::from("1"),
            };
            let departments: Vec<(u32, &str)> = (0..1 + index % 2)
                .map(|k| DEPARTMENTS[(index + k * 2) % DEPARTMENTS.len()])
                .collect();
            let department = if named_departments {
                let items: Vec<String> = departments
                    .iter()
                    .map(|(id, name)| format!("{{\"id\": {id}, \"name\": {}}}", quote(name)))
                    .collect();
                format!("[{}]", items.join(", "))
            } else {
                let ids: Vec<String> = departments.iter().map(|(id, _)| id.to_string()).collect();
                format!("[{}]", ids.join(", "))
            };
            Obj::new()
                .raw("id", &id)
                .str("ext_id", seed.ext_id)
                .str("name", seed.name)
                .str("alias", if index % 5 == 0 { seed.ext_id } else { "" })
                .raw("status", &status)
                .raw("department", &department)
                .str(
                    "mobile",
                    &format!(
                        "1{}{:08}",
                        [38, 59, 89, 77][index % 4],
                        rng.below(100_000_000)
                    ),
                )
                .str("position", ["", "店长", "运营主管", "客服"][index % 4])
                .raw(
                    "external_contact_able",
                    if index % 7 == 3 { "0" } else { "1" },
                )
                .bool("ia_authorized", true)
                .done()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_json_and_departments_follow_the_fields_asked() {
        for named in [true, false] {
            for entry in staff_list(named) {
                let value: serde_json::Value = serde_json::from_str(&entry).unwrap();
                let first = &value["department"][0];
                assert_eq!(first.is_object(), named, "{entry}");
            }
        }
        assert_eq!(staff_list(true).len(), STAFF.len());
    }
}
