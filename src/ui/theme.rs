//! Colours and styles. The selection is reversed video, which reads in every terminal theme.

use ratatui::style::{Color, Modifier, Style};

use crate::app::Level;

pub struct Theme;

impl Theme {
    pub fn title() -> Style {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn border() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub fn header() -> Style {
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn selected() -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn dim() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub fn tab_active() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    }
    pub fn tab() -> Style {
        Style::new().fg(Color::Gray)
    }
    pub fn badge() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn key() -> Style {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn deleted() -> Style {
        Style::new().fg(Color::Red)
    }
    pub fn level(level: Level) -> Style {
        match level {
            Level::Info => Style::new().fg(Color::Green),
            Level::Warn => Style::new().fg(Color::Yellow),
            Level::Error => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }
    /// A row that just arrived (new outflow alerts).
    pub fn new_row() -> Style {
        Style::new()
            .fg(Color::LightYellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn unread() -> Style {
        Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD)
    }
    /// A tag chip: one colour per tag group, the same on every run.
    pub fn chip(group: &str) -> Style {
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
        // FNV-1a: stable across runs and platforms, unlike the std hasher.
        let hash = group.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let color = PALETTE[(hash % PALETTE.len() as u64) as usize];
        Style::new().fg(Color::Black).bg(color)
    }
    pub fn tree_key() -> Style {
        Style::new().fg(Color::LightBlue)
    }
    pub fn tree_string() -> Style {
        Style::new().fg(Color::Green)
    }
    pub fn tree_number() -> Style {
        Style::new().fg(Color::LightMagenta)
    }
    pub fn tree_bool() -> Style {
        Style::new().fg(Color::Yellow)
    }
    pub fn tree_embedded() -> Style {
        Style::new().fg(Color::Black).bg(Color::Magenta)
    }
}
