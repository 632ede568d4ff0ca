//! The Outflow pane: customers who deleted a staff member (or were deleted), newest first;
//! alerts that just arrived are highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::{ColumnKey, OutflowAlert, Record};
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        state: &app.panes.outflow,
        row_style: &|alert: &OutflowAlert| {
            if app.live.is_highlighted(&alert.key()) {
                theme.new_row()
            } else {
                Style::new()
            }
        },
        // An alert that names its staff member by id only (as WeCom's callback does): the
        // directory's name, else the id; a customer no loaded record names: the id, marked
        // as WeCom's. Dimmed either way.
        fill: &|alert: &OutflowAlert, column| match column {
            ColumnKey::StaffName if alert.staff_name.is_empty() => Some(
                app.staff_name(&alert.account, alert.staff_key())
                    .unwrap_or(alert.staff_key())
                    .to_owned(),
            ),
            ColumnKey::CustomerName if alert.customer_name.is_empty() => Some(format!(
                "{} · {}",
                alert.customer_id,
                app.settings.lang.pick(["WeCom", "企微"])
            )),
            _ => None,
        },
    };
    pane::render(app, theme, frame, area, view);
}
