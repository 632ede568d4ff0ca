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
    assert!(Query::parse("zhg").matches(&h, &Facts::default()));
    assert!(Query::parse("北东").matches(&h, &Facts::default()));
    assert!(Query::parse("ZHANG 北京").matches(&h, &Facts::default()));
    // Not across columns, not out of order.
    assert!(!Query::parse("zhang北").matches(&h, &Facts::default()));
    assert!(!Query::parse("gnahz").matches(&h, &Facts::default()));
    assert!(Query::parse("").matches(&h, &Facts::default()));
}

#[test]
fn tags_and_exclusions() {
    let h = hay(&["王五", "VIP 高意向"], &["VIP", "高意向"]);
    assert!(Query::parse("#vip").matches(&h, &Facts::default()));
    assert!(Query::parse("#意向").matches(&h, &Facts::default()));
    assert!(!Query::parse("#新客").matches(&h, &Facts::default()));
    assert!(!Query::parse("!王").matches(&h, &Facts::default()));
    assert!(Query::parse("!赵").matches(&h, &Facts::default()));
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
        assert!(
            Query::parse(query).matches(&h, &Facts::default()),
            "{query}"
        );
    }
    assert!(Query::parse("wang").matches(&hay(&["王五"], &[]), &Facts::default()));
    for (name, query) in [
        ("曾小贤", "zxx"),
        ("单田芳", "shantianfang"),
        ("解晓东", "xiexd"),
    ] {
        assert!(
            Query::parse(query).matches(&hay(&[name], &[]), &Facts::default()),
            "{query}"
        );
    }
    // Still within one column, still in order.
    assert!(!Query::parse("zxwsh").matches(&h, &Facts::default()));
    assert!(!Query::parse("wxz").matches(&h, &Facts::default()));
    assert!(!Query::parse("wang").matches(&h, &Facts::default()));
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
    assert!(Query::parse("ｖｉｐ　２０２４").matches(&h, &Facts::default()));
    assert!(Query::parse("vip").matches(&hay(&["ＶＩＰ"], &[]), &Facts::default()));
}

#[test]
fn separators_in_data_do_not_split_fields() {
    let h = hay(&["a\u{1f}b"], &[]);
    assert!(Query::parse("ab").matches(&h, &Facts::default()));
}

#[test]
fn triage_terms_ask_the_facts_and_match_no_record_without_triage() {
    use crate::domain::triage::Phase;
    let h = hay(&["王五"], &[]);
    let claimed = Facts::triage(Phase::Claimed, ["alice", "张三"], true);
    let done = Facts::triage(Phase::Done, ["bob"], false);
    assert!(Query::parse("is:claimed").matches(&h, &claimed));
    assert!(Query::parse("IS:MINE 王").matches(&h, &claimed));
    assert!(!Query::parse("is:mine").matches(&h, &done));
    assert!(Query::parse("is:done by:bo").matches(&h, &done));
    assert!(Query::parse("by:张").matches(&h, &claimed));
    assert!(!Query::parse("by:bob").matches(&h, &claimed));
    assert!(Query::parse("is:open").matches(&h, &Facts::open()));
    assert!(!Query::parse("by:alice").matches(&h, &Facts::open()));
    // A customer has no triage: neither is it open.
    assert!(!Query::parse("is:open").matches(&h, &Facts::default()));
    assert!(Query::parse("is:open").asks_facts());
    assert!(!Query::parse("is:nothing").asks_facts());
}

#[test]
fn an_is_term_spelled_out_does_not_count_as_narrowing() {
    // `is:ope` is text (it matches little); `is:open` is a phase (it matches more).
    assert!(!Query::parse("is:open").narrows(&Query::parse("is:ope")));
    assert!(Query::parse("by:alic").narrows(&Query::parse("by:ali")));
    assert!(Query::parse("is:open 王").narrows(&Query::parse("is:open")));
    assert!(!Query::parse("by:a").narrows(&Query::parse("by:")));
    assert!(Query::parse("by:").is_empty());
}
