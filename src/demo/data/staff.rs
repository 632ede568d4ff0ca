//! The demo corp's staff, shared by every vendor's data, and when its history begins.

/// 2022-01-01T00:00:00+08:00: the demo's history starts here.
pub const EPOCH: i64 = 1_640_966_400;
/// About two years of history, spread over however many records there are.
pub const HISTORY_SECONDS: i64 = 63_072_000;

pub struct StaffSeed {
    pub name: &'static str,
    pub ext_id: &'static str,
}

/// Staff of the demo corp. The last one has a string id, as in seed 004.
pub const STAFF: &[StaffSeed] = &[
    StaffSeed {
        name: "盛航飞",
        ext_id: "ShengHangFei",
    },
    StaffSeed {
        name: "陈明",
        ext_id: "ChenMing",
    },
    StaffSeed {
        name: "李健平",
        ext_id: "LiJianPing",
    },
    StaffSeed {
        name: "孙新建",
        ext_id: "SunXinJian",
    },
    StaffSeed {
        name: "韦平",
        ext_id: "WeiPing",
    },
    StaffSeed {
        name: "张晓雯",
        ext_id: "ZhangXiaoWen",
    },
    StaffSeed {
        name: "刘洋",
        ext_id: "LiuYang",
    },
    StaffSeed {
        name: "赵丽娜",
        ext_id: "ZhaoLiNa",
    },
    StaffSeed {
        name: "黄志强",
        ext_id: "HuangZhiQiang",
    },
    StaffSeed {
        name: "周婷",
        ext_id: "ZhouTing",
    },
    StaffSeed {
        name: "吴昊",
        ext_id: "WuHao",
    },
    StaffSeed {
        name: "徐静",
        ext_id: "XuJing",
    },
    StaffSeed {
        name: "马超",
        ext_id: "MaChao",
    },
    StaffSeed {
        name: "朱琳",
        ext_id: "ZhuLin",
    },
    StaffSeed {
        name: "胡斌",
        ext_id: "HuBin",
    },
    StaffSeed {
        name: "郭雪",
        ext_id: "GuoXue",
    },
    StaffSeed {
        name: "林晓峰",
        ext_id: "LinXiaoFeng",
    },
    StaffSeed {
        name: "罗敏",
        ext_id: "LuoMin",
    },
    StaffSeed {
        name: "Kevin Zhang",
        ext_id: "KevinZhang",
    },
    StaffSeed {
        name: "左的超长无限同城的名称",
        ext_id: "mia",
    },
];
