//! An outflow alert's story, as the summary above its raw tree tells it: who left whom, for
//! how long they were a customer, how they came, who still follows them, what happened last.

pub mod context;
mod update;

use chrono::{DateTime, Utc};

use super::App;
use super::settings::Settings;
use super::triage::TriageView;
use crate::domain::{AlertStory, CustomerContext, CustomerKind, DeleteBy, OutflowAlert};
use context::{Contexts, Entry};

/// How a line reads at a glance; the words always say it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// Good news: still followed, recovered.
    Good,
    /// Gone from the company, not recovered.
    Bad,
    /// Not known yet, or not applicable.
    Dim,
    /// The context could not be fetched.
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoryLine {
    pub label: String,
    pub value: String,
    pub tone: Tone,
}

/// The events a summary lists.
pub const EVENTS_SHOWN: usize = 5;

fn line(label: &str, value: impl Into<String>, tone: Tone) -> StoryLine {
    StoryLine {
        label: label.to_owned(),
        value: value.into(),
        tone,
    }
}

impl App {
    /// The summary of the alert the detail view shows; empty for other records.
    pub fn story_lines(&self) -> Vec<StoryLine> {
        match self.detail().and_then(|d| d.alert.as_deref()) {
            Some(alert) => self.teller().story_of(alert),
            None => Vec::new(),
        }
    }

    /// What a story is told from, borrowed.
    pub(crate) fn teller(&self) -> Teller<'_> {
        Teller {
            settings: &self.settings,
            wall: self.wall,
            contexts: &self.contexts,
            triage: &self.triage,
        }
    }
}

/// Tells an alert's story from what the session knows: its settings (language, zone), the
/// wall clock, the customers' contexts and the triage log.
pub(crate) struct Teller<'a> {
    pub settings: &'a Settings,
    pub wall: DateTime<Utc>,
    pub contexts: &'a Contexts,
    pub triage: &'a TriageView,
}

impl Teller<'_> {
    fn story_of(&self, alert: &OutflowAlert) -> Vec<StoryLine> {
        let lang = self.settings.lang;
        let entry = self
            .contexts
            .get(alert.vendor, &alert.account, &alert.customer_id);
        let context = entry.and_then(|e| e.context.as_deref());
        let story = AlertStory::of(alert, context.map(|c| &c.detail));
        let kind = context
            .map(|c| c.detail.kind)
            .or(alert.customer_type.map(CustomerKind::from_code));
        let kind = match kind {
            Some(CustomerKind::WeChat) => lang.pick(["WeChat", "微信用户"]).to_owned(),
            Some(CustomerKind::WeCom) => lang.pick(["WeCom", "企业微信用户"]).to_owned(),
            Some(CustomerKind::Other(n)) => format!("type {n}"),
            None => String::from("?"),
        };
        let mut lines = vec![
            line(
                lang.pick(["Customer", "客户"]),
                format!("{} · {kind}", alert.customer_name),
                Tone::Plain,
            ),
            line(
                lang.pick(["Deleted", "删除"]),
                self.who_deleted(alert),
                Tone::Plain,
            ),
            self.retention_line(alert, &story),
            self.added_line(&story),
            line(
                lang.pick(["Tags", "标签"]),
                if alert.tags.is_empty() {
                    String::from("—")
                } else {
                    alert.tags.join(", ")
                },
                if alert.tags.is_empty() {
                    Tone::Dim
                } else {
                    Tone::Plain
                },
            ),
        ];
        lines.extend(self.follow_lines(entry, &story));
        lines.extend(self.event_lines(entry, context));
        // Only once the log has been read: before that, "open" would be a guess.
        if self.triage.read {
            lines.extend(self.triage_lines(alert));
        }
        lines
    }

    /// Who deleted whom, naming the staff member.
    fn who_deleted(&self, alert: &OutflowAlert) -> String {
        let lang = self.settings.lang;
        let staff = if alert.staff_name.is_empty() || alert.staff_name == alert.staff_id {
            alert.staff_id.clone()
        } else {
            format!("{} ({})", alert.staff_name, alert.staff_id)
        };
        let who = match &alert.delete_by {
            DeleteBy::Customer => lang.pick([
                format!("the customer deleted {staff}"),
                format!("客户删除了 {staff}"),
            ]),
            DeleteBy::Staff => lang.pick([
                format!("{staff} deleted the customer"),
                format!("{staff} 删除了客户"),
            ]),
            DeleteBy::Handover => lang.pick([
                format!("handed over from {staff} (WeCom moved the customer; not a loss)"),
                format!("{staff} 的客户已在职继承转接（非流失）"),
            ]),
            DeleteBy::TransferFailed(_) => {
                let reason = alert.delete_by.transfer_failure().unwrap_or_default();
                let why = match reason {
                    "customer_refused" => lang.pick(["the customer refused", "客户拒绝"]),
                    "customer_limit_exceed" => lang.pick([
                        "the receiver's customer limit is full",
                        "接替成员客户数已达上限",
                    ]),
                    other => other,
                };
                lang.pick([
                    format!("handover from {staff} failed: {why}"),
                    format!("{staff} 的客户转接失败：{why}"),
                ])
            }
            DeleteBy::Other(word) if word.is_empty() => format!("? · {staff}"),
            DeleteBy::Other(word) => format!("{word} · {staff}"),
        };
        if alert.relation.deleted_each_other {
            format!("{who}; {}", lang.pick(["deleted each other", "互删"]))
        } else {
            who
        }
    }

    fn retention_line(&self, alert: &OutflowAlert, story: &AlertStory) -> StoryLine {
        let lang = self.settings.lang;
        let label = lang.pick(["Customer for", "客户时长"]);
        match story.retention_days {
            Some(days) => {
                let since = self.day(alert.relation.created_at);
                let until = self.day(alert.outflow_at);
                let days = lang.pick([format!("{days} days"), format!("{days} 天")]);
                line(label, format!("{days} ({since} → {until})"), Tone::Plain)
            }
            None => line(
                label,
                lang.pick(["? (no relation start)", "?（无添加时间）"]),
                Tone::Dim,
            ),
        }
    }

    fn added_line(&self, story: &AlertStory) -> StoryLine {
        let lang = self.settings.lang;
        let way = story
            .add_way
            .map_or_else(|| String::from("?"), |w| lang.pick(w.names()));
        let value = if story.channel.is_empty() {
            way
        } else {
            format!("{way} · {}", story.channel)
        };
        line(lang.pick(["Added by", "添加方式"]), value, Tone::Plain)
    }

    /// Who still follows the customer, and whether the alert's staff member re-added them.
    fn follow_lines(&self, entry: Option<&Entry>, story: &AlertStory) -> Vec<StoryLine> {
        let lang = self.settings.lang;
        let followed = lang.pick(["Followed by", "仍在跟进"]);
        let recovered = lang.pick(["Recovered", "已恢复"]);
        let (Some(names), Some(again)) = (&story.followed_by, story.recovered) else {
            let (text, tone) = self.context_state(entry);
            return vec![line(followed, text, tone)];
        };
        let followers = if names.is_empty() {
            line(
                followed,
                lang.pick(["nobody: gone from the company", "无人：已离开企业"]),
                Tone::Bad,
            )
        } else {
            line(followed, names.join(", "), Tone::Good)
        };
        let again = if again {
            line(
                recovered,
                lang.pick([
                    "yes: the staff member follows them again",
                    "是：员工已重新添加",
                ]),
                Tone::Good,
            )
        } else {
            line(recovered, lang.pick(["no", "否"]), Tone::Bad)
        };
        let mut lines = vec![followers, again];
        // A refresh that failed leaves the last context on screen, and says so.
        if let Some(failure) = entry.and_then(|e| e.failure.as_ref()) {
            lines.push(line(
                lang.pick(["Refresh", "刷新"]),
                failure.to_string(),
                Tone::Error,
            ));
        }
        lines
    }

    /// What to say while there is no context: loading, failed, not available.
    fn context_state(&self, entry: Option<&Entry>) -> (String, Tone) {
        let lang = self.settings.lang;
        match entry {
            Some(e) if e.loading => (lang.pick(["loading…", "加载中…"]).to_owned(), Tone::Dim),
            Some(e) if e.unavailable => (
                lang.pick(["not available from this source", "此数据源不提供"])
                    .to_owned(),
                Tone::Dim,
            ),
            Some(Entry {
                failure: Some(failure),
                ..
            }) => (
                lang.pick([
                    format!("{failure} (r to retry)"),
                    format!("{failure}（r 重试）"),
                ]),
                Tone::Error,
            ),
            _ => (
                lang.pick(["not fetched (r)", "未获取（r）"]).to_owned(),
                Tone::Dim,
            ),
        }
    }

    fn event_lines(
        &self,
        entry: Option<&Entry>,
        context: Option<&CustomerContext>,
    ) -> Vec<StoryLine> {
        let lang = self.settings.lang;
        let label = lang.pick(["Events", "动态"]);
        let Some(context) = context else {
            return if entry.is_some_and(|e| e.loading) {
                Vec::new()
            } else {
                vec![line(label, "—", Tone::Dim)]
            };
        };
        match &context.events {
            Err(failure) => vec![line(label, failure.to_string(), Tone::Error)],
            Ok(events) if events.is_empty() => {
                vec![line(label, lang.pick(["none", "无"]), Tone::Dim)]
            }
            Ok(events) => events
                .iter()
                .take(EVENTS_SHOWN)
                .enumerate()
                .map(|(i, e)| {
                    let mut value = format!("{}  {}", self.minute(e.at), e.title);
                    if !e.staff_name.is_empty() {
                        value = format!("{value} · {}", e.staff_name);
                    }
                    line(if i == 0 { label } else { "" }, value, Tone::Plain)
                })
                .collect(),
        }
    }

    fn day(&self, t: Option<DateTime<Utc>>) -> String {
        t.map_or_else(
            || String::from("?"),
            |t| {
                t.with_timezone(&self.settings.zone)
                    .format("%Y-%m-%d")
                    .to_string()
            },
        )
    }

    /// Month, day and time this year; the year too before.
    fn minute(&self, t: Option<DateTime<Utc>>) -> String {
        use chrono::Datelike;
        let Some(t) = t.map(|t| t.with_timezone(&self.settings.zone)) else {
            return String::from("?");
        };
        let this_year = t.year() == self.wall.with_timezone(&self.settings.zone).year();
        let format = if this_year {
            "%m-%d %H:%M"
        } else {
            "%Y-%m-%d %H:%M"
        };
        t.format(format).to_string()
    }
}
