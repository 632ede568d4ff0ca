//! The Insights view: outflow per hour and per day as bar charts, who deleted whom, the top
//! staff and tags with counts and shares, and the median retention. Every figure is written
//! out, so nothing depends on colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

use crate::app::App;
use crate::app::insights::{Insights, percent};
use crate::i18n::{Lang, text};
use crate::ui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let insights = app.insights();
    let lang = app.settings.lang;
    let title = title(&insights, app.panes.outflow.query.text(), lang);
    let block = Block::bordered()
        .border_style(theme.border())
        .title(Span::styled(
            text::truncate(&title, usize::from(area.width).saturating_sub(4)),
            theme.title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    let [summary, charts, tables] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(7.min(inner.height.saturating_sub(4) / 2).max(3)),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(summary_lines(&insights, lang, theme)),
        summary,
    );
    let [hourly, daily] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(charts);
    hourly_chart(&insights, lang, theme, frame, hourly);
    daily_chart(&insights, lang, theme, frame, daily);
    ranked_tables(app, &insights, theme, frame, tables);
}

/// How many alerts are counted, and under which filter.
fn title(insights: &Insights, query: &str, lang: Lang) -> String {
    let count = text::count(insights.total);
    if query.is_empty() {
        lang.pick([
            format!(" Insights · {count} outflow alerts "),
            format!(" 洞察 · {count} 条流失提醒 "),
        ])
    } else {
        lang.pick([
            format!(" Insights · {count} alerts matching /{query} "),
            format!(" 洞察 · {count} 条匹配 /{query} "),
        ])
    }
}

/// The top staff and tags; with a triage log, the team's block takes the right of them (on
/// a narrow screen, the tags' place).
fn ranked_tables(app: &App, insights: &Insights, theme: &Theme, frame: &mut Frame, area: Rect) {
    let lang = app.settings.lang;
    let team = app.team_insights();
    let (tables, team_area) = match &team {
        Some(_) if area.width >= 100 => {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                    .areas(area);
            (left, Some(right))
        }
        _ => (area, None),
    };
    let [staff, tags] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(tables);
    staff_table(app, insights, theme, frame, staff);
    match (&team, team_area) {
        (Some(team), Some(area)) => {
            tag_table(insights, lang, theme, frame, tags);
            super::team::render(team, lang, theme, frame, area);
        }
        (Some(team), None) => super::team::render(team, lang, theme, frame, tags),
        (None, _) => tag_table(insights, lang, theme, frame, tags),
    }
}

/// Who deleted whom, and the median retention.
fn summary_lines(insights: &Insights, lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let total = insights.total;
    let share = |n: usize| format!("{}% ({n})", percent(n, total));
    let mut shares = lang.pick([
        format!(
            "Customer deleted staff {} · staff deleted customer {}",
            share(insights.by_customer),
            share(insights.by_staff)
        ),
        format!(
            "客户删除员工 {} · 员工删除客户 {}",
            share(insights.by_customer),
            share(insights.by_staff)
        ),
    ]);
    if insights.by_other > 0 {
        shares += lang.pick([" · unknown ", " · 未知 "]);
        shares += &share(insights.by_other);
    }
    let retention = match insights.median_retention {
        Some(days) => lang.pick([
            format!(
                "Median retention {days} days (known for {} of {})",
                insights.retention_known, total
            ),
            format!(
                "客户时长中位数 {days} 天（已知 {} / {}）",
                insights.retention_known, total
            ),
        ]),
        None => lang
            .pick(["Median retention: not known yet", "客户时长中位数：暂无"])
            .to_owned(),
    };
    vec![
        Line::from(shares),
        Line::styled(retention, theme.dim()).style(Style::new()),
    ]
}

/// Bars as wide as the area allows: `(width, gap)`, and whether labels of `label` cells fit.
fn bar_layout(width: u16, bars: usize, label: u16) -> (u16, u16, bool) {
    let bars = u16::try_from(bars.max(1)).unwrap_or(u16::MAX);
    for (w, gap) in [(label, 1), (label, 0), (2, 1), (2, 0), (1, 1)] {
        if w * bars + gap * (bars - 1) <= width {
            return (w, gap, w >= label);
        }
    }
    (1, 0, false)
}

fn hourly_chart(insights: &Insights, lang: Lang, theme: &Theme, frame: &mut Frame, area: Rect) {
    let peak = insights
        .hourly
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, *i))
        .map(|(i, n)| (*n, (insights.first_hour + i as u32) % 24));
    let title = match peak {
        Some((n, hour)) if n > 0 => lang.pick([
            format!(" Per hour, last 24 h · peak {n} at {hour:02}:00 "),
            format!(" 近 24 小时每小时 · 峰值 {hour:02}:00 {n} 条 "),
        ]),
        _ => lang
            .pick([" Per hour, last 24 h · none ", " 近 24 小时每小时 · 无 "])
            .to_owned(),
    };
    let axis = lang.pick([
        format!(" {:02}:00 → now ", insights.first_hour),
        format!(" {:02}:00 → 现在 ", insights.first_hour),
    ]);
    let block = Block::bordered()
        .border_style(theme.border())
        .title(title)
        .title_bottom(Line::styled(axis, theme.dim()).right_aligned());
    let inner = block.inner(area);
    let (width, gap, labelled) = bar_layout(inner.width, insights.hourly.len(), 2);
    let bars: Vec<Bar> = insights
        .hourly
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let hour = (insights.first_hour + i as u32) % 24;
            // Values and labels only where they do not run into each other.
            let bar = Bar::new(n).text_value(shown(width >= 2 && gap > 0, n));
            if labelled && (gap > 0 || hour.is_multiple_of(3)) {
                bar.label(Line::from(format!("{hour:02}")))
            } else {
                bar
            }
        })
        .collect();
    let chart = bar_chart(block, &bars, (width, gap), theme.title(), theme);
    frame.render_widget(chart, area);
}

fn daily_chart(insights: &Insights, lang: Lang, theme: &Theme, frame: &mut Frame, area: Rect) {
    let title = lang.pick([
        format!(" Per day, last {} days ", insights.daily.len()),
        format!(" 近 {} 天每天 ", insights.daily.len()),
    ]);
    let block = Block::bordered().border_style(theme.border()).title(title);
    let inner = block.inner(area);
    let (width, gap, labelled) = bar_layout(inner.width, insights.daily.len(), 5);
    let bars: Vec<Bar> = insights
        .daily
        .iter()
        .map(|(day, n)| {
            let bar = Bar::new(*n).text_value(shown(width >= 2, *n));
            if labelled {
                bar.label(Line::from(day.format("%m-%d").to_string()))
            } else if width >= 2 {
                bar.label(Line::from(day.format("%d").to_string()))
            } else {
                bar
            }
        })
        .collect();
    let chart = bar_chart(block, &bars, (width, gap), theme.header(), theme);
    frame.render_widget(chart, area);
}

/// A bar's value as written on it, or nothing where it does not fit.
fn shown(fits: bool, n: u64) -> String {
    if fits { n.to_string() } else { String::new() }
}

/// A bar chart of `bars`, each `width` cells wide and `gap` apart, values in reverse video.
fn bar_chart<'a>(
    block: Block<'a>,
    bars: &[Bar<'a>],
    (width, gap): (u16, u16),
    style: Style,
    theme: &Theme,
) -> BarChart<'a> {
    BarChart::default()
        .block(block)
        .data(BarGroup::default().bars(bars))
        .bar_width(width)
        .bar_gap(gap)
        .bar_style(style)
        .value_style(theme.selected())
}

fn staff_table(app: &App, insights: &Insights, theme: &Theme, frame: &mut Frame, area: Rect) {
    let lang = app.settings.lang;
    let title = lang.pick([" Top staff by alerts ", " 流失最多的员工 "]);
    let block = Block::bordered().border_style(theme.border()).title(title);
    let inner = block.inner(area);
    let width = usize::from(inner.width);
    let selected = app.insights_view().map_or(0, |v| v.selected);
    let lines: Vec<Line> = insights
        .staff
        .iter()
        .enumerate()
        .take(usize::from(inner.height))
        .map(|(i, s)| {
            let figures = format!("{:>5} {:>4}%", s.count, percent(s.count, insights.total));
            let name = text::fit(&s.name, width.saturating_sub(figures.len() + 4));
            let line = format!("{:>2}. {name}{figures}", i + 1);
            if i == selected {
                Line::styled(line, theme.selected())
            } else {
                Line::from(line)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn tag_table(insights: &Insights, lang: Lang, theme: &Theme, frame: &mut Frame, area: Rect) {
    let title = lang.pick([" Top tags of lost customers ", " 流失客户的常见标签 "]);
    let block = Block::bordered().border_style(theme.border()).title(title);
    let inner = block.inner(area);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = insights
        .tags
        .iter()
        .take(usize::from(inner.height))
        .map(|(tag, n)| {
            let figures = format!("{n:>5} {:>4}%", percent(*n, insights.total));
            Line::from(format!(
                "{}{figures}",
                text::fit(tag, width.saturating_sub(figures.len()))
            ))
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(lang.pick(["no tags", "无标签"]), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
