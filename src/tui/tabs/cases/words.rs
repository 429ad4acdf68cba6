//! The 案件 tab's fixed words, Japanese and English, kept beside the tab (like the slip's)
//! so a test can check them all for width. `{n}`, `{key}` and the like are filled in with
//! [`Word::with`].

use crate::i18n::Lang;

crate::i18n::catalogue! {
    /// A fixed word or sentence of the 案件 tab.
    pub enum Word {
        View => ("表示", "View"),
        ViewAll => ("全件", "all"),
        ViewInbox => ("受信箱", "Inbox"),
        Status => ("状態", "Status"),
        StatusAll => ("全て", "all"),
        Period => ("期間", "Period"),
        PeriodToday => ("今日", "today"),
        PeriodWeek => ("7日", "7 days"),
        PeriodMonth => ("今月", "this month"),
        PeriodFiscalYear => ("今年度", "this FY"),
        PeriodAll => ("全期間", "all time"),
        Desk => ("窓口", "Desk"),
        DeskAll => ("全窓口", "all desks"),
        Count => ("{n}件", "{n} listed"),
        CountMore => ("{n}件+", "{n}+ listed"),
        NoStore => (
            "保存先のデータが開かれていないため案件を表示できません: 保存先 (--data) を確かめて tsunagu を起動し直してください",
            "No store is open, so no cases can be shown: check the data folder (--data) and start tsunagu again"
        ),
        NoCases => (
            "案件はまだありません: 受付 ({key}) で相談を記録してください",
            "No cases yet: record a consultation in Intake ({key})"
        ),
        NoMatch => (
            "条件に合う案件はありません: {keys} で条件を切り替えてください",
            "No case matches: change the filters with {keys}"
        ),
        InboxEmpty => (
            "{section} への依頼はありません: {f} で所管課、{s} で状態を切り替えてください",
            "Nothing sent to {section}: switch the section with {f}, the status with {s}"
        ),
        NoSections => (
            "名簿に所管課がないため受信箱を表示できません: シードを確かめてください",
            "The directory has no sections, so there is no inbox: check the seed"
        ),
        Masked => ("***** (秘匿)", "***** (restricted)"),
        Restricted => ("秘匿", "restricted"),
        NoHandoffs => ("つなぎなし", "no referrals"),
        TimelineOf => ("{n} の経過", "Timeline of {n}"),
        Target => ("操作対象: {h}", "acting on: {h}"),
        Received => ("受付", "received"),
        ConsentIs => ("同意{c}", "consent {c}"),
        Handoff => ("つなぐ", "referred"),
        Note => ("メモ", "note"),
        Closed => ("終結", "closed"),
        Reason => ("理由", "reason"),
        ActionsInInbox => ("受理・差戻し・完了は受信箱 ({key}) で", "accept/return/done: in the inbox ({key})"),
        InboxOnly => (
            "受理・差戻し・完了は受信箱で操作します: {key} で受信箱に切り替えてください",
            "Accept, return and done work in the inbox: press {key} to switch to it"
        ),
        PeriodAllOnly => (
            "受信箱は期間で絞り込みません (期間は全件表示で使えます)",
            "The inbox is not filtered by period (the period applies to all cases)"
        ),
        SectionIs => ("受信箱: {section}", "Inbox: {section}"),
        SectionPick => (
            "受信箱: {section}  (課の名前を入力で移動、Left/Right 前後、Enter 決定)",
            "Inbox: {section}  (type a section's name; Left/Right; Enter)"
        ),
        DoneAccept => ("{n} を受理しました", "{n} accepted"),
        DoneComplete => ("{n} を完了にしました", "{n} marked done"),
        DoneReturn => ("{n} を差し戻しました", "{n} returned"),
        NotAllowed => (
            "{n} ({section}) は「{from}」のため「{to}」にできません",
            "{n} ({section}) is {from}: it cannot become {to}"
        ),
        ReasonRequired => (
            "差戻しの理由を入力してください (Enter で確定)",
            "Type the reason for returning (then Enter)"
        ),
        SaveFailed => ("保存できませんでした。何も変更していません: {e}", "Could not save; nothing was changed: {e}"),
        ReadFailed => ("案件を読み込めませんでした: {e}", "Could not read the cases: {e}"),
        NothingSelected => ("案件が選ばれていません", "No case is selected"),
        StillLoading => ("一覧を読み込み中: 表示されたら行います", "The list is loading: done once it shows"),
        HandoffGone => ("{n} のつなぎがデータにありません: 一覧を読み込み直しました", "{n}: this referral is no longer in the store; the list was reloaded"),
        ReturnPrompt => ("差戻し理由 {n}", "Reason to return {n}"),
        PromptKeys => ("{ok} 確定  {esc} 取消", "{ok} confirm  {esc} cancel"),
        PromptCancelled => (
            "差戻しを取り消しました (入力した理由は {key} で戻せます)",
            "Return cancelled (press {key} to get the typed reason back)"
        ),
        SlipTitle => ("{n} のつなぐシート", "Referral slip of {n}"),
        SlipPrint => ("印刷は tsunagu slip {n}", "print: tsunagu slip {n}"),
        SlipSaved => ("保存しました: {path}", "Saved: {path}"),
        SlipSaveFailed => ("保存できません: {e}", "Cannot save: {e}"),
        SlipNoHome => ("保存先がありません (ホームフォルダがありません)", "Nowhere to save: no home folder"),
        SlipPrinting => ("{n} を印刷に送っています", "Sending {n} to the printer"),
        SlipPrinted => ("印刷しました: {answer}", "Printed: {answer}"),
        SlipPrintFailed => ("印刷できません: {e}", "Cannot print: {e}"),
        SlipNoPrinter => ("印刷の設定がありません", "No printer is set up"),
        SlipFailed => ("つなぐシートを作れません: {e}", "Cannot make the slip: {e}"),
        DetailOf => ("{n} の詳細", "Details of {n}"),
        Lines => ("{a}-{b}/{t}行", "lines {a}-{b}/{t}"),
        LabelReceived => ("受付日時", "Received"),
        LabelDesk => ("受付窓口", "Desk"),
        LabelStaff => ("担当", "Staff"),
        LabelChannel => ("経路", "Via"),
        LabelConsent => ("本人同意", "Consent"),
        LabelSeeksHelp => ("本人の希望", "Wants help"),
        LabelDistrict => ("地区", "District"),
        LabelSchool => ("学校", "School"),
        LabelLanguage => ("言語", "Language"),
        LabelHousehold => ("世帯", "Household"),
        LabelNote => ("相談内容", "What they said"),
        LabelPersonal => ("本人情報", "Personal details"),
        LabelName => ("氏名", "Name"),
        LabelKana => ("よみ", "Kana"),
        LabelPhone => ("電話", "Phone"),
        LabelAddress => ("住所", "Address"),
        LabelHandoffs => ("つなぎ先", "Referrals"),
        LabelStatus => ("状態", "Status"),
        LabelRequested => ("依頼", "Requested"),
        LabelFrom => ("依頼元", "From"),
        LabelReasons => ("つなぐ理由", "Reasons"),
        LabelHandoffNote => ("連絡事項", "Note"),
        LabelHistory => ("経過", "History"),
        LabelNotes => ("メモ", "Notes"),
        LabelClosed => ("終結", "Closed"),
        NotRecorded => ("未記入", "not recorded"),
        PersonalHidden => ("秘匿のため表示しません", "hidden: the case is restricted"),
        RestrictedBanner => ("秘匿  この案件は閲覧が制限されています。取扱いに注意してください", "RESTRICTED  access to this case is limited; handle with care"),
        Yes => ("あり", "yes"),
        No => ("なし", "no"),
        Japanese => ("日本語", "Japanese"),
        Age => ("{n}歳", "age {n}"),
        ConfidentialTag => (" [守秘]", " [confidential]"),
        AgeUnknown => ("年齢不明", "age unknown"),
        ListSep => ("、", ", "),
        Search => ("検索", "Search"),
        SearchPrompt => ("案件を検索", "Search cases"),
        SearchKeys => ("{ok} 検索  {esc} 閉じる", "{ok} search  {esc} close"),
        SearchHelp => (
            "番号 (R8-2, 2)、氏名・よみ (かな、カナ、ローマ字)、電話番号で探します",
            "A number (R8-2, 2), a name or kana (kana or romaji), or phone digits"
        ),
        SearchNoMatch => (
            "「{q}」に合う案件はありません (番号、氏名・よみ、電話番号): {key} で検索を解除します",
            "No case matches \"{q}\" (number, name or kana, phone): {key} clears the search"
        ),
        SearchIs => (
            "検索: {q} (全期間から、{key} で解除)",
            "Search: {q} (all time; {key} clears it)"
        ),
        SearchCleared => ("検索を解除しました", "Search cleared"),
        SearchKept => (
            "検索語はそのままです ({key} で続きを入力)",
            "The search text is kept (press {key} to go on typing)"
        ),
        SearchInboxToAll => ("検索は全件表示で行います", "A search lists all cases"),
        LabelConsultations => ("相談記録", "Later consultations"),
        LabelConcerns => ("困りごと", "Concerns"),
        Consultation => ("相談記録", "consultation"),
        ConcernSep => ("・", ", "),
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
