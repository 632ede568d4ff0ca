//! The vendors scrm-tui speaks to and the kinds of data it shows: the one list of resources
//! and the macros that make an item or arm per resource from it.

use std::fmt;

/// The SCRM vendors scrm-tui speaks to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    Weiban,
    Yunzhong,
    Tanma,
    Youmi,
    /// WeCom itself: outflow alerts its callback told of before any vendor did.
    Wecom,
}

impl Vendor {
    /// The SCRM vendors scrm-tui calls: each has a config section, clients and limits.
    pub const CALLED: [Vendor; 4] = [
        Vendor::Weiban,
        Vendor::Yunzhong,
        Vendor::Tanma,
        Vendor::Youmi,
    ];

    /// Every source a record may come from: the vendors called, and WeCom's callback.
    pub const ALL: [Vendor; 5] = [
        Vendor::Weiban,
        Vendor::Yunzhong,
        Vendor::Tanma,
        Vendor::Youmi,
        Vendor::Wecom,
    ];

    /// The vendor a name stands for, as written by [`name`](Self::name).
    pub fn parse(name: &str) -> Option<Vendor> {
        Vendor::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The name used in config sections, `source` columns and messages.
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Weiban => "weiban",
            Vendor::Yunzhong => "yunzhong",
            Vendor::Tanma => "tanma",
            Vendor::Youmi => "youmi",
            Vendor::Wecom => "wecom",
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every resource, listed once, in tab order: `Variant field => RecordType;`. This list is
/// the only place a resource is named; what needs an item or a `match` arm per resource is
/// generated from it by handing this a macro of its own (`callback`), which receives
/// `[args] Variant field => Type; …` (as gitui's `accessors!` lists its components once).
/// Everything else about a resource is in its record type's [`Descriptor`].
#[macro_export]
macro_rules! resources {
    ($($callback:ident)::+ $(, $($args:tt)*)?) => {
        $($callback)::+! { [$($($args)*)?]
            Stores stores => $crate::domain::Store;
            Customers customers => $crate::domain::Customer;
            Outflow outflow => $crate::domain::OutflowAlert;
            Operators operators => $crate::domain::Operator;
            Staff staff => $crate::domain::StaffMember;
        }
    };
}

/// `match value { Enum::Variant(r) => body, … }` over an enum with a variant per resource
/// (`Records`, `Snapshot`, …), `Enum` in scope where it is used.
#[macro_export]
macro_rules! each_resource {
    ($value:expr, $enum:ident, |$r:ident| $body:expr) => {
        $crate::resources!($crate::__each_resource_arms, $value, $enum, $r, $body)
    };
}

/// `match resource { Resource::Variant => { type R = Type; body }, … }`: a resource's record
/// type, for generic code.
#[macro_export]
macro_rules! each_record_type {
    ($resource:expr, |$t:ident| $body:expr) => {
        $crate::resources!($crate::__each_record_type_arms, $resource, $t, $body)
    };
}

/// `match (a, b) { (Enum::Variant(x), Enum::Variant(y)) => body, …, _ => otherwise }`: two
/// values of the same resource.
#[macro_export]
macro_rules! each_resource_pair {
    ($a:expr, $b:expr, $enum:ident, |$x:ident, $y:ident| $body:expr, $otherwise:pat => $other:expr) => {
        $crate::resources!(
            $crate::__each_resource_pair_arms,
            $a,
            $b,
            $enum,
            $x,
            $y,
            $body,
            $otherwise,
            $other
        )
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __each_resource_arms {
    ([$value:expr, $enum:ident, $r:ident, $body:expr] $($variant:ident $field:ident => $ty:ty;)*) => {
        match $value {
            $($enum::$variant($r) => $body,)*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __each_record_type_arms {
    ([$resource:expr, $t:ident, $body:expr] $($variant:ident $field:ident => $ty:ty;)*) => {
        match $resource {
            $($crate::domain::Resource::$variant => {
                type $t = $ty;
                $body
            })*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __each_resource_pair_arms {
    (
        [$a:expr, $b:expr, $enum:ident, $x:ident, $y:ident, $body:expr, $otherwise:pat, $other:expr]
        $($variant:ident $field:ident => $ty:ty;)*
    ) => {
        match ($a, $b) {
            $(($enum::$variant($x), $enum::$variant($y)) => $body,)*
            $otherwise => $other,
        }
    };
}

macro_rules! define_resource {
    ([] $($variant:ident $field:ident => $ty:ty;)*) => {
        /// The kinds of data, one pane each.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Resource {
            $($variant,)*
        }

        impl Resource {
            /// Every resource, in tab order.
            pub const ALL: &[Resource] = &[$(Resource::$variant,)*];

            /// What this resource is: its names, key, vendors and columns' names.
            pub fn describe(self) -> &'static Descriptor {
                match self {
                    $(Resource::$variant => &<$ty as super::Record>::DESCRIPTOR,)*
                }
            }
        }
    };
}

resources!(define_resource);

/// A resource as people and scripts name it, declared once with its record type
/// ([`Record::DESCRIPTOR`](super::Record::DESCRIPTOR)): the command list, `get`'s argument,
/// the key actions, help, the cache's file names and error messages are made from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Descriptor {
    /// The name on the command line (`get stores`), the `:` command, the `[ui.sort]` and
    /// `[keys]` names, and the cache file's.
    pub name: &'static str,
    /// The tab's title, in English and Chinese.
    pub title: [&'static str; 2],
    /// One record, for the detail view's title: "Store", "门店".
    pub singular: [&'static str; 2],
    /// Many, for counts and messages: "stores", "门店".
    pub noun: [&'static str; 2],
    /// The key that shows the pane, and what help says it does.
    pub key: &'static str,
    pub key_help: [&'static str; 2],
    /// The vendors that serve it.
    pub vendors: &'static [Vendor],
    /// Its pane's columns, in order (the values are [`Record::columns`](super::Record)').
    pub pane: &'static [super::PaneColumn],
}

impl Resource {
    /// The name used on the command line (`scrm-tui get stores`) and in file names.
    pub fn name(self) -> &'static str {
        self.describe().name
    }

    /// One record, for titles: "Store 249".
    pub fn singular(self) -> &'static str {
        self.describe().singular[0]
    }

    /// The plural noun for counts: "120 stores", "337 outflow alerts".
    pub fn noun(self) -> &'static str {
        self.describe().noun[0]
    }

    /// The vendors that serve this resource.
    pub fn vendors(self) -> &'static [Vendor] {
        self.describe().vendors
    }

    /// The resource a name stands for, as written by [`name`](Self::name).
    pub fn parse(name: &str) -> Option<Resource> {
        Resource::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// Every name, for messages: "stores, customers, outflow, operators".
    pub fn names() -> String {
        let names: Vec<&str> = Resource::ALL.iter().map(|r| r.name()).collect();
        names.join(", ")
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
