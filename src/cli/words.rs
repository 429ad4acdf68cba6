//! The command line's fixed words for `seed` and `audit`, Japanese and English, in a
//! catalogue so a test can check them all for width. `{n}` and the like are filled in
//! with [`Word::with`].

use crate::i18n::Lang;

crate::i18n::catalogue! {
    /// A fixed word or sentence of a subcommand's output.
    pub enum Word {
        SeedOk => ("問題なし:", "ok:"),
        SeedPrograms => ("事業 {n}", "{n} programs"),
        SeedSites => ("機関 {n}", "{n} sites"),
        SeedSections => ("所管課 {n}", "{n} sections"),
        SeedMeetings => ("会議 {n}", "{n} meetings"),
        SeedSchedules => ("相談日 {n}", "{n} schedules"),
        SeedTargets => ("目標 {n}", "{n} targets"),
        SeedSep => (" / ", ", "),
        SeedProblems => ("{n} 件の問題があります", "{n} problem(s)"),
        SyncUnchanged => ("名簿は最新です (sha256 {hash}, {at})", "directory up to date (sha256 {hash}, {at})"),
        SyncReplaced => ("名簿を更新しました (sha256 {hash})", "directory replaced (sha256 {hash})"),
        SyncKept => (
            "シードに問題があるため、前回の名簿 (sha256 {hash}) を使い続けます",
            "the seed has problems; keeping the last good directory (sha256 {hash})"
        ),
        SyncEmbedded => ("シードに問題があるため、内蔵の名簿を使います", "the seed has problems; using the built-in directory"),
        InfoVocabulary => (
            "情報: 市の語彙 {entries} 項目 {words} 語 (vocabulary.toml)",
            "info: city vocabulary, {entries} entries, {words} words (vocabulary.toml)"
        ),
        InfoSites => (
            "情報: 連絡先 (電話・受付時間・住所) のない機関 {n} 件: {ids}",
            "info: {n} sites without phone, hours or address: {ids}"
        ),
        InfoSections => (
            "情報: 連絡先 (電話・受付時間・住所) のない所管課 {n} 件: {ids}",
            "info: {n} sections without phone, hours or address: {ids}"
        ),
        AuditSince => ("--since: 日付は YYYY-MM-DD で書いてください: {d}", "--since: expected a date YYYY-MM-DD: {d}"),
        AuditCoalesced => ("{label} (同じ分にほか {more} 件)", "{label} ({more} more in that minute)"),
        AuditRefused => ("拒否: {label}", "refused: {label}"),
        AuditSeq => ("番号", "seq"),
        AuditTime => ("日時", "time"),
        AuditUser => ("利用者", "user"),
        AuditCase => ("案件", "case"),
        AuditAction => ("操作", "action"),
        AuditCount => ("{n} 件", "{n} entries"),
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
