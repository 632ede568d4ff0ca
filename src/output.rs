//! Normalized records as JSON or CSV: what `get` prints (and, later, what exports write).

use std::io::{self, Write};

use chrono::FixedOffset;

use crate::domain::Record;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

pub fn write<R: Record>(
    records: &[R],
    format: Format,
    zone: &FixedOffset,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(records, zone, out),
        Format::Csv => write_csv(records, zone, out),
    }
}

/// One JSON array of objects, keys in column order.
pub fn write_json<R: Record>(
    records: &[R],
    zone: &FixedOffset,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows: Vec<serde_json::Value> = records
        .iter()
        .map(|record| {
            let object: serde_json::Map<String, serde_json::Value> = R::columns()
                .iter()
                .map(|c| (c.key.to_owned(), (c.get)(record).to_json(zone)))
                .collect();
            serde_json::Value::Object(object)
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}

/// A header row, then one row per record (lists joined with `;`).
pub fn write_csv<R: Record>(
    records: &[R],
    zone: &FixedOffset,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(R::columns().iter().map(|c| c.key))?;
    for record in records {
        writer.write_record(R::columns().iter().map(|c| (c.get)(record).to_text(zone)))?;
    }
    writer.flush()
}
