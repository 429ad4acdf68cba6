//! Issue 11: every screen at 60x20, 80x24, 100x30 and 200x60, in Japanese and English:
//! no catalogue label drawn cut, no hidden field that takes focus. Not snapshots: a check
//! that reads every screen drawn and fails on a label cut at the screen's edge, at a
//! field's `]` or at a pane's bar, and on a focus that draws nowhere.

use crate::common::render;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use std::sync::Arc;
use tsunagu::domain::{Channel, Consent, Decision, HandoffStatus, Relation};
use tsunagu::i18n::{Label, Lang, Msg};
use tsunagu::store::SledStore;
use tsunagu::tui::action::Action;
use tsunagu::tui::app::{App, Env, Tab};
use tsunagu::tui::keymap::Keymap;

pub const SIZES: [(u16, u16); 4] = [(60, 20), (80, 24), (100, 30), (200, 60)];

fn app(lang: Lang, store: Option<Arc<SledStore>>) -> App {
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let mut env = Env::new(dir, Keymap::default_map(), lang, "総合相談支援室".into());
    env.user = "tanaka".into();
    let now = NaiveDate::from_ymd_opt(2026, 12, 2)
        .unwrap()
        .and_hms_opt(15, 34, 0)
        .unwrap();
    let a = App::new(env, now);
    match store {
        Some(s) => a.with_store(s),
        None => a,
    }
}

fn key(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Every fixed word the screens draw, in `lang`.
pub fn labels(lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = Msg::ALL.iter().map(|m| m.text(lang).to_string()).collect();
    out.extend(Action::ALL.iter().map(|a| a.description(lang).to_string()));
    out.extend(
        tsunagu::report::words::Word::ALL
            .iter()
            .map(|w| w.text(lang).to_string()),
    );
    out.extend(
        tsunagu::tui::tabs::cases::words::Word::ALL
            .iter()
            .map(|w| w.text(lang).to_string()),
    );
    out.extend(
        tsunagu::tui::tabs::meeting_words::Word::ALL
            .iter()
            .map(|w| w.text(lang).to_string()),
    );
    out.extend(Channel::ALL.iter().map(|c| c.label(lang).to_string()));
    out.extend(Consent::ALL.iter().map(|c| c.label(lang).to_string()));
    out.extend(Relation::ALL.iter().map(|c| c.label(lang).to_string()));
    out.extend(HandoffStatus::ALL.iter().map(|c| c.label(lang).to_string()));
    out.extend(Decision::ALL.iter().map(|c| c.label(lang).to_string()));
    for v in [Consent::Given, Consent::Refused, Consent::Unknown] {
        out.push(tsunagu::tui::tabs::intake::form::consent_label(v, lang).to_string());
    }
    for v in Channel::ALL {
        out.push(tsunagu::tui::tabs::intake::form::channel_label(v, lang).to_string());
    }
    // Whole phrases only: what a catalogue entry puts around a value is checked in parts.
    let mut words: Vec<String> = out
        .iter()
        .flat_map(|s| {
            s.split(['{', '}', ':', '(', ')', '[', ']'])
                .map(|p| p.trim().to_string())
        })
        .filter(|s| s.chars().count() >= 2)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The rows of a drawn screen as read (wide characters once), and whether each reaches
/// the right edge.
fn rows(t: &Terminal<TestBackend>) -> Vec<(String, bool)> {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let mut s = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = tsunagu::text::width(sym).saturating_sub(1);
                s.push_str(sym);
            }
            let edge = buf[(buf.area.width - 1, y)].symbol().trim() != "";
            (s.trim_end().to_string(), edge)
        })
        .collect()
}

/// Labels drawn cut: a label's beginning (at least half of it, two characters or more)
/// that stops at the right edge, at a `]` or at a pane's bar instead of going on with
/// the label. A beginning that is itself a label (受付 of 受付へ) is not a cut.
pub fn cut_labels(t: &Terminal<TestBackend>, labels: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let all = rows(t);
    for (y, (row, edge)) in all.iter().enumerate() {
        let edge = *edge;
        let next = all.get(y + 1).map(|(r, _)| r.as_str()).unwrap_or_default();
        for label in labels {
            let chars: Vec<char> = label.chars().collect();
            let n = chars.len();
            let least = (n / 2).max(2);
            let head: String = chars[..least].iter().collect();
            let mut from = 0;
            while let Some(i) = row[from..].find(&head) {
                let start = from + i;
                let after_all = &row[start..];
                let m = after_all.chars().zip(&chars).take_while(|(a, b)| a == *b).count();
                let prefix: String = chars[..m].iter().collect();
                let at = start + prefix.len();
                let after = &row[at..];
                let rest: String = chars[m..].iter().collect();
                // At the edge, a label wrapped onto the next row is whole.
                // (or broken between its words, as text::wrap does: another label with
                // the same first words may be the one that goes on below).
                let wrapped = (!rest.trim().is_empty() && next.contains(rest.trim()))
                    || (rest.starts_with(' ') && !next.trim().is_empty());
                let cut = (after.is_empty() && edge && !wrapped)
                    || after.starts_with(']')
                    || after.starts_with(" |");
                // A label starts a word: after a space, a bracket, a bar or a colon.
                let starts = row[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| matches!(c, ' ' | '[' | '(' | '|' | ':' | '>' | '*'));
                let too_short = n < 3;
                let is_word = prefix.ends_with(' ') || labels.iter().any(|l| *l == prefix.trim());
                if m < n && cut && starts && !is_word && !too_short {
                    found.push(format!("{label:?} cut as {prefix:?} in {row:?}"));
                }
                from = start + head.len();
            }
        }
    }
    // A field is drawn whole: every `[` on a row is closed on it.
    for (row, _) in &all {
        if row.matches('[').count() != row.matches(']').count() {
            found.push(format!("a field cut (unclosed [) in {row:?}"));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Cells drawn reversed in the body (the focus), the top line's tab and the hint line
/// left out.
fn focus_cells(t: &Terminal<TestBackend>) -> usize {
    let buf = t.backend().buffer();
    let mut n = 0;
    for y in 1..buf.area.height.saturating_sub(2) {
        for x in 0..buf.area.width {
            if buf[(x, y)].modifier.contains(Modifier::REVERSED) {
                n += 1;
            }
        }
    }
    n
}

fn check(a: &mut App, what: &str, labels: &[String], problems: &mut Vec<String>) {
    for (w, h) in SIZES {
        a.resize(ratatui::layout::Size::new(w, h));
        let t = render(a, w, h);
        for c in cut_labels(&t, labels) {
            problems.push(format!("{w}x{h} {:?} {what}: {c}", a.lang()));
        }
        // The clock on the top line is whole (it was "Wed 12/2 15:" at 60 columns).
        let top = crate::common::screen(&t);
        if !top.lines().next().is_some_and(|l| l.ends_with("15:34")) {
            problems.push(format!(
                "{w}x{h} {:?} {what}: the time is cut on the top line",
                a.lang()
            ));
        }
    }
}

#[test]
fn the_checker_finds_a_cut_label() {
    let labels = labels(Lang::En);
    let mut t = Terminal::new(TestBackend::new(31, 2)).unwrap();
    t.draw(|f| {
        f.render_widget(
            ratatui::widgets::Paragraph::new(" Consent [not as]\n Previous choice  Previous choi"),
            f.area(),
        )
    })
    .unwrap();
    let found = cut_labels(&t, &labels);
    assert!(found.iter().any(|f| f.contains("not as")), "{found:?}");
    assert!(
        found.iter().any(|f| f.contains("cut as \"Previous choi\"")),
        "{found:?}"
    );
    // Whole labels are not reported.
    let mut t = Terminal::new(TestBackend::new(40, 2)).unwrap();
    t.draw(|f| {
        f.render_widget(
            ratatui::widgets::Paragraph::new(" Consent [not asked]  [Search]\n Previous choice | Choice"),
            f.area(),
        )
    })
    .unwrap();
    let found = cut_labels(&t, &labels);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn no_label_is_cut_at_any_size_in_either_language() {
    let mut problems = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        let labels = labels(lang);
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(crate::common::store::open(&dir.path().join("store")));
        let mut a = app(lang, Some(store));
        // 検索: empty, a query, the detail full width.
        a.tab = Tab::Search;
        check(&mut a, "search empty", &labels, &mut problems);
        for c in "kaigo".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        check(&mut a, "search kaigo", &labels, &mut problems);
        key(&mut a, KeyCode::Enter);
        check(&mut a, "search detail", &labels, &mut problems);
        key(&mut a, KeyCode::Esc);
        // 受付, every field focused in turn; the help over it.
        key(&mut a, KeyCode::F(2));
        for i in 0..20 {
            check(&mut a, &format!("intake after {i} Tab"), &labels, &mut problems);
            key(&mut a, KeyCode::Tab);
        }
        key(&mut a, KeyCode::F(1));
        check(&mut a, "help", &labels, &mut problems);
        key(&mut a, KeyCode::F(1));
        // The hand-off dialog, then the case in 案件 with its timeline and detail.
        a.on_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
        check(&mut a, "hand-off dialog", &labels, &mut problems);
        key(&mut a, KeyCode::Enter);
        check(&mut a, "cases after a hand-off", &labels, &mut problems);
        key(&mut a, KeyCode::Char('i'));
        check(&mut a, "an inbox", &labels, &mut problems);
        key(&mut a, KeyCode::Char('i'));
        key(&mut a, KeyCode::Enter);
        check(&mut a, "case detail", &labels, &mut problems);
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('p'));
        check(&mut a, "slip", &labels, &mut problems);
        key(&mut a, KeyCode::Esc);
        // 案件's search: the line, the search in effect, one that finds nothing.
        key(&mut a, KeyCode::Char('/'));
        check(&mut a, "case search line", &labels, &mut problems);
        key(&mut a, KeyCode::Char('1'));
        key(&mut a, KeyCode::Enter);
        check(&mut a, "case search in effect", &labels, &mut problems);
        key(&mut a, KeyCode::Char('/'));
        for c in "zzz".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        check(&mut a, "case search without a match", &labels, &mut problems);
        key(&mut a, KeyCode::Esc);
        // 受付's 以前の相談: a case saved with kana, then the same kana typed again.
        key(&mut a, KeyCode::F(2));
        let to_kana = |a: &mut App| {
            for _ in 0..40 {
                if a.intake.focused() == tsunagu::tui::tabs::intake::Field::Kana {
                    break;
                }
                key(a, KeyCode::Tab);
            }
        };
        to_kana(&mut a);
        for c in "yamada".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        a.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        to_kana(&mut a);
        for c in "やまだ".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        let later = a.now + chrono::Duration::seconds(2);
        a.tick(later);
        assert!(a.intake.lookup.found.is_some(), "以前の相談 found");
        check(&mut a, "intake 以前の相談", &labels, &mut problems);
        a.on_key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL));
        check(&mut a, "add to the earlier case?", &labels, &mut problems);
        key(&mut a, KeyCode::Esc);
        // 会議: the list, then a new meeting's every field; 集計.
        key(&mut a, KeyCode::F(5));
        check(&mut a, "meetings", &labels, &mut problems);
        key(&mut a, KeyCode::Char('n'));
        for i in 0..10 {
            check(
                &mut a,
                &format!("meeting form after {i} Tab"),
                &labels,
                &mut problems,
            );
            key(&mut a, KeyCode::Tab);
        }
        key(&mut a, KeyCode::F(6));
        check(&mut a, "report", &labels, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "{} cut labels:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_field_that_takes_focus_is_drawn_at_every_size() {
    let mut problems = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        for (w, h) in SIZES {
            let mut a = app(lang, None);
            a.resize(ratatui::layout::Size::new(w, h));
            key(&mut a, KeyCode::F(2));
            // Two people, so the household's fields are there too.
            a.on_key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
            for i in 0..24 {
                let f = a.intake.focused();
                // The received stamp is whole too (it was cut to "Received 12/02 15:3").
                let s = crate::common::screen(&render(&mut a, w, h));
                if !s.contains(&format!("{} 12/02 15:34", Msg::LabelReceived.text(lang))) {
                    problems.push(format!("{w}x{h} {lang:?}: the received stamp is cut\n{s}"));
                }
                let t = render(&mut a, w, h);
                if focus_cells(&t) == 0 {
                    problems.push(format!(
                        "{w}x{h} {lang:?}: {f:?} (Tab {i}) has focus and is not drawn"
                    ));
                }
                key(&mut a, KeyCode::Tab);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The same for 会議's form: every field Tab lands on is drawn highlighted.
#[test]
fn every_meeting_field_that_takes_focus_is_drawn_at_every_size() {
    let mut problems = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        for (w, h) in SIZES {
            let dir = tempfile::tempdir().unwrap();
            let store = Arc::new(crate::common::store::open(&dir.path().join("store")));
            let mut a = app(lang, Some(store));
            a.resize(ratatui::layout::Size::new(w, h));
            key(&mut a, KeyCode::F(5));
            key(&mut a, KeyCode::Char('n'));
            for i in 0..12 {
                let t = render(&mut a, w, h);
                if focus_cells(&t) == 0 {
                    let s = crate::common::screen(&t);
                    problems.push(format!("{w}x{h} {lang:?}: Tab {i} lands on nothing drawn\n{s}"));
                }
                key(&mut a, KeyCode::Tab);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
