//! Tanma's tag library (`POST /api/v3/tags/list-tree`): groups with `id`, `name`, `qwTagId`
//! and their `tags[]`. A customer's `tagIds` may name a tag by Tanma's id or by WeCom's
//! (`qwTagId`, the `et…` ids of the seed): the library maps both to the tag's name and group.
//! An id it lacks stays the id — a tag is never dropped.

use std::collections::HashMap;

use serde::Deserialize;

use super::TAGS_PATH;
use super::wire::{Envelope, checked};
use crate::domain::{Customer, Tag};
use crate::json::{de, lenient};
use crate::vendors::ErrorKind;
use crate::vendors::decode::{self, body_error};

/// Tag names by either id.
#[derive(Debug, Default, Clone)]
pub struct TagLibrary {
    tags: HashMap<String, Tag>,
}

impl TagLibrary {
    /// Ids the library knows (Tanma's and WeCom's both count).
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// The tag `id` names, or the id as a tag of no group when the library lacks it.
    pub fn tag(&self, id: &str) -> Tag {
        self.tags.get(id).cloned().unwrap_or_else(|| Tag {
            name: id.to_owned(),
            group: String::new(),
        })
    }

    /// The customers' tags by name (the decoder leaves them as ids), each once.
    pub fn name_tags(&self, customers: &mut [Customer]) {
        if self.tags.is_empty() {
            return;
        }
        for customer in customers {
            let mut named: Vec<Tag> = Vec::with_capacity(customer.tags.len());
            for tag in customer.tags.drain(..).map(|t| self.tag(&t.name)) {
                if !named.contains(&tag) {
                    named.push(tag);
                }
            }
            customer.tags = named;
        }
    }

    fn add(&mut self, ids: [&Option<String>; 2], tag: &Tag) {
        for id in ids.into_iter().flatten().filter(|id| !id.is_empty()) {
            self.tags.entry(id.clone()).or_insert_with(|| tag.clone());
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum WireTree {
    Groups(#[serde(deserialize_with = "de::list")] Vec<WireGroup>),
    Listed {
        #[serde(default, deserialize_with = "de::list")]
        list: Vec<WireGroup>,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireGroup {
    #[serde(default, deserialize_with = "de::opt_id")]
    id: Option<String>,
    #[serde(default, deserialize_with = "de::text")]
    name: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    qw_tag_id: Option<String>,
    #[serde(default, deserialize_with = "de::list")]
    tags: Vec<WireTag>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireTag {
    #[serde(default, deserialize_with = "de::opt_id")]
    id: Option<String>,
    #[serde(default, deserialize_with = "de::text")]
    name: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    qw_tag_id: Option<String>,
}

/// Decodes the library; a group or tag without a name is left out (its id stays an id).
pub fn decode_tag_tree(body: &[u8]) -> Result<TagLibrary, ErrorKind> {
    let parsed = lenient::decode_with(body, |bytes| {
        let envelope: Envelope = serde_json::from_slice(bytes)?;
        Ok(checked(envelope).and_then(decode::data::<WireTree>))
    })
    .map_err(|e| body_error(body, &e))?;
    let groups = match parsed.value? {
        WireTree::Groups(groups) | WireTree::Listed { list: groups } => groups,
    };
    let mut library = TagLibrary::default();
    for group in groups {
        for tag in group.tags.iter().filter(|t| !t.name.trim().is_empty()) {
            let named = Tag {
                name: tag.name.clone(),
                group: group.name.clone(),
            };
            library.add([&tag.id, &tag.qw_tag_id], &named);
        }
        // A group's own ids name the group (WeCom lets a tag group be chosen whole).
        if !group.name.trim().is_empty() {
            let named = Tag {
                name: group.name.clone(),
                group: String::new(),
            };
            library.add([&group.id, &group.qw_tag_id], &named);
        }
    }
    tracing::debug!(path = TAGS_PATH, ids = library.len(), "Tanma tag library");
    Ok(library)
}

#[cfg(test)]
mod tests;
