//! Records as an Excel workbook: one sheet, a bold frozen header row, ids and other text as
//! text (a 19-digit id stays exact), times as Excel date-times in the display zone, counts as
//! numbers, lists and tags in one cell, each column as wide as its content. Rows go to a
//! temporary file as they are written (rust_xlsxwriter's constant-memory mode), so the
//! workbook's cells are never all held.

use std::io::{self, Write};

use chrono::FixedOffset;
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::{spreadsheet_safe, text};
use crate::domain::{Cell, Record};

/// Excel's limit on the characters of one cell (counted in UTF-16 units).
const CELL_MAX: usize = 32_767;
/// No column wider than this many characters; longer text wraps out of sight as in Excel.
const WIDTH_MAX: usize = 60;

pub fn write<'a, R: Record>(
    records: impl IntoIterator<Item = &'a R>,
    extra_keys: &[String],
    extra_values: &dyn Fn(&R) -> Vec<serde_json::Value>,
    zone: &FixedOffset,
    out: &mut dyn Write,
) -> io::Result<()> {
    let book = workbook(records, extra_keys, extra_values, zone).map_err(io::Error::other);
    out.write_all(&book?)?;
    out.flush()
}

fn workbook<'a, R: Record>(
    records: impl IntoIterator<Item = &'a R>,
    extra_keys: &[String],
    extra_values: &dyn Fn(&R) -> Vec<serde_json::Value>,
    zone: &FixedOffset,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let mut sheet = Sheet::new(
        book.add_worksheet_with_constant_memory()?,
        &R::RESOURCE.to_string(),
    )?;
    let bold = CellFormat::new().set_bold();
    let header = R::columns().iter().map(|c| c.key.name());
    for (col, name) in header
        .chain(extra_keys.iter().map(String::as_str))
        .enumerate()
    {
        sheet
            .sheet
            .write_string_with_format(0, col_num(col), name, &bold)?;
        sheet.measure(col, name);
    }
    for (i, record) in records.into_iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, column) in R::columns().iter().enumerate() {
            sheet.cell(row, col, &(column.get)(record), zone)?;
        }
        let first_extra = R::columns().len();
        for (col, value) in (first_extra..).zip(extra_values(record)) {
            if !value.is_null() {
                sheet.text(row, col, &text(&value))?;
            }
        }
    }
    sheet.finish()?;
    book.save_to_buffer()
}

/// Rows that are not records (the triage log) as a workbook of one sheet named `name`.
pub fn table(
    name: &str,
    columns: &[&str],
    rows: &[Vec<Cell<'_>>],
    zone: &FixedOffset,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let mut sheet = Sheet::new(book.add_worksheet_with_constant_memory()?, name)?;
    let bold = CellFormat::new().set_bold();
    for (col, name) in columns.iter().enumerate() {
        sheet
            .sheet
            .write_string_with_format(0, col_num(col), *name, &bold)?;
        sheet.measure(col, name);
    }
    for (i, row) in rows.iter().enumerate() {
        let at = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, cell) in row.iter().enumerate() {
            sheet.cell(at, col, cell, zone)?;
        }
    }
    sheet.finish()?;
    book.save_to_buffer()
}

struct Sheet<'s> {
    sheet: &'s mut Worksheet,
    /// The widest content of each column, in terminal cells (a Chinese character is two, as
    /// in Excel's default fonts).
    widths: Vec<usize>,
    time: CellFormat,
}

impl<'s> Sheet<'s> {
    fn new(sheet: &'s mut Worksheet, name: &str) -> Result<Sheet<'s>, XlsxError> {
        sheet.set_name(name)?;
        Ok(Sheet {
            sheet,
            widths: Vec::new(),
            time: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        })
    }

    /// The header row frozen, each column as wide as its content.
    fn finish(&mut self) -> Result<(), XlsxError> {
        self.sheet.set_freeze_panes(1, 0)?;
        for (col, &width) in self.widths.iter().enumerate() {
            // Excel's width unit is about one Latin character; a little room for the arrow.
            self.sheet
                .set_column_width(col_num(col), (width.min(WIDTH_MAX) + 2) as f64)?;
        }
        Ok(())
    }

    fn cell(
        &mut self,
        row: u32,
        col: usize,
        cell: &Cell,
        zone: &FixedOffset,
    ) -> Result<(), XlsxError> {
        match cell {
            Cell::Time(Some(t)) => {
                let local = t.with_timezone(zone).naive_local();
                self.sheet
                    .write_datetime_with_format(row, col_num(col), local, &self.time)?;
                self.measure(col, "2026-01-01 00:00:00");
            }
            Cell::Time(None) | Cell::Count(None) => {}
            Cell::Count(Some(n)) => {
                // Counts are friends and groups: far below 2^53, exact as a number.
                self.sheet.write_number(row, col_num(col), *n as f64)?;
                self.measure(col, &n.to_string());
            }
            Cell::Bool(b) => {
                self.sheet.write_boolean(row, col_num(col), *b)?;
                self.measure(col, "FALSE");
            }
            other => self.text(row, col, &other.to_text(zone))?,
        }
        Ok(())
    }

    /// Text as a text cell, made safe and cut to Excel's limit.
    fn text(&mut self, row: u32, col: usize, text: &str) -> Result<(), XlsxError> {
        if text.is_empty() {
            return Ok(());
        }
        let safe = spreadsheet_safe(text);
        let cut = utf16_head(&safe, CELL_MAX);
        self.sheet.write_string(row, col_num(col), cut)?;
        self.measure(col, cut);
        Ok(())
    }

    fn measure(&mut self, col: usize, text: &str) {
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        let width = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        if let Some(widest) = self.widths.get_mut(col) {
            *widest = (*widest).max(width);
        }
    }
}

fn col_num(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// At most `max` UTF-16 units of the text, cut at a character boundary.
fn utf16_head(text: &str, max: usize) -> &str {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &text[..at];
        }
    }
    text
}
