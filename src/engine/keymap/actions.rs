//! Every action, its name in `[keys]`, its default keys, its help text and its section of the
//! help screen.

use std::sync::LazyLock;

use crate::domain::Resource;
use crate::i18n::Tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Expand,
    Collapse,
    ToggleRaw,
    ExpandAll,
    CollapseAll,
    /// The detail view's search: the next and the previous match.
    SearchNext,
    SearchPrev,
    Refresh,
    Quit,
    /// Pause or resume live updates.
    Pause,
    /// Operators pane: open the reference lists (labels, ad groups, custom attributes).
    References,
    /// Show a pane.
    Pane(Resource),
    NextPane,
    PrevPane,
    /// Open the filter input.
    Filter,
    /// Open the command line.
    Command,
    Help,
    CopyId,
    CopyJson,
    /// Show the selected id and record in a popup, for selecting by hand.
    ShowValue,
    Export,
    /// Related records of an alert or a customer.
    Related,
    /// The Insights view over the outflow alerts.
    Insights,
    /// Outflow: claim the alert in front (triage).
    Claim,
    /// Outflow: the done picker for the alert in front (an outcome and a note).
    Done,
}

impl Action {
    /// Whether the action does something in a list (not only in the detail view); a sort
    /// letter never shadows one of these.
    pub fn in_list(self) -> bool {
        !matches!(
            self,
            Action::Expand
                | Action::Collapse
                | Action::ToggleRaw
                | Action::ExpandAll
                | Action::CollapseAll
                | Action::SearchNext
                | Action::SearchPrev
        )
    }
}

impl Action {
    /// Whether the action changes an alert's triage (a role needs `scrm_triage` for it).
    pub fn is_triage(self) -> bool {
        matches!(self, Action::Claim | Action::Done)
    }
}

/// One row of the keymap table.
#[derive(Debug, Clone, Copy)]
pub struct ActionInfo {
    pub action: Action,
    /// The name used in `[keys]`.
    pub name: &'static str,
    pub default_keys: &'static [&'static str],
    pub help: Tr,
    pub group: Group,
}

/// The sections of the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Panes,
    Detail,
    Data,
    App,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Move,
        Group::Panes,
        Group::Data,
        Group::Detail,
        Group::App,
    ];

    pub fn title(self) -> Tr {
        match self {
            Group::Move => ["Move", "移动"],
            Group::Panes => ["Panes", "面板"],
            Group::Detail => ["Detail view", "详情"],
            Group::Data => ["Data", "数据"],
            Group::App => ["App", "应用"],
        }
    }
}

/// Every action, in the order help lists them: moves and the detail view's, then one per
/// pane (from its resource's descriptor: its name, key and help), then the rest.
pub static ACTIONS: LazyLock<Vec<ActionInfo>> = LazyLock::new(|| {
    let panes = Resource::ALL.iter().map(|&resource| {
        let described = resource.describe();
        ActionInfo {
            action: Action::Pane(resource),
            name: described.name,
            default_keys: std::slice::from_ref(&described.key),
            help: described.key_help,
            group: Group::Panes,
        }
    });
    let mut all: Vec<ActionInfo> = BEFORE_PANES
        .iter()
        .copied()
        .chain(panes)
        .chain(AFTER_PANES.iter().copied())
        .collect();
    // The views that number keys show, in the order of their keys (Insights' 5 between the
    // panes' 4 and 6), as the tabs show them.
    let shown_by_number = |a: &ActionInfo| matches!(a.action, Action::Pane(_) | Action::Insights);
    if let Some(start) = all.iter().position(shown_by_number) {
        let end = start
            + all[start..]
                .iter()
                .take_while(|a| shown_by_number(a))
                .count();
        all[start..end].sort_by_key(|a| a.default_keys.first().copied());
    }
    all
});

/// The actions before the panes'.
const BEFORE_PANES: &[ActionInfo] = &[
    ActionInfo {
        action: Action::Up,
        name: "up",
        default_keys: &["k", "Up"],
        help: ["move up", "上移"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::Down,
        name: "down",
        default_keys: &["j", "Down"],
        help: ["move down", "下移"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::PageUp,
        name: "page_up",
        default_keys: &["PgUp"],
        help: ["page up", "上一页"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::PageDown,
        name: "page_down",
        default_keys: &["PgDn"],
        help: ["page down", "下一页"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::Top,
        name: "top",
        default_keys: &["g", "Home"],
        help: ["first row", "第一行"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::Bottom,
        name: "bottom",
        default_keys: &["G", "End"],
        help: ["last row", "最后一行"],
        group: Group::Move,
    },
    ActionInfo {
        action: Action::Open,
        name: "open",
        default_keys: &["Enter"],
        help: ["detail / expand or collapse", "详情 / 展开或折叠"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::Back,
        name: "back",
        default_keys: &["Esc"],
        help: ["back to the list", "返回列表 / 清除过滤"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::Expand,
        name: "expand",
        default_keys: &["l", "Right"],
        help: ["expand", "展开"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::Collapse,
        name: "collapse",
        default_keys: &["h", "Left"],
        help: ["collapse / go to parent", "折叠 / 回到上级"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::ToggleRaw,
        name: "toggle_raw",
        default_keys: &["s"],
        help: [
            "JSON in a string: decoded / raw",
            "字符串里的 JSON：解析 / 原文",
        ],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::ExpandAll,
        name: "expand_all",
        default_keys: &["E"],
        help: ["expand everything", "全部展开"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::CollapseAll,
        name: "collapse_all",
        default_keys: &["C"],
        help: ["collapse everything", "全部折叠"],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::SearchNext,
        name: "search_next",
        default_keys: &["n"],
        help: [
            "next match of / (which searches keys and values here)",
            "/ 的下一处匹配（在此查找键与值）",
        ],
        group: Group::Detail,
    },
    ActionInfo {
        action: Action::SearchPrev,
        name: "search_prev",
        default_keys: &["N"],
        help: ["previous match", "上一处匹配"],
        group: Group::Detail,
    },
];

/// The actions after the panes' own.
const AFTER_PANES: &[ActionInfo] = &[
    ActionInfo {
        action: Action::Insights,
        name: "insights",
        default_keys: &["5"],
        help: [
            "Insights: outflow by hour, day, staff and tag",
            "洞察：按小时、天、员工、标签看流失",
        ],
        group: Group::Panes,
    },
    ActionInfo {
        action: Action::NextPane,
        name: "next_pane",
        default_keys: &["Tab"],
        help: ["next pane", "下一个面板"],
        group: Group::Panes,
    },
    ActionInfo {
        action: Action::PrevPane,
        name: "prev_pane",
        default_keys: &["Shift-Tab"],
        help: ["previous pane", "上一个面板"],
        group: Group::Panes,
    },
    ActionInfo {
        action: Action::References,
        name: "references",
        default_keys: &["L"],
        help: [
            "operators: labels, ad groups, custom attributes",
            "运营号：标签、广告组、自定义属性",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Claim,
        name: "claim",
        default_keys: &["a"],
        help: [
            "outflow: claim the alert (:done, :note, :release, :reopen)",
            "流失：认领提醒（:done、:note、:release、:reopen）",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Done,
        name: "done",
        default_keys: &["d"],
        help: [
            "outflow: done — pick an outcome, add a note",
            "流失：完成——选择结果并填写备注",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Filter,
        name: "filter",
        default_keys: &["/"],
        help: [
            "filter (Enter keeps it, Esc clears)",
            "过滤（Enter 保留，Esc 清除）",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Command,
        name: "command",
        default_keys: &[":"],
        help: ["command line (Tab completes)", "命令行（Tab 补全）"],
        group: Group::App,
    },
    ActionInfo {
        action: Action::CopyId,
        name: "copy_id",
        default_keys: &["y"],
        help: [
            "copy the id (in the detail view: the value under the cursor)",
            "复制 id（详情中：光标处的值）",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::CopyJson,
        name: "copy_json",
        default_keys: &["Y"],
        help: ["copy the record as JSON", "复制整条记录（JSON）"],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::ShowValue,
        name: "show_value",
        default_keys: &["v"],
        help: [
            "show the id and record, to select by hand",
            "显示 id 与记录，便于手动选取",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Export,
        name: "export",
        default_keys: &["e"],
        help: ["export the rows shown (CSV)", "导出当前行（CSV）"],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Related,
        name: "related",
        default_keys: &["x"],
        help: [
            "related records: the same person elsewhere, the staff's other losses and stores",
            "相关记录：其他平台的同一客户、该员工的其他流失与门店",
        ],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Pause,
        name: "pause",
        default_keys: &["p"],
        help: ["pause / resume live outflow", "暂停 / 继续实时流失提醒"],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Refresh,
        name: "refresh",
        default_keys: &["r"],
        help: ["refresh now", "立即刷新"],
        group: Group::Data,
    },
    ActionInfo {
        action: Action::Help,
        name: "help",
        default_keys: &["?", "F1"],
        help: ["this help", "本帮助"],
        group: Group::App,
    },
    ActionInfo {
        action: Action::Quit,
        name: "quit",
        default_keys: &["q"],
        help: ["quit (Ctrl-C always quits)", "退出（Ctrl-C 总是退出）"],
        group: Group::App,
    },
];
