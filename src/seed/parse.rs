//! TOML to typed entries, keeping the line of every entry and field so each problem can
//! name its place. Entries are deserialized one by one, so one bad entry does not hide
//! the problems of the next.

use super::problem::{LineIndex, Problem, ProblemKind};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// Where an entry and its fields sit in its file.
#[derive(Clone, Debug, Default)]
pub struct Pos {
    pub file: String,
    pub line: usize,
    pub fields: HashMap<String, usize>,
}

impl Pos {
    /// A problem at a field of this entry (at the entry's line if the field is absent).
    pub fn problem(&self, field: &str, kind: ProblemKind) -> Problem {
        Problem {
            file: self.file.clone(),
            line: Some(self.fields.get(field).copied().unwrap_or(self.line)),
            field: Some(field.to_string()),
            kind,
        }
    }
}

/// One parsed seed file.
pub struct Parsed<'a> {
    pub file: &'a str,
    pub text: &'a str,
    table: DeTable<'a>,
    lines: LineIndex,
}

impl<'a> Parsed<'a> {
    /// Parse a file; on a syntax error report it and return None. Unknown top-level keys
    /// (not in `allowed`) are reported.
    pub fn new(
        file: &'a str,
        text: &'a str,
        allowed: &[&str],
        problems: &mut Vec<Problem>,
    ) -> Option<Parsed<'a>> {
        let lines = LineIndex::new(text);
        let table = match DeTable::parse(text) {
            Ok(t) => t.into_inner(),
            Err(e) => {
                problems.push(Problem {
                    file: file.to_string(),
                    line: e.span().map(|s| lines.line(s.start)),
                    field: None,
                    kind: ProblemKind::Syntax(first_line(e.message())),
                });
                return None;
            }
        };
        for (key, _) in table.iter() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                problems.push(Problem {
                    file: file.to_string(),
                    line: Some(lines.line(key.span().start)),
                    field: None,
                    kind: ProblemKind::UnknownTable(key.get_ref().to_string()),
                });
            }
        }
        Some(Parsed {
            file,
            text,
            table,
            lines,
        })
    }

    fn pos_of(&self, span_start: usize, value: &DeValue<'_>) -> Pos {
        let mut fields = HashMap::new();
        if let Some(t) = value.as_table() {
            for (k, _) in t.iter() {
                fields.insert(k.get_ref().to_string(), self.lines.line(k.span().start));
            }
        }
        Pos {
            file: self.file.to_string(),
            line: self.lines.line(span_start),
            fields,
        }
    }

    /// Deserialize one table `[key]`. A missing table is reported as a missing field.
    pub fn single<T: DeserializeOwned>(&self, key: &str, problems: &mut Vec<Problem>) -> Option<(T, Pos)> {
        let Some((_, value)) = self.table.iter().find(|(k, _)| k.get_ref().as_ref() == key) else {
            problems.push(Problem {
                file: self.file.to_string(),
                line: None,
                field: Some(key.to_string()),
                kind: ProblemKind::MissingField(format!("[{key}]")),
            });
            return None;
        };
        let pos = self.pos_of(value.span().start, value.get_ref());
        self.deserialize(value.clone(), &pos, problems).map(|v| (v, pos))
    }

    /// Deserialize one table `[key]` if present.
    pub fn optional<T: DeserializeOwned>(&self, key: &str, problems: &mut Vec<Problem>) -> Option<(T, Pos)> {
        let (_, value) = self.table.iter().find(|(k, _)| k.get_ref().as_ref() == key)?;
        let pos = self.pos_of(value.span().start, value.get_ref());
        self.deserialize(value.clone(), &pos, problems).map(|v| (v, pos))
    }

    /// Deserialize every entry of the array of tables `[[key]]` (absent = none). The ids
    /// of entries that fail are added to `failed_ids`, so references to them are not
    /// reported a second time.
    pub fn entries<T: DeserializeOwned>(
        &self,
        key: &str,
        problems: &mut Vec<Problem>,
        failed_ids: &mut Vec<String>,
    ) -> Vec<(T, Pos)> {
        let Some((k, value)) = self.table.iter().find(|(k, _)| k.get_ref().as_ref() == key) else {
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            problems.push(Problem {
                file: self.file.to_string(),
                line: Some(self.lines.line(k.span().start)),
                field: Some(key.to_string()),
                kind: ProblemKind::NotArrayOfTables,
            });
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in array.iter() {
            let pos = self.pos_of(item.span().start, item.get_ref());
            match self.deserialize(item.clone(), &pos, problems) {
                Some(v) => out.push((v, pos)),
                None => {
                    if let Some(id) = item.get_ref().get("id").and_then(|v| v.get_ref().as_str()) {
                        failed_ids.push(id.to_string());
                    }
                }
            }
        }
        out
    }

    fn deserialize<T: DeserializeOwned>(
        &self,
        value: toml::Spanned<DeValue<'a>>,
        pos: &Pos,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = first_line(e.message());
                let field = backticked(&msg);
                let line = e.span().map(|s| self.lines.line(s.start)).unwrap_or(pos.line);
                let kind = if msg.starts_with("unknown field") {
                    ProblemKind::UnknownField(field.clone().unwrap_or_default())
                } else if msg.starts_with("missing field") {
                    ProblemKind::MissingField(field.clone().unwrap_or_default())
                } else {
                    ProblemKind::BadValue(msg.clone())
                };
                let field = match &kind {
                    ProblemKind::BadValue(_) => field_at_line(pos, line),
                    _ => field,
                };
                problems.push(Problem {
                    file: self.file.to_string(),
                    line: Some(line),
                    field,
                    kind,
                });
                None
            }
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

/// The first `name` in a serde message ("unknown field `x`, expected ...").
fn backticked(msg: &str) -> Option<String> {
    let start = msg.find('`')? + 1;
    let len = msg[start..].find('`')?;
    Some(msg[start..start + len].to_string())
}

/// The field whose key is on `line`, for value errors that carry only a position.
fn field_at_line(pos: &Pos, line: usize) -> Option<String> {
    pos.fields
        .iter()
        .filter(|(_, l)| **l <= line)
        .max_by_key(|(_, l)| **l)
        .map(|(k, _)| k.clone())
}
