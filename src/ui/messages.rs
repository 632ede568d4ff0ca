//! The messages window (`:messages`): this session's flashes, newest first, one a line
//! (time, level, vendor, endpoint, code, the start of the text), and the selected one in full
//! below, wrapped.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::messages::{Message, MessagesView};
use crate::app::{App, Level, layout};
use crate::i18n::text;
use crate::ui::popup;
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, view: &MessagesView, frame: &mut Frame) {
    let (window, list, full) = layout::messages_areas(frame.area());
    if window.width < 20 || window.height < 6 {
        return;
    }
    popup::clear(frame, window);
    let lang = app.settings.lang;
    let title = lang.pick([
        format!(" Messages · {} ", app.messages.len()),
        format!(" 消息 · {} ", app.messages.len()),
    ]);
    let hint = lang.pick([" y copy · Esc close ", " y 复制 · Esc 关闭 "]);
    let block = Block::bordered()
        .border_style(theme.border())
        .style(theme.popup())
        .title(Span::styled(title, theme.title()))
        .title_bottom(Line::from(hint).right_aligned());
    frame.render_widget(block, window);
    if app.messages.is_empty() {
        let none = lang.pick(["nothing said yet this session", "本次运行尚无消息"]);
        frame.render_widget(Paragraph::new(Line::styled(none, theme.dim())), list);
        return;
    }
    let width = usize::from(list.width);
    let lines: Vec<Line> = app
        .messages
        .iter()
        .enumerate()
        .skip(view.cursor.offset)
        .take(usize::from(list.height))
        .map(|(i, message)| {
            let row = text::fit(&summary(app, message), width);
            let style = if i == view.cursor.selected {
                theme.selected()
            } else {
                theme.level(message.level)
            };
            Line::styled(row, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    let rule = ratatui::layout::Rect::new(list.x, list.y + list.height, list.width, 1);
    frame.render_widget(
        Paragraph::new(Line::styled("─".repeat(width), theme.border())),
        rule,
    );
    if let Some(message) = app.messages.get(view.cursor.selected) {
        frame.render_widget(
            Paragraph::new(whole(app, message)).wrap(Wrap { trim: false }),
            full,
        );
    }
}

fn icon(level: Level) -> &'static str {
    match level {
        Level::Info => "✓",
        Level::Warn => "⚠",
        Level::Error => "✗",
    }
}

/// One line of the list: `14:03:07 ✗ weiban /open-api/… errcode 10001 · text`.
fn summary(app: &App, message: &Message) -> String {
    let at = message.at.with_timezone(&app.settings.zone);
    let mut row = format!("{} {}", at.format("%H:%M:%S"), icon(message.level));
    for part in [&message.origin, &message.endpoint, &message.code]
        .into_iter()
        .flatten()
    {
        row.push(' ');
        row.push_str(part);
    }
    row.push_str(" · ");
    row.push_str(&text::clean(&message.text));
    row
}

/// The selected message in full: where and when, then the whole text.
fn whole(app: &App, message: &Message) -> Vec<Line<'static>> {
    let lang = app.settings.lang;
    let at = message.at.with_timezone(&app.settings.zone);
    let mut lines = vec![Line::from(format!(
        "{} {}",
        at.format("%Y-%m-%d %H:%M:%S"),
        icon(message.level)
    ))];
    let fields = [
        (lang.pick(["vendor", "来源"]), &message.origin),
        (lang.pick(["endpoint", "接口"]), &message.endpoint),
        (lang.pick(["code", "代码"]), &message.code),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            lines.push(Line::from(format!("{label}: {value}")));
        }
    }
    lines.extend(
        message
            .text
            .lines()
            .map(|l| Line::from(text::clean(l).into_owned())),
    );
    lines
}
