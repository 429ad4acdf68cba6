//! Sites list their own sections and roles; program details show each site's role;
//! source pointers name the plan's row (issue 14, point 7).

use crate::common;
use common::{render, screen};

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tsunagu::domain::Directory;
use tsunagu::i18n::Lang;
use tsunagu::tui::app::{App, Env};
use tsunagu::tui::keymap::Keymap;

fn dir() -> Directory {
    tsunagu::seed::load_embedded().unwrap().directory
}

fn section_names(d: &Directory, site: &str) -> Vec<String> {
    let s = d.site(site).unwrap();
    d.site_sections(s).iter().map(|x| x.name.clone()).collect()
}

#[test]
fn a_site_lists_each_section_once_and_its_own_where_the_plan_ties_it() {
    let d = dir();
    // あけぼの: 地域子育て支援拠点事業 (こども支援課, 青少年課) and 利用者支援事業
    // (こども支援課, 地域保健課): こども支援課 once.
    assert_eq!(
        section_names(&d, "kosodate_center_akebono"),
        ["こども支援課", "青少年課", "地域保健課"]
    );
    // 民生委員・児童委員: 福祉総務課 once.
    let minsei = d.sites.iter().find(|s| s.name == "民生委員・児童委員").unwrap();
    let names: Vec<&str> = d.site_sections(minsei).iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["福祉総務課"]);
    // The site that is 地域保健課 (健康福祉センター内), and こども家庭センター (こども支援課).
    assert_eq!(
        section_names(&d, "chiiki_hoken_kenkou_fukushi_center"),
        ["地域保健課"]
    );
    assert_eq!(section_names(&d, "kodomo_katei_center_office"), ["こども支援課"]);
    for s in &d.sites {
        let names = d.site_sections(s);
        assert!(!names.is_empty(), "{} has a section", s.id);
        let mut ids: Vec<&str> = names.iter().map(|x| x.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), names.len(), "{}: sections listed once", s.id);
    }
}

#[test]
fn roles_belong_to_their_program_row() {
    let d = dir();
    let center = d.site("kodomo_katei_center_office").unwrap();
    assert_eq!(
        d.site_roles_in(center, "riyousha_shien"),
        ["基本型", "こども家庭センター型"]
    );
    assert!(d.site_roles_in(center, "kodomo_katei_center").is_empty());
    let houkatsu = d.site("houkatsu_fujisawa").unwrap();
    assert_eq!(d.site_roles_in(houkatsu, "seikatsu_shien_taisei"), ["第2層"]);
    assert!(d.site_roles_in(houkatsu, "chiiki_houkatsu").is_empty());
    let shakyo = d.site("shakyo").unwrap();
    assert_eq!(d.site_roles_in(shakyo, "seikatsu_shien_taisei"), ["第1層"]);
    assert_eq!(d.site_roles_in(shakyo, "kinrin_sasaeai"), ["団体支援"]);
    // 利用者支援事業: 基本型 6, こども家庭センター型 2, 妊婦等包括相談支援事業型 1 (3(1)).
    let count = |role: &str| {
        d.sites_of_program("riyousha_shien")
            .filter(|s| d.site_roles_in(s, "riyousha_shien").contains(&role))
            .count()
    };
    assert_eq!(
        (
            count("基本型"),
            count("こども家庭センター型"),
            count("妊婦等包括相談支援事業型")
        ),
        (6, 2, 1)
    );
}

#[test]
fn source_pointers_name_the_row() {
    let d = dir();
    let p = d.program("chiiki_houkatsu").unwrap();
    assert_eq!(Directory::program_row(p), "3(1) ◆地域包括支援センターの運営");
    let akebono = d.site("kosodate_center_akebono").unwrap();
    assert_eq!(
        d.site_rows(akebono),
        ["3(2) ◆地域子育て支援拠点事業", "3(1) ◆利用者支援事業"]
    );
    // Every rule cites the plan by section and row.
    for r in &d.rules {
        assert!(r.source.contains("◆"), "rule {} cites a row: {}", r.id, r.source);
    }
}

fn app() -> App {
    let env = Env::new(dir(), Keymap::default_map(), Lang::Ja, "総合相談支援室".into());
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(14, 5, 0)
        .unwrap();
    App::new(env, now)
}

#[test]
fn the_detail_pane_shows_roles_sections_and_rows() {
    let mut a = app();
    for c in "あけぼの".chars() {
        a.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let s = screen(&render(&mut a, 80, 24));
    assert!(s.contains("利用者支援事業 [基本型]"), "{s}");
    assert!(s.contains("こども支援課、青少年課、地域保健課"), "{s}");
    assert!(
        s.contains("3(2) ＊地域子育て支援拠点事業, 3(1) ＊利用者支援事業"),
        "{s}"
    );
}
