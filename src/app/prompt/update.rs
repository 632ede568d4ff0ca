//! The line under the table: the filter (`/`, applied on every keystroke) and the command line
//! (`:`, run on Enter, Tab completes).

use crossterm::event::KeyEvent;

use super::{Input, InputReply, Prompt};
use crate::app::{App, Body, Cmd, Level, Overlay};
use crate::engine::command::{self, Command};
use crate::engine::filter::Query;

impl App {
    pub(crate) fn open_input(&mut self, prompt: Prompt, text: &str) {
        self.overlay = Some(Overlay::Prompt(Box::new(Input::new(prompt, text))));
        // The input line takes a row from the list.
        let rows = self.list_rows();
        self.list_mut(self.pane).scroll(rows);
    }

    pub(crate) fn close_input(&mut self) {
        self.overlay = None;
        let rows = self.list_rows();
        self.list_mut(self.pane).scroll(rows);
    }

    /// Keys while the filter or command line is open: the line's own, then what it asks.
    pub(crate) fn on_input_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Some(Overlay::Prompt(input)) = &mut self.overlay else {
            return Vec::new();
        };
        let prompt = input.prompt;
        let accounts: Vec<&str> = self.accounts.iter().map(|a| a.name()).collect();
        match input.on_key(key, &self.history, &accounts) {
            InputReply::Stay => Vec::new(),
            InputReply::Changed(line) => {
                self.follow_prompt(prompt, &line);
                Vec::new()
            }
            InputReply::Submit(line) => {
                self.close_input();
                let mut cmds = Vec::new();
                if self.history.push(prompt.history(), &line) {
                    cmds.push(Cmd::SaveHistory(self.history.clone()));
                }
                // The filter and the search stay as they are; a command runs.
                if prompt == Prompt::Command && !line.is_empty() {
                    cmds.extend(self.run_command(&line));
                }
                cmds
            }
            InputReply::Cancel => {
                self.close_input();
                match prompt {
                    Prompt::Filter => self.set_query(""),
                    Prompt::Search => {
                        if let Some(detail) = self.detail_mut() {
                            detail.search = None;
                        }
                    }
                    Prompt::Command => {}
                }
                Vec::new()
            }
        }
    }

    /// The filter and the detail search follow what is typed, keystroke by keystroke.
    fn follow_prompt(&mut self, prompt: Prompt, line: &str) {
        match prompt {
            Prompt::Filter => self.set_query(line),
            Prompt::Search => {
                let rows = self.detail_rows();
                if let Some(detail) = self.detail_mut() {
                    detail.search(line, rows);
                }
            }
            Prompt::Command => {}
        }
    }

    /// Pasted text goes into the open prompt as typed (line breaks become spaces); with none
    /// open, over a list, it opens the filter with it — paste an id, see its record.
    pub(crate) fn on_paste(&mut self, text: &str) -> Vec<Cmd> {
        if let Some(Overlay::Done(picker)) = &mut self.overlay {
            picker.paste(text);
            return Vec::new();
        }
        let text: String = text
            .trim_end_matches(['\r', '\n'])
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        match (&mut self.overlay, &self.body) {
            (Some(Overlay::Prompt(input)), _) => {
                input.text.insert_str(&text);
                let (prompt, line) = (input.prompt, input.line().to_owned());
                self.follow_prompt(prompt, &line);
            }
            (None, Body::List) => {
                self.open_input(Prompt::Filter, text.trim());
                self.set_query(text.trim());
            }
            _ => {}
        }
        Vec::new()
    }

    pub(crate) fn set_query(&mut self, text: &str) {
        let (rows, locale) = (self.list_rows(), self.locale());
        let query = Query::parse(text);
        self.list_mut(self.pane).set_query(query, rows, &locale);
    }

    pub(crate) fn run_command(&mut self, line: &str) -> Vec<Cmd> {
        match command::parse(line) {
            Ok(Command::Pane(resource)) => {
                self.show_pane(resource);
                Vec::new()
            }
            Ok(Command::Insights) => {
                self.open_insights();
                Vec::new()
            }
            Ok(Command::Export { format, path }) => self.export(format, path),
            Ok(Command::Refresh) => self.refresh(),
            Ok(Command::Messages) => {
                self.open_messages();
                Vec::new()
            }
            Ok(Command::Help) => {
                self.open_help();
                Vec::new()
            }
            Ok(Command::Quit) => vec![Cmd::Quit],
            Ok(Command::Triage(action)) => self.triage(action),
            Ok(Command::Account(name)) => self.switch_account(&name),
            Err(e) => {
                self.flash(Level::Error, format!(":{line} — {e}"));
                Vec::new()
            }
        }
    }
}
