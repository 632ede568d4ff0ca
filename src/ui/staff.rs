//! The Staff pane: the corp's staff directory, with each member's alerts; those who left or
//! are disabled dimmed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::{StaffMember, StaffStatus};
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        state: &app.panes.staff,
        row_style: &|member: &StaffMember| match member.status {
            StaffStatus::Active | StaffStatus::Unknown(_) => Style::new(),
            StaffStatus::Disabled | StaffStatus::Left => theme.dim(),
        },
        fill: &pane::no_fill,
    };
    pane::render(app, theme, frame, area, view);
}
