//! `[ui.sort]`: a pane's order at start, `customers = "added_at desc"`.

use super::{Problem, UiConfig};

/// A pane's order at start, from `[ui.sort]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultSort {
    pub resource: crate::domain::Resource,
    pub column: crate::domain::ColumnKey,
    pub descending: bool,
}

impl UiConfig {
    /// `[ui.sort]` read: `pane = "column"`, `"column desc"` (or `asc`), or `"-column"`.
    pub fn default_sorts(&self) -> Result<Vec<DefaultSort>, Problem> {
        use crate::domain::{ColumnKey, Resource};
        self.sort
            .iter()
            .map(|(pane, spec)| {
                let resource = Resource::parse(pane).ok_or_else(|| {
                    Problem::Invalid(format!(
                        "[ui.sort] `{pane}` is not a pane: {}",
                        Resource::names()
                    ))
                })?;
                let (name, descending) = match spec.split_whitespace().collect::<Vec<_>>()[..] {
                    [name] => match name.strip_prefix('-') {
                        Some(name) => (name, true),
                        None => (name, false),
                    },
                    [name, "asc"] => (name, false),
                    [name, "desc"] => (name, true),
                    _ => {
                        return Err(Problem::Invalid(format!(
                            "[ui.sort] {pane} = \"{spec}\": write a column, then asc or desc"
                        )));
                    }
                };
                let column = ColumnKey::parse(name)
                    .filter(|c| c.of(resource))
                    .ok_or_else(|| {
                        let names: Vec<&str> = ColumnKey::ALL
                            .into_iter()
                            .filter(|c| c.of(resource))
                            .map(ColumnKey::name)
                            .collect();
                        Problem::Invalid(format!(
                            "[ui.sort] {pane}: no column `{name}`; its columns are {}",
                            names.join(", ")
                        ))
                    })?;
                Ok(DefaultSort {
                    resource,
                    column,
                    descending,
                })
            })
            .collect()
    }
}
