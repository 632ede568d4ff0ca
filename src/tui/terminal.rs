//! Terminal set-up and teardown. The terminal is restored when the guard drops (quit, error),
//! by ratatui's panic hook (panic), and by the event loop's signal handling (SIGTERM, SIGHUP).

use std::io;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::DefaultTerminal;

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    mouse: bool,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if self.mouse {
            let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
        }
        ratatui::restore();
    }
}

/// Raw mode, the alternate screen, mouse reporting when asked for, and a panic hook that
/// restores all of them before the panic message is printed.
pub fn enter(mouse: bool) -> io::Result<(DefaultTerminal, TerminalGuard)> {
    let terminal = ratatui::try_init()?;
    let guard = TerminalGuard { mouse };
    if mouse {
        crossterm::execute!(io::stdout(), EnableMouseCapture)?;
        // ratatui's hook restores raw mode and the screen; mouse reporting is ours to undo.
        let restore_screen = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
            restore_screen(info);
        }));
    }
    Ok((terminal, guard))
}
