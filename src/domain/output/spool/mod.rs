//! Records printed as they arrive. `get` formats each page into its text as it comes and lets
//! the records go; the text goes out in vendor order — exactly as [`super::write`] prints the
//! records — as soon as every vendor before it is done: the first vendor's rows at once, a
//! later vendor's while it waits in memory up to a window and then in a temporary file. So
//! `get` holds neither the records nor their text, however many there are.

mod part;

use std::io::{self, Write};

use chrono::FixedOffset;

use super::{Format, csv_cells, json_object};
use crate::domain::{Record, Records, Resource, Vendor, VendorSet};
use part::Part;

/// The text of the records so far, one part per vendor.
pub struct Spool {
    format: Text,
    zone: FixedOffset,
    resource: Resource,
    /// Each vendor's rows not written yet, in the order they arrived, indexed as
    /// [`Vendor::ALL`].
    parts: [Part; 4],
    /// The vendor whose rows are written as they come: every vendor before it is done.
    head: usize,
    /// Something (the header, the opening bracket) has been written.
    started: bool,
    /// A row has been written: the next one keeps its separator.
    wrote_row: bool,
    rows: usize,
    /// The first record that could not be formatted, reported by [`Spool::finish`].
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
    pub fn new(format: Format, zone: FixedOffset, resource: Resource) -> Option<Spool> {
        let format = match format {
            Format::Json => Text::Json,
            Format::Csv => Text::Csv,
            Format::Xlsx => return None,
        };
        Some(Spool {
            format,
            zone,
            resource,
            parts: Default::default(),
            head: 0,
            started: false,
            wrote_row: false,
            rows: 0,
            error: None,
        })
    }

    /// Formats the records of one arrival; `waiting` is the vendors still loading, when the
    /// source says (`None`: nothing is written before the end).
    pub fn add(&mut self, records: &Records, waiting: Option<VendorSet>) {
        let written = crate::each_resource!(records, Records, |r| self.add_rows(r));
        if let Err(e) = written {
            self.error.get_or_insert(e);
        }
        // A vendor done (or not in the load) lets the next one through.
        if let Some(waiting) = waiting {
            while Vendor::ALL
                .get(self.head)
                .is_some_and(|&v| !waiting.contains(v))
            {
                self.head += 1;
            }
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
            let buffer = part.buffer()?;
            match self.format {
                Text::Json => json_row(record, &self.zone, buffer)?,
                Text::Csv => csv_row(record, &self.zone, buffer)?,
            }
            self.rows += 1;
        }
        Ok(())
    }

    /// Writes what may go out now: the vendors done before the head, and the head's rows.
    pub fn write_ready(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let ready = self.head.min(self.parts.len() - 1);
        if !self.parts.iter().take(ready + 1).any(|p| !p.is_empty()) {
            return Ok(());
        }
        self.start(out)?;
        let skip = match self.format {
            Text::Json => 1,
            Text::Csv => 0,
        };
        for part in self.parts.iter_mut().take(ready + 1) {
            let first = if self.wrote_row { 0 } else { skip };
            self.wrote_row |= part.write_to(first, out)?;
        }
        Ok(())
    }

    /// The header (CSV) or the opening bracket (JSON), once.
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if std::mem::replace(&mut self.started, true) {
            return Ok(());
        }
        match self.format {
            Text::Json => out.write_all(b"["),
            Text::Csv => {
                let mut header = csv::Writer::from_writer(&mut *out);
                header.write_record(column_names(self.resource))?;
                header.flush()
            }
        }
    }

    /// Writes everything left, in vendor order, and the end: all of it as [`super::write`]
    /// would have printed it.
    pub fn finish(mut self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.head = self.parts.len();
        self.write_ready(out)?;
        match (self.format, self.wrote_row) {
            (Text::Json, true) => out.write_all(b"\n]\n"),
            (Text::Json, false) => out.write_all(b"[]\n"),
            (Text::Csv, _) => self.start(out),
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
    crate::each_record_type!(resource, |R| names::<R>())
}

#[cfg(test)]
mod tests;
