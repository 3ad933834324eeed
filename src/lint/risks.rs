//! Privilege escalation, data exfiltration, credentials exposure and
//! resource exposure.
//!
//! The privilege-escalation actions and combinations follow Rhino Security
//! Labs, "AWS IAM Privilege Escalation – Methods and Mitigation"
//! (<https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/>),
//! and the lists cloudsplaining (salesforce/cloudsplaining) checks for
//! privilege escalation, data exfiltration, credentials exposure and
//! resource exposure.

use std::collections::BTreeSet;

use super::{name_some, service_of, Finding, Location, Rule, Severity, Stmt};
use crate::catalog::{AccessLevel, ActionId, Catalog};
use crate::wildcard;

/// Single actions that let a principal grant itself more (Rhino Security
/// Labs methods 1–11).
const ESCALATION: &[&str] = &[
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachGroupPolicy",
    "iam:PutUserPolicy",
    "iam:PutRolePolicy",
    "iam:PutGroupPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:UpdateAssumeRolePolicy",
    "iam:AddUserToGroup",
];

/// Escalates only on every function: rewrite the code of a function whose
/// role is more powerful (Rhino Security Labs method 21).
const ESCALATION_ON_ALL: &[&str] = &["lambda:UpdateFunctionCode"];

/// Combinations with `iam:PassRole`: create something that runs as a more
/// powerful role (Rhino Security Labs methods 3, 15–20). Each entry is a
/// list of alternatives that must all be granted; an inner list is "one of".
/// The third field is the service principal the role is passed to: a
/// PassRole limited by `iam:PassedToService` to other services cannot serve.
const COMBOS: &[(&str, &[&[&str]], &str)] = &[
    (
        "create a Lambda function with a more powerful role and invoke it",
        &[
            &["iam:PassRole"],
            &["lambda:CreateFunction"],
            &["lambda:InvokeFunction", "lambda:CreateEventSourceMapping"],
        ],
        "lambda.amazonaws.com",
    ),
    (
        "create a CloudFormation stack that runs as a more powerful role",
        &[&["iam:PassRole"], &["cloudformation:CreateStack"]],
        "cloudformation.amazonaws.com",
    ),
    (
        "launch an EC2 instance with a more powerful instance profile",
        &[&["iam:PassRole"], &["ec2:RunInstances"]],
        "ec2.amazonaws.com",
    ),
    (
        "create a Glue development endpoint with a more powerful role",
        &[&["iam:PassRole"], &["glue:CreateDevEndpoint"]],
        "glue.amazonaws.com",
    ),
    (
        "create a Data Pipeline that runs as a more powerful role",
        &[&["iam:PassRole"], &["datapipeline:CreatePipeline"]],
        "datapipeline.amazonaws.com",
    ),
];

/// Reading data from every resource of a service.
const EXFILTRATION: &[&str] = &[
    "s3:GetObject",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
];

/// Getting credentials. `true`: only when on every resource.
const CREDENTIALS: &[(&str, bool)] = &[
    ("sts:AssumeRole", true),
    ("sts:GetFederationToken", false),
    ("iam:CreateAccessKey", true),
];

/// Changing who else can reach a resource. Every Permissions management
/// action counts too; these are named because they are the classic ways to
/// make data public.
const EXPOSURE: &[&str] = &[
    "s3:PutBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutObjectAcl",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutAccountPublicAccessBlock",
    "s3:DeleteBucketPolicy",
    "kms:PutKeyPolicy",
    "kms:CreateGrant",
    "sqs:SetQueueAttributes",
    "sns:SetTopicAttributes",
    "lambda:AddPermission",
    "ecr:SetRepositoryPolicy",
    "secretsmanager:PutResourcePolicy",
];

/// Whether `name` is one of the actions named in this module's tables.
pub(super) fn is_notable(name: &str) -> bool {
    ESCALATION
        .iter()
        .chain(ESCALATION_ON_ALL)
        .chain(EXPOSURE)
        .chain(EXFILTRATION)
        .chain(CREDENTIALS.iter().map(|(n, _)| n))
        .any(|n| n.eq_ignore_ascii_case(name))
}

fn ids(catalog: &Catalog, names: &[&str]) -> Vec<ActionId> {
    names.iter().filter_map(|n| catalog.action(n)).collect()
}

pub(super) fn check(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    if !s.is_allow() {
        return;
    }
    let granted = s.granted();
    if granted.is_empty() {
        return;
    }
    let on_all = |id: ActionId| s.covers_all_of(catalog.action_info(id).service());
    let severity = |all: bool| {
        if all {
            Severity::Security
        } else {
            Severity::Warning
        }
    };

    // Privilege escalation, one finding per severity.
    let mut escalation: Vec<ActionId> = ids(catalog, ESCALATION)
        .into_iter()
        .filter(|id| granted.contains(id))
        .collect();
    escalation.extend(
        ids(catalog, ESCALATION_ON_ALL)
            .into_iter()
            .filter(|&id| granted.contains(&id) && on_all(id)),
    );
    for (all, these, scope) in by_scope(&escalation, on_all) {
        out.push(Finding::new(
            Rule::PrivilegeEscalation,
            severity(all),
            s.location("Action"),
            format!(
                "{} {scope} let the principal escalate its own privileges (Rhino Security Labs)",
                name_some(catalog, &these, 5)
            ),
        ));
    }

    // Data exfiltration: reading every bucket, secret or parameter.
    for id in ids(catalog, EXFILTRATION) {
        if granted.contains(&id) && on_all(id) {
            let name = catalog.action_info(id).full_name();
            let what = match service_of(&name) {
                "s3" => "all buckets",
                "secretsmanager" => "all secrets",
                _ => "all parameters",
            };
            out.push(
                Finding::new(
                    Rule::DataExfiltration,
                    Severity::Security,
                    s.location("Resource"),
                    format!("{name} on {what}: the principal can read every one of them"),
                )
                .with_fix("name the buckets, secrets or parameters the job reads"),
            );
        }
    }

    // Credentials exposure.
    for (name, only_on_all) in CREDENTIALS {
        let Some(id) = catalog.action(name) else {
            continue;
        };
        if !granted.contains(&id) || (*only_on_all && !on_all(id)) {
            continue;
        }
        let name = catalog.action_info(id).full_name();
        let message = if *only_on_all {
            format!("{name} on every resource hands out new credentials for any of them")
        } else {
            format!("{name} hands out new credentials with the caller's permissions")
        };
        out.push(Finding::new(
            Rule::CredentialsExposure,
            Severity::Security,
            s.location("Action"),
            message,
        ));
    }

    // Resource exposure: the named actions and any Permissions management
    // action not already reported as privilege escalation.
    let named: BTreeSet<ActionId> = ids(catalog, EXPOSURE).into_iter().collect();
    let exposure: Vec<ActionId> = granted
        .iter()
        .copied()
        .filter(|id| !escalation.contains(id))
        .filter(|&id| {
            named.contains(&id)
                || catalog.action_info(id).access_level() == AccessLevel::PermissionsManagement
        })
        .collect();
    for (all, these, scope) in by_scope(&exposure, on_all) {
        out.push(Finding::new(
            Rule::ResourceExposure,
            severity(all),
            s.location("Action"),
            format!(
                "{} {scope} can change who else may reach them ({} actions)",
                name_some(catalog, &these, 5),
                these.len()
            ),
        ));
    }
}

/// Splits `ids` into those granted on every resource and those granted on
/// the listed resources only, skipping an empty side: (all?, ids, wording).
fn by_scope(
    ids: &[ActionId],
    on_all: impl Fn(ActionId) -> bool,
) -> Vec<(bool, Vec<ActionId>, &'static str)> {
    [
        (true, "on every resource"),
        (false, "on the listed resources"),
    ]
    .into_iter()
    .map(|(all, scope)| {
        let these: Vec<ActionId> = ids
            .iter()
            .copied()
            .filter(|&id| on_all(id) == all)
            .collect();
        (all, these, scope)
    })
    .filter(|(_, these, _)| !these.is_empty())
    .collect()
}

/// Combinations granted anywhere in the policy, by any `Allow` statement.
pub(super) fn check_combos(catalog: &Catalog, statements: &[Stmt<'_>], out: &mut Vec<Finding>) {
    let granted: BTreeSet<ActionId> = statements
        .iter()
        .filter(|s| s.is_allow())
        .flat_map(|s| s.granted())
        .collect();
    if granted.is_empty() {
        return;
    }
    let pass_role = ids(catalog, &["iam:PassRole"]);
    for (what, groups, principal) in COMBOS {
        // The PassRole statements that could pass a role to `principal`.
        let passing: Vec<&Stmt<'_>> = statements
            .iter()
            .filter(|s| s.is_allow() && s.granted().iter().any(|id| pass_role.contains(id)))
            .filter(|s| can_pass_to(s, principal))
            .collect();
        if passing.is_empty() {
            continue;
        }
        // Any role: security. Only roles the policy names: still a path to
        // whatever those roles may do, so a warning.
        let severity = if passing.iter().any(|s| s.covers_all_of("iam")) {
            Severity::Security
        } else {
            Severity::Warning
        };
        let picked: Option<Vec<ActionId>> = groups
            .iter()
            .map(|alternatives| {
                ids(catalog, alternatives)
                    .into_iter()
                    .find(|id| granted.contains(id))
            })
            .collect();
        let Some(picked) = picked else {
            continue;
        };
        let names: Vec<String> = picked
            .iter()
            .map(|&id| catalog.action_info(id).full_name())
            .collect();
        let scope = if severity == Severity::Security {
            String::new()
        } else {
            " (limited to the roles this policy names: check what they may do)".to_string()
        };
        out.push(Finding::new(
            Rule::PrivilegeEscalationCombo,
            severity,
            Location::policy(Some("Statement")),
            format!(
                "{} together let the principal {what} (Rhino Security Labs){scope}",
                names.join(" + ")
            ),
        ));
    }
}

/// Whether a PassRole statement can pass a role to `principal`: it has no
/// `iam:PassedToService` condition, or one of its values matches.
fn can_pass_to(s: &Stmt<'_>, principal: &str) -> bool {
    let mut limited = false;
    for (op, keys) in &s.statement.condition {
        for (key, values) in keys {
            if key.eq_ignore_ascii_case("iam:PassedToService")
                && op.starts_with("String")
                && !op.contains("Not")
            {
                limited = true;
                if values
                    .iter()
                    .any(|v| wildcard::is_match_ignore_case(v, principal))
                {
                    return true;
                }
            }
        }
    }
    !limited
}
