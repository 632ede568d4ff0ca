//! What the panes and their records are called, in the UI's language (from each resource's
//! descriptor).

use crate::domain::Resource;
use crate::i18n::Lang;

/// The tab's title: "Stores", "门店".
pub fn title(resource: Resource, lang: Lang) -> &'static str {
    lang.pick(resource.describe().title)
}

/// The plural noun for counts and messages: "stores", "outflow alerts".
pub fn noun(resource: Resource, lang: Lang) -> &'static str {
    lang.pick(resource.describe().noun)
}

/// One record, for the detail view's title: "Store", "门店".
pub fn singular(resource: Resource, lang: Lang) -> &'static str {
    lang.pick(resource.describe().singular)
}
