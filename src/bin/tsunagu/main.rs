//! tsunagu command line: the TUI by default, and subcommands for quick lookups and the
//! seed. anyhow lives here only; the library returns typed errors.

// CI keeps src free of unwrap and expect (issue 12); tests may use them.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tsunagu::domain::Role;
use tsunagu::i18n::Lang;
use tsunagu::store::replicate::{self, Outcome, SeedSource};
use tsunagu::store::{Store, StoreError};

/// The store every command works on: the service's, or the embedded one.
type Shared = Arc<dyn Store + Send + Sync>;
use tsunagu::{cli, config};

/// Like eprintln!, but a closed stderr (a hung-up terminal) is not a panic.
macro_rules! say {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

mod commands;
mod desk;
mod early;
mod session;
use session::Session;

#[derive(Parser)]
#[command(
    name = "tsunagu",
    version,
    about = "つなぐ: 重層的支援体制整備事業の総合相談窓口 (入間市)"
)]
struct Args {
    /// Seed folder (the city's directory). Default: the seed built into the binary.
    #[arg(long, global = true, env = "TSUNAGU_SEED", value_name = "DIR")]
    seed: Option<PathBuf>,
    /// Data folder (the store). Default: the user's data directory.
    #[arg(long, global = true, env = "TSUNAGU_DATA", value_name = "DIR")]
    data: Option<PathBuf>,
    /// The tsunagu service's socket: work through it instead of opening the store here.
    /// Default: /run/tsunagu/tsunagu.sock when it exists and --data is not given.
    #[arg(long, global = true, env = "TSUNAGU_SERVER", value_name = "SOCKET")]
    server: Option<PathBuf>,
    /// UI language: ja (default) or en.
    #[arg(long, global = true, env = "TSUNAGU_LANG", default_value = "ja", value_parser = parse_lang)]
    lang: Lang,
    /// Keymap overlay: a TOML file, or `vim`.
    #[arg(long, global = true, env = "TSUNAGU_KEYMAP", value_name = "FILE|vim")]
    keymap: Option<String>,
    /// The desk this terminal serves (shown on the top line).
    #[arg(long, global = true, env = "TSUNAGU_DESK", default_value = "総合相談支援室")]
    desk: String,
    /// How consultations usually reach this desk: walk_in, phone, visit, online, referral.
    #[arg(long, global = true, env = "TSUNAGU_CHANNEL", default_value = "walk_in", value_parser = parse_channel)]
    channel: tsunagu::domain::Channel,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Search the directory (kanji, kana or romaji; several words are ANDed).
    Find {
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Referral advice for an intake (JSON or TOML; `-` reads standard input).
    Refer {
        #[arg(long, value_name = "FILE|-")]
        intake: String,
        /// The date to compute next session dates from (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the referral slip (つなぐシート) of a case.
    Slip {
        /// The case number (R8-000123).
        case: String,
        /// Only this hand-off (its number within the case).
        #[arg(long)]
        handoff: Option<u32>,
    },
    /// The year's figures against the plan's targets (the same as the 集計 tab).
    Report {
        /// Fiscal year as the western year it starts in (2026 = 令和8年度). Default: this one.
        #[arg(long)]
        fy: Option<i32>,
        /// text, csv (UTF-8 with BOM, for Excel) or json.
        #[arg(long, default_value = "text")]
        format: String,
        /// Write to a file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The audit trail: who read or changed which case, when (admins only).
    Audit {
        /// Only this case (R8-000123).
        #[arg(long)]
        case: Option<String>,
        /// Only this user.
        #[arg(long)]
        user: Option<String>,
        /// From this date on.
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Write every case, hand-off, meeting and draft as JSON lines (0600, atomic).
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore an export into an empty store (refuses a store that has records).
    Import { file: PathBuf },
    /// Anonymize personal fields of cases closed before DATE (figures stay countable).
    Purge {
        #[arg(long, value_name = "YYYY-MM-DD")]
        closed_before: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Own the store and serve every desk over a Unix socket (README: systemd unit).
    Serve {
        /// Where to listen.
        #[arg(long, value_name = "PATH", default_value = tsunagu::service::DEFAULT_SOCKET)]
        socket: PathBuf,
        /// The group (name or number) whose members may connect; the socket is 0660.
        #[arg(long, value_name = "NAME")]
        group: Option<String>,
    },
    /// Check or replicate the seed.
    Seed {
        #[command(subcommand)]
        command: SeedCommand,
    },
}

#[derive(Subcommand)]
enum SeedCommand {
    /// Validate a seed folder (default: --seed, else the built-in seed). Exit 1 on problems.
    Check { dir: Option<PathBuf> },
    /// Validate the seed and replace the store's directory if it changed.
    Sync,
}

fn parse_channel(s: &str) -> Result<tsunagu::domain::Channel, String> {
    tsunagu::domain::Channel::ALL
        .into_iter()
        .find(|c| c.as_str() == s)
        .ok_or_else(|| format!("unknown channel {s:?} (walk_in, phone, visit, online, referral)"))
}

/// The OS user at this terminal: the login name of the process's uid in the system's
/// user database, never $USER or $LOGNAME (anyone can set those: issue 13, L1).
fn os_user() -> String {
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() };
    tsunagu::service::peer::user_name(uid)
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?} (ja or en)"))
}

fn now_rfc3339() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// An empty `TSUNAGU_*` variable means not set (issue 13, L6): `TSUNAGU_SERVER=` must not
/// name the socket "" and break every command.
fn forget_empty_variables() {
    let empty: Vec<std::ffi::OsString> = std::env::vars_os()
        .filter(|(k, v)| k.to_string_lossy().starts_with("TSUNAGU_") && v.is_empty())
        .map(|(k, _)| k)
        .collect();
    for k in empty {
        // SAFETY: at the start of main, before any other thread exists.
        unsafe { std::env::remove_var(k) };
    }
}

fn main() -> ExitCode {
    // Everything the store writes is private to its owner.
    #[cfg(unix)]
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    forget_empty_variables();
    let args = Args::parse();
    let lang = args.lang;
    match run(args) {
        Ok(code) => code,
        // `tsunagu find ... | head`: the reader left; nothing to report.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Not i18n::Localized: in English the whole chain of context is said, not
            // only the store's error.
            let msg = match e.downcast_ref::<StoreError>() {
                Some(se) if lang == Lang::Ja => se.message_ja(),
                _ => format!("{e:#}"),
            };
            say!("tsunagu: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<ExitCode> {
    let source = config::seed_source(args.seed.clone());
    match &args.command {
        Some(Command::Seed {
            command: SeedCommand::Check { dir },
        }) => {
            let source = dir.clone().map(SeedSource::Dir).unwrap_or(source);
            let result = replicate::check(&source);
            let mut out = std::io::stdout().lock();
            let today = chrono::Local::now().date_naive();
            cli::seed::print_check(&mut out, &result, today, args.lang)?;
            Ok(if result.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Some(Command::Seed {
            command: SeedCommand::Sync,
        }) => {
            // Embedded: the owner replicates at open. Through the service: an admin's sync
            // replaces the service's replica and reaches every connected desk.
            let session = Session::open_to_change(&args, &source, "tsunagu seed sync")?;
            session.require(&[Role::Admin], "名簿の更新 (seed sync)")?;
            let synced = match session.synced {
                Some(s) => s,
                None => replicate::sync(session.store.as_ref(), &source, &now_rfc3339())?,
            };
            cli::seed::print_sync(&mut std::io::stdout().lock(), &synced, args.lang)?;
            Ok(match synced.outcome {
                Outcome::KeptReplica | Outcome::EmbeddedFallback => ExitCode::from(1),
                _ => ExitCode::SUCCESS,
            })
        }
        Some(Command::Find { query, limit, json }) => {
            let hits = session::find(&args, &source, &query.join(" "), *limit)?;
            let mut out = std::io::stdout().lock();
            if *json {
                cli::find::print_json(&mut out, &hits)?;
            } else {
                cli::find::print_table(&mut out, &hits, args.lang)?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Refer { intake, on, json }) => {
            commands::refer(&args, &source, intake, on.as_deref(), *json)
        }
        Some(Command::Slip { case, handoff }) => commands::slip(&args, &source, case, *handoff),
        Some(Command::Export { out }) => {
            let session = Session::open_to_read(&args, &source)?;
            session.require(&[Role::Admin], "エクスポート")?;
            match tsunagu::store::export::export(session.store.as_ref(), out, &now_rfc3339()) {
                Ok(summary) => {
                    cli::archive::print_export_summary(&mut std::io::stdout().lock(), &summary, args.lang)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    cli::archive::print_archive_error(&mut std::io::stderr().lock(), &e, args.lang)?;
                    Ok(ExitCode::from(1))
                }
            }
        }
        Some(Command::Import { file }) => {
            let session = Session::open_to_change(&args, &source, "tsunagu import")?;
            session.require(&[Role::Admin], "インポート")?;
            match tsunagu::store::export::import(session.store.as_ref(), file) {
                Ok(summary) => {
                    cli::archive::print_import_summary(&mut std::io::stdout().lock(), &summary, args.lang)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    cli::archive::print_archive_error(&mut std::io::stderr().lock(), &e, args.lang)?;
                    Ok(ExitCode::from(1))
                }
            }
        }
        Some(Command::Audit {
            case,
            user,
            since,
            limit,
            json,
        }) => {
            let filter = match cli::audit::filter(
                case.as_deref(),
                user.as_deref(),
                since.as_deref(),
                *limit,
                args.lang,
            ) {
                Ok(f) => f,
                Err(msg) => return input_error(msg),
            };
            let session = Session::open_to_read(&args, &source)?;
            // The policy layer refuses anyone but an admin.
            let entries = session.store.audit_entries(&filter)?;
            let mut out = std::io::stdout().lock();
            if *json {
                cli::audit::print_json(&mut out, &entries)?;
            } else {
                cli::audit::print_text(&mut out, &entries, args.lang)?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report { fy, format, out }) => {
            commands::report(&args, &source, *fy, format, out.as_deref())
        }
        Some(Command::Purge { closed_before, yes }) => commands::purge(&args, &source, closed_before, *yes),
        Some(Command::Serve { socket, group }) => desk::serve(&args, &source, socket, group.as_deref()),
        None => desk::run_tui(&args, &source),
    }
}

/// A usage or input error: the message names the field; exit code 2.
fn input_error(msg: String) -> Result<ExitCode> {
    say!("tsunagu: {msg}");
    Ok(ExitCode::from(2))
}
