//! Yunzhong customers with tags (seed 001), in the seed's key order, with its quirks:
//! `add_way` as a string, `remark_mobiles` and `external_profile` as JSON strings, `tag_name`
//! in another order than `tag_id` and sometimes naming a tag the library lacks.

use super::build::{Obj, Rng, array, beijing_time};
use super::people::{self, Shared};
use super::staff::STAFF;
use crate::demo::accounts::yunzhong::UNIACID;

const GROUPS: &[(&str, &[&str])] = &[
    ("客户等级", &["VIP", "普通会员", "潜在客户"]),
    (
        "来源渠道",
        &["门店扫码", "朋友推荐", "抖音广告", "线下活动"],
    ),
    ("兴趣偏好", &["咖啡", "烘焙", "健身", "鲜花", "美甲"]),
    ("购买意向", &["高意向", "中意向", "低意向"]),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "子川", "一天", "雨桐", "思远", "梓涵",
];
const NICKNAMES: &[&str] = &[
    "Abe",
    "🌸小花花",
    "A-Lily",
    "追风少年",
    "Grace_W",
    "阳光明媚的每一天都要开心呀",
];

pub struct Customer {
    pub external_userid: String,
    pub name: String,
    pub lost: bool,
    pub tag_ids: Vec<String>,
    pub json: String,
}

pub struct Data {
    pub customers: Vec<Customer>,
    /// The tag library (`data.tag`), as JSON text.
    pub tag_library: String,
    /// The employee list (`data.employee`), as JSON text.
    pub employees: String,
}

/// A tag of the demo's library, with its group.
struct LibraryTag {
    id: String,
    name: String,
    group_id: String,
    group: String,
}

/// `scale` × 300 customers.
pub fn generate(scale: usize) -> Data {
    let mut rng = Rng::new(0x7A00_0001);
    let tags = library();
    let count = 300 * scale.max(1);
    let mut customers: Vec<Customer> = (0..count)
        .map(|i| customer(i, scale, &tags, &mut rng))
        .collect();
    // Newest first, as the shop lists them.
    customers.reverse();
    Data {
        customers,
        tag_library: tag_library(&tags),
        employees: employees(),
    }
}

/// Every group's tags, their ids made up but stable.
fn library() -> Vec<LibraryTag> {
    let mut tags = Vec::new();
    for (g, (group, names)) in GROUPS.iter().enumerate() {
        let group_id = format!("etDemoGrp{g:02}{:016x}", Rng::new(g as u64).next_u64());
        for (t, name) in names.iter().enumerate() {
            let id = format!(
                "etDemoTag{g}{t}{:016x}",
                Rng::new((g * 10 + t) as u64 + 99).next_u64()
            );
            tags.push(LibraryTag {
                id,
                name: (*name).to_owned(),
                group_id: group_id.clone(),
                group: (*group).to_owned(),
            });
        }
    }
    tags
}

/// `data.tag`: the library as the tag list answers it.
fn tag_library(tags: &[LibraryTag]) -> String {
    let objects: Vec<String> = tags
        .iter()
        .enumerate()
        .map(|(n, tag)| {
            Obj::new()
                .num("id", 20 + n)
                .num("uniacid", UNIACID)
                .num("crop_id", 1)
                .str("tag_id", &tag.id)
                .str("name", &tag.name)
                .num("create_time", 1_615_434_976 + n as i64 * 86_400)
                .num("order", 0)
                .str("created_at", "2021-08-24 16:13:28")
                .str("updated_at", "2021-08-24 16:13:28")
                .null("deleted_at")
                .str("group_id", &tag.group_id)
                .str("group_name", &tag.group)
                .done()
        })
        .collect();
    array(&objects)
}

/// `data.employee`: the staff by userid and name.
fn employees() -> String {
    let objects: Vec<String> = STAFF
        .iter()
        .map(|s| {
            Obj::new()
                .str("user_id", s.ext_id)
                .str("name", s.name)
                .done()
        })
        .collect();
    array(&objects)
}

/// The `i`th customer, with its tags and its record.
fn customer(i: usize, scale: usize, tags: &[LibraryTag], rng: &mut Rng) -> Customer {
    let staff = rng.below(STAFF.len() as u64) as usize;
    let name = if rng.chance(15) {
        (*rng.pick(NICKNAMES)).to_owned()
    } else {
        format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
    };
    let (tag_ids, tag_names) = tagged(tags, rng);
    let lost = rng.chance(12);
    let own = format!(
        "wm{}{:024x}",
        if i.is_multiple_of(2) { "Des" } else { "P_2" },
        Rng::new(i as u64 + 5).next_u64() as u128 * 7
    );
    let person = people::yunzhong(i as u64);
    let external_userid = match person {
        Shared::Exactly(seed) => people::external_userid(seed),
        _ => own,
    };
    let added =
        1_630_000_000 + (i as i64) * 86_400 * 2 / scale.max(1) as i64 + rng.below(40_000) as i64;
    let json = record(
        i,
        person,
        &external_userid,
        &name,
        staff,
        &tag_ids,
        &tag_names,
        lost,
        added,
        rng,
    );
    Customer {
        external_userid,
        name,
        lost,
        tag_ids,
        json,
    }
}

/// Up to three tags: their ids, and their names as the seed gives them — in another order
/// than the ids, sometimes with one the library lacks.
fn tagged(tags: &[LibraryTag], rng: &mut Rng) -> (Vec<String>, Vec<String>) {
    let chosen: Vec<usize> = (0..rng.below(4))
        .map(|_| rng.below(tags.len() as u64) as usize)
        .collect();
    let mut tag_ids: Vec<String> = Vec::new();
    let mut tag_names: Vec<String> = Vec::new();
    for tag in chosen.iter().filter_map(|&t| tags.get(t)) {
        if !tag_ids.contains(&tag.id) {
            tag_ids.push(tag.id.clone());
            tag_names.push(tag.name.clone());
        }
    }
    tag_names.reverse();
    if rng.chance(5) {
        tag_names.push(String::from("历史标签"));
    }
    (tag_ids, tag_names)
}

#[allow(clippy::too_many_arguments)]
fn record(
    i: usize,
    person: Shared,
    external_userid: &str,
    name: &str,
    staff: usize,
    tag_ids: &[String],
    tag_names: &[String],
    lost: bool,
    added: i64,
    rng: &mut Rng,
) -> String {
    let seed = &STAFF[staff];
    let when = beijing_time(added);
    let customer = customer_object(i, person, external_userid, name, &when, rng);
    let employee = employee_object(staff);
    let mobiles = if rng.chance(20) {
        format!("[\"13{:09}\"]", rng.below(1_000_000_000))
    } else {
        String::from("[]")
    };
    Obj::new()
        .num("id", 5000 + i)
        .num("uniacid", UNIACID)
        .num("crop_id", 1)
        .num("uid", 0)
        .str("userid", seed.ext_id)
        .str("external_userid", external_userid)
        .str("remark", if rng.chance(40) { name } else { "" })
        .str("description", "")
        .num("customer_create_time", added)
        .str("remark_corp_name", "")
        .str("remark_mobiles", &mobiles)
        .str("oper_userid", seed.ext_id)
        .str("tag_id", &tag_ids.join(","))
        .num("createtime", added)
        .str(
            "add_way",
            &[0, 1, 1, 1, 2, 3, 4, 7, 202, 301][rng.below(10) as usize].to_string(),
        )
        .str("state", "")
        .num("status", if lost { -1 } else { 1 })
        .str("created_at", &when)
        .null("updated_at")
        .null("deleted_at")
        .str("tag_name", &tag_names.join(","))
        .raw("has_one_customer", &customer)
        .raw("has_one_employee", &employee)
        .done()
}

/// `has_one_customer`: the customer's own WeChat profile.
fn customer_object(
    i: usize,
    person: Shared,
    external_userid: &str,
    name: &str,
    when: &str,
    rng: &mut Rng,
) -> String {
    Obj::new()
        .num("id", 1000 + i)
        .num("uniacid", UNIACID)
        .num("crop_id", 1)
        .num("uid", if rng.chance(30) { 3000 + i as u64 } else { 0 })
        .str("external_userid", external_userid)
        .str("name", name)
        .str("avatar", &format!("http://wx.qlogo.cn/mmhead/demo{i:05}/0"))
        .num("external_type", 1 + rng.below(2))
        .num("gender", rng.below(3))
        .str(
            "unionid",
            &match person {
                Shared::Exactly(seed) | Shared::UnionId(seed) => people::unionid(seed),
                _ if rng.chance(50) => String::new(),
                _ => format!("otAGn0opBEvlppt6dH3opl{i:06}"),
            },
        )
        .str("position", "")
        .str("corp_name", if rng.chance(20) { "芸众" } else { "" })
        .str("corp_full_name", "")
        .str("external_profile", "null")
        .num("is_member", rng.below(2))
        .str("created_at", when)
        .null("updated_at")
        .null("deleted_at")
        .done()
}

/// `has_one_employee`: the staff member who added the customer, in full.
fn employee_object(staff: usize) -> String {
    let seed = &STAFF[staff];
    Obj::new()
        .num("id", 10 + staff)
        .num("uniacid", UNIACID)
        .num("business_id", 1)
        .num("uid", 0)
        .str("user_id", seed.ext_id)
        .str("name", seed.name)
        .str("mobile", &format!("135{:08}", staff * 7919))
        .str("position", "")
        .num("gender", 1)
        .str("telephone", "")
        .str("email", "")
        .str(
            "avatar",
            &format!("https://wework.qpic.cn/bizmail/demo{staff}/0"),
        )
        .str("alias", "")
        .num("status", 1)
        .str(
            "qr_code",
            &format!("https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc{staff:016x}"),
        )
        .str("address", "")
        .str("open_userid", &format!("1_{}", seed.ext_id))
        .str("main_department", "1")
        .str("updated_at", "2021-09-24 16:31:09")
        .str("created_at", "2021-09-24 16:31:09")
        .null("deleted_at")
        .num("right_type", 0)
        .num("disabled", 0)
        .done()
}
