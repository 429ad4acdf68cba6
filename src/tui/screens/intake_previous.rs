//! 受付's 以前の相談 lines (under the person fields) and the question before a
//! consultation is added to an earlier case.

use super::super::tabs::intake::IntakeTab;
use crate::domain::Directory;
use crate::i18n::{Lang, Msg};
use crate::text;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// "R8-000045 11/26 -> 高齢者支援課、地域保健課" for the case Ctrl-O adds to, with the
/// key, when the person typed matches a case the clerk may read; nothing otherwise.
pub fn lines(t: &IntakeTab, dir: &Directory, w: usize, lang: Lang, key: &str) -> Vec<Line<'static>> {
    let (Some(found), Some(v)) = (&t.lookup.found, t.previous_choice()) else {
        return Vec::new();
    };
    let mut head = format!(
        "{}: {} {}",
        Msg::Previous.text(lang),
        v.case.number,
        short_date(&v.case.received_at)
    );
    let others = found.cases.len().saturating_sub(1);
    if others > 0 || found.more {
        let n = if found.more {
            format!("{others}+")
        } else {
            others.to_string()
        };
        head.push(' ');
        head.push_str(&Msg::PreviousMore.text(lang).replace("{n}", &n));
    }
    let mut sections: Vec<String> = Vec::new();
    for h in &v.handoffs {
        let name = text::display(
            dir.section(&h.section)
                .map_or(h.section.as_str(), |s| s.name.as_str()),
        );
        if !sections.contains(&name) {
            sections.push(name);
        }
    }
    let place = if sections.is_empty() {
        no_handoffs(lang).to_string()
    } else {
        format!("-> {}", sections.join(list_sep(lang)))
    };
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let room = w.saturating_sub(1).max(4);
    let mut out: Vec<Line<'static>> = text::wrap(&head, room)
        .into_iter()
        .map(|l| Line::from(Span::styled(format!(" {l}"), bold)))
        .collect();
    let room = w.saturating_sub(3).max(4);
    for l in text::wrap(&place, room) {
        out.push(Line::from(format!("   {l}")));
    }
    if !key.is_empty() {
        for l in text::wrap(&Msg::PreviousAdd.text(lang).replace("{key}", key), room) {
            out.push(Line::from(format!("   {l}")));
        }
    }
    out
}

/// "R8-000045 に相談記録として追加しますか" (with "(1/2)" when there are more).
pub fn confirm_text(t: &IntakeTab, lang: Lang) -> String {
    let Some(v) = t.previous_choice() else {
        return String::new();
    };
    let n = t.lookup.found.as_ref().map_or(0, |f| f.cases.len());
    let number = if n > 1 {
        format!("{} ({}/{n})", v.case.number, t.lookup.choice.min(n - 1) + 1)
    } else {
        v.case.number.clone()
    };
    Msg::ConfirmAddToCase.text(lang).replace("{n}", &number)
}

fn short_date(rfc3339: &str) -> String {
    super::cases::lines::short_date(rfc3339)
}

fn no_handoffs(lang: Lang) -> &'static str {
    super::super::tabs::cases::words::Word::NoHandoffs.text(lang)
}

fn list_sep(lang: Lang) -> &'static str {
    super::super::tabs::cases::words::Word::ListSep.text(lang)
}
