//! The detail pane: everything the seed knows of one entry, as labelled, wrapped lines.

use crate::calendar::{self, CityCalendar};
use crate::domain::{ConsentRule, Directory, Program, Status};
use crate::i18n::Label as _;
use crate::i18n::{self, Lang, Msg};
use crate::search::{EntryKind, Hit};
use crate::text;
use chrono::NaiveDate;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// How many next session dates to show per scheduled desk.
const NEXT_DATES: usize = 3;

struct Builder {
    lines: Vec<Line<'static>>,
    width: usize,
    label_w: usize,
    lang: Lang,
}

impl Builder {
    fn title(&mut self, s: &str) {
        for l in text::wrap(&text::display(s), self.width) {
            self.lines.push(Line::from(Span::styled(
                l,
                Style::default().add_modifier(Modifier::BOLD),
            )));
        }
    }

    fn plain(&mut self, s: &str) {
        for l in text::wrap(&text::display(s), self.width) {
            self.lines.push(Line::from(l));
        }
    }

    /// A labelled field; the value wraps under itself.
    fn field(&mut self, label: Msg, value: &str) {
        let label = text::fit(label.text(self.lang), self.label_w);
        let room = self.width.saturating_sub(self.label_w + 1).max(4);
        for (i, l) in text::wrap(&text::display(value), room).into_iter().enumerate() {
            let head = if i == 0 {
                label.clone()
            } else {
                " ".repeat(self.label_w)
            };
            self.lines.push(Line::from(format!("{head} {l}")));
        }
    }

    fn opt(&mut self, label: Msg, value: Option<&str>) {
        match value {
            Some(v) if !v.trim().is_empty() => self.field(label, v),
            _ => self.field(label, Msg::Unknown.text(self.lang)),
        }
    }

    /// Phone, hours and address: what the city added, else (計画に記載なし).
    fn contact(&mut self, phone: Option<&str>, hours: Option<&str>, address: Option<&str>) {
        self.opt(Msg::FieldPhone, phone);
        self.opt(Msg::FieldHours, hours);
        self.opt(Msg::FieldAddress, address);
    }

    fn list(&mut self, label: Msg, values: &[String]) {
        for (i, v) in values.iter().enumerate() {
            if i == 0 {
                self.field(label, v);
            } else {
                let room = self.width.saturating_sub(self.label_w + 1).max(4);
                for l in text::wrap(&text::display(v), room) {
                    self.lines
                        .push(Line::from(format!("{} {l}", " ".repeat(self.label_w))));
                }
            }
        }
    }
}

fn source(lang: Lang, s: &str) -> String {
    format!("{} {s}", Msg::PlanSource.text(lang))
}

fn date_label(lang: Lang, d: NaiveDate) -> String {
    i18n::day_label(d, lang)
}

/// Next session dates of a program's scheduled desks, one line per desk, within the
/// years the seed's holiday calendar covers (beyond them a date may be a holiday the
/// seed does not know yet: the line says so instead).
pub fn next_sessions(dir: &Directory, program: &Program, today: NaiveDate, lang: Lang) -> Vec<String> {
    let cal = CityCalendar::from_directory(dir);
    dir.schedules_of_program(&program.id)
        .map(|s| {
            let (dates, cut) = calendar::next_dates_covered(s, today, NEXT_DATES, &cal);
            let dates: Vec<String> = dates.into_iter().map(|d| date_label(lang, d)).collect();
            let mut line = format!("{}: {}", s.label, dates.join(" "));
            if s.reservation_required && !dates.is_empty() {
                line.push_str(&format!(" ({})", Msg::Reservation.text(lang)));
            }
            if cut {
                if !dates.is_empty() {
                    line.push(' ');
                }
                line.push_str(&format!("({})", Msg::CalendarNotYet.text(lang)));
            }
            line
        })
        .collect()
}

fn section_names(dir: &Directory, ids: &[String]) -> String {
    ids.iter()
        .filter_map(|id| dir.section(id))
        .map(|s| match &s.note {
            Some(n) => format!("{} ({n})", s.name),
            None => s.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Lines for the detail pane of one hit, `width` cells wide.
pub fn detail_lines(
    dir: &Directory,
    hit: &Hit,
    width: usize,
    today: NaiveDate,
    lang: Lang,
) -> Vec<Line<'static>> {
    // The label column's width, a layout measure rather than text: the Japanese field
    // names are narrower than the English ones.
    let label_w = match lang {
        Lang::Ja => 6,
        Lang::En => 9,
    };
    let mut b = Builder {
        lines: Vec::new(),
        width: width.max(12),
        label_w,
        lang,
    };
    // A hit not in this directory (one changed under the index) shows an empty pane.
    match hit.kind {
        EntryKind::Program => {
            let Some(p) = dir.programs.get(hit.idx) else {
                return b.lines;
            };
            b.title(&p.service);
            if p.service != p.name {
                b.plain(&format!("({})", p.name));
            }
            let status = match p.status {
                Status::Existing => Msg::StatusExisting,
                Status::New => Msg::StatusNew,
            };
            let group = p.group.label(lang);
            b.field(Msg::FieldGroup, &format!("{group} / {}", status.text(lang)));
            b.field(Msg::FieldSections, &section_names(dir, &p.sections));
            if !p.related_sections.is_empty() {
                b.field(Msg::FieldRelated, &section_names(dir, &p.related_sections));
            }
            b.opt(Msg::FieldTarget, p.target.as_deref());
            b.opt(Msg::FieldMode, p.mode.as_deref());
            b.opt(Msg::FieldArea, p.area.as_deref());
            let sites: Vec<String> = dir
                .sites_of_program(&p.id)
                .map(|s| {
                    let mut line = match &s.location {
                        // 地域保健課 (健康福祉センター内) already says where it is.
                        Some(loc) if !s.name.contains(loc.as_str()) => format!("{} ({loc})", s.name),
                        _ => s.name.clone(),
                    };
                    // The site's role in this program (基本型, 第2層, ...).
                    let roles = dir.site_roles_in(s, &p.id);
                    if !roles.is_empty() {
                        line.push_str(&format!(" [{}]", roles.join("・")));
                    }
                    line
                })
                .collect();
            if sites.is_empty() {
                b.opt(Msg::FieldSites, p.sites_summary.as_deref());
            } else {
                b.list(Msg::FieldSites, &sites);
            }
            let next = next_sessions(dir, p, today, lang);
            if !next.is_empty() {
                b.list(Msg::FieldNextDates, &next);
            }
            b.opt(Msg::FieldDuties, p.duties.as_deref());
            if !p.legal_basis.is_empty() {
                b.list(Msg::FieldLegal, &p.legal_basis);
            }
            b.field(Msg::FieldSource, &source(lang, &Directory::program_row(p)));
        }
        EntryKind::Site => {
            let Some(s) = dir.sites.get(hit.idx) else {
                return b.lines;
            };
            b.title(&s.name);
            // Each program with the site's role in it (基本型 in 利用者支援事業, ...).
            let programs: Vec<String> = s
                .programs
                .iter()
                .filter_map(|id| dir.program(id))
                .map(|p| {
                    let roles = dir.site_roles_in(s, &p.id);
                    if roles.is_empty() {
                        p.service.clone()
                    } else {
                        format!("{} [{}]", p.service, roles.join("・"))
                    }
                })
                .collect();
            b.list(Msg::FieldPrograms, &programs);
            // The site's own sections, each once.
            let ids: Vec<String> = dir.site_sections(s).iter().map(|x| x.id.clone()).collect();
            b.field(Msg::FieldSections, &section_names(dir, &ids));
            b.opt(Msg::FieldLocation, s.location.as_deref());
            if let Some(a) = &s.area {
                b.field(Msg::FieldArea, a);
            }
            if let Some(sc) = &s.school {
                b.field(Msg::FieldSchool, sc);
            }
            if let Some(n) = &s.note {
                b.field(Msg::FieldNote, n);
            }
            b.contact(s.phone.as_deref(), s.hours.as_deref(), s.address.as_deref());
            let rows = dir.site_rows(s);
            let rows = if rows.is_empty() {
                s.source.clone()
            } else {
                rows.join(", ")
            };
            b.field(Msg::FieldSource, &source(lang, &rows));
        }
        EntryKind::Section => {
            let Some(s) = dir.sections.get(hit.idx) else {
                return b.lines;
            };
            b.title(&s.name);
            if let Some(n) = &s.note {
                b.field(Msg::FieldNote, n);
            }
            let own: Vec<String> = dir
                .programs_of_section(&s.id)
                .map(|p| p.service.clone())
                .collect();
            b.list(Msg::FieldPrograms, &own);
            let related: Vec<String> = dir
                .programs
                .iter()
                .filter(|p| p.related_sections.contains(&s.id))
                .map(|p| p.service.clone())
                .collect();
            if !related.is_empty() {
                b.list(Msg::FieldRelated, &related);
            }
            b.contact(s.phone.as_deref(), s.hours.as_deref(), s.address.as_deref());
            b.field(Msg::FieldSource, &source(lang, &s.source));
        }
        EntryKind::Meeting => {
            let Some(m) = dir.meetings.get(hit.idx) else {
                return b.lines;
            };
            b.title(&m.name);
            if m.confidential {
                b.field(Msg::FieldNote, Msg::Confidential.text(lang));
            }
            let consent = match (m.consent, lang) {
                (ConsentRule::ConsentGiven, Lang::Ja) => "本人同意を得たケース",
                (ConsentRule::ConsentGiven, Lang::En) => "cases with the person's consent",
                (ConsentRule::WithoutConsent, Lang::Ja) => "本人同意が得られないケース",
                (ConsentRule::WithoutConsent, Lang::En) => "cases without consent",
            };
            b.field(Msg::FieldTarget, consent);
            if !m.legal_basis.is_empty() {
                b.list(Msg::FieldLegal, &m.legal_basis);
            }
            b.field(Msg::FieldPurpose, &m.purpose);
            if !m.roles.is_empty() {
                b.list(Msg::FieldRoles, &m.roles);
            }
            b.field(Msg::FieldFrequency, &m.frequency);
            b.field(Msg::FieldMembers, &m.members);
            b.field(
                Msg::FieldSource,
                &source(lang, &format!("{} {}", m.source, m.name)),
            );
        }
    }
    b.lines
}
