//! Finding a returning resident's case (案件の検索): by case number in any form, by name
//! or kana through the directory's normalizer (カナ, かな, romaji, width variants), or by
//! phone digits. A search is part of the 案件 page query ([`super::CasePageQuery`]), so it
//! runs where the page is read (the store, or the service behind it) and sees each case
//! as the caller may: a masked case has no name, kana or phone left to match.

use crate::domain::{Case, case_number_as_typed};
use crate::search::normalize::{normalize, variants};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Fewest digits that search phone numbers (fewer read as a case number only).
pub const PHONE_DIGITS: usize = 4;

/// What a page's cases must match.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum CaseSearch {
    /// Typed on 案件's search line: a case number (R8-000002, R8-2, or 2 for the case of
    /// `fiscal_year`, the desk's current one), a part of a name or kana in any script
    /// (やまだ, ヤマダ, yamada, 山田), or a part of a phone number (digits; hyphens and
    /// spaces are ignored).
    Text { text: String, fiscal_year: i32 },
    /// The person typed at intake (以前の相談): cases with the same name or kana (whole,
    /// or one of its words: the family name alone), or the same phone number (the
    /// stored one may carry an area code the typed one lacks).
    Person {
        name: Option<String>,
        kana: Option<String>,
        phone: Option<String>,
    },
}

impl CaseSearch {
    /// Nothing to search for (blank text, or no person field typed).
    pub fn is_empty(&self) -> bool {
        match self {
            CaseSearch::Text { text, .. } => text.trim().is_empty(),
            CaseSearch::Person { name, kana, phone } => [name, kana, phone]
                .iter()
                .all(|f| f.as_deref().is_none_or(|s| s.trim().is_empty())),
        }
    }

    /// Does `case` (as the caller sees it) match?
    pub fn matches(&self, case: &Case) -> bool {
        match self {
            CaseSearch::Text { text, fiscal_year } => text_matches(text, *fiscal_year, case),
            CaseSearch::Person { name, kana, phone } => {
                let same_words = |typed: &Option<String>| {
                    typed.as_deref().is_some_and(|t| {
                        let fields = [case.personal.name.as_deref(), case.personal.kana.as_deref()];
                        fields.into_iter().flatten().any(|f| same_person(t, f))
                    })
                };
                same_words(name)
                    || same_words(kana)
                    || phone
                        .as_deref()
                        .is_some_and(|p| same_phone(p, case.personal.phone.as_deref()))
            }
        }
    }
}

/// The case number `text` names, if it is one: R8-000002, R8-2, r８－２, or a bare
/// sequence (2, 000002) in `fiscal_year` (the one reading of a typed number,
/// [`case_number_as_typed`]).
pub fn number_of(text: &str, fiscal_year: i32) -> Option<String> {
    case_number_as_typed(text, fiscal_year)
}

/// The digits of a phone number as typed (hyphens, spaces, brackets dropped; full-width
/// digits read as digits); None when it holds anything else.
fn phone_digits(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.nfkc() {
        match c {
            '0'..='9' => out.push(c),
            '-' | 'ー' | '−' | '(' | ')' | '+' | '.' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Folded for matching names: the directory's normalizer, without spaces.
fn folded(s: &str) -> String {
    normalize(s).chars().filter(|c| !c.is_whitespace()).collect()
}

fn text_matches(text: &str, fiscal_year: i32, case: &Case) -> bool {
    let text = text.trim();
    if text.is_empty() {
        return true;
    }
    if number_of(text, fiscal_year).is_some_and(|n| n == case.number) {
        return true;
    }
    if let Some(typed) = phone_digits(text) {
        // Digits only: a number, or a part of a phone number.
        return typed.len() >= PHONE_DIGITS
            && case
                .personal
                .phone
                .as_deref()
                .and_then(phone_digits)
                .is_some_and(|p| p.contains(&typed));
    }
    let fields: Vec<String> = [case.personal.name.as_deref(), case.personal.kana.as_deref()]
        .into_iter()
        .flatten()
        .map(folded)
        .collect();
    if fields.is_empty() {
        return false;
    }
    let joined: String = text.split_whitespace().collect();
    variants(&joined)
        .iter()
        .map(|v| folded(v))
        .filter(|v| !v.is_empty())
        .any(|v| fields.iter().any(|f| f.contains(&v)))
}

/// Is `typed` (at intake) the same name as `stored`: the whole of it, or one of its
/// words (the family name alone), in any script (kana, katakana, romaji on either side)?
fn same_person(typed: &str, stored: &str) -> bool {
    if folded(typed).chars().count() < 2 {
        return false;
    }
    let typed = forms(typed);
    std::iter::once(stored)
        .chain(stored.split_whitespace())
        .flat_map(forms)
        .any(|w| typed.contains(&w))
}

/// The folded forms of a name (romaji also read as kana), spaces removed; a half-typed
/// romaji syllable is no form of its own.
fn forms(s: &str) -> Vec<String> {
    let joined: String = s.split_whitespace().collect();
    let mut out = vec![folded(&joined)];
    for v in variants(&joined).iter().map(|v| folded(v)) {
        if v.chars().count() >= 2 && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Is `typed` (at intake) the phone number stored? The same digits, or (7 digits or
/// more) the stored number ending in them (typed without the area code).
fn same_phone(typed: &str, stored: Option<&str>) -> bool {
    let (Some(t), Some(s)) = (phone_digits(typed), stored.and_then(phone_digits)) else {
        return false;
    };
    t.len() >= 7 && (s == t || s.ends_with(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_in_every_form() {
        for t in ["R8-000002", "R8-2", "r8-2", "Ｒ８－２", "2", "000002", " 2 "] {
            assert_eq!(number_of(t, 2026).as_deref(), Some("R8-000002"), "{t}");
        }
        assert_eq!(number_of("2", 2027).as_deref(), Some("R9-000002"));
        assert_eq!(number_of("R7-15", 2026).as_deref(), Some("R7-000015"));
        for t in ["", "R8-0", "0", "R-2", "R8-", "1234567", "R8-x", "やまだ", "R0-1"] {
            assert_eq!(number_of(t, 2026), None, "{t}");
        }
    }

    #[test]
    fn phone_digits_ignore_separators() {
        assert_eq!(phone_digits("04-2964-1111").as_deref(), Some("0429641111"));
        assert_eq!(
            phone_digits("０４（２９６４）１１１１").as_deref(),
            Some("0429641111")
        );
        assert_eq!(phone_digits("山田"), None);
        assert!(same_phone("2964-1111", Some("04-2964-1111")));
        assert!(!same_phone("1111", Some("04-2964-1111")));
    }

    #[test]
    fn a_name_typed_at_intake_is_the_whole_name_or_one_word() {
        assert!(same_person("やまだ", "ヤマダ ハナコ"));
        assert!(same_person("やまだはなこ", "ヤマダ ハナコ"));
        assert!(same_person("yamada", "やまだ はなこ"));
        assert!(!same_person("やま", "やまだ はなこ"));
        assert!(!same_person("や", "や"));
        assert!(same_person("やまだ", "yamada"));
        assert!(same_person("ヤマダ", "Yamada Hanako"));
    }
}
