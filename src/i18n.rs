//! Every fixed UI string, in Japanese and English, in catalogues so a test can check them
//! all (width, no ambiguous-width characters) and the UI never hard-codes text: [`Msg`]
//! here, and the modules' own lists declared with [`catalogue!`] (`report::words`,
//! `cli::words`, the slip's words, the 案件 and 会議 tabs' words). Also here: the values
//! of the domain that name themselves ([`Label`]), the one choice between a typed
//! error's Japanese message and its English one ([`Localized`]), `{name}` filling
//! ([`fill`]), and the locale formatting of dates, era years, months, days and units.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "ja" | "jp" | "japanese" => Some(Lang::Ja),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Declare a catalogue of fixed UI words: an enum with `ALL` (so a test can check every
/// string) and `text(lang)`.
macro_rules! catalogue {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($var:ident => ($ja:expr, $en:expr),)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name { $($var,)* }
        impl $name {
            /// Every word, for the tests that check them all.
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$var,)*];
            pub fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($name::$var, $crate::i18n::Lang::Ja) => $ja,
                        ($name::$var, $crate::i18n::Lang::En) => $en,
                    )*
                }
            }
        }
    };
}
pub(crate) use catalogue;

/// A value of the domain that names itself in both languages (a channel, a consent, a
/// relation, a hand-off status, a meeting's decision, a program's group): the screens,
/// the slip and the printers ask it for its name in the language in effect.
pub trait Label: Copy {
    fn ja(self) -> &'static str;
    fn en(self) -> &'static str;
    /// Its name in `lang`.
    fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja(),
            Lang::En => self.en(),
        }
    }
}

macro_rules! labels {
    ($($t:ident),* $(,)?) => {
        $(impl Label for crate::domain::$t {
            fn ja(self) -> &'static str {
                crate::domain::$t::label_ja(self)
            }
            fn en(self) -> &'static str {
                crate::domain::$t::label_en(self)
            }
        })*
    };
}

labels!(Channel, Consent, Relation, HandoffStatus, Decision, Group);

/// A typed error with its own Japanese message (`message_ja`, written where the error is)
/// beside its English `Display`: the one place that chooses between them.
pub trait Localized: std::fmt::Display {
    fn message_ja(&self) -> String;
    /// The message in `lang`.
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => self.message_ja(),
            Lang::En => self.to_string(),
        }
    }
}

macro_rules! localized {
    ($($t:path),* $(,)?) => {
        $(impl Localized for $t {
            fn message_ja(&self) -> String {
                <$t>::message_ja(self)
            }
        })*
    };
}

localized!(
    crate::store::StoreError,
    crate::store::archive::ArchiveError,
    crate::domain::MeetingError,
);

/// `text` with each `{name}` replaced by its value, in one pass: a value (a path, a date
/// read from a file) is never searched for names itself; an unknown `{name}` stays.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let named = after.split_once('}').and_then(|(name, tail)| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (*value, tail))
        });
        match named {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

catalogue! {
    /// A fixed UI message.
    pub enum Msg {
        TabIntake => ("受付", "Intake"),
        TabSearch => ("検索", "Search"),
        TabCases => ("案件", "Cases"),
        TabMeetings => ("会議", "Meetings"),
        TabReport => ("集計", "Report"),
        SearchPrompt => ("検索> ", "Search> "),
        SearchEmpty => ("検索語を入力してください (漢字・かな・ローマ字)", "Type a keyword (kanji, kana or romaji)"),
        SearchNoMatch => ("該当なし: 別の言葉で試すか、総合相談支援室へ", "No match: try other words, or 総合相談支援室"),
        CountSuffix => ("件", " hits"),
        CountMoreSuffix => ("件+", "+ hits"),
        SuggestedLegend => ("[+] 相談内容から", "[+] from the note"),
        SearchPartial => ("一部の語で一致", "some words match"),
        WhyLabel => ("一致: ", "Matched: "),
        HowName => ("名称", "name"),
        HowKeyword => ("キーワード", "keyword"),
        HowSection => ("所管課", "section"),
        HowRelated => ("関連", "related"),
        HowTarget => ("対象", "target"),
        HowText => ("本文", "text"),
        HowVocabulary => ("市の語彙", "city's words"),
        HowPlace => ("その地域の機関", "site of the area"),
        HowCitywide => ("市内全域", "whole city"),
        HowRepair => ("入力の揺れ", "typo"),
        HowFuzzy => ("あいまい一致", "loose match"),
        HowProgram => ("事業の機関", "site of the program"),
        KindProgram => ("事業", "program"),
        KindSite => ("機関", "site"),
        KindSection => ("所管課", "section"),
        KindMeeting => ("会議", "meeting"),
        MarkProgram => ("事", "Pr"),
        MarkSite => ("機", "Si"),
        MarkSection => ("課", "Se"),
        MarkMeeting => ("会", "Mt"),
        FieldService => ("事業名", "Service"),
        FieldGroup => ("区分", "Group"),
        FieldSections => ("所管課", "所管課"),
        FieldRelated => ("関係課", "Related"),
        FieldTarget => ("対象", "Target"),
        FieldMode => ("方式", "Mode"),
        FieldArea => ("圏域", "Area"),
        FieldSites => ("機関", "Sites"),
        FieldDuties => ("内容", "Duties"),
        FieldLegal => ("根拠", "Legal basis"),
        FieldStatus => ("区分", "Status"),
        FieldSource => ("出典", "Source"),
        FieldLocation => ("場所", "Location"),
        FieldPhone => ("電話", "Phone"),
        FieldHours => ("受付時間", "Hours"),
        FieldAddress => ("住所", "Address"),
        FieldPrograms => ("事業", "Programs"),
        FieldRoles => ("種別", "Type"),
        FieldSchool => ("学校", "School"),
        FieldNote => ("備考", "Note"),
        FieldNextDates => ("相談日", "Sessions"),
        FieldMembers => ("構成員", "Members"),
        FieldFrequency => ("開催", "Frequency"),
        FieldPurpose => ("目的", "Purpose"),
        FieldReading => ("よみ", "Reading"),
        StatusExisting => ("既存事業", "existing"),
        StatusNew => ("新規事業", "new"),
        Unknown => ("(計画に記載なし)", "(not in the plan)"),
        Reservation => ("要予約", "reservation required"),
        Confidential => ("守秘義務 (法第106条の6)", "confidential (Art. 106-6)"),
        ApproxAge => ("概ね", "approx."),
        PlanSource => ("計画", "plan"),
        HelpTitle => ("キー操作", "Keys"),
        HelpClose => ("閉じる", "close"),
        DeskNotShared => (
            "この画面を開いている間、tsunagu slip / report は使えません (共有に失敗)",
            "While this desk is open, tsunagu slip / report cannot reach the store"
        ),
        SeedWarning => ("シードを読み込めませんでした。前回の正しい名簿で動作しています", "The seed could not be loaded; running on the last good directory"),
        SeedUpdated => ("名簿を更新しました", "Directory updated"),
        LinkWaiting => ("通信中", "Connecting"),
        Writing => ("保存中です: 終わるまでお待ちください", "Saving: wait until it is done"),
        LinkDown => ("接続できません", "Cannot connect"),
        KeymapWarning => ("キー設定の警告", "Keymap warning"),
        PasteCapped => ("貼り付けが長すぎるため切り詰めました", "Paste too long: truncated"),
        FocusList => ("一覧", "list"),
        FocusInput => ("入力", "input"),
        DetailEmpty => ("一覧から項目を選ぶと詳細を表示します", "Select an entry to see its details"),
        NothingToAdd => ("受付に追加できるのは事業・機関・会議です", "Only programs, sites and meetings can be added"),
        AddedToIntake => ("受付の提案に追加しました", "Added to the intake's suggestions"),
        LabelChannel => ("経路", "Via"),
        LabelDistrict => ("地区", "Area"),
        LabelLanguage => ("言語", "Lang"),
        LabelConsent => ("同意", "Consent"),
        LabelSeeksHelp => ("本人の希望", "Wants help"),
        LabelSchool => ("学校", "School"),
        LabelRestricted => ("秘匿", "Restricted"),
        LabelReceived => ("受付", "Received"),
        LabelHousehold => ("世帯", "Household"),
        LabelAddPerson => ("+ 追加", "+ add"),
        LabelNote => ("相談内容", "What they said"),
        LabelName => ("氏名(任意)", "Name (opt.)"),
        LabelKana => ("よみ", "Kana"),
        LabelPhone => ("電話", "Phone"),
        LabelAge => ("歳", ""),
        LabelNone => ("未選択", "none"),
        LabelSuggestions => ("提案 (理由つき)", "Suggestions (why)"),
        LabelSuggestionsFocused => ("提案: 選んだ理由を全文", "Suggestions: selected"),
        LabelSuggestionsAll => ("提案: すべての理由を全文", "Suggestions: all reasons"),
        MeetingConsent => ("同意あり", "consent"),
        MeetingNoConsent => ("同意が得られない: 守秘義務", "no consent: confidential"),
        MoreAbove => ("上に続きあり", "more above"),
        MoreBelow => ("下に続きあり", "more below"),
        MoreInPane => ("続きあり", "more"),
        HintAllReasons => ("理由をすべて", "every reason"),
        HintSelectedReason => ("選んだ理由", "selected reason"),
        HintNextMatch => ("次の候補", "next match"),
        HintYes => ("はい", "yes"),
        HintNo => ("いいえ", "no"),
        HintHandOff => ("つなぐ (確定)", "hand off"),
        HintCancel => ("やめる", "cancel"),
        HintOk => ("決定", "OK"),
        LabelConcerns => ("相談内容のチェック (Space で選択)", "Concerns (Space to tick)"),
        LabelMember => ("世帯員", "Person "),
        ConcernsTick => ("(Space で選択)", "(Space to tick)"),
        LabelUrgent => ("緊急", "URGENT"),
        LabelMultiAgency => ("多機関協働", "multi-agency"),
        LabelHandoffTitle => ("つなぐ先を選んでください (Space で選択、Enter で確定)", "Choose where to hand off (Space, then Enter)"),
        LabelHandoffNote => ("連絡事項", "Note"),
        DraftSaved => ("下書き保存済", "Draft saved"),
        DraftRestored => ("前回の下書きを復元しました", "The last draft was restored"),
        CaseSaved => ("保存しました", "Saved"),
        CalendarNotYet => ("以降は祝日が未登録のため表示しません", "later: holidays not in the seed yet"),
        ConsentToAsk => ("同意が未確認: 本人に確認を (会議は同意で決まります)", "consent not confirmed: ask (it decides the meeting)"),
        ConsentToAskShort => ("同意が未確認: 本人に確認を", "consent not asked: ask first"),
        ConsentUnconfirmed => ("-> 会議は未定: まず本人同意を確認", "-> no meeting yet: confirm consent"),
        ConsentIfGiven => ("あり:", "given:"),
        ConsentIfNot => ("得られない:", "not obtained:"),
        HandedOff => ("つなぎました", "Handed off"),
        NoStore => ("保存先のデータがありません", "No store to save to"),
        SaveFailed => ("保存できませんでした", "Could not save"),
        ConfirmNew => ("入力中の内容を消して新しい受付を始めますか", "Discard this intake and start a new one?"),
        ConfirmRemove => ("この世帯員の入力を消しますか", "Remove this person and what was typed?"),
        ConfirmKeys => ("Enter: はい  Esc: いいえ", "Enter: yes  Esc: no"),
        Previous => ("以前の相談", "Earlier case"),
        PreviousMore => ("ほか{n}件", "{n} more"),
        PreviousAdd => ("{key}: この案件に追加", "{key}: add the call to this case"),
        ConfirmAddToCase => (
            "{n} に相談記録として追加しますか",
            "Add this consultation to {n}?"
        ),
        AddedToCase => (
            "{n} に相談記録を追加しました (新しい案件は作っていません)",
            "Added to {n} as a later consultation (no new case)"
        ),
        AddToCaseFailed => ("{n} に追加できませんでした。何も変更していません: {e}", "Could not add to {n}; nothing was changed: {e}"),
        NoPrevious => (
            "以前の相談は見つかっていません (氏名・よみ・電話を入力すると探します)",
            "No earlier case found (type the name, kana or phone to look)"
        ),
        NothingChecked => ("つなぐ先が選ばれていません", "Nothing chosen to hand off to"),
        NothingToHandOff => ("つなぐ前に年齢・困りごと・相談内容のどれかを入力", "Before handing off, enter an age, a concern or a note"),
        EnterToTake => ("Enter で確定", "Enter to take it"),
        NoteKept => ("連絡事項は残してあります (もう一度つなぐと戻ります)", "The note is kept (it comes back with the next hand-off)"),
        HandoffCaseLabel => ("つなぐ案件", "Case"),
        HandoffNext => ("でつなぐ", "to hand it off"),
        TooSmall => ("画面が小さすぎます (40x10 以上)", "Window too small (40x10 or more)"),
        AddedFromSearch => ("検索から追加", "added from search"),
        Weekdays => ("月火水木金土日", "MonTueWedThuFriSatSun"),
        NotPermitted => (
            "権限がありません: {label} (名簿の役割を管理者に確認してください)",
            "Not permitted: {label} (ask an admin about your role)"
        ),
    }
}

// ---- Locale formatting: the one place numbers and dates take the reader's language. ----

/// Short weekday label for a chrono weekday.
pub fn weekday(lang: Lang, wd: chrono::Weekday) -> &'static str {
    const JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = wd.num_days_from_monday() as usize;
    let names = match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    };
    names.get(i).copied().unwrap_or_default()
}

/// A day as the desk reads it: "12/2(水)", or "Wed 12/2".
pub fn day_label(d: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let wd = weekday(lang, d.weekday());
    match lang {
        Lang::Ja => format!("{}/{}({wd})", d.month(), d.day()),
        Lang::En => format!("{wd} {}/{}", d.month(), d.day()),
    }
}

/// An ISO date (YYYY-MM-DD) as the desk reads it: "12/2(水)", or "Wed 12/2".
pub fn short_date(iso: &str, lang: Lang) -> String {
    match chrono::NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d") {
        Ok(d) => day_label(d, lang),
        Err(_) => iso.to_string(),
    }
}

/// The fiscal year's name: 令和8年度 (令和元年度, 平成30年度, ...) or FY2026.
pub fn fy_label(fy: i32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("FY{fy}"),
        Lang::Ja => {
            let (era, n) = if fy >= 2019 {
                ("令和", fy - 2018)
            } else if fy >= 1989 {
                ("平成", fy - 1988)
            } else {
                return format!("{fy}年度");
            };
            if n == 1 {
                format!("{era}元年度")
            } else {
                format!("{era}{n}年度")
            }
        }
    }
}

/// Days to one decimal: 1.5日 / 1.5 days.
pub fn days(d: f64, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{d:.1}日"),
        Lang::En => format!("{d:.1} days"),
    }
}

/// Month name for a month number: 4月 / Apr.
pub fn month(m: u32, lang: Lang) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::Ja => format!("{m}月"),
        Lang::En => EN
            .get((m as usize).wrapping_sub(1))
            .map_or_else(|| m.to_string(), |s| (*s).to_string()),
    }
}

/// A month of a year, as the CSV names it: 2026年4月 / 2026-04.
pub fn year_month(year: i32, m: u32, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{year}年{m}月"),
        Lang::En => format!("{year}-{m:02}"),
    }
}

/// "5回" / "5": a number with the target's unit in Japanese.
pub fn with_unit(n: u32, unit: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{n}{unit}"),
        Lang::En => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_years_months_and_units() {
        assert_eq!(fy_label(2026, Lang::Ja), "令和8年度");
        assert_eq!(fy_label(2019, Lang::Ja), "令和元年度");
        assert_eq!(fy_label(2018, Lang::Ja), "平成30年度");
        assert_eq!(fy_label(1989, Lang::Ja), "平成元年度");
        assert_eq!(fy_label(1988, Lang::Ja), "1988年度");
        assert_eq!(fy_label(2026, Lang::En), "FY2026");
        assert_eq!(month(4, Lang::En), "Apr");
        assert_eq!(month(13, Lang::En), "13");
        assert_eq!(year_month(2027, 3, Lang::Ja), "2027年3月");
        assert_eq!(year_month(2027, 3, Lang::En), "2027-03");
        assert_eq!(with_unit(5, "回", Lang::Ja), "5回");
        assert_eq!(days(1.25, Lang::En), "1.2 days");
        assert_eq!(fill("{a} {b} {c}", &[("a", "{b}"), ("b", "2")]), "{b} 2 {c}");
    }
}
