//! Every action a key can trigger. Keymaps name these in snake_case; help and status
//! hints come from their descriptions.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HelpSection {
    General,
    Navigation,
    Editing,
    Search,
    Intake,
    Cases,
    Meetings,
}

impl HelpSection {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (HelpSection::General, Lang::Ja) => "全体",
            (HelpSection::General, Lang::En) => "General",
            (HelpSection::Navigation, Lang::Ja) => "移動",
            (HelpSection::Navigation, Lang::En) => "Navigation",
            (HelpSection::Editing, Lang::Ja) => "入力",
            (HelpSection::Editing, Lang::En) => "Editing",
            (HelpSection::Search, Lang::Ja) => "検索",
            (HelpSection::Search, Lang::En) => "Search",
            (HelpSection::Intake, Lang::Ja) => "受付",
            (HelpSection::Intake, Lang::En) => "Intake",
            (HelpSection::Cases, Lang::Ja) => "案件",
            (HelpSection::Cases, Lang::En) => "Cases",
            (HelpSection::Meetings, Lang::Ja) => "会議",
            (HelpSection::Meetings, Lang::En) => "Meetings",
        }
    }
}

macro_rules! actions {
    ($($name:ident = $key:literal, $sec:ident, $ja:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action { $($name,)* }
        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$name,)*];
            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(Action::$name => $key,)* }
            }
            pub fn from_name(s: &str) -> Option<Action> {
                match s { $($key => Some(Action::$name),)* _ => None }
            }
            pub fn section(self) -> HelpSection {
                match self { $(Action::$name => HelpSection::$sec,)* }
            }
            pub fn description(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Action::$name, Lang::Ja) => $ja, (Action::$name, Lang::En) => $en,)*
                }
            }
        }
    };
}

actions! {
    Quit = "quit", General, "終了", "Quit";
    Help = "help", General, "ヘルプ", "Help";
    NextTab = "next_tab", General, "次のタブ", "Next tab";
    PrevTab = "prev_tab", General, "前のタブ", "Previous tab";
    GotoIntake = "goto_intake", General, "受付へ", "Go to Intake";
    GotoSearch = "goto_search", General, "検索へ", "Go to Search";
    GotoCases = "goto_cases", General, "案件へ", "Go to Cases";
    GotoMeetings = "goto_meetings", General, "会議へ", "Go to Meetings";
    GotoReport = "goto_report", General, "集計へ", "Go to Report";
    FocusNext = "focus_next", Navigation, "次へ", "Next";
    FocusPrev = "focus_prev", Navigation, "前へ", "Previous";
    Back = "back", Navigation, "戻る", "Back";
    MoveUp = "move_up", Navigation, "上へ", "Up";
    MoveDown = "move_down", Navigation, "下へ", "Down";
    PageUp = "page_up", Navigation, "前のページ", "Page up";
    PageDown = "page_down", Navigation, "次のページ", "Page down";
    First = "first", Navigation, "先頭へ", "First";
    Last = "last", Navigation, "末尾へ", "Last";
    Open = "open", Search, "詳細", "Details";
    DetailUp = "detail_up", Search, "詳細を上へ", "Scroll details up";
    DetailDown = "detail_down", Search, "詳細を下へ", "Scroll details down";
    CursorLeft = "cursor_left", Editing, "カーソル左", "Cursor left";
    CursorRight = "cursor_right", Editing, "カーソル右", "Cursor right";
    CursorHome = "cursor_home", Editing, "行頭", "Start of line";
    CursorEnd = "cursor_end", Editing, "行末", "End of line";
    DeleteBack = "delete_back", Editing, "左の1文字削除", "Delete back";
    DeleteForward = "delete_forward", Editing, "右の1文字削除", "Delete forward";
    ClearInput = "clear_input", Editing, "入力を消去", "Clear input";
    Toggle = "toggle", Editing, "選択", "Select";
    ChoicePrev = "choice_prev", Editing, "前の選択肢", "Previous choice";
    ChoiceNext = "choice_next", Editing, "次の選択肢", "Choice";
    AddToIntake = "add_to_intake", Search, "受付に追加", "Add to intake";
    Save = "save", Intake, "保存", "Save";
    Handoff = "handoff", Intake, "つなぐ", "Hand off";
    AddPerson = "add_person", Intake, "世帯員を追加", "Add a person";
    RemovePerson = "remove_person", Intake, "世帯員を削除", "Remove a person";
    NewIntake = "new_intake", Intake, "新しい受付", "New intake";
    Accept = "accept", Cases, "受理", "Accept";
    ReturnHandoff = "return_handoff", Cases, "差戻し", "Return";
    Complete = "complete", Cases, "完了", "Done";
    Slip = "slip", Cases, "つなぐシート", "Slip";
    PrintSlip = "print_slip", Cases, "シートを印刷", "Print slip";
    HandoffCase = "handoff_case", Cases, "つなぐ", "Hand off";
    ToggleInbox = "toggle_inbox", Cases, "受信箱/全件", "Inbox/all";
    FilterStatus = "filter_status", Cases, "状態で絞込", "Filter status";
    FilterSection = "filter_section", Cases, "所管課を切替", "Switch section";
    FilterSectionPrev = "filter_section_prev", Cases, "前の所管課", "Previous section";
    FilterPeriod = "filter_period", Cases, "期間で絞込", "Filter period";
    FilterDesk = "filter_desk", Cases, "窓口で絞込", "Filter desk";
    SearchCases = "search_cases", Cases, "案件を検索", "Search cases";
    AddToCase = "add_to_case", Intake, "案件に追加", "Add to the case";
    NewMeeting = "new_meeting", Meetings, "会議を記録", "Record a meeting";
}
