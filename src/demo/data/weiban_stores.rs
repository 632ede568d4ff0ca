//! Weiban stores (seed 000), with the seed's broken `extattr` escapes in some records.

use super::build::{Obj, Rng, array, quote, quote_with_broken_escapes};
use super::staff::{EPOCH, HISTORY_SECONDS, STAFF};
use crate::demo::accounts::CORP_ID;

/// Staff who create stores (the `creator_info` objects): index into [`STAFF`].
const CREATORS: &[usize] = &[2, 5, 16, 19];

struct Attr {
    name: &'static str,
    values: &'static [&'static str],
}

/// The custom staff attributes of seed 000's `extattr`, now with values.
const ATTRS: &[Attr] = &[
    Attr {
        name: "专业",
        values: &["市场营销", "计算机科学", "工商管理", "会计学", ""],
    },
    Attr {
        name: "学号",
        values: &["20190312", "20170845", "20201127", ""],
    },
    Attr {
        name: "学院",
        values: &["管理学院", "信息学院", "经济学院", ""],
    },
    Attr {
        name: "班级",
        values: &["三班", "一班", "二班", ""],
    },
    Attr {
        name: "生日",
        values: &["1994-05-12", "1991-11-03", "1998-02-27", ""],
    },
    Attr {
        name: "籍贯",
        values: &["浙江杭州", "四川成都", "广东潮州", "湖南长沙", ""],
    },
    Attr {
        name: "英文名",
        values: &["Kevin", "Lily", "Grace", "Leo", ""],
    },
];

struct District {
    name: &'static str,
    lat: f64,
    lng: f64,
}

struct City {
    province: &'static str,
    city: &'static str,
    districts: &'static [District],
    streets: &'static [&'static str],
}

const fn d(name: &'static str, lat: f64, lng: f64) -> District {
    District { name, lat, lng }
}

const CITIES: &[City] = &[
    City {
        province: "北京市",
        city: "北京市",
        districts: &[
            d("东城区", 39.918, 116.397),
            d("朝阳区", 39.921, 116.443),
            d("海淀区", 39.959, 116.298),
        ],
        streets: &[
            "东华门街道",
            "建国路",
            "中关村大街",
            "三里屯路",
            "王府井大街",
        ],
    },
    City {
        province: "上海市",
        city: "上海市",
        districts: &[
            d("黄浦区", 31.231, 121.474),
            d("浦东新区", 31.221, 121.544),
            d("静安区", 31.229, 121.448),
        ],
        streets: &["南京东路", "陆家嘴环路", "南京西路", "世纪大道"],
    },
    City {
        province: "广东省",
        city: "广州市",
        districts: &[d("天河区", 23.125, 113.361), d("越秀区", 23.129, 113.267)],
        streets: &["天河路", "体育西路", "北京路"],
    },
    City {
        province: "广东省",
        city: "深圳市",
        districts: &[d("南山区", 22.531, 113.930), d("福田区", 22.541, 114.055)],
        streets: &["科技园南路", "深南大道", "华强北路"],
    },
    City {
        province: "浙江省",
        city: "杭州市",
        districts: &[d("西湖区", 30.259, 120.130), d("滨江区", 30.208, 120.211)],
        streets: &["文三路", "延安路", "江南大道"],
    },
    City {
        province: "四川省",
        city: "成都市",
        districts: &[d("锦江区", 30.657, 104.083), d("武侯区", 30.642, 104.043)],
        streets: &["春熙路", "人民南路", "天府大道"],
    },
    City {
        province: "湖北省",
        city: "武汉市",
        districts: &[d("江汉区", 30.601, 114.271), d("洪山区", 30.504, 114.343)],
        streets: &["江汉路", "光谷大道"],
    },
    City {
        province: "江苏省",
        city: "南京市",
        districts: &[d("玄武区", 32.048, 118.797), d("秦淮区", 32.034, 118.794)],
        streets: &["中山路", "夫子庙贡院街"],
    },
    City {
        province: "重庆市",
        city: "重庆市",
        districts: &[d("渝中区", 29.556, 106.569), d("江北区", 29.575, 106.574)],
        streets: &["解放碑步行街", "观音桥步行街"],
    },
    City {
        province: "新疆维吾尔自治区",
        city: "乌鲁木齐市",
        districts: &[d("天山区", 43.793, 87.631)],
        streets: &["解放北路"],
    },
];

const BRANDS: &[&str] = &[
    "点石咖啡",
    "同城优选",
    "禾木生鲜",
    "云杉书店",
    "小满烘焙",
    "青柠健身",
    "知味面馆",
    "暖阳药房",
    "山野茶饮",
    "橙子便利",
    "微光花艺",
    "悦己美甲",
];

/// One demo store: its wire JSON and the fields the server filters on.
pub struct DemoStore {
    pub id: u64,
    pub name: String,
    pub owner_ext_id: String,
    pub deleted: bool,
    pub created_at: i64,
    /// The record exactly as the server sends it.
    pub json: String,
}

/// The stores of a tenant `scale` times the demo's size, newest first (the vendor's order).
pub fn generate(scale: usize) -> Vec<DemoStore> {
    let creators: Vec<String> = CREATORS
        .iter()
        .map(|&i| staff_object(i, &mut Rng::new(7000 + i as u64)))
        .collect();
    let count = 120 + 17 * (scale - 1);
    let mut rng = Rng::new(0x5C12_4D3E_0000_0001);
    let mut stores: Vec<DemoStore> = (0..count)
        .map(|i| store(i, count, &creators, &mut rng))
        .collect();
    stores.reverse();
    stores
}

/// A full staff object, as `creator_info` (seed 000) carries it, with a correctly escaped
/// `extattr`; [`store`] swaps in the broken escapes for some records.
fn staff_object(index: usize, rng: &mut Rng) -> String {
    let seed = &STAFF[index % STAFF.len()];
    let created = EPOCH - 40_000_000 + rng.below(20_000_000) as i64;
    let string_id = seed.ext_id == "mia";
    let id = if string_id {
        quote(seed.ext_id)
    } else {
        (3000 + index * 73).to_string()
    };
    let profile = staff_profile(index, created, rng);
    staff_accounts(profile, index, id, created, rng).done()
}

/// The first half of a staff object: who they are and how to reach them.
fn staff_profile(index: usize, created: i64, rng: &mut Rng) -> Obj {
    let seed = &STAFF[index % STAFF.len()];
    Obj::new()
        .str("address", "")
        .str("alias", "")
        .str(
            "avatar",
            &format!(
                "https://wework.qpic.cn/wwpic/{}_demo_{}/0",
                700_000 + index * 17,
                seed.ext_id
            ),
        )
        .str("corp_id", CORP_ID)
        .num("created_at", created)
        .str(
            "email",
            &if rng.chance(50) {
                format!("{}@example.com", seed.ext_id.to_lowercase())
            } else {
                String::new()
            },
        )
        .bool("enable", true)
        .raw("english_name", if rng.chance(50) { "null" } else { "\"\"" })
        .str("ext_id", seed.ext_id)
        .str("extattr", &extattr_text(rng))
        .bool("external_contact_able", true)
        .null("external_position")
        .str(
            "external_profile",
            "{\"external_attr\": [], \"external_corp_name\": \"\"}",
        )
        .num("external_user_count", rng.below(400))
        .num("gender", 1 + rng.below(2))
}

/// The second half of a staff object: their ids and which WeCom applications they
/// authorized.
fn staff_accounts(profile: Obj, index: usize, id: String, created: i64, rng: &mut Rng) -> Obj {
    let seed = &STAFF[index % STAFF.len()];
    profile
        .bool("ia_authorized", true)
        .num("ia_authorized_at", created + 5_000_000)
        .str("ia_ext_id", seed.ext_id)
        .raw("id", &id)
        .bool("is_root", index == CREATORS[0])
        .bool("ma_authorized", rng.chance(70))
        .num("ma_authorized_at", created + 3_000_000)
        .str(
            "mobile",
            &format!(
                "1{}{:08}",
                [38, 59, 89, 77][index % 4],
                rng.below(100_000_000)
            ),
        )
        .null("moment_address")
        .null("moment_cover")
        .str("name", seed.name)
        .null("new_ext_id")
        .bool("oa_authorized", true)
        .num("oa_authorized_at", created + 1_000_000)
        .str("oa_ext_id", &format!("wogizUDQAA{:016x}", rng.next_u64()))
        .null("openid")
        .str("position", ["", "店长", "运营主管", "客服"][index % 4])
        .str(
            "qr_code",
            &format!(
                "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc{:016x}",
                rng.next_u64()
            ),
        )
        .str("signature", "")
        .num("status", 1)
        .str("telephone", "")
        .null("unionid")
        .num("updated_at", created + 30_000_000)
        .null("user_id")
        .num("usertype", 5)
}

/// The `extattr` document (Python-style spacing, as in the seed), before string-quoting.
fn extattr_text(rng: &mut Rng) -> String {
    let attrs: Vec<String> = ATTRS
        .iter()
        .map(|a| {
            let value = *rng.pick(a.values);
            format!(
                "{{\"name\": {}, \"value\": {}, \"type\": 0, \"text\": {{\"value\": {}}}}}",
                quote(a.name),
                quote(value),
                quote(value)
            )
        })
        .collect();
    format!("{{\"attrs\": [{}]}}", attrs.join(", "))
}

fn staff_ref(index: usize) -> String {
    let seed = &STAFF[index % STAFF.len()];
    Obj::new()
        .str(
            "avatar",
            &format!(
                "https://wework.qpic.cn/wwpic/{}_demo_{}/0",
                700_000 + index * 17,
                seed.ext_id
            ),
        )
        .str("ext_id", seed.ext_id)
        .num("id", 1_002_781_700 + index as u64 * 37)
        .str("name", seed.name)
        .done()
}

/// Where a store is and what it is called.
struct Place {
    city: &'static City,
    district: &'static District,
    name: String,
    address: String,
}

/// The `i`th store's place: a brand on a street of a city; a few records carry the quirks
/// support staff meet in real tenants.
fn place(i: usize, rng: &mut Rng) -> Place {
    let city = rng.pick(CITIES);
    let district = rng.pick(city.districts);
    let street = *rng.pick(city.streets);
    let brand = *rng.pick(BRANDS);
    let number = 1 + rng.below(300);
    let short_city = city.city.trim_end_matches('市');
    let mut name = format!("{brand}·{short_city}{street}店");
    let mut address = format!("{}{}{}{}号", city.city, district.name, street, number);
    if rng.chance(40) {
        address.push_str(&format!("{}层{:02}室", 1 + rng.below(5), 1 + rng.below(30)));
    }
    match i % 120 {
        3 => {
            name = format!(
                "{brand}超长名字测试门店-{short_city}{street}旗舰体验店-点石超长名字-点石超长名字-点石超长名字"
            )
        }
        5 => name = format!("🍵 {name}"),
        8 => name = String::from("434354653.0"),
        9 => name = format!("jaksjfa7618{}jasf", i % 10),
        13 => {
            name = format!("{brand}\t{short_city}店");
            address = format!("{}{}\n{}{}号", city.city, district.name, street, number);
        }
        _ => {}
    }
    Place {
        city,
        district,
        name,
        address,
    }
}

/// The creator's staff object (seed 000's broken escapes in every fifth store) and their id,
/// a number but `"mia"` for one of them.
fn creator(i: usize, creators: &[String], rng: &mut Rng) -> (String, String) {
    let at = rng.below(creators.len() as u64) as usize;
    let mut info = creators.get(at).cloned().unwrap_or_default();
    if i.is_multiple_of(5) {
        info = break_extattr_escapes(&info);
    }
    let staff = CREATORS.get(at).copied().unwrap_or_default();
    let id = if STAFF[staff].ext_id == "mia" {
        quote("mia")
    } else {
        (3000 + staff * 73).to_string()
    };
    (info, id)
}

/// Up to two clerks: their ext ids, and their staff objects.
fn clerks(rng: &mut Rng) -> (Vec<usize>, String, String) {
    let clerks: Vec<usize> = (0..rng.below(3))
        .map(|_| rng.below(STAFF.len() as u64) as usize)
        .collect();
    let ids: Vec<String> = clerks.iter().map(|&c| quote(STAFF[c].ext_id)).collect();
    let objects: Vec<String> = clerks.iter().map(|&c| staff_ref(c)).collect();
    (clerks, array(&ids), array(&objects))
}

fn store(i: usize, count: usize, creators: &[String], rng: &mut Rng) -> DemoStore {
    let Place {
        city,
        district,
        name,
        address,
    } = place(i, rng);
    let deleted = i % 9 == 4;
    let id = 200 + i as u64;
    let span = HISTORY_SECONDS / count.max(1) as i64;
    let created_at = EPOCH + span * i as i64 + rng.below(span.max(1) as u64) as i64;
    let updated_at = created_at + rng.below(2_592_000) as i64;
    let owner = rng.below(STAFF.len() as u64 - 1) as usize;
    let owner_ext_id = STAFF[owner].ext_id.to_owned();
    let (creator_info, creator_id) = creator(i, creators, rng);
    let (clerks, clerk_ids, clerk_objs) = clerks(rng);
    let lat = district.lat + (rng.below(2000) as f64 - 1000.0) / 100_000.0;
    let lng = district.lng + (rng.below(2000) as f64 - 1000.0) / 100_000.0;
    let json = Obj::new()
        .str("address", &address)
        .str("city", city.city)
        .raw(
            "clerk_staff_ext_id_list",
            if clerks.is_empty() && i % 3 == 1 {
                "null"
            } else {
                &clerk_ids
            },
        )
        .raw("clerk_staff_objs", &clerk_objs)
        .str("corp_id", CORP_ID)
        .str("country", "中国")
        .num("created_at", created_at)
        .raw("creator_id", &creator_id)
        .raw("creator_info", &creator_info)
        .bool("deleted", deleted)
        .str("district", district.name)
        .opt_str("error", i.is_multiple_of(2).then_some(""))
        .str("formatted_address", &address.replace('\n', ""))
        .raw("group_infos", "[]")
        .bool("has_error", false)
        .num("id", id)
        .str("latitude", &format!("{lat:.6}"))
        .str("location", &format!("{lng:.6},{lat:.6}"))
        .str("longitude", &format!("{lng:.6}"))
        .str("mobile", &format!("153{:08}", rng.below(100_000_000)))
        .str("name", &name)
        .str("province", city.province)
        .raw("staff_obj", &staff_ref(owner))
        .str("store_owner_staff_ext_id", &owner_ext_id)
        .num("updated_at", updated_at)
        .done();
    DemoStore {
        id,
        name,
        owner_ext_id,
        deleted,
        created_at,
        json,
    }
}

/// Rewrites the `extattr` string literal inside a staff object with seed 000's broken escapes.
fn break_extattr_escapes(staff: &str) -> String {
    const KEY: &str = "\"extattr\": ";
    let Some(start) = staff.find(KEY).map(|at| at + KEY.len()) else {
        return staff.to_owned();
    };
    let Some(value) = serde_json::Deserializer::from_str(&staff[start..])
        .into_iter::<String>()
        .next()
        .and_then(Result::ok)
    else {
        return staff.to_owned();
    };
    let literal_len = quote(&value).len();
    format!(
        "{}{}{}",
        &staff[..start],
        quote_with_broken_escapes(&value),
        &staff[start + literal_len..]
    )
}
