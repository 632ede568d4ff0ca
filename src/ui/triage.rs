//! How an alert's triage reads on screen: the Outflow pane's column (`open`, `alice 12m`,
//! `✓ won back`), the outcomes' names and the done picker.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::popup;
use super::table::CellText;
use crate::app::triage::{DonePicker, Focus, outcome_label};
use crate::app::{App, Level};
use crate::domain::triage::{NOTE_MAX, Outcome, State};
use crate::i18n::{Lang, text};
use crate::ui::theme::Theme;

/// The triage column's cell for the alert with `key`, in `width` cells.
pub fn cell(app: &App, theme: &Theme, key: &str, width: u16) -> CellText {
    if !app.triage.read {
        return Vec::new();
    }
    let lang = app.settings.lang;
    let state = app.triage.ledger.state(key);
    let mine = state.by().is_some() && state.by() == app.triage.me.as_deref();
    let (label, style) = match state {
        State::Open => (lang.pick(["open", "待处理"]).to_owned(), theme.unread()),
        State::Claimed { since, .. } => {
            let age = app.teller().age(since);
            let who = state.who().unwrap_or_default();
            // The age always shows; the name gives way.
            let room = usize::from(width).saturating_sub(text::width(&age) + 1);
            let who = text::truncate(who, room);
            let style = if mine {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            (format!("{who} {age}"), style)
        }
        State::Done { outcome, .. } => (format!("✓ {}", outcome_label(outcome, lang)), theme.dim()),
    };
    vec![(label, style)]
}

/// The done picker over the pane: the outcomes, the note (a text area) and its length, and
/// the keys.
pub fn picker(app: &App, theme: &Theme, picker: &DonePicker, frame: &mut Frame, area: Rect) {
    let lang = app.settings.lang;
    let window = popup::centered(area, 64, 16);
    popup::clear(frame, window);
    let title = lang.pick([
        format!(" Done · {} ", text::truncate(&picker.customer, 40)),
        format!(" 完成 · {} ", text::truncate(&picker.customer, 40)),
    ]);
    let block = Block::bordered()
        .border_style(theme.border())
        .style(theme.popup())
        .title(Line::styled(title, theme.title()));
    let inner = block.inner(window).inner(Margin::new(1, 0));
    frame.render_widget(block, window);
    let [outcomes, label, note, hint] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(outcome_lines(picker, theme, lang)), outcomes);
    let (chars, over) = (picker.note_chars(), picker.note_chars() > NOTE_MAX);
    let count = format!("{} / {}", text::count(chars), text::count(NOTE_MAX));
    let count_style = if over {
        theme.level(Level::Error)
    } else {
        theme.dim()
    };
    let caption = Line::from(vec![
        Span::styled(lang.pick(["Note ", "备注 "]), theme.header()),
        Span::styled(count, count_style),
    ]);
    frame.render_widget(Paragraph::new(caption), label);
    let mut area = picker.note.clone();
    let focused = picker.focus == Focus::Note;
    area.set_block(Block::bordered().border_style(if focused {
        theme.key()
    } else {
        theme.border()
    }));
    area.set_cursor_line_style(Style::new());
    if !focused {
        area.set_cursor_style(Style::new());
    }
    frame.render_widget(&area, note);
    let keys = lang.pick([
        "Enter done · Tab outcome/note · Alt-Enter new line · Esc cancel",
        "Enter 完成 · Tab 切换结果/备注 · Alt-Enter 换行 · Esc 取消",
    ]);
    frame.render_widget(
        Paragraph::new(Line::styled(
            text::truncate(keys, usize::from(hint.width)),
            theme.dim(),
        )),
        hint,
    );
}

/// `› 1 won back` and the others, the chosen one marked.
fn outcome_lines(picker: &DonePicker, theme: &Theme, lang: Lang) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(lang.pick(["Outcome", "结果"]), theme.header())];
    for (i, outcome) in Outcome::ALL.into_iter().enumerate() {
        let chosen = i == picker.outcome;
        let style = match (chosen, picker.focus) {
            (true, Focus::Outcomes) => theme.selected(),
            (true, Focus::Note) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => Style::new(),
        };
        let mark = if chosen { "›" } else { " " };
        lines.push(Line::styled(
            format!("{mark} {} {}", i + 1, outcome_label(outcome, lang)),
            style,
        ));
    }
    lines
}
