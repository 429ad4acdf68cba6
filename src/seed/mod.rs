//! The seed: the city's directory as TOML files staff maintain by hand. Read, validate
//! every entry with file/line/field problems, and hash the content for replication.

pub mod cache;
pub mod parse;
pub mod problem;
pub mod validate;
mod validate_desk;
mod validate_staff;
mod validate_vocab;
pub mod warn;

pub use problem::{Problem, ProblemKind, SeedErrors};

use crate::domain::Directory;
use parse::Parsed;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;
use validate::Raw;

/// The seed files, in a fixed order (the order the hash covers them in).
pub const FILES: &[&str] = &[
    "plan.toml",
    "sections.toml",
    "programs.toml",
    "sites.toml",
    "meetings.toml",
    "schedules.toml",
    "concerns.toml",
    "districts.toml",
    "rules.toml",
    "calendar.toml",
    "desk.toml",
    "staff.toml",
    "vocabulary.toml",
];

/// Seed files a folder may leave out: the directory is whole without them.
pub const OPTIONAL_FILES: &[&str] = &["vocabulary.toml"];

/// A seed file larger than this is refused (the city's is a few hundred KiB at most).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The seed compiled into the binary, so a fresh install has the directory.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("plan.toml", include_str!("../../seed/plan.toml")),
    ("sections.toml", include_str!("../../seed/sections.toml")),
    ("programs.toml", include_str!("../../seed/programs.toml")),
    ("sites.toml", include_str!("../../seed/sites.toml")),
    ("meetings.toml", include_str!("../../seed/meetings.toml")),
    ("schedules.toml", include_str!("../../seed/schedules.toml")),
    ("concerns.toml", include_str!("../../seed/concerns.toml")),
    ("districts.toml", include_str!("../../seed/districts.toml")),
    ("rules.toml", include_str!("../../seed/rules.toml")),
    ("calendar.toml", include_str!("../../seed/calendar.toml")),
    ("desk.toml", include_str!("../../seed/desk.toml")),
    ("staff.toml", include_str!("../../seed/staff.toml")),
    ("vocabulary.toml", include_str!("../../seed/vocabulary.toml")),
];

/// The raw text of a seed, from a folder or from the binary.
#[derive(Clone, Debug)]
pub struct SeedText {
    /// Where it came from, for messages ("embedded" or the folder path).
    pub origin: String,
    pub files: Vec<(String, String)>,
}

/// A validated seed and its content hash.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub directory: Directory,
    pub hash: String,
    pub origin: String,
}

impl SeedText {
    pub fn embedded() -> SeedText {
        SeedText {
            origin: "embedded".into(),
            files: EMBEDDED
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        }
    }

    /// Read the seed files of a folder. Problems reading a file are returned as problems;
    /// the files that could be read are kept so every problem is reported at once.
    pub fn read_dir(dir: &Path) -> (SeedText, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut files = Vec::new();
        for name in FILES {
            let path = dir.join(name);
            let label = path.display().to_string();
            match read_capped(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => files.push((name.to_string(), text)),
                    Err(e) => {
                        let valid = e.utf8_error().valid_up_to();
                        let text = e
                            .as_bytes()
                            .get(..valid)
                            .and_then(|b| std::str::from_utf8(b).ok());
                        let line = problem::line_of(text.unwrap_or(""), valid);
                        problems.push(Problem {
                            file: label,
                            line: Some(line),
                            field: None,
                            kind: ProblemKind::NotUtf8,
                        })
                    }
                },
                Err(ProblemKind::MissingFile) if OPTIONAL_FILES.contains(name) => {}
                Err(kind) => problems.push(Problem {
                    file: label,
                    line: None,
                    field: None,
                    kind,
                }),
            }
        }
        (
            SeedText {
                origin: dir.display().to_string(),
                files,
            },
            problems,
        )
    }

    /// sha256 over every file's name, length and bytes.
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        for (name, text) in &self.files {
            h.update(name.as_bytes());
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parse and validate into a Directory, or every problem found.
    pub fn validate(&self) -> Result<Loaded, SeedErrors> {
        let mut problems = Vec::new();
        let mut raw = Raw::default();
        for (name, text) in &self.files {
            let label = if self.origin == "embedded" {
                format!("seed/{name}")
            } else {
                Path::new(&self.origin).join(name).display().to_string()
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            parse_file(name, &label, text, &mut raw, &mut problems);
        }
        if raw.plan.is_none() && !problems.iter().any(|p| p.file.ends_with("plan.toml")) {
            problems.push(Problem {
                file: "plan.toml".into(),
                line: None,
                field: Some("plan".into()),
                kind: ProblemKind::MissingField("[plan]".into()),
            });
        }
        problems.extend(validate::validate(&raw));
        match raw.plan {
            Some((plan, _)) if problems.is_empty() => Ok(Loaded {
                directory: Directory {
                    plan,
                    sections: raw.sections.into_iter().map(|(v, _)| v).collect(),
                    programs: raw.programs.into_iter().map(|(v, _)| v).collect(),
                    sites: raw.sites.into_iter().map(|(v, _)| v).collect(),
                    meetings: raw.meetings.into_iter().map(|(v, _)| v).collect(),
                    schedules: raw.schedules.into_iter().map(|(v, _)| v).collect(),
                    targets: raw.targets.into_iter().map(|(v, _)| v).collect(),
                    domains: raw.domains.into_iter().map(|(v, _)| v).collect(),
                    concerns: raw.concerns.into_iter().map(|(v, _)| v).collect(),
                    districts: raw.districts.into_iter().map(|(v, _)| v).collect(),
                    rules: raw.rules.into_iter().map(|(v, _)| v).collect(),
                    holidays: raw.holidays.into_iter().map(|(v, _)| v).collect(),
                    closure: raw.closure.map(|(v, _)| v),
                    desk: {
                        let mut desk = raw.desk.map(|(v, _)| v).unwrap_or_default();
                        if let Some((c, _)) = raw.complex {
                            desk.complex = c;
                        }
                        desk
                    },
                    staff: raw.staff.into_iter().map(|(v, _)| v).collect(),
                    vocabulary: raw.vocabulary.into_iter().map(|(v, _)| v).collect(),
                    ids: Default::default(),
                },
                hash: self.hash(),
                origin: self.origin.clone(),
            }),
            _ => Err(SeedErrors { problems }),
        }
    }
}

fn parse_file(name: &str, label: &str, text: &str, raw: &mut Raw, problems: &mut Vec<Problem>) {
    let allowed: &[&str] = match name {
        "plan.toml" => &["plan", "target"],
        "sections.toml" => &["section"],
        "programs.toml" => &["program"],
        "sites.toml" => &["site"],
        "meetings.toml" => &["meeting"],
        "schedules.toml" => &["schedule"],
        "concerns.toml" => &["domain", "concern"],
        "districts.toml" => &["district"],
        "rules.toml" => &["rule"],
        "calendar.toml" => &["closure", "holiday"],
        "desk.toml" => &["desk", "complex"],
        "staff.toml" => &["staff"],
        "vocabulary.toml" => &["word"],
        _ => &[],
    };
    let Some(p) = Parsed::new(label, text, allowed, problems) else {
        return;
    };
    let failed = &mut raw.failed_ids;
    match name {
        "plan.toml" => {
            raw.plan = p.single("plan", problems);
            raw.targets = p.entries("target", problems, failed);
        }
        "sections.toml" => raw.sections = p.entries("section", problems, failed),
        "programs.toml" => raw.programs = p.entries("program", problems, failed),
        "sites.toml" => raw.sites = p.entries("site", problems, failed),
        "meetings.toml" => raw.meetings = p.entries("meeting", problems, failed),
        "schedules.toml" => raw.schedules = p.entries("schedule", problems, failed),
        "concerns.toml" => {
            raw.domains = p.entries("domain", problems, failed);
            raw.concerns = p.entries("concern", problems, failed);
        }
        "districts.toml" => raw.districts = p.entries("district", problems, failed),
        "rules.toml" => raw.rules = p.entries("rule", problems, failed),
        "calendar.toml" => {
            raw.closure = p.optional("closure", problems);
            raw.holidays = p.entries("holiday", problems, failed);
        }
        "desk.toml" => {
            raw.desk = p.single("desk", problems);
            raw.complex = p.optional("complex", problems);
        }
        "staff.toml" => raw.staff = p.entries("staff", problems, failed),
        "vocabulary.toml" => raw.vocabulary = p.entries("word", problems, failed),
        _ => {}
    }
}

fn read_capped(path: &Path) -> Result<Vec<u8>, ProblemKind> {
    let file = crate::files::open_regular(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ProblemKind::MissingFile,
        std::io::ErrorKind::InvalidInput => ProblemKind::Unreadable(e.to_string()),
        _ => ProblemKind::Unreadable(e.kind().to_string()),
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ProblemKind::Unreadable(e.kind().to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let bytes = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(bytes.len() as u64);
        return Err(ProblemKind::TooLarge {
            bytes,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

/// Read and validate a seed folder: every problem (reading and content) at once.
pub fn load_dir(dir: &Path) -> Result<Directory, SeedErrors> {
    load_dir_full(dir).map(|l| l.directory)
}

/// Like [`load_dir`], with the content hash.
pub fn load_dir_full(dir: &Path) -> Result<Loaded, SeedErrors> {
    let (text, problems) = SeedText::read_dir(dir);
    validate_read(&text, problems)
}

/// Validate text that was read with `read_problems`: every problem, reading and content,
/// at once.
pub fn validate_read(text: &SeedText, read_problems: Vec<Problem>) -> Result<Loaded, SeedErrors> {
    match text.validate() {
        Ok(loaded) if read_problems.is_empty() => Ok(loaded),
        Ok(_) => Err(SeedErrors {
            problems: read_problems,
        }),
        Err(e) => {
            let mut problems = read_problems;
            problems.extend(e.problems);
            Err(SeedErrors { problems })
        }
    }
}

/// The seed compiled into the binary (tested to be valid).
pub fn load_embedded() -> Result<Loaded, SeedErrors> {
    SeedText::embedded().validate()
}
