//! Weiban customers and outflow alerts, in seed 004's record shape.
//!
//! Outflow is live: alert `k` happened at `start + k × 20 s` for `k ≥ 0` (one every 20 seconds
//! after the server started), and a history grown with the scale before that ([`Timeline`]).
//! An alert is listed once its time has come. Its content depends only on `k`, so every poll
//! sees the same alert the same way.

use std::time::{SystemTime, UNIX_EPOCH};

use super::build::{Obj, Rng, array, quote};
use super::people;
use super::staff::STAFF;

/// A new alert this often once the server runs.
pub const LIVE_INTERVAL_S: i64 = 20;

const NAMES: &[&str] = &[
    "子川",
    "林夕",
    "王小明",
    "Cici",
    "赵四",
    "陈佳怡",
    "🍀 四叶草",
    "刘德",
    "孙蕾",
    "周末愉快",
    "马可",
    "胡桃",
];
const TAGS: &[(&str, &str)] = &[
    ("阿里云101", "etP_2OPAAA7w6VCjZsp3Esu9QZ9pW1fw"),
    ("高意向", "etP_2OPAAA7w6VCjZsp3Esu9QZ9pW1fw"),
    ("VIP", "etP_2OPAAAb3xYkQ1nW8PqL0sT6uVr2z"),
    ("门店扫码", "etP_2OPAAAc9mN4bH7jK2lP5qR8sT1uV"),
    ("已下单", "etP_2OPAAAc9mN4bH7jK2lP5qR8sT1uV"),
];

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn customer_id(i: u64) -> String {
    people::external_userid(i)
}

/// A staff object as seed 004 carries it: `extattr` a JSON string, `external_profile` an object.
/// Its `id` is the ext_id, as in seed 004, or with `numeric` the staff member's number, as
/// some of Weiban's answers give it (the relation and `ia_ext_id` still carry the ext_id).
fn staff(index: usize, numeric: bool) -> String {
    let seed = &STAFF[index % STAFF.len()];
    let id = if numeric {
        (102_468_059 + index as u64).to_string()
    } else {
        quote(seed.ext_id)
    };
    Obj::new()
        .str("address", "")
        .str("alias", "")
        .str(
            "avatar",
            &format!("https://wework.qpic.cn/wwpic/{index}_demo/0"),
        )
        .num("created_at", 1_697_766_498)
        .str("email", "")
        .bool("enable", true)
        .null("english_name")
        .str("extattr", "{\"attrs\": []}")
        .bool("external_contact_able", true)
        .null("external_position")
        .raw(
            "external_profile",
            "{\"external_attr\": [], \"external_corp_name\": \"\"}",
        )
        .num("external_user_count", 19 + index * 3)
        .num("gender", 2)
        .bool("ia_authorized", true)
        .num("ia_authorized_at", 1_698_202_327)
        .str("ia_ext_id", seed.ext_id)
        .raw("id", &id)
        .bool("is_root", false)
        .bool("ma_authorized", false)
        .num("ma_authorized_at", 1_728_989_763)
        .str("mobile", &format!("132{:08}", index * 104_729))
        .null("moment_address")
        .null("moment_cover")
        .str("name", seed.name)
        .null("new_ext_id")
        .bool("oa_authorized", true)
        .null("oa_authorized_at")
        .null("oa_ext_id")
        .null("openid")
        .str("position", "")
        .str(
            "qr_code",
            &format!("https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc{index:016x}"),
        )
        .null("signature")
        .num("status", 1)
        .str("telephone", "")
        .null("unionid")
        .num("updated_at", 1_734_951_802)
        .null("user_id")
        .null("usertype")
        .done()
}

/// One customer record; with `outflow_at`, the alert for its loss.
fn record(seed: u64, created: i64, outflow_at: Option<i64>) -> String {
    record_of(seed, created, outflow_at, None)
}

/// [`record`], with the staff member chosen.
fn record_of(seed: u64, created: i64, outflow_at: Option<i64>, chosen: Option<usize>) -> String {
    let mut rng = Rng::new(seed);
    let id = customer_id(seed);
    let name = *rng.pick(NAMES);
    let drawn = rng.below(STAFF.len() as u64) as usize;
    let staff_index = chosen.unwrap_or(drawn);
    let tags = tags(&mut rng);
    let relation = relation(seed, &id, name, staff_index, created, outflow_at, &mut rng);
    let mut record = Obj::new()
        .str("avatar", &format!("http://wx.qlogo.cn/mmhead/demo{seed}/0"))
        .null("corp_full_name")
        .null("corp_name")
        .num("created_at", created)
        .null("external_profile")
        .num("gender", rng.below(3))
        .bool("has_chat", rng.chance(50))
        .str("id", &id)
        .null("last_msg_time")
        .str("name", name)
        .null("organization_correlation_time")
        .null("organization_id");
    if let Some(t) = outflow_at {
        record = record.num("outflow_at", t);
    }
    record
        .null("position")
        .num("score", rng.below(5))
        // One record in 26 names its staff member by number.
        .raw("staff", &staff(staff_index, seed % 26 == 13))
        .raw("staff_relation", &relation)
        .raw("tags", &tags)
        .num("type", 1)
        .str("unionid", &people::unionid(seed))
        .num("updated_at", created + 3)
        .done()
}

/// Up to two different tags, as the customer's `tags` objects.
fn tags(rng: &mut Rng) -> String {
    let first = rng.below(TAGS.len() as u64) as usize;
    let tags: Vec<String> = (0..rng.below(3))
        .map(|n| {
            let (tag, group) = TAGS[(first + n as usize) % TAGS.len()];
            Obj::new()
                .str("create_time", "2024-07-16 13:45:33")
                .bool("deleted", false)
                .str("group_ext_id", group)
                .num("id", 102_019_505 + n)
                .str("name", tag)
                .num("order", 0)
                .done()
        })
        .collect();
    array(&tags)
}

/// `staff_relation`: how the staff member added the customer and, once lost, who deleted
/// whom and when.
fn relation(
    seed: u64,
    id: &str,
    name: &str,
    staff_index: usize,
    created: i64,
    outflow_at: Option<i64>,
    rng: &mut Rng,
) -> String {
    Obj::new()
        .num("add_way", 1 + rng.below(3))
        .num("created_at", created + 400)
        .num("createtime", created + 396)
        .raw(
            "delete_by",
            if outflow_at.is_some() {
                if rng.chance(80) {
                    "\"external_user\""
                } else {
                    "\"staff\""
                }
            } else {
                "null"
            },
        )
        .bool("deleted", outflow_at.is_some())
        .raw(
            "deleted_at",
            &outflow_at.map_or(String::from("null"), |t| t.to_string()),
        )
        .bool("deleted_each_other", false)
        .str("description", "")
        .str("external_user_ext_id", id)
        .null("external_user_id")
        .null("group_name")
        .null("last_msg_time")
        .str("remark", if rng.chance(50) { name } else { "" })
        .null("remark_corp_name")
        .str(
            "remark_mobiles",
            &if people::phone_listed(seed) {
                format!("[\"{}\"]", people::phone(seed))
            } else {
                String::from("[]")
            },
        )
        .str("staff_ext_id", STAFF[staff_index].ext_id)
        .num("staff_id", 102_468_059 + staff_index as u64)
        .str("state", &format!("wb:c:2:{}", 101_050_082 + seed % 1000))
        .null("tag_name")
        .null("type")
        .num("updated_at", created + 500)
        .done()
}

/// `scale` × 300 customers, newest first.
pub fn customers(scale: usize) -> Vec<String> {
    (0..customer_count(scale))
        .rev()
        .map(|i| customer(i, scale))
        .collect()
}

fn customer_count(scale: usize) -> u64 {
    300 * scale.max(1) as u64
}

/// Customer `i` of the list: three added a day, or closer together at large scales so that
/// all were added within two years (from November 2023), never in the future.
fn customer(i: u64, scale: usize) -> String {
    let every = (86_400 / 3).min(2 * 365 * 86_400 / customer_count(scale) as i64);
    record(i, 1_700_000_000 + i as i64 * every, None)
}

/// A customer of the list or of an alert that has happened by `now`, by its external user id:
/// its seed and its record.
pub fn find(id: &str, timeline: &Timeline, scale: usize, now: i64) -> Option<(u64, String)> {
    if let Some(i) = (0..customer_count(scale)).find(|&i| customer_id(i) == id) {
        return Some((i, customer(i, scale)));
    }
    let newest = (now - timeline.start).div_euclid(LIVE_INTERVAL_S);
    (-timeline.history..=newest)
        .find(|&k| customer_id(timeline.seed(k)) == id)
        .map(|k| (timeline.seed(k), timeline.alert(k)))
}

/// When the demo's outflow alerts happen: the history over the days before the server
/// started (inside the default 7-day lookback), with a daily rhythm — few at night, most in
/// the afternoon and evening, Beijing time — then one every [`LIVE_INTERVAL_S`]. Alert `k < 0`
/// is history, `k ≥ 0` live. One staff member loses a burst of customers a few hours before
/// the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    /// Unix seconds when the server started.
    pub start: i64,
    /// How many alerts happened before the start.
    pub history: i64,
    /// The rhythm's clock between two alerts of the history.
    step: i64,
}

/// The history's span: six and a half days.
const HISTORY_SPAN_S: i64 = 6 * 86_400 + 43_200;

/// How many alerts each hour of the day (Beijing) sees, relatively.
const RHYTHM: [i64; 24] = [
    2, 1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 7, 8, 9, 9, 8, 8, 9, 10, 10, 8, 5, 3,
];
/// Beijing is eight hours ahead of UTC.
const BEIJING_S: i64 = 8 * 3600;

/// The rhythm's clock at Unix time `t`: it runs fast in busy hours, so that alerts evenly
/// spaced on it crowd there.
fn rhythm_clock(t: i64) -> i64 {
    let local = t + BEIJING_S;
    let (day, second) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let hour = (second / 3600) as usize;
    let before: i64 = RHYTHM[..hour].iter().sum::<i64>() * 3600;
    day * RHYTHM.iter().sum::<i64>() * 3600 + before + RHYTHM[hour] * (second % 3600)
}

/// The Unix time at which the rhythm's clock reads `clock`.
fn rhythm_time(clock: i64) -> i64 {
    let per_day = RHYTHM.iter().sum::<i64>() * 3600;
    let (day, mut left) = (clock.div_euclid(per_day), clock.rem_euclid(per_day));
    let mut second = 0;
    for weight in RHYTHM {
        if left < weight * 3600 {
            second += left / weight;
            break;
        }
        left -= weight * 3600;
        second += 3600;
    }
    day * 86_400 + second - BEIJING_S
}

/// The staff member with a burst of losses, and when (seconds before the start).
const BURST_STAFF: usize = 3;
const BURST_FROM_S: i64 = 5 * 3600;
const BURST_TO_S: i64 = 3 * 3600;

impl Timeline {
    /// 480 alerts of history at scale 1, 86 more per unit of scale (10 026 at 112).
    pub fn new(start: i64, scale: u32) -> Timeline {
        let history = 480 + 86 * (i64::from(scale.max(1)) - 1);
        let span = rhythm_clock(start) - rhythm_clock(start - HISTORY_SPAN_S);
        Timeline {
            start,
            history,
            step: (span / history).max(1),
        }
    }

    /// When alert `k` happened.
    pub fn alert_time(&self, k: i64) -> i64 {
        if k >= 0 {
            self.start + k * LIVE_INTERVAL_S
        } else {
            // Never at or after the start, whatever the rounding.
            rhythm_time(rhythm_clock(self.start) + k * self.step).min(self.start + k)
        }
    }

    /// Alert `k` as the vendor sends it: its customer had been one for a day to a year and a
    /// half; in the burst, two in three are the same staff member's.
    pub fn alert(&self, k: i64) -> String {
        let at = self.alert_time(k);
        let seed = self.seed(k);
        let days = 1 + Rng::new(seed ^ 0x5EED).below(540) as i64;
        let burst = (self.start - BURST_FROM_S..self.start - BURST_TO_S).contains(&at)
            && !seed.is_multiple_of(3);
        record_of(
            seed,
            at - days * 86_400 - 3_600,
            Some(at),
            burst.then_some(BURST_STAFF),
        )
    }

    /// The seed of alert `k`'s customer.
    fn seed(&self, k: i64) -> u64 {
        1_000_000 + (k + self.history) as u64
    }

    /// The indices of the alerts in `[from, to]` that have happened by `now`, newest first.
    pub fn alerts_between(&self, from: i64, to: i64, now: i64) -> Vec<i64> {
        let newest = if now >= self.start {
            (now - self.start) / LIVE_INTERVAL_S
        } else {
            -1
        };
        (-self.history..=newest)
            .rev()
            .filter(|&k| (from..=to).contains(&self.alert_time(k)))
            .collect()
    }
}
