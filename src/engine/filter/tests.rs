//! The filter's matching, pinyin, width folding and highlights.

use super::*;

fn hay(fields: &[&str], tags: &[&str]) -> Haystack {
    let fields = fields.iter().map(|&text| Field {
        text,
        spelled: true,
    });
    Haystack::new(fields, tags.iter().copied())
}

#[test]
fn fuzzy_terms_match_in_order_within_one_column() {
    let h = hay(&["张三 Zhang", "北京市东城区"], &["VIP"]);
    assert!(Query::parse("zhg").matches(&h));
    assert!(Query::parse("北东").matches(&h));
    assert!(Query::parse("ZHANG 北京").matches(&h));
    // Not across columns, not out of order.
    assert!(!Query::parse("zhang北").matches(&h));
    assert!(!Query::parse("gnahz").matches(&h));
    assert!(Query::parse("").matches(&h));
}

#[test]
fn tags_and_exclusions() {
    let h = hay(&["王五", "VIP 高意向"], &["VIP", "高意向"]);
    assert!(Query::parse("#vip").matches(&h));
    assert!(Query::parse("#意向").matches(&h));
    assert!(!Query::parse("#新客").matches(&h));
    assert!(!Query::parse("!王").matches(&h));
    assert!(Query::parse("!赵").matches(&h));
    // A lone `#` or `!` is not a term yet.
    assert!(Query::parse("# !").is_empty());
}

#[test]
fn highlights_prefer_a_contiguous_run() {
    let q = Query::parse("ang");
    assert_eq!(q.highlights("Zhang an g", true), vec![2, 3, 4]);
    let q = Query::parse("zg");
    assert_eq!(q.highlights("Zhang", true), vec![0, 4]);
    let q = Query::parse("!zh #vi");
    assert_eq!(q.highlights("Zhang VIP", true), vec![6, 7]);
    assert!(Query::parse("xyz").highlights("Zhang", true).is_empty());
}

#[test]
fn typing_more_narrows_except_inside_an_exclusion() {
    let q = Query::parse;
    assert!(q("zha").narrows(&q("zh")));
    assert!(q("zh b").narrows(&q("zh")));
    assert!(q("zh !b").narrows(&q("zh ")));
    assert!(!q("zh !bc").narrows(&q("zh !b")));
    assert!(q("!b c").narrows(&q("!b")));
    assert!(!q("z").narrows(&q("")));
    assert!(!q("zx").narrows(&q("zh")));
}

#[test]
fn chinese_is_found_by_pinyin_and_initials() {
    let h = hay(&["张晓雯", "上海"], &[]);
    for query in [
        "zxw",
        "zhangxiaowen",
        "张xw",
        "zhangxw",
        "ZXW",
        "ｚｘｗ",
        "ＺＨＡＮＧ",
    ] {
        assert!(Query::parse(query).matches(&h), "{query}");
    }
    assert!(Query::parse("wang").matches(&hay(&["王五"], &[])));
    for (name, query) in [
        ("曾小贤", "zxx"),
        ("单田芳", "shantianfang"),
        ("解晓东", "xiexd"),
    ] {
        assert!(Query::parse(query).matches(&hay(&[name], &[])), "{query}");
    }
    // Still within one column, still in order.
    assert!(!Query::parse("zxwsh").matches(&h));
    assert!(!Query::parse("wxz").matches(&h));
    assert!(!Query::parse("wang").matches(&h));
}

#[test]
fn pinyin_matches_highlight_the_characters() {
    assert_eq!(
        Query::parse("zxw").highlights("张晓雯", true),
        vec![0, 1, 2]
    );
    assert_eq!(
        Query::parse("张xw").highlights("张晓雯 Li", true),
        vec![0, 1, 2]
    );
    assert_eq!(Query::parse("xiao").highlights("张晓雯", true), vec![1]);
    assert_eq!(Query::parse("wang").highlights("老王", true), vec![1]);
    // Latin text matched as it is wins over a reading.
    assert_eq!(Query::parse("li").highlights("张 li", true), vec![2, 3]);
    assert_eq!(Query::parse("ｌｉ").highlights("Li", true), vec![0, 1]);
}

#[test]
fn full_width_letters_and_digits_fold_to_half_width() {
    let h = hay(&["VIP 2024"], &[]);
    assert!(Query::parse("ｖｉｐ　２０２４").matches(&h));
    assert!(Query::parse("vip").matches(&hay(&["ＶＩＰ"], &[])));
}

#[test]
fn separators_in_data_do_not_split_fields() {
    let h = hay(&["a\u{1f}b"], &[]);
    assert!(Query::parse("ab").matches(&h));
}
