//! `x`: the related-records list — opened on an alert or a customer, moved in, `Enter` to
//! jump to a record (selected, its detail open), `Esc` to come back to where `x` was pressed.

use crate::app::related::{self, Origin, RelatedState};
use crate::app::{App, Cmd, Level};
use crate::domain::{Record, Resource};
use crate::engine::keymap::Action;

impl App {
    /// Opens the list of what is related to the selected alert or customer.
    pub(super) fn open_related(&mut self) {
        let rows = match self.pane {
            Resource::Outflow => self.outflow.selected_record().map(|alert| {
                let (locale, wall) = (self.locale(), self.wall);
                let when = |a: &crate::domain::OutflowAlert| {
                    crate::app::columns::recent(a.outflow_at, &locale, 11, wall)
                };
                (
                    alert.customer_name.clone(),
                    related::of_alert(
                        alert,
                        &self.customers.records,
                        &self.outflow.records,
                        &self.stores.records,
                        when,
                    ),
                )
            }),
            Resource::Customers => self.customers.selected_record().map(|customer| {
                (
                    customer.name.clone(),
                    related::of_customer(customer, &self.customers.records, &self.outflow.records),
                )
            }),
            _ => None,
        };
        let Some((subject, rows)) = rows else {
            let text = self.lang.pick([
                "x shows related records of an outflow alert or a customer",
                "x 显示流失提醒或客户的相关记录",
            ]);
            self.flash(Level::Info, text);
            return;
        };
        self.related = Some(RelatedState {
            subject,
            rows,
            selected: 0,
            offset: 0,
            origin: self.origin(),
        });
        self.dirty = true;
    }

    /// Where the user is now.
    fn origin(&self) -> Origin {
        Origin {
            pane: self.pane,
            key: self.selected_key(self.pane),
            detail: self.detail.clone(),
        }
    }

    fn selected_key(&self, resource: Resource) -> Option<String> {
        match resource {
            Resource::Stores => self.stores.selected_record().map(Record::key),
            Resource::Customers => self.customers.selected_record().map(Record::key),
            Resource::Outflow => self.outflow.selected_record().map(Record::key),
            Resource::Operators => self.operators.selected_record().map(Record::key),
        }
    }

    /// Rows of the related list on screen.
    pub fn related_rows(&self) -> usize {
        crate::app::layout::related_rows(self.height)
    }

    /// Keys while the related list is open.
    pub(super) fn on_related_key(&mut self, action: Option<Action>) -> Vec<Cmd> {
        let rows = self.related_rows();
        let Some(related) = &mut self.related else {
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
                self.related = None;
                self.dirty = true;
                return Vec::new();
            }
            _ => return Vec::new(),
        };
        if related.selected < related.offset {
            related.offset = related.selected;
        } else if related.selected >= related.offset + page {
            related.offset = related.selected + 1 - page;
        }
        self.dirty = true;
        Vec::new()
    }

    /// Goes to the selected related record: its pane, selected, its detail open.
    fn jump_to_related(&mut self) -> Vec<Cmd> {
        let Some(related) = self.related.take() else {
            return Vec::new();
        };
        let Some(row) = related.rows.get(related.selected).cloned() else {
            self.dirty = true;
            return Vec::new();
        };
        self.detail = None;
        self.pane = row.resource;
        if !self.select_key(row.resource, &row.key) {
            // The filter hides it: show everything.
            self.set_query("");
            if !self.select_key(row.resource, &row.key) {
                self.flash(
                    Level::Warn,
                    self.lang
                        .pick(["that record is no longer loaded", "该记录已不在当前数据中"]),
                );
                return Vec::new();
            }
        }
        self.back_to = Some(related.origin);
        self.dirty = true;
        self.open_detail()
    }

    /// Selects the record with `key` in a pane; whether it is shown.
    fn select_key(&mut self, resource: Resource, key: &str) -> bool {
        let rows = self.list_rows();
        match resource {
            Resource::Stores => self.stores.select_key(key, rows),
            Resource::Customers => self.customers.select_key(key, rows),
            Resource::Outflow => self.outflow.select_key(key, rows),
            Resource::Operators => self.operators.select_key(key, rows),
        }
    }

    /// `Esc` after a jump: back to where `x` was pressed.
    pub(super) fn go_back(&mut self) -> bool {
        let Some(origin) = self.back_to.take() else {
            return false;
        };
        self.pane = origin.pane;
        if let Some(key) = &origin.key {
            self.select_key(origin.pane, key);
        }
        self.detail = origin.detail;
        let rows = self.detail_rows();
        if let Some(detail) = &mut self.detail {
            detail.scroll(rows);
        }
        self.dirty = true;
        true
    }
}
