//! Exports (`e`, `:export csv|json [PATH]`): the rows a pane shows — filtered and sorted as on
//! screen — with the same columns as `scrm-tui get`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::app::{App, PaneState};
use crate::domain::{Record, Resource};
use crate::output::{self, Format};

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
    let path = match path {
        Some(path) => path.to_owned(),
        None => app.export_dir.join(file_name(resource, format, at)),
    };
    let path = std::path::absolute(&path).unwrap_or(path);
    let result = match resource {
        Resource::Stores => write_rows(&app.stores, format, &app.zone, &path),
        Resource::Customers => write_rows(&app.customers, format, &app.zone, &path),
        Resource::Outflow => write_rows(&app.outflow, format, &app.zone, &path),
        Resource::Operators => write_rows(&app.operators, format, &app.zone, &path),
    };
    result
        .map(|rows| (path.clone(), rows))
        .map_err(|e| format!("cannot export to {}: {e}", path.display()))
}

fn write_rows<R: Record>(
    pane: &PaneState<R>,
    format: Format,
    zone: &FixedOffset,
    path: &Path,
) -> std::io::Result<usize> {
    // Customer data: readable by the owner only, like the cache.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut out = BufWriter::new(options.open(path)?);
    output::write(pane.rows(0), format, zone, &mut out)?;
    out.flush()?;
    Ok(pane.len())
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
