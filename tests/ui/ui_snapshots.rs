//! Screens at 80x24 through ratatui's TestBackend, in Japanese and English.

use crate::common;
use common::{key, typed as type_str};
use common::{render, screen};

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use tsunagu::i18n::Lang;
use tsunagu::tui::app::{App, Env};
use tsunagu::tui::keymap::Keymap;

fn app(lang: Lang) -> App {
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let env = Env::new(dir, Keymap::default_map(), lang, "総合相談支援室".into());
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(14, 5, 0)
        .unwrap();
    App::new(env, now)
}

#[test]
fn search_empty_ja() {
    let mut a = app(Lang::Ja);
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn search_hikikomori_ja() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "ひきこもり");
    let t = render(&mut a, 80, 24);
    // the IME composes where the user types: right after the query
    let cursor = t.backend().cursor_position();
    assert_eq!((cursor.x, cursor.y), (1 + 6 + 10, 1));
    insta::assert_snapshot!(screen(&t));
}

#[test]
fn search_hikikomori_en() {
    let mut a = app(Lang::En);
    type_str(&mut a, "hikikomori");
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn search_foreign_desk_shows_next_sessions_ja() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "gaikokujin");
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn search_list_focus_and_selection() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "kaigo");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Down);
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn no_match_says_what_to_do() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "zzqx");
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn help_overlay_ja() {
    let mut a = app(Lang::Ja);
    key(&mut a, KeyCode::F(1));
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn coming_tabs_en() {
    let mut a = app(Lang::En);
    key(&mut a, KeyCode::F(2));
    insta::assert_snapshot!(screen(&render(&mut a, 80, 24)));
}

#[test]
fn other_sizes_do_not_panic() {
    let mut a = app(Lang::Ja);
    type_str(&mut a, "ささえあい");
    for (w, h) in [(60, 20), (200, 60), (40, 10), (39, 9), (1, 1), (80, 24)] {
        render(&mut a, w, h);
    }
    key(&mut a, KeyCode::F(1));
    render(&mut a, 40, 10);
}

/// Issue 11: F1 opens on the current tab's keys and scrolls, so every key of the keymap
/// in effect can be read at 80x24 (the 案件 keys, 会議's n, Ctrl-K and F9 were cut).
#[test]
fn help_scrolls_to_every_key_at_80x24() {
    use ratatui::layout::Size;
    use tsunagu::tui::action::HelpSection;
    use tsunagu::tui::app::Tab;
    for lang in [Lang::Ja, Lang::En] {
        for (tab, section) in [
            (Tab::Intake, HelpSection::Intake),
            (Tab::Search, HelpSection::Search),
            (Tab::Cases, HelpSection::Cases),
            (Tab::Meetings, HelpSection::Meetings),
        ] {
            let mut a = app(lang);
            a.resize(Size::new(80, 24));
            a.tab = tab;
            key(&mut a, KeyCode::F(1));
            let first = screen(&render(&mut a, 80, 24));
            let heading = section.label(lang);
            let opening: Vec<&str> = first.lines().skip(2).take(2).collect();
            assert!(
                opening.iter().any(|l| l.trim_start().starts_with(heading)),
                "{tab:?} {lang:?}: help opens on {heading}\n{first}"
            );
            let mut seen = first.clone();
            let mut last = first;
            for _ in 0..20 {
                key(&mut a, KeyCode::PageDown);
                let s = screen(&render(&mut a, 80, 24));
                if s == last {
                    break;
                }
                seen.push_str(&s);
                last = s;
            }
            for (_, entries) in a.env.keymap.help(lang) {
                for (keys, desc) in entries {
                    let first_key = keys.split(" / ").next().unwrap_or_default();
                    assert!(
                        seen.lines()
                            .any(|l| l.contains(first_key) && l.contains(&format!(" {desc}"))),
                        "{tab:?} {lang:?}: {keys} {desc} is never shown\n{seen}"
                    );
                }
            }
        }
    }
}

/// Issue 11: the 検索 list cut names at 20 columns, so a site, its program and its
/// section read the same (入間市地域包括支援セ / 地域包括支援センター …). At 80x24, in
/// Japanese and English, each row shows the entry's kind and its whole name when the
/// name fits the row, and no two entries' rows read the same.
#[test]
fn search_rows_tell_entries_apart_at_80x24() {
    for lang in [Lang::Ja, Lang::En] {
        for query in ["kaigo", "地域包括", "ひきこもり", "kosodate"] {
            let mut a = app(lang);
            type_str(&mut a, query);
            let s = screen(&render(&mut a, 80, 24));
            let rows: Vec<String> = s
                .lines()
                .skip(3)
                .take(18.min(a.search.hits.len()))
                .map(|l| l.split(" |").next().unwrap_or_default().trim().to_string())
                .collect();
            let infos: Vec<_> = a
                .search
                .hits
                .iter()
                .take(rows.len())
                .map(|h| tsunagu::search::describe(&a.env.directory, h))
                .collect();
            assert!(!infos.is_empty(), "{query}: hits\n{s}");
            for (row, info) in rows.iter().zip(&infos) {
                let name = tsunagu::text::display(&info.name);
                if tsunagu::text::width(&name) <= 36 - 2 - 3 {
                    assert!(
                        row.contains(&name),
                        "{lang:?} {query}: {name} whole in {row:?}\n{s}"
                    );
                }
            }
            for (i, r) in rows.iter().enumerate() {
                for (j, q) in rows.iter().enumerate().skip(i + 1) {
                    assert!(
                        r != q || infos[i].id == infos[j].id,
                        "{lang:?} {query}: rows {i} and {j} read the same: {r:?}\n{s}"
                    );
                }
            }
        }
    }
}

/// More entries match than the list holds (300): the count says so (300件+ / 300+ hits),
/// and a query with fewer says the number alone.
#[test]
fn a_capped_list_says_more_matched() {
    let tmp = tempfile::tempdir().unwrap();
    let seed = tmp.path().join("seed");
    tsunagu::synth::write_seed(&seed, 1500, 20_261_202).unwrap();
    let dir = tsunagu::seed::load_dir(&seed).unwrap();
    for (lang, more) in [(Lang::Ja, "300件+"), (Lang::En, "300+ hits")] {
        let env = Env::new(dir.clone(), Keymap::default_map(), lang, "総合相談支援室".into());
        let now = NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(14, 5, 0)
            .unwrap();
        let mut a = App::new(env, now);
        type_str(&mut a, "か");
        let line = query_line(&mut a);
        assert!(line.ends_with(more), "{line:?}");
        let index = tsunagu::search::Index::build(&dir);
        assert!(
            index.query("か", usize::MAX).hits.len() > 300,
            "the query matches more than 300"
        );
    }
    let mut a = app(Lang::Ja);
    type_str(&mut a, "ひきこもり");
    let line = query_line(&mut a);
    assert!(line.ends_with('件'), "{line:?}");
}

/// The search line (the query and the count) at 80x24.
fn query_line(a: &mut App) -> String {
    let screen = screen(&render(a, 80, 24));
    screen.lines().nth(1).unwrap_or_default().trim_end().to_string()
}
