//! Insights (`5`, `:insights`): shown over the Outflow pane (whose filter applies); `j`/`k`
//! move among the top staff, `Enter` opens Outflow filtered to the one selected.

use super::{InsightsView, Reply, TOP_STAFF};
use crate::app::pane::PaneState;
use crate::app::{App, Body};
use crate::domain::{OutflowAlert, Resource};
use crate::engine::keymap::Action;

impl App {
    pub(crate) fn open_insights(&mut self) {
        self.show_pane(Resource::Outflow);
        self.body = Body::Insights(InsightsView::default());
    }

    /// An action in the Insights view; false when it is not one of its own (the others act
    /// as everywhere: panes, filter, refresh, help, quit).
    pub(crate) fn on_insights_action(&mut self, action: Action) -> bool {
        let staff = TOP_STAFF.min(staff_count(&self.panes.outflow));
        let Body::Insights(view) = &mut self.body else {
            return false;
        };
        match view.on_action(action, staff) {
            Reply::Moved => {}
            Reply::FilterByStaff => self.filter_by_staff(),
            Reply::Back => self.body = Body::List,
            Reply::NotMine => return false,
        }
        true
    }

    /// The Outflow pane, filtered to the selected staff member (within the filter already set).
    fn filter_by_staff(&mut self) {
        let Body::Insights(view) = std::mem::take(&mut self.body) else {
            return;
        };
        let insights = self.insights();
        let Some(staff) = insights.staff.get(view.selected) else {
            return;
        };
        // The Staff column shows the name; the id only when there is none.
        let who = if staff.name.is_empty() {
            &staff.id
        } else {
            &staff.name
        };
        let current = self.panes.outflow.query.text().trim().to_owned();
        let query = if current.is_empty() {
            who.clone()
        } else {
            format!("{current} {who}")
        };
        self.set_query(&query);
    }
}

/// How many staff members the alerts shown name.
fn staff_count(outflow: &PaneState<OutflowAlert>) -> usize {
    let mut staff: Vec<&str> = outflow.rows(0).map(OutflowAlert::staff_key).collect();
    staff.sort_unstable();
    staff.dedup();
    staff.len()
}
