//! The help screen, generated from the keymap (so remapped keys show as they are), with the
//! sort letters of the active pane, the filter syntax, the commands and where the files are.
//! Where the screen is large enough every section shows at once, in columns (as k9s lays its
//! help out); else one column that scrolls. Either way a description too long for its column
//! wraps at a word (or between Chinese characters), never mid-word.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::popup;
use crate::app::App;
use crate::app::columns;
use crate::app::names;
use crate::engine::keymap::{ACTIONS, Group};
use crate::i18n::text;
use crate::ui::theme::Theme;

const KEY_WIDTH: usize = 16;
/// Columns narrower than this wrap too much to read: one scrolling column instead.
const COLUMN_MIN: usize = 44;
/// Space between columns.
const GAP: usize = 2;

/// One line of a section: its title, a key (or syntax) with what it does, or a line as it is.
enum Item {
    Title(String),
    Entry { keys: String, what: String },
    Plain(String),
}

/// The sections, in order.
fn sections(app: &App) -> Vec<Vec<Item>> {
    let mut sections: Vec<Vec<Item>> = Group::ALL
        .into_iter()
        .map(|group| key_section(app, group))
        .collect();
    sections.push(sort_section(app));
    sections.push(filter_section(app));
    let lang = app.settings.lang;
    let mut commands = vec![Item::Title(
        lang.pick(["Commands (Tab completes)", "命令（Tab 补全）"])
            .to_owned(),
    )];
    let all = crate::engine::command::COMMANDS
        .iter()
        .chain(crate::engine::command::TRIAGE_COMMANDS);
    commands.extend(all.map(|(name, args)| Item::Plain(format!("  :{name}{args}"))));
    sections.push(commands);
    let mut files = vec![Item::Title(lang.pick(["Files", "文件"]).to_owned())];
    if let Some(log) = &app.settings.log_file {
        files.push(entry(lang.pick(["log", "日志"]), log.display().to_string()));
    }
    files.push(entry(
        lang.pick(["exports", "导出目录"]),
        app.settings.export_dir.display().to_string(),
    ));
    sections.push(files);
    sections
}

fn entry(keys: &str, what: String) -> Item {
    Item::Entry {
        keys: keys.to_owned(),
        what,
    }
}

/// A group's actions with their keys as bound now.
fn key_section(app: &App, group: Group) -> Vec<Item> {
    let lang = app.settings.lang;
    let mut items = vec![Item::Title(lang.pick(group.title()).to_owned())];
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
        let mut what = lang.pick(info.help).to_owned();
        // The triage keys say what they need where this dashboard's role lacks it.
        if info.action.is_triage() && app.triage.may_triage == Some(false) {
            what.push_str(lang.pick([" (needs scrm_triage)", "（需 scrm_triage 角色）"]));
        }
        items.push(entry(&keys, what));
    }
    if group == Group::App {
        items.push(entry("Ctrl-C", lang.pick(["quit", "退出"]).to_owned()));
    }
    items
}

fn sort_section(app: &App) -> Vec<Item> {
    let lang = app.settings.lang;
    let mut items = vec![Item::Title(lang.pick([
        format!("Sort {} (again: reverse)", names::title(app.pane, lang)),
        format!("排序：{}（再按一次倒序）", names::title(app.pane, lang)),
    ]))];
    for col in columns::shown(app.pane, app.many_accounts()) {
        items.push(entry(
            &format!("Shift-{}", col.letter),
            lang.pick(col.title).to_owned(),
        ));
    }
    items
}

fn filter_section(app: &App) -> Vec<Item> {
    let lang = app.settings.lang;
    let mut items = vec![Item::Title(lang.pick(["Filter", "过滤"]).to_owned())];
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
        (
            "is:open",
            [
                "outflow: open (also is:claimed, is:done, is:mine)",
                "流失：待处理（另有 is:claimed、is:done、is:mine）",
            ],
        ),
        (
            "by:NAME",
            [
                "outflow: claimed or handled by NAME",
                "流失：由 NAME 认领或处理",
            ],
        ),
        ("a b", ["both terms hold", "两个条件都满足"]),
    ] {
        items.push(entry(syntax, lang.pick(what).to_owned()));
    }
    items
}

/// A section as lines `width` cells wide at most: a description wraps under itself.
fn section_lines(items: &[Item], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for item in items {
        match item {
            Item::Title(title) => lines.push(Line::styled(title.clone(), theme.header())),
            Item::Plain(plain) => {
                for part in wrap(plain, width) {
                    lines.push(Line::styled(part, theme.key()));
                }
            }
            Item::Entry { keys, what } => {
                let key = format!("  {keys}");
                // A key list longer than its column takes a line of its own.
                let (first, indent) = if key.width() < KEY_WIDTH {
                    (text::fit(&key, KEY_WIDTH), KEY_WIDTH)
                } else {
                    lines.push(Line::styled(key, theme.key()));
                    (" ".repeat(KEY_WIDTH), KEY_WIDTH)
                };
                let room = width.saturating_sub(indent).max(8);
                for (i, part) in wrap(what, room).into_iter().enumerate() {
                    let lead = if i == 0 {
                        Span::styled(first.clone(), theme.key())
                    } else {
                        Span::raw(" ".repeat(indent))
                    };
                    lines.push(Line::from(vec![lead, Span::raw(part)]));
                }
            }
        }
    }
    lines
}

/// `text` in lines of at most `width` cells, broken at spaces or between wide (Chinese)
/// characters; a word longer than a line is the only thing ever split.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in words(text) {
        let fits = line.width() + word.width() <= width;
        if !fits && !line.trim().is_empty() {
            lines.push(line.trim_end().to_owned());
            line.clear();
        }
        if line.is_empty() && word.trim().is_empty() {
            continue;
        }
        if word.width() > width {
            // Only a word wider than the whole line is cut: there is no other way.
            for c in word.chars() {
                if line.width() + c.to_string().width() > width {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
            continue;
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// The pieces a line may break between: a run of spaces, a Latin word, or one wide character.
fn words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut last: Option<(bool, bool)> = None;
    for (at, c) in text.char_indices() {
        let kind = (c == ' ', c.to_string().width() > 1);
        let breaks = match last {
            None => false,
            Some(previous) => kind.1 || previous.1 || previous.0 != kind.0,
        };
        if breaks {
            words.push(&text[start..at]);
            start = at;
        }
        last = Some(kind);
    }
    if start < text.len() {
        words.push(&text[start..]);
    }
    words
}

/// The whole help as one column (nothing wrapped), sections apart.
pub fn lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    one_column(&sections(app), usize::MAX, theme)
}

fn one_column(sections: &[Vec<Item>], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.extend(section_lines(section, width, theme));
    }
    lines
}

/// Every section at once in `width` × `height`, in as few columns as that takes (sections
/// kept whole, in order, down one column then the next); `None` when they do not fit.
fn in_columns(
    sections: &[Vec<Item>],
    width: usize,
    height: usize,
    theme: &Theme,
) -> Option<Vec<Vec<Line<'static>>>> {
    for count in 2..=4 {
        let column_width = width.saturating_sub(GAP * (count - 1)) / count;
        if column_width < COLUMN_MIN {
            return None;
        }
        let mut columns: Vec<Vec<Line<'static>>> = vec![Vec::new()];
        for section in sections {
            let lines = section_lines(section, column_width, theme);
            let current = columns.last_mut()?;
            let gap = usize::from(!current.is_empty());
            if current.len() + gap + lines.len() > height && !current.is_empty() {
                columns.push(lines);
            } else {
                if gap == 1 {
                    current.push(Line::raw(""));
                }
                current.extend(lines);
            }
        }
        if columns.len() <= count && columns.iter().all(|c| c.len() <= height) {
            return Some(columns);
        }
    }
    None
}

pub fn render(app: &App, theme: &Theme, scroll: usize, frame: &mut Frame, area: Rect) {
    let sections = sections(app);
    let inner = (
        usize::from(area.width.saturating_sub(2)),
        usize::from(area.height.saturating_sub(2)),
    );
    let lang = app.settings.lang;
    if let Some(columns) = in_columns(&sections, inner.0, inner.1, theme) {
        let block = Block::bordered()
            .border_style(theme.border())
            .title(Line::styled(
                lang.pick([" Help · any key closes ", " 帮助 · 任意键关闭 "]),
                theme.title(),
            ));
        let inside = block.inner(area);
        popup::clear(frame, area);
        frame.render_widget(block, area);
        let count = columns.len().max(1);
        let width = (inner.0.saturating_sub(GAP * (count - 1)) / count) as u16;
        for (i, column) in columns.into_iter().enumerate() {
            let x = inside.x + (i as u16) * (width + GAP as u16);
            let at = Rect::new(x, inside.y, width, inside.height).intersection(inside);
            frame.render_widget(Paragraph::new(column), at);
        }
        return;
    }
    // On a narrow screen the help covers the pane, borders included, rather than nesting.
    let width = if area.width < 90 { area.width } else { 78 };
    let area = popup::centered(area, width, area.height);
    let block = Block::bordered()
        .border_style(theme.border())
        .title(Line::styled(
            lang.pick([
                " Help · j/k scroll · any other key closes ",
                " 帮助 · j/k 滚动 · 其他键关闭 ",
            ]),
            theme.title(),
        ));
    let inner = block.inner(area);
    let all = one_column(&sections, usize::from(inner.width), theme);
    let shown = popup::window(all, scroll, usize::from(inner.height));
    popup::clear(frame, area);
    frame.render_widget(Paragraph::new(shown).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_between_chinese_characters() {
        assert_eq!(
            wrap("outflow: claim the alert (:done, :note)", 20),
            ["outflow: claim the", "alert (:done, :note)"]
        );
        // `:done` stays whole.
        assert_eq!(
            wrap("流失：认领提醒（:done）", 10),
            ["流失：认领", "提醒（", ":done）"]
        );
        assert_eq!(wrap("short", 20), ["short"]);
    }
}
