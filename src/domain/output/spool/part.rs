//! One vendor's rows waiting for the vendors before it: in memory up to a window, then in an
//! unnamed temporary file (gone when it is closed), so that waiting costs no memory however
//! many rows wait.

use std::fs::File;
use std::io::{self, Seek, Write};

/// The most text a waiting vendor keeps in memory.
const WINDOW: usize = 4 << 20;

#[derive(Debug, Default)]
pub(super) struct Part {
    memory: Vec<u8>,
    spilled: Option<File>,
}

impl Part {
    /// Nothing waits here.
    pub(super) fn is_empty(&self) -> bool {
        self.memory.is_empty() && self.spilled.is_none()
    }

    /// Where a row's text goes; past the window, what memory holds goes to the file first.
    pub(super) fn buffer(&mut self) -> io::Result<&mut Vec<u8>> {
        if self.memory.len() >= WINDOW {
            let file = match &mut self.spilled {
                Some(file) => file,
                None => self.spilled.insert(tempfile::tempfile()?),
            };
            file.write_all(&self.memory)?;
            self.memory.clear();
        }
        Ok(&mut self.memory)
    }

    /// Everything waiting, in order, to `out`, leaving the part empty; the first `skip` bytes
    /// left out (the first row's separator). Whether anything was written.
    pub(super) fn write_to(&mut self, skip: usize, out: &mut dyn Write) -> io::Result<bool> {
        let mut skip = skip as u64;
        let mut wrote = false;
        if let Some(mut file) = self.spilled.take() {
            let len = file.stream_position()?;
            file.seek(io::SeekFrom::Start(skip.min(len)))?;
            io::copy(&mut file, out)?;
            wrote = len > 0;
            skip = skip.saturating_sub(len);
        }
        let memory = std::mem::take(&mut self.memory);
        let rest = memory.get(skip as usize..).unwrap_or_default();
        out.write_all(rest)?;
        Ok(wrote || !memory.is_empty())
    }
}
