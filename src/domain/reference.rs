//! Youmi's reference lists (`L` on the Operators pane): which lists there are, by name.

use std::fmt;

use super::RawJson;

/// One of the reference lists, in the order the Operators pane shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferenceList {
    LabelCategories,
    Labels,
    AdGroups,
    CustomAttributes,
}

impl ReferenceList {
    pub const ALL: [ReferenceList; 4] = [
        ReferenceList::LabelCategories,
        ReferenceList::Labels,
        ReferenceList::AdGroups,
        ReferenceList::CustomAttributes,
    ];

    /// The name the tree shows and the team's database keeps.
    pub fn name(self) -> &'static str {
        match self {
            ReferenceList::LabelCategories => "label_categories",
            ReferenceList::Labels => "labels",
            ReferenceList::AdGroups => "ad_groups",
            ReferenceList::CustomAttributes => "custom_attributes",
        }
    }

    /// The list a kept name stands for; `None` for one this version does not know.
    pub fn parse(name: &str) -> Option<ReferenceList> {
        ReferenceList::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl fmt::Display for ReferenceList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The reference lists as raw records, each list in its vendor's order.
pub type ReferenceLists = Vec<(ReferenceList, Vec<RawJson>)>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_as_its_list() {
        for list in ReferenceList::ALL {
            assert_eq!(ReferenceList::parse(list.name()), Some(list));
        }
        assert_eq!(ReferenceList::parse("stickers"), None);
    }
}
