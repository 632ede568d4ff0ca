//! Exports (`e`, `:export [csv|xlsx|json] [PATH]`): the rows a pane shows — filtered and sorted as on
//! screen — with the same columns as `scrm-tui get`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use std::sync::Arc;

use crate::app::App;
use crate::app::pane::Shown;
use crate::domain::output::{self, ExportError, Format};
use crate::domain::{OutflowAlert, Record, Resource, Snapshot};

/// `customers-20261121-143005.csv`: the resource and the local time.
pub fn file_name(resource: Resource, format: Format, at: DateTime<FixedOffset>) -> String {
    format!(
        "{resource}-{}.{}",
        at.format("%Y%m%d-%H%M%S"),
        format.extension()
    )
}

/// Writes the rows a pane of `app` shows now; returns the absolute path written and the
/// number of rows.
pub fn write(
    app: &App,
    resource: Resource,
    format: Format,
    path: Option<&Path>,
    at: DateTime<FixedOffset>,
) -> Result<(PathBuf, usize), ExportError> {
    let settings = &app.settings;
    let path = target(resource, format, path, &settings.export_dir, at);
    let bom = settings.csv_bom;
    Job::new(app.panes.shown(resource), format, bom, settings.zone, path).run()
}

/// Where an export goes: the path given, else a file named after the resource and the time
/// in `dir`; made absolute, for the toast.
pub fn target(
    resource: Resource,
    format: Format,
    path: Option<&Path>,
    dir: &Path,
    at: DateTime<FixedOffset>,
) -> PathBuf {
    let path = match path {
        Some(path) => path.to_owned(),
        None => dir.join(file_name(resource, format, at)),
    };
    std::path::absolute(&path).unwrap_or(path)
}

/// An export taken from the app at one moment — the records shared, the rows shown copied as
/// indices — so that writing it can happen off the UI task while the pane moves on.
pub struct Job {
    shown: Shown,
    format: Format,
    bom: bool,
    zone: FixedOffset,
    path: PathBuf,
}

impl Job {
    pub fn new(shown: Shown, format: Format, bom: bool, zone: FixedOffset, path: PathBuf) -> Job {
        Job {
            shown,
            format,
            bom: bom && format == Format::Csv,
            zone,
            path,
        }
    }

    /// Writes the file; returns the absolute path written and the number of rows.
    pub fn run(self) -> Result<(PathBuf, usize), ExportError> {
        let shown = &self.shown.rows;
        let result = match &self.shown.records {
            Snapshot::Outflow(records) => match &self.shown.triage {
                Some(triage) => {
                    let values = |alert: &OutflowAlert| {
                        triage.get(&alert.key()).cloned().unwrap_or_default()
                    };
                    let extra = output::Extra {
                        group: Some(output::triage::GROUP),
                        keys: output::triage::KEYS,
                        values: &values,
                    };
                    self.write_rows(records, shown, &[extra])
                }
                None => self.write_rows(records, shown, &[]),
            },
            other => crate::each_resource!(other, Snapshot, |records| {
                self.write_rows(records, shown, &[])
            }),
        };
        match result {
            Ok(rows) => Ok((self.path, rows)),
            Err(error) => Err(ExportError {
                path: self.path,
                error,
            }),
        }
    }

    /// The rows, with the `extras` (an alert's triage) after their columns.
    fn write_rows<R: Record>(
        &self,
        records: &[Arc<R>],
        shown: &[u32],
        extras: &[output::Extra<'_, R>],
    ) -> std::io::Result<usize> {
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
        output::write_extended(rows, extras, self.format, &self.zone, &mut out)?;
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
