//! `x`: the related-records list — opened on an alert or a customer, moved in, `Enter` to
//! jump to a record (selected, its detail open), `Esc` to come back to where `x` was pressed.

use super::{Origin, RelatedState, Reply};
use crate::app::related;
use crate::app::{App, Body, Cmd, Level};
use crate::domain::Resource;
use crate::engine::keymap::Action;

impl App {
    /// Opens the list of what is related to the selected alert or customer.
    pub(crate) fn open_related(&mut self) {
        let (locale, wall) = (self.locale(), self.wall);
        let when = |a: &crate::domain::OutflowAlert| {
            crate::app::columns::recent(a.outflow_at, &locale, 11, wall)
        };
        let loaded = related::Loaded {
            customers: &self.panes.customers.records,
            alerts: &self.panes.outflow.records,
            stores: &self.panes.stores.records,
            staff: &self.panes.staff.records,
        };
        let rows = match self.pane {
            Resource::Outflow => self.panes.outflow.selected_record().map(|alert| {
                let rows = related::of_alert(alert, &loaded, when);
                (alert.customer_name.clone(), rows)
            }),
            Resource::Customers => self.panes.customers.selected_record().map(|customer| {
                let rows = related::of_customer(customer, &loaded);
                (customer.name.clone(), rows)
            }),
            Resource::Staff => self.panes.staff.selected_record().map(|member| {
                let rows = related::of_staff(member, &loaded, when);
                (member.name.clone(), rows)
            }),
            Resource::Stores | Resource::Operators => None,
        };
        let Some((subject, rows)) = rows else {
            let text = self.settings.lang.pick([
                "x shows related records of an outflow alert, a customer or a staff member",
                "x 显示流失提醒、客户或员工的相关记录",
            ]);
            self.flash(Level::Info, text);
            return;
        };
        let origin = self.origin();
        self.body = Body::Related(Box::new(RelatedState {
            subject,
            rows,
            cursor: Default::default(),
            origin,
        }));
    }

    /// Where the user is now: the body is taken from the screen (the related window takes
    /// its place, and gives it back on `Esc`).
    fn origin(&mut self) -> Origin {
        Origin {
            pane: self.pane,
            key: self.list(self.pane).selected_key(),
            body: std::mem::take(&mut self.body),
        }
    }

    /// Rows of the related list on screen.
    pub fn related_rows(&self) -> usize {
        crate::app::layout::related_rows(self.height)
    }

    /// Keys while the related list is open.
    pub(crate) fn on_related_key(&mut self, action: Option<Action>) -> Vec<Cmd> {
        let rows = self.related_rows();
        let Body::Related(related) = &mut self.body else {
            return Vec::new();
        };
        match related.on_action(action, rows) {
            Reply::Stay => Vec::new(),
            Reply::Jump => self.jump_to_related(),
            Reply::Close => {
                self.close_related();
                Vec::new()
            }
        }
    }

    /// Closes the window: what it was opened on is in front again.
    fn close_related(&mut self) {
        if let Body::Related(related) = std::mem::take(&mut self.body) {
            self.body = related.origin.body;
        }
    }

    /// Goes to the selected related record: its pane, selected, its detail open.
    fn jump_to_related(&mut self) -> Vec<Cmd> {
        let Body::Related(related) = std::mem::take(&mut self.body) else {
            return Vec::new();
        };
        let Some(row) = related.selected().cloned() else {
            self.body = related.origin.body;
            return Vec::new();
        };
        self.pane = row.resource;
        if !self.select_key(row.resource, &row.key) {
            // The filter hides it: show everything.
            self.set_query("");
            if !self.select_key(row.resource, &row.key) {
                self.flash(
                    Level::Warn,
                    self.settings
                        .lang
                        .pick(["that record is no longer loaded", "该记录已不在当前数据中"]),
                );
                return Vec::new();
            }
        }
        self.back_to = Some(related.origin);
        self.open_detail()
    }

    /// Selects the record with `key` in a pane; whether it is shown.
    fn select_key(&mut self, resource: Resource, key: &str) -> bool {
        let rows = self.list_rows();
        self.list_mut(resource).select_key(key, rows)
    }

    /// `Esc` after a jump: back to where `x` was pressed.
    pub(crate) fn go_back(&mut self) -> bool {
        let Some(origin) = self.back_to.take() else {
            return false;
        };
        self.pane = origin.pane;
        if let Some(key) = &origin.key {
            self.select_key(origin.pane, key);
        }
        self.body = origin.body;
        let rows = self.detail_rows();
        if let Some(detail) = self.detail_mut() {
            detail.scroll(rows);
        }
        true
    }
}
