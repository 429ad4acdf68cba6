//! Which site of a recommended program: the one site, the district's, the school's.

use crate::domain::{Directory, Intake, Recommend, SitePick};

fn normalize_school(s: &str) -> String {
    let s = s.trim().replace("中学校", "中");
    s.trim_end_matches("学校").to_string()
}

pub struct SiteChoice {
    pub id: Option<String>,
    pub candidates: Vec<String>,
    pub note: Option<String>,
}

pub fn pick_site(dir: &Directory, rec: &Recommend, intake: &Intake) -> SiteChoice {
    let of_program = |id: &String| dir.site(id).is_some_and(|s| s.programs.contains(&rec.program));
    match rec.site {
        SitePick::None => SiteChoice {
            id: None,
            candidates: vec![],
            note: None,
        },
        SitePick::Only => {
            let mut sites = dir.sites_of_program(&rec.program);
            let only = match (sites.next(), sites.next()) {
                (Some(s), None) => Some(s.id.clone()),
                _ => None,
            };
            SiteChoice {
                id: only,
                candidates: vec![],
                note: None,
            }
        }
        SitePick::District => match intake.district.as_deref().and_then(|d| dir.find_district(d)) {
            None => SiteChoice {
                id: None,
                candidates: vec![],
                note: Some("地区 (福祉圏域) を入力すると担当の機関を表示します".into()),
            },
            Some(d) => {
                let sure: Vec<&String> = d.sites.iter().filter(|s| of_program(s)).collect();
                if let Some(id) = sure.first() {
                    SiteChoice {
                        id: Some((*id).clone()),
                        candidates: vec![],
                        note: None,
                    }
                } else {
                    let cands: Vec<String> = d
                        .candidate_sites
                        .iter()
                        .filter(|s| of_program(s))
                        .cloned()
                        .collect();
                    let note = (!cands.is_empty())
                        .then(|| format!("{}の担当は計画に地図がないため住所で確認", d.name));
                    SiteChoice {
                        id: None,
                        candidates: cands,
                        note,
                    }
                }
            }
        },
        SitePick::School => match intake.school.as_deref().filter(|s| !s.trim().is_empty()) {
            None => SiteChoice {
                id: None,
                candidates: vec![],
                note: Some("学校名を入力すると さわやか相談室 を表示します".into()),
            },
            Some(school) => {
                let want = normalize_school(school);
                let site = dir
                    .sites_of_program(&rec.program)
                    .find(|s| s.school.as_deref().map(normalize_school).as_deref() == Some(want.as_str()));
                match site {
                    Some(s) => SiteChoice {
                        id: Some(s.id.clone()),
                        candidates: vec![],
                        note: None,
                    },
                    None => SiteChoice {
                        id: None,
                        candidates: vec![],
                        note: Some(format!(
                            "{school}: 計画の さわやか相談室 (市内中学校10校) にない学校"
                        )),
                    },
                }
            }
        },
    }
}
