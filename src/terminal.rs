//! Terminal set-up and teardown. The terminal is restored when the guard drops (quit, error),
//! by ratatui's panic hook (panic), and by the event loop's signal handling (SIGTERM, SIGHUP).

use ratatui::DefaultTerminal;

/// Restores the terminal when dropped.
pub struct TerminalGuard(());

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Raw mode, the alternate screen, and a panic hook that restores both before the panic
/// message is printed.
pub fn enter() -> std::io::Result<(DefaultTerminal, TerminalGuard)> {
    let terminal = ratatui::try_init()?;
    Ok((terminal, TerminalGuard(())))
}
