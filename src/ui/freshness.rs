//! How fresh a pane's data is, in the style it is shown in (stale and cached data warn).

use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::freshness::{Freshness, describe, of, sync_note, wecom_note};
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
    let mut style = match freshness {
        Freshness::Loaded(_) | Freshness::Synced(_) => theme.dim(),
        Freshness::Stale(_) | Freshness::Cached(_) => theme.level(Level::Warn),
    };
    let mut label = describe(freshness, app.settings.lang);
    // The Outflow pane also says whether WeCom's events are arriving.
    if resource == Resource::Outflow
        && let Some((note, warn)) = wecom_note(app)
    {
        label = format!("{label} · {note}");
        if warn {
            style = theme.level(Level::Warn);
        }
    }
    Some((label, style))
}

/// The team's sync on every pane's status line: the host that leads, or a warning (`true`).
pub fn sync(app: &App, theme: &Theme) -> Option<(Span<'static>, bool)> {
    let (note, warn) = sync_note(app, app.wall)?;
    let style = if warn {
        theme.level(Level::Warn)
    } else {
        theme.dim()
    };
    Some((Span::styled(format!("· {note} "), style), warn))
}
