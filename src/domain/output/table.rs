//! Rows that are not records — the triage log — in the same three formats: named columns,
//! one cell each.

use std::io::{self, Write};

use chrono::FixedOffset;
use serde::Serializer;

use super::{Format, csv_cell, xlsx};
use crate::domain::Cell;

/// Writes `rows` under `columns` (`name` is the workbook's sheet).
pub fn write_table(
    name: &str,
    columns: &[&str],
    rows: &[Vec<Cell<'_>>],
    format: Format,
    zone: &FixedOffset,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => {
            let objects = rows.iter().map(|row| {
                let object: serde_json::Map<String, serde_json::Value> = columns
                    .iter()
                    .zip(row)
                    .map(|(column, cell)| ((*column).to_owned(), cell.to_json(zone)))
                    .collect();
                serde_json::Value::Object(object)
            });
            let mut serializer = serde_json::Serializer::pretty(&mut *out);
            serializer.collect_seq(objects).map_err(io::Error::from)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(columns)?;
            for row in rows {
                writer.write_record(row.iter().map(|cell| csv_cell(cell, zone)))?;
            }
            writer.flush()
        }
        Format::Xlsx => {
            let book = xlsx::table(name, columns, rows, zone).map_err(io::Error::other)?;
            out.write_all(&book)?;
            out.flush()
        }
    }
}
