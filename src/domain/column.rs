//! How a pane shows a record's column — title, sort letter, width, how its cells read —
//! declared with the record type's other columns in its [`Descriptor`](super::Descriptor).

use super::ColumnKey;

/// A text in English and in Chinese.
pub type Words = [&'static str; 2];

/// How a column takes space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Narrower than this, the column is dropped instead.
    pub min: u16,
    /// Never wider than this (0: no limit).
    pub max: u16,
    /// Share of the spare width.
    pub grow: u16,
    /// When space runs out, columns with the lowest priority go first.
    pub priority: u8,
}

/// How a column's cells read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Text,
    /// A time in the display zone (with the clock time when the column is wide enough).
    Time,
    /// When something happened lately: the time of day for today, the month, day and time
    /// earlier this year, the age when only that fits.
    Recent,
    /// A flag: the `on` text (in a warning or success colour) when set, `off` when not.
    Flag {
        on: Words,
        off: Words,
        warn: bool,
    },
    /// An outflow alert's triage (`open`, `alice 12m`, `✓ won back`), read from the triage
    /// log rather than the record: the UI draws it, the filter asks it through `is:`/`by:`.
    Triage,
    /// A count kept outside the record (a staff member's outflow, open and claimed alerts,
    /// from the alerts loaded and the triage log): the UI draws it, the sort reads it.
    Tally,
}

/// A column of a pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneColumn {
    /// The record's column (`Record::column`) it shows.
    pub key: ColumnKey,
    pub title: Words,
    /// `Shift` + this letter sorts by the column.
    pub letter: char,
    pub spec: ColumnSpec,
    pub show: Show,
    /// The filter also matches it by pinyin: names of people and places, which staff type
    /// through an input method (not statuses or tags, where `ls` would find every 流失).
    pub spelled: bool,
}

impl PaneColumn {
    /// A column: its record column, title, sort letter and how it reads, its width and
    /// priority set with [`width`](Self::width).
    pub const fn new(key: ColumnKey, title: Words, letter: char, show: Show) -> PaneColumn {
        PaneColumn {
            key,
            title,
            letter,
            spec: ColumnSpec {
                min: 6,
                max: 0,
                grow: 1,
                priority: 5,
            },
            show,
            spelled: false,
        }
    }

    /// At least `min` cells (else dropped), at most `max` (0: no limit), `grow` shares of
    /// the spare width; the lowest `priority` goes first when space runs out.
    pub const fn width(mut self, min: u16, max: u16, grow: u16, priority: u8) -> PaneColumn {
        self.spec = ColumnSpec {
            min,
            max,
            grow,
            priority,
        };
        self
    }

    /// The filter matches it by pinyin too.
    pub const fn spelled(mut self) -> PaneColumn {
        self.spelled = true;
        self
    }
}

/// `yes` / `no`.
pub const YES_NO: Show = Show::Flag {
    on: ["yes", "是"],
    off: ["no", "否"],
    warn: false,
};

/// Every pane's last column; shown only when more than one account is configured.
pub const ACCOUNT: PaneColumn =
    PaneColumn::new(ColumnKey::Account, ["Account", "账号"], 'K', Show::Text).width(7, 12, 0, 4);
