//! The subcommands that read or change records: refer, slip, report, purge.

use crate::session::{Session, directory_for_lookup};
use crate::{Args, input_error};
use anyhow::{Context as _, Result};
use std::io::Write;
use std::process::ExitCode;
use tsunagu::cli;
use tsunagu::cli::words::Word;
use tsunagu::domain::Role;
use tsunagu::store::replicate::SeedSource;

pub fn refer(
    args: &Args,
    source: &SeedSource,
    intake: &str,
    on: Option<&str>,
    json: bool,
) -> Result<ExitCode> {
    use std::io::Read;
    let lang = args.lang;
    let today = match on {
        None => chrono::Local::now().date_naive(),
        Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                return input_error(Word::DateForm.with(lang, &[("flag", "--on"), ("d", d)]));
            }
        },
    };
    let limit = tsunagu::referral::intake_parse::MAX_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let read = if intake == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(intake).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    if let Err(e) = read {
        return input_error(format!("--intake {intake}: {}", e.kind()));
    }
    if bytes.len() as u64 >= limit {
        let n = (limit - 1).to_string();
        return input_error(Word::IntakeTooLarge.with(lang, &[("path", intake), ("n", &n)]));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return input_error(Word::IntakeNotUtf8.with(lang, &[("path", intake)]));
    };
    let (directory, _) = directory_for_lookup(args, source)?;
    let parsed = match tsunagu::referral::intake_parse::parse_intake(&text, &directory) {
        Ok(i) => i,
        Err(e) => return input_error(format!("--intake {intake}: {}", e.message(lang))),
    };
    let advice = tsunagu::referral::evaluate(&parsed, &directory, today);
    let mut out = std::io::stdout().lock();
    if json {
        cli::refer::print_json(&mut out, &advice)?;
    } else {
        cli::refer::print_text(&mut out, &advice, lang)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn slip(args: &Args, source: &SeedSource, typed: &str, only: Option<u32>) -> Result<ExitCode> {
    let Some(number) = cli::case_number(typed) else {
        return input_error(cli::bad_case_number(typed, args.lang));
    };
    let session = Session::open_to_read(args, source)?;
    let store = &session.store;
    let Some(case) = store.case(&number)? else {
        return input_error(Word::NoSuchCase.with(args.lang, &[("n", &number)]));
    };
    let handoffs = store.handoffs_of_case(&case.number)?;
    match tsunagu::slip::render(&session.directory, &case, &handoffs, only, args.lang) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => input_error(e.to_string()),
    }
}

pub fn report(
    args: &Args,
    source: &SeedSource,
    fy: Option<i32>,
    format: &str,
    out: Option<&std::path::Path>,
) -> Result<ExitCode> {
    let Some(format) = cli::report::Format::parse(format) else {
        return input_error(format!("--format: text | csv | json ({format})"));
    };
    let session = Session::open_to_read(args, source)?;
    session.require(&[Role::Coordinator, Role::Admin], "集計")?;
    let today = chrono::Local::now().date_naive();
    let fy = fy.unwrap_or_else(|| tsunagu::domain::fiscal_year(today));
    let figures = tsunagu::report::load(session.store.as_ref(), fy, &session.directory, today)?;
    match out {
        None => {
            let mut o = std::io::stdout().lock();
            cli::report::print(&mut o, &figures, format, args.lang)?;
            o.flush()?;
        }
        Some(path) => {
            let mut buf = Vec::new();
            cli::report::print(&mut buf, &figures, format, args.lang)?;
            // The one safe writer (issue 13, L3): a new temporary file (0600, never
            // through a symlink) renamed over the target, as export does.
            tsunagu::store::fsync::write_atomically(path, true, |_, e| e, |w| w.write_all(&buf))
                .with_context(|| format!("--out {}", path.display()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn purge(args: &Args, source: &SeedSource, closed_before: &str, yes: bool) -> Result<ExitCode> {
    use tsunagu::store::purge::purge_closed_before;
    let Ok(date) = chrono::NaiveDate::parse_from_str(closed_before, "%Y-%m-%d") else {
        let args_ = [("flag", "--closed-before"), ("d", closed_before)];
        return input_error(Word::DateForm.with(args.lang, &args_));
    };
    let session = Session::open_to_change(args, source, "tsunagu purge")?;
    session.require(&[Role::Admin], "個人情報の匿名化 (purge)")?;
    let store = session.store;
    let dry = purge_closed_before(store.as_ref(), date, true)?;
    let mut out = std::io::stdout().lock();
    if dry.cases_anonymized == 0 {
        cli::archive::print_purge_summary(&mut out, &dry, args.lang)?;
        return Ok(ExitCode::SUCCESS);
    }
    if !yes {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        if !cli::archive::confirm_purge(
            &mut input,
            &mut std::io::stderr().lock(),
            dry.cases_anonymized,
            args.lang,
        ) {
            say!("{}", Word::Cancelled.text(args.lang));
            return Ok(ExitCode::from(1));
        }
    }
    let done = purge_closed_before(store.as_ref(), date, false)?;
    cli::archive::print_purge_summary(&mut out, &done, args.lang)?;
    Ok(ExitCode::SUCCESS)
}
