//! The seed in seed/ says what the city's plan says (入間市重層的支援体制整備事業実施計画,
//! 令和8年3月): every program, every named site, the desk schedule, the two meetings and
//! the targets of section 5. The lists below are copied from the plan, not from the seed.

use tsunagu::domain::{ConsentRule, Directory, Group, Status, Weekday};

fn seed() -> Directory {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seed"));
    match tsunagu::seed::load_dir(dir) {
        Ok(d) => d,
        Err(e) => panic!("seed/ does not load: {e:?}"),
    }
}

/// (id, ◆ heading, ● line) in plan order, per group.
const CONSULTATION: &[(&str, &str, &str)] = &[
    (
        "chiiki_houkatsu",
        "地域包括支援センターの運営",
        "入間市地域包括支援センター",
    ),
    (
        "shogaisha_soudan",
        "障害者相談支援事業",
        "入間市障害者基幹相談支援センター",
    ),
    ("riyousha_shien", "利用者支援事業", "利用者支援事業"),
    (
        "konkyu_soudan",
        "生活困窮者自立相談支援事業",
        "経済的な困りごとの相談",
    ),
    (
        "sougou_soudan",
        "総合相談支援体制の整備",
        "総合相談支援室における総合相談支援",
    ),
    (
        "komarigoto",
        "福祉困りごと何でも相談支援",
        "福祉困りごと何でも相談支援センター",
    ),
    (
        "chiku_center",
        "地区センターにおける福祉総合相談支援",
        "地区センターにおける福祉総合相談窓口",
    ),
    (
        "school_counselor",
        "スクールカウンセラーによる相談支援",
        "スクールカウンセラーによる相談支援",
    ),
    ("hikikomori", "ひきこもり支援", "ひきこもり相談"),
    (
        "kodomo_katei_center",
        "こども家庭センターの運営",
        "入間市こども家庭センター",
    ),
    (
        "dv_josei",
        "DV相談及び女性の悩みごと相談事業",
        "DV相談及び女性の悩みごと相談事業",
    ),
    ("tabunka", "多文化共生の推進", "外国人相談窓口"),
];

const SANKA: &str = "地域福祉活動への参加促進と団体支援";

const COMMUNITY: &[(&str, &str, &str)] = &[
    (
        "kaigo_yobou",
        "地域介護予防活動支援事業",
        "地域介護予防活動支援事業",
    ),
    (
        "seikatsu_shien_taisei",
        "生活支援体制整備事業",
        "生活支援体制整備事業",
    ),
    (
        "chiiki_katsudou_center",
        "地域活動支援センター事業",
        "地域活動支援センター事業",
    ),
    (
        "kosodate_kyoten",
        "地域子育て支援拠点事業",
        "地域子育て支援拠点事業",
    ),
    (
        "irumapia",
        "精神障害者地域生活支援事業",
        "精神障害者地域生活支援事業ソーシャルクラブ「いるまびあ」",
    ),
    (
        "genki_net",
        SANKA,
        "入間市高齢者等地域見守りネットワーク『元気でいるネット』の活動",
    ),
    (
        "kinrin_sasaeai",
        SANKA,
        "『近隣助け合い活動』及び『地域支え合い組織』の活動",
    ),
    (
        "konkyu_chiikidukuri",
        "生活困窮者支援等のための地域づくり事業",
        "生活困窮者支援等のための地域づくり事業",
    ),
    ("minsei_iin", SANKA, "民生委員・児童委員の活動"),
];

const NEW: &[(&str, &str, &str)] = &[
    ("sanka_shien", "参加支援事業", "参加支援事業"),
    (
        "outreach",
        "アウトリーチ等を通じた継続的支援事業",
        "アウトリーチ等を通じた継続的支援事業",
    ),
    ("takikan", "多機関協働事業", "多機関協働事業"),
];

#[test]
fn all_24_programs_of_the_plan_in_their_groups() {
    let d = seed();
    assert_eq!(d.programs.len(), 24, "the plan has 24 programs");
    for (group, expected, count) in [
        (Group::Consultation, CONSULTATION, 12),
        (Group::Community, COMMUNITY, 9),
        (Group::New, NEW, 3),
    ] {
        assert_eq!(expected.len(), count);
        let in_seed: Vec<(&str, &str, &str)> = d
            .programs
            .iter()
            .filter(|p| p.group == group)
            .map(|p| (p.id.as_str(), p.name.as_str(), p.service.as_str()))
            .collect();
        assert_eq!(in_seed, expected.to_vec(), "programs of {group:?}, in plan order");
    }
    // The three programs under one heading stay three entries, told apart by service.
    let same_heading: Vec<&str> = d
        .programs
        .iter()
        .filter(|p| p.name == SANKA)
        .map(|p| p.service.as_str())
        .collect();
    assert_eq!(same_heading.len(), 3);
    // 3(3) lists 新規事業; everything else is 既存事業.
    for p in &d.programs {
        let expected = if p.group == Group::New {
            Status::New
        } else {
            Status::Existing
        };
        assert_eq!(p.status, expected, "{}", p.id);
        assert!(!p.source.is_empty(), "{} has a source", p.id);
    }
}

#[test]
fn programs_carry_the_plans_own_facts() {
    let d = seed();
    let p = |id: &str| d.program(id).unwrap_or_else(|| panic!("program {id}"));

    let houkatsu = p("chiiki_houkatsu");
    assert_eq!(houkatsu.target.as_deref(), Some("65歳以上の高齢者とその家族等"));
    assert_eq!(houkatsu.eligibility.as_ref().and_then(|e| e.min_age), Some(65));
    assert_eq!(
        houkatsu.legal_basis,
        [
            "法第106条の4第2項第1号のイ",
            "介護保険法第115条の45第2項第1号から第3号までに掲げる事業"
        ]
    );
    assert_eq!(d.section_names(houkatsu), ["高齢者支援課"]);

    let hiki = p("hikikomori")
        .eligibility
        .clone()
        .expect("ひきこもり: 概ね15歳~49歳");
    assert_eq!(
        (hiki.min_age, hiki.max_age, hiki.approximate),
        (Some(15), Some(49), true)
    );

    let tabunka = p("tabunka")
        .eligibility
        .clone()
        .expect("市内に居住する外国籍の人");
    assert!(tabunka.residents_only);

    assert_eq!(
        d.section_names(p("riyousha_shien")),
        ["こども支援課", "地域保健課"]
    );
    // 「子ども支援課」 in the plan is the same section.
    assert_eq!(
        d.section_names(p("konkyu_chiikidukuri")),
        ["生活支援課", "こども支援課"]
    );
    assert_eq!(
        d.section_names(p("kosodate_kyoten")),
        ["こども支援課", "青少年課"]
    );
    assert_eq!(
        d.section_names(p("kinrin_sasaeai")),
        ["地域振興課", "高齢者支援課", "福祉総務課"]
    );
    assert_eq!(
        p("genki_net").related_sections,
        ["shogaisha_shien", "kodomo_shien"]
    );
    assert_eq!(
        p("seikatsu_shien_taisei").area.as_deref(),
        Some("第1層：市内全域 / 第2層：日常生活圏域")
    );
    assert_eq!(p("takikan").legal_basis, ["法第106条の4第2項第5号、第6号"]);
}

#[test]
fn the_ten_sections_of_the_plan() {
    let d = seed();
    let mut names: Vec<&str> = d.sections.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    let mut expected = vec![
        "高齢者支援課",
        "障害者支援課",
        "こども支援課",
        "地域保健課",
        "生活支援課",
        "福祉総務課",
        "地域振興課",
        "学校教育課",
        "人権推進課",
        "青少年課",
    ];
    expected.sort_unstable();
    assert_eq!(names, expected);
    let gakkou = d.sections.iter().find(|s| s.name == "学校教育課").unwrap();
    assert_eq!(gakkou.note.as_deref(), Some("教育センター"));
}

/// Every site the plan names, with a program it must serve.
const SITES: &[(&str, &str)] = &[
    // 3(1) 地域包括支援センター 計9か所
    ("地域包括支援センター (豊岡東)", "chiiki_houkatsu"),
    ("地域包括支援センター (豊岡西)", "chiiki_houkatsu"),
    ("地域包括支援センター (豊岡北)", "chiiki_houkatsu"),
    ("地域包括支援センター (東金子地区)", "chiiki_houkatsu"),
    ("地域包括支援センター (金子地区)", "chiiki_houkatsu"),
    ("地域包括支援センター (宮寺・二本木地区)", "chiiki_houkatsu"),
    ("地域包括支援センター (藤沢)", "chiiki_houkatsu"),
    ("地域包括支援センター (東藤沢)", "chiiki_houkatsu"),
    ("地域包括支援センター (西武地区)", "chiiki_houkatsu"),
    // 3(1) singles
    ("障害者相談支援センターりぼん", "shogaisha_soudan"),
    ("入間市こども家庭センター", "kodomo_katei_center"),
    ("地域保健課 (健康福祉センター内)", "riyousha_shien"),
    ("総合相談支援室", "konkyu_soudan"),
    ("総合相談支援室", "sougou_soudan"),
    ("入間市社会福祉協議会", "komarigoto"),
    ("入間市男女共同参画推進センター", "dv_josei"),
    ("地域振興課 (市役所庁舎内)", "tabunka"),
    // 3(1) 地区センター 計9か所
    ("地区センター (扇町地区)", "chiku_center"),
    ("地区センター (東町地区)", "chiku_center"),
    ("地区センター (黒須地区)", "chiku_center"),
    ("地区センター (東金子地区)", "chiku_center"),
    ("地区センター (金子地区)", "chiku_center"),
    ("地区センター (宮寺・二本木地区)", "chiku_center"),
    ("地区センター (藤沢地区)", "chiku_center"),
    ("地区センター (東藤沢地区)", "chiku_center"),
    ("地区センター (西武地区)", "chiku_center"),
    // 3(1) さわやか相談室 計10校
    ("さわやか相談室 (豊岡中)", "school_counselor"),
    ("さわやか相談室 (金子中)", "school_counselor"),
    ("さわやか相談室 (武蔵中)", "school_counselor"),
    ("さわやか相談室 (藤沢中)", "school_counselor"),
    ("さわやか相談室 (西武中)", "school_counselor"),
    ("さわやか相談室 (向原中)", "school_counselor"),
    ("さわやか相談室 (黒須中)", "school_counselor"),
    ("さわやか相談室 (東金子中)", "school_counselor"),
    ("さわやか相談室 (上藤沢中)", "school_counselor"),
    ("さわやか相談室 (東町中)", "school_counselor"),
    // 3(2) 地域介護予防活動支援事業
    ("高齢者支援課", "kaigo_yobou"),
    // 3(2) 地域活動支援センター 計3か所
    ("地域活動支援センターつどい", "chiiki_katsudou_center"),
    ("花の郷福祉作業所", "chiiki_katsudou_center"),
    ("入間市扇台福祉作業所", "chiiki_katsudou_center"),
    // 3(2) 地域子育て支援センター 市内10か所 (チャーむ = ちゃーむ)
    ("地域子育て支援センター (ちゃーむ)", "kosodate_kyoten"),
    ("地域子育て支援センター (あいくる)", "kosodate_kyoten"),
    ("地域子育て支援センター (あん)", "kosodate_kyoten"),
    ("地域子育て支援センター (むぎ)", "kosodate_kyoten"),
    ("地域子育て支援センター (あおいとり)", "kosodate_kyoten"),
    ("地域子育て支援センター (あおぞら)", "kosodate_kyoten"),
    ("地域子育て支援センター (ChaChairuma)", "kosodate_kyoten"),
    ("地域子育て支援センター (こどものくに保育園)", "kosodate_kyoten"),
    ("地域子育て支援センター (あけぼの)", "kosodate_kyoten"),
    ("地域子育て支援センター (おやこの遊びひろば)", "kosodate_kyoten"),
    // 3(2) the rest
    ("ソーシャルクラブ「いるまびあ」", "irumapia"),
    ("入間市高齢者等見守りネットワーク協力団体・事業所", "genki_net"),
    // 入間市近隣助け合い活動推進協議会 ≪福祉圏域単位で9団体≫
    ("近隣助け合い活動 (豊岡第一地区)", "kinrin_sasaeai"),
    ("近隣助け合い活動 (豊岡第二地区)", "kinrin_sasaeai"),
    ("近隣助け合い活動 (黒須・高倉地区)", "kinrin_sasaeai"),
    ("近隣助け合い活動 (東金子地区)", "kinrin_sasaeai"),
    ("近隣助け合い活動 (金子地区)", "kinrin_sasaeai"),
    ("近隣助け合い活動 (宮寺・二本木地区)", "kinrin_sasaeai"),
    ("近隣助け合い活動 (藤沢地区)", "kinrin_sasaeai"),
    ("近隣助け合い活動 (東藤沢地区)", "kinrin_sasaeai"),
    ("近隣助け合い活動 (西武地区)", "kinrin_sasaeai"),
    // 地域支え合い組織 ≪福祉圏域単位で6団体≫
    ("豊一助け合い", "kinrin_sasaeai"),
    ("豊岡第二地区元気にする会", "kinrin_sasaeai"),
    ("ささえあい金子", "kinrin_sasaeai"),
    ("ふじさわサポート", "kinrin_sasaeai"),
    ("ささえあい東藤沢", "kinrin_sasaeai"),
    ("ささえあい西武", "kinrin_sasaeai"),
    // ≪自治会等単位で4団体≫
    ("グリーンヒルお助け隊", "kinrin_sasaeai"),
    ("ささえあい入間台", "kinrin_sasaeai"),
    ("ささえーるプルミエール", "kinrin_sasaeai"),
    ("プランヴェール入間武蔵野自治会おたすけ会", "kinrin_sasaeai"),
    ("いるまフードパントリー茶いるど", "konkyu_chiikidukuri"),
    ("こども食堂ネットワーク いるま", "konkyu_chiikidukuri"),
    ("民生委員・児童委員", "minsei_iin"),
    // 3(3)
    ("入間市社会福祉協議会", "sanka_shien"),
    ("入間市社会福祉協議会", "outreach"),
    ("福祉総務課 (市役所庁舎内)", "takikan"),
];

#[test]
fn every_named_site_of_the_plan_is_in_the_seed() {
    let d = seed();
    let mut missing = Vec::new();
    for (name, program) in SITES {
        match d.sites.iter().find(|s| s.name == *name) {
            None => missing.push(format!("{name}: no site")),
            Some(s) if !s.programs.iter().any(|p| p == program) => {
                missing.push(format!("{name}: not tied to {program}"))
            }
            Some(_) => {}
        }
    }
    assert!(
        missing.is_empty(),
        "sites missing or untied:\n{}",
        missing.join("\n")
    );

    let count = |prefix: &str| d.sites.iter().filter(|s| s.name.starts_with(prefix)).count();
    assert_eq!(count("地域包括支援センター ("), 9);
    assert_eq!(count("地区センター ("), 9);
    assert_eq!(count("さわやか相談室 ("), 10);
    assert_eq!(count("地域子育て支援センター ("), 10);
    assert_eq!(count("近隣助け合い活動 ("), 9);

    // 利用者支援事業 基本型 計6か所, こども家庭センター型 計2か所, 妊婦等包括相談支援事業型 計1か所.
    let with_role = |role: &str| {
        d.sites_of_program("riyousha_shien")
            .filter(|s| s.roles.iter().any(|r| r == role))
            .count()
    };
    assert_eq!(with_role("基本型"), 6);
    assert_eq!(with_role("こども家庭センター型"), 2);
    assert_eq!(with_role("妊婦等包括相談支援事業型"), 1);
    // 生活支援体制整備事業: 第1層 1か所 (社協), 第2層 地域包括支援センター 計9か所.
    let layer = |role: &str| {
        d.sites_of_program("seikatsu_shien_taisei")
            .filter(|s| s.roles.iter().any(|r| r == role))
            .count()
    };
    assert_eq!((layer("第1層"), layer("第2層")), (1, 9));

    let sawayaka = d
        .sites
        .iter()
        .find(|s| s.name == "さわやか相談室 (金子中)")
        .unwrap();
    assert_eq!(sawayaka.school.as_deref(), Some("金子中"));
    let minsei = d.sites.iter().find(|s| s.name == "民生委員・児童委員").unwrap();
    assert_eq!(minsei.note.as_deref(), Some("252人(定数)"));
    let takikan = d
        .sites
        .iter()
        .find(|s| s.name == "福祉総務課 (市役所庁舎内)")
        .unwrap();
    assert_eq!(takikan.location.as_deref(), Some("市役所庁舎内"));
    for s in &d.sites {
        assert!(!s.source.is_empty(), "{} has a source", s.id);
    }
}

#[test]
fn the_foreign_resident_desk_days() {
    let d = seed();
    let mut got: Vec<(&str, &str, Weekday, Vec<u8>, bool)> = d
        .schedules_of_program("tabunka")
        .map(|s| {
            (
                s.language.as_str(),
                s.label.as_str(),
                s.weekday,
                s.weeks.clone(),
                s.reservation_required,
            )
        })
        .collect();
    got.sort_by_key(|g| (g.2, g.0));
    assert_eq!(
        got,
        vec![
            // 英語（毎週火曜日）
            ("en", "英語", Weekday::Tue, vec![], false),
            // スペイン語（毎週水曜日）
            ("es", "スペイン語", Weekday::Wed, vec![], false),
            // 中国語（毎月第1木曜日）
            ("zh", "中国語", Weekday::Thu, vec![1], false),
            // 英語（第2・4金曜日） 第2・4金曜日の相談日のみ要予約
            ("en", "英語", Weekday::Fri, vec![2, 4], true),
        ]
    );
    assert_eq!(d.schedules.len(), 4);
}

#[test]
fn the_two_meetings_of_section_4() {
    let d = seed();
    assert_eq!(d.meetings.len(), 2);
    let j = d.meeting("jusouteki_kaigi").expect("重層的支援会議");
    assert_eq!(j.name, "重層的支援会議");
    assert_eq!(j.program, "takikan");
    assert_eq!(j.consent, ConsentRule::ConsentGiven);
    assert!(!j.confidential);
    assert_eq!(j.roles.len(), 3);
    assert_eq!(j.frequency, "随時（検討件数や事例の内容に応じて定期開催とする）");

    let s = d.meeting("shien_kaigi").expect("支援会議");
    assert_eq!(s.name, "支援会議");
    assert_eq!(s.program, "takikan");
    assert_eq!(s.consent, ConsentRule::WithoutConsent);
    assert!(s.confidential, "支援会議: 構成員に守秘義務 (法第106条の6)");
    assert_eq!(s.legal_basis, ["社会福祉法第106条の6"]);
    assert_eq!(s.roles.len(), 3);
    assert_eq!(s.frequency, "随時");
}

#[test]
fn the_plan_and_its_targets_for_fy2026() {
    let d = seed();
    assert_eq!(d.plan.title, "入間市重層的支援体制整備事業実施計画");
    assert_eq!(d.plan.published, "令和8年3月");
    assert_eq!(d.plan.city, "入間市");
    assert_eq!((d.plan.period_start, d.plan.period_end), (2026, 2028));

    let mut got: Vec<(&str, &str, i32, u32, &str)> = d
        .targets
        .iter()
        .map(|t| {
            (
                t.program.as_str(),
                t.indicator.as_str(),
                t.fiscal_year,
                t.value,
                t.unit.as_str(),
            )
        })
        .collect();
    got.sort_by_key(|t| t.3);
    assert_eq!(
        got,
        vec![
            ("takikan", "重層的支援会議・支援会議の開催回数", 2026, 5, "回"),
            ("takikan", "取り扱うケース件数", 2026, 6, "件"),
        ]
    );
}
