//! Cutting a typed phrase into the words that carry its meaning: the longest words the
//! directory and the city's vocabulary know (names, readings, keywords, places,
//! vocabulary words and their stems), and for the rest the script runs, with particles,
//! okurigana and endings dropped (払えない -> 払, 休みがち -> 休). No dictionary is
//! needed: the directory is a closed domain.

use super::fold::is_kanji;
use super::lexicon::Lexicon;
use super::normalize::normalize;
use unicode_normalization::UnicodeNormalization;

/// Longest word looked for inside a phrase: a phrase rarely holds a whole long name, and
/// each length tried costs a normalization at every position.
const MAX_WORD_CHARS: usize = 16;

/// A word cut from a phrase: its normalized text, and whether the lexicon knows it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) known: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Kanji,
    Hiragana,
    Katakana,
    Latin,
    Other,
}

fn script(c: char) -> Script {
    if is_kanji(c) {
        Script::Kanji
    } else if matches!(c, '\u{3041}'..='\u{3096}' | 'ゝ' | 'ゞ') {
        Script::Hiragana
    } else if matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | 'ヽ' | 'ヾ') {
        Script::Katakana
    } else if c.is_ascii_alphanumeric() {
        Script::Latin
    } else {
        Script::Other
    }
}

/// Particles, auxiliaries and endings a phrase may have between its words; a kana run
/// that is one of these (or starts with a particle and is one of these) carries no meaning.
const FUNCTION: &[&str] = &[
    "が",
    "を",
    "に",
    "は",
    "へ",
    "と",
    "で",
    "の",
    "も",
    "や",
    "か",
    "ね",
    "よ",
    "な",
    "から",
    "まで",
    "より",
    "って",
    "ので",
    "のに",
    "けど",
    "けれど",
    "ない",
    "なくて",
    "なく",
    "たい",
    "たくない",
    "ます",
    "です",
    "だ",
    "でした",
    "ました",
    "ません",
    "ている",
    "ていて",
    "てる",
    "て",
    "た",
    "れる",
    "られる",
    "せる",
    "させる",
    "ちゃう",
    "てしまう",
    "しまう",
    "しまった",
    "いる",
    "ある",
    "なる",
    "なった",
    "する",
    "した",
    "して",
    "しい",
    "くて",
    "かった",
    "がち",
    "そう",
    "みたい",
    "らしい",
    "こと",
    "ことが",
    "もの",
    "とき",
    "ところ",
    "など",
    "なんか",
    "とか",
    "という",
    "について",
    "のこと",
    "ばかり",
    "だけ",
    "しか",
    "でも",
    "ても",
    "たら",
    "れば",
    "ば",
    "ず",
    "できない",
    "できなくて",
    "ができない",
    "がない",
    "がいない",
    "いない",
    "おらず",
    "ずっと",
    "すごく",
    "とても",
    "いつも",
    "もう",
    "まだ",
    "ちょっと",
    "どう",
    "どうしたら",
    "いい",
    "よい",
    "かも",
    "かな",
    "かしら",
    "でしょう",
    "だろう",
    "みたいで",
];

const PARTICLES: &[char] = &['が', 'を', 'に', 'は', 'へ', 'と', 'で', 'の', 'も', 'や'];

fn is_function(run: &str) -> bool {
    if FUNCTION.contains(&run) {
        return true;
    }
    let mut chars = run.chars();
    match chars.next() {
        Some(c) if PARTICLES.contains(&c) => {
            let rest = chars.as_str();
            rest.is_empty() || FUNCTION.contains(&rest)
        }
        _ => false,
    }
}

/// Endings of verbs and adjectives written in kana, longest first: こもっている,
/// こもりがち and こもる all meet at こも.
const KANA_ENDINGS: &[&str] = &[
    "っていない",
    "っている",
    "っていた",
    "っていて",
    "っちゃう",
    "ってる",
    "ってた",
    "らない",
    "れない",
    "りがち",
    "りたい",
    "ります",
    "いたい",
    "かない",
    "けない",
    "さない",
    "たない",
    "まない",
    "わない",
    "がない",
    "ばない",
    "った",
    "って",
    "んで",
    "んだ",
    "ない",
    "ます",
    "たい",
    "がち",
    "しい",
    "る",
    "う",
    "く",
    "す",
    "つ",
    "む",
    "ぶ",
    "ぬ",
    "ぐ",
    "い",
];

/// A kana word without its ending, when at least two letters remain.
fn kana_stem(run: &str) -> &str {
    for e in KANA_ENDINGS {
        if let Some(stem) = run.strip_suffix(e)
            && stem.chars().count() >= 2
        {
            return stem;
        }
    }
    run
}

/// NFKC and lowercase, keeping katakana as katakana (the script tells words apart).
fn prepare(s: &str) -> Vec<char> {
    s.nfkc().flat_map(char::to_lowercase).collect()
}

/// Cut a chunk (no white space) into pieces.
pub(super) fn cut(chunk: &str, lex: &Lexicon) -> Vec<Piece> {
    let chars = prepare(chunk);
    let n = chars.len();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut unknown_from = 0;
    let mut i = 0;
    while let Some(&first) = chars.get(i) {
        let mut found = None;
        let longest = n.min(i + lex.max_chars.clamp(1, MAX_WORD_CHARS));
        for j in (i + 1..=longest).rev() {
            // One character is a word only as kanji (親, 夫).
            if j - i == 1 && !is_kanji(first) {
                break;
            }
            // A word does not end inside a run of kanji (介護 in 介護保険 is fine as a
            // word only when 保険 is cut too) unless it is the longest known.
            let Some(word) = chars.get(i..j) else { continue };
            let piece: String = word.iter().collect();
            let norm = normalize(&piece);
            if lex.is_word(&norm) {
                found = Some((j, norm));
                break;
            }
        }
        match found {
            Some((j, norm)) => {
                unknown(chars.get(unknown_from..i).unwrap_or_default(), &mut pieces);
                pieces.push(Piece {
                    text: norm,
                    known: true,
                });
                i = j;
                unknown_from = j;
            }
            None => i += 1,
        }
    }
    unknown(chars.get(unknown_from..).unwrap_or_default(), &mut pieces);
    pieces
}

/// Pieces of a stretch no word covers: kanji runs (their okurigana and endings dropped),
/// katakana and latin runs, kana runs that are not particles or endings.
fn unknown(chars: &[char], out: &mut Vec<Piece>) {
    let mut rest = chars;
    let mut after_kanji = false;
    while let Some(&first) = rest.first() {
        let s = script(first);
        let len = rest.iter().position(|&c| script(c) != s).unwrap_or(rest.len());
        let Some((run, tail)) = rest.split_at_checked(len) else {
            break;
        };
        let run: String = run.iter().collect();
        match s {
            Script::Kanji | Script::Katakana | Script::Latin => out.push(Piece {
                text: normalize(&run),
                known: false,
            }),
            // Okurigana and what follows a kanji stem; a particle or ending.
            Script::Hiragana if after_kanji || is_function(&run) => {}
            Script::Hiragana if run.chars().count() >= 2 => out.push(Piece {
                text: normalize(kana_stem(&run)),
                known: false,
            }),
            _ => {}
        }
        after_kanji = s == Script::Kanji;
        rest = tail;
    }
}

/// The stems of a vocabulary phrase: the pieces it cuts into, as a query is cut.
pub(super) fn stems_of(phrase: &str, lex: &Lexicon) -> Vec<String> {
    let mut stems: Vec<String> = Vec::new();
    for p in cut(phrase.trim(), lex) {
        if !stems.contains(&p.text) {
            stems.push(p.text);
        }
    }
    stems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(words: &[&str]) -> Lexicon {
        let mut w: Vec<String> = words.iter().map(|w| normalize(w)).collect();
        w.sort();
        w.dedup();
        Lexicon {
            max_chars: w.iter().map(|w| w.chars().count()).max().unwrap_or(0),
            words: w.iter().collect(),
            ..Lexicon::default()
        }
    }

    fn texts(p: Vec<Piece>) -> Vec<String> {
        p.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn a_phrase_keeps_its_meaningful_words() {
        let l = lex(&["介護", "学校", "生活", "年金", "子ども", "ひきこもり", "家賃"]);
        assert_eq!(texts(cut("親の介護", &l)), vec!["親", "介護"]);
        assert_eq!(texts(cut("生活が苦しい", &l)), vec!["生活", "苦"]);
        assert_eq!(
            texts(cut("子どもが学校を休みがち", &l)),
            vec!["こども", "学校", "休"]
        );
        assert_eq!(texts(cut("家賃が払えない", &l)), vec!["家賃", "払"]);
        assert_eq!(texts(cut("息子がひきこもりです", &l)), vec!["息子", "ひきこもり"]);
        assert_eq!(texts(cut("ヤングケアラーかも", &l)), vec!["やんぐけあらー"]);
    }

    #[test]
    fn a_vocabulary_phrase_has_the_stems_a_query_has() {
        let l = lex(&["年金", "学校"]);
        assert_eq!(stems_of("年金が少ない", &l), vec!["年金", "少"]);
        assert_eq!(stems_of("学校を休む", &l), vec!["学校", "休"]);
        assert_eq!(stems_of("怒鳴られる", &l), vec!["怒鳴"]);
        assert_eq!(stems_of("部屋にこもる", &l), texts(cut("部屋にこもっている", &l)));
    }
}
