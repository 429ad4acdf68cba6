//! Reading an intake from JSON or TOML (`tsunagu refer --intake`), with every error naming
//! the field it is about. Error text never repeats the note or other free text.

use crate::domain::{Channel, Consent, Directory, Intake, Person, Relation};
use serde_json::{Map, Value};

/// Largest intake file read.
pub const MAX_BYTES: usize = 1024 * 1024;
use crate::domain::validate::{MAX_NOTE_CHARS, MAX_PEOPLE, age_from_number, validate_intake};

pub use crate::domain::validate::IntakeError;

/// Remove `//` comments outside strings (people copy the commented example).
fn strip_line_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let mut in_str = false;
        let mut escaped = false;
        let mut cut = line.len();
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if in_str {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_str = false;
                }
            } else if b == b'"' {
                in_str = true;
            } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
                cut = i;
                break;
            }
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

fn to_value(text: &str) -> Result<Value, IntakeError> {
    if text.len() > MAX_BYTES {
        return Err(IntakeError::new(
            "",
            format!("大きすぎます (上限 {MAX_BYTES} バイト)"),
            format!("too large (limit {MAX_BYTES} bytes)"),
        ));
    }
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.starts_with('{') {
        match serde_json::from_str::<Value>(t) {
            Ok(v) => Ok(v),
            Err(first) => serde_json::from_str::<Value>(&strip_line_comments(t)).map_err(|_| {
                IntakeError::new(
                    "",
                    format!(
                        "JSON として読めません ({} 行 {} 列)",
                        first.line(),
                        first.column()
                    ),
                    format!(
                        "not valid JSON (line {}, column {})",
                        first.line(),
                        first.column()
                    ),
                )
            }),
        }
    } else {
        let table: toml::Table = toml::from_str(t).map_err(|e| {
            let line = e
                .span()
                .map(|s| t[..s.start.min(t.len())].lines().count().max(1))
                .unwrap_or(0);
            IntakeError::new(
                "",
                format!("JSON または TOML として読めません ({line} 行)"),
                format!("neither JSON nor valid TOML (line {line})"),
            )
        })?;
        serde_json::to_value(table).map_err(|e| IntakeError::new("", e.to_string(), e.to_string()))
    }
}

fn enum_field<T: Copy>(
    obj: &Map<String, Value>,
    field: &str,
    path: &str,
    options: &[(T, &str)],
    default: T,
) -> Result<T, IntakeError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::String(s)) => options
            .iter()
            .find(|(_, n)| *n == s.trim())
            .map(|(v, _)| *v)
            .ok_or_else(|| {
                let names: Vec<&str> = options.iter().map(|(_, n)| *n).collect();
                IntakeError::new(
                    path,
                    format!("不明な値です ({} のいずれか)", names.join(" / ")),
                    format!("unknown value (one of {})", names.join(", ")),
                )
            }),
        Some(_) => Err(IntakeError::new(
            path,
            "文字列で書いてください",
            "must be a string",
        )),
    }
}

fn opt_string(obj: &Map<String, Value>, field: &str) -> Result<Option<String>, IntakeError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(IntakeError::new(
            field,
            "文字列で書いてください",
            "must be a string",
        )),
    }
}

fn check_keys(obj: &Map<String, Value>, allowed: &[&str], prefix: &str) -> Result<(), IntakeError> {
    for k in obj.keys() {
        if !allowed.contains(&k.as_str()) {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            return Err(IntakeError::new(
                path,
                format!("不明な項目です (使える項目: {})", allowed.join(", ")),
                format!("unknown field (known: {})", allowed.join(", ")),
            ));
        }
    }
    Ok(())
}

fn person(dir: &Directory, v: &Value, i: usize) -> Result<Person, IntakeError> {
    let path = format!("people[{i}]");
    let obj = v
        .as_object()
        .ok_or_else(|| IntakeError::new(&path, "{...} の形で書いてください", "must be an object"))?;
    check_keys(obj, &["relation", "age", "concerns"], &path)?;
    let relations: Vec<(Relation, &str)> = Relation::ALL.iter().map(|r| (*r, r.as_str())).collect();
    let relation = enum_field(
        obj,
        "relation",
        &format!("{path}.relation"),
        &relations,
        Relation::Myself,
    )?;
    let age = match obj.get("age") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(age_from_number(n.as_i64(), &path)?),
        Some(_) => {
            return Err(IntakeError::new(
                format!("{path}.age"),
                "年齢は数で書いてください",
                "age must be a number",
            ));
        }
    };
    let mut concerns = Vec::new();
    match obj.get("concerns") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (j, c) in items.iter().enumerate() {
                let cpath = format!("{path}.concerns[{j}]");
                let id = c
                    .as_str()
                    .ok_or_else(|| IntakeError::new(&cpath, "文字列で書いてください", "must be a string"))?;
                if dir.concern(id).is_none() {
                    let known: Vec<&str> = dir.concerns.iter().map(|c| c.id.as_str()).collect();
                    return Err(IntakeError::new(
                        cpath,
                        format!("不明な相談内容です: {id} (使えるもの: {})", known.join(", ")),
                        format!("unknown concern: {id} (known: {})", known.join(", ")),
                    ));
                }
                if !concerns.iter().any(|x| x == id) {
                    concerns.push(id.to_string());
                }
            }
        }
        Some(_) => {
            return Err(IntakeError::new(
                format!("{path}.concerns"),
                "[\"...\"] の形で書いてください",
                "must be an array of concern ids",
            ));
        }
    }
    Ok(Person {
        relation,
        age,
        concerns,
    })
}

/// Parse and check an intake against the directory's vocabulary.
pub fn parse_intake(text: &str, dir: &Directory) -> Result<Intake, IntakeError> {
    let v = to_value(text)?;
    let obj = v
        .as_object()
        .ok_or_else(|| IntakeError::new("", "{...} の形で書いてください", "must be an object"))?;
    check_keys(
        obj,
        &[
            "channel",
            "district",
            "school",
            "language",
            "consent",
            "seeks_help",
            "people",
            "note",
        ],
        "",
    )?;
    let channels: Vec<(Channel, &str)> = Channel::ALL.iter().map(|c| (*c, c.as_str())).collect();
    let channel = enum_field(obj, "channel", "channel", &channels, Channel::WalkIn)?;
    let consent = enum_field(
        obj,
        "consent",
        "consent",
        &[
            (Consent::Given, "given"),
            (Consent::Refused, "refused"),
            (Consent::Refused, "not_obtained"),
            (Consent::Unknown, "unknown"),
        ],
        Consent::Unknown,
    )?;
    let district = match opt_string(obj, "district")? {
        None => None,
        Some(d) => match dir.find_district(&d) {
            Some(found) => Some(found.id.clone()),
            None => {
                let names: Vec<&str> = dir.districts.iter().map(|d| d.name.as_str()).collect();
                return Err(IntakeError::new(
                    "district",
                    format!("不明な福祉圏域です (使えるもの: {})", names.join("、")),
                    format!("unknown district (known: {})", names.join(", ")),
                ));
            }
        },
    };
    let language = match opt_string(obj, "language")? {
        None => None,
        Some(l) => {
            let l = l.to_ascii_lowercase();
            if l.len() != 2 || !l.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(IntakeError::new(
                    "language",
                    "言語は ISO 639-1 の2文字で書いてください (en, es, zh など)",
                    "language must be ISO 639-1 (en, es, zh, ...)",
                ));
            }
            (l != "ja").then_some(l)
        }
    };
    let seeks_help = match obj.get("seeks_help") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(IntakeError::new(
                "seeks_help",
                "true か false で書いてください",
                "must be true or false",
            ));
        }
    };
    let people = match obj.get("people") {
        Some(Value::Array(items)) if !items.is_empty() => {
            if items.len() > MAX_PEOPLE {
                return Err(IntakeError::new(
                    "people",
                    format!("{MAX_PEOPLE} 人までです"),
                    format!("at most {MAX_PEOPLE} people"),
                ));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, p)| person(dir, p, i))
                .collect::<Result<Vec<_>, _>>()?
        }
        _ => {
            return Err(IntakeError::new(
                "people",
                "世帯の1人以上を [{...}] で書いてください",
                "give at least one person as [{...}]",
            ));
        }
    };
    let note = opt_string(obj, "note")?;
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(IntakeError::new(
            "note",
            format!("{MAX_NOTE_CHARS} 文字までです"),
            format!("at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    let intake = Intake {
        channel,
        district,
        school: opt_string(obj, "school")?,
        language,
        consent,
        seeks_help,
        people,
        note,
    };
    // The one validation every path shares (the desk, import, the service).
    validate_intake(&intake, Some(dir))?;
    Ok(intake)
}
