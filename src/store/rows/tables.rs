//! The four tables of records: each one's columns, named once with the value a record gives
//! them, and the record read back from a selected row.

use chrono::{DateTime, Utc};
use tokio_postgres::types::Type;

use super::{
    Column, Identity, OwnedJsonb, Row, RowError, account_column, column, ord, raw_column, run_id,
    vendor_column,
};
use crate::domain::{
    Account, Customer, CustomerStatus, DeleteBy, EndedRelation, Operator, Origins, OutflowAlert,
    PersonKeys, RawJson, StaffMember, StaffStatus, Store, Tag, Vendor,
};

/// The `vendor` column, one of the vendors this program knows.
fn vendor(row: &tokio_postgres::Row, table: &'static str) -> Result<Vendor, RowError> {
    let name: String = row.try_get("vendor")?;
    Vendor::parse(&name).ok_or_else(|| {
        let names: Vec<&str> = Vendor::ALL.iter().map(|v| v.name()).collect();
        RowError::value(
            table,
            row,
            "vendor",
            &name,
            format!("the vendors are {}", names.join(", ")),
        )
    })
}

/// The `account` column: the config's name for the account the row came from.
fn account(row: &tokio_postgres::Row) -> Result<Account, RowError> {
    let name: String = row.try_get("account")?;
    Ok(Account::new(&name))
}

/// The person's keys across vendors, as customers and alerts keep them.
fn person_keys(row: &tokio_postgres::Row) -> Result<PersonKeys, RowError> {
    Ok(PersonKeys {
        external_userid: row.try_get("external_userid")?,
        unionid: row.try_get("unionid")?,
        phones: row.try_get("phones")?,
    })
}

/// The `raw` column, always selected last as text.
fn raw(row: &tokio_postgres::Row) -> Result<RawJson, RowError> {
    let text: String = row.try_get(row.len().saturating_sub(1))?;
    Ok(RawJson::new(&text))
}

impl Row for Store {
    const TABLE: &'static str = "stores";
    const COLUMNS: &'static [Column<Store>] = &[
        vendor_column(),
        account_column(),
        column("id", Type::TEXT, |r, _| Box::new(r.id.as_str())),
        ord(),
        run_id(),
        column("name", Type::TEXT, |r, _| Box::new(r.name.as_str())),
        column("address", Type::TEXT, |r, _| Box::new(r.address.as_str())),
        column("city", Type::TEXT, |r, _| Box::new(r.city.as_str())),
        column("owner", Type::TEXT, |r, _| Box::new(r.owner.as_str())),
        column("owner_ext_id", Type::TEXT, |r, _| {
            Box::new(r.owner_ext_id.as_str())
        }),
        column("creator", Type::TEXT, |r, _| Box::new(r.creator.as_str())),
        column("deleted", Type::BOOL, |r, _| Box::new(r.deleted)),
        column("created_at", Type::TIMESTAMPTZ, |r, _| {
            Box::new(r.created_at)
        }),
        raw_column(),
    ];
    const KEY: &'static str = "vendor, account, id";

    fn identity(&self) -> Identity<'_> {
        (self.vendor, self.account.name(), &self.id, "", 0)
    }

    fn from_row(row: &tokio_postgres::Row) -> Result<Store, RowError> {
        Ok(Store {
            account: account(row)?,
            vendor: vendor(row, Self::TABLE)?,
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            address: row.try_get("address")?,
            city: row.try_get("city")?,
            owner: row.try_get("owner")?,
            owner_ext_id: row.try_get("owner_ext_id")?,
            creator: row.try_get("creator")?,
            deleted: row.try_get("deleted")?,
            created_at: row.try_get("created_at")?,
            raw: raw(row)?,
        })
    }
}

impl Row for Customer {
    const TABLE: &'static str = "customers";
    const COLUMNS: &'static [Column<Customer>] = &[
        vendor_column(),
        account_column(),
        column("id", Type::TEXT, |r, _| Box::new(r.id.as_str())),
        column("staff", Type::TEXT, |r, _| Box::new(r.staff.as_str())),
        ord(),
        run_id(),
        column("name", Type::TEXT, |r, _| Box::new(r.name.as_str())),
        column("remark", Type::TEXT, |r, _| Box::new(r.remark.as_str())),
        column("tags", Type::JSONB, |r, _| {
            let tags = serde_json::to_string(&r.tags).unwrap_or_else(|_| String::from("[]"));
            Box::new(OwnedJsonb(tags))
        }),
        column("status", Type::TEXT, |r, _| Box::new(r.status.name())),
        column("added_at", Type::TIMESTAMPTZ, |r, _| Box::new(r.added_at)),
        column("external_userid", Type::TEXT, |r, _| {
            Box::new(r.keys.external_userid.as_str())
        }),
        column("unionid", Type::TEXT, |r, _| {
            Box::new(r.keys.unionid.as_str())
        }),
        column("phones", Type::TEXT_ARRAY, |r, _| Box::new(&r.keys.phones)),
        raw_column(),
    ];
    const KEY: &'static str = "vendor, account, id, staff";

    fn identity(&self) -> Identity<'_> {
        (self.vendor, self.account.name(), &self.id, &self.staff, 0)
    }

    fn from_row(row: &tokio_postgres::Row) -> Result<Customer, RowError> {
        let tags: String = row.try_get("tags_text")?;
        let status: String = row.try_get("status")?;
        Ok(Customer {
            account: account(row)?,
            vendor: vendor(row, Self::TABLE)?,
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            remark: row.try_get("remark")?,
            staff: row.try_get("staff")?,
            tags: serde_json::from_str::<Vec<Tag>>(&tags).map_err(|e| {
                RowError::value(
                    Self::TABLE,
                    row,
                    "tags",
                    &tags,
                    format!("not a list of tags: {e}"),
                )
            })?,
            status: CustomerStatus::parse(&status).ok_or_else(|| {
                RowError::value(
                    Self::TABLE,
                    row,
                    "status",
                    &status,
                    String::from("a status is normal or lost"),
                )
            })?,
            added_at: row.try_get("added_at")?,
            keys: person_keys(row)?,
            raw: raw(row)?,
        })
    }
}

impl Row for OutflowAlert {
    const TABLE: &'static str = "outflow_alerts";
    /// Alerts are kept forever with a sequence number: no `ord`, no `run_id`.
    const COLUMNS: &'static [Column<OutflowAlert>] = &[
        vendor_column(),
        account_column(),
        column("customer_id", Type::TEXT, |r, _| {
            Box::new(r.customer_id.as_str())
        }),
        column("customer_name", Type::TEXT, |r, _| {
            Box::new(r.customer_name.as_str())
        }),
        column("staff_id", Type::TEXT, |r, _| Box::new(r.staff_id.as_str())),
        column("staff_ext_id", Type::TEXT, |r, _| {
            Box::new(r.staff_ext_id.as_str())
        }),
        column("staff_name", Type::TEXT, |r, _| {
            Box::new(r.staff_name.as_str())
        }),
        column("outflow_at", Type::TIMESTAMPTZ, |r, _| {
            Box::new(r.outflow_at)
        }),
        column("outflow_key", Type::INT8, |r, _| {
            Box::new(outflow_key(r.outflow_at))
        }),
        column("delete_by", Type::TEXT, |r, _| Box::new(r.delete_by.name())),
        column("tags", Type::TEXT_ARRAY, |r, _| Box::new(&r.tags)),
        column("customer_type", Type::INT8, |r, _| {
            Box::new(r.customer_type)
        }),
        column("relation_created_at", Type::TIMESTAMPTZ, |r, _| {
            Box::new(r.relation.created_at)
        }),
        column("add_way", Type::INT8, |r, _| Box::new(r.relation.add_way)),
        column("state", Type::TEXT, |r, _| {
            Box::new(r.relation.state.as_str())
        }),
        column("deleted_each_other", Type::BOOL, |r, _| {
            Box::new(r.relation.deleted_each_other)
        }),
        column("external_userid", Type::TEXT, |r, _| {
            Box::new(r.keys.external_userid.as_str())
        }),
        column("unionid", Type::TEXT, |r, _| {
            Box::new(r.keys.unionid.as_str())
        }),
        column("phones", Type::TEXT_ARRAY, |r, _| Box::new(&r.keys.phones)),
        column("origins", Type::TEXT_ARRAY, |r, _| {
            Box::new(r.origins.names())
        }),
        raw_column(),
    ];
    /// As the live pane tells alerts apart ([`Record::key`]).
    const KEY: &'static str = "vendor, account, customer_id, staff_id, outflow_key";

    fn identity(&self) -> Identity<'_> {
        let at = outflow_key(self.outflow_at);
        (
            self.vendor,
            self.account.name(),
            &self.customer_id,
            &self.staff_id,
            at,
        )
    }

    fn from_row(row: &tokio_postgres::Row) -> Result<OutflowAlert, RowError> {
        let delete_by: String = row.try_get("delete_by")?;
        Ok(OutflowAlert {
            account: account(row)?,
            vendor: vendor(row, Self::TABLE)?,
            customer_id: row.try_get("customer_id")?,
            customer_name: row.try_get("customer_name")?,
            staff_id: row.try_get("staff_id")?,
            staff_ext_id: row.try_get("staff_ext_id")?,
            staff_name: row.try_get("staff_name")?,
            outflow_at: row.try_get("outflow_at")?,
            delete_by: DeleteBy::from(delete_by),
            tags: row.try_get("tags")?,
            customer_type: row.try_get("customer_type")?,
            relation: EndedRelation {
                created_at: row.try_get("relation_created_at")?,
                add_way: row.try_get("add_way")?,
                state: row.try_get("state")?,
                deleted_each_other: row.try_get("deleted_each_other")?,
            },
            keys: person_keys(row)?,
            origins: Origins::of_names(&row.try_get::<_, Vec<String>>("origins")?),
            raw: raw(row)?,
        })
    }
}

/// The alert's time as the unique key uses it (0 when it has none).
fn outflow_key(at: Option<DateTime<Utc>>) -> i64 {
    at.map_or(0, |t| t.timestamp())
}

impl Row for Operator {
    const TABLE: &'static str = "operators";
    const COLUMNS: &'static [Column<Operator>] = &[
        vendor_column(),
        account_column(),
        column("id", Type::TEXT, |r, _| Box::new(r.id.as_str())),
        ord(),
        run_id(),
        column("wechat_no", Type::TEXT, |r, _| {
            Box::new(r.wechat_no.as_str())
        }),
        column("nickname", Type::TEXT, |r, _| Box::new(r.nickname.as_str())),
        column("friends", Type::INT8, |r, _| Box::new(count(r.friends))),
        column("groups", Type::INT8, |r, _| Box::new(count(r.groups))),
        column("staff_code", Type::TEXT, |r, _| {
            Box::new(r.staff_code.as_str())
        }),
        column("staff_name", Type::TEXT, |r, _| {
            Box::new(r.staff_name.as_str())
        }),
        column("authorized", Type::BOOL, |r, _| Box::new(r.authorized)),
        column("push", Type::BOOL, |r, _| Box::new(r.push)),
        column("call_records", Type::BOOL, |r, _| Box::new(r.call_records)),
        raw_column(),
    ];
    const KEY: &'static str = "vendor, account, id";

    fn identity(&self) -> Identity<'_> {
        (self.vendor, self.account.name(), &self.id, "", 0)
    }

    fn from_row(row: &tokio_postgres::Row) -> Result<Operator, RowError> {
        let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok());
        Ok(Operator {
            account: account(row)?,
            vendor: vendor(row, Self::TABLE)?,
            id: row.try_get("id")?,
            wechat_no: row.try_get("wechat_no")?,
            nickname: row.try_get("nickname")?,
            friends: count(row.try_get("friends")?),
            groups: count(row.try_get("groups")?),
            staff_code: row.try_get("staff_code")?,
            staff_name: row.try_get("staff_name")?,
            authorized: row.try_get("authorized")?,
            push: row.try_get("push")?,
            call_records: row.try_get("call_records")?,
            raw: raw(row)?,
        })
    }
}

/// A count as the table keeps it (`BIGINT`).
fn count(n: Option<u64>) -> Option<i64> {
    n.map(|n| i64::try_from(n).unwrap_or(i64::MAX))
}

impl Row for StaffMember {
    const TABLE: &'static str = "staff";
    const COLUMNS: &'static [Column<StaffMember>] = &[
        vendor_column(),
        account_column(),
        column("userid", Type::TEXT, |r, _| Box::new(r.userid.as_str())),
        column("number", Type::TEXT, |r, _| Box::new(r.number.as_str())),
        ord(),
        run_id(),
        column("name", Type::TEXT, |r, _| Box::new(r.name.as_str())),
        column("alias", Type::TEXT, |r, _| Box::new(r.alias.as_str())),
        column("status", Type::TEXT, |r, _| Box::new(r.status.name())),
        column("department", Type::TEXT, |r, _| {
            Box::new(r.department.as_str())
        }),
        column("mobile", Type::TEXT, |r, _| Box::new(r.mobile.as_str())),
        column("position", Type::TEXT, |r, _| Box::new(r.position.as_str())),
        column("external_contact_able", Type::BOOL, |r, _| {
            Box::new(r.external_contact_able)
        }),
        raw_column(),
    ];
    const KEY: &'static str = "vendor, account, userid, number";

    fn identity(&self) -> Identity<'_> {
        (
            self.vendor,
            self.account.name(),
            &self.userid,
            &self.number,
            0,
        )
    }

    fn from_row(row: &tokio_postgres::Row) -> Result<StaffMember, RowError> {
        let status: String = row.try_get("status")?;
        Ok(StaffMember {
            account: account(row)?,
            vendor: vendor(row, Self::TABLE)?,
            userid: row.try_get("userid")?,
            number: row.try_get("number")?,
            name: row.try_get("name")?,
            alias: row.try_get("alias")?,
            status: StaffStatus::parse(&status),
            department: row.try_get("department")?,
            mobile: row.try_get("mobile")?,
            position: row.try_get("position")?,
            external_contact_able: row.try_get("external_contact_able")?,
            raw: raw(row)?,
        })
    }
}
