//! Tanma customers (seed 002), one list per sales account, as the list sends them.

use super::build::{Obj, Rng, array, beijing_time, quote};
use super::people::{self, Shared};
use crate::demo::accounts::tanma::QW_USER_IDS;

const NAMES: &[&str] = &[
    "张三测",
    "李晓明",
    "王芳",
    "14635",
    "赵雪",
    "陈可欣",
    "刘畅",
    "Jason",
    "周杰",
    "吴倩",
    "郑爽快",
    "冯远征",
    "褚明",
    "卫东",
    "蒋雯",
    "沈一鸣",
];
/// The tags customers carry: WeCom's ids (as in the seed), one of Tanma's own.
const TAGS: &[&str] = &[
    "etvRo3DwAAq7llRWbNwJvWxLxioIuhtQ",
    "etvRo3DwAAb2dGx9QfY0mS1Zc8tJk4Lw",
    "etvRo3DwAAz0Yp5LqH3nC6vBw9RtX2Ea",
    "396823724189761",
];

/// The tag library (`tags/list-tree`): it names all but the third tag (deleted since at the
/// vendor), with ids as numbers in one place and strings in another, as the vendor mixes them.
pub fn tag_tree() -> String {
    String::from(
        r#"[{"id": 396823724189700, "name": "客户意向", "qwTagId": "etvRo3DwAAgrp1", "tags": [
  {"id": "396823724189701", "name": "高意向", "qwTagId": "etvRo3DwAAq7llRWbNwJvWxLxioIuhtQ"},
  {"id": 396823724189702, "name": "待跟进", "qwTagId": "etvRo3DwAAb2dGx9QfY0mS1Zc8tJk4Lw"}]},
 {"id": "396823724189760", "name": "来源", "qwTagId": null, "tags": [
  {"id": 396823724189761, "name": "门店扫码", "qwTagId": null}]}]"#,
    )
}

pub struct Customer {
    pub customer_id: u64,
    pub qw_user_id: &'static str,
    pub json: String,
}

/// Tanma's customers, each sales account's in one run: a page is a slice of its run, never a
/// scan of all the customers (a million customers would make each page cost a million).
pub struct Data {
    customers: Vec<Customer>,
    runs: std::collections::HashMap<&'static str, std::ops::Range<usize>>,
}

impl Data {
    /// Every customer, sales account after sales account.
    pub fn all(&self) -> &[Customer] {
        &self.customers
    }

    /// The customers of one sales account, in the vendor's order.
    pub fn of(&self, qw_user_id: &str) -> &[Customer] {
        self.runs
            .get(qw_user_id)
            .and_then(|run| self.customers.get(run.clone()))
            .unwrap_or_default()
    }
}

/// `scale` × 150 customers for each sales account.
pub fn generate(scale: usize) -> Data {
    let customers = customers(scale);
    let mut runs = std::collections::HashMap::new();
    let mut start = 0;
    for (i, customer) in customers.iter().enumerate() {
        let next = customers.get(i + 1).map(|c| c.qw_user_id);
        if next != Some(customer.qw_user_id) {
            runs.insert(customer.qw_user_id, start..i + 1);
            start = i + 1;
        }
    }
    Data { customers, runs }
}

fn customers(scale: usize) -> Vec<Customer> {
    let mut rng = Rng::new(0x7A11_0002);
    let mut out = Vec::new();
    for (u, qw_user_id) in QW_USER_IDS.iter().enumerate() {
        for i in 0..150 * scale.max(1) {
            out.push(customer(u, i, qw_user_id, &mut rng));
        }
    }
    out
}

/// The `i`th customer of the `u`th sales account.
fn customer(u: usize, i: usize, qw_user_id: &'static str, rng: &mut Rng) -> Customer {
    let customer_id = 398_604_120_668_224 + (u as u64) * 10_000_000 + i as u64 * 318_767;
    // The first sales account shares some customers with Weiban's alerts.
    let person = if u == 0 {
        people::tanma(i as u64)
    } else {
        Shared::Nobody
    };
    let name = *rng.pick(NAMES);
    let created = 1_614_998_537 + i as i64 * 3_600 * 7 + rng.below(3_600) as i64;
    let fields = fields(i, person, name, rng);
    let tags = tag_ids(rng);
    let json = Obj::new()
        .num("customerId", customer_id)
        .str("qwUserId", qw_user_id)
        .num("type", 1)
        .raw("fields", &fields)
        .raw("tagIds", &tags)
        .str("createTime", &beijing_time(created))
        .str("lastUpdateTime", &beijing_time(created + 2_000_000))
        .raw(
            "wechatNickname",
            if rng.chance(50) {
                "null"
            } else {
                "\"微信昵称\""
            },
        )
        .null("wechatAvatar")
        .null("wechatLocation")
        .null("convertCustomerTime")
        .str("qwRemark", name)
        .raw(
            "externalUserId",
            &match person {
                Shared::Exactly(seed) => quote(&people::external_userid(seed)),
                _ => String::from("null"),
            },
        )
        .done();
    Customer {
        customer_id,
        qw_user_id,
        json,
    }
}

/// `fields`: the customer's attributes, each with its type and its value as text.
fn fields(i: usize, person: Shared, name: &str, rng: &mut Rng) -> String {
    let field = |name: &str, kind: u8, value: Option<String>| {
        Obj::new()
            .str("field", name)
            .num("type", kind)
            .raw(
                "valueAsText",
                &value.map_or(String::from("null"), |v| quote(&v)),
            )
            .done()
    };
    array(&[
        field("customer_source", 2, Some((1 + rng.below(6)).to_string())),
        field(
            "description",
            1,
            rng.chance(20).then(|| String::from("老客户介绍")),
        ),
        field(
            "mobile",
            8,
            Some(match person {
                Shared::Phone(seed) => format!("[\"{}\"]", people::phone(seed)),
                _ => format!(
                    "[\"1{}{:08}\"]",
                    [38, 59, 89][i % 3],
                    rng.below(100_000_000)
                ),
            }),
        ),
        field("address", 1, None),
        field("birthday", 3, None),
        field(
            "corp_name",
            1,
            rng.chance(15).then(|| String::from("探马科技")),
        ),
        field("name", 1, Some(name.to_owned())),
        field("purchase_intention", 2, None),
        field("gender", 2, Some(rng.below(3).to_string())),
        field("customer_stage", 2, Some("396823724189760".into())),
    ])
}

/// `tagIds`: ids may repeat, as in the seed; Tanma's own come as numbers.
fn tag_ids(rng: &mut Rng) -> String {
    let mut tags: Vec<String> = (0..rng.below(3))
        .map(|_| rng.pick::<&str>(TAGS))
        .map(|id| match id.starts_with("et") {
            true => quote(id),
            false => id.to_string(),
        })
        .collect();
    if rng.chance(10)
        && let Some(first) = tags.first().cloned()
    {
        tags.push(first);
    }
    array(&tags)
}
