//! Records printed as they arrive. `get` formats each page into its text as it comes and lets
//! the records go, so that it holds the text of 100 000 customers, never the customers; the
//! text is written at the end in vendor order, exactly as [`super::write`] prints the records.

use std::io::{self, Write};

use chrono::FixedOffset;

use super::{Format, csv_cells, json_object};
use crate::domain::{Customer, Operator, OutflowAlert, Record, Records, Resource, Store, Vendor};

/// The text of the records so far, one part per vendor.
pub struct Spool {
    format: Text,
    zone: FixedOffset,
    /// Each vendor's rows in the order they arrived, indexed as [`Vendor::ALL`].
    parts: [Vec<u8>; 4],
    rows: usize,
    /// The first record that could not be written, reported by [`Spool::finish`].
    error: Option<io::Error>,
}

/// The formats that can be written row by row (a workbook cannot).
#[derive(Clone, Copy)]
enum Text {
    Json,
    Csv,
}

/// Each JSON row starts with this; the first row's comma is left out.
const JSON_ROW: &[u8] = b",\n  ";

impl Spool {
    /// A spool for a format written row by row; `None` for a workbook.
    pub fn new(format: Format, zone: FixedOffset) -> Option<Spool> {
        let format = match format {
            Format::Json => Text::Json,
            Format::Csv => Text::Csv,
            Format::Xlsx => return None,
        };
        Some(Spool {
            format,
            zone,
            parts: Default::default(),
            rows: 0,
            error: None,
        })
    }

    /// Formats the records of one arrival.
    pub fn add(&mut self, records: &Records) {
        let written = match records {
            Records::Stores(r) => self.add_rows(r),
            Records::Customers(r) => self.add_rows(r),
            Records::Outflow(r) => self.add_rows(r),
            Records::Operators(r) => self.add_rows(r),
        };
        if let Err(e) = written {
            self.error.get_or_insert(e);
        }
    }

    /// The records formatted so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    fn add_rows<R: Record>(&mut self, records: &[R]) -> io::Result<()> {
        for record in records {
            let index = Vendor::ALL
                .iter()
                .position(|&v| v == record.vendor())
                .unwrap_or_default();
            let Some(part) = self.parts.get_mut(index) else {
                continue;
            };
            match self.format {
                Text::Json => json_row(record, &self.zone, part)?,
                Text::Csv => csv_row(record, &self.zone, part)?,
            }
            self.rows += 1;
        }
        Ok(())
    }

    /// Writes everything, in vendor order, as [`super::write`] would have.
    pub fn finish(self, resource: Resource, out: &mut dyn Write) -> io::Result<()> {
        if let Some(error) = self.error {
            return Err(error);
        }
        match self.format {
            Text::Json => {
                if self.rows == 0 {
                    return out.write_all(b"[]\n");
                }
                out.write_all(b"[")?;
                let mut first = true;
                for part in self.parts.iter().filter(|p| !p.is_empty()) {
                    // The rows' separator, but for the first row.
                    let skip = if std::mem::take(&mut first) { 1 } else { 0 };
                    out.write_all(part.get(skip..).unwrap_or_default())?;
                }
                out.write_all(b"\n]\n")
            }
            Text::Csv => {
                let mut header = csv::Writer::from_writer(&mut *out);
                header.write_record(column_names(resource))?;
                header.flush()?;
                drop(header);
                self.parts.iter().try_for_each(|part| out.write_all(part))
            }
        }
    }
}

/// One row of the JSON array, indented as a pretty-printed array indents it.
fn json_row<R: Record>(record: &R, zone: &FixedOffset, out: &mut Vec<u8>) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(&json_object(record, zone))?;
    out.extend_from_slice(JSON_ROW);
    // Pretty JSON has line breaks only between tokens (a string's own are escaped).
    for (n, line) in text.split(|&b| b == b'\n').enumerate() {
        if n > 0 {
            out.extend_from_slice(b"\n  ");
        }
        out.extend_from_slice(line);
    }
    Ok(())
}

fn csv_row<R: Record>(record: &R, zone: &FixedOffset, out: &mut Vec<u8>) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(csv_cells(record, zone))?;
    writer.flush()
}

fn column_names(resource: Resource) -> Vec<&'static str> {
    fn names<R: Record>() -> Vec<&'static str> {
        R::columns().iter().map(|c| c.key.name()).collect()
    }
    match resource {
        Resource::Stores => names::<Store>(),
        Resource::Customers => names::<Customer>(),
        Resource::Outflow => names::<OutflowAlert>(),
        Resource::Operators => names::<Operator>(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CustomerStatus, PersonKeys, RawJson, Tag};

    fn customer(vendor: Vendor, id: &str, name: &str) -> Customer {
        Customer {
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
            let mut spool = Spool::new(format, zone).unwrap();
            for records in &arrivals {
                spool.add(&Records::Customers(records.clone()));
            }
            assert_eq!(spool.rows(), 5);
            let mut spooled = Vec::new();
            spool.finish(Resource::Customers, &mut spooled).unwrap();
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
            let spool = Spool::new(format, zone).unwrap();
            spool.finish(Resource::Stores, &mut spooled).unwrap();
            let mut printed = Vec::new();
            super::super::write::<Store>(&[], format, &zone, &mut printed).unwrap();
            assert_eq!(spooled, printed, "{format:?}");
        }
        assert!(Spool::new(Format::Xlsx, zone).is_none());
    }
}
