//! The vendors scrm-tui speaks to and the four kinds of data it shows.

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
}

impl Vendor {
    pub const ALL: [Vendor; 4] = [
        Vendor::Weiban,
        Vendor::Yunzhong,
        Vendor::Tanma,
        Vendor::Youmi,
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
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The four kinds of data, one pane each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    Stores,
    Customers,
    Outflow,
    Operators,
}

impl Resource {
    pub const ALL: [Resource; 4] = [
        Resource::Stores,
        Resource::Customers,
        Resource::Outflow,
        Resource::Operators,
    ];

    /// The name used on the command line (`scrm-tui get stores`) and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Resource::Stores => "stores",
            Resource::Customers => "customers",
            Resource::Outflow => "outflow",
            Resource::Operators => "operators",
        }
    }

    /// One record, for titles: "Store 249".
    pub fn singular(self) -> &'static str {
        match self {
            Resource::Stores => "Store",
            Resource::Customers => "Customer",
            Resource::Outflow => "Outflow alert",
            Resource::Operators => "Operator",
        }
    }

    /// The plural noun for counts: "120 stores", "337 outflow alerts".
    pub fn noun(self) -> &'static str {
        match self {
            Resource::Stores => "stores",
            Resource::Customers => "customers",
            Resource::Outflow => "outflow alerts",
            Resource::Operators => "operator accounts",
        }
    }

    /// The vendors that serve this resource.
    pub fn vendors(self) -> &'static [Vendor] {
        match self {
            Resource::Stores | Resource::Outflow => &[Vendor::Weiban],
            Resource::Customers => &[Vendor::Weiban, Vendor::Yunzhong, Vendor::Tanma],
            Resource::Operators => &[Vendor::Youmi],
        }
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
