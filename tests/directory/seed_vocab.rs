//! The desk's vocabulary in seed/: the intake check-list (concerns.toml), the nine
//! 福祉圏域 (districts.toml) and the closed days of the plan period (calendar.toml).
//! The expected lists are written here from the plan and the holiday law, not copied
//! from the seed.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use tsunagu::domain::Directory;

fn seed() -> Directory {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seed"));
    match tsunagu::seed::load_dir(dir) {
        Ok(d) => d,
        Err(e) => panic!("seed/ does not load: {e:?}"),
    }
}

// ---------------------------------------------------------------------------------
// concerns.toml
// ---------------------------------------------------------------------------------

/// (id, label) of every domain; all count except `unsure`.
const DOMAINS: &[(&str, &str)] = &[
    ("elderly", "高齢"),
    ("disability", "障がい"),
    ("children", "こども"),
    ("poverty", "生活困窮"),
    ("health", "保健・こころ"),
    ("rights", "人権・DV"),
    ("multicultural", "多文化"),
    ("community", "地域・孤立"),
    ("unsure", "わからない"),
];

/// (id, label, domain) of the concerns the desk's rules and screens rely on.
const CONCERNS: &[(&str, &str, &str)] = &[
    ("elderly_care", "高齢・介護", "elderly"),
    ("dementia", "認知症", "elderly"),
    ("elder_abuse", "高齢者虐待", "elderly"),
    ("disability", "障がい", "disability"),
    ("mental_health", "こころの健康", "health"),
    ("pregnancy", "妊娠・出産", "children"),
    ("childcare", "子育て", "children"),
    ("child_abuse", "児童虐待", "children"),
    ("young_carer", "ヤングケアラー", "children"),
    ("school_refusal", "不登校", "children"),
    ("poverty", "生活困窮", "poverty"),
    ("debt", "借金", "poverty"),
    ("housing", "住まい", "poverty"),
    ("employment", "仕事", "poverty"),
    ("food", "食料", "poverty"),
    // ひきこもり支援 is run by 地域保健課 (plan 3(1)).
    ("hikikomori", "ひきこもり", "health"),
    ("dv", "DV", "rights"),
    ("womens_issues", "女性の悩み", "rights"),
    ("foreign_resident", "外国籍", "multicultural"),
    ("isolation", "孤立", "community"),
    // 近隣助け合い活動: 家事援助・買い物代行 (plan 3(2)).
    ("daily_chores", "家事・買い物", "community"),
    ("not_sure", "わからない", "unsure"),
];

#[test]
fn domains_are_the_eight_counting_ones_and_unsure() {
    let d = seed();
    let got: Vec<(&str, &str)> = d
        .domains
        .iter()
        .map(|x| (x.id.as_str(), x.label.as_str()))
        .collect();
    assert_eq!(got, DOMAINS);
    for dom in &d.domains {
        assert_eq!(dom.counts, dom.id != "unsure", "counts of domain {}", dom.id);
    }
}

#[test]
fn every_required_concern_is_there_in_its_domain() {
    let d = seed();
    for (id, label, domain) in CONCERNS {
        let c = d.concern(id).unwrap_or_else(|| panic!("concern {id} is missing"));
        assert_eq!(c.label, *label, "label of {id}");
        assert_eq!(c.domain, *domain, "domain of {id}");
    }
}

#[test]
fn not_sure_does_not_count_towards_complexity() {
    let d = seed();
    let c = d.concern("not_sure").expect("not_sure");
    let dom = d.domain(&c.domain).expect("domain of not_sure");
    assert!(!dom.counts, "わからない must not count as a domain");
    // It is the only concern that does not count.
    let uncounted: Vec<&str> = d
        .concerns
        .iter()
        .filter(|c| !d.domain(&c.domain).is_some_and(|x| x.counts))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(uncounted, ["not_sure"]);
}

#[test]
fn concerns_fit_a_check_list() {
    let d = seed();
    let mut ids = HashSet::new();
    for c in &d.concerns {
        assert!(ids.insert(&c.id), "duplicate concern {}", c.id);
        assert!(
            c.label.chars().count() <= 8,
            "{}: label {} is longer than 8 characters",
            c.id,
            c.label
        );
        assert!(d.domain(&c.domain).is_some(), "{}: domain {}", c.id, c.domain);
        assert!(!c.source.trim().is_empty(), "{} has a source", c.id);
        // Sources name sections of the plan: 1, 2(1)…, 3(1)…, 4, 5.
        for s in c.source.split(", ") {
            assert!(
                ["1", "2(1)", "2(3)", "3(1)", "3(2)", "3(3)", "4", "5"].contains(&s),
                "{}: source {s} is not a section of the plan",
                c.id
            );
        }
    }
    // Household patterns are not concerns (tick each member's concerns instead).
    for pattern in ["double_care", "8050"] {
        assert!(
            d.concern(pattern).is_none(),
            "{pattern} is a pattern, not a concern"
        );
    }
    // Every counting domain has at least one concern.
    for dom in d.domains.iter().filter(|x| x.counts) {
        assert!(
            d.concerns.iter().any(|c| c.domain == dom.id),
            "domain {} has no concern",
            dom.id
        );
    }
}

// ---------------------------------------------------------------------------------
// districts.toml
// ---------------------------------------------------------------------------------

/// The nine 福祉圏域 in the plan's order (3(2) 近隣助け合い活動推進協議会).
const DISTRICTS: &[(&str, &str)] = &[
    ("toyooka_daiichi", "豊岡第一"),
    ("toyooka_daini", "豊岡第二"),
    ("kurosu_takakura", "黒須・高倉"),
    ("higashi_kaneko", "東金子"),
    ("kaneko", "金子"),
    ("miyadera_nihongi", "宮寺・二本木"),
    ("fujisawa", "藤沢"),
    ("higashi_fujisawa", "東藤沢"),
    ("seibu", "西武"),
];

const TOYOOKA_HOUKATSU: [&str; 3] = [
    "houkatsu_toyooka_higashi",
    "houkatsu_toyooka_nishi",
    "houkatsu_toyooka_kita",
];

fn program_of(d: &Directory, site: &str) -> Vec<String> {
    d.site(site)
        .unwrap_or_else(|| panic!("site {site}"))
        .programs
        .clone()
}

#[test]
fn the_nine_districts_by_name() {
    let d = seed();
    let got: Vec<(&str, &str)> = d
        .districts
        .iter()
        .map(|x| (x.id.as_str(), x.name.as_str()))
        .collect();
    assert_eq!(got, DISTRICTS);
    for (id, name) in DISTRICTS {
        assert_eq!(d.find_district(name).map(|x| x.id.as_str()), Some(*id));
        assert_eq!(
            d.find_district(&format!("{name}地区")).map(|x| x.id.as_str()),
            Some(*id)
        );
    }
}

#[test]
fn each_district_has_its_own_kinrin_group_for_certain() {
    let d = seed();
    for dist in &d.districts {
        let kinrin: Vec<&String> = dist.sites.iter().filter(|s| s.starts_with("kinrin_")).collect();
        assert_eq!(kinrin.len(), 1, "{}: one 近隣助け合い group", dist.id);
        assert!(program_of(&d, kinrin[0]).iter().any(|p| p == "kinrin_sasaeai"));
        let site = d.site(kinrin[0]).expect("kinrin site");
        assert_eq!(site.area.as_deref(), Some(format!("{}地区", dist.name).as_str()));
    }
}

#[test]
fn certain_sites_carry_the_districts_own_place_name() {
    let d = seed();
    let allowed = ["kinrin_sasaeai", "chiiki_houkatsu", "chiku_center"];
    let mut seen = HashSet::new();
    for dist in &d.districts {
        for id in &dist.sites {
            assert!(seen.insert(id.clone()), "{id} is tied to two districts");
            let site = d.site(id).unwrap_or_else(|| panic!("site {id}"));
            assert!(
                site.programs.iter().any(|p| allowed.contains(&p.as_str())),
                "{}: {id} is not a 近隣助け合い/支え合い, 包括 or 地区センター site",
                dist.id
            );
            let area = site
                .area
                .as_deref()
                .unwrap_or_else(|| panic!("{id} has no area in the plan"));
            assert_eq!(
                area.trim_end_matches("地区"),
                dist.name,
                "{}: {id} is in {area}",
                dist.id
            );
            assert!(
                !dist.candidate_sites.contains(id),
                "{id} both certain and candidate"
            );
        }
    }
}

#[test]
fn expected_ties_per_district() {
    let d = seed();
    let certain = |dist: &str| d.district(dist).expect(dist).sites.clone();
    let candidates = |dist: &str| d.district(dist).expect(dist).candidate_sites.clone();

    let fujisawa = certain("fujisawa");
    for s in [
        "houkatsu_fujisawa",
        "kinrin_fujisawa",
        "chiku_center_fujisawa",
        "sasaeai_greenhill",
        "sasaeai_premier",
    ] {
        assert!(fujisawa.iter().any(|x| x == s), "fujisawa ties {s}");
    }
    // ふじさわサポート: the plan writes 藤沢第一地区.
    assert_eq!(candidates("fujisawa"), ["sasaeai_fujisawa_support"]);

    for (dist, houkatsu, center) in [
        (
            "higashi_kaneko",
            "houkatsu_higashi_kaneko",
            "chiku_center_higashi_kaneko",
        ),
        ("kaneko", "houkatsu_kaneko", "chiku_center_kaneko"),
        (
            "miyadera_nihongi",
            "houkatsu_miyadera_nihongi",
            "chiku_center_miyadera_nihongi",
        ),
        (
            "higashi_fujisawa",
            "houkatsu_higashi_fujisawa",
            "chiku_center_higashi_fujisawa",
        ),
        ("seibu", "houkatsu_seibu", "chiku_center_seibu"),
    ] {
        let c = certain(dist);
        assert!(c.iter().any(|x| x == houkatsu), "{dist} ties {houkatsu}");
        assert!(c.iter().any(|x| x == center), "{dist} ties {center}");
        assert!(program_of(&d, houkatsu).iter().any(|p| p == "chiiki_houkatsu"));
        assert!(program_of(&d, center).iter().any(|p| p == "chiku_center"));
        assert!(candidates(dist).is_empty(), "{dist} needs no candidates");
    }
    assert!(certain("higashi_kaneko").iter().any(|x| x == "sasaeai_irumadai"));
    assert!(certain("kaneko").iter().any(|x| x == "sasaeai_kaneko"));
    assert!(
        certain("higashi_fujisawa")
            .iter()
            .any(|x| x == "sasaeai_higashi_fujisawa")
    );
    assert!(certain("seibu").iter().any(|x| x == "sasaeai_seibu"));
    assert!(certain("seibu").iter().any(|x| x == "sasaeai_planvert"));
    assert!(certain("toyooka_daiichi").iter().any(|x| x == "sasaeai_toyoichi"));
    assert!(
        certain("toyooka_daini")
            .iter()
            .any(|x| x == "sasaeai_toyooka_daini")
    );

    // The plan has no map: the three 豊岡 包括 are candidates of the three 豊岡-side
    // districts, never certain; so are their 地区センター.
    for (dist, center) in [
        ("toyooka_daiichi", "chiku_center_ogimachi"),
        ("toyooka_daini", "chiku_center_azumacho"),
        ("kurosu_takakura", "chiku_center_kurosu"),
    ] {
        let c = certain(dist);
        let cand = candidates(dist);
        for h in TOYOOKA_HOUKATSU {
            assert!(cand.iter().any(|x| x == h), "{dist}: {h} is a candidate");
            assert!(!c.iter().any(|x| x == h), "{dist}: {h} is not certain");
            assert!(program_of(&d, h).iter().any(|p| p == "chiiki_houkatsu"));
        }
        assert!(
            cand.iter().any(|x| x == center),
            "{dist}: {center} is a candidate"
        );
        assert!(!c.iter().any(|x| x.starts_with("chiku_center_")));
        assert!(!c.iter().any(|x| x.starts_with("houkatsu_")));
        let note = d.district(dist).and_then(|x| x.note.as_deref()).unwrap_or("");
        assert!(note.contains("確認"), "{dist}: the note says what to confirm");
    }
    let note = d
        .district("fujisawa")
        .and_then(|x| x.note.as_deref())
        .unwrap_or("");
    assert!(
        note.contains("藤沢第一地区"),
        "fujisawa's note names 藤沢第一地区"
    );
}

#[test]
fn every_houkatsu_center_and_kinrin_group_belongs_somewhere() {
    let d = seed();
    let tied: HashSet<&String> = d
        .districts
        .iter()
        .flat_map(|x| x.sites.iter().chain(x.candidate_sites.iter()))
        .collect();
    for program in ["chiiki_houkatsu", "chiku_center", "kinrin_sasaeai"] {
        for site in d.sites_of_program(program) {
            // 社会福祉協議会 (団体支援) and 民生委員 serve the whole city.
            if ["shakyo", "minsei_jido_iin"].contains(&site.id.as_str()) {
                continue;
            }
            assert!(tied.contains(&site.id), "{} is tied to no district", site.id);
        }
    }
}

// ---------------------------------------------------------------------------------
// calendar.toml
// ---------------------------------------------------------------------------------

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| panic!("not a date: {s}"))
}

fn nth_monday(year: i32, month: u32, n: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n as u8).expect("nth monday")
}

/// 春分日・秋分日 as 国立天文台 computes them (official in the 官報 each February).
const EQUINOXES: &[(&str, &str)] = &[
    ("2026-09-23", "秋分の日"),
    ("2027-03-21", "春分の日"),
    ("2027-09-23", "秋分の日"),
    ("2028-03-20", "春分の日"),
    ("2028-09-22", "秋分の日"),
    ("2029-03-20", "春分の日"),
];

/// The holidays of 2026-04-01 .. 2029-03-31 under 国民の祝日に関する法律, computed here.
fn expected_holidays() -> BTreeMap<NaiveDate, String> {
    let mut named = BTreeMap::new();
    for y in 2026..=2029 {
        let ymd = |m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        for (d, n) in [
            (ymd(1, 1), "元日"),
            (nth_monday(y, 1, 2), "成人の日"),
            (ymd(2, 11), "建国記念の日"),
            (ymd(2, 23), "天皇誕生日"),
            (ymd(4, 29), "昭和の日"),
            (ymd(5, 3), "憲法記念日"),
            (ymd(5, 4), "みどりの日"),
            (ymd(5, 5), "こどもの日"),
            (nth_monday(y, 7, 3), "海の日"),
            (ymd(8, 11), "山の日"),
            (nth_monday(y, 9, 3), "敬老の日"),
            (nth_monday(y, 10, 2), "スポーツの日"),
            (ymd(11, 3), "文化の日"),
            (ymd(11, 23), "勤労感謝の日"),
        ] {
            named.insert(d, n.to_string());
        }
    }
    for (d, n) in EQUINOXES {
        named.insert(date(d), n.to_string());
    }
    let mut all = named.clone();
    let one = Duration::days(1);
    for d in named.keys() {
        // 国民の休日: a day between two holidays.
        let next = *d + one;
        if !named.contains_key(&next) && named.contains_key(&(next + one)) && next.weekday() != Weekday::Sun {
            all.insert(next, "国民の休日".to_string());
        }
        // 振替休日: a Sunday holiday moves to the nearest following non-holiday.
        if d.weekday() == Weekday::Sun {
            let mut x = *d + one;
            while named.contains_key(&x) {
                x += one;
            }
            all.insert(x, "振替休日".to_string());
        }
    }
    let (lo, hi) = (date("2026-04-01"), date("2029-03-31"));
    all.retain(|d, _| (lo..=hi).contains(d));
    all
}

fn fiscal_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 { d.year() } else { d.year() - 1 }
}

#[test]
fn holidays_are_exactly_the_law_s_for_the_plan_period() {
    let d = seed();
    let got: BTreeMap<NaiveDate, String> = d
        .holidays
        .iter()
        .map(|h| (date(&h.date), h.name.clone()))
        .collect();
    assert_eq!(got.len(), d.holidays.len(), "no date twice");
    assert_eq!(got, expected_holidays());
}

#[test]
fn holidays_stay_in_the_plan_period_and_in_order() {
    let d = seed();
    let (lo, hi) = (date("2026-04-01"), date("2029-03-31"));
    let dates: Vec<NaiveDate> = d.holidays.iter().map(|h| date(&h.date)).collect();
    for x in &dates {
        assert!((lo..=hi).contains(x), "{x} is outside 2026-04-01..2029-03-31");
    }
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "holidays are listed in date order");
}

#[test]
fn holiday_counts_per_fiscal_year_are_plausible() {
    let d = seed();
    let mut per_fy: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    for h in &d.holidays {
        let e = per_fy.entry(fiscal_year(date(&h.date))).or_default();
        e.0 += 1;
        if h.name != "振替休日" && h.name != "国民の休日" {
            e.1 += 1;
        }
    }
    // 16 named holidays every fiscal year, plus substitutes and 国民の休日.
    let counts: Vec<(i32, usize, usize)> = per_fy.iter().map(|(y, (a, n))| (*y, *a, *n)).collect();
    assert_eq!(counts, [(2026, 19, 16), (2027, 16, 16), (2028, 17, 16)]);
    let names: BTreeSet<&str> = d.holidays.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        names.len(),
        18,
        "16 named holidays, 振替休日 and 国民の休日: {names:?}"
    );
}

#[test]
fn known_substitute_days_and_national_rest_day() {
    let d = seed();
    let name = |s: &str| d.holidays.iter().find(|h| h.date == s).map(|h| h.name.as_str());
    // 2026-05-03 (憲法記念日) is a Sunday; 5/4 and 5/5 are holidays: 5/6 is off.
    assert_eq!(date("2026-05-03").weekday(), Weekday::Sun);
    assert_eq!(name("2026-05-06"), Some("振替休日"));
    // 敬老の日 2026-09-21 (Mon), 秋分の日 9/23 (Wed): 9/22 is 国民の休日.
    assert_eq!(name("2026-09-21"), Some("敬老の日"));
    assert_eq!(name("2026-09-22"), Some("国民の休日"));
    assert_eq!(name("2026-09-23"), Some("秋分の日"));
    // 春分の日 2027-03-21 is a Sunday: 3/22 is off.
    assert_eq!(date("2027-03-21").weekday(), Weekday::Sun);
    assert_eq!(name("2027-03-22"), Some("振替休日"));
    // 建国記念の日 2029-02-11 is a Sunday: 2/12 is off.
    assert_eq!(date("2029-02-11").weekday(), Weekday::Sun);
    assert_eq!(name("2029-02-12"), Some("振替休日"));
    // A Saturday holiday gives no substitute.
    assert_eq!(name("2028-01-01"), Some("元日"));
    assert_eq!(name("2028-01-03"), None);
    // The only substitutes and 国民の休日 of the period.
    let extra: Vec<&str> = d
        .holidays
        .iter()
        .filter(|h| h.name == "振替休日" || h.name == "国民の休日")
        .map(|h| h.date.as_str())
        .collect();
    assert_eq!(extra, ["2026-05-06", "2026-09-22", "2027-03-22", "2029-02-12"]);
    for x in &extra {
        let wd = date(x).weekday();
        assert!(wd != Weekday::Sat && wd != Weekday::Sun, "{x} falls on a weekday");
    }
}

#[test]
fn year_end_closure() {
    let d = seed();
    let c = d.closure.expect("[closure] in calendar.toml");
    assert_eq!((c.from.as_str(), c.to.as_str()), ("12-29", "01-03"));
    assert!(c.name.contains("年末年始"));
}
