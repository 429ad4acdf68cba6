//! The command line's fixed words for `seed`, `audit`, `export`, `import`, `purge` and
//! the binary's own messages (bad arguments, no terminal), Japanese and English, in a
//! catalogue so a test can check them all for width. `{n}` and the like are filled in
//! with [`Word::with`].

use crate::i18n::Lang;

crate::i18n::catalogue! {
    /// A fixed word or sentence of a subcommand's output.
    pub enum Word {
        SeedOk => ("問題なし:", "ok:"),
        ReferUrgent => ("!! 緊急の対応が必要です", "!! Urgent"),
        ReferWhy => ("理由:", "why:"),
        ReferCandidates => ("候補:", "candidates:"),
        ReferNote => ("注意:", "note:"),
        ReferRule => ("ルール:", "rule:"),
        ReferNoMeeting => ("会議は未定 (同意を確認)", "no meeting yet (confirm consent)"),
        ReferConfidential => (
            " (構成員に守秘義務: 法第106条の6)",
            " (members bound by confidentiality, Art. 106-6)"
        ),
        ReferMultiAgency => (
            "多機関協働: 目安に該当 ({domains}) -> {meeting}{conf}",
            "multi-agency: meets the city's guide ({domains}) -> {meeting}{conf}"
        ),
        ReferConsentAsk => (
            "{message}",
            "consent: not yet confirmed; ask the person first (with consent -> {given}, if it cannot be obtained -> {not})"
        ),
        ReferReservation => (" 要予約", " reservation"),
        ReferNextSessions => ("次の相談日:", "next sessions:"),
        ReferCalendarGap => (
            "相談日: {message}",
            "sessions: the holiday calendar (calendar.toml) ends {until}; later holidays are not in the seed yet, so no later date is shown"
        ),
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
        CaseNumberForm => (
            "案件番号は R8-000002、R8-2 または 2 (今年度の 2 番) の形で書いてください: {typed}",
            "a case number is written R8-000002, R8-2 or 2 (number 2 of this fiscal year): {typed}"
        ),
        DeskOpenClose => (
            "受付の画面 (tsunagu) がこのデータを開いています。{what} は画面を閉じてから実行してください (データ {path})",
            "a desk (tsunagu) has this store open: close it, then run {what} again (store {path})"
        ),
        DateForm => ("{flag}: 日付は YYYY-MM-DD で書いてください: {d}", "{flag}: expected a date YYYY-MM-DD: {d}"),
        IntakeTooLarge => ("--intake {path}: 大きすぎます (上限 {n} バイト)", "--intake {path}: too large (limit {n} bytes)"),
        IntakeNotUtf8 => ("--intake {path}: UTF-8 ではありません", "--intake {path}: not UTF-8"),
        NoSuchCase => ("案件 {n} はありません", "no case {n}"),
        Cancelled => ("中止しました (何も変更していません)", "cancelled (nothing changed)"),
        NotATerminal => (
            "tsunagu: 端末 (TeraTerm など) から起動してください。検索だけなら tsunagu find <語>",
            "tsunagu: start it in a terminal. For a lookup only: tsunagu find <words>"
        ),
        AuditCoalesced => ("{label} (同じ分にほか {more} 件)", "{label} ({more} more in that minute)"),
        AuditRefused => ("拒否: {label}", "refused: {label}"),
        AuditSeq => ("番号", "seq"),
        AuditTime => ("日時", "time"),
        AuditUser => ("利用者", "user"),
        AuditCase => ("案件", "case"),
        AuditAction => ("操作", "action"),
        AuditCount => ("{n} 件", "{n} entries"),
        ArchiveCounts => (
            "案件 {cases} / つなぎ {handoffs} / 会議 {meetings} / 下書き {drafts}",
            "{cases} cases, {handoffs} hand-offs, {meetings} meetings, {drafts} drafts"
        ),
        Exported => ("書き出しました: {path} ({bytes} バイト)", "exported to {path} ({bytes} bytes)"),
        ExportPersonal => (
            "  個人情報を含みます。持ち出し・保管は市の規程に従ってください",
            "  the file holds personal data: keep and move it as the city's rules say"
        ),
        Imported => ("取り込みました: {path} (書き出し {at})", "imported {path} (exported {at})"),
        PurgeDryRun => ("確認のみ (何も変更していません)", "dry run (nothing changed)"),
        PurgeDone => ("匿名化しました", "anonymized"),
        PurgeWhat => ("{head}: {date} より前に終結した案件", "{head}: cases closed before {date}"),
        PurgeCasesDry => (
            "  対象の案件 {matched} 件 (うち個人情報を消去する {n} 件)",
            "  {matched} cases closed before the date, {n} hold personal data"
        ),
        PurgeCasesDone => (
            "  対象の案件 {matched} 件 (うち個人情報を消去した {n} 件)",
            "  {matched} cases closed before the date, {n} had their personal data"
        ),
        PurgeOthers => (
            "  つなぎ {handoffs} 件 / 会議 {meetings} 件 (記録 {notes} 件)",
            "  {handoffs} hand-offs, {meetings} meetings ({notes} decision notes)"
        ),
        PurgeUndated => (
            "  終結日が読めない案件 {n} 件はそのままです",
            "  {n} closed cases without a readable closing date were left alone"
        ),
        PurgeConfirm => (
            "{n} 件の案件の個人情報を匿名化します。よろしいですか? (yes/no) ",
            "Anonymize the personal data of {n} cases? (yes/no) "
        ),
    }
}

impl Word {
    /// The text with each `{name}` replaced by its value, in one pass: a value (a path,
    /// a date read from a file) is never searched for names itself.
    pub fn with(self, lang: Lang, args: &[(&str, &str)]) -> String {
        crate::i18n::fill(self.text(lang), args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_width_safe;

    #[test]
    fn values_are_not_read_for_names() {
        let s = Word::Imported.with(Lang::En, &[("path", "/tmp/{at}"), ("at", "2026")]);
        assert_eq!(s, "imported /tmp/{at} (exported 2026)");
        assert_eq!(Word::AuditCount.with(Lang::Ja, &[]), "{n} 件");
    }

    #[test]
    fn every_word_is_width_safe() {
        for w in Word::ALL {
            for lang in [Lang::Ja, Lang::En] {
                assert!(is_width_safe(w.text(lang)), "{w:?} {lang:?}");
            }
        }
    }
}
