//! One intake validation for every path that takes an intake in: the desk's form
//! (Ctrl-S), `tsunagu refer`, `tsunagu import` and the service (a case created or
//! replaced). Each problem names its field (`people[1].age`) and never repeats the
//! note or other free text.

use super::{Case, Directory, Intake, date_of};
use crate::i18n::Lang;

/// Ages are whole years from 0 to this.
pub const MAX_AGE: u8 = 120;
/// Most people in one household.
pub const MAX_PEOPLE: usize = 30;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {en}")]
pub struct IntakeError {
    /// Where: `"people[1].age"`, "district", or "" for the whole document.
    pub field: String,
    pub ja: String,
    pub en: String,
}

impl IntakeError {
    pub fn new(field: impl Into<String>, ja: impl Into<String>, en: impl Into<String>) -> IntakeError {
        IntakeError {
            field: field.into(),
            ja: ja.into(),
            en: en.into(),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        // A typed error carries its message in both languages, written where it arises
        // (as `message_ja` does for the store's errors): the choice is made here.
        let m = match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        };
        if self.field.is_empty() {
            m.clone()
        } else {
            format!("{}: {m}", self.field)
        }
    }
}

fn bad_age(path: &str) -> IntakeError {
    IntakeError::new(
        format!("{path}.age"),
        format!("年齢は 0〜{MAX_AGE} の整数で書いてください"),
        format!("age must be a whole number from 0 to {MAX_AGE}"),
    )
}

/// An age given as a number (JSON, TOML) for the person at `path` (`people[0]`).
pub fn age_from_number(n: Option<i64>, path: &str) -> Result<u8, IntakeError> {
    n.and_then(|a| u8::try_from(a).ok())
        .filter(|a| *a <= MAX_AGE)
        .ok_or_else(|| bad_age(path))
}

/// An age as typed at the desk: empty is "not said"; anything else must be a whole
/// number from 0 to [`MAX_AGE`] (full-width digits are read as digits).
pub fn age_from_text(s: &str, path: &str) -> Result<Option<u8>, IntakeError> {
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) || t.len() > 3 {
        return Err(bad_age(path));
    }
    age_from_number(t.parse::<i64>().ok(), path).map(Some)
}

/// Check an intake: household size, every age, concern and district ids (against the
/// directory when one is at hand), the language code and the note's length.
pub fn validate_intake(intake: &Intake, dir: Option<&Directory>) -> Result<(), IntakeError> {
    if intake.people.len() > MAX_PEOPLE {
        return Err(IntakeError::new(
            "people",
            format!("{MAX_PEOPLE} 人までです"),
            format!("at most {MAX_PEOPLE} people"),
        ));
    }
    for (i, p) in intake.people.iter().enumerate() {
        let path = format!("people[{i}]");
        if p.age.is_some_and(|a| a > MAX_AGE) {
            return Err(bad_age(&path));
        }
        for (j, c) in p.concerns.iter().enumerate() {
            let unknown = match dir {
                Some(d) => d.concern(c).is_none(),
                None => !is_id(c),
            };
            if unknown {
                return Err(IntakeError::new(
                    format!("{path}.concerns[{j}]"),
                    "不明な相談内容です",
                    "unknown concern",
                ));
            }
        }
    }
    if let Some(d) = &intake.district {
        let unknown = match dir {
            Some(dir) => dir.district(d).is_none(),
            None => !is_id(d),
        };
        if unknown {
            return Err(IntakeError::new(
                "district",
                "不明な福祉圏域です",
                "unknown district",
            ));
        }
    }
    if let Some(l) = &intake.language
        && (l.len() != 2 || !l.bytes().all(|b| b.is_ascii_lowercase()))
    {
        return Err(IntakeError::new(
            "language",
            "言語は ISO 639-1 の2文字で書いてください (en, es, zh など)",
            "language must be ISO 639-1 (en, es, zh, ...)",
        ));
    }
    if intake
        .note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        return Err(IntakeError::new(
            "note",
            format!("{MAX_NOTE_CHARS} 文字までです"),
            format!("at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Check a case: its intake, and that it was received on a date. (`closed_at` is left
/// as written: stores hold closings that are not dates, and purge reads them as open.)
pub fn validate_case(case: &Case, dir: Option<&Directory>) -> Result<(), IntakeError> {
    validate_intake(&case.intake, dir)?;
    if date_of(&case.received_at).is_none() {
        return Err(IntakeError::new(
            "received_at",
            "受付日時が日付ではありません",
            "received_at is not a date",
        ));
    }
    Ok(())
}

/// A seed id: lowercase ASCII letters, digits and `_`, at most 64.
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Person;

    #[test]
    fn ages_from_0_to_120_whatever_the_path() {
        assert_eq!(age_from_text("", "people[0]"), Ok(None));
        assert_eq!(age_from_text("82", "people[0]"), Ok(Some(82)));
        assert_eq!(age_from_text("８２", "people[0]"), Ok(Some(82)));
        assert_eq!(age_from_text("0", "people[0]"), Ok(Some(0)));
        assert_eq!(age_from_text("120", "people[0]"), Ok(Some(120)));
        for bad in ["446", "121", "-1", "abc", "1e2", "0120"] {
            let e = age_from_text(bad, "people[1]");
            assert_eq!(e.map_err(|e| e.field), Err("people[1].age".to_string()), "{bad}");
        }
        assert!(age_from_number(Some(446), "people[0]").is_err());
        assert!(age_from_number(None, "people[0]").is_err());
        let mut i = Intake {
            people: vec![Person {
                age: Some(200),
                ..Person::default()
            }],
            ..Intake::default()
        };
        assert_eq!(
            validate_intake(&i, None).map_err(|e| e.field),
            Err("people[0].age".into())
        );
        i.people[0].age = Some(120);
        assert_eq!(validate_intake(&i, None), Ok(()));
    }
}
