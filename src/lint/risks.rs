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
const COMBOS: &[(&str, &[&[&str]])] = &[
    (
        "create a Lambda function with a more powerful role and invoke it",
        &[
            &["iam:PassRole"],
            &["lambda:CreateFunction"],
            &["lambda:InvokeFunction", "lambda:CreateEventSourceMapping"],
        ],
    ),
    (
        "create a CloudFormation stack that runs as a more powerful role",
        &[&["iam:PassRole"], &["cloudformation:CreateStack"]],
    ),
    (
        "launch an EC2 instance with a more powerful instance profile",
        &[&["iam:PassRole"], &["ec2:RunInstances"]],
    ),
    (
        "create a Glue development endpoint with a more powerful role",
        &[&["iam:PassRole"], &["glue:CreateDevEndpoint"]],
    ),
    (
        "create a Data Pipeline that runs as a more powerful role",
        &[&["iam:PassRole"], &["datapipeline:CreatePipeline"]],
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
    for all in [true, false] {
        let these: Vec<ActionId> = escalation
            .iter()
            .copied()
            .filter(|&id| on_all(id) == all)
            .collect();
        if these.is_empty() {
            continue;
        }
        let scope = if all {
            "on every resource"
        } else {
            "on the listed resources"
        };
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
    for all in [true, false] {
        let these: Vec<ActionId> = exposure
            .iter()
            .copied()
            .filter(|&id| on_all(id) == all)
            .collect();
        if these.is_empty() {
            continue;
        }
        let scope = if all {
            "on every resource"
        } else {
            "on the listed resources"
        };
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
    for (what, groups) in COMBOS {
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
        out.push(Finding::new(
            Rule::PrivilegeEscalationCombo,
            Severity::Security,
            Location::policy(Some("Statement")),
            format!(
                "{} together let the principal {what} (Rhino Security Labs)",
                names.join(" + ")
            ),
        ));
    }
}
