//! The city's support system as the plan describes it: programs, sites, sections,
//! meetings, scheduled desks and targets. Plain data, no I/O.
//!
//! These types are read from the seed TOML (with unknown fields rejected) and stored in
//! the replica through the codec, so they avoid serde attributes bincode cannot
//! round-trip (no flatten, untagged, internally tagged enums or skip_serializing_if).

use serde::{Deserialize, Serialize};

/// The three groups of programs in section 3 of the plan.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// 3(1) 包括的な相談支援事業
    Consultation,
    /// 3(2) 地域づくりに向けた支援事業
    Community,
    /// 3(3) 新規事業
    New,
}

impl Group {
    pub fn label_ja(self) -> &'static str {
        match self {
            Group::Consultation => "包括的な相談支援事業",
            Group::Community => "地域づくりに向けた支援事業",
            Group::New => "新規事業",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Group::Consultation => "Comprehensive consultation",
            Group::Community => "Community building",
            Group::New => "New programs",
        }
    }
}

/// Whether the plan lists the program as 既存事業 or 新規事業.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Existing,
    New,
}

/// Who a program is for, in a form the referral rules can test. The plan's own words stay
/// in `Program::target`; this holds only what the plan states.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    #[serde(default)]
    pub min_age: Option<u8>,
    #[serde(default)]
    pub max_age: Option<u8>,
    /// The plan says 概ね (approximately): an age outside the range is still referred,
    /// with a note.
    #[serde(default)]
    pub approximate: bool,
    #[serde(default)]
    pub categories: Vec<Category>,
    /// The person must live in the city (市内に居住する人, 市内居住).
    #[serde(default)]
    pub residents_only: bool,
}

/// Groups of people the plan names as targets.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Elderly,
    Family,
    Disability,
    MentalDisability,
    Pregnancy,
    Infant,
    Child,
    ChildRaisingHousehold,
    Student,
    Guardian,
    SchoolStaff,
    Hikikomori,
    Poverty,
    DvVictim,
    Woman,
    ForeignNational,
    ComplexNeeds,
    NotSeekingHelp,
    Anyone,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub name: String,
    pub reading: String,
    /// Where the plan qualifies the section, e.g. 学校教育課 (教育センター).
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Contact details the city may add (the plan gives none): shown when present,
    /// as (計画に記載なし) when absent.
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub hours: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    pub source: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Program {
    pub id: String,
    /// The U+25C6 (black diamond) heading.
    pub name: String,
    pub reading: String,
    /// The U+25CF (black circle) line.
    pub service: String,
    pub service_reading: String,
    pub group: Group,
    #[serde(default)]
    pub legal_basis: Vec<String>,
    /// Owning sections (所管課), by section id.
    pub sections: Vec<String>,
    /// Sections the plan lists in parentheses as cooperating.
    #[serde(default)]
    pub related_sections: Vec<String>,
    /// 支援対象者 in the plan's words.
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub eligibility: Option<Eligibility>,
    /// 実施方式 in the plan's words.
    #[serde(default)]
    pub mode: Option<String>,
    /// 圏域 in the plan's words.
    #[serde(default)]
    pub area: Option<String>,
    /// 支援機関 as the plan summarises it (the named ones are sites).
    #[serde(default)]
    pub sites_summary: Option<String>,
    /// 業務内容.
    #[serde(default)]
    pub duties: Option<String>,
    pub status: Status,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Where in the plan this comes from, e.g. "3(1)".
    pub source: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub reading: String,
    /// Programs this site serves, by program id.
    pub programs: Vec<String>,
    /// Type or role within a program where the plan gives one (基本型, 第2層, ...).
    #[serde(default)]
    pub roles: Vec<String>,
    /// Which program each role is in (the plan gives roles per program row):
    /// `[{ program = "seikatsu_shien_taisei", role = "第2層" }]`.
    #[serde(default)]
    pub program_roles: Vec<SiteRole>,
    /// The site's own sections, by id, where the plan ties the site to one (a site that
    /// is a section, or the section of the one program it runs). Empty: the sections of
    /// the programs it serves, deduplicated.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Location text exactly as the plan gives it (市役所庁舎内, ...); no street addresses.
    #[serde(default)]
    pub location: Option<String>,
    /// The 福祉圏域 or area name the plan ties the site to, where it does.
    #[serde(default)]
    pub area: Option<String>,
    /// For さわやか相談室: the school.
    #[serde(default)]
    pub school: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Contact details the city may add (the plan gives none): shown when present,
    /// as (計画に記載なし) when absent.
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub hours: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    pub source: String,
}

/// A site's role in one program (基本型 in 利用者支援事業, 第2層 in 生活支援体制整備事業).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SiteRole {
    pub program: String,
    pub role: String,
}

/// Whether a meeting needs the person's consent on record.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ConsentRule {
    /// 重層的支援会議: cases with consent to share information.
    ConsentGiven,
    /// 支援会議: cases without consent; members bound by confidentiality.
    WithoutConsent,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub id: String,
    pub name: String,
    pub reading: String,
    /// The program that holds it (多機関協働事業).
    pub program: String,
    #[serde(default)]
    pub legal_basis: Vec<String>,
    pub consent: ConsentRule,
    /// Members are bound by confidentiality (法第106条の6).
    #[serde(default)]
    pub confidential: bool,
    pub purpose: String,
    #[serde(default)]
    pub roles: Vec<String>,
    pub frequency: String,
    pub members: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub source: String,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn to_chrono(self) -> chrono::Weekday {
        match self {
            Weekday::Mon => chrono::Weekday::Mon,
            Weekday::Tue => chrono::Weekday::Tue,
            Weekday::Wed => chrono::Weekday::Wed,
            Weekday::Thu => chrono::Weekday::Thu,
            Weekday::Fri => chrono::Weekday::Fri,
            Weekday::Sat => chrono::Weekday::Sat,
            Weekday::Sun => chrono::Weekday::Sun,
        }
    }
}

/// A scheduled consultation desk, e.g. the foreign-resident desk in English.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub id: String,
    pub program: String,
    /// ISO 639-1 code.
    pub language: String,
    /// The language as the plan names it (英語, ...).
    pub label: String,
    pub weekday: Weekday,
    /// Which occurrences in the month (1 = first, ...). Empty: every week.
    #[serde(default)]
    pub weeks: Vec<u8>,
    #[serde(default)]
    pub reservation_required: bool,
    pub source: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: String,
    pub program: String,
    pub indicator: String,
    /// Western year in which the fiscal year starts (令和8年度 = 2026).
    pub fiscal_year: i32,
    pub value: u32,
    pub unit: String,
    pub source: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct PlanInfo {
    pub title: String,
    pub published: String,
    pub city: String,
    /// First and last fiscal year of the plan period (western year the FY starts in).
    pub period_start: i32,
    pub period_end: i32,
    pub source: String,
}

/// The whole directory as validated from a seed (empty by default: what a desk shows
/// until its directory is read).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Directory {
    pub plan: PlanInfo,
    pub sections: Vec<Section>,
    pub programs: Vec<Program>,
    pub sites: Vec<Site>,
    pub meetings: Vec<Meeting>,
    pub schedules: Vec<Schedule>,
    pub targets: Vec<Target>,
    pub domains: Vec<super::Domain>,
    pub concerns: Vec<super::Concern>,
    pub districts: Vec<super::District>,
    pub rules: Vec<super::Rule>,
    pub holidays: Vec<super::Holiday>,
    pub closure: Option<super::Closure>,
    pub desk: super::DeskSettings,
    /// The roster (seed/staff.toml): who may do what with case data.
    pub staff: Vec<super::StaffEntry>,
    /// The city's desk vocabulary (seed/vocabulary.toml; empty when the file is absent).
    #[serde(default)]
    pub vocabulary: Vec<super::VocabEntry>,
    /// Where each program, site and section is, by id (worked out on first use).
    #[serde(skip)]
    pub ids: super::ids::IdIndex,
}

use super::ids::List;

impl Directory {
    pub fn concern(&self, id: &str) -> Option<&super::Concern> {
        self.concerns.iter().find(|c| c.id == id)
    }
    pub fn domain(&self, id: &str) -> Option<&super::Domain> {
        self.domains.iter().find(|d| d.id == id)
    }
    pub fn district(&self, id: &str) -> Option<&super::District> {
        self.districts.iter().find(|d| d.id == id)
    }
    /// A district by id or by name (藤沢 or fujisawa).
    pub fn find_district(&self, key: &str) -> Option<&super::District> {
        let key = key.trim();
        self.districts.iter().find(|d| {
            d.id == key || d.name == key || d.name.trim_end_matches("地区") == key.trim_end_matches("地区")
        })
    }
    /// A member of staff by OS user name.
    pub fn staff_member(&self, user: &str) -> Option<&super::StaffEntry> {
        self.staff.iter().find(|s| s.user == user)
    }
    pub fn section(&self, id: &str) -> Option<&Section> {
        let at = self.ids.position(self, List::Sections, id);
        match at.and_then(|i| self.sections.get(i)) {
            Some(s) if s.id == id => Some(s),
            _ => self.sections.iter().find(|s| s.id == id),
        }
    }
    pub fn program(&self, id: &str) -> Option<&Program> {
        let at = self.ids.position(self, List::Programs, id);
        match at.and_then(|i| self.programs.get(i)) {
            Some(p) if p.id == id => Some(p),
            _ => self.programs.iter().find(|p| p.id == id),
        }
    }
    pub fn site(&self, id: &str) -> Option<&Site> {
        let at = self.ids.position(self, List::Sites, id);
        match at.and_then(|i| self.sites.get(i)) {
            Some(s) if s.id == id => Some(s),
            _ => self.sites.iter().find(|s| s.id == id),
        }
    }
    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.id == id)
    }
    /// Programs a section owns (derived, so the seed states it once).
    pub fn programs_of_section<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Program> {
        self.programs
            .iter()
            .filter(move |p| p.sections.iter().any(|s| s == section))
    }
    pub fn sites_of_program<'a>(&'a self, program: &'a str) -> impl Iterator<Item = &'a Site> {
        self.sites
            .iter()
            .filter(move |s| s.programs.iter().any(|p| p == program))
    }
    pub fn schedules_of_program<'a>(&'a self, program: &'a str) -> impl Iterator<Item = &'a Schedule> {
        self.schedules.iter().filter(move |s| s.program == program)
    }
    /// Does this domain count towards 複合 by the city's setting (desk.toml `[complex]`)?
    pub fn counts_as_complex(&self, domain: &str) -> bool {
        self.desk.complex.domains.iter().any(|d| d == domain) && self.domain(domain).is_some_and(|d| d.counts)
    }
    /// The plan's row of a program: its section and heading marked as the plan marks it
    /// (U+25C6 BLACK DIAMOND, written as an escape: an ambiguous-width character, which
    /// the display mapper takes care of on screen), e.g. "3(1) \u{25C6}地域包括支援センターの運営".
    pub fn program_row(program: &Program) -> String {
        format!("{} \u{25C6}{}", program.source, program.name)
    }
    /// The plan's rows a site is named in (its programs' rows, each once).
    pub fn site_rows(&self, site: &Site) -> Vec<String> {
        let mut rows: Vec<String> = Vec::new();
        for p in site.programs.iter().filter_map(|id| self.program(id)) {
            let row = Self::program_row(p);
            if !rows.contains(&row) {
                rows.push(row);
            }
        }
        rows
    }
    /// A site's own sections where the seed gives them, else the sections of the
    /// programs it serves, each once.
    pub fn site_sections(&self, site: &Site) -> Vec<&Section> {
        let ids: Vec<&String> = if site.sections.is_empty() {
            site.programs
                .iter()
                .filter_map(|id| self.program(id))
                .flat_map(|p| &p.sections)
                .collect()
        } else {
            site.sections.iter().collect()
        };
        let mut out: Vec<&Section> = Vec::new();
        for s in ids.into_iter().filter_map(|id| self.section(id)) {
            if !out.iter().any(|o| o.id == s.id) {
                out.push(s);
            }
        }
        out
    }
    /// The roles a site has in one program (基本型, 第2層, ...).
    pub fn site_roles_in<'a>(&self, site: &'a Site, program: &str) -> Vec<&'a str> {
        site.program_roles
            .iter()
            .filter(|r| r.program == program)
            .map(|r| r.role.as_str())
            .collect()
    }
    /// Section names of a program, owning sections first.
    pub fn section_names(&self, program: &Program) -> Vec<&str> {
        program
            .sections
            .iter()
            .filter_map(|id| self.section(id).map(|s| s.name.as_str()))
            .collect()
    }
}
