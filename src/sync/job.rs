//! One job: a vendor's load of a resource, written as one run — begun (so that a run killed
//! half-way is seen), loaded, written in one transaction. A stop while loading writes the
//! pages that arrived, as a partial run; a lost lease writes nothing.

use super::halt::Halt;
use crate::domain::{Account, Loaded, Records, Resource, Vendor};
use crate::fetch::{Clients, Source, load};
use crate::store::{LoadOutcome, RunSummary, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub resource: Resource,
    pub vendor: Vendor,
    /// Each account is a job of its own: its own run, schedule and budget.
    pub account: Account,
    /// Outflow: the window's start (Unix seconds); it ends now. Weiban's customers: only
    /// those changed since then (none: a full load).
    pub from: Option<i64>,
}

/// How a job ended, when the database did not fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Written (the vendor may have failed: the run records it). For outflow, where the
    /// window ended.
    Done { window_end: Option<i64> },
    /// The lease was lost (or the pages in flight took too long after a stop) while the
    /// vendor was being asked; nothing was written.
    Stopped,
}

impl Job {
    pub async fn run(
        &self,
        clients: &Clients,
        store: &mut Store,
        halt: &mut Halt,
    ) -> Result<Outcome, StoreError> {
        let one = clients.only(self.vendor, &self.account);
        let run = store
            .begin_run(self.resource, self.vendor, &self.account)
            .await?;
        let started = std::time::Instant::now();
        let started_at = chrono::Utc::now().timestamp();
        let changes = self.changes();
        let loading = async {
            match (self.resource, self.from) {
                (Resource::Outflow, Some(from)) => one.outflow_since(from, started_at).await,
                (Resource::Customers, Some(from)) if changes => {
                    one.weiban_customers_changed(from, started_at).await
                }
                (resource, _) => load(&one, resource).await,
            }
        };
        let loaded: Loaded = tokio::select! {
            loaded = loading => loaded,
            () = halt.abandon() => {
                let outcome = LoadOutcome {
                    error: Some(String::from("interrupted: the sync was stopped")),
                    ..LoadOutcome::default()
                };
                store.fail_run(run, &outcome).await?;
                return Ok(Outcome::Stopped);
            }
        };
        let outcome = outcome_of(&loaded);
        let written = self.write(store, run, &loaded.records, &outcome).await?;
        self.log(run, &outcome, written, started.elapsed());
        if halt.halted() {
            tracing::info!(
                resource = %self.resource,
                vendor = %self.vendor,
                account = %self.account,
                run,
                pages = loaded.pages,
                "stopping: the pages that had arrived are written"
            );
        }
        // A window counts only when every page of it arrived; a full load of customers
        // covers the changes made before it began.
        let window_end = match self.resource {
            Resource::Customers => Some(started_at),
            _ => loaded.window_end,
        }
        .filter(|_| outcome.error.is_none());
        if let Some(end) = window_end {
            // Where a sync taking over resumes (see `Schedule::resume`).
            store.note_window(run, end, self.changes()).await?;
        }
        Ok(Outcome::Done { window_end })
    }

    /// Writes what arrived as the run; a vendor that failed before anything arrived leaves
    /// the rows as they were and the run says why.
    async fn write(
        &self,
        store: &mut Store,
        run: i64,
        records: &Records,
        outcome: &LoadOutcome,
    ) -> Result<Option<RunSummary>, StoreError> {
        let changes = self.changes();
        Ok(match records {
            records if records.is_empty() && outcome.error.is_some() => {
                store.fail_run(run, outcome).await?;
                None
            }
            Records::Customers(r) if changes => Some(store.write_changes(run, r, outcome).await?),
            // Alerts are kept forever, each once.
            Records::Outflow(r) => Some(store.write_alerts(run, r, outcome).await?),
            // Every other list is replaced whole by the run.
            other => crate::each_resource!(other, Records, |r| {
                Some(store.write_load(run, self.whose(), r, outcome).await?)
            }),
        })
    }

    fn log(
        &self,
        run: i64,
        outcome: &LoadOutcome,
        written: Option<RunSummary>,
        elapsed: std::time::Duration,
    ) {
        match &outcome.error {
            Some(error) => tracing::warn!(
                resource = %self.resource,
                vendor = %self.vendor,
                account = %self.account,
                run,
                "partial: {error}"
            ),
            None => tracing::info!(
                resource = %self.resource,
                vendor = %self.vendor,
                account = %self.account,
                run,
                records = written.as_ref().map_or(0, |w| w.records),
                deleted = written.as_ref().map_or(0, |w| w.deleted),
                new_alerts = written.as_ref().map_or(0, |w| w.new_alerts),
                elapsed_ms = elapsed.as_millis() as u64,
                "synced"
            ),
        }
    }

    /// The vendor and account, as the store names a run's rows.
    pub fn whose(&self) -> (Vendor, &Account) {
        (self.vendor, &self.account)
    }

    /// Whether this is an incremental load of Weiban's customers.
    pub fn changes(&self) -> bool {
        self.resource == Resource::Customers && self.vendor == Vendor::Weiban && self.from.is_some()
    }
}

/// The run's pages and, when any source failed, every failure in one line.
fn outcome_of(loaded: &Loaded) -> LoadOutcome {
    LoadOutcome {
        pages_expected: loaded.expected_pages,
        pages_arrived: loaded.pages,
        error: (!loaded.errors.is_empty()).then(|| {
            loaded
                .errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        }),
    }
}
