//! The done picker (`d`): the outcomes to choose from and a note, typed in a text area, for
//! the alert it was opened on. Enter writes `done`; Esc leaves everything as it was.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::super::{App, Cmd, Level, Overlay};
use super::refusal_text;
use super::update::Answer;
use crate::domain::Record;
use crate::domain::triage::{Action, NOTE_MAX, Outcome, Refusal};

/// Which half of the picker takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Outcomes,
    Note,
}

#[derive(Debug, Clone)]
pub struct DonePicker {
    /// The alert's key, and its customer as the title reads.
    pub alert: String,
    pub customer: String,
    /// An index into [`Outcome::ALL`].
    pub outcome: usize,
    pub note: TextArea<'static>,
    pub focus: Focus,
}

/// What the picker asks of the app after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    Stay,
    /// Write the done.
    Submit,
    Cancel,
}

impl DonePicker {
    /// A key: move among the outcomes, type the note (Alt-Enter a new line), `Tab` between
    /// them; `Enter` submits, `Esc` cancels.
    pub fn on_key(&mut self, key: KeyEvent) -> Reply {
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match (key.code, self.focus) {
            (KeyCode::Esc, _) => return Reply::Cancel,
            (KeyCode::Enter, Focus::Note) if alt => self.note.insert_newline(),
            (KeyCode::Enter, _) => return Reply::Submit,
            (KeyCode::Tab | KeyCode::BackTab, focus) => {
                self.focus = match focus {
                    Focus::Outcomes => Focus::Note,
                    Focus::Note => Focus::Outcomes,
                }
            }
            (KeyCode::Up | KeyCode::Char('k'), Focus::Outcomes) => {
                self.outcome = self.outcome.saturating_sub(1)
            }
            (KeyCode::Down | KeyCode::Char('j'), Focus::Outcomes) => {
                self.outcome = (self.outcome + 1).min(Outcome::ALL.len() - 1)
            }
            (KeyCode::Char(c @ '1'..='4'), Focus::Outcomes) => {
                self.outcome = c as usize - '1' as usize
            }
            // Any other letter starts the note.
            (KeyCode::Char(_), Focus::Outcomes) => {
                self.focus = Focus::Note;
                self.note.input(key);
            }
            (_, Focus::Note) => {
                self.note.input(key);
            }
            (_, Focus::Outcomes) => {}
        }
        Reply::Stay
    }

    /// Pasted text goes into the note, line breaks kept.
    pub fn paste(&mut self, text: &str) {
        self.focus = Focus::Note;
        self.note.insert_str(text.replace("\r\n", "\n"));
    }

    pub fn outcome(&self) -> Outcome {
        Outcome::ALL
            .get(self.outcome)
            .copied()
            .unwrap_or(Outcome::Other)
    }

    /// The note as typed, lines joined.
    pub fn note_text(&self) -> String {
        self.note.lines().join("\n")
    }

    /// The note's length in characters (what [`NOTE_MAX`] counts).
    pub fn note_chars(&self) -> usize {
        let lines = self.note.lines();
        lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
    }
}

impl App {
    /// `d`: the picker for the alert in front, unless the ledger shows it cannot be done.
    pub(crate) fn open_done_picker(&mut self) -> Vec<Cmd> {
        let lang = self.settings.lang;
        let Some((alert, customer)) = self
            .triage_target()
            .map(|a| (a.key(), a.customer_name.clone()))
        else {
            self.no_triage_target();
            return Vec::new();
        };
        if let Some(notice) = self.triage.read_only_notice(lang) {
            return self.apply_triage(Answer::tell(notice));
        }
        let probe = Action::Done {
            outcome: Outcome::WonBack,
            note: String::new(),
        };
        if let Err(refusal) = self.triage.ledger.check(&alert, &probe) {
            self.flash(
                Level::Warn,
                lang.pick([
                    format!("done: {refusal}"),
                    format!("完成：{}", refusal_text(&refusal, lang)),
                ]),
            );
            return Vec::new();
        }
        let mut note = TextArea::default();
        note.set_placeholder_text(lang.pick(["what happened (optional)", "处理情况（可不填）"]));
        self.overlay = Some(Overlay::Done(Box::new(DonePicker {
            alert,
            customer,
            outcome: 0,
            note,
            focus: Focus::Outcomes,
        })));
        Vec::new()
    }

    /// Keys while the picker is open: the picker's own, then what it asks for.
    pub(crate) fn on_picker_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Some(Overlay::Done(picker)) = &mut self.overlay else {
            return Vec::new();
        };
        match picker.on_key(key) {
            Reply::Stay => Vec::new(),
            Reply::Submit => self.submit_picker(),
            Reply::Cancel => {
                self.overlay = None;
                Vec::new()
            }
        }
    }

    fn submit_picker(&mut self) -> Vec<Cmd> {
        let Some(Overlay::Done(picker)) = &self.overlay else {
            return Vec::new();
        };
        let chars = picker.note_chars();
        if chars > NOTE_MAX {
            let text = refusal_text(&Refusal::NoteTooLong(chars), self.settings.lang);
            self.flash(Level::Warn, text);
            return Vec::new();
        }
        let action = Action::Done {
            outcome: picker.outcome(),
            note: picker.note_text().trim().to_owned(),
        };
        let alert = picker.alert.clone();
        self.overlay = None;
        let answer = self.triage.act(alert, action, self.settings.lang);
        self.apply_triage(answer)
    }
}
