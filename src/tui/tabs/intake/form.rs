//! The intake form's fields and their choices.

use crate::domain::{Channel, Consent, Relation};
use crate::i18n::Label as _;
use crate::i18n::Lang;

/// A focusable place in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Channel,
    District,
    Language,
    Consent,
    SeeksHelp,
    School,
    Restricted,
    Relation(usize),
    Age(usize),
    Concerns(usize),
    AddPerson,
    Note,
    Name,
    Kana,
    Phone,
    /// The suggestions pane: a referral chosen with Up/Down, Enter shows every reason.
    Suggestions,
}

impl Field {
    /// Fields that take typed text (the keymap's input context).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Field::School | Field::Age(_) | Field::Note | Field::Name | Field::Kana | Field::Phone
        )
    }

    /// Every field in focus order for a household of `people`.
    pub fn order(people: usize) -> Vec<Field> {
        let mut f = vec![
            Field::Channel,
            Field::District,
            Field::Language,
            Field::Consent,
            Field::SeeksHelp,
            Field::School,
            Field::Restricted,
        ];
        for i in 0..people {
            f.extend([Field::Relation(i), Field::Age(i), Field::Concerns(i)]);
        }
        f.extend([
            Field::AddPerson,
            Field::Note,
            Field::Name,
            Field::Kana,
            Field::Phone,
            Field::Suggestions,
        ]);
        f
    }
}

crate::i18n::catalogue! {
    /// A language a person may need at the desk.
    pub enum Language {
        Japanese => ("日本語", "Japanese"),
        English => ("英語", "English"),
        Spanish => ("スペイン語", "Spanish"),
        Chinese => ("中国語", "Chinese"),
        Portuguese => ("ポルトガル語", "Portuguese"),
        Vietnamese => ("ベトナム語", "Vietnamese"),
        Tagalog => ("タガログ語", "Tagalog"),
        Korean => ("韓国語", "Korean"),
        Nepali => ("ネパール語", "Nepali"),
    }
}

/// Languages offered at the desk: (ISO 639-1, its name). None = Japanese. The first
/// three have scheduled desks in the plan.
pub const LANGUAGES: &[(Option<&str>, Language)] = &[
    (None, Language::Japanese),
    (Some("en"), Language::English),
    (Some("es"), Language::Spanish),
    (Some("zh"), Language::Chinese),
    (Some("pt"), Language::Portuguese),
    (Some("vi"), Language::Vietnamese),
    (Some("tl"), Language::Tagalog),
    (Some("ko"), Language::Korean),
    (Some("ne"), Language::Nepali),
];

pub fn language_label(code: Option<&str>, lang: Lang) -> String {
    match LANGUAGES.iter().find(|(c, _)| *c == code) {
        Some((_, name)) => name.text(lang).to_string(),
        None => code.unwrap_or("?").to_string(),
    }
}

/// Step through a list of choices, wrapping around.
pub fn step<T: PartialEq + Copy>(all: &[T], current: T, forward: bool) -> T {
    let i = all.iter().position(|c| *c == current).unwrap_or(0);
    let n = all.len();
    if n == 0 {
        return current;
    }
    let next = if forward { (i + 1) % n } else { (i + n - 1) % n };
    all.get(next).copied().unwrap_or(current)
}

pub fn channel_label(c: Channel, lang: Lang) -> &'static str {
    c.label(lang)
}

pub fn consent_label(c: Consent, lang: Lang) -> &'static str {
    c.label(lang)
}

pub fn relation_label(r: Relation, lang: Lang) -> &'static str {
    r.label(lang)
}

pub fn yes_no(v: bool, lang: Lang) -> &'static str {
    match (v, lang) {
        (true, Lang::Ja) => "あり",
        (false, Lang::Ja) => "なし",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// Does what was typed start one of a choice's names (its kanji, reading, id or English
/// label)? Through the directory's normalizer, so かな, カナ and romaji all jump:
/// ふじ, フジ and fuji all find 藤沢.
pub fn typed_matches(typed: &str, names: &[&str]) -> bool {
    use crate::search::normalize::{normalize, variants};
    let names: Vec<String> = names
        .iter()
        .map(|n| normalize(n).replace(['・', ' '], ""))
        .collect();
    variants(typed.trim())
        .iter()
        .filter(|v| !v.is_empty())
        .any(|v| names.iter().any(|n| n.starts_with(v.as_str())))
}

/// The first of `choices` (each with its names) that the typed text starts: its index.
pub fn jump<'a>(typed: &str, choices: impl Iterator<Item = Vec<&'a str>>) -> Option<usize> {
    if typed.trim().is_empty() {
        return None;
    }
    choices
        .enumerate()
        .find(|(_, names)| typed_matches(typed, names))
        .map(|(i, _)| i)
}

/// The known schools (the plan's さわやか相談室 sites name theirs) with the names they
/// are typed by: the school, and the site's reading and id less what every school site
/// shares (さわやかそうだんしつ..., sawayaka_...): 金子中, かねこちゅう, kaneko.
pub fn schools(dir: &crate::domain::Directory) -> Vec<(String, String, String)> {
    let sites: Vec<_> = dir.sites.iter().filter(|s| s.school.is_some()).collect();
    let common = |all: Vec<&str>| -> usize {
        let Some(first) = all.first() else { return 0 };
        let mut n = first.len();
        for s in all.iter().skip(1) {
            n = first
                .char_indices()
                .zip(s.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, c), _)| i + c.len_utf8())
                .min(n);
        }
        n
    };
    let (r, i) = if sites.len() > 1 {
        (
            common(sites.iter().map(|s| s.reading.as_str()).collect()),
            common(sites.iter().map(|s| s.id.as_str()).collect()),
        )
    } else {
        (0, 0)
    };
    let mut out: Vec<(String, String, String)> = Vec::new();
    for s in sites {
        let Some(school) = s.school.clone() else { continue };
        if out.iter().any(|(n, _, _)| *n == school) {
            continue;
        }
        let reading = s.reading.get(r..).unwrap_or(&s.reading).to_string();
        let id = s.id.get(i..).unwrap_or(&s.id).to_string();
        out.push((school, reading, id));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_wraps_both_ways_and_keeps_what_it_cannot_place() {
        let all = [1, 2, 3];
        assert_eq!(step(&all, 1, true), 2);
        assert_eq!(step(&all, 3, true), 1);
        assert_eq!(step(&all, 1, false), 3);
        assert_eq!(step(&all, 2, false), 1);
        // A value not in the list steps from the first.
        assert_eq!(step(&all, 9, true), 2);
        assert_eq!(step(&[] as &[i32], 9, true), 9);
        assert_eq!(step(&[5], 5, false), 5);
    }
}
