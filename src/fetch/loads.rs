//! Each resource loaded from every account that serves it, the accounts side by side (each
//! within its own limits), their records marked with the account they came from.

use std::sync::Mutex;

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, join_all};

use super::listing::{merge, named, stamp, stamped, unavailable};
use super::source::{OnRecords, lock};
use super::tally::Tally;
use super::vendors::Clients;
use crate::domain::{
    Account, LoadFailure, Loaded, Progress, Record, Records, ReferenceList, ReferenceLists,
    Resource, Vendor, VendorSet,
};
use crate::vendors::weiban::WeibanClient;
use crate::vendors::yunzhong::Search;
use crate::vendors::{Listing, Sink};

/// Hands a client's pages on, stamped with its account and counted in the tally.
fn sink<'a, R: Record>(
    tally: &'a Mutex<Tally>,
    on_records: OnRecords<'a>,
    wrap: fn(Vec<R>) -> Records,
    vendor: Vendor,
    account: Account,
) -> impl FnMut(Vec<R>, Option<u64>) + 'a {
    move |mut page, total| {
        stamp(&mut page, &account);
        let progress = lock(tally).add(vendor, &account, page.len(), total);
        on_records(wrap(page), progress);
    }
}

/// Said with no records when an account is done: `get` prints the next vendor's as soon as
/// every account of this one is.
fn finish(tally: &Mutex<Tally>, on_records: OnRecords<'_>, vendor: Vendor, account: &Account) {
    let progress = lock(tally).finish(vendor, account);
    on_records(Records::Customers(Vec::new()), progress);
}

impl Clients {
    /// Weiban's customers changed in `[from, to]` (Unix seconds): what the sync merges between
    /// full loads. Deletions do not show here; a full load notices them.
    pub async fn weiban_customers_changed(&self, from: i64, to: i64) -> Loaded {
        if self.weiban.is_empty() {
            return unavailable(Resource::Customers);
        }
        let listings = join_all(self.weiban.iter().map(|c| async move {
            stamped(c.customers_changed(from, to).await, c.account.name())
        }))
        .await;
        let mut loaded = merge(listings, Records::Customers);
        loaded.window_end = Some(to);
        loaded
    }

    /// A resource loaded, by the loader of its own below: a new resource adds its arm and
    /// its loader here.
    pub(super) async fn load(&self, resource: Resource, on_records: OnRecords<'_>) -> Loaded {
        match resource {
            Resource::Stores => {
                self.weiban_only(on_records, Records::Stores, |c, sink| {
                    c.stream_stores(sink).boxed()
                })
                .await
            }
            Resource::Customers => self.customers(on_records).await,
            Resource::Outflow => self.outflow(on_records).await,
            Resource::Operators => self.operators(on_records).await,
            Resource::Staff => {
                self.weiban_only(on_records, Records::Staff, |c, sink| {
                    c.stream_staff(sink).boxed()
                })
                .await
            }
        }
    }

    /// A list only Weiban serves, every Weiban account's side by side.
    async fn weiban_only<R: Record>(
        &self,
        on_records: OnRecords<'_>,
        wrap: fn(Vec<R>) -> Records,
        list: for<'c> fn(&'c WeibanClient, Sink<'c, R>) -> BoxFuture<'c, Listing<R>>,
    ) -> Loaded {
        let resource = R::RESOURCE;
        if self.weiban.is_empty() {
            return unavailable(resource);
        }
        let tally = Mutex::new(Tally::new(&self.sources(resource)));
        let listings = join_all(self.weiban.iter().map(|c| {
            let account = c.account.name().clone();
            let tally = &tally;
            async move {
                let mut sink = sink(tally, on_records, wrap, Vendor::Weiban, account);
                stamped(list(c, &mut sink).await, c.account.name())
            }
        }))
        .await;
        merge(listings, wrap)
    }

    /// Weiban, Yunzhong and Tanma side by side, and each vendor's accounts.
    pub(super) async fn customers(&self, on_records: OnRecords<'_>) -> Loaded {
        let sources = self.sources(Resource::Customers);
        if sources.is_empty() {
            return unavailable(Resource::Customers);
        }
        let tally = &Mutex::new(Tally::new(&sources));
        let to = |vendor, account: &Account| {
            sink(
                tally,
                on_records,
                Records::Customers,
                vendor,
                account.clone(),
            )
        };
        let weiban = join_all(self.weiban.iter().map(|c| async move {
            let account = c.account.name();
            let listing = c.stream_customers(&mut to(Vendor::Weiban, account)).await;
            finish(tally, on_records, Vendor::Weiban, account);
            stamped(listing, account)
        }));
        let yunzhong = join_all(self.yunzhong.iter().map(|c| async move {
            let account = c.account.name();
            let listing = c
                .stream_customers(&Search::default(), &mut to(Vendor::Yunzhong, account))
                .await;
            finish(tally, on_records, Vendor::Yunzhong, account);
            stamped(listing, account)
        }));
        let tanma = join_all(self.tanma.iter().map(|c| async move {
            let account = c.account.name();
            let listing = c.stream_customers(&mut to(Vendor::Tanma, account)).await;
            finish(tally, on_records, Vendor::Tanma, account);
            stamped(listing, account)
        }));
        let (weiban, yunzhong, tanma) = tokio::join!(weiban, yunzhong, tanma);
        let listings: Vec<_> = weiban.into_iter().chain(yunzhong).chain(tanma).collect();
        merge(listings, Records::Customers)
    }

    /// The alerts of the lookback window, up to now.
    pub(super) async fn outflow(&self, on_records: OnRecords<'_>) -> Loaded {
        if self.weiban.is_empty() {
            return unavailable(Resource::Outflow);
        }
        let now = chrono::Utc::now().timestamp();
        let from = now - self.outflow_lookback.as_secs() as i64;
        let tally = Mutex::new(Tally::new(&self.sources(Resource::Outflow)));
        let listings = join_all(self.weiban.iter().map(|c| {
            let account = c.account.name().clone();
            let tally = &tally;
            async move {
                let mut sink = sink(tally, on_records, Records::Outflow, Vendor::Weiban, account);
                stamped(
                    c.stream_outflow(from, now, &mut sink).await,
                    c.account.name(),
                )
            }
        }))
        .await;
        let mut loaded = merge(listings, Records::Outflow);
        loaded.window_end = Some(now);
        loaded
    }

    /// The outflow alerts of every Weiban account in `[from, to]`, unstreamed.
    pub(super) async fn outflow_between(&self, from: i64, to: i64) -> Loaded {
        if self.weiban.is_empty() {
            return unavailable(Resource::Outflow);
        }
        let listings = join_all(
            self.weiban
                .iter()
                .map(|c| async move { stamped(c.outflow(from, to).await, c.account.name()) }),
        )
        .await;
        let mut loaded = merge(listings, Records::Outflow);
        loaded.window_end = Some(to);
        loaded
    }

    /// Youmi's accounts come in a few unpaged calls: all at once.
    pub(super) async fn operators(&self, on_records: OnRecords<'_>) -> Loaded {
        if self.youmi.is_empty() {
            return unavailable(Resource::Operators);
        }
        let listings = join_all(
            self.youmi
                .iter()
                .map(|c| async move { stamped(c.operators().await, c.account.name()) }),
        )
        .await;
        let mut loaded = merge(listings, Records::Operators);
        let records = std::mem::replace(&mut loaded.records, Records::empty(Resource::Operators));
        let count = records.len() as u64;
        on_records(
            records,
            Progress {
                loaded: count,
                expected: count,
                open_ended: false,
                waiting: Some(VendorSet::default()),
            },
        );
        loaded
    }

    /// The reference lists of Youmi's first account: they name Youmi's own categories,
    /// which do not differ from one company to the next.
    pub(super) async fn reference_lists(&self) -> Option<Result<ReferenceLists, LoadFailure>> {
        let youmi = self.youmi.first()?;
        let mut lists = Vec::new();
        for list in ReferenceList::ALL {
            match youmi.reference(list).await {
                Ok(records) => lists.push((list, records)),
                Err(error) => return Some(Err(named(error.into(), youmi.account.name()))),
            }
        }
        Some(Ok(lists))
    }

    /// The accounts that serve `resource`, vendor by vendor.
    fn sources(&self, resource: Resource) -> Vec<(Vendor, Account)> {
        let mut sources = Vec::new();
        for &vendor in resource.vendors() {
            sources.extend(
                self.accounts(vendor)
                    .into_iter()
                    .map(|account| (vendor, account)),
            );
        }
        sources
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamping_marks_records_of_a_named_account_only() {
        let mut stores = vec![crate::domain::Store {
            vendor: Vendor::Weiban,
            account: Account::default(),
            id: String::from("1"),
            name: String::new(),
            address: String::new(),
            city: String::new(),
            owner: String::new(),
            owner_ext_id: String::new(),
            creator: String::new(),
            deleted: false,
            created_at: None,
            raw: crate::domain::RawJson::new("{}"),
        }];
        stamp(&mut stores, &Account::default());
        assert_eq!(stores[0].key(), "1");
        stamp(&mut stores, &Account::new("east"));
        assert_eq!(stores[0].account.name(), "east");
        assert_eq!(stores[0].key(), "east/1");
    }
}
