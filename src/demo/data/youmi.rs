//! Youmi operator accounts, staff, their bindings and the reference lists (seed 003).

use super::build::{Obj, Rng, array};

const STAFF: &[(&str, &str)] = &[
    ("b01", "陈晓"),
    ("b02", "刘潇"),
    ("b03", "秀逗"),
    ("b04", "王立"),
    ("b05", "赵敏"),
    ("b06", "钱程"),
    ("b07", "孙悟"),
    ("b08", "李想"),
    ("b09", "周周"),
    ("b10", "吴越"),
];
const NICKNAMES: &[&str] = &[
    "刘潇",
    "秀逗吖Q.",
    "🌙 小月亮",
    "Kevin",
    "品牌客服-华东区-超长昵称测试账号",
    "悦己美甲小助手",
    "阿杰",
];

pub struct Data {
    pub operators: Vec<(String, u8, String)>,
    pub staff: String,
    pub bindings: Vec<(String, String)>,
    pub lists: [(&'static str, String); 4],
}

/// `scale` × 40 operator accounts, 10 staff members, and the seed's reference lists.
pub fn generate(scale: usize) -> Data {
    let mut rng = Rng::new(0x7A22_0003);
    let mut operators = Vec::new();
    let mut bindings = Vec::new();
    for i in 0..40 * scale.max(1) {
        let id = 135_389 + i as u64 * 7;
        let lei: u8 = if i % 4 == 3 { 3 } else { 0 };
        let json = operator(i, id, lei, &mut rng);
        if let Some((code, _)) = STAFF.get(i % 12) {
            bindings.push(((*code).to_owned(), id.to_string()));
        }
        operators.push((id.to_string(), lei, json));
    }
    Data {
        operators,
        staff: staff(),
        bindings,
        lists: [
            ("Label", seed_list("categories")),
            ("wecahtlabel", seed_list("labels")),
            ("AdManage", seed_list("ad_groups")),
            ("GetCustomAttributeList", seed_list("custom_attributes")),
        ],
    }
}

/// The `i`th operator WeChat account, as the account list answers it.
fn operator(i: usize, id: u64, lei: u8, rng: &mut Rng) -> String {
    let nober = format!(
        "{}{:05}",
        ["dong", "mioz", "zznn", "wx_op"][i % 4],
        23_000 + i * 37
    );
    Obj::new()
        .num("ad_wechat_id", id)
        .str("ad_wechat_nober", &nober)
        .str("ad_wechat_nick", &format!("P{:02}", i + 1))
        .str(
            "ad_wechat_qrcode",
            &format!("http://7nimg.agsoft.net/{nober}qrcode.png"),
        )
        .str(
            "ad_wechat_addtime",
            &format!(
                "2021-{:02}-{:02}T10:{:02}:14.1523923+08:00",
                1 + i % 12,
                1 + i % 28,
                i % 60
            ),
        )
        .str(
            "ad_original_nober",
            &format!("wxid_{:016x}", rng.next_u64()),
        )
        .null("ad_wechat_usercode")
        .num("ad_wechat_viewnum", 0)
        .num("ad_wechat_vnumday", 0)
        .num("ad_wechat_vnumlday", 0)
        .num("ad_wechat_rfriend", 0)
        .num("ad_wechat_friend", rng.below(5000))
        .num("ad_wechat_group", rng.below(80))
        .num("ad_wechat_weight", 0)
        .bool("ad_wechat_friends", rng.chance(80))
        .bool("ad_wechat_chat", true)
        .null("ad_state")
        .str("ad_wechat_nickname", rng.pick::<&str>(NICKNAMES))
        .bool("ad_wechat_initiative", false)
        .bool("ad_wechat_passive", false)
        .bool("ad_wechat_y3", true)
        .null("ad_receive_code")
        .null("ad_key_code")
        .null("ad_chatroom_code")
        .bool("ad_wechat_push", rng.chance(70))
        .num("ad_wechat_new", rng.below(2000))
        .num("is_receiveaddfriendtask", rng.below(2))
        .num("ad_wechat_lei", lei)
        .bool("ad_wechat_record", rng.chance(30))
        .raw(
            "imei",
            if rng.chance(50) {
                "null"
            } else {
                "\"869012045678901\""
            },
        )
        .done()
}

/// The staff list: each member's code, name and state.
fn staff() -> String {
    let objects: Vec<String> = STAFF
        .iter()
        .enumerate()
        .map(|(i, (code, name))| {
            Obj::new()
                .str("ad_staff_code", code)
                .str("ad_staff_name", name)
                .num("ad_staff_state", u8::from(i == 9))
                .str("ad_self_user", &format!("b{:02}", i + 8))
                .done()
        })
        .collect();
    array(&objects)
}

/// A reference list's `values`, as seed 003 gives it.
fn seed_list(name: &str) -> String {
    let text = match name {
        "categories" => include_str!("../../../tests/fixtures/youmi_label_categories.seed003.json"),
        "labels" => include_str!("../../../tests/fixtures/youmi_labels.seed003.json"),
        "ad_groups" => include_str!("../../../tests/fixtures/youmi_ad_groups.seed003.json"),
        _ => include_str!("../../../tests/fixtures/youmi_custom_attributes.seed003.json"),
    };
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("values").map(ToString::to_string))
        .unwrap_or_else(|| String::from("[]"))
}
