//! How fresh a pane's data is, in the style it is shown in (stale and cached data warn).

use ratatui::style::Style;

use crate::app::freshness::{Freshness, describe, of};
use crate::app::{App, Level, ListPane};
use crate::domain::Resource;
use crate::ui::theme::Theme;

/// The freshness of a pane with the style to show it in.
pub fn label(
    app: &App,
    theme: &Theme,
    pane: &dyn ListPane,
    resource: Resource,
) -> Option<(String, Style)> {
    let freshness = of(app, pane, resource, app.now)?;
    let style = match freshness {
        Freshness::Loaded(_) | Freshness::Synced(_) => theme.dim(),
        Freshness::Stale(_) | Freshness::Cached(_) => theme.level(Level::Warn),
    };
    Some((describe(freshness, app.settings.lang), style))
}
