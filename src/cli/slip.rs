//! `tsunagu slip`: the printable referral slip (つなぐシート) of a case, for the receiving
//! section. Plain UTF-8, at most 80 cells a line, no box-drawing or other
//! ambiguous-width characters (DESIGN.md risk 5): rules are `=` and `-`.
//!
//! The person's name, kana, phone and address are printed only when consent to share is
//! given; otherwise one line says they are withheld. A restricted (秘匿) case says so on
//! its first line.

use crate::domain::{Case, Consent, Directory, Handoff, Person, date_of};
use crate::i18n::Lang;
use crate::tui::text::{display, fit, width, wrap};

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

/// The slip's fixed words, Japanese and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    Title,
    Restricted,
    CaseNumber,
    Received,
    Desk,
    Consent,
    Handoff,
    NoHandoffs,
    Program,
    Service,
    Site,
    Status,
    Requested,
    From,
    Reasons,
    Needs,
    Household,
    NoHousehold,
    Age,
    AgeUnknown,
    Personal,
    Name,
    Kana,
    Phone,
    Address,
    NotRecorded,
    Withheld,
    ListSep,
}

impl Word {
    #[cfg(test)]
    const ALL: [Word; 28] = [
        Word::Title,
        Word::Restricted,
        Word::CaseNumber,
        Word::Received,
        Word::Desk,
        Word::Consent,
        Word::Handoff,
        Word::NoHandoffs,
        Word::Program,
        Word::Service,
        Word::Site,
        Word::Status,
        Word::Requested,
        Word::From,
        Word::Reasons,
        Word::Needs,
        Word::Household,
        Word::NoHousehold,
        Word::Age,
        Word::AgeUnknown,
        Word::Personal,
        Word::Name,
        Word::Kana,
        Word::Phone,
        Word::Address,
        Word::NotRecorded,
        Word::Withheld,
        Word::ListSep,
    ];

    fn text(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            Word::Title => ("つなぐシート", "つなぐシート (referral slip)"),
            Word::Restricted => (
                "秘匿  この案件は閲覧が制限されています。取扱いに注意してください。",
                "秘匿 RESTRICTED  Access to this case is limited. Handle with care.",
            ),
            Word::CaseNumber => ("案件番号", "Case"),
            Word::Received => ("受付日", "Received"),
            Word::Desk => ("受付窓口", "Desk"),
            Word::Consent => ("本人同意", "Consent"),
            Word::Handoff => ("つなぎ先", "Referral to"),
            Word::NoHandoffs => ("つなぎ先はまだありません", "No referrals yet"),
            Word::Program => ("事業", "Program"),
            Word::Service => ("サービス", "Service"),
            Word::Site => ("実施場所", "Site"),
            Word::Status => ("状態", "Status"),
            Word::Requested => ("依頼日", "Requested"),
            Word::From => ("依頼元", "From"),
            Word::Reasons => ("つなぐ理由", "Reasons"),
            Word::Needs => ("本人が必要としていること", "What the person needs"),
            Word::Household => ("世帯", "Household"),
            Word::NoHousehold => ("記録なし", "not recorded"),
            Word::Age => ("歳", ""),
            Word::AgeUnknown => ("年齢不明", "age unknown"),
            Word::Personal => ("本人情報", "Personal details"),
            Word::Name => ("氏名", "Name"),
            Word::Kana => ("ふりがな", "Kana"),
            Word::Phone => ("電話", "Phone"),
            Word::Address => ("住所", "Address"),
            Word::NotRecorded => ("未記入", "not recorded"),
            Word::Withheld => (
                "本人同意がないため個人情報は記載しません",
                "Personal details are withheld: the person has not consented to sharing.",
            ),
            Word::ListSep => ("、", ", "),
        };
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
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
    let relation = match lang {
        Lang::Ja => p.relation.label_ja(),
        Lang::En => p.relation.label_en(),
    };
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
    let status = match lang {
        Lang::Ja => h.status.label_ja(),
        Lang::En => h.status.label_en(),
    };
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
        page.heading(Word::Needs.text(lang));
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
    let consent_label = match lang {
        Lang::Ja => consent.label_ja(),
        Lang::En => consent.label_en(),
    };
    page.field(Word::Consent.text(lang), consent_label);
    page.heading(Word::Household.text(lang));
    if case.intake.people.is_empty() {
        page.bullet(Word::NoHousehold.text(lang));
    }
    for p in &case.intake.people {
        page.bullet(&person_line(dir, p, lang));
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
    } else {
        page.text("", 0, Word::Withheld.text(lang));
    }
    page.rule('=');
    Ok(page.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Channel, HandoffStatus, Intake, Personal, Relation};
    use crate::tui::text::is_width_safe;

    /// A small directory built from JSON, so it does not depend on the seed being edited.
    fn directory() -> Directory {
        serde_json::from_value(serde_json::json!({
            "plan": {"title": "入間市重層的支援体制整備事業実施計画", "published": "2026-03",
                     "city": "入間市", "period_start": 2026, "period_end": 2028, "source": "表紙"},
            "sections": [
                {"id": "koureisha_shien", "name": "高齢者支援課", "reading": "こうれいしゃしえんか", "source": "3(1)"}
            ],
            "programs": [
                {"id": "chiiki_houkatsu", "name": "地域包括支援センターの運営",
                 "reading": "ちいきほうかつ", "service": "高齢者の総合相談支援",
                 "service_reading": "そうごうそうだん", "group": "consultation",
                 "sections": ["koureisha_shien"], "status": "existing", "source": "3(1)"}
            ],
            "sites": [
                {"id": "houkatsu_toyooka", "name": "豊岡地域包括支援センター", "reading": "とよおか",
                 "programs": ["chiiki_houkatsu"], "source": "3(1)"}
            ],
            "meetings": [], "schedules": [], "targets": [], "domains": [],
            "concerns": [
                {"id": "ninchisho", "label": "認知症", "reading": "にんちしょう",
                 "domain": "koureisha", "source": "desk"}
            ],
            "districts": [], "rules": [], "holidays": [], "closure": null,
            "desk": {"handoff_expiry_days": 14},
            "staff": []
        }))
        .expect("test directory")
    }

    const NAME: &str = "髙橋 𠮷男";
    const KANA: &str = "たかはし よしお";
    const PHONE: &str = "04-2964-1111";
    const ADDRESS: &str = "入間市豊岡1丁目16番1号 \u{203B}裏口";

    fn case(consent: Consent) -> Case {
        Case {
            number: "R8-000123".into(),
            fiscal_year: 2026,
            seq: 123,
            received_at: "2026-11-26T10:15:00+09:00".into(),
            desk: "総合相談支援室".into(),
            staff: None,
            intake: Intake {
                channel: Channel::WalkIn,
                consent,
                people: vec![
                    Person {
                        relation: Relation::Myself,
                        age: Some(52),
                        concerns: vec!["hikikomori".into()],
                    },
                    Person {
                        relation: Relation::Parent,
                        age: Some(81),
                        concerns: vec!["ninchisho".into()],
                    },
                    Person {
                        relation: Relation::Parent,
                        age: None,
                        concerns: vec![],
                    },
                ],
                note: Some("受付メモ: 本人は相談に消極的".into()),
                ..Intake::default()
            },
            personal: Personal {
                name: Some(NAME.into()),
                kana: Some(KANA.into()),
                phone: Some(PHONE.into()),
                address: Some(ADDRESS.into()),
            },
            restricted: false,
            notes: vec![],
            closed_at: None,
            closing_note: None,
        }
    }

    fn handoff(seq: u32) -> Handoff {
        Handoff {
            case: "R8-000123".into(),
            seq,
            program: "chiiki_houkatsu".into(),
            section: "koureisha_shien".into(),
            site: Some("houkatsu_toyooka".into()),
            reasons: vec![
                "80代の親と50代の子の世帯 \u{2192} 8050問題の可能性".into(),
                "Long reason in English that needs wrapping because it goes on and on and on beyond eighty cells".into(),
            ],
            note: "父の要介護認定の申請を手伝ってほしい。母の介護負担が大きく、本人も含めた世帯全体の支援が必要。\
                   長い文章が八十桁を超えても折り返されることを確かめる。"
                .into(),
            from_desk: "総合相談支援室".into(),
            requested_at: "2026-11-26T10:40:00+09:00".into(),
            status: HandoffStatus::Requested,
            history: vec![],
        }
    }

    fn check_lines(slip: &str) {
        for line in slip.lines() {
            assert!(width(line) <= WIDTH, "{} cells: {line}", width(line));
            assert!(is_width_safe(line), "ambiguous width: {line}");
            assert!(!line.chars().any(|c| c.is_control()), "control char: {line:?}");
        }
    }

    #[test]
    fn consent_given_prints_personal_details() {
        let dir = directory();
        let slip = render(&dir, &case(Consent::Given), &[handoff(1)], None, Lang::Ja).unwrap();
        check_lines(&slip);
        assert!(slip.starts_with("つなぐシート\n"));
        for s in [NAME, KANA, PHONE, "入間市豊岡1丁目16番1号"] {
            assert!(slip.contains(s), "{s} missing:\n{slip}");
        }
        assert!(!slip.contains("本人同意がないため個人情報は記載しません"));
        for s in [
            "R8-000123",
            "2026-11-26",
            "総合相談支援室",
            "高齢者支援課",
            "地域包括支援センターの運営",
            "高齢者の総合相談支援",
            "豊岡地域包括支援センター",
            "依頼中",
            "本人同意    あり",
            "- 本人 52歳: hikikomori",
            "- 親 81歳: 認知症",
            "- 親 年齢不明",
            "- 80代の親と50代の子の世帯 -> 8050問題の可能性",
        ] {
            assert!(slip.contains(s), "{s} missing:\n{slip}");
        }
        // the intake's own note is not the slip's business
        assert!(!slip.contains("受付メモ"));
    }

    #[test]
    fn consent_refused_or_unknown_withholds_personal_details() {
        let dir = directory();
        for (consent, label) in [(Consent::Refused, "拒否"), (Consent::Unknown, "未確認")] {
            let slip = render(&dir, &case(consent), &[handoff(1)], None, Lang::Ja).unwrap();
            check_lines(&slip);
            for s in [NAME, "髙橋", "𠮷男", KANA, PHONE, "入間市豊岡", "裏口"] {
                assert!(!slip.contains(s), "{s} printed without consent:\n{slip}");
            }
            assert!(slip.contains("本人同意がないため個人情報は記載しません"));
            assert!(slip.contains(&format!("本人同意    {label}")));
            // what the section needs to act on is still there
            assert!(slip.contains("父の要介護認定"));
            let en = render(&dir, &case(consent), &[handoff(1)], None, Lang::En).unwrap();
            check_lines(&en);
            assert!(!en.contains(NAME) && !en.contains(PHONE));
            assert!(en.contains("withheld"));
        }
    }

    #[test]
    fn restricted_cases_say_so_first() {
        let mut c = case(Consent::Given);
        c.restricted = true;
        let slip = render(&directory(), &c, &[handoff(1)], None, Lang::Ja).unwrap();
        check_lines(&slip);
        assert!(slip.lines().next().unwrap().starts_with("秘匿"));
        assert!(
            !render(&directory(), &case(Consent::Given), &[], None, Lang::Ja)
                .unwrap()
                .contains("秘匿")
        );
    }

    #[test]
    fn only_one_handoff_or_an_error() {
        let dir = directory();
        let mut second = handoff(2);
        second.section = "unknown_section".into();
        second.program = "unknown_program".into();
        second.site = None;
        second.status = HandoffStatus::Accepted;
        let both = [handoff(1), second];
        let c = case(Consent::Given);
        let all = render(&dir, &c, &both, None, Lang::En).unwrap();
        check_lines(&all);
        assert!(all.contains("Referral to 1: 高齢者支援課"));
        assert!(all.contains("Referral to 2: unknown_section"), "{all}");
        assert!(all.contains("accepted"));
        let one = render(&dir, &c, &both, Some(2), Lang::Ja).unwrap();
        assert!(one.contains("つなぎ先 2: unknown_section"));
        assert!(!one.contains("つなぎ先 1"));
        assert_eq!(
            render(&dir, &c, &both, Some(9), Lang::Ja),
            Err(SlipError::NoSuchHandoff {
                case: "R8-000123".into(),
                seq: 9
            })
        );
        let mut foreign = handoff(1);
        foreign.case = "R8-000999".into();
        assert!(matches!(
            render(&dir, &c, &[foreign], None, Lang::Ja),
            Err(SlipError::OtherCase { .. })
        ));
        let none = render(&dir, &c, &[], None, Lang::Ja).unwrap();
        assert!(none.contains("つなぎ先はまだありません"));
    }

    #[test]
    fn every_line_fits_80_cells_even_with_long_text() {
        let dir = directory();
        let mut c = case(Consent::Given);
        c.desk = "総合相談支援室".repeat(10);
        c.personal.address = Some("入間市豊岡一丁目十六番一号".repeat(8));
        c.personal.name = Some("x".repeat(200));
        c.intake.people[0].concerns = (0..30).map(|i| format!("concern_{i}")).collect();
        let mut h = handoff(1);
        h.note = "改行も\n保つ\tタブ\u{1b}[31m制御文字は消える".to_string() + &"長".repeat(300);
        h.reasons.push("理由".repeat(100));
        for lang in [Lang::Ja, Lang::En] {
            let slip = render(&dir, &c, &[h.clone()], None, lang).unwrap();
            check_lines(&slip);
            assert!(!slip.contains('\u{1b}'));
        }
    }

    #[test]
    fn fixed_words_are_width_safe() {
        for w in Word::ALL {
            for lang in [Lang::Ja, Lang::En] {
                let t = w.text(lang);
                assert!(is_width_safe(t) && width(t) <= WIDTH, "{w:?} {lang:?}");
            }
        }
    }
}
