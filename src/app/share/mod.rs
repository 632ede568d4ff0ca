//! Copy and export, and the toast that says what really happened to them.

use std::path::PathBuf;

use crate::app::{App, Cmd, CopyOutcome, Level, Overlay, Popup, names};
use crate::domain::output::{self, ExportError, Format};
use crate::domain::{Record, Resource};
use crate::i18n::text;

impl App {
    /// `y` / `Y`: the selected id, or the record as JSON (in a list, as `get` prints it; in
    /// the detail view, the vendor's raw object).
    pub(crate) fn copy(&mut self, json: bool) -> Vec<Cmd> {
        let locale = self.locale();
        let pane = self.list(self.pane);
        let (text, what) = match (self.detail(), json) {
            // In the tree: the value under the cursor; on a branch, the record's id.
            (Some(detail), false) => match detail.cursor_value() {
                Some((label, value)) => {
                    let what = format!("{label} {}", text::truncate(&value, 40));
                    (value, what)
                }
                None => (detail.record_id.clone(), format!("id {}", detail.record_id)),
            },
            (Some(detail), true) => match pane.selected_raw() {
                Some((id, raw)) if id == detail.record_id => (
                    raw,
                    format!(
                        "{} {id}",
                        self.settings.lang.pick(["raw JSON of", "原始 JSON："])
                    ),
                ),
                _ => return Vec::new(),
            },
            (None, false) => match pane.selected_id() {
                Some(id) => (id.clone(), format!("id {id}")),
                None => return Vec::new(),
            },
            (None, true) => match (pane.selected_json(&locale), pane.selected_id()) {
                (Some(text), Some(id)) => (
                    text,
                    format!("{} {id}", self.settings.lang.pick(["JSON of", "JSON："])),
                ),
                _ => return Vec::new(),
            },
        };
        vec![Cmd::Copy { text, what }]
    }

    /// `v`: the selected id and record in a popup, to select by hand when no clipboard works.
    pub(crate) fn show_value(&mut self) {
        let locale = self.locale();
        let pane = self.list(self.pane);
        let (Some(id), Some(json)) = (pane.selected_id(), pane.selected_json(&locale)) else {
            return;
        };
        let title = names::title(self.pane, self.settings.lang).to_owned();
        self.overlay = Some(Overlay::Popup(Popup::Value {
            title,
            id,
            json,
            scroll: 0,
        }));
    }

    /// Exports what the pane shows: in `format`, else as the path's extension says, else in
    /// `ui.export_format`.
    pub(crate) fn export(&mut self, format: Option<Format>, path: Option<PathBuf>) -> Vec<Cmd> {
        if self.list(self.pane).counts().0 == 0 {
            self.flash(
                Level::Warn,
                self.settings
                    .lang
                    .pick(["nothing to export: no rows shown", "没有可导出的行"]),
            );
            return Vec::new();
        }
        let by_extension = path
            .as_deref()
            .and_then(|p| p.extension())
            .and_then(|e| Format::parse(&e.to_string_lossy()));
        // The rows are taken now, as shown: the pane may move on while the file is written.
        let mut rows = self.panes.shown(self.pane);
        if self.pane == Resource::Outflow && self.triage.read {
            let (ledger, zone) = (&self.triage.ledger, &self.settings.zone);
            let triage = self.panes.outflow.rows(0).map(|alert| {
                let key = alert.key();
                let values = output::triage::values(&ledger.state(&key), zone);
                (key, values)
            });
            rows.triage = Some(triage.collect());
        }
        vec![Cmd::Export {
            resource: self.pane,
            format: format
                .or(by_extension)
                .unwrap_or(self.settings.export_format),
            path,
            rows,
            dir: self.settings.export_dir.clone(),
            bom: self.settings.csv_bom,
            zone: self.settings.zone,
        }]
    }

    /// The toast after a copy says what really happened.
    pub(crate) fn on_copied(&mut self, what: &str, outcome: CopyOutcome) {
        let v = self.settings.keymap.hint(crate::app::Action::ShowValue);
        let (level, text) = match outcome {
            CopyOutcome::Copied => (
                Level::Info,
                [format!("copied {what}"), format!("已复制 {what}")],
            ),
            CopyOutcome::SentToTerminal => (
                Level::Info,
                [
                    format!(
                        "sent {what} to the terminal (OSC 52) — {v} shows it if it did not arrive"
                    ),
                    format!("已通过终端 (OSC 52) 发送 {what}；若未收到，按 {v} 查看"),
                ],
            ),
            CopyOutcome::SentToTerminalAfter(e) => (
                Level::Warn,
                [
                    format!("system clipboard failed ({e}); sent {what} to the terminal (OSC 52)"),
                    format!("系统剪贴板失败（{e}）；已通过终端 (OSC 52) 发送 {what}"),
                ],
            ),
            CopyOutcome::Off => (
                Level::Warn,
                [
                    format!("clipboard is off (ui.clipboard); {v} shows the value"),
                    format!("剪贴板已关闭 (ui.clipboard)；按 {v} 查看"),
                ],
            ),
            CopyOutcome::Failed(e) => (
                Level::Error,
                [
                    format!("could not copy: {e}; {v} shows the value"),
                    format!("复制失败：{e}；按 {v} 查看"),
                ],
            ),
        };
        self.flash(level, self.settings.lang.pick(text));
    }

    /// The toast after an export: where the rows went, or why they did not.
    pub(crate) fn on_exported(&mut self, result: Result<(PathBuf, usize), ExportError>) {
        match result {
            Ok((path, rows)) => {
                let (rows, path) = (text::count(rows), path.display());
                let text = self.settings.lang.pick([
                    format!("exported {rows} rows to {path}"),
                    format!("已导出 {rows} 行到 {path}"),
                ]);
                self.flash(Level::Info, text);
            }
            Err(e) => self.flash(Level::Error, e.to_string()),
        }
    }
}
