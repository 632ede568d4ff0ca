//! Colours and styles from a [`Palette`] (the dark or the light theme, or a user's own), or
//! none at all (`NO_COLOR`). The selection is reversed video, which reads in every terminal
//! theme and without colour.

pub use crate::engine::palette::Palette;
use ratatui::style::{Color, Modifier, Style};

use crate::app::Level;
use crate::app::story::Tone;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    palette: Palette,
    color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(Palette::dark(), true)
    }
}

impl Theme {
    pub fn new(palette: Palette, color: bool) -> Theme {
        Theme { palette, color }
    }

    /// The theme for the environment: `NO_COLOR` set (to anything) turns colour off.
    pub fn from_env(palette: Palette) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(palette, !no_color)
    }

    /// Drops colours when colour is off; modifiers (bold, reversed, underline) stay.
    fn paint(&self, style: Style) -> Style {
        if self.color {
            style
        } else {
            Style {
                fg: None,
                bg: None,
                underline_color: None,
                ..style
            }
        }
    }

    /// A coloured block (tab, badge): without colour, reverse video keeps it visible.
    fn block(&self, style: Style) -> Style {
        let style = self.paint(style);
        if self.color {
            style
        } else {
            style.add_modifier(Modifier::REVERSED)
        }
    }

    /// A foreground colour of the palette.
    fn fg(&self, color: Color) -> Style {
        self.paint(Style::new().fg(color))
    }

    pub fn title(&self) -> Style {
        self.fg(self.palette.title).add_modifier(Modifier::BOLD)
    }
    pub fn border(&self) -> Style {
        self.fg(self.palette.border)
    }
    pub fn header(&self) -> Style {
        self.fg(self.palette.header).add_modifier(Modifier::BOLD)
    }
    /// The sort letter in a column title.
    pub fn header_letter(&self) -> Style {
        self.header().add_modifier(Modifier::UNDERLINED)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn dim(&self) -> Style {
        let style = self.fg(self.palette.dim);
        if self.color {
            style
        } else {
            style.add_modifier(Modifier::DIM)
        }
    }
    pub fn tab_active(&self) -> Style {
        let style = Style::new()
            .fg(self.palette.tab_active_fg)
            .bg(self.palette.tab_active_bg);
        self.block(style).add_modifier(Modifier::BOLD)
    }
    pub fn tab(&self) -> Style {
        self.fg(self.palette.tab)
    }
    pub fn badge(&self) -> Style {
        self.block(
            Style::new()
                .fg(self.palette.badge_fg)
                .bg(self.palette.badge_bg),
        )
        .add_modifier(Modifier::BOLD)
    }
    pub fn key(&self) -> Style {
        self.fg(self.palette.key).add_modifier(Modifier::BOLD)
    }
    pub fn deleted(&self) -> Style {
        self.fg(self.palette.deleted)
    }
    pub fn level(&self, level: Level) -> Style {
        match level {
            Level::Info => self.fg(self.palette.info),
            Level::Warn => self.fg(self.palette.warn),
            Level::Error => self.fg(self.palette.error).add_modifier(Modifier::BOLD),
        }
    }
    /// A line of an alert's summary, by its tone.
    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Plain => Style::new(),
            Tone::Good => self.fg(self.palette.good),
            Tone::Bad => self.fg(self.palette.bad),
            Tone::Dim => self.dim(),
            Tone::Error => self.level(Level::Error),
        }
    }
    /// A row that just arrived (new outflow alerts).
    pub fn new_row(&self) -> Style {
        self.fg(self.palette.new_row).add_modifier(Modifier::BOLD)
    }
    pub fn unread(&self) -> Style {
        self.block(
            Style::new()
                .fg(self.palette.unread_fg)
                .bg(self.palette.unread_bg),
        )
        .add_modifier(Modifier::BOLD)
    }
    /// Characters the filter matched.
    pub fn matched(&self) -> Style {
        self.fg(self.palette.matched)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    /// A tag chip: one colour per tag group, the same on every run.
    pub fn chip(&self, group: &str) -> Style {
        if !self.color {
            return Style::new().add_modifier(Modifier::UNDERLINED);
        }
        // FNV-1a: stable across runs and platforms, unlike the std hasher.
        let hash = group.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let chips = &self.palette.chips;
        let color = chips[(hash % chips.len() as u64) as usize];
        Style::new().fg(Color::Black).bg(color)
    }
    pub fn tree_key(&self) -> Style {
        self.fg(self.palette.tree_key)
    }
    pub fn tree_string(&self) -> Style {
        self.fg(self.palette.tree_string)
    }
    pub fn tree_number(&self) -> Style {
        self.fg(self.palette.tree_number)
    }
    pub fn tree_bool(&self) -> Style {
        self.fg(self.palette.tree_bool)
    }
    pub fn tree_embedded(&self) -> Style {
        self.block(
            Style::new()
                .fg(self.palette.embedded_fg)
                .bg(self.palette.embedded_bg),
        )
    }
    /// Popups and overlays (help, command line, value).
    pub fn popup(&self) -> Style {
        Style::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_only_modifiers_remain() {
        let plain = Theme::new(Palette::dark(), false);
        for style in [
            plain.title(),
            plain.header(),
            plain.chip("VIP"),
            plain.level(Level::Error),
            plain.unread(),
            plain.matched(),
            plain.tab_active(),
        ] {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        assert!(plain.tab_active().add_modifier.contains(Modifier::REVERSED));
        let light = Theme::new(Palette::light(), true);
        assert_ne!(light.title(), Theme::default().title());
    }
}
