//! Grammar (`Version`) and names the catalog does not know.

use super::{Finding, Location, Rule, Severity, Stmt};
use crate::catalog::Catalog;
use crate::policy::{ActionSpec, GrammarIssue, Policy};
use crate::wildcard;

/// A missing or old `Version`: policy variables such as `${aws:username}`
/// are then read literally.
pub(super) fn check_grammar(policy: &Policy, out: &mut Vec<Finding>) {
    for issue in policy.check_grammar() {
        let rule = match issue {
            GrammarIssue::MissingVersion => Rule::MissingVersion,
            GrammarIssue::OldVersion => Rule::OldVersion,
        };
        out.push(
            Finding::new(
                rule,
                Severity::Warning,
                Location::policy(Some("Version")),
                issue.to_string(),
            )
            .with_fix("\"Version\": \"2012-10-17\""),
        );
    }
}

/// Unknown services, unknown actions and patterns that match nothing, in
/// `Action` and `NotAction`.
pub(super) fn check(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    let (element, list) = match &s.statement.action {
        ActionSpec::Action(list) => ("Action", list),
        ActionSpec::NotAction(list) => ("NotAction", list),
    };
    for (index, name) in list.iter().enumerate() {
        let at = || s.location_at(element, index);
        if name == "*" {
            continue;
        }
        let Some((service, _)) = name.split_once(':') else {
            out.push(Finding::new(
                Rule::UnknownAction,
                Severity::Error,
                at(),
                format!("\"{name}\" is not an action: write service:Action, e.g. s3:GetObject"),
            ));
            continue;
        };
        if !wildcard::has_wildcard(service) && catalog.service(service).is_none() {
            let mut f = Finding::new(
                Rule::UnknownService,
                Severity::Error,
                at(),
                format!("\"{name}\": there is no service with prefix \"{service}\""),
            );
            if let Some(better) = catalog.suggest_service(service) {
                f.message.push_str(&format!("; did you mean \"{better}\"?"));
                f = f.with_fix(format!("{better}:{}", &name[service.len() + 1..]));
            }
            out.push(f);
        } else if !wildcard::has_wildcard(name) {
            if catalog.action(name).is_none() {
                let mut f = Finding::new(
                    Rule::UnknownAction,
                    Severity::Error,
                    at(),
                    format!("\"{name}\" is not an action of {service}"),
                );
                if let Some(better) = catalog.suggest_action(name) {
                    f.message.push_str(&format!("; did you mean \"{better}\"?"));
                    f = f.with_fix(better);
                }
                out.push(f);
            }
        } else if catalog.expand(name).is_empty() {
            out.push(Finding::new(
                Rule::PatternMatchesNothing,
                Severity::Error,
                at(),
                format!("\"{name}\" matches no action, so it grants nothing"),
            ));
        }
    }
}
