//! One normalizer for query and text: NFKC, case fold, katakana (and half-width kana,
//! via NFKC) to hiragana, then the spelling folds of [`super::fold`] (a hyphen after kana
//! as ー, ヴ as ブ, 子供 / 子ども as こども, okurigana). Romaji in a query becomes hiragana
//! as an extra variant, so a query matches whether the text has the word in kana or in
//! latin letters (DV, CSW).

use super::fold;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Normalize text for matching: NFKC, lowercase, katakana to hiragana, spelling folds.
/// Keeps ー.
pub fn normalize(s: &str) -> String {
    fold::fold(&plain(s))
}

/// NFKC, lowercase and katakana to hiragana, without the spelling folds.
pub(super) fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut push = |c: char| {
        for c in c.to_lowercase() {
            out.push(kata_to_hira(c));
        }
    };
    let s = fold::long_vowels(s);
    // Most text is already in NFKC: the quick check spares the composing iterator.
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        s.chars().for_each(&mut push);
    } else {
        s.nfkc().for_each(&mut push);
    }
    out
}

pub(super) fn kata_to_hira(c: char) -> char {
    match c {
        // ァ..ヶ map onto ぁ..ゖ; ヽヾ onto ゝゞ
        '\u{30A1}'..='\u{30F6}' | '\u{30FD}'..='\u{30FE}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// The forms of one query term to try against normalized text: the term itself and,
/// when it has latin letters, its romaji read as hiragana (hikikomori -> ひきこもり).
/// A trailing half-typed syllable (hikikomor) is dropped from the kana form so results
/// follow every keystroke.
pub fn variants(term: &str) -> Vec<String> {
    let base = normalize(term);
    let mut out = vec![base.clone()];
    if base.chars().any(|c| c.is_ascii_alphabetic()) {
        let kana = fold::fold(&romaji_to_hiragana(&base));
        let trimmed = kana
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .to_string();
        for v in [kana, trimmed] {
            if !v.is_empty() && !v.chars().any(|c| c.is_ascii_alphabetic()) && !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// Romaji runs to hiragana; other characters pass through.
fn romaji_to_hiragana(s: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            out.push_str(&wana_kana::utils::romaji_to_hiragana::romaji_to_hiragana(
                run,
                wana_kana::Options::default(),
            ));
            run.clear();
        }
    };
    for c in s.chars() {
        if c.is_ascii_alphabetic() || (c == '-' && !run.is_empty()) || (c == '\'' && !run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Split a query into terms on any white space (NFKC turns the ideographic space into
/// an ASCII one).
pub fn terms(query: &str) -> Vec<String> {
    query
        .nfkc()
        .collect::<String>()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_of_hikikomori_meets() {
        for q in [
            "ひきこもり",
            "ヒキコモリ",
            "ﾋｷｺﾓﾘ",
            "hikikomori",
            "ＨＩＫＩＫＯＭＯＲＩ",
            "HikiKomori",
        ] {
            assert!(
                variants(q).contains(&"ひきこもり".to_string()),
                "{q}: {:?}",
                variants(q)
            );
        }
    }

    #[test]
    fn half_typed_romaji_still_matches_prefix() {
        assert!(variants("hikikomor").contains(&"ひきこも".to_string()));
        assert!(variants("kaigo").contains(&"かいご".to_string()));
        assert!(variants("DV").contains(&"dv".to_string()));
    }

    #[test]
    fn keeps_long_vowel_and_folds_width() {
        assert_eq!(normalize("ソーシャルクラブ"), "そーしゃるくらぶ");
        assert_eq!(normalize("ＤＶ相談"), "dv相談");
        assert_eq!(terms("介護\u{3000}認知症  藤沢"), vec!["介護", "認知症", "藤沢"]);
    }
}
