//! `scrm-tui get <resource>`: fetch every page from every configured vendor and print the
//! normalized records. Exit code 0 only when every page arrived.

use std::io::Write;
use std::sync::Mutex;

use chrono::FixedOffset;

use super::context;
use crate::domain::Resource;
use crate::domain::output::{self, Format, Spool};
use crate::domain::triage::Ledger;
use crate::domain::{LoadFailure, Loaded, OutflowAlert, Record, Records, Retry};
use crate::fetch::{self, Source};

/// Exit codes.
pub const OK: u8 = 0;
/// Some page did not arrive (what did arrive was printed).
pub const INCOMPLETE: u8 = 1;
/// Nothing could be asked: no vendor configured for the resource, or a bad config.
pub const UNUSABLE: u8 = 2;

/// What `get` was asked for: records, or the triage log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Get {
    Records(Request),
    TriageLog(Format),
}

impl Get {
    pub fn format(self) -> Format {
        match self {
            Get::Records(request) => request.format,
            Get::TriageLog(format) => format,
        }
    }

    /// As typed after `get`.
    pub fn name(self) -> String {
        match self {
            Get::Records(request) => request.resource.to_string(),
            Get::TriageLog(_) => String::from("triage-log"),
        }
    }

    /// Whether the triage log is read: for the alerts' `triage` keys, or printed itself.
    pub fn reads_triage(self) -> bool {
        match self {
            Get::Records(request) => request.resource == Resource::Outflow,
            Get::TriageLog(_) => true,
        }
    }
}

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub resource: Resource,
    pub format: Format,
    /// Outflow only: each alert's customer context as five more keys.
    pub with_context: bool,
}

/// Prints every record of a resource; the exit code.
pub async fn run(
    resource: Resource,
    source: &dyn Source,
    format: Format,
    zone: &FixedOffset,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let request = Request {
        resource,
        format,
        with_context: false,
    };
    print(request, source, zone, out, err).await
}

/// Prints what was asked for; the exit code.
pub async fn print(
    request: Request,
    source: &dyn Source,
    zone: &FixedOffset,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Request {
        resource,
        format,
        with_context,
    } = request;
    if with_context && resource != Resource::Outflow {
        let _ = writeln!(err, "scrm-tui: --with-context applies to outflow only");
        return UNUSABLE;
    }
    // Alerts carry their triage when the source keeps a log.
    let (ledger, triage_failed) = match resource {
        Resource::Outflow => ledger(source).await,
        _ => (None, None),
    };
    let (loaded, printed, written, missing_context) = match Spool::new(format, *zone, resource) {
        Some(spool) if !with_context && ledger.is_none() => {
            let (loaded, printed, written) = spooled(spool, resource, source, out).await;
            (loaded, printed, written, Vec::new())
        }
        _ => gathered(request, ledger.as_ref(), source, zone, out, err).await,
    };
    if let Some(failure) = &triage_failed {
        let _ = writeln!(err, "error: printed without their triage: {failure}");
    }
    let unusable = loaded.pages == 0 && loaded.errors.iter().any(|e| e.retry == Retry::NeedsUser);
    diagnose(&loaded, &missing_context, err);
    match written.and_then(|()| out.flush()) {
        // The reader stopped early (`| head`): not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the output: {e}");
            return INCOMPLETE;
        }
        Ok(()) => {}
    }
    if unusable {
        return UNUSABLE;
    }
    let missed = Missed {
        context: missing_context.len(),
        triage: triage_failed.is_some(),
    };
    verdict(resource, &loaded, printed, missed, err)
}

/// The triage log's ledger, or why it could not be read; neither when the source keeps none.
async fn ledger(source: &dyn Source) -> (Option<Ledger>, Option<LoadFailure>) {
    match super::triage::ledger(source).await {
        Some(Ok(ledger)) => (Some(ledger), None),
        Some(Err(failure)) => (None, Some(failure)),
        None => (None, None),
    }
}

/// What went wrong, on stderr so that stdout stays machine-readable.
fn diagnose(loaded: &Loaded, missing_context: &[String], err: &mut dyn Write) {
    for line in missing_context {
        let _ = writeln!(err, "error: no context for {line}");
    }
    for skipped in &loaded.skipped {
        let _ = writeln!(err, "warning: {skipped}");
    }
    for error in &loaded.errors {
        let _ = writeln!(err, "error: {error}");
    }
}

/// What was left out of the records printed.
struct Missed {
    /// Alerts printed without their context.
    context: usize,
    /// The triage log could not be read.
    triage: bool,
}

/// The last line on stderr and the exit code: every page and all asked for, or what is
/// missing.
fn verdict(
    resource: Resource,
    loaded: &Loaded,
    printed: usize,
    missed: Missed,
    err: &mut dyn Write,
) -> u8 {
    if missed.triage {
        INCOMPLETE
    } else if missed.context > 0 && loaded.errors.is_empty() {
        let _ = writeln!(
            err,
            "incomplete: {} of {} {} printed without their context",
            missed.context,
            printed,
            resource.noun(),
        );
        INCOMPLETE
    } else if loaded.errors.is_empty() {
        let _ = writeln!(
            err,
            "{} {} in {} page(s)",
            printed,
            resource.noun(),
            loaded.pages
        );
        OK
    } else {
        let expected = loaded
            .expected_pages
            .map_or_else(|| String::from("?"), |n| n.to_string());
        let _ = writeln!(
            err,
            "incomplete: {} of {expected} page(s) arrived; the {} {} printed are not all there are",
            loaded.pages,
            printed,
            resource.noun(),
        );
        INCOMPLETE
    }
}

/// How often what may go out is written while a load goes on.
const WRITE_EVERY: std::time::Duration = std::time::Duration::from_millis(20);

/// Loads and prints row by row: each page is formatted as it arrives and its records let go,
/// and written as soon as the vendors before it are done. The load, the rows printed and how
/// writing went.
async fn spooled(
    spool: Spool,
    resource: Resource,
    source: &dyn Source,
    out: &mut dyn Write,
) -> (Loaded, usize, std::io::Result<()>) {
    let spool = Mutex::new(spool);
    let lock = || spool.lock().unwrap_or_else(|p| p.into_inner());
    let on_records = |records: Records, progress: crate::domain::Progress| {
        lock().add(&records, progress.waiting);
    };
    let mut load = source.stream(resource, &on_records);
    let mut tick = tokio::time::interval(WRITE_EVERY);
    let mut written = Ok(());
    let loaded = loop {
        tokio::select! {
            loaded = &mut load => break loaded,
            _ = tick.tick() => {
                // After a failed write (the reader went away), the load ends unprinted.
                if written.is_ok() {
                    written = lock().write_ready(out);
                }
            }
        }
    };
    drop(load);
    let spool = spool.into_inner().unwrap_or_else(|p| p.into_inner());
    let printed = spool.rows();
    (loaded, printed, written.and_then(|()| spool.finish(out)))
}

/// Loads every record, then prints them: for a workbook, and for alerts with their context.
/// Also the alerts whose context is missing.
async fn gathered(
    request: Request,
    ledger: Option<&Ledger>,
    source: &dyn Source,
    zone: &FixedOffset,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> (Loaded, usize, std::io::Result<()>, Vec<String>) {
    let format = request.format;
    let loaded = fetch::load(source, request.resource).await;
    let mut missing_context = Vec::new();
    let written = match &loaded.records {
        Records::Outflow(r) => {
            let details = match request.with_context {
                true => context::fetch(source, r, err).await,
                false => context::Details::new(),
            };
            missing_context = context::failures(&details);
            let with_context = |alert: &_| context::values(alert, &details);
            let with_triage = |alert: &OutflowAlert| match ledger {
                Some(ledger) => output::triage::values(&ledger.state(&alert.key()), zone),
                None => Vec::new(),
            };
            let mut extras = Vec::new();
            if request.with_context {
                extras.push(output::Extra {
                    group: None,
                    keys: context::KEYS,
                    values: &with_context,
                });
            }
            if ledger.is_some() {
                extras.push(output::Extra {
                    group: Some(output::triage::GROUP),
                    keys: output::triage::KEYS,
                    values: &with_triage,
                });
            }
            output::write_extended(r, &extras, format, zone, out)
        }
        // Every other resource prints its columns as they are.
        other => crate::each_resource!(other, Records, |r| output::write(r, format, zone, out)),
    };
    let printed = loaded.records.len();
    (loaded, printed, written, missing_context)
}
