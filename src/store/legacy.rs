//! The older shapes of stored values, read from stores written by earlier builds and
//! converted to today's (the codec's version byte says which shape a value has:
//! [`super::codec::VERSION`]). bincode is not self-describing, so an old value can only
//! be read in its own shape.

use crate::domain::{Case, CaseNote, Intake, Personal};
use serde::{Deserialize, Serialize};

/// The encoding version in which [`Case`] gained `consultations` (相談記録).
pub const CASE_CONSULTATIONS: u8 = 2;

/// A [`Case`] as encoded in version 1: without `consultations`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CaseV1 {
    pub number: String,
    pub fiscal_year: i32,
    pub seq: u32,
    pub received_at: String,
    pub desk: String,
    pub staff: Option<String>,
    pub intake: Intake,
    pub personal: Personal,
    pub restricted: bool,
    pub notes: Vec<CaseNote>,
    pub closed_at: Option<String>,
    pub closing_note: Option<String>,
}

impl From<CaseV1> for Case {
    fn from(c: CaseV1) -> Case {
        Case {
            number: c.number,
            fiscal_year: c.fiscal_year,
            seq: c.seq,
            received_at: c.received_at,
            desk: c.desk,
            staff: c.staff,
            intake: c.intake,
            personal: c.personal,
            restricted: c.restricted,
            notes: c.notes,
            closed_at: c.closed_at,
            closing_note: c.closing_note,
            consultations: Vec::new(),
        }
    }
}

/// Decode a stored case of any version this build reads.
pub fn decode_case(bytes: &[u8]) -> Result<Case, super::codec::CodecError> {
    super::codec::decode_upgrading::<Case, CaseV1>(bytes, CASE_CONSULTATIONS)
}

/// The bytes an earlier build (encoding version 1) stored for `case` (without its
/// 相談記録): for tests that open a store of the older shape.
pub fn encode_case_v1(case: &Case) -> Result<Vec<u8>, super::codec::CodecError> {
    let old = CaseV1 {
        number: case.number.clone(),
        fiscal_year: case.fiscal_year,
        seq: case.seq,
        received_at: case.received_at.clone(),
        desk: case.desk.clone(),
        staff: case.staff.clone(),
        intake: case.intake.clone(),
        personal: case.personal.clone(),
        restricted: case.restricted,
        notes: case.notes.clone(),
        closed_at: case.closed_at.clone(),
        closing_note: case.closing_note.clone(),
    };
    let mut bytes = super::codec::encode(&old)?;
    if let Some(v) = bytes.first_mut() {
        *v = 1;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Consultation;

    fn case() -> Case {
        Case {
            number: "R8-000001".into(),
            fiscal_year: 2026,
            seq: 1,
            received_at: "2026-11-26T14:07:00+09:00".into(),
            desk: "総合相談支援室".into(),
            staff: Some("uketsuke".into()),
            intake: Intake::default(),
            personal: Personal {
                kana: Some("やまだ はなこ".into()),
                ..Personal::default()
            },
            restricted: false,
            notes: vec![],
            closed_at: None,
            closing_note: None,
            consultations: vec![],
        }
    }

    #[test]
    fn version_1_cases_read_as_cases_without_records() {
        let c = case();
        let old = encode_case_v1(&c).unwrap();
        assert_eq!(old.first(), Some(&1));
        assert_eq!(decode_case(&old).unwrap(), c);
        let mut with = c.clone();
        with.consultations.push(Consultation {
            at: "2026-12-03T10:00:00+09:00".into(),
            channel: crate::domain::Channel::Phone,
            desk: "総合相談支援室".into(),
            by: "uketsuke".into(),
            concerns: vec!["elderly_care".into()],
            note: Some("母から再度の電話".into()),
        });
        let new = super::super::codec::encode(&with).unwrap();
        assert_eq!(decode_case(&new).unwrap(), with);
    }
}
