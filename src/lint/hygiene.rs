//! Redundant actions, duplicate statements, `Allow` with `NotAction` or
//! `NotResource`.

use std::collections::{BTreeSet, HashSet};

use super::{Finding, Rule, Severity, Stmt};
use crate::policy::{ActionSpec, Condition, Effect, ResourceSpec};
use crate::wildcard;

pub(super) fn check(s: &Stmt<'_>, out: &mut Vec<Finding>) {
    if let ActionSpec::Action(list) = &s.statement.action {
        // Linear in the list: a pasted policy can hold thousands of actions.
        let patterns: Vec<&String> = list.iter().filter(|p| wildcard::has_wildcard(p)).collect();
        let mut seen = HashSet::with_capacity(list.len());
        for (index, name) in list.iter().enumerate() {
            if !seen.insert(name.to_ascii_lowercase()) {
                out.push(
                    Finding::new(
                        Rule::RedundantAction,
                        Severity::Suggestion,
                        s.location_at("Action", index),
                        format!("{name} is listed twice"),
                    )
                    .with_fix(format!("remove the second {name}")),
                );
                continue;
            }
            if wildcard::has_wildcard(name) {
                continue;
            }
            let cover = patterns
                .iter()
                .find(|p| wildcard::is_match_ignore_case(p, name));
            if let Some(cover) = cover {
                out.push(
                    Finding::new(
                        Rule::RedundantAction,
                        Severity::Suggestion,
                        s.location_at("Action", index),
                        format!("{name} is already granted by \"{cover}\""),
                    )
                    .with_fix(format!("remove {name}")),
                );
            }
        }
    }
    if s.statement.effect == Effect::Allow {
        if matches!(s.statement.action, ActionSpec::NotAction(_)) {
            out.push(
                Finding::new(
                    Rule::AllowNotAction,
                    Severity::Warning,
                    s.location("NotAction"),
                    "Allow with NotAction grants every other action of every service, \
                     including ones AWS adds later",
                )
                .with_fix("list the actions to allow in Action"),
            );
        }
        if matches!(s.statement.resource, ResourceSpec::NotResource(_)) {
            out.push(
                Finding::new(
                    Rule::AllowNotResource,
                    Severity::Warning,
                    s.location("NotResource"),
                    "Allow with NotResource grants every other resource, including ones \
                     created later",
                )
                .with_fix("list the resources to allow in Resource"),
            );
        }
    }
}

/// The parts of a statement that decide what it does, with lists as sets.
type Shape<'a> = (
    Effect,
    bool,
    BTreeSet<String>,
    bool,
    BTreeSet<&'a str>,
    &'a Condition,
);

fn shape<'a>(s: &Stmt<'a>) -> Shape<'a> {
    let (not_action, actions) = match &s.statement.action {
        ActionSpec::Action(l) => (false, l),
        ActionSpec::NotAction(l) => (true, l),
    };
    let (not_resource, resources) = match &s.statement.resource {
        ResourceSpec::Resource(l) => (false, l),
        ResourceSpec::NotResource(l) => (true, l),
    };
    (
        s.statement.effect,
        not_action,
        // Action names are case-insensitive; ARNs are not.
        actions.iter().map(|a| a.to_ascii_lowercase()).collect(),
        not_resource,
        resources.iter().map(String::as_str).collect(),
        &s.statement.condition,
    )
}

pub(super) fn check_duplicates(statements: &[Stmt<'_>], out: &mut Vec<Finding>) {
    let shapes: Vec<Shape<'_>> = statements.iter().map(shape).collect();
    for (i, s) in statements.iter().enumerate() {
        if let Some(first) = shapes[..i].iter().position(|earlier| *earlier == shapes[i]) {
            out.push(
                Finding::new(
                    Rule::DuplicateStatement,
                    Severity::Warning,
                    s.location("Statement"),
                    format!("Statement[{i}] repeats Statement[{first}]"),
                )
                .with_fix(format!("remove Statement[{i}]")),
            );
        }
    }
}
