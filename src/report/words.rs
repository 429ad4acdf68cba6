//! The report's fixed words, Japanese and English, shared by the CLI printers and the
//! 集計 tab, kept in one list so a test can check them all for width. `{n}` is filled in
//! with [`Word::with`].

use super::{TARGET_CASES, TARGET_MEETINGS, UNKNOWN};
use crate::i18n::Lang;

crate::i18n::catalogue! {
    /// A fixed word or sentence of the report.
    pub enum Word {
        Title => ("集計", "Figures"),
        AsOf => ("{n} 現在", "as of {n}"),
        Targets => ("多機関協働事業の数値目標", "Targets of 多機関協働事業 (multi-agency)"),
        NoTargets => ("この年度の数値目標は計画にありません", "The plan sets no target for this year"),
        Indicator => ("指標", "Indicator"),
        Target => ("目標", "Target"),
        Actual => ("実績", "Actual"),
        Progress => ("進捗", "Progress"),
        NotMeasured => ("集計対象外", "not measured"),
        Consultations => ("相談受付", "Consultations"),
        ByMonth => ("月別", "By month"),
        ByChannel => ("経路別", "By channel"),
        ByDesk => ("窓口別", "By desk"),
        ByConcern => ("相談内容別 (世帯)", "By concern (households)"),
        ByDomain => ("分野別 (世帯)", "By domain (households)"),
        Complex => ("複合課題 (市の目安)", "Complex (city's guide)"),
        Total => ("合計", "Total"),
        NewCases => ("うち新規案件", "new cases"),
        Records => ("うち相談記録", "added to cases"),
        NoConsultations => ("この年度の相談記録はありません", "No consultation recorded in this year"),
        Handoffs => ("つなぎ", "Hand-offs"),
        ByStatus => ("状態別", "By status"),
        BySection => ("所管課別", "By section"),
        MedianDays => ("受理までの日数 (中央値)", "Median days to acceptance"),
        Measured => ("{n}件から", "of {n}"),
        NoData => ("データなし", "no data"),
        Overdue => ("期限超過", "Overdue"),
        OverdueRequested => ("依頼中のまま{n}日以上", "requested {n}+ days"),
        Expired => ("期限切れ", "expired"),
        Meetings => ("会議", "Meetings"),
        CasesDiscussed => ("検討した案件", "Cases discussed"),
        Confidential => ("守秘", "confidential"),
        Shortages => ("社会資源の不足", "Missing resources"),
        Nothing => ("なし", "none"),
        Unknown => ("(名簿にない項目)", "(not in the directory)"),
        CountUnit => ("{n}件", "{n}"),
        TimesUnit => ("{n}回", "{n}"),
        NoStore => (
            "保存先のデータが開かれていないため集計できません: 保存先 (--data) を確かめて tsunagu を起動し直してください",
            "No store is open, so there are no figures: check the data folder (--data) and start tsunagu again"
        ),
        YearKeys => ("{n} で年度を切り替え", "{n} to change the year"),
        PrevYear => ("前年度", "prev. year"),
        NextYear => ("次年度", "next year"),
        ScrollDown => ("下へ", "down"),
        ScrollUp => ("上へ", "up"),
        Lines => ("{n}行", "{n} lines"),
        // The CSV's heading row and the rows of the year.
        CsvCategory => ("区分", "Category"),
        CsvItem => ("項目", "Item"),
        CsvValue => ("値", "Value"),
        CsvProgress => ("進捗(%)", "Progress(%)"),
        CsvYear => ("年度", "Year"),
        CsvFiscalYear => ("年度", "Fiscal year"),
        CsvName => ("名称", "Name"),
        CsvFrom => ("開始日", "From"),
        CsvTo => ("終了日", "To"),
        CsvAsOf => ("集計日", "As of"),
        CsvMeasured => ("受理までの日数の件数", "Accepted hand-offs measured"),
        // The chart's month row ends with 月 in Japanese.
        ChartMonths => ("月", ""),
        // The targets this module measures, in English (Japanese: the plan's own words).
        MeetingsHeld => ("重層的支援会議・支援会議の開催回数", "Meetings held (both kinds)"),
        CasesHandled => ("取り扱うケース件数", "Cases handled"),
    }
}

impl Word {
    /// The text with `{n}` replaced.
    pub fn with(self, lang: Lang, n: impl std::fmt::Display) -> String {
        self.text(lang).replace("{n}", &n.to_string())
    }
}

/// A count's label: the directory's, or "(not in the directory)" for the unknown bucket.
pub fn count_label(id: &str, label: &str, lang: Lang) -> String {
    if id == UNKNOWN {
        Word::Unknown.text(lang).to_string()
    } else {
        label.to_string()
    }
}

/// A target's indicator: the plan's words in Japanese, a translation for the targets this
/// module measures in English (the plan's words otherwise).
pub fn indicator(id: &str, plan_words: &str, lang: Lang) -> String {
    let translated = match id {
        TARGET_MEETINGS => Some(Word::MeetingsHeld),
        TARGET_CASES => Some(Word::CasesHandled),
        _ => None,
    };
    match translated {
        Some(word) if lang == Lang::En => word.text(lang).to_string(),
        _ => plan_words.to_string(),
    }
}
