use super::*;
use crate::domain::{Channel, HandoffStatus, Intake, Personal, Relation};
use crate::text::is_width_safe;

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
        consultations: Vec::new(),
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
            "Long reason in English that needs wrapping because it goes on and on and on beyond eighty cells"
                .into(),
        ],
        note:
            "父の要介護認定の申請を手伝ってほしい。母の介護負担が大きく、本人も含めた世帯全体の支援が必要。\
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
    // 本人が必要としていること is the intake's 相談内容; the hand-off's note is 連絡事項
    let needs = slip.find("本人が必要としていること").expect("needs heading");
    assert!(slip[needs..].contains("受付メモ: 本人は相談に消極的"), "{slip}");
    let note = slip.find("連絡事項").expect("note heading");
    assert!(slip[note..].contains("父の要介護認定"), "{slip}");
}

#[test]
fn consent_refused_or_unknown_withholds_personal_details() {
    let dir = directory();
    for (consent, label, withheld) in [
        (
            Consent::Refused,
            "得られない",
            "本人同意がないため個人情報は記載しません",
        ),
        (
            Consent::Unknown,
            "未確認",
            "本人同意が未確認のため個人情報は記載しません",
        ),
    ] {
        let slip = render(&dir, &case(consent), &[handoff(1)], None, Lang::Ja).unwrap();
        check_lines(&slip);
        for s in [NAME, "髙橋", "𠮷男", KANA, PHONE, "入間市豊岡", "裏口"] {
            assert!(!slip.contains(s), "{s} printed without consent:\n{slip}");
        }
        assert!(slip.contains(withheld), "{slip}");
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
