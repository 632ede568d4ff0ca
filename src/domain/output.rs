//! Normalized records as JSON or CSV: what `get` prints and what exports write, column for
//! column the same.

use std::io::{self, Write};

use chrono::FixedOffset;
use serde::Serializer;

use super::Record;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    /// The file extension (and the name in `:export csv|json`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
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
        writer.write_record(R::columns().iter().map(|c| (c.get)(record).to_text(zone)))?;
    }
    writer.flush()
}
