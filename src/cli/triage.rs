//! Triage in `get`: the log read for `get outflow`'s `triage` keys, and `get triage-log`, the
//! log itself, event by event.

use std::io::Write;

use chrono::FixedOffset;

use super::get::{INCOMPLETE, OK, UNUSABLE};
use crate::domain::output::{self, Format};
use crate::domain::triage::{Ledger, TriageEvent};
use crate::domain::{Cell, LoadFailure};
use crate::fetch::Source;

/// The columns of `get triage-log`.
const LOG_COLUMNS: &[&str] = &[
    "seq", "alert", "at", "by", "name", "host", "action", "outcome", "note",
];

/// The source's whole log as a ledger; `None` when it keeps none.
pub async fn ledger(source: &dyn Source) -> Option<Result<Ledger, LoadFailure>> {
    let events = source.triage_log(0).await?;
    Some(events.map(Ledger::of))
}

/// `get triage-log`: every event, oldest first; the exit code.
pub async fn print_log(
    source: &dyn Source,
    format: Format,
    zone: &FixedOffset,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let events = match source.triage_log(0).await {
        None => {
            let _ = writeln!(
                err,
                "scrm-tui: no triage log here: the team's is in the database (--database or \
                 [database] url), solo mode's in the state directory (scrm-tui info)"
            );
            return UNUSABLE;
        }
        Some(Err(failure)) => {
            let _ = writeln!(err, "error: {failure}");
            return INCOMPLETE;
        }
        Some(Ok(events)) => events,
    };
    let rows: Vec<Vec<Cell>> = events.iter().map(row).collect();
    let written = output::write_table("triage-log", LOG_COLUMNS, &rows, format, zone, out)
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the output: {e}");
            INCOMPLETE
        }
        Ok(()) => {
            let _ = writeln!(err, "{} triage event(s)", events.len());
            OK
        }
    }
}

/// One event as the log's columns.
fn row(event: &TriageEvent) -> Vec<Cell<'_>> {
    vec![
        Cell::Count(u64::try_from(event.seq).ok()),
        Cell::Text(&event.alert),
        Cell::Time(Some(event.at)),
        Cell::Text(&event.by),
        Cell::Text(&event.name),
        Cell::Text(&event.host),
        Cell::Text(event.action.name()),
        Cell::Text(event.action.outcome_name().unwrap_or_default()),
        Cell::Text(event.action.text()),
    ]
}
