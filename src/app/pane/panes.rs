//! The four panes as one collection: the only place that matches a resource to its pane, so
//! the rest of the model asks for "the pane of `resource`" and never writes the four-way
//! match again.

use super::{Cached, Finished, ListPane, PaneState, Sort};
use crate::domain::{
    Customer, Operator, OutflowAlert, Progress, Records, Resource, Snapshot, Store,
};
use crate::i18n::Locale;

#[derive(Debug, Default)]
pub struct Panes {
    pub stores: PaneState<Store>,
    pub customers: PaneState<Customer>,
    pub outflow: PaneState<OutflowAlert>,
    pub operators: PaneState<Operator>,
}

/// What an export takes from a pane at one moment: its records, shared, and the indices of
/// the rows shown (filtered and sorted), so the file can be written off the UI task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub records: Snapshot,
    pub rows: Vec<u32>,
    /// Outflow: each shown alert's `triage` values by key, when the log has been read.
    pub triage: Option<std::collections::HashMap<String, Vec<serde_json::Value>>>,
}

impl Panes {
    /// A pane's list state, whatever its record type.
    pub fn get(&self, resource: Resource) -> &dyn ListPane {
        match resource {
            Resource::Stores => &self.stores,
            Resource::Customers => &self.customers,
            Resource::Outflow => &self.outflow,
            Resource::Operators => &self.operators,
        }
    }

    pub fn get_mut(&mut self, resource: Resource) -> &mut dyn ListPane {
        match resource {
            Resource::Stores => &mut self.stores,
            Resource::Customers => &mut self.customers,
            Resource::Outflow => &mut self.outflow,
            Resource::Operators => &mut self.operators,
        }
    }

    /// A pane's records, shared, for saving them off the UI task.
    pub fn snapshot(&self, resource: Resource) -> Snapshot {
        match resource {
            Resource::Stores => Snapshot::Stores(self.stores.records.clone()),
            Resource::Customers => Snapshot::Customers(self.customers.records.clone()),
            Resource::Outflow => Snapshot::Outflow(self.outflow.records.clone()),
            Resource::Operators => Snapshot::Operators(self.operators.records.clone()),
        }
    }

    /// The rows a pane shows, taken for an export.
    pub fn shown(&self, resource: Resource) -> Shown {
        let rows = match resource {
            Resource::Stores => self.stores.shown(),
            Resource::Customers => self.customers.shown(),
            Resource::Outflow => self.outflow.shown(),
            Resource::Operators => self.operators.shown(),
        };
        Shown {
            records: self.snapshot(resource),
            rows,
            triage: None,
        }
    }

    /// Records of a fetch under way, onto their pane.
    pub fn arrive(&mut self, records: Records, progress: Progress, rows: usize, locale: &Locale) {
        match records {
            Records::Stores(r) => self.stores.arrive(r, progress, rows, locale),
            Records::Customers(r) => self.customers.arrive(r, progress, rows, locale),
            Records::Outflow(r) => self.outflow.arrive(r, progress, rows, locale),
            Records::Operators(r) => self.operators.arrive(r, progress, rows, locale),
        }
    }

    /// A finished fetch's last records and outcome, onto their pane.
    pub fn apply(&mut self, records: Records, finished: Finished, rows: usize, locale: &Locale) {
        match records {
            Records::Stores(r) => self.stores.apply(r, finished, rows, locale),
            Records::Customers(r) => self.customers.apply(r, finished, rows, locale),
            Records::Outflow(r) => self.outflow.apply(r, finished, rows, locale),
            Records::Operators(r) => self.operators.apply(r, finished, rows, locale),
        }
    }

    /// Records read from the offline cache, onto their pane.
    pub fn show_cached(&mut self, records: Snapshot, cached: Cached, rows: usize, locale: &Locale) {
        match records {
            Snapshot::Stores(r) => self.stores.show_cached(r, cached, rows, locale),
            Snapshot::Customers(r) => self.customers.show_cached(r, cached, rows, locale),
            Snapshot::Outflow(r) => self.outflow.show_cached(r, cached, rows, locale),
            Snapshot::Operators(r) => self.operators.show_cached(r, cached, rows, locale),
        }
    }

    /// Sets a pane's order before anything loads (`[ui.sort]`).
    pub fn set_sort(&mut self, resource: Resource, sort: Option<Sort>) {
        match resource {
            Resource::Stores => self.stores.sort = sort,
            Resource::Customers => self.customers.sort = sort,
            Resource::Outflow => self.outflow.sort = sort,
            Resource::Operators => self.operators.sort = sort,
        }
    }
}
