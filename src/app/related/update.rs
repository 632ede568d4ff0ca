//! `x`: the related-records list — opened on an alert or a customer, moved in, `Enter` to
//! jump to a record (selected, its detail open), `Esc` to come back to where `x` was pressed.

use super::{Origin, RelatedState};
use crate::app::related;
use crate::app::{App, Body, Cmd, Level};
use crate::domain::Resource;
use crate::engine::keymap::Action;

impl App {
    /// Opens the list of what is related to the selected alert or customer.
    pub(crate) fn open_related(&mut self) {
        let rows = match self.pane {
            Resource::Outflow => self.panes.outflow.selected_record().map(|alert| {
                let (locale, wall) = (self.locale(), self.wall);
                let when = |a: &crate::domain::OutflowAlert| {
                    crate::app::columns::recent(a.outflow_at, &locale, 11, wall)
                };
                (
                    alert.customer_name.clone(),
                    related::of_alert(
                        alert,
                        &self.panes.customers.records,
                        &self.panes.outflow.records,
                        &self.panes.stores.records,
                        when,
                    ),
                )
            }),
            Resource::Customers => self.panes.customers.selected_record().map(|customer| {
                (
                    customer.name.clone(),
                    related::of_customer(
                        customer,
                        &self.panes.customers.records,
                        &self.panes.outflow.records,
                    ),
                )
            }),
            _ => None,
        };
        let Some((subject, rows)) = rows else {
            let text = self.settings.lang.pick([
                "x shows related records of an outflow alert or a customer",
                "x 显示流失提醒或客户的相关记录",
            ]);
            self.flash(Level::Info, text);
            return;
        };
        let origin = self.origin();
        self.body = Body::Related(Box::new(RelatedState {
            subject,
            rows,
            selected: 0,
            offset: 0,
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
        let last = related.rows.len().saturating_sub(1);
        let page = rows.max(1);
        let selected = related.selected;
        related.selected = match action {
            Some(Action::Down) => (selected + 1).min(last),
            Some(Action::Up) => selected.saturating_sub(1),
            Some(Action::PageDown) => (selected + page).min(last),
            Some(Action::PageUp) => selected.saturating_sub(page),
            Some(Action::Top) => 0,
            Some(Action::Bottom) => last,
            Some(Action::Open) => return self.jump_to_related(),
            Some(Action::Back | Action::Quit | Action::Related) => {
                self.close_related();
                return Vec::new();
            }
            _ => return Vec::new(),
        };
        if related.selected < related.offset {
            related.offset = related.selected;
        } else if related.selected >= related.offset + page {
            related.offset = related.selected + 1 - page;
        }
        Vec::new()
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
        let Some(row) = related.rows.get(related.selected).cloned() else {
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
