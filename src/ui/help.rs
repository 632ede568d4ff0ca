//! The help screen, generated from the keymap (so remapped keys show as they are), with the
//! sort letters of the active pane, the filter syntax, the commands and where the files are.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::popup;
use crate::app::App;
use crate::app::columns;
use crate::app::names;
use crate::engine::keymap::{ACTIONS, Group};
use crate::i18n::text;
use crate::ui::theme::Theme;

const KEY_WIDTH: usize = 16;

/// The help text, one line per entry.
pub fn lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let lang = app.settings.lang;
    let mut lines = Vec::new();
    let section = |title: &str| Line::styled(title.to_owned(), theme.header());
    let entry = |keys: String, what: String| {
        Line::from(vec![
            Span::styled(text::fit(&format!("  {keys}"), KEY_WIDTH), theme.key()),
            Span::raw(what),
        ])
    };
    for group in Group::ALL {
        lines.push(section(lang.pick(group.title())));
        for info in ACTIONS.iter().filter(|a| a.group == group) {
            let keys: Vec<String> = app
                .settings
                .keymap
                .keys(info.action)
                .iter()
                .map(ToString::to_string)
                .collect();
            let keys = if keys.is_empty() {
                String::from("—")
            } else {
                keys.join(" ")
            };
            lines.push(entry(keys, lang.pick(info.help).to_owned()));
        }
        if group == Group::App {
            lines.push(entry(
                String::from("Ctrl-C"),
                lang.pick(["quit", "退出"]).to_owned(),
            ));
        }
        lines.push(Line::raw(""));
    }

    lines.push(section(&lang.pick([
        format!("Sort {} (again: reverse)", names::title(app.pane, lang)),
        format!("排序：{}（再按一次倒序）", names::title(app.pane, lang)),
    ])));
    for col in columns::of(app.pane) {
        lines.push(entry(
            format!("Shift-{}", col.letter),
            lang.pick(col.title).to_owned(),
        ));
    }
    lines.push(Line::raw(""));

    lines.push(section(lang.pick(["Filter", "过滤"])));
    for (syntax, what) in [
        (
            "abc",
            [
                "fuzzy: a, b, c in order in one column",
                "模糊：同一列中依次出现 a、b、c",
            ],
        ),
        (
            "#tag",
            ["has a tag containing “tag”", "带有包含“tag”的标签"],
        ),
        ("!abc", ["no column contains “abc”", "任何列都不含“abc”"]),
        ("a b", ["both terms hold", "两个条件都满足"]),
    ] {
        lines.push(entry(syntax.to_owned(), lang.pick(what).to_owned()));
    }
    lines.push(Line::raw(""));

    lines.push(section(
        lang.pick(["Commands (Tab completes)", "命令（Tab 补全）"]),
    ));
    let commands = crate::engine::command::COMMANDS
        .iter()
        .chain(crate::engine::command::TRIAGE_COMMANDS);
    for (name, args) in commands {
        lines.push(Line::styled(format!("  :{name}{args}"), theme.key()));
    }
    lines.push(Line::raw(""));

    lines.push(section(lang.pick(["Files", "文件"])));
    if let Some(log) = &app.settings.log_file {
        lines.push(entry(
            lang.pick(["log", "日志"]).to_owned(),
            log.display().to_string(),
        ));
    }
    lines.push(entry(
        lang.pick(["exports", "导出目录"]).to_owned(),
        app.settings.export_dir.display().to_string(),
    ));
    lines
}

pub fn render(app: &App, theme: &Theme, scroll: usize, frame: &mut Frame, area: Rect) {
    // On a narrow screen the help covers the pane, borders included, rather than nesting.
    let width = if area.width < 90 { area.width } else { 78 };
    let area = popup::centered(area, width, area.height);
    let block = Block::bordered()
        .border_style(theme.border())
        .title(Line::styled(
            app.settings.lang.pick([
                " Help · j/k scroll · any other key closes ",
                " 帮助 · j/k 滚动 · 其他键关闭 ",
            ]),
            theme.title(),
        ));
    let inner = block.inner(area);
    let shown = popup::window(lines(app, theme), scroll, usize::from(inner.height));
    popup::clear(frame, area);
    frame.render_widget(Paragraph::new(shown).block(block), area);
}
