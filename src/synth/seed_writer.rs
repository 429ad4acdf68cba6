//! The synthetic seed folder: the real seed with synthetic sections, programs and sites
//! appended, and the directory entries as lines for a line-oriented finder.

use super::Rng;
use super::names::{AREAS, NICKNAMES, QUARTERS};
use super::vocab::{
    AREA_TEXTS, GENERAL_DUTIES, GROUPS, MODES, PROGRAM_KINDS, SECTION_PARTS, SECTION_SUFFIXES, SERVICE_KINDS,
    SITE_KINDS, THEMES,
};
use crate::domain::Directory;
use crate::seed::EMBEDDED;
use std::fmt::Write as _;
use std::path::Path;

/// What `write_seed` wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeedCounts {
    pub sections: usize,
    pub programs: usize,
    pub sites: usize,
    pub meetings: usize,
    pub bytes: u64,
}

impl SeedCounts {
    /// Directory entries the search indexes.
    pub fn entries(&self) -> usize {
        self.sections + self.programs + self.sites + self.meetings
    }
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Write a seed folder holding the real seed plus synthetic sections, programs and sites,
/// `entries` directory entries in all (at least the real seed's). Deterministic in `seed`.
pub fn write_seed(dir: &Path, entries: usize, seed: u64) -> std::io::Result<SeedCounts> {
    let real = crate::seed::load_embedded()
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .directory;
    let real_entries = real.sections.len() + real.programs.len() + real.sites.len() + real.meetings.len();
    let extra = entries.saturating_sub(real_entries);
    let extra_sections = (SECTION_PARTS.len() * SECTION_SUFFIXES.len()).min(extra / 100);
    let extra_programs = (extra - extra_sections) / 5;
    let extra_sites = extra - extra_sections - extra_programs;
    let mut rng = Rng::new(seed);

    std::fs::create_dir_all(dir)?;
    let mut counts = SeedCounts {
        meetings: real.meetings.len(),
        ..Default::default()
    };
    for (name, text) in EMBEDDED {
        let mut text = text.to_string();
        text.push_str("\n# ---- synthetic entries for benchmarks (not the plan) ----\n");
        match *name {
            "sections.toml" => {
                counts.sections = real.sections.len() + extra_sections;
                // Every part with the first suffix, then with the next (extra_sections is
                // at most their product).
                let names = SECTION_SUFFIXES
                    .iter()
                    .flat_map(|suffix| SECTION_PARTS.iter().map(move |part| (part, suffix)));
                for (i, (part, suffix)) in names.take(extra_sections).enumerate() {
                    let _ = write!(
                        text,
                        "\n[[section]]\nid = \"syn_sec_{i:03}\"\nname = {}\nreading = {}\nkeywords = {}\nsource = \"synthetic\"\n",
                        q(&format!("{}{}", part.0, suffix.0)),
                        q(&format!("{}{}", part.1, suffix.1)),
                        list(&[part.0.to_string(), part.1.to_string()]),
                    );
                }
            }
            "programs.toml" => {
                counts.programs = real.programs.len() + extra_programs;
                let sections: Vec<String> = real
                    .sections
                    .iter()
                    .map(|s| s.id.clone())
                    .chain((0..extra_sections).map(|i| format!("syn_sec_{i:03}")))
                    .collect();
                for i in 0..extra_programs {
                    program_toml(&mut text, &mut rng, i, &sections);
                }
            }
            "sites.toml" => {
                counts.sites = real.sites.len() + extra_sites;
                for i in 0..extra_sites {
                    site_toml(&mut text, &mut rng, i, extra_programs, &real);
                }
            }
            _ => {}
        }
        counts.bytes += text.len() as u64;
        std::fs::write(dir.join(name), text)?;
    }
    Ok(counts)
}

fn program_toml(out: &mut String, rng: &mut Rng, i: usize, sections: &[String]) {
    let theme = rng.pick(THEMES);
    let area = *rng.pick(AREAS);
    let kind = *rng.pick(PROGRAM_KINDS);
    let svc = *rng.pick(SERVICE_KINDS);
    let whole_city = rng.chance(30);
    let (place, place_r) = if whole_city {
        ("入間市", "いるまし")
    } else {
        (area.0, area.1)
    };
    let name = format!("{place}{}{}", theme.name.0, kind.0);
    let reading = format!("{place_r}{}{}", theme.name.1, kind.1);
    let service = format!("{place}{}{}", theme.name.0, svc.0);
    let service_reading = format!("{place_r}{}{}", theme.name.1, svc.1);
    let mut secs = vec![rng.pick(sections).clone()];
    if rng.chance(30) {
        let s = rng.pick(sections).clone();
        if !secs.contains(&s) {
            secs.push(s);
        }
    }
    let mut duties: Vec<&str> = theme.duties.to_vec();
    duties.truncate(1 + rng.below(theme.duties.len()));
    duties.push(rng.pick_str(GENERAL_DUTIES));
    let mut keywords: Vec<String> = theme.keywords.iter().map(|k| k.to_string()).collect();
    if !whole_city {
        keywords.push(area.0.to_string());
        keywords.push(area.1.to_string());
    }
    let _ = write!(
        out,
        "\n[[program]]\nid = \"syn_prog_{i:05}\"\nname = {}\nreading = {}\nservice = {}\nservice_reading = {}\n\
         group = {}\nsections = {}\ntarget = {}\nmode = {}\narea = {}\nduties = {}\nstatus = {}\nkeywords = {}\n\
         source = \"synthetic\"\n",
        q(&name),
        q(&reading),
        q(&service),
        q(&service_reading),
        q(rng.pick_str(GROUPS)),
        list(&secs),
        q(&format!(
            "{}{}",
            if whole_city { "" } else { "地区内の" },
            theme.target
        )),
        q(rng.pick_str(MODES)),
        q(if whole_city {
            "市内全域"
        } else {
            rng.pick_str(AREA_TEXTS)
        }),
        q(&duties.join("、")),
        q(if rng.chance(80) { "existing" } else { "new" }),
        list(&keywords),
    );
}

fn site_toml(out: &mut String, rng: &mut Rng, i: usize, programs: usize, real: &Directory) {
    let kind = rng.pick(SITE_KINDS);
    let nick = *rng.pick(NICKNAMES);
    let area = *rng.pick(AREAS);
    let quarter = *rng.pick(QUARTERS);
    let name = format!("{}{} ({}{})", nick.0, kind.name.0, area.0, quarter.0);
    let reading = format!("{}{}{}{}", nick.1, kind.name.1, area.1, quarter.1);
    let mut progs = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let p = if programs == 0 || rng.chance(5) {
            rng.pick(&real.programs).id.clone()
        } else {
            format!("syn_prog_{:05}", rng.below(programs))
        };
        if !progs.contains(&p) {
            progs.push(p);
        }
    }
    let _ = write!(
        out,
        "\n[[site]]\nid = \"syn_site_{i:05}\"\nname = {}\nreading = {}\nprograms = {}\n",
        q(&name),
        q(&reading),
        list(&progs)
    );
    if let Some(role) = kind.role {
        let _ = writeln!(out, "roles = {}", list(&[role.to_string()]));
        // Every role names its program row (sites.toml program_roles).
        if let Some(p) = progs.first() {
            let _ = writeln!(
                out,
                "program_roles = [{{ program = {}, role = {} }}]",
                q(p),
                q(role)
            );
        }
    }
    if let Some(loc) = kind.location {
        let _ = writeln!(out, "location = {}", q(loc));
    }
    let _ = writeln!(out, "area = {}", q(&format!("{}{}", area.0, quarter.0)));
    if rng.chance(15) {
        let _ = writeln!(out, "note = {}", q("開所日は月・水・金。予約制。"));
    }
    let _ = write!(
        out,
        "keywords = {}\nsource = \"synthetic\"\n",
        list(&kind.keywords.iter().map(|k| k.to_string()).collect::<Vec<_>>())
    );
}

/// One line per directory entry (name, reading, keywords), in index order: what a
/// line-oriented finder such as fzf gets to filter.
pub fn entry_lines(dir: &Directory) -> Vec<String> {
    let mut out = Vec::new();
    for p in &dir.programs {
        out.push(format!(
            "{} {} {} {} {}",
            p.service,
            p.name,
            p.service_reading,
            p.reading,
            p.keywords.join(" ")
        ));
    }
    for s in &dir.sites {
        out.push(format!("{} {} {}", s.name, s.reading, s.keywords.join(" ")));
    }
    for s in &dir.sections {
        out.push(format!("{} {} {}", s.name, s.reading, s.keywords.join(" ")));
    }
    for m in &dir.meetings {
        out.push(format!("{} {} {}", m.name, m.reading, m.keywords.join(" ")));
    }
    out
}
