//! Normalized records as JSON, CSV or an Excel workbook: what `get` prints and what exports
//! write, column for column the same. Text a spreadsheet would run as a formula is
//! neutralised in CSV and Excel ([`spreadsheet_safe`]).

mod spool;
mod table;
pub mod triage;
mod xlsx;

pub use spool::Spool;
pub use table::write_table;

use std::io::{self, Write};

use chrono::FixedOffset;
use serde::Serializer;

use super::Record;

/// A file of records that could not be written, and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot export to {}: {error}", path.display())]
pub struct ExportError {
    pub path: std::path::PathBuf,
    #[source]
    pub error: io::Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
    /// An Excel workbook (`.xlsx`), for a file.
    Xlsx,
}

impl Format {
    /// The file extension (and the name in `:export csv|json|xlsx`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

pub fn write<'a, R: Record>(
    records: impl IntoIterator<Item = &'a R>,
    format: Format,
    zone: &FixedOffset,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(records, zone, out),
        Format::Csv => write_csv(records, zone, out),
        Format::Xlsx => xlsx::write(records, &[], &|_| Vec::new(), zone, out),
    }
}

/// The UTF-8 byte-order mark, which Excel and WPS need to read a CSV file's Chinese as UTF-8.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// Text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) gets a leading `'`, so that opening an export runs nothing.
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A cell as CSV text: text from outside made safe; counts, times and flags as they are (a
/// negative number stays a number).
fn csv_cell(cell: &super::Cell, zone: &FixedOffset) -> String {
    use super::Cell;
    let text = cell.to_text(zone);
    match cell {
        Cell::Text(_) | Cell::List(_) | Cell::Tags(_) => spreadsheet_safe(&text).into_owned(),
        _ => text,
    }
}

/// A record as a JSON object, keys in column order.
pub fn json_object<R: Record>(record: &R, zone: &FixedOffset) -> serde_json::Value {
    let object: serde_json::Map<String, serde_json::Value> = R::columns()
        .iter()
        .map(|c| (c.key.name().to_owned(), (c.get)(record).to_json(zone)))
        .collect();
    serde_json::Value::Object(object)
}

/// One JSON array of objects, streamed: no second copy of the records is built.
pub fn write_json<'a, R: Record>(
    records: impl IntoIterator<Item = &'a R>,
    zone: &FixedOffset,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    serializer
        .collect_seq(records.into_iter().map(|r| json_object(r, zone)))
        .map_err(io::Error::from)?;
    writeln!(out)
}

/// A header row, then one row per record (lists joined with `;`).
pub fn write_csv<'a, R: Record>(
    records: impl IntoIterator<Item = &'a R>,
    zone: &FixedOffset,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(R::columns().iter().map(|c| c.key.name()))?;
    for record in records {
        writer.write_record(csv_cells(record, zone))?;
    }
    writer.flush()
}

/// A record's columns as CSV cells.
fn csv_cells<'a, R: Record>(
    record: &'a R,
    zone: &'a FixedOffset,
) -> impl Iterator<Item = String> + 'a {
    R::columns()
        .iter()
        .map(move |c| csv_cell(&(c.get)(record), zone))
}

/// Keys added after a record's columns (`get outflow --with-context`, an alert's triage),
/// with each record's values in the same order. In a `group`, JSON nests them in one object
/// and CSV and xlsx name them `{group}_{key}`.
pub struct Extra<'f, R> {
    pub group: Option<&'static str>,
    pub keys: &'static [&'static str],
    pub values: &'f dyn Fn(&R) -> Vec<serde_json::Value>,
}

impl<R> Extra<'_, R> {
    /// The column names in CSV and xlsx.
    fn headers(&self) -> impl Iterator<Item = String> + '_ {
        self.keys.iter().map(|key| match self.group {
            Some(group) => format!("{group}_{key}"),
            None => (*key).to_owned(),
        })
    }

    /// Adds this record's keys to its JSON object.
    fn add_to(&self, record: &R, map: &mut serde_json::Map<String, serde_json::Value>) {
        let pairs = self
            .keys
            .iter()
            .map(|k| (*k).to_owned())
            .zip((self.values)(record));
        match self.group {
            Some(group) => {
                let object = serde_json::Value::Object(pairs.collect());
                map.insert(group.to_owned(), object);
            }
            None => map.extend(pairs),
        }
    }
}

/// As [`write`], with more keys after the columns: in JSON as they are, in CSV as text (lists
/// joined with `;`, null as an empty cell).
pub fn write_extended<'a, R: Record>(
    records: impl IntoIterator<Item = &'a R>,
    extras: &[Extra<'_, R>],
    format: Format,
    zone: &FixedOffset,
    out: &mut dyn Write,
) -> io::Result<()> {
    let more = |record: &R| -> Vec<serde_json::Value> {
        extras.iter().flat_map(|e| (e.values)(record)).collect()
    };
    let headers: Vec<String> = extras.iter().flat_map(Extra::headers).collect();
    match format {
        Format::Json => {
            let objects = records.into_iter().map(|r| {
                let mut object = json_object(r, zone);
                if let serde_json::Value::Object(map) = &mut object {
                    extras.iter().for_each(|extra| extra.add_to(r, map));
                }
                object
            });
            let mut serializer = serde_json::Serializer::pretty(&mut *out);
            serializer.collect_seq(objects).map_err(io::Error::from)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            let header = R::columns().iter().map(|c| c.key.name().to_owned());
            writer.write_record(header.chain(headers))?;
            for record in records {
                let columns = csv_cells(record, zone);
                let more = more(record)
                    .into_iter()
                    .map(|v| spreadsheet_safe(&text(&v)).into_owned());
                writer.write_record(columns.chain(more))?;
            }
            writer.flush()
        }
        Format::Xlsx => xlsx::write(records, &headers, &more, zone, out),
    }
}

/// A JSON value as a CSV or Excel cell.
fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_not() {
        for formula in ["=1+1", "+86 cmd", "-2+3", "@SUM(A1)", "\t=1"] {
            assert_eq!(spreadsheet_safe(formula), format!("'{formula}"));
        }
        for plain in ["张三", "a=b", "1703430000000000001", ""] {
            assert_eq!(spreadsheet_safe(plain), plain);
        }
        assert_eq!(BOM, [0xef, 0xbb, 0xbf]);
    }
}
