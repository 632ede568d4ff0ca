//! The demo corp's account at each vendor: what a client's config needs, and what the server
//! checks every request against.

/// The demo corp's Weiban corp id.
pub const CORP_ID: &str = "1703429757388935169";
/// The demo corp's Weiban secret.
pub const WEIBAN_SECRET: &str = "demo-weiban-secret";

pub mod yunzhong {
    /// The shop account number of the demo shop.
    pub const UNIACID: u64 = 2;
    /// The demo shop's logged-in session cookie.
    pub const COOKIE_VALUE: &str = "laravel_session=demo-yunzhong-session";
}

pub mod tanma {
    pub const APP_ID: &str = "demo-tanma-app";
    pub const APP_KEY: &str = "demo-tanma-app-key";
    /// The sales accounts whose customers the demo lists.
    pub const QW_USER_IDS: &[&str] = &["dowen", "sales02"];
}

pub mod youmi {
    /// Where the demo serves Youmi's API, as the vendor's base URL ends.
    pub const PREFIX: &str = "/publicapi/v1";
    pub const APP_ID: &str = "demo-youmi-app";
    pub const APP_KEY: &str = "demo-youmi-app-key";
}

/// The demo corp's self-built app, whose customer-contact callback the demo plays.
pub mod wecom {
    pub const TOKEN: &str = "demo-wecom-token";
    /// 43 characters, as WeCom's admin console shows an EncodingAESKey.
    pub const ENCODING_AES_KEY: &str = "c2NybS10dWkgZGVtbyBXZUNvbSBjYWxsYmFjayBrZXk";
}
