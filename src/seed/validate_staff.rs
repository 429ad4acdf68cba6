//! Checks of the roster (staff.toml): each user once, a login name the system could
//! have, a name and a desk, a section that exists (and one for every section user).
//! The role itself is checked when the entry is read (reception, section, coordinator,
//! admin).

use super::Problem;
use super::problem::ProblemKind;
use super::validate::{Raw, check_refs, check_text};
use crate::domain::Role;
use std::collections::HashSet;

/// Longest login name accepted (useradd's limit).
const MAX_USER: usize = 32;

/// A login name as the system databases hold one: ASCII letters, digits, `_`, `-` and
/// `.`, not starting with `-`. (`uid:<n>`, what the service calls a uid without a name,
/// can never match an entry.)
fn valid_user(u: &str) -> bool {
    !u.is_empty()
        && u.len() <= MAX_USER
        && !u.starts_with('-')
        && u.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

pub fn validate(raw: &Raw, sections: &HashSet<String>, out: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for (s, pos) in &raw.staff {
        if !valid_user(&s.user) {
            out.push(pos.problem(
                "user",
                ProblemKind::BadValue(format!(
                    "not a login name (ascii letters, digits, _ - ., at most {MAX_USER}): {}",
                    s.user
                )),
            ));
        } else if !seen.insert(s.user.as_str()) {
            out.push(pos.problem("user", ProblemKind::DuplicateId(s.user.clone())));
        }
        check_text(pos, "name", &s.name, out);
        check_text(pos, "desk", &s.desk, out);
        match &s.section {
            Some(id) => check_refs(pos, "section", std::slice::from_ref(id), sections, "section", out),
            None if s.role == Role::Section => {
                out.push(pos.problem("section", ProblemKind::MissingField("section".into())));
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names() {
        for ok in ["uketsuke1", "kanri_1", "a.b", "Sato-2"] {
            assert!(valid_user(ok), "{ok}");
        }
        for bad in ["", "-x", "uid:1000", "受付", "a b", &"x".repeat(33)] {
            assert!(!valid_user(bad), "{bad}");
        }
    }
}
