//! Colours and styles, for a dark or a light terminal, or none at all (`NO_COLOR`). The
//! selection is reversed video, which reads in every terminal theme and without colour.

use ratatui::style::{Color, Modifier, Style};

use crate::app::Level;
use crate::app::story::Tone;
use crate::config::ThemeName;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    light: bool,
    color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(ThemeName::Dark, true)
    }
}

impl Theme {
    pub fn new(name: ThemeName, color: bool) -> Theme {
        Theme {
            light: name == ThemeName::Light,
            color,
        }
    }

    /// The theme for the environment: `NO_COLOR` set (to anything) turns colour off.
    pub fn from_env(name: ThemeName) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(name, !no_color)
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

    /// A foreground that reads on this theme's background.
    fn fg(&self, dark: Color, light: Color) -> Style {
        self.paint(Style::new().fg(if self.light { light } else { dark }))
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }
    pub fn border(&self) -> Style {
        self.fg(Color::DarkGray, Color::Gray)
    }
    pub fn header(&self) -> Style {
        self.fg(Color::Yellow, Color::Magenta)
            .add_modifier(Modifier::BOLD)
    }
    /// The sort letter in a column title.
    pub fn header_letter(&self) -> Style {
        self.header().add_modifier(Modifier::UNDERLINED)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn dim(&self) -> Style {
        let style = self.fg(Color::DarkGray, Color::Gray);
        if self.color {
            style
        } else {
            style.add_modifier(Modifier::DIM)
        }
    }
    pub fn tab_active(&self) -> Style {
        let style = if self.light {
            Style::new().fg(Color::White).bg(Color::Blue)
        } else {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        };
        self.block(style).add_modifier(Modifier::BOLD)
    }
    pub fn tab(&self) -> Style {
        self.fg(Color::Gray, Color::DarkGray)
    }
    pub fn badge(&self) -> Style {
        self.block(Style::new().fg(Color::Black).bg(Color::Yellow))
            .add_modifier(Modifier::BOLD)
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }
    pub fn deleted(&self) -> Style {
        self.fg(Color::Red, Color::Red)
    }
    pub fn level(&self, level: Level) -> Style {
        match level {
            Level::Info => self.fg(Color::Green, Color::Green),
            Level::Warn => self.fg(Color::Yellow, Color::Rgb(0xa0, 0x60, 0x00)),
            Level::Error => self.fg(Color::Red, Color::Red).add_modifier(Modifier::BOLD),
        }
    }
    /// A line of an alert's summary, by its tone.
    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Plain => Style::new(),
            Tone::Good => self.fg(Color::Green, Color::Green),
            Tone::Bad => self.fg(Color::LightRed, Color::Red),
            Tone::Dim => self.dim(),
            Tone::Error => self.level(Level::Error),
        }
    }
    /// A row that just arrived (new outflow alerts).
    pub fn new_row(&self) -> Style {
        self.fg(Color::LightYellow, Color::Rgb(0x80, 0x50, 0x00))
            .add_modifier(Modifier::BOLD)
    }
    pub fn unread(&self) -> Style {
        self.block(Style::new().fg(Color::White).bg(Color::Red))
            .add_modifier(Modifier::BOLD)
    }
    /// Characters the filter matched.
    pub fn matched(&self) -> Style {
        self.fg(Color::LightYellow, Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    /// A tag chip: one colour per tag group, the same on every run.
    pub fn chip(&self, group: &str) -> Style {
        const PALETTE: [Color; 8] = [
            Color::Cyan,
            Color::Green,
            Color::Yellow,
            Color::Magenta,
            Color::LightBlue,
            Color::LightGreen,
            Color::LightRed,
            Color::LightCyan,
        ];
        if !self.color {
            return Style::new().add_modifier(Modifier::UNDERLINED);
        }
        // FNV-1a: stable across runs and platforms, unlike the std hasher.
        let hash = group.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let color = PALETTE[(hash % PALETTE.len() as u64) as usize];
        Style::new().fg(Color::Black).bg(color)
    }
    pub fn tree_key(&self) -> Style {
        self.fg(Color::LightBlue, Color::Blue)
    }
    pub fn tree_string(&self) -> Style {
        self.fg(Color::Green, Color::Green)
    }
    pub fn tree_number(&self) -> Style {
        self.fg(Color::LightMagenta, Color::Magenta)
    }
    pub fn tree_bool(&self) -> Style {
        self.fg(Color::Yellow, Color::Rgb(0xa0, 0x60, 0x00))
    }
    pub fn tree_embedded(&self) -> Style {
        self.block(Style::new().fg(Color::Black).bg(Color::Magenta))
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
        let plain = Theme::new(ThemeName::Dark, false);
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
        let light = Theme::new(ThemeName::Light, true);
        assert_ne!(light.title(), Theme::default().title());
    }
}
