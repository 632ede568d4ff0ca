//! Names for alerts that carry ids only (WeCom's): filled in as the alerts are read, from the
//! customers and the staff directory the sync keeps.

use crate::domain::OutflowAlert;
use crate::store::rows::select_list;

/// An alert WeCom told of carries ids only: its customer's name and tags come from any
/// vendor's customer with that external userid (this account's first), its staff member's
/// name from the staff directory — looked up only for the alerts that lack them.
pub(super) const NAMED_BY_OTHERS: &str = "
    LEFT JOIN LATERAL (
        SELECT c.name, c.tags FROM customers c
        WHERE a.customer_name = '' AND c.external_userid = a.customer_id
        ORDER BY (c.account = a.account) DESC, (c.name <> '') DESC LIMIT 1) c ON true
    LEFT JOIN LATERAL (
        SELECT s.name FROM staff s
        WHERE a.staff_name = '' AND s.account = a.account AND s.userid = a.staff_id
          AND s.name <> '' LIMIT 1) s ON true";

/// The alert's columns from `a`, the names [`NAMED_BY_OTHERS`] found filled in.
pub(super) fn alert_select_list() -> String {
    select_list::<OutflowAlert>()
        .split(", ")
        .map(|column| match column {
            "customer_name" => String::from(
                "CASE WHEN a.customer_name <> '' OR c.name IS NULL THEN a.customer_name \
                 ELSE c.name END AS customer_name",
            ),
            "tags" => String::from(
                "CASE WHEN a.customer_name <> '' OR c.tags IS NULL THEN a.tags \
                 ELSE ARRAY(SELECT t->>'name' FROM jsonb_array_elements(c.tags) t \
                            WHERE t->>'name' <> '') END AS tags",
            ),
            "staff_name" => String::from(
                "CASE WHEN a.staff_name <> '' OR s.name IS NULL THEN a.staff_name \
                 ELSE s.name END AS staff_name",
            ),
            other => format!("a.{other}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
