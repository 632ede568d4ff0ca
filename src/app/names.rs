//! What the panes and their records are called, in both languages.

use crate::domain::Resource;
use crate::i18n::Lang;

pub fn title(resource: Resource, lang: Lang) -> &'static str {
    lang.pick(match resource {
        Resource::Stores => ["Stores", "门店"],
        Resource::Customers => ["Customers", "客户"],
        Resource::Outflow => ["Outflow", "流失"],
        Resource::Operators => ["Operators", "运营号"],
    })
}

/// The plural noun for counts and messages: "stores", "outflow alerts".
pub fn noun(resource: Resource, lang: Lang) -> &'static str {
    lang.pick([
        resource.noun(),
        match resource {
            Resource::Stores => "门店",
            Resource::Customers => "客户",
            Resource::Outflow => "流失提醒",
            Resource::Operators => "运营号",
        },
    ])
}

/// One record, for the detail view's title: "Store", "门店".
pub fn singular(resource: Resource, lang: Lang) -> &'static str {
    lang.pick([
        resource.singular(),
        match resource {
            Resource::Stores => "门店",
            Resource::Customers => "客户",
            Resource::Outflow => "流失提醒",
            Resource::Operators => "运营号",
        },
    ])
}
