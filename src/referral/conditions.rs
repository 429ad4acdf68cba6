//! Whether a rule's conditions hold for an intake, and who in the household they are
//! about.

use crate::domain::{Directory, Domain, Intake, Person, Relation, Rule};

/// Under this age a household member is a child (こども) for the children's rules.
pub const CHILD_UNDER: u8 = 18;

/// The household's domains that count towards 複合 by the city's setting (desk.toml
/// `[complex]`), in seed order.
pub fn household_domains<'a>(intake: &Intake, dir: &'a Directory) -> Vec<&'a Domain> {
    dir.domains
        .iter()
        .filter(|d| dir.counts_as_complex(&d.id))
        .filter(|d| {
            intake
                .people
                .iter()
                .flat_map(|p| &p.concerns)
                .filter_map(|c| dir.concern(c))
                .any(|c| c.domain == d.id)
        })
        .collect()
}

/// Is the household 複合 by the city's setting?
pub fn is_complex(dir: &Directory, domains: usize) -> bool {
    domains >= usize::from(dir.desk.complex.min_domains.max(1))
}

pub fn in_range(age: Option<u8>, min: Option<u8>, max: Option<u8>) -> bool {
    match age {
        // Unknown age never excludes anyone: staff confirm.
        None => true,
        Some(a) => min.is_none_or(|m| a >= m) && max.is_none_or(|m| a <= m),
    }
}

pub fn is_foreign(intake: &Intake) -> bool {
    intake
        .language
        .as_deref()
        .is_some_and(|l| !l.is_empty() && l != "ja")
}

/// The ages of the child a person's concern is about: the person's own age when they
/// are a child (or listed as one with no age), else the household's children. An empty
/// list means unknown.
fn child_ages(intake: &Intake, who: usize, p: &Person) -> Vec<Option<u8>> {
    match p.age {
        Some(a) if a < CHILD_UNDER => return vec![Some(a)],
        None if matches!(p.relation, Relation::Child | Relation::Grandchild) => return vec![None],
        _ => {}
    }
    intake
        .people
        .iter()
        .enumerate()
        .filter(|(i, o)| *i != who && o.age.is_some_and(|a| a < CHILD_UNDER))
        .map(|(_, o)| o.age)
        .collect()
}

fn child_in_range(intake: &Intake, who: usize, p: &Person, min: Option<u8>, max: Option<u8>) -> bool {
    if min.is_none() && max.is_none() {
        return true;
    }
    let ages = child_ages(intake, who, p);
    ages.is_empty() || ages.into_iter().any(|a| in_range(a, min, max))
}

/// Does the rule fire? Returns the household members it is about (may be empty for
/// household-wide conditions).
pub fn matches(rule: &Rule, intake: &Intake, dir: &Directory, domains: usize) -> Option<Vec<usize>> {
    let w = &rule.when;
    let mut who = Vec::new();
    if !w.concerns_any.is_empty() {
        who = intake
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.concerns.iter().any(|c| w.concerns_any.contains(c)))
            .filter(|(_, p)| in_range(p.age, w.min_age, w.max_age))
            .filter(|(i, p)| child_in_range(intake, *i, p, w.child_min_age, w.child_max_age))
            .map(|(i, _)| i)
            .collect();
        if who.is_empty() {
            return None;
        }
    } else if w.min_age.is_some() || w.max_age.is_some() {
        who = intake
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.age.is_some() && in_range(p.age, w.min_age, w.max_age))
            .map(|(i, _)| i)
            .collect();
        if who.is_empty() {
            return None;
        }
    }
    for c in &w.concerns_all {
        let holders: Vec<usize> = intake
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.concerns.contains(c))
            .map(|(i, _)| i)
            .collect();
        if holders.is_empty() {
            return None;
        }
        for h in holders {
            if !who.contains(&h) {
                who.push(h);
            }
        }
    }
    let ok = w.min_domains.is_none_or(|n| domains >= usize::from(n))
        && w.complex.is_none_or(|c| c == is_complex(dir, domains))
        && w.consent.is_none_or(|c| c == intake.consent)
        && w.seeks_help.is_none_or(|s| s == intake.seeks_help)
        && w.has_school
            .is_none_or(|s| s == intake.school.as_deref().is_some_and(|x| !x.trim().is_empty()))
        && w.foreign_language.is_none_or(|f| f == is_foreign(intake));
    ok.then(|| {
        who.sort_unstable();
        who
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Relation;

    fn person(relation: Relation, age: Option<u8>) -> Person {
        Person {
            relation,
            age,
            concerns: vec!["childcare".into()],
        }
    }

    fn intake(people: Vec<Person>) -> Intake {
        Intake {
            people,
            ..Default::default()
        }
    }

    #[test]
    fn the_child_a_concern_is_about() {
        // A child with the concern: their own age.
        let i = intake(vec![person(Relation::Child, Some(7))]);
        assert_eq!(child_ages(&i, 0, &i.people[0]), [Some(7)]);
        // A parent with the concern: the household's children.
        let mut kid = person(Relation::Child, Some(2));
        kid.concerns.clear();
        let i = intake(vec![person(Relation::Myself, Some(33)), kid]);
        assert_eq!(child_ages(&i, 0, &i.people[0]), [Some(2)]);
        assert!(child_in_range(&i, 0, &i.people[0], None, Some(6)));
        assert!(!child_in_range(&i, 0, &i.people[0], Some(12), Some(15)));
        // Nobody's age known: unknown never excludes.
        let i = intake(vec![person(Relation::Myself, Some(38))]);
        assert!(child_ages(&i, 0, &i.people[0]).is_empty());
        assert!(child_in_range(&i, 0, &i.people[0], Some(12), Some(15)));
        // A child listed without an age: unknown.
        let i = intake(vec![person(Relation::Grandchild, None)]);
        assert!(child_in_range(&i, 0, &i.people[0], None, Some(6)));
    }
}
