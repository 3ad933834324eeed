//! `Resource: "*"`, `service:*`, wildcards that reach Write or Permissions
//! management, and `iam:PassRole` without limits.

use super::{name_some, service_of, Finding, Rule, Severity, Stmt};
use crate::catalog::{AccessLevel, ActionId, Catalog};
use crate::wildcard;

pub(super) fn check(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    if !s.is_allow() {
        return;
    }
    check_resource_star(catalog, s, out);
    for (index, (pattern, ids)) in s.actions.iter().enumerate() {
        if !wildcard::has_wildcard(pattern) || ids.is_empty() {
            continue;
        }
        let at = |level| -> Vec<ActionId> {
            ids.iter()
                .copied()
                .filter(|&id| catalog.action_info(id).access_level() == level)
                .collect()
        };
        let management = at(AccessLevel::PermissionsManagement);
        let write = at(AccessLevel::Write);
        let is_service_wildcard = *pattern == "*" || pattern.ends_with(":*");
        if is_service_wildcard {
            let what = if *pattern == "*" {
                "every action of every service".to_string()
            } else {
                format!("every {} action", service_of(pattern))
            };
            let severity = if management.is_empty() && write.is_empty() {
                Severity::Warning
            } else {
                Severity::Security
            };
            out.push(Finding::new(
                Rule::ServiceWildcard,
                severity,
                s.location_at("Action", index),
                format!(
                    "\"{pattern}\" grants {what}: {} actions, {} of them Write and {} Permissions management",
                    ids.len(),
                    write.len(),
                    management.len()
                ),
            ).with_fix("list the actions the job needs"));
        } else if !management.is_empty() {
            out.push(
                Finding::new(
                    Rule::ActionWildcard,
                    Severity::Security,
                    s.location_at("Action", index),
                    format!(
                        "\"{pattern}\" reaches Permissions management actions: {}",
                        name_some(catalog, &management, 3)
                    ),
                )
                .with_fix("list the actions the job needs"),
            );
        } else if !write.is_empty() {
            out.push(
                Finding::new(
                    Rule::ActionWildcard,
                    Severity::Warning,
                    s.location_at("Action", index),
                    format!(
                        "\"{pattern}\" reaches {} Write actions: {}",
                        write.len(),
                        name_some(catalog, &write, 3)
                    ),
                )
                .with_fix("list the actions the job needs"),
            );
        }
    }
    check_pass_role(catalog, s, out);
}

/// `Resource: "*"` for actions that accept ARNs.
fn check_resource_star(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    let Some(star) = s.resources().iter().position(|r| r == "*") else {
        return;
    };
    let scopable: Vec<ActionId> = s
        .granted()
        .into_iter()
        .filter(|&id| !catalog.action_info(id).resource_types().is_empty())
        .collect();
    if scopable.is_empty() {
        return;
    }
    out.push(
        Finding::new(
            Rule::ResourceStar,
            Severity::Security,
            s.location_at("Resource", star),
            format!(
                "Resource \"*\" on {} actions that support resource-level permissions: {}",
                scopable.len(),
                name_some(catalog, &scopable, 5)
            ),
        )
        .with_fix("name the ARNs these actions need; keep \"*\" only for actions that require it"),
    );
}

/// `iam:PassRole` lets the principal hand a role to a service, which then
/// acts with that role's permissions. Limit it to named roles and to the
/// service that needs them (IAM User Guide, "Granting a user permissions to
/// pass a role to an AWS service").
fn check_pass_role(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    let Some(pass_role) = catalog.action("iam:PassRole") else {
        return;
    };
    if !s.granted().contains(&pass_role) {
        return;
    }
    if s.covers_all_of("iam") {
        out.push(
            Finding::new(
                Rule::PassRoleAnyRole,
                Severity::Security,
                s.location("Resource"),
                "iam:PassRole on every role lets the principal give any role, including an \
                 administrator role, to a service it controls",
            )
            .with_fix("name the roles: arn:aws:iam::ACCOUNT:role/ROLE"),
        );
    }
    if !s.has_condition_key("iam:PassedToService") {
        out.push(
            Finding::new(
                Rule::PassRoleWithoutService,
                Severity::Security,
                s.location("Condition"),
                "iam:PassRole without an iam:PassedToService condition: the role can be passed \
                 to any service",
            )
            .with_fix(
                "\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"lambda.amazonaws.com\"}}",
            ),
        );
    }
}
