//! The panes as one collection, a field per resource (made from the one list of resources):
//! the only place that matches a resource to its pane, so the rest of the model asks for
//! "the pane of `resource`" and never writes the match again.

use super::{Cached, Finished, ListPane, PaneState, Sort};
use crate::domain::{Progress, Records, Resource, Snapshot};
use crate::i18n::Locale;

/// What an export takes from a pane at one moment: its records, shared, and the indices of
/// the rows shown (filtered and sorted), so the file can be written off the UI task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub records: Snapshot,
    pub rows: Vec<u32>,
    /// Outflow: each shown alert's `triage` values by key, when the log has been read.
    pub triage: Option<std::collections::HashMap<String, Vec<serde_json::Value>>>,
}

macro_rules! define_panes {
    ([] $($variant:ident $field:ident => $ty:ty;)*) => {
        /// Every pane's state.
        #[derive(Debug, Default)]
        pub struct Panes {
            $(pub $field: PaneState<$ty>,)*
        }

        impl Panes {
            /// A pane's list state, whatever its record type.
            pub fn get(&self, resource: Resource) -> &dyn ListPane {
                match resource {
                    $(Resource::$variant => &self.$field,)*
                }
            }

            pub fn get_mut(&mut self, resource: Resource) -> &mut dyn ListPane {
                match resource {
                    $(Resource::$variant => &mut self.$field,)*
                }
            }

            /// A pane's records, shared, for saving them off the UI task.
            pub fn snapshot(&self, resource: Resource) -> Snapshot {
                match resource {
                    $(Resource::$variant => Snapshot::$variant(self.$field.records.clone()),)*
                }
            }

            /// The rows a pane shows, taken for an export.
            pub fn shown(&self, resource: Resource) -> Shown {
                let rows = match resource {
                    $(Resource::$variant => self.$field.shown(),)*
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
                    $(Records::$variant(r) => self.$field.arrive(r, progress, rows, locale),)*
                }
            }

            /// A finished fetch's last records and outcome, onto their pane.
            pub fn apply(&mut self, records: Records, finished: Finished, rows: usize, locale: &Locale) {
                match records {
                    $(Records::$variant(r) => self.$field.apply(r, finished, rows, locale),)*
                }
            }

            /// Records read from the offline cache, onto their pane.
            pub fn show_cached(&mut self, records: Snapshot, cached: Cached, rows: usize, locale: &Locale) {
                match records {
                    $(Snapshot::$variant(r) => self.$field.show_cached(r, cached, rows, locale),)*
                }
            }

            /// The pane of a record type, typed: what it holds and shows, by the type alone.
            pub fn of<R: Paned>(&self) -> &PaneState<R> {
                R::pane(self)
            }

            pub fn of_mut<R: Paned>(&mut self) -> &mut PaneState<R> {
                R::pane_mut(self)
            }

            /// Sets a pane's order before anything loads (`[ui.sort]`).
            pub fn set_sort(&mut self, resource: Resource, sort: Option<Sort>) {
                match resource {
                    $(Resource::$variant => self.$field.sort = sort,)*
                }
            }
        }
    };
}

crate::resources!(define_panes);

/// A record type with a pane of its own.
pub trait Paned: crate::domain::Record {
    fn pane(panes: &Panes) -> &PaneState<Self>;
    fn pane_mut(panes: &mut Panes) -> &mut PaneState<Self>;
}

macro_rules! define_paned {
    ([] $($variant:ident $field:ident => $ty:ty;)*) => {
        $(impl Paned for $ty {
            fn pane(panes: &Panes) -> &PaneState<Self> {
                &panes.$field
            }

            fn pane_mut(panes: &mut Panes) -> &mut PaneState<Self> {
                &mut panes.$field
            }
        })*
    };
}

crate::resources!(define_paned);
