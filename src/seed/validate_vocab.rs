//! Checks of the city's desk vocabulary (vocabulary.toml): every word readable, every
//! concern and program it points to known, and each entry pointing somewhere.

use super::Problem;
use super::problem::ProblemKind;
use super::validate::{Raw, check_refs, check_text};
use std::collections::HashSet;

pub fn validate(raw: &Raw, programs: &HashSet<String>, out: &mut Vec<Problem>) {
    let mut concerns: HashSet<String> = raw.concerns.iter().map(|(c, _)| c.id.clone()).collect();
    concerns.extend(raw.failed_ids.iter().cloned());
    for (v, pos) in &raw.vocabulary {
        if v.words.is_empty() {
            out.push(pos.problem("words", ProblemKind::Empty));
        }
        for w in &v.words {
            check_text(pos, "words", w, out);
        }
        if v.concerns.is_empty() && v.programs.is_empty() {
            out.push(pos.problem("concerns", ProblemKind::Empty));
        }
        check_refs(pos, "concerns", &v.concerns, &concerns, "concern", out);
        check_refs(pos, "programs", &v.programs, programs, "program", out);
    }
}
