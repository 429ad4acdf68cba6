//! Every UI string is drawn the same by terminals that treat ambiguous-width characters
//! as narrow and by those (Japanese ones) that draw them double: width() == width_cjk().

use tsunagu::i18n::{Lang, Msg};
use tsunagu::tui::action::Action;
use tsunagu::tui::keymap::{Context, Keymap};
use tsunagu::tui::text::{display, is_width_safe};
use unicode_width::UnicodeWidthChar;

fn check(what: &str, s: &str, bad: &mut Vec<String>) {
    if !is_width_safe(s) {
        let chars: String = s.chars().filter(|c| c.width() != c.width_cjk()).collect();
        bad.push(format!("{what}: {s:?} has {chars:?}"));
    }
}

#[test]
fn every_ui_string_has_unambiguous_width() {
    let mut bad = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        for m in Msg::ALL {
            check(&format!("{m:?}"), m.text(lang), &mut bad);
        }
        for a in Action::ALL {
            check(a.name(), a.description(lang), &mut bad);
            check(a.name(), a.section().label(lang), &mut bad);
        }
        for (section, entries) in Keymap::default_map().help(lang) {
            check("help", section.label(lang), &mut bad);
            for (keys, desc) in entries {
                check("help keys", &keys, &mut bad);
                check("help desc", desc, &mut bad);
            }
        }
        for g in [
            tsunagu::domain::Group::Consultation,
            tsunagu::domain::Group::Community,
            tsunagu::domain::Group::New,
        ] {
            check("group", g.label_ja(), &mut bad);
            check("group", g.label_en(), &mut bad);
        }
    }
    for map in [
        Keymap::default_map(),
        Keymap::load(&[("vim", tsunagu::tui::keymap::VIM_TOML)]).0,
    ] {
        for ctx in Context::ALL {
            for (action, keys) in map.bindings(ctx) {
                for k in keys {
                    check(action.name(), &k.label(), &mut bad);
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn seed_text_through_the_mapper_is_safe() {
    let dir = tsunagu::seed::load_embedded().unwrap().directory;
    let mut texts: Vec<&str> = Vec::new();
    for p in &dir.programs {
        texts.extend([p.name.as_str(), &p.service, &p.reading]);
        texts.extend(
            [&p.target, &p.mode, &p.area, &p.duties, &p.sites_summary]
                .into_iter()
                .flatten()
                .map(|s| s.as_str()),
        );
        texts.extend(p.legal_basis.iter().map(|s| s.as_str()));
    }
    for s in &dir.sites {
        texts.push(&s.name);
        texts.extend(
            [&s.location, &s.area, &s.note]
                .into_iter()
                .flatten()
                .map(|s| s.as_str()),
        );
    }
    for m in &dir.meetings {
        texts.extend([m.name.as_str(), &m.purpose, &m.members, &m.frequency]);
        texts.extend(m.roles.iter().map(|s| s.as_str()));
    }
    let mut bad = Vec::new();
    for t in texts {
        check("seed", &display(t), &mut bad);
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
