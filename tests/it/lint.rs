use std::process::Command;

use policy_builder::catalog;
use policy_builder::lint::{
    lint, lint_text, lint_with_limit, statement_name, Finding, Location, Rule, Severity,
};
use policy_builder::policy::{Policy, SizeLimit};

/// Lints a policy made of `statements` (the inside of the `Statement` array).
fn lint_statements(statements: &str) -> Vec<Finding> {
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    lint_text(catalog::bundled(), &text, None).expect("test policy parses")
}

/// The severity `rule` was reported with, if it was.
fn severity_of(findings: &[Finding], rule: Rule) -> Option<Severity> {
    findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.severity)
        .max()
}

use Severity::{Error, Security, Suggestion, Warning};

/// (case, statements, rule, expected severity or `None` for a near miss).
type Case = (&'static str, &'static str, Rule, Option<Severity>);

fn check(cases: &[Case]) {
    for (name, statements, rule, want) in cases {
        let findings = lint_statements(statements);
        assert_eq!(
            severity_of(&findings, *rule),
            *want,
            "{name}: {rule} in {findings:#?}"
        );
    }
}

#[test]
fn grammar() {
    let s = r#""Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}"#;
    let cases = [
        (
            "missing version",
            format!("{{{s}}}"),
            Rule::MissingVersion,
            Some(Warning),
        ),
        (
            "old version",
            format!(r#"{{"Version": "2008-10-17", {s}}}"#),
            Rule::OldVersion,
            Some(Warning),
        ),
        (
            "current version has no missing-version",
            format!(r#"{{"Version": "2012-10-17", {s}}}"#),
            Rule::MissingVersion,
            None,
        ),
        (
            "current version has no old-version",
            format!(r#"{{"Version": "2012-10-17", {s}}}"#),
            Rule::OldVersion,
            None,
        ),
    ];
    for (name, text, rule, want) in cases {
        let findings = lint_text(catalog::bundled(), &text, None).expect("parses");
        assert_eq!(severity_of(&findings, rule), want, "{name}: {findings:#?}");
    }
}

#[test]
fn unknown_names() {
    check(&[
        (
            "unknown service",
            r#"{"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}"#,
            Rule::UnknownService,
            Some(Error),
        ),
        (
            "known service",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
            Rule::UnknownService,
            None,
        ),
        (
            "unknown action",
            r#"{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}"#,
            Rule::UnknownAction,
            Some(Error),
        ),
        (
            "no colon",
            r#"{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}"#,
            Rule::UnknownAction,
            Some(Error),
        ),
        (
            "action names are case-insensitive",
            r#"{"Effect": "Allow", "Action": "S3:getobject", "Resource": "*"}"#,
            Rule::UnknownAction,
            None,
        ),
        (
            "unknown in NotAction",
            r#"{"Effect": "Deny", "NotAction": "s3:GetObjekt", "Resource": "*"}"#,
            Rule::UnknownAction,
            Some(Error),
        ),
        (
            "pattern matches nothing",
            r#"{"Effect": "Allow", "Action": "s3:Fly*", "Resource": "*"}"#,
            Rule::PatternMatchesNothing,
            Some(Error),
        ),
        (
            "pattern matches something",
            r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}"#,
            Rule::PatternMatchesNothing,
            None,
        ),
    ]);
}

#[test]
fn did_you_mean() {
    let findings = lint_statements(
        r#"{"Effect": "Allow", "Action": ["s3:GetObjekt", "lamda:InvokeFunction"], "Resource": "*"}"#,
    );
    let fixes: Vec<Option<&str>> = findings
        .iter()
        .filter(|f| f.severity == Error)
        .map(|f| f.fix.as_deref())
        .collect();
    assert!(fixes.contains(&Some("s3:GetObject")), "{findings:#?}");
    assert!(
        fixes.contains(&Some("lambda:InvokeFunction")),
        "{findings:#?}"
    );
}

#[test]
fn resource_mismatch() {
    check(&[
        (
            "stream ARN to GetItem",
            r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:stream/x"}"#,
            Rule::ResourceMismatch,
            Some(Warning),
        ),
        (
            "stream ARN to GetItem and GetRecords",
            r#"{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:GetRecords"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/x"}"#,
            Rule::ResourceMismatch,
            None,
        ),
        (
            "sns topic ARN to an sqs-only statement",
            r#"{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sns:us-east-1:123456789012:topic"}"#,
            Rule::ResourceMismatch,
            None,
        ),
        (
            "table ARN to a table action",
            r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/t"}"#,
            Rule::ResourceMismatch,
            None,
        ),
        (
            "object ARN to ListBucket",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b/k"}"#,
            Rule::S3ObjectBucketMismatch,
            Some(Warning),
        ),
        (
            "objects wildcard to ListBucket",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b/*"}"#,
            Rule::S3ObjectBucketMismatch,
            Some(Warning),
        ),
        (
            "bucket ARN to GetObject",
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b"}"#,
            Rule::S3ObjectBucketMismatch,
            Some(Warning),
        ),
        (
            "bucket ARN to ListBucket",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}"#,
            Rule::S3ObjectBucketMismatch,
            None,
        ),
        (
            "a bucket-name pattern reaches objects",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::prefix*"}"#,
            Rule::S3ObjectBucketMismatch,
            None,
        ),
        (
            "a ? can stand for the /",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b?k"}"#,
            Rule::S3ObjectBucketMismatch,
            None,
        ),
        (
            "both ARNs to both kinds",
            r#"{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}"#,
            Rule::S3ObjectBucketMismatch,
            None,
        ),
    ]);
}

#[test]
fn s3_trap_fixes_name_the_right_arn() {
    let cases = [
        (
            "object to bucket action",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b/k"}"#,
            "use arn:aws:s3:::b for the bucket",
        ),
        (
            "bucket to object action",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b"}"#,
            "use arn:aws:s3:::b/* for objects",
        ),
        (
            "variable bucket to object action",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}"}"#,
            "use arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}/* for objects",
        ),
        (
            "variable objects to bucket action",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}/*"}"#,
            "use arn:aws:s3:::${aws:PrincipalTag/DomainBucketName} for the bucket",
        ),
        (
            "another partition",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws-cn:s3:::b/k"}"#,
            "use arn:aws-cn:s3:::b for the bucket",
        ),
    ];
    for (name, statements, fix) in cases {
        let findings = lint_statements(statements);
        let f = findings
            .iter()
            .find(|f| f.rule == Rule::S3ObjectBucketMismatch)
            .unwrap_or_else(|| panic!("{name}: {findings:#?}"));
        assert_eq!(f.fix.as_deref(), Some(fix), "{name}");
    }
}

/// Actions a statement names but never grants: none of its resources
/// fits the action (`explain` drops them too).
#[test]
fn never_granted_actions() {
    check(&[
        (
            "an action that accepts only * given a bucket",
            r#"{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:ListBucket"], "Resource": "arn:aws:s3:::b"}"#,
            Rule::ActionNeverGranted,
            Some(Error),
        ),
        (
            "an action that accepts only * given an ARN pattern",
            r#"{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "arn:aws:iam::*:role/*"}"#,
            Rule::ActionNeverGranted,
            Some(Error),
        ),
        (
            "an action that accepts only * given *",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            Rule::ActionNeverGranted,
            None,
        ),
        (
            "an object action given only a bucket",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b"}"#,
            Rule::ActionNeverGranted,
            Some(Error),
        ),
        (
            "a queue action given a topic",
            r#"{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sns:us-east-1:123456789012:topic"}"#,
            Rule::ActionNeverGranted,
            Some(Error),
        ),
        (
            "one of the resources fits",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}"#,
            Rule::ActionNeverGranted,
            None,
        ),
        (
            "a pattern may match",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b*"}"#,
            Rule::ActionNeverGranted,
            None,
        ),
        (
            "a policy variable may match",
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::${aws:PrincipalAccount}:role/x"}"#,
            Rule::ActionNeverGranted,
            None,
        ),
        (
            "an action wildcard names no action",
            r#"{"Effect": "Allow", "Action": "s3:GetObject*", "Resource": "arn:aws:s3:::b"}"#,
            Rule::ActionNeverGranted,
            None,
        ),
        (
            "a Deny grants nothing",
            r#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b"}"#,
            Rule::ActionNeverGranted,
            None,
        ),
        (
            "NotResource reaches every other resource",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b"}"#,
            Rule::ActionNeverGranted,
            None,
        ),
    ]);
}

#[test]
fn never_granted_names_the_action_and_the_fix() {
    let cases = [
        (
            "only *",
            r#"{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:ListBucket"], "Resource": "arn:aws:s3:::b"}"#,
            "s3:ListAllMyBuckets accepts only \"Resource\": \"*\"",
            "move s3:ListAllMyBuckets to a statement with \"Resource\": \"*\"",
        ),
        (
            "object action on a bucket",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b"}"#,
            "a resource type of s3:GetObject: object (arn:${Partition}:s3:::${BucketName}/${ObjectName})",
            "give s3:GetObject an ARN of the form arn:${Partition}:s3:::${BucketName}/${ObjectName}",
        ),
    ];
    for (name, statements, message, fix) in cases {
        let findings = lint_statements(statements);
        let never: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule == Rule::ActionNeverGranted)
            .collect();
        assert_eq!(never.len(), 1, "{name}: {findings:#?}");
        assert!(
            never[0].message.contains(message),
            "{name}: {}",
            never[0].message
        );
        assert!(
            never[0].fix.as_deref().is_some_and(|f| f.starts_with(fix)),
            "{name}: {:?}",
            never[0].fix
        );
        assert_eq!(
            never[0].location.element.as_deref(),
            Some("Action"),
            "{name}"
        );
    }
}

/// Policy variables whose key holds `/` or `:` are one part of the ARN.
#[test]
fn resource_variables() {
    check(&[
        (
            "account variable fits a role",
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::${aws:PrincipalAccount}:role/x"}"#,
            Rule::ResourceMismatch,
            None,
        ),
        (
            "a variable does not hide a wrong type",
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::${aws:PrincipalAccount}:rol/x"}"#,
            Rule::ResourceMismatch,
            Some(Warning),
        ),
        (
            "tag variable is a bucket name",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}"}"#,
            Rule::S3ObjectBucketMismatch,
            None,
        ),
        (
            "tag variable bucket to an object action",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}"}"#,
            Rule::S3ObjectBucketMismatch,
            Some(Warning),
        ),
        (
            "tag variable objects to an object action",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}/*"}"#,
            Rule::S3ObjectBucketMismatch,
            None,
        ),
    ]);
}

#[test]
fn wildcards() {
    check(&[
        (
            "resource star on scopable actions",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
            Rule::ResourceStar,
            Some(Security),
        ),
        (
            "resource star on an action that needs it",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            Rule::ResourceStar,
            None,
        ),
        (
            "resource star on Deny",
            r#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}"#,
            Rule::ResourceStar,
            None,
        ),
        (
            "service wildcard with write",
            r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b"}"#,
            Rule::ServiceWildcard,
            Some(Security),
        ),
        (
            "star",
            r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
            Rule::ServiceWildcard,
            Some(Security),
        ),
        (
            "service wildcard without write",
            r#"{"Effect": "Allow", "Action": "pricing:*", "Resource": "*"}"#,
            Rule::ServiceWildcard,
            Some(Warning),
        ),
        (
            "narrow wildcard is no service wildcard",
            r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}"#,
            Rule::ServiceWildcard,
            None,
        ),
        (
            "Put* reaches permissions management",
            r#"{"Effect": "Allow", "Action": "s3:Put*", "Resource": "arn:aws:s3:::b"}"#,
            Rule::ActionWildcard,
            Some(Security),
        ),
        (
            "wildcard reaching write",
            r#"{"Effect": "Allow", "Action": "s3:DeleteObject*", "Resource": "arn:aws:s3:::b/*"}"#,
            Rule::ActionWildcard,
            Some(Warning),
        ),
        (
            "read wildcard",
            r#"{"Effect": "Allow", "Action": "s3:List*", "Resource": "arn:aws:s3:::b"}"#,
            Rule::ActionWildcard,
            None,
        ),
    ]);
}

#[test]
fn put_wildcard_names_put_bucket_policy() {
    let findings = lint_statements(
        r#"{"Effect": "Allow", "Action": "s3:Put*", "Resource": "arn:aws:s3:::b"}"#,
    );
    let f = findings
        .iter()
        .find(|f| f.rule == Rule::ActionWildcard)
        .expect("action-wildcard");
    assert!(f.message.contains("s3:PutBucketPolicy"), "{}", f.message);
}

#[test]
fn pass_role() {
    let scoped = r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}"#;
    check(&[
        (
            "PassRole on star",
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#,
            Rule::PassRoleAnyRole,
            Some(Security),
        ),
        (
            "PassRole on every role",
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/*"}"#,
            Rule::PassRoleAnyRole,
            Some(Security),
        ),
        (
            "iam:* on star",
            r#"{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}"#,
            Rule::PassRoleAnyRole,
            Some(Security),
        ),
        (
            "star on star",
            r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
            Rule::PassRoleAnyRole,
            Some(Security),
        ),
        ("PassRole on one role", scoped, Rule::PassRoleAnyRole, None),
        (
            "PassRole without PassedToService",
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app"}"#,
            Rule::PassRoleWithoutService,
            Some(Security),
        ),
        (
            "PassRole with PassedToService",
            scoped,
            Rule::PassRoleWithoutService,
            None,
        ),
    ]);
}

#[test]
fn privilege_escalation() {
    check(&[
        (
            "CreatePolicyVersion on star",
            r#"{"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*"}"#,
            Rule::PrivilegeEscalation,
            Some(Security),
        ),
        (
            "AttachUserPolicy scoped",
            r#"{"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::123456789012:user/me"}"#,
            Rule::PrivilegeEscalation,
            Some(Warning),
        ),
        (
            "via iam:Put*",
            r#"{"Effect": "Allow", "Action": "iam:Put*", "Resource": "*"}"#,
            Rule::PrivilegeEscalation,
            Some(Security),
        ),
        (
            "GetUser is no escalation",
            r#"{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}"#,
            Rule::PrivilegeEscalation,
            None,
        ),
        (
            "UpdateFunctionCode on star",
            r#"{"Effect": "Allow", "Action": "lambda:UpdateFunctionCode", "Resource": "*"}"#,
            Rule::PrivilegeEscalation,
            Some(Security),
        ),
        (
            "UpdateFunctionCode on one function",
            r#"{"Effect": "Allow", "Action": "lambda:UpdateFunctionCode", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f"}"#,
            Rule::PrivilegeEscalation,
            None,
        ),
        (
            "Deny is no escalation",
            r#"{"Effect": "Deny", "Action": "iam:CreatePolicyVersion", "Resource": "*"}"#,
            Rule::PrivilegeEscalation,
            None,
        ),
    ]);
}

#[test]
fn privilege_escalation_combos() {
    let pass = r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app"}"#;
    let cases = [
        (
            "PassRole + CreateFunction + InvokeFunction",
            "lambda:CreateFunction\", \"lambda:InvokeFunction",
            true,
        ),
        (
            "PassRole + CreateFunction + CreateEventSourceMapping",
            "lambda:CreateFunction\", \"lambda:CreateEventSourceMapping",
            true,
        ),
        (
            "PassRole + CreateFunction alone",
            "lambda:CreateFunction",
            false,
        ),
        ("PassRole + CreateStack", "cloudformation:CreateStack", true),
        ("PassRole + RunInstances", "ec2:RunInstances", true),
        (
            "PassRole + CreateDevEndpoint",
            "glue:CreateDevEndpoint",
            true,
        ),
        (
            "PassRole + CreatePipeline",
            "datapipeline:CreatePipeline",
            true,
        ),
        (
            "PassRole + DescribeInstances",
            "ec2:DescribeInstances",
            false,
        ),
    ];
    for (name, actions, want) in cases {
        let other = format!(r#"{{"Effect": "Allow", "Action": ["{actions}"], "Resource": "*"}}"#);
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{pass}, {other}]}}"#);
        let findings = lint_text(catalog::bundled(), &text, None).expect("parses");
        let got = severity_of(&findings, Rule::PrivilegeEscalationCombo);
        // PassRole on one named role: a warning (a path to what that role may do).
        assert_eq!(got, want.then_some(Warning), "{name}: {findings:#?}");
    }
    // PassRole on every role: security. Limited by iam:PassedToService to
    // another service: no combo.
    let combo = |pass: &str| {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{pass}, {{"Effect": "Allow", "Action": "cloudformation:CreateStack", "Resource": "*"}}]}}"#
        );
        severity_of(
            &lint_text(catalog::bundled(), &text, None).unwrap(),
            Rule::PrivilegeEscalationCombo,
        )
    };
    assert_eq!(
        combo(r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#),
        Some(Security)
    );
    assert_eq!(
        combo(
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}"#
        ),
        None
    );
    assert_eq!(
        combo(
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}}}"#
        ),
        Some(Security)
    );
}

#[test]
fn data_exfiltration_and_credentials() {
    check(&[
        (
            "GetObject on star",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
            Rule::DataExfiltration,
            Some(Security),
        ),
        (
            "GetObject on all buckets",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*"}"#,
            Rule::DataExfiltration,
            Some(Security),
        ),
        (
            "GetObject on all objects, any partition",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:*:s3:::*/*"}"#,
            Rule::DataExfiltration,
            Some(Security),
        ),
        (
            "GetObject on one bucket",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            Rule::DataExfiltration,
            None,
        ),
        (
            "GetSecretValue on star",
            r#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}"#,
            Rule::DataExfiltration,
            Some(Security),
        ),
        (
            "GetSecretValue on one secret",
            r#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}"#,
            Rule::DataExfiltration,
            None,
        ),
        (
            "GetParameters on star",
            r#"{"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": "*"}"#,
            Rule::DataExfiltration,
            Some(Security),
        ),
        (
            "GetParameter on star",
            r#"{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"}"#,
            Rule::DataExfiltration,
            Some(Security),
        ),
        (
            "AssumeRole on star",
            r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}"#,
            Rule::CredentialsExposure,
            Some(Security),
        ),
        (
            "AssumeRole on one role",
            r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::123456789012:role/deploy"}"#,
            Rule::CredentialsExposure,
            None,
        ),
        (
            "GetFederationToken",
            r#"{"Effect": "Allow", "Action": "sts:GetFederationToken", "Resource": "arn:aws:sts::123456789012:federated-user/x"}"#,
            Rule::CredentialsExposure,
            Some(Security),
        ),
        (
            "CreateAccessKey on star",
            r#"{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}"#,
            Rule::CredentialsExposure,
            Some(Security),
        ),
        (
            "ecr:GetAuthorizationToken is fine",
            r#"{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}"#,
            Rule::CredentialsExposure,
            None,
        ),
    ]);
    let findings = lint_statements(
        r#"{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}"#,
    );
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn resource_exposure() {
    check(&[
        (
            "PutBucketPolicy on star",
            r#"{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "*"}"#,
            Rule::ResourceExposure,
            Some(Security),
        ),
        (
            "PutBucketAcl on all buckets",
            r#"{"Effect": "Allow", "Action": "s3:PutBucketAcl", "Resource": "arn:aws:s3:::*"}"#,
            Rule::ResourceExposure,
            Some(Security),
        ),
        (
            "PutObjectAcl on one bucket",
            r#"{"Effect": "Allow", "Action": "s3:PutObjectAcl", "Resource": "arn:aws:s3:::b/*"}"#,
            Rule::ResourceExposure,
            Some(Warning),
        ),
        (
            "PutKeyPolicy on star",
            r#"{"Effect": "Allow", "Action": "kms:PutKeyPolicy", "Resource": "*"}"#,
            Rule::ResourceExposure,
            Some(Security),
        ),
        (
            "PutObject is no exposure",
            r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}"#,
            Rule::ResourceExposure,
            None,
        ),
    ]);
}

#[test]
fn conditions() {
    check(&[
        (
            "s3:prefix on ListBucket",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "js/*"}}}"#,
            Rule::UnsupportedConditionKey,
            None,
        ),
        (
            "s3:prefix on GetObject",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"s3:prefix": "js/*"}}}"#,
            Rule::UnsupportedConditionKey,
            Some(Warning),
        ),
        (
            "global key anywhere",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#,
            Rule::UnsupportedConditionKey,
            None,
        ),
        (
            "String operator on an IP key",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceIp": "10.0.0.1"}}}"#,
            Rule::ConditionOperatorMismatch,
            Some(Warning),
        ),
        (
            "Bool on a Bool key",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#,
            Rule::ConditionOperatorMismatch,
            None,
        ),
        (
            "Numeric on a Bool key",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"NumericEquals": {"aws:SecureTransport": "1"}}}"#,
            Rule::ConditionOperatorMismatch,
            Some(Warning),
        ),
        (
            "IfExists is stripped",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}"#,
            Rule::ConditionOperatorMismatch,
            None,
        ),
        (
            "Arn operator on an Arn key",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::1:role/*"}}}"#,
            Rule::ConditionOperatorMismatch,
            None,
        ),
        (
            "Null on any key",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Null": {"aws:SourceIp": "false"}}}"#,
            Rule::ConditionOperatorMismatch,
            None,
        ),
        (
            "ForAllValues on a single-valued key",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-1"}}}"#,
            Rule::ForAllValuesSingleValued,
            Some(Warning),
        ),
        (
            "ForAllValues on a multivalued key",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAllValues:StringEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}}}"#,
            Rule::ForAllValuesSingleValued,
            None,
        ),
        (
            "multivalued key without set operator",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}}}"#,
            Rule::MultivaluedWithoutSetOperator,
            Some(Warning),
        ),
        (
            "multivalued key with ForAnyValue",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAnyValue:StringEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}}}"#,
            Rule::MultivaluedWithoutSetOperator,
            None,
        ),
    ]);
}

/// Keys with placeholders, and keys the dataset documents for any request.
#[test]
fn condition_keys_from_the_dataset() {
    let cases: &[Case] = &[
        (
            "a placeholder after a colon",
            r#"{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::b"}}}"#,
            Rule::UnsupportedConditionKey,
            None,
        ),
        (
            "a placeholder in the middle",
            r#"{"Effect": "Allow", "Action": "codebuild:CreateProject", "Resource": "*", "Condition": {"StringEquals": {"codebuild:environment.environmentVariables/TOKEN.value": "x"}}}"#,
            Rule::UnsupportedConditionKey,
            None,
        ),
        (
            "the reference's tag-key",
            r#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"secretsmanager:ResourceTag/Owner": "me"}}}"#,
            Rule::UnsupportedConditionKey,
            None,
        ),
        (
            "an instance's credentials, on another service",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ArnEquals": {"ec2:SourceInstanceArn": "arn:aws:ec2:us-east-1:1:instance/i-1"}}}"#,
            Rule::UnsupportedConditionKey,
            None,
        ),
        (
            "a function's credentials",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ArnEquals": {"lambda:SourceFunctionArn": "arn:aws:lambda:us-east-1:1:function:f"}}}"#,
            Rule::UnsupportedConditionKey,
            None,
        ),
        (
            "glue's assumed role",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"glue:RoleAssumedBy": "glue.amazonaws.com"}}}"#,
            Rule::UnsupportedConditionKey,
            None,
        ),
        (
            "the MCP global key",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:IsMcpServiceAction": "true"}}}"#,
            Rule::UnsupportedConditionKey,
            None,
        ),
        (
            "a key of another action of the service",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"s3:prefix": "js/*"}}}"#,
            Rule::UnsupportedConditionKey,
            Some(Warning),
        ),
        (
            "a key nobody documents",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:NoSuchKey": "x"}}}"#,
            Rule::UnsupportedConditionKey,
            Some(Warning),
        ),
        (
            "a placeholder needs a value",
            r#"{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:": "x"}}}"#,
            Rule::UnsupportedConditionKey,
            Some(Warning),
        ),
    ];
    check(cases);
}

/// An unknown or empty operator makes IAM reject the policy.
#[test]
fn condition_operators() {
    let with = |operator: &str| {
        format!(
            r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {{"{operator}": {{"aws:SourceIp": "10.0.0.0/8"}}}}}}"#
        )
    };
    let cases = [
        ("a typo", "StringEqualz", Some(Error), Some("StringEquals")),
        ("empty", "", Some(Error), None),
        (
            "Null takes no IfExists",
            "NullIfExists",
            Some(Error),
            Some("Null"),
        ),
        ("a known operator", "IpAddress", None, None),
        ("a known set operator", "ForAnyValue:StringLike", None, None),
    ];
    for (name, operator, want, fix) in cases {
        let findings = lint_statements(&with(operator));
        assert_eq!(
            severity_of(&findings, Rule::UnknownConditionOperator),
            want,
            "{name}: {findings:#?}"
        );
        if want.is_some() {
            let f = findings
                .iter()
                .find(|f| f.rule == Rule::UnknownConditionOperator)
                .expect("the finding");
            assert!(
                f.message.contains("IAM rejects the policy"),
                "{name}: {}",
                f.message
            );
            if let Some(fix) = fix {
                assert!(
                    f.message.contains(&format!("did you mean \"{fix}\"")),
                    "{name}: {}",
                    f.message
                );
                assert_eq!(f.fix.as_deref(), Some(fix), "{name}");
            }
            assert_eq!(
                f.location.element.as_deref(),
                Some(format!("Condition.{operator}").as_str()),
                "{name}"
            );
            // Not a type mismatch as well: the operator is simply wrong.
            assert_eq!(
                severity_of(&findings, Rule::ConditionOperatorMismatch),
                None,
                "{name}"
            );
        }
    }
}

#[test]
fn statements_are_named_one_way() {
    let at = |statement: Option<usize>, sid: Option<&str>, element: Option<&str>| Location {
        statement,
        sid: sid.map(str::to_string),
        element: element.map(str::to_string),
        index: None,
    };
    let cases = [
        (
            "no Sid",
            at(Some(0), None, Some("Action")),
            "Statement[0] Action",
        ),
        (
            "with a Sid",
            at(Some(2), Some("S3Write"), Some("Resource")),
            "Statement[2] (Sid \"S3Write\") Resource",
        ),
        (
            "the whole statement",
            at(Some(1), None, None),
            "Statement[1]",
        ),
        (
            "policy-wide",
            at(None, None, Some("Version")),
            "Policy Version",
        ),
    ];
    for (name, location, want) in cases {
        assert_eq!(location.to_string(), want, "{name}");
    }
    assert_eq!(
        statement_name(3, Some("S3Write")),
        "Statement[3] (Sid \"S3Write\")"
    );
    assert_eq!(statement_name(0, None), "Statement[0]");
}

#[test]
fn condition_location_names_operator_and_key() {
    let findings = lint_statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"s3:prefix": "js/*"}}}"#,
    );
    let f = findings
        .iter()
        .find(|f| f.rule == Rule::UnsupportedConditionKey)
        .expect("finding");
    assert_eq!(
        f.location.element.as_deref(),
        Some("Condition.StringLike.s3:prefix")
    );
    assert_eq!(f.location.statement, Some(0));
}

#[test]
fn hygiene() {
    let get = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#;
    let list = r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}"#;
    let duplicate = format!("{get}, {list}, {get}");
    let distinct = format!("{get}, {list}");
    let cases: Vec<(&str, String, Rule, Option<Severity>)> = vec![
        ("action covered by a wildcard", r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}"#.into(), Rule::RedundantAction, Some(Suggestion)),
        ("action listed twice", r#"{"Effect": "Allow", "Action": ["s3:GetObject", "S3:GetObject"], "Resource": "arn:aws:s3:::b/*"}"#.into(), Rule::RedundantAction, Some(Suggestion)),
        ("distinct actions", r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}"#.into(), Rule::RedundantAction, None),
        ("duplicate statement", duplicate, Rule::DuplicateStatement, Some(Warning)),
        ("distinct statements", distinct, Rule::DuplicateStatement, None),
        ("Allow with NotAction", r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#.into(), Rule::AllowNotAction, Some(Warning)),
        ("Deny with NotAction", r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}"#.into(), Rule::AllowNotAction, None),
        ("Allow with NotResource", r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}"#.into(), Rule::AllowNotResource, Some(Warning)),
        ("Deny with NotResource", r#"{"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b/*"}"#.into(), Rule::AllowNotResource, None),
    ];
    for (name, statements, rule, want) in cases {
        let findings = lint_statements(&statements);
        assert_eq!(severity_of(&findings, rule), want, "{name}: {findings:#?}");
    }
}

/// A policy of `n` statements, each about 120 characters.
fn long_policy(n: usize) -> Policy {
    let statements: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-number-{i}/*"}}"#))
        .collect();
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",")
    );
    Policy::parse(&text).expect("parses")
}

#[test]
fn size_limit() {
    let c = catalog::bundled();
    let small = long_policy(2);
    let big = long_policy(30);
    assert!(big.iam_size() > SizeLimit::InlineUser.max_chars());
    assert!(big.iam_size() < SizeLimit::Managed.max_chars());
    let cases = [
        (
            "small under the user limit",
            lint_with_limit(c, &small, SizeLimit::InlineUser),
            None,
        ),
        (
            "big over the user limit",
            lint_with_limit(c, &big, SizeLimit::InlineUser),
            Some(Error),
        ),
        (
            "big under the managed limit",
            lint_with_limit(c, &big, SizeLimit::Managed),
            None,
        ),
        ("big, default managed limit", lint(c, &big), None),
        (
            "huge, default managed limit warns",
            lint(c, &long_policy(80)),
            Some(Warning),
        ),
    ];
    for (name, findings, want) in cases {
        assert_eq!(severity_of(&findings, Rule::SizeLimit), want, "{name}");
    }
}

#[test]
fn findings_are_sorted_most_severe_first_and_deterministic() {
    let text = std::fs::read_to_string(fixture("amplify-workshop-policy.json")).expect("fixture");
    let a = lint_text(catalog::bundled(), &text, None).expect("parses");
    let b = lint_text(catalog::bundled(), &text, None).expect("parses");
    assert_eq!(a, b);
    let mixed = lint_statements(
        r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject", "s3:GetObjekt"], "Resource": "*"}"#,
    );
    let severities: Vec<Severity> = mixed.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|x, y| y.cmp(x));
    assert_eq!(severities, sorted);
    assert_eq!(severities.first(), Some(&Error));
    assert_eq!(severities.last(), Some(&Suggestion));
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// What each seed policy must be told, and why.
#[test]
fn seed_policies() {
    let cases = [
        (
            "amplify: PassRole on every role",
            "amplify-workshop-policy.json",
            Rule::PassRoleAnyRole,
            "iam:PassRole",
        ),
        (
            "amplify: s3:*",
            "amplify-workshop-policy.json",
            Rule::ServiceWildcard,
            "\"s3:*\"",
        ),
        (
            "S3FullAccess: s3:*",
            "amazon-s3-full-access.json",
            Rule::ServiceWildcard,
            "\"s3:*\"",
        ),
        (
            "optimizer: s3:Put* reaches PutBucketPolicy",
            "s3-image-optimizer-restricted.json",
            Rule::ActionWildcard,
            "s3:PutBucketPolicy",
        ),
        (
            "optimizer: reads all buckets",
            "s3-image-optimizer-restricted.json",
            Rule::DataExfiltration,
            "all buckets",
        ),
        (
            "S3FullAccess: reads all buckets",
            "amazon-s3-full-access.json",
            Rule::DataExfiltration,
            "all buckets",
        ),
    ];
    for (name, file, rule, needle) in cases {
        let text = std::fs::read_to_string(fixture(file)).expect("fixture");
        let findings = lint_text(catalog::bundled(), &text, None).expect("seed parses");
        assert!(
            findings
                .iter()
                .any(|f| f.rule == rule && f.severity == Security && f.message.contains(needle)),
            "{name}: {findings:#?}"
        );
    }
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .args(args)
        .output()
        .expect("run CLI");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_policy(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("policy-builder-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp policy");
    path
}

#[test]
fn cli_exit_codes() {
    let clean = temp_policy(
        "clean.json",
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}"#,
    );
    let warned = temp_policy(
        "warned.json",
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}"#,
    );
    let broken = temp_policy(
        "broken.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Alow\"}\n}",
    );
    let seed = fixture("amplify-workshop-policy.json");
    let (clean, warned, broken, seed) = (
        clean.to_str().unwrap(),
        warned.to_str().unwrap(),
        broken.to_str().unwrap(),
        seed.to_str().unwrap(),
    );
    let cases: [(&str, Vec<&str>, i32); 7] = [
        ("clean policy", vec!["lint", clean], 0),
        ("warning under the default fail-on", vec!["lint", warned], 0),
        (
            "warning with --fail-on warning",
            vec!["lint", warned, "--fail-on", "warning"],
            1,
        ),
        ("security findings", vec!["lint", seed], 1),
        (
            "security findings, --fail-on error",
            vec!["lint", seed, "--fail-on", "error"],
            0,
        ),
        ("parse error", vec!["lint", broken], 2),
        ("missing file", vec!["lint", "/nonexistent/policy.json"], 2),
    ];
    for (name, args, want) in cases {
        let (code, out, err) = cli(&args);
        assert_eq!(code, want, "{name}: {out}{err}");
    }
}

/// IAM refuses an unknown operator: `lint` fails on it at any `--fail-on`.
#[test]
fn cli_fails_on_an_unknown_operator() {
    let typo = temp_policy(
        "typo.json",
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEqualz": {"aws:SourceAccount": "123456789012"}}}}"#,
    );
    let typo = typo.to_str().unwrap();
    let cases = [
        ("default fail-on", vec!["lint", typo]),
        ("--fail-on error", vec!["lint", typo, "--fail-on", "error"]),
    ];
    for (name, args) in cases {
        let (code, out, err) = cli(&args);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(
            out.contains("error      Statement[0] Condition.StringEqualz: \"StringEqualz\" is not a condition operator"),
            "{name}: {out}"
        );
        assert!(out.contains("fix: StringEquals"), "{name}: {out}");
    }
}

#[test]
fn cli_parse_error_has_line_and_column() {
    let broken = temp_policy(
        "broken-lc.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Alow\"}\n}",
    );
    let (code, _, err) = cli(&["lint", broken.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("line 3, column"), "{err}");
}

#[test]
fn cli_json_output_parses() {
    let seed = fixture("s3-image-optimizer-restricted.json");
    let (code, out, _) = cli(&[
        "lint",
        seed.to_str().unwrap(),
        "--format",
        "json",
        "--limit",
        "user",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let findings = v.as_array().expect("array of findings");
    let wildcard = findings
        .iter()
        .find(|f| f["rule"] == "action-wildcard")
        .expect("action-wildcard");
    assert_eq!(wildcard["severity"], "security");
    assert_eq!(wildcard["location"]["statement"], 0);
    assert_eq!(wildcard["location"]["element"], "Action");
}

#[test]
fn cli_text_output_has_lines_fixes_and_summary() {
    let seed = fixture("amplify-workshop-policy.json");
    let (_, out, _) = cli(&["lint", seed.to_str().unwrap()]);
    assert!(out.contains("security   Statement[0] (Sid \"MinimPermissionSetAmplifyiOSWorkshop\") Resource: iam:PassRole"), "{out}");
    assert!(out.contains("\n  fix: "), "{out}");
    let last = out.lines().last().expect("summary");
    assert!(
        last.contains("0 error") && last.contains("security") && last.contains("0 suggestion"),
        "{last}"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any names, ARNs and conditions lint without panicking, and
        /// linting twice gives the same findings in the same order.
        #[test]
        fn linting_never_panics_and_is_deterministic(
            actions in proptest::collection::vec("[a-zA-Z0-9*?:é-]{0,16}", 1..4),
            resources in proptest::collection::vec("(arn:(aws|\\*):[a-z0-9*]{0,5}:[a-z0-9-]{0,4}:[0-9*]{0,3}:)?[a-zé0-9*/:]{0,12}", 1..3),
            operator in "(ForAllValues:|ForAnyValue:)?(StringLike|NumericEquals|Bool|ArnLike|Null|Weird)(IfExists)?",
            key in "(aws|s3|iam|x):[A-Za-z/]{0,12}",
            allow in any::<bool>(),
        ) {
            let statement = serde_json::json!({
                "Effect": if allow { "Allow" } else { "Deny" },
                "Action": actions,
                "Resource": resources,
                "Condition": { operator: { key: "v" } },
            });
            let text = serde_json::json!({"Version": "2012-10-17", "Statement": [statement]}).to_string();
            if let Ok(first) = lint_text(catalog::bundled(), &text, None) {
                let second = lint_text(catalog::bundled(), &text, Some(SizeLimit::InlineUser)).expect("parsed once");
                let without_size: Vec<&Finding> = second.iter().filter(|f| f.rule != Rule::SizeLimit).collect();
                prop_assert_eq!(first.iter().collect::<Vec<_>>(), without_size);
            }
        }
    }
}

/// No recipe's output, in any partition, has an error- or security-level
/// finding.
#[test]
fn recipes_lint_clean_in_every_partition() {
    use policy_builder::arn::Partition;
    use policy_builder::lint::Severity;
    use std::collections::BTreeMap;
    let c = policy_builder::catalog::bundled();
    for r in policy_builder::recipe::all() {
        for partition in Partition::ALL {
            let mut params = BTreeMap::new();
            params.insert("account".to_string(), "123456789012".to_string());
            if r.params.iter().any(|p| p.name == "distribution") {
                params.insert("distribution".to_string(), "E2EXAMPLE1".to_string());
            }
            if r.params.iter().any(|p| p.name == "region") {
                params.insert("region".to_string(), partition.default_region().to_string());
            }
            params.retain(|k, _| r.params.iter().any(|p| &p.name == k));
            let made = policy_builder::recipe::instantiate(&[r], &params, partition)
                .expect("instantiates");
            let policy = policy_builder::generate::generate(c, &made.choices).expect("generates");
            let bad: Vec<_> = policy_builder::lint::lint(c, &policy)
                .into_iter()
                .filter(|f| f.severity >= Severity::Security)
                .collect();
            assert!(
                bad.is_empty(),
                "{} in {partition}: {bad:#?}\n{}",
                r.id,
                policy.to_json()
            );
        }
    }
}
