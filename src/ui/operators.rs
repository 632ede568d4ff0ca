//! The Operators pane: Youmi operator WeChat accounts and the staff bound to them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::pane::{self, Col, PaneView, Show, col};
use crate::app::App;
use crate::domain::Operator;

const COLUMNS: &[Col] = &[
    col("wechat_no", "Account", 10, 20, 1, 9, Show::Text),
    col("nickname", "Nickname", 8, 24, 2, 8, Show::Text),
    col("friends", "Friends", 7, 7, 0, 6, Show::Text),
    col("groups", "Groups", 6, 6, 0, 5, Show::Text),
    col("staff_code", "Staff", 5, 8, 0, 4, Show::Text),
    col("staff_name", "Staff name", 8, 14, 1, 7, Show::Text),
    col(
        "authorized",
        "Monitored",
        9,
        9,
        0,
        3,
        Show::Flag {
            on: "yes",
            off: "no",
            warn: false,
        },
    ),
    col("push", "Push", 4, 4, 0, 2, YES_NO),
    col("call_records", "Calls", 5, 5, 0, 1, YES_NO),
];

const YES_NO: Show = Show::Flag {
    on: "yes",
    off: "no",
    warn: false,
};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let view = PaneView {
        title: "Operators",
        noun: "operator accounts",
        state: &app.operators,
        columns: COLUMNS,
        row_style: &|_: &Operator| Style::new(),
    };
    pane::render(app, frame, area, view);
}
