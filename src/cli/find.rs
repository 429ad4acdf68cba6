//! `tsunagu find`: ranked directory entries as a table or JSON.

use crate::domain::Directory;
use crate::i18n::{Lang, Msg};
use crate::search::{HitInfo, Index, explained};
use crate::text;
use std::io::{self, Write};

/// Run a query against a directory.
pub fn find(dir: &Directory, query: &str, limit: usize) -> Vec<HitInfo> {
    explained(&Index::build(dir), dir, query, limit)
}

pub fn print_json(out: &mut dyn Write, hits: &[HitInfo]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, hits).map_err(io::Error::other)?;
    writeln!(out)
}

fn kind_label(info: &HitInfo, lang: Lang) -> &'static str {
    use crate::search::EntryKind::*;
    match info.kind {
        Program => Msg::KindProgram.text(lang),
        Site => Msg::KindSite.text(lang),
        Section => Msg::KindSection.text(lang),
        Meeting => Msg::KindMeeting.text(lang),
    }
}

pub fn print_table(out: &mut dyn Write, hits: &[HitInfo], lang: Lang) -> io::Result<()> {
    if hits.is_empty() {
        return writeln!(out, "{}", Msg::SearchNoMatch.text(lang));
    }
    for (i, h) in hits.iter().enumerate() {
        let program = match &h.program {
            Some(p) if *p != h.name => p.as_str(),
            _ => "",
        };
        writeln!(
            out,
            "{:>3}  {}  {}  {}  {}",
            i + 1,
            text::fit(kind_label(h, lang), 6),
            text::fit(&text::display(&h.name), 34),
            text::fit(&text::display(&h.sections.join(" ")), 22),
            text::display(program)
        )?;
        let why = crate::search::reasons(&h.matched, lang);
        if !why.is_empty() {
            let partial = if h.partial {
                format!("{} / ", Msg::SearchPartial.text(lang))
            } else {
                String::new()
            };
            writeln!(
                out,
                "     {partial}{}{}",
                Msg::WhyLabel.text(lang),
                text::display(&why)
            )?;
        }
    }
    Ok(())
}
