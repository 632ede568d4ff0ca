//! Exports (`e`, `:export [csv|xlsx|json] [PATH]`): the rows a pane shows — filtered and sorted as on
//! screen — with the same columns as `scrm-tui get`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use std::sync::Arc;

use crate::app::App;
use crate::domain::output::{self, Format};
use crate::domain::{Customer, Operator, OutflowAlert, Record, Resource, Shared, Store};

/// `customers-20261121-143005.csv`: the resource and the local time.
pub fn file_name(resource: Resource, format: Format, at: DateTime<FixedOffset>) -> String {
    format!(
        "{resource}-{}.{}",
        at.format("%Y%m%d-%H%M%S"),
        format.extension()
    )
}

/// Writes the pane's rows; returns the absolute path written and the number of rows.
pub fn write(
    app: &App,
    resource: Resource,
    format: Format,
    path: Option<&Path>,
    at: DateTime<FixedOffset>,
) -> Result<(PathBuf, usize), String> {
    Job::new(app, resource, format, path, at).run()
}

/// An export taken from the app at one moment — the records shared, the rows shown copied as
/// indices — so that writing it can happen off the UI task while the pane moves on.
pub struct Job {
    rows: Rows,
    format: Format,
    bom: bool,
    zone: FixedOffset,
    path: PathBuf,
}

enum Rows {
    Stores(Shared<Store>, Vec<u32>),
    Customers(Shared<Customer>, Vec<u32>),
    Outflow(Shared<OutflowAlert>, Vec<u32>),
    Operators(Shared<Operator>, Vec<u32>),
}

impl Job {
    pub fn new(
        app: &App,
        resource: Resource,
        format: Format,
        path: Option<&Path>,
        at: DateTime<FixedOffset>,
    ) -> Job {
        let path = match path {
            Some(path) => path.to_owned(),
            None => app.export_dir.join(file_name(resource, format, at)),
        };
        let path = std::path::absolute(&path).unwrap_or(path);
        let rows = match resource {
            Resource::Stores => Rows::Stores(app.stores.records.clone(), app.stores.shown()),
            Resource::Customers => {
                Rows::Customers(app.customers.records.clone(), app.customers.shown())
            }
            Resource::Outflow => Rows::Outflow(app.outflow.records.clone(), app.outflow.shown()),
            Resource::Operators => {
                Rows::Operators(app.operators.records.clone(), app.operators.shown())
            }
        };
        Job {
            rows,
            format,
            bom: app.csv_bom && format == Format::Csv,
            zone: app.zone,
            path,
        }
    }

    /// Writes the file; returns the absolute path written and the number of rows.
    pub fn run(self) -> Result<(PathBuf, usize), String> {
        let result = match &self.rows {
            Rows::Stores(records, shown) => self.write_rows(records, shown),
            Rows::Customers(records, shown) => self.write_rows(records, shown),
            Rows::Outflow(records, shown) => self.write_rows(records, shown),
            Rows::Operators(records, shown) => self.write_rows(records, shown),
        };
        let path = self.path;
        result
            .map(|rows| (path.clone(), rows))
            .map_err(|e| format!("cannot export to {}: {e}", path.display()))
    }

    fn write_rows<R: Record>(&self, records: &[Arc<R>], shown: &[u32]) -> std::io::Result<usize> {
        // Customer data: readable by the owner only, like the cache.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut out = BufWriter::new(options.open(&self.path)?);
        if self.bom {
            out.write_all(output::BOM)?;
        }
        let rows = shown
            .iter()
            .filter_map(|&i| records.get(i as usize).map(|r| &**r));
        output::write(rows, self.format, &self.zone, &mut out)?;
        out.flush()?;
        Ok(shown.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_resource_and_the_time() {
        let zone = FixedOffset::east_opt(8 * 3600).unwrap();
        let at = DateTime::parse_from_rfc3339("2026-11-21T14:30:05+08:00")
            .unwrap()
            .with_timezone(&zone);
        assert_eq!(
            file_name(Resource::Customers, Format::Csv, at),
            "customers-20261121-143005.csv"
        );
        assert_eq!(
            file_name(Resource::Outflow, Format::Json, at),
            "outflow-20261121-143005.json"
        );
    }
}
