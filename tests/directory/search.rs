//! Search quality: realistic desk queries, each with the entry staff expect in the top 3.
//! Covers kanji, hiragana, katakana, half-width and full-width forms, romaji, keywords,
//! site names and several words at once.

use tsunagu::cli::find::find;
use tsunagu::domain::Directory;
use tsunagu::search::EntryKind;

fn dir() -> Directory {
    tsunagu::seed::load_embedded()
        .expect("embedded seed is valid")
        .directory
}

/// (query, expected kind, expected id)
const CASES: &[(&str, EntryKind, &str)] = &[
    // kanji
    ("ひきこもり", EntryKind::Program, "hikikomori"),
    ("介護", EntryKind::Program, "chiiki_houkatsu"),
    ("認知症", EntryKind::Program, "chiiki_houkatsu"),
    ("不登校", EntryKind::Program, "school_counselor"),
    ("借金", EntryKind::Program, "konkyu_soudan"),
    ("家賃", EntryKind::Program, "konkyu_soudan"),
    ("生活保護", EntryKind::Program, "konkyu_soudan"),
    ("虐待", EntryKind::Program, "kodomo_katei_center"),
    ("障害", EntryKind::Program, "shogaisha_soudan"),
    ("妊娠", EntryKind::Program, "riyousha_shien"),
    ("子育て", EntryKind::Program, "kosodate_kyoten"),
    ("8050", EntryKind::Program, "takikan"),
    ("支援会議", EntryKind::Meeting, "shien_kaigi"),
    ("民生委員", EntryKind::Program, "minsei_iin"),
    // hiragana
    ("やんぐけあらー", EntryKind::Program, "kodomo_katei_center"),
    ("いるまびあ", EntryKind::Program, "irumapia"),
    ("ふーどぱんとりー", EntryKind::Site, "food_pantry_chairudo"),
    // katakana, half-width, full-width
    ("ヒキコモリ", EntryKind::Program, "hikikomori"),
    ("ﾋｷｺﾓﾘ", EntryKind::Program, "hikikomori"),
    ("ＨＩＫＩＫＯＭＯＲＩ", EntryKind::Program, "hikikomori"),
    ("ヤングケアラー", EntryKind::Program, "kodomo_katei_center"),
    ("ＤＶ", EntryKind::Program, "dv_josei"),
    // romaji
    ("hikikomori", EntryKind::Program, "hikikomori"),
    ("kaigo", EntryKind::Program, "chiiki_houkatsu"),
    ("futoukou", EntryKind::Program, "school_counselor"),
    ("dv", EntryKind::Program, "dv_josei"),
    ("gaikokujin", EntryKind::Program, "tabunka"),
    // keywords a caller would use
    ("英語", EntryKind::Program, "tabunka"),
    ("スペイン語", EntryKind::Program, "tabunka"),
    ("孤立", EntryKind::Program, "sanka_shien"),
    ("こども食堂", EntryKind::Site, "kodomo_shokudo_network"),
    // site names
    ("りぼん", EntryKind::Site, "shogaisha_ribon"),
    ("金子中", EntryKind::Site, "sawayaka_kaneko"),
    ("豊岡東", EntryKind::Site, "houkatsu_toyooka_higashi"),
    ("ささえあい西武", EntryKind::Site, "sasaeai_seibu"),
    ("男女共同参画", EntryKind::Site, "danjo_kyoudou_sankaku_center"),
    // several words, ANDed
    ("地域包括 藤沢", EntryKind::Site, "houkatsu_fujisawa"),
    ("さわやか　東金子", EntryKind::Site, "sawayaka_higashi_kaneko"),
    ("地区センター 扇町", EntryKind::Site, "chiku_center_ogimachi"),
];

#[test]
fn desk_queries_find_the_expected_entry_in_the_top_three() {
    let dir = dir();
    let mut failures = Vec::new();
    for (query, kind, id) in CASES {
        let hits = find(&dir, query, 3);
        if !hits.iter().any(|h| h.kind == *kind && h.id == *id) {
            let got: Vec<String> = hits
                .iter()
                .map(|h| format!("{}:{}", h.kind.as_str(), h.id))
                .collect();
            failures.push(format!("{query:?}: expected {}:{id}, got {got:?}", kind.as_str()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries missed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
    assert!(CASES.len() >= 25);
}

#[test]
fn hikikomori_soudan_comes_first_in_every_script() {
    let dir = dir();
    for q in [
        "ひきこもり",
        "ヒキコモリ",
        "ﾋｷｺﾓﾘ",
        "hikikomori",
        "ＨＩＫＩＫＯＭＯＲＩ",
    ] {
        let hits = find(&dir, q, 5);
        assert_eq!(hits[0].name, "ひきこもり相談", "{q}");
        assert_eq!(hits[0].sections, vec!["地域保健課"]);
        // the same entries, in the same order, whatever the script
        assert_eq!(
            hits.iter().map(|h| &h.id).collect::<Vec<_>>(),
            find(&dir, "ひきこもり", 5)
                .iter()
                .map(|h| &h.id)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn words_are_anded_and_nonsense_finds_nothing() {
    let dir = dir();
    let both = find(&dir, "地域包括 藤沢", 50);
    assert!(both.iter().all(|h| h.id != "houkatsu_seibu"));
    assert!(find(&dir, "zzqxj", 10).is_empty());
    assert!(find(&dir, "   ", 10).is_empty());
}

#[test]
fn half_typed_romaji_follows_each_keystroke() {
    let dir = dir();
    let mut q = String::new();
    for c in "hikikomori".chars() {
        q.push(c);
        if q.len() >= 6 {
            let hits = find(&dir, &q, 3);
            assert!(hits.iter().any(|h| h.id == "hikikomori"), "{q}");
        }
    }
}

#[derive(serde::Deserialize)]
pub(crate) struct DeskQueries {
    pub(crate) query: Vec<DeskQuery>,
}

#[derive(serde::Deserialize)]
pub(crate) struct DeskQuery {
    pub(crate) q: String,
    category: String,
    expect: Vec<String>,
}

/// tests/fixtures/desk_queries.toml.
pub(crate) fn desk_queries() -> DeskQueries {
    toml::from_str(include_str!("../fixtures/desk_queries.toml")).expect("desk_queries.toml parses")
}

/// The desk's own words: phrases as callers say them, everyday words, slips of the key,
/// spelling variants, place + need and two needs at once (tests/fixtures/desk_queries.toml,
/// written from the plan and from how residents speak). Each query passes when one of the
/// entries it accepts is in the top 3.
#[test]
fn desk_words_find_the_expected_entry_in_the_top_three() {
    let table = desk_queries();
    let dir = dir();
    let mut by_category: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut misses = Vec::new();
    for q in &table.query {
        let hits = find(&dir, &q.q, 3);
        let got: Vec<String> = hits
            .iter()
            .map(|h| format!("{}:{}", h.kind.as_str(), h.id))
            .collect();
        let ok = q.expect.iter().any(|e| got.contains(e));
        let c = by_category.entry(q.category.clone()).or_default();
        c.1 += 1;
        if ok {
            c.0 += 1;
        } else {
            misses.push(format!(
                "[{}] {:?}: expected {:?}, got {:?}",
                q.category, q.q, q.expect, got
            ));
        }
    }
    let passed: usize = by_category.values().map(|c| c.0).sum();
    let summary: Vec<String> = by_category
        .iter()
        .map(|(k, (p, n))| format!("{k} {p}/{n}"))
        .collect();
    println!(
        "desk queries: {passed}/{} top-3 ({})",
        table.query.len(),
        summary.join(", ")
    );
    for m in &misses {
        println!("miss {m}");
    }
    assert!(table.query.len() >= 120);
    // Every category at 90% or better, and the whole table too.
    for (k, (p, n)) in &by_category {
        assert!(
            p * 10 >= n * 9,
            "{k}: {p}/{n} in the top 3\n{}",
            misses.join("\n")
        );
    }
}

/// The issue's own findings, each now answered: phrases, everyday words, spelling variants,
/// 8050, a slip, and a place with a need where the place's site comes first and a program
/// for the whole city stays in the list.
#[test]
fn desk_words_of_the_issue_are_answered_with_reasons() {
    let dir = dir();
    let top = |q: &str, n: usize| -> Vec<String> { find(&dir, q, n).into_iter().map(|h| h.id).collect() };
    assert!(top("親の介護", 3).contains(&"chiiki_houkatsu".to_string()));
    assert!(top("生活が苦しい", 3).contains(&"konkyu_soudan".to_string()));
    assert!(top("子どもが学校を休みがち", 3).contains(&"school_counselor".to_string()));
    for q in ["自殺", "就労", "片付け"] {
        assert!(!top(q, 3).is_empty(), "{q} finds something");
    }
    // 引きこもり and ひきこもり are one word.
    assert_eq!(top("引きこもり", 50), top("ひきこもり", 50));
    // 8050: the multi-agency program, the mother's 地域包括 and the son's ひきこもり相談.
    let eighty = top("8050", 3);
    for id in ["takikan", "chiiki_houkatsu", "hikikomori"] {
        assert!(eighty.contains(&id.to_string()), "8050: {eighty:?}");
    }
    assert!(!top("ひきこもり 高齢", 3).is_empty());
    // One slip of a romaji key.
    assert_eq!(top("hikikomri", 1), vec!["hikikomori"]);
    assert_eq!(top("hikikomoori", 1), vec!["hikikomori"]);
    // Never a repair for 1 to 3 letters.
    assert!(top("zzq", 5).is_empty());
    // Place + need: the place's own site first; a whole-city program passes the area.
    let fujisawa = top("藤沢 徘徊", 5);
    assert_eq!(
        fujisawa.first().map(String::as_str),
        Some("houkatsu_fujisawa"),
        "{fujisawa:?}"
    );
    let area = top("藤沢 ひきこもり", 5);
    assert!(
        area.contains(&"hikikomori".to_string()),
        "the 市内全域 program stays: {area:?}"
    );

    // Why: the vocabulary step is named, and find --json carries it.
    let hits = find(&dir, "年金", 1);
    let why = &hits[0].matched[0];
    assert_eq!(why.how, tsunagu::search::How::Vocabulary);
    assert_eq!(why.word, "年金");
    assert!(
        why.via.as_deref().is_some_and(|v| v.contains("生活困窮")),
        "{why:?}"
    );
    let mut json = Vec::new();
    tsunagu::cli::find::print_json(&mut json, &hits).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v[0]["matched"][0]["field"], "vocabulary");
    assert_eq!(v[0]["partial"], false);
}

/// A hit whose entry is not in the directory (an index kept from another version of the
/// seed) describes as an empty row and an empty detail pane, never a panic; a hit that
/// is in it is described as before.
#[test]
fn a_hit_outside_the_directory_is_an_empty_row() {
    use tsunagu::search::{Hit, describe};
    use tsunagu::tui::screens::detail::detail_lines;
    let d = dir();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    for kind in EntryKind::ALL {
        for idx in [
            d.programs.len() + d.sites.len() + d.sections.len() + d.meetings.len(),
            usize::MAX,
        ] {
            let hit = Hit { kind, idx, score: 7 };
            let info = describe(&d, &hit);
            assert_eq!(
                (
                    info.id.as_str(),
                    info.name.as_str(),
                    &info.program,
                    info.sections.len()
                ),
                ("", "", &None, 0),
                "{kind:?} {idx}"
            );
            assert_eq!((info.kind, info.score), (kind, 7));
            for lang in [tsunagu::i18n::Lang::Ja, tsunagu::i18n::Lang::En] {
                assert!(
                    detail_lines(&d, &hit, 76, today, lang).is_empty(),
                    "{kind:?} {idx}"
                );
            }
        }
        let hit = Hit {
            kind,
            idx: 0,
            score: 0,
        };
        let info = describe(&d, &hit);
        assert!(!info.id.is_empty() && !info.name.is_empty(), "{kind:?}");
        assert!(!detail_lines(&d, &hit, 76, today, tsunagu::i18n::Lang::Ja).is_empty());
    }
}
