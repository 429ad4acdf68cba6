//! The printable referral slip (つなぐシート) of a case, for the receiving section:
//! printed by `tsunagu slip` and shown by the 案件 tab (p). Plain UTF-8, at most 80 cells a line, no box-drawing or other
//! ambiguous-width characters (DESIGN.md risk 5): rules are `=` and `-`.
//!
//! The person's name, kana, phone and address are printed only when consent to share is
//! given; otherwise one line says they are withheld. A restricted (秘匿) case says so on
//! its first line.

use crate::domain::{Case, Consent, Directory, Handoff, Person, date_of};
use crate::i18n::Label as _;
use crate::i18n::Lang;
use crate::text::{display, fit, width, wrap};

/// Width of the slip in cells.
pub const WIDTH: usize = 80;
/// Width of the label column.
const LABEL: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlipError {
    #[error("case {case} has no hand-off {seq}")]
    NoSuchHandoff { case: String, seq: u32 },
    #[error("hand-off {handoff_case}#{seq} does not belong to case {case}")]
    OtherCase {
        case: String,
        handoff_case: String,
        seq: u32,
    },
}

crate::i18n::catalogue! {
    /// The slip's fixed words, Japanese and English.
    enum Word {
        Title => ("つなぐシート", "つなぐシート (referral slip)"),
        Restricted => (
            "秘匿  この案件は閲覧が制限されています。取扱いに注意してください。",
            "秘匿 RESTRICTED  Access to this case is limited. Handle with care."
        ),
        CaseNumber => ("案件番号", "Case"),
        Received => ("受付日", "Received"),
        Desk => ("受付窓口", "Desk"),
        Consent => ("本人同意", "Consent"),
        Handoff => ("つなぎ先", "Referral to"),
        NoHandoffs => ("つなぎ先はまだありません", "No referrals yet"),
        Program => ("事業", "Program"),
        Service => ("サービス", "Service"),
        Site => ("実施場所", "Site"),
        Status => ("状態", "Status"),
        Requested => ("依頼日", "Requested"),
        From => ("依頼元", "From"),
        Reasons => ("つなぐ理由", "Reasons"),
        Needs => ("本人が必要としていること", "What the person needs"),
        Consultations => ("相談記録 (その後の相談)", "Later consultations"),
        HandoffNote => ("連絡事項", "Note for the section"),
        Household => ("世帯", "Household"),
        NoHousehold => ("記録なし", "not recorded"),
        Age => ("歳", ""),
        AgeUnknown => ("年齢不明", "age unknown"),
        Personal => ("本人情報", "Personal details"),
        Name => ("氏名", "Name"),
        Kana => ("ふりがな", "Kana"),
        Phone => ("電話", "Phone"),
        Address => ("住所", "Address"),
        NotRecorded => ("未記入", "not recorded"),
        Withheld => (
            "本人同意がないため個人情報は記載しません",
            "Personal details are withheld: the person has not consented to sharing."
        ),
        WithheldUnknown => (
            "本人同意が未確認のため個人情報は記載しません",
            "Personal details are withheld: consent has not been confirmed yet."
        ),
        ListSep => ("、", ", "),
    }
}

/// Lines of at most [`WIDTH`] cells.
struct Page {
    lines: Vec<String>,
}

impl Page {
    fn rule(&mut self, c: char) {
        self.lines.push(std::iter::repeat_n(c, WIDTH).collect());
    }

    fn blank(&mut self) {
        self.lines.push(String::new());
    }

    /// Text wrapped to the page after `indent` spaces (first line: `first` instead).
    fn text(&mut self, first: &str, indent: usize, text: &str) {
        let mut prefix = first.to_string();
        for para in text.split('\n') {
            for line in wrap(&display(para), WIDTH - indent) {
                self.lines.push(format!("{prefix}{line}").trim_end().to_string());
                prefix = " ".repeat(indent);
            }
        }
    }

    /// `label  value`, the value wrapped under itself.
    fn field(&mut self, label: &str, value: &str) {
        let label = display(label);
        if width(&label) < LABEL {
            self.text(&fit(&label, LABEL), LABEL, value);
        } else {
            self.text("", 0, &label);
            self.text(&" ".repeat(LABEL), LABEL, value);
        }
    }

    fn heading(&mut self, text: &str) {
        self.text("", 0, text);
    }

    fn bullet(&mut self, text: &str) {
        self.text("- ", 2, text);
    }

    fn finish(self) -> String {
        let mut out = self.lines.join("\n");
        out.push('\n');
        out
    }
}

fn date_part(rfc3339: &str) -> String {
    date_of(rfc3339)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| rfc3339.to_string())
}

fn section_name(dir: &Directory, id: &str) -> String {
    dir.section(id).map_or_else(|| id.to_string(), |s| s.name.clone())
}

fn person_line(dir: &Directory, p: &Person, lang: Lang) -> String {
    let relation = p.relation.label(lang);
    let age = match (p.age, lang) {
        (Some(a), Lang::Ja) => format!("{a}{}", Word::Age.text(lang)),
        (Some(a), Lang::En) => format!("age {a}"),
        (None, _) => Word::AgeUnknown.text(lang).to_string(),
    };
    let concerns: Vec<&str> = p
        .concerns
        .iter()
        .map(|id| dir.concern(id).map_or(id.as_str(), |c| c.label.as_str()))
        .collect();
    if concerns.is_empty() {
        format!("{relation} {age}")
    } else {
        format!("{relation} {age}: {}", concerns.join(Word::ListSep.text(lang)))
    }
}

fn handoff_block(page: &mut Page, dir: &Directory, h: &Handoff, lang: Lang) {
    page.heading(&format!(
        "{} {}: {}",
        Word::Handoff.text(lang),
        h.seq,
        section_name(dir, &h.section)
    ));
    match dir.program(&h.program) {
        Some(p) => {
            page.field(Word::Program.text(lang), &p.name);
            if p.service != p.name {
                page.field(Word::Service.text(lang), &p.service);
            }
        }
        None => page.field(Word::Program.text(lang), &h.program),
    }
    if let Some(site) = &h.site {
        let name = dir.site(site).map_or(site.as_str(), |s| s.name.as_str());
        page.field(Word::Site.text(lang), name);
    }
    let status = h.status.label(lang);
    page.field(Word::Status.text(lang), status);
    page.field(Word::Requested.text(lang), &date_part(&h.requested_at));
    page.field(Word::From.text(lang), &h.from_desk);
    if !h.reasons.is_empty() {
        page.heading(Word::Reasons.text(lang));
        for r in &h.reasons {
            page.bullet(r);
        }
    }
    if !h.note.trim().is_empty() {
        // The desk's note for the section (the hand-off's own words).
        page.heading(Word::HandoffNote.text(lang));
        page.text("  ", 2, h.note.trim());
    }
}

/// The slip of `case` with its hand-offs (all, or only the one with seq `only`).
pub fn render(
    dir: &Directory,
    case: &Case,
    handoffs: &[Handoff],
    only: Option<u32>,
    lang: Lang,
) -> Result<String, SlipError> {
    if let Some(h) = handoffs.iter().find(|h| h.case != case.number) {
        return Err(SlipError::OtherCase {
            case: case.number.clone(),
            handoff_case: h.case.clone(),
            seq: h.seq,
        });
    }
    let chosen: Vec<&Handoff> = match only {
        None => handoffs.iter().collect(),
        Some(seq) => {
            let h = handoffs
                .iter()
                .find(|h| h.seq == seq)
                .ok_or_else(|| SlipError::NoSuchHandoff {
                    case: case.number.clone(),
                    seq,
                })?;
            vec![h]
        }
    };

    let mut page = Page { lines: Vec::new() };
    if case.restricted {
        page.heading(Word::Restricted.text(lang));
    }
    page.heading(Word::Title.text(lang));
    page.rule('=');
    page.field(Word::CaseNumber.text(lang), &case.number);
    page.field(Word::Received.text(lang), &date_part(&case.received_at));
    page.field(Word::Desk.text(lang), &case.desk);

    page.rule('-');
    if chosen.is_empty() {
        page.heading(Word::NoHandoffs.text(lang));
    }
    for (i, h) in chosen.iter().enumerate() {
        if i > 0 {
            page.blank();
        }
        handoff_block(&mut page, dir, h, lang);
    }

    page.rule('-');
    let consent = case.intake.consent;
    let consent_label = consent.label(lang);
    page.field(Word::Consent.text(lang), consent_label);
    page.heading(Word::Household.text(lang));
    if case.intake.people.is_empty() {
        page.bullet(Word::NoHousehold.text(lang));
    }
    for p in &case.intake.people {
        page.bullet(&person_line(dir, p, lang));
    }
    // 相談内容: what the person said they need, as the intake recorded it.
    if let Some(note) = case
        .intake
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        page.heading(Word::Needs.text(lang));
        page.text("  ", 2, note);
    }
    // 相談記録: the later consultations added to the case, oldest first.
    if !case.consultations.is_empty() {
        page.heading(Word::Consultations.text(lang));
        for c in &case.consultations {
            let concerns: Vec<&str> = c
                .concerns
                .iter()
                .map(|id| dir.concern(id).map_or(id.as_str(), |c| c.label.as_str()))
                .collect();
            let mut line = format!("{} {} {}", date_part(&c.at), c.channel.label(lang), c.desk);
            if !concerns.is_empty() {
                line.push_str(&format!(": {}", concerns.join(Word::ListSep.text(lang))));
            }
            page.bullet(&line);
            if let Some(n) = c.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                page.text("    ", 4, n);
            }
        }
    }

    page.rule('-');
    page.heading(Word::Personal.text(lang));
    if consent == Consent::Given {
        let p = &case.personal;
        let none = Word::NotRecorded.text(lang);
        for (word, value) in [
            (Word::Name, &p.name),
            (Word::Kana, &p.kana),
            (Word::Phone, &p.phone),
            (Word::Address, &p.address),
        ] {
            let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty());
            page.field(word.text(lang), value.unwrap_or(none));
        }
    } else if consent == Consent::Unknown {
        // 未確認 is not 同意なし: nobody has asked yet.
        page.text("", 0, Word::WithheldUnknown.text(lang));
    } else {
        page.text("", 0, Word::Withheld.text(lang));
    }
    page.rule('=');
    Ok(page.finish())
}

pub mod print;

#[cfg(test)]
mod tests;
