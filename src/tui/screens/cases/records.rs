//! A case's 相談記録 (later consultations added at intake) in its timeline and its
//! detail.

use super::super::super::tabs::cases::words::Word;
use crate::domain::{Consultation, Directory};
use crate::i18n::Label as _;
use crate::i18n::Lang;
use crate::text;

/// The concerns of a record: "ひきこもり・高齢・介護".
fn concerns(dir: &Directory, c: &Consultation, lang: Lang) -> String {
    c.concerns
        .iter()
        .map(|id| text::display(dir.concern(id).map_or(id.as_str(), |c| c.label.as_str())))
        .collect::<Vec<_>>()
        .join(Word::ConcernSep.text(lang))
}

/// The timeline's text of a record: "相談記録 (電話, 総合相談支援室)  高齢・介護「...」".
/// `note` is the 相談内容 as the timeline may show it (masked when restricted).
pub fn event(dir: &Directory, c: &Consultation, note: Option<String>, lang: Lang) -> String {
    let mut s = format!(
        "{} ({}, {})",
        Word::Consultation.text(lang),
        c.channel.label(lang),
        text::display(&c.desk)
    );
    let cs = concerns(dir, c, lang);
    if !cs.is_empty() {
        s.push_str(&format!("  {cs}"));
    }
    if let Some(n) = note {
        s.push_str(&format!("「{n}」"));
    }
    s
}

/// The detail's lines of a record: when, how, where, by whom; then its concerns and
/// 相談内容 as (label, value) pairs.
pub fn detail(
    dir: &Directory,
    c: &Consultation,
    when: String,
    lang: Lang,
) -> (String, Vec<(&'static str, String)>) {
    let head = format!(
        "{when}  {}  {} ({})",
        c.channel.label(lang),
        text::display(&c.desk),
        text::display(&c.by)
    );
    let mut fields = Vec::new();
    let cs = concerns(dir, c, lang);
    if !cs.is_empty() {
        fields.push((Word::LabelConcerns.text(lang), cs));
    }
    if let Some(n) = c.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        fields.push((Word::LabelNote.text(lang), n.to_string()));
    }
    (head, fields)
}
