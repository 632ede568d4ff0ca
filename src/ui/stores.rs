//! The Stores pane: deleted stores dimmed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, PaneView};
use crate::app::App;
use crate::domain::{ColumnKey, Store};
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        state: &app.panes.stores,
        row_style: &|s: &Store| {
            if s.deleted { theme.dim() } else { Style::new() }
        },
        // A store that names its owner by userid only: the directory's name, dimmed.
        fill: &|s: &Store, column| match column {
            ColumnKey::Owner if s.owner.is_empty() => app
                .staff_name(&s.account, &s.owner_ext_id)
                .map(str::to_owned),
            _ => None,
        },
    };
    pane::render(app, theme, frame, area, view);
}
