//! The 会議 tab's fixed words, Japanese and English, kept beside the tab (like the 案件
//! tab's) so a test can check them all for width. `{n}`, `{fy}` and the like are filled
//! in with [`Word::with`].

use crate::i18n::Lang;

crate::i18n::catalogue! {
    /// A fixed word or sentence of the 会議 tab.
    pub enum Word {
        Head => (
            " 令和{reiwa}年度 ({fy}/4-{next}/3)  開催 {n}回{target}",
            " FY{fy} ({fy}/4-{next}/3)  held {n}{target}"
        ),
        // The English screen shows the target in Japanese too, as it always has.
        Target => ("  目標 {value}{unit}", "  目標 {value}{unit}"),
        Empty => (
            " この年度の会議の記録はありません: n で会議を記録します",
            " No meetings recorded this year: n records one"
        ),
        ConfidentialMark => ("[守秘]", "[confidential]"),
        Confidential => ("  守秘義務 (法第106条の6)", "  confidential (Art. 106-6)"),
        Cases => ("案件 ", "cases "),
        Who => ("出席: {sections} / 関係機関: {agencies}", "sections: {sections} / agencies: {agencies}"),
        ListSep => ("、", ", "),
        FormTitle => (" 会議を記録 (Ctrl-S で保存、Esc でやめる)", " Record a meeting (Ctrl-S saves, Esc cancels)"),
        KindConfidential => ("  同意のない案件も可 (守秘義務: 法第106条の6)", "  cases without consent too (confidential)"),
        KindConsent => ("  本人同意が記録された案件のみ", "  only cases with consent on record"),
        LabelKind => ("種類", "Kind"),
        LabelDate => ("開催日", "Date"),
        LabelSections => ("出席課", "Sections"),
        LabelAgencies => ("関係機関", "Agencies"),
        LabelCases => ("案件", "Cases"),
        AddCase => ("+ 案件を追加", "+ add case"),
        ConsentGiven => ("同意あり", "consent"),
        ConsentUnknownHere => (
            "同意未確認: 確認するまでこの会議では扱えません",
            "consent not asked yet: not at this meeting until confirmed"
        ),
        ConsentUnknown => ("同意未確認", "consent not asked yet"),
        ConsentRefusedHere => (
            "同意が得られない: この会議では扱えません (支援会議へ)",
            "no consent: only at a 支援会議"
        ),
        ConsentRefused => ("同意が得られない", "no consent"),
        NoSuchCase => ("       (該当する案件がありません)", "       (no such case)"),
        Recorded => ("記録しました", "Recorded"),
        ConfirmDiscard => (
            " 入力中の会議の記録を破棄しますか (Enter: はい  Esc: いいえ)",
            " Discard this meeting as typed? (Enter: yes  Esc: no)"
        ),
        DateFormat => ("会議の日付は YYYY-MM-DD で入力してください", "Enter the meeting date as YYYY-MM-DD"),
    }
}

impl Word {
    /// The text with each `{name}` replaced by its value.
    pub fn with(self, lang: Lang, args: &[(&str, &str)]) -> String {
        let mut s = self.text(lang).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_width_safe;

    #[test]
    fn every_word_is_width_safe() {
        for w in Word::ALL {
            for lang in [Lang::Ja, Lang::En] {
                assert!(is_width_safe(w.text(lang)), "{w:?} {lang:?}");
            }
        }
    }
}
