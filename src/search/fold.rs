//! Spelling folds, applied by the normalizer to query and text alike, so that the forms a
//! desk types for one word meet: a hyphen or macron typed for ー after kana, ヴ and ブ, the
//! kanji and kana spellings of a few words staff write both ways (子供 / 子ども / こども,
//! 引きこもり / ひきこもり, 障害 / 障がい), and okurigana (草刈り / 草刈, 買い物 / 買物).
//!
//! Folding only ever removes or replaces characters the same way on both sides; folded
//! text folds to itself.

use std::borrow::Cow;

/// Characters typed for the long vowel mark after kana: ASCII hyphen-minus, the dashes,
/// the minus sign, full-width hyphen-minus, macrons and the wave dash.
fn is_long_vowel_stand_in(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
            | '\u{FF0D}'
            | '\u{00AF}'
            | '\u{FFE3}'
            | '\u{02C9}'
            | '\u{301C}'
            | '\u{FF5E}'
    )
}

/// Hiragana, katakana (full and half width) and the long vowel marks themselves.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{FF66}'..='\u{FF9D}' | 'ー')
}

pub(super) fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々')
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}')
}

/// A hyphen, dash or macron right after kana stands for ー (ﾌｰﾄﾞﾊﾞﾝｸ typed as ふ-どばんく).
/// Runs before NFKC, which would turn a macron into a space and a combining mark.
pub(super) fn long_vowels(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_long_vowel_stand_in) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let c = if is_long_vowel_stand_in(c) && prev.is_some_and(is_kana) {
            'ー'
        } else {
            c
        };
        out.push(c);
        prev = Some(c);
    }
    Cow::Owned(out)
}

/// Words written in kanji or kana alike, folded to one spelling (after katakana became
/// hiragana). Longer forms first.
const SPELLINGS: &[(&str, &str)] = &[
    ("引き籠もり", "ひきこもり"),
    ("引き篭もり", "ひきこもり"),
    ("引きこもり", "ひきこもり"),
    ("引籠もり", "ひきこもり"),
    ("引籠り", "ひきこもり"),
    ("子ども", "こども"),
    ("子供", "こども"),
    ("障がい", "障害"),
    ("障碍", "障害"),
];

/// Okurigana that may be left out when a noun is written (草刈り / 草刈, 申し込み / 申込):
/// dropped between a kanji and a kanji, or a kanji and the end of a word.
const OKURIGANA: &[char] = &['り', 'し', 'き', 'い', 'み', 'え', 'け', 'ち', 'れ', 'せ', 'ぎ'];

/// Fold text that is already NFKC, lowercase and in hiragana.
pub(super) fn fold(s: &str) -> String {
    let mut text: Cow<'_, str> = Cow::Borrowed(s);
    for (from, to) in SPELLINGS {
        if text.contains(from) {
            text = Cow::Owned(text.replace(from, to));
        }
    }
    let text = vu(&text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let droppable = OKURIGANA.contains(&c)
            && prev.is_some_and(is_kanji)
            && next.is_none_or(|n| is_kanji(n) || !(is_hiragana(n) || n == 'ー' || n.is_alphanumeric()));
        if !droppable {
            out.push(c);
        }
    }
    out
}

/// ゔ with a vowel as the b-row: ゔぁ ば, ゔぃ び, ゔ ぶ, ゔぇ べ, ゔぉ ぼ.
fn vu(s: &str) -> Cow<'_, str> {
    if !s.contains('ゔ') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != 'ゔ' {
            out.push(c);
            continue;
        }
        let b = match it.peek() {
            Some('ぁ') => Some('ば'),
            Some('ぃ') => Some('び'),
            Some('ぇ') => Some('べ'),
            Some('ぉ') => Some('ぼ'),
            _ => None,
        };
        match b {
            Some(b) => {
                it.next();
                out.push(b);
            }
            None => out.push('ぶ'),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;

    #[test]
    fn spellings_of_one_word_meet() {
        for (a, b) in [
            ("引きこもり", "ひきこもり"),
            ("ヒキコモリ", "ひきこもり"),
            ("子供", "子ども"),
            ("こども食堂", "子ども食堂"),
            ("草刈り", "草刈"),
            ("買い物", "買物"),
            ("ふ-どばんく", "フードバンク"),
            ("ﾌｰﾄﾞﾊﾞﾝｸ", "ふーどばんく"),
            ("フ−ドバンク", "フードバンク"),
            ("ヴィーガン", "ビーガン"),
            ("障がい者", "障害者"),
        ] {
            assert_eq!(normalize(a), normalize(b), "{a} / {b}");
        }
    }

    #[test]
    fn folding_is_idempotent_and_keeps_particles() {
        for s in [
            "草刈りの手伝い",
            "介護と子育て",
            "地域包括支援センター",
            "dv-相談",
            "8050問題",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s}");
        }
        // A hyphen between digits or letters stays a hyphen.
        assert_eq!(normalize("R8-2"), "r8-2");
        // の, と, が are particles, not okurigana.
        assert_eq!(normalize("市の人"), "市の人");
    }
}
