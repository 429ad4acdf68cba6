//! Synthetic cases and their hand-offs, and filling a store with them.

use super::Rng;
use super::names::{AREAS, DESKS, GIVEN_NAMES, NEXT_STEPS, SITUATIONS, STAFF, SURNAMES};
use crate::domain::{
    Case, CaseNote, Channel, Consent, Directory, Handoff, HandoffStatus, Intake, Person, Personal, Relation,
    StatusChange, case_number, fiscal_year,
};
use crate::store::{Store, StoreError};
use chrono::{Duration, NaiveDate};

fn relation_label(r: Relation) -> &'static str {
    r.label_ja()
}

/// One synthetic case received on `date` (number from `fy` and `seq`).
pub fn case(rng: &mut Rng, dir: &Directory, fy: i32, seq: u32, date: NaiveDate) -> Case {
    let minutes = 8 * 60 + 30 + rng.below(8 * 60 + 30);
    let received_at = format!("{date}T{:02}:{:02}:00+09:00", minutes / 60, minutes % 60);
    let concern = |rng: &mut Rng| -> String {
        if dir.concerns.is_empty() {
            "not_sure".into()
        } else {
            rng.pick(&dir.concerns).id.clone()
        }
    };
    let mut people = vec![Person {
        relation: Relation::Myself,
        age: Some(rng.below(95) as u8 + 1).filter(|_| rng.chance(90)),
        concerns: (0..1 + rng.below(2)).map(|_| concern(rng)).collect(),
    }];
    for _ in 0..rng.below(3) {
        let relation = *rng.pick(&Relation::ALL[1..]);
        people.push(Person {
            relation,
            age: Some(rng.below(95) as u8 + 1),
            concerns: (0..rng.below(2)).map(|_| concern(rng)).collect(),
        });
    }
    let who = relation_label(people.last().map(|p| p.relation).unwrap_or_default());
    let note = format!(
        "{who}について。{}。{}",
        rng.pick(SITUATIONS),
        rng.pick(NEXT_STEPS)
    );
    let anonymous = rng.chance(20);
    let sur = *rng.pick(SURNAMES);
    let given = *rng.pick(GIVEN_NAMES);
    let area = *rng.pick(AREAS);
    let personal = if anonymous {
        Personal::default()
    } else {
        Personal {
            name: Some(format!("{} {}", sur.0, given.0)),
            kana: Some(format!("{} {}", sur.1, given.1)),
            phone: Some(format!("000-0000-{:04}", rng.below(10_000))).filter(|_| rng.chance(70)),
            address: Some(format!("入間市{}{}丁目", area.0, 1 + rng.below(5))).filter(|_| rng.chance(60)),
        }
    };
    let dv = people.iter().any(|p| p.concerns.iter().any(|c| c == "dv"));
    let staff = rng.pick(STAFF).to_string();
    let notes = (0..rng.below(3))
        .map(|k| CaseNote {
            at: format!("{}T10:{:02}:00+09:00", date + Duration::days(k as i64 + 1), k),
            by: staff.clone(),
            text: rng.pick(NEXT_STEPS).to_string(),
        })
        .collect();
    Case {
        number: case_number(fy, seq),
        fiscal_year: fy,
        seq,
        received_at,
        desk: rng.pick(DESKS).to_string(),
        staff: Some(staff),
        intake: Intake {
            channel: *rng.pick(&Channel::ALL),
            district: (!dir.districts.is_empty() && rng.chance(85))
                .then(|| rng.pick(&dir.districts).id.clone()),
            school: None,
            language: rng
                .chance(3)
                .then(|| rng.pick(&["en", "es", "zh", "vi"]).to_string()),
            consent: *rng.pick(&Consent::ALL),
            seeks_help: rng.chance(80),
            people,
            note: Some(note),
        },
        personal,
        restricted: dv,
        notes,
        closed_at: None,
        closing_note: None,
        consultations: Vec::new(),
    }
}

/// The hand-offs of a case: none to three, their status by how long ago it came in.
pub fn handoffs(rng: &mut Rng, dir: &Directory, case: &Case, today: NaiveDate) -> Vec<Handoff> {
    let n = *rng.pick(&[0, 1, 1, 1, 2, 2, 3]);
    let received = crate::domain::date_of(&case.received_at).unwrap_or(today);
    let age = (today - received).num_days();
    let mut out = Vec::new();
    for seq in 1..=n {
        let Some(p) = (!dir.programs.is_empty()).then(|| rng.pick(&dir.programs)) else {
            break;
        };
        let Some(section) = p.sections.first().cloned() else {
            continue;
        };
        let at = case.received_at.clone();
        let mut h = Handoff {
            case: case.number.clone(),
            seq,
            program: p.id.clone(),
            section,
            site: None,
            reasons: vec![format!("{}の相談", p.service)],
            note: "本人の同意を得て情報提供。".into(),
            from_desk: case.desk.clone(),
            requested_at: at.clone(),
            status: HandoffStatus::Requested,
            history: vec![StatusChange {
                at: at.clone(),
                to: HandoffStatus::Requested,
                by: case.staff.clone().unwrap_or_default(),
                reason: None,
            }],
        };
        let later = format!("{}T15:00:00+09:00", received + Duration::days(2));
        let by = h.section.clone();
        let roll = rng.below(100);
        let _ = if age < 14 {
            if roll < 50 {
                h.transition(HandoffStatus::Accepted, &later, &by, None)
            } else {
                Ok(())
            }
        } else if roll < 60 {
            h.transition(HandoffStatus::Accepted, &later, &by, None)
                .and_then(|()| h.transition(HandoffStatus::Done, &later, &by, None))
        } else if roll < 80 {
            h.transition(HandoffStatus::Accepted, &later, &by, None)
        } else if roll < 85 {
            h.transition(
                HandoffStatus::Returned,
                &later,
                &by,
                Some("対象外のため差戻し".into()),
            )
        } else {
            h.transition(HandoffStatus::Expired, &later, "system", None)
        };
        out.push(h);
    }
    out
}

/// What `fill_store` put in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FillCounts {
    pub cases: usize,
    pub handoffs: usize,
}

/// Put `cases` synthetic cases (received over the two years before `today`, oldest first,
/// numbered per fiscal year) and their hand-offs into a store, then make it durable once.
/// Old cases are mostly closed. Deterministic in `seed`.
pub fn fill_store(
    store: &dyn Store,
    dir: &Directory,
    cases: usize,
    today: NaiveDate,
    seed: u64,
) -> Result<FillCounts, StoreError> {
    let mut rng = Rng::new(seed);
    let mut counts = FillCounts::default();
    let mut seqs: std::collections::BTreeMap<i32, u32> = Default::default();
    let span = 730;
    for i in 0..cases {
        let back = span - (i as i64 * span / cases.max(1) as i64);
        let date = today - Duration::days(back);
        let fy = fiscal_year(date);
        let seq = seqs.entry(fy).or_insert(0);
        *seq += 1;
        let mut c = case(&mut rng, dir, fy, *seq, date);
        if back > 60 && rng.chance(70) {
            c.closed_at = Some(format!("{}T16:00:00+09:00", date + Duration::days(30)));
            c.closing_note = Some("支援機関につながり終結。".into());
        }
        let hs = handoffs(&mut rng, dir, &c, today);
        store.restore_case(&c)?;
        for h in &hs {
            store.restore_handoff(h)?;
        }
        counts.cases += 1;
        counts.handoffs += hs.len();
    }
    store.flush_durable()?;
    Ok(counts)
}
