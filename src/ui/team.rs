//! Insights' team block: open / claimed / done now, the median waits to claim and to done,
//! the won-back share, then the handlers and the staff whose customers left, each with their
//! counts. Every figure is written out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::app::insights::{Tally, Team, percent};
use crate::i18n::{Lang, text};
use crate::ui::theme::Theme;

pub fn render(team: &Team, lang: Lang, theme: &Theme, frame: &mut Frame, area: Rect) {
    let title = lang.pick([" Team triage ", " 团队处理 "]);
    let block = Block::bordered().border_style(theme.border()).title(title);
    let width = usize::from(block.inner(area).width);
    let mut lines = summary(team, lang);
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        header(lang.pick(["Handler", "处理人"]), lang, width),
        theme.header(),
    ));
    lines.extend(
        team.handlers
            .iter()
            .map(|t| Line::raw(row(t, width, false))),
    );
    lines.push(Line::styled(
        header(
            lang.pick(["Staff who lost them", "流失客户的员工"]),
            lang,
            width,
        ),
        theme.header(),
    ));
    lines.extend(team.staff.iter().map(|t| Line::raw(row(t, width, true))));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn summary(team: &Team, lang: Lang) -> Vec<Line<'static>> {
    let wait = |minutes: Option<i64>| minutes.map_or_else(|| String::from("—"), duration);
    vec![
        Line::raw(lang.pick([
            format!(
                "open {} · claimed {} · done {}",
                team.open, team.claimed, team.done
            ),
            format!(
                "待处理 {} · 已认领 {} · 已完成 {}",
                team.open, team.claimed, team.done
            ),
        ])),
        Line::raw(lang.pick([
            format!(
                "median to claim {} · to done {}",
                wait(team.to_claim),
                wait(team.to_done)
            ),
            format!(
                "认领用时中位数 {} · 完成用时 {}",
                wait(team.to_claim),
                wait(team.to_done)
            ),
        ])),
        Line::raw(lang.pick([
            format!(
                "won back {} of {} done ({}%)",
                team.won_back,
                team.done,
                percent(team.won_back, team.done)
            ),
            format!(
                "已挽回 {} / {}（{}%）",
                team.won_back,
                team.done,
                percent(team.won_back, team.done)
            ),
        ])),
    ]
}

/// `12m`, `3h 5m`, `2d 4h`.
fn duration(minutes: i64) -> String {
    match minutes {
        0..60 => format!("{minutes}m"),
        60..1440 => format!("{}h {}m", minutes / 60, minutes % 60),
        _ => format!("{}d {}h", minutes / 1440, minutes % 1440 / 60),
    }
}

const FIGURES: usize = 24;

/// The figures' columns, in cells.
const WIDTHS: [usize; 4] = [7, 6, 5, 6];

fn header(name: &str, lang: Lang, width: usize) -> String {
    let titles = lang.pick([
        ["open", "claim", "done", "won"],
        ["待处理", "认领", "完成", "挽回"],
    ]);
    let mut line = text::fit(name, width.saturating_sub(FIGURES));
    for (title, cells) in titles.iter().zip(WIDTHS) {
        // Right-aligned by cells: a Chinese title is twice as wide as it is long.
        line.push_str(&" ".repeat(cells.saturating_sub(text::width(title))));
        line.push_str(title);
    }
    line
}

fn row(tally: &Tally, width: usize, with_open: bool) -> String {
    let open = if with_open {
        tally.open.to_string()
    } else {
        String::from("")
    };
    format!(
        "{}{open:>7}{:>6}{:>5}{:>6}",
        text::fit(&tally.name, width.saturating_sub(FIGURES)),
        tally.claimed,
        tally.done,
        tally.won_back
    )
}
