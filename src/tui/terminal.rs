//! Terminal set-up and teardown. The terminal is restored when the guard drops (quit, error),
//! by ratatui's panic hook (panic), and by the event loop's signal handling (SIGTERM, SIGHUP).

use std::io;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::DefaultTerminal;

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    mouse: bool,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        undo_modes(self.mouse);
        ratatui::restore();
    }
}

/// Turns off what ratatui does not know it turned on: bracketed paste, mouse reporting.
fn undo_modes(mouse: bool) {
    let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
    if mouse {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
    }
}

/// Raw mode, the alternate screen, bracketed paste (a paste arrives as one piece, not as
/// keys), mouse reporting when asked for, and a panic hook that restores all of them before
/// the panic message is printed.
pub fn enter(mouse: bool) -> io::Result<(DefaultTerminal, TerminalGuard)> {
    let terminal = ratatui::try_init()?;
    let guard = TerminalGuard { mouse };
    crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
    if mouse {
        crossterm::execute!(io::stdout(), EnableMouseCapture)?;
    }
    // ratatui's hook restores raw mode and the screen; the modes above are ours to undo.
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        undo_modes(mouse);
        restore_screen(info);
    }));
    Ok((terminal, guard))
}
