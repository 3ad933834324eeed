//! From an AccessDenied error to what is missing (issue 16): every message
//! form AWS documents is read into its action, resource and cause; only a
//! missing identity-policy statement becomes a grant, on the resource type
//! the ARN fits; `--policy` appends exactly that statement, which allows
//! the denied request and nothing next to it.
//!
//! The messages follow the IAM User Guide's "Troubleshoot access denied
//! error messages"
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html),
//! its "with authorization ID" page
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied-authorization-id.html)
//! and S3's "Troubleshoot access denied (403 Forbidden) errors"
//! (https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html).

use policy_builder::arn::Partition;
use policy_builder::catalog;
use policy_builder::choices::ArnChoice;
use policy_builder::denied::{self, Cause, DeniedErrorKind, PolicyType};
use policy_builder::policy::Policy;
use policy_builder::simulate::{simulate, Decision, Request};

const ROLE: &str = "arn:aws:sts::123456789012:assumed-role/ci-deploy/gh-run-42";
const USER: &str = "arn:aws:iam::123456789012:user/mateojackson";

/// What a message should read as.
struct Want {
    principal: Option<&'static str>,
    action: &'static str,
    resource: Option<&'static str>,
    operation: Option<&'static str>,
    cause: Cause,
}

fn want(
    principal: Option<&'static str>,
    action: &'static str,
    resource: Option<&'static str>,
    operation: Option<&'static str>,
    cause: Cause,
) -> Want {
    Want {
        principal,
        action,
        resource,
        operation,
        cause,
    }
}

fn explicit(policy_type: PolicyType, policy: Option<&str>) -> Cause {
    Cause::ExplicitDeny {
        policy_type,
        policy: policy.map(str::to_string),
    }
}

#[test]
fn reads_every_documented_form() {
    use Cause::{NoIdentityPolicy, NotAllowedBy, Unspecified};
    let cases: Vec<(&str, String, Want)> = vec![
        ("S3 quotes the resource", format!("User: {USER} is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::amzn-s3-demo-bucket/object-name\" because no identity-based policy allows the s3:GetObject action"), want(Some(USER), "s3:GetObject", Some("arn:aws:s3:::amzn-s3-demo-bucket/object-name"), None, NoIdentityPolicy)),
        ("assumed-role principal, unquoted ARN", format!("User: {ROLE} is not authorized to perform: cloudfront:CreateInvalidation on resource: arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE1 because no identity-based policy allows the cloudfront:CreateInvalidation action"), want(Some(ROLE), "cloudfront:CreateInvalidation", Some("arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE1"), None, NoIdentityPolicy)),
        ("no resource: the action is on *", format!("User: {USER} is not authorized to perform: codecommit:ListRepositories because no identity-based policy allows the codecommit:ListRepositories action"), want(Some(USER), "codecommit:ListRepositories", None, None, NoIdentityPolicy)),
        ("resource-based policy", format!("User: {USER} is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::shared-data/report.csv\" because no resource-based policy allows the s3:GetObject action"), want(Some(USER), "s3:GetObject", Some("arn:aws:s3:::shared-data/report.csv"), None, NotAllowedBy(PolicyType::ResourceBased))),
        ("permissions boundary", format!("User: {USER} is not authorized to perform: codecommit:ListRepositories because no permissions boundary allows the codecommit:ListRepositories action"), want(Some(USER), "codecommit:ListRepositories", None, None, NotAllowedBy(PolicyType::PermissionsBoundary))),
        ("session policy", format!("User: {ROLE} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::mojito-example/js/app.js\" because no session policy allows the s3:PutObject action"), want(Some(ROLE), "s3:PutObject", Some("arn:aws:s3:::mojito-example/js/app.js"), None, NotAllowedBy(PolicyType::SessionPolicy))),
        ("service control policy", format!("User: {USER} is not authorized to perform: codecommit:ListRepositories because no service control policy allows the codecommit:ListRepositories action"), want(Some(USER), "codecommit:ListRepositories", None, None, NotAllowedBy(PolicyType::ServiceControlPolicy))),
        ("resource control policy", format!("User: {ROLE} is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::mojito-example/js/app.js\" because no resource control policy allows the s3:GetObject action"), want(Some(ROLE), "s3:GetObject", Some("arn:aws:s3:::mojito-example/js/app.js"), None, NotAllowedBy(PolicyType::ResourceControlPolicy))),
        ("VPC endpoint policy", format!("User: {ROLE} is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::mojito-example/js/app.js\" because no VPC endpoint policy allows the s3:GetObject action"), want(Some(ROLE), "s3:GetObject", Some("arn:aws:s3:::mojito-example/js/app.js"), None, NotAllowedBy(PolicyType::VpcEndpointPolicy))),
        ("explicit deny in an SCP", format!("User: {USER} is not authorized to perform: codecommit:ListRepositories with an explicit deny in a service control policy"), want(Some(USER), "codecommit:ListRepositories", None, None, explicit(PolicyType::ServiceControlPolicy, None))),
        ("explicit deny in a boundary", format!("User: {ROLE} is not authorized to perform: s3:DeleteObject on resource: \"arn:aws:s3:::mojito-example/js/app.js\" with an explicit deny in a permissions boundary"), want(Some(ROLE), "s3:DeleteObject", Some("arn:aws:s3:::mojito-example/js/app.js"), None, explicit(PolicyType::PermissionsBoundary, None))),
        ("explicit deny with the policy ARN and a link", "User: arn:aws:iam::123456789012:user/janedoe is not authorized to perform: iam:CreateInstanceProfile on resource: arn:aws:iam::123456789012:instance-profile/my-instance-profile with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/ExampleDenyPolicy. Go to https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/EXAMPLE1a2b3c4d5e".to_string(), want(Some("arn:aws:iam::123456789012:user/janedoe"), "iam:CreateInstanceProfile", Some("arn:aws:iam::123456789012:instance-profile/my-instance-profile"), None, explicit(PolicyType::IdentityBased, Some("arn:aws:iam::123456789012:policy/ExampleDenyPolicy")))),
        ("older form without a reason, awscli v1 wrapper", "A client error (AccessDenied) occurred when calling the GetUser operation: User: arn:aws:iam::123456789012:user/emr is not authorized to perform: iam:GetUser on resource: arn:aws:iam::123456789012:user/emr".to_string(), want(Some("arn:aws:iam::123456789012:user/emr"), "iam:GetUser", Some("arn:aws:iam::123456789012:user/emr"), Some("GetUser"), Unspecified)),
        ("older form, resource in words", "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the ListPolicies operation: User: arn:aws:iam::123456789012:user/user.name is not authorized to perform: iam:ListPolicies on resource: policy path /\nError: exit status 1".to_string(), want(Some("arn:aws:iam::123456789012:user/user.name"), "iam:ListPolicies", Some("policy path /"), Some("ListPolicies"), Unspecified)),
        ("CLI-wrapped, keeps the operation", format!("An error occurred (AccessDenied) when calling the ListObjectsV2 operation: User: {ROLE} is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::mojito-example\" because no identity-based policy allows the s3:ListBucket action"), want(Some(ROLE), "s3:ListBucket", Some("arn:aws:s3:::mojito-example"), Some("ListObjectsV2"), NoIdentityPolicy)),
        ("CLI-wrapped after retries", format!("An error occurred (AccessDeniedException) when calling the GetSecretValue operation (reached max retries: 2): User: {ROLE} is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/token-AbCdEf because no identity-based policy allows the secretsmanager:GetSecretValue action"), want(Some(ROLE), "secretsmanager:GetSecretValue", Some("arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/token-AbCdEf"), Some("GetSecretValue"), NoIdentityPolicy)),
        ("wrapped over lines with extra spaces", format!("An error occurred (AccessDenied) when calling the PutObject\n    operation: User: {ROLE}\n    is not authorized to perform:   s3:PutObject on resource:\n    \"arn:aws:s3:::mojito-example/js/app.js\" because no identity-based\n    policy allows the s3:PutObject action"), want(Some(ROLE), "s3:PutObject", Some("arn:aws:s3:::mojito-example/js/app.js"), Some("PutObject"), NoIdentityPolicy)),
        ("an SDK's JSON body, quotes escaped", format!("{{\"__type\":\"AccessDeniedException\",\"message\":\"User: {ROLE} is not authorized to perform: dynamodb:GetItem on resource: \\\"arn:aws:dynamodb:us-east-1:123456789012:table/jobs\\\" because no identity-based policy allows the dynamodb:GetItem action\"}}"), want(Some(ROLE), "dynamodb:GetItem", Some("arn:aws:dynamodb:us-east-1:123456789012:table/jobs"), None, NoIdentityPolicy)),
    ];
    for (name, text, w) in cases {
        let denials = denied::parse_all(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(denials.len(), 1, "{name}: {denials:#?}");
        let d = &denials[0];
        assert_eq!(d.principal.as_deref(), w.principal, "{name}: principal");
        assert_eq!(d.action, w.action, "{name}: action");
        assert_eq!(d.resource.as_deref(), w.resource, "{name}: resource");
        assert_eq!(d.operation.as_deref(), w.operation, "{name}: operation");
        assert_eq!(d.cause, w.cause, "{name}: cause");
        assert_eq!(
            d.is_identity_fix(),
            matches!(w.cause, NoIdentityPolicy | Unspecified),
            "{name}"
        );
    }
}

#[test]
fn a_ci_log_gives_every_message_in_order_without_repeats() {
    let list = format!("User: {ROLE} is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::mojito-example\" because no identity-based policy allows the s3:ListBucket action");
    let put = format!("User: {ROLE} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::mojito-example/js/app.js\" because no identity-based policy allows the s3:PutObject action");
    let scp = format!("User: {ROLE} is not authorized to perform: cloudfront:CreateInvalidation on resource: arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE1 with an explicit deny in a service control policy");
    let log = format!(
        "+ aws s3 ls s3://mojito-example/js/\n\
         An error occurred (AccessDenied) when calling the ListObjectsV2 operation: {list}\n\
         retrying…\n\
         An error occurred (AccessDenied) when calling the ListObjectsV2 operation: {list}\n\
         + aws s3 cp dist/app.js s3://mojito-example/js/app.js\n\
         upload failed: dist/app.js to s3://mojito-example/js/app.js An error occurred (AccessDenied) when calling the PutObject operation: {put}\n\
         + aws cloudfront create-invalidation --distribution-id E2EXAMPLE1 --paths /js/app.js\n\
         An error occurred (AccessDenied) when calling the CreateInvalidation operation: {scp}\n\
         Error: Process completed with exit code 254.\n"
    );
    let denials = denied::parse_all(&log).unwrap();
    let got: Vec<(&str, Option<&str>, bool)> = denials
        .iter()
        .map(|d| {
            (
                d.action.as_str(),
                d.operation.as_deref(),
                d.is_identity_fix(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("s3:ListBucket", Some("ListObjectsV2"), true),
            ("s3:PutObject", Some("PutObject"), true),
            (
                "cloudfront:CreateInvalidation",
                Some("CreateInvalidation"),
                false
            ),
        ]
    );
    assert_eq!(denials[0].message, list);
}

#[test]
fn unreadable_messages_say_what_to_do() {
    type Check = fn(&DeniedErrorKind) -> bool;
    let cases: &[(&str, &str, Check, &str)] = &[
        (
            "EC2's encoded message",
            "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. Encoded authorization failure message: 4GIOHlTkIaWHQD0Q0m6XSnuUMCm-8aBxyzjvyh0kz_B8jXa2lXV3x2HHQYQ6tGQc7ZSnDtpWg",
            |k| matches!(k, DeniedErrorKind::Encoded { operation: Some(op) } if op == "RunInstances"),
            "aws sts decode-authorization-message",
        ),
        (
            "S3's bare Access Denied",
            "An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied",
            |k| matches!(k, DeniedErrorKind::S3AccessDenied { operation: Some(op) } if op == "ListObjectsV2"),
            "names no action and no resource",
        ),
        (
            "S3's Access Denied alone",
            "Access Denied",
            |k| matches!(k, DeniedErrorKind::S3AccessDenied { operation: None }),
            "names no action and no resource",
        ),
        (
            "not a denial",
            "npm ERR! 404 Not Found - GET https://registry.npmjs.org/left-pad",
            |k| matches!(k, DeniedErrorKind::NotRecognised),
            "is not authorized to perform",
        ),
        (
            "not authorized, no action",
            "You are not authorized to perform this operation.",
            |k| matches!(k, DeniedErrorKind::NotRecognised),
            "is not authorized to perform",
        ),
        (
            "a credential in the text",
            "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nUser: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::b/k\" because no identity-based policy allows the s3:GetObject action",
            |k| matches!(k, DeniedErrorKind::Credential(_)),
            "never needs credentials",
        ),
    ];
    for (name, text, check, says) in cases {
        let e = denied::parse_all(text).expect_err(name);
        assert!(check(&e.kind), "{name}: {e:?}");
        assert!(e.to_string().contains(says), "{name}: {e}");
        assert!(!e.input.contains("AKIA"), "{name}: the credential is kept");
    }
    assert_eq!(
        denied::s3_operation_actions(
            catalog::bundled(),
            policy_builder::opmap::shipped(),
            "ListObjectsV2"
        ),
        ["s3:ListBucket"]
    );
}

#[test]
fn identity_fixes_put_the_arn_on_a_resource_type_it_fits() {
    let catalog = catalog::bundled();
    let cases = [
        (
            "object",
            "s3:GetObject",
            "arn:aws:s3:::mojito-example/js/app.js",
            "object",
        ),
        (
            "bucket",
            "s3:ListBucket",
            "arn:aws:s3:::mojito-example",
            "bucket",
        ),
        (
            "distribution",
            "cloudfront:CreateInvalidation",
            "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE1",
            "distribution",
        ),
        (
            "secret",
            "secretsmanager:GetSecretValue",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/token-AbCdEf",
            "Secret",
        ),
        (
            "role",
            "iam:PassRole",
            "arn:aws:iam::123456789012:role/deploy",
            "role",
        ),
    ];
    for (name, action, arn, rt) in cases {
        let text = format!("User: {ROLE} is not authorized to perform: {action} on resource: {arn} because no identity-based policy allows the {action} action");
        let d = &denied::parse_all(&text).unwrap()[0];
        let g = d.grant(catalog).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(g.action, action, "{name}");
        let want = std::collections::BTreeSet::from([ArnChoice::Arn(arn.to_string())]);
        assert_eq!(
            g.resources.get(rt),
            Some(&want),
            "{name}: {:?}",
            g.resources
        );
        let id = catalog.action(action).unwrap();
        for put_on in g.resources.keys() {
            assert!(
                catalog
                    .matching_resource_types(id, arn)
                    .iter()
                    .any(|t| t.name() == put_on),
                "{name}: {arn} does not fit {put_on}"
            );
        }
        assert_eq!(g.reason, format!("AccessDenied: {text}"), "{name}");
    }
    // No resource type: "*" is all IAM takes.
    let text = format!("User: {USER} is not authorized to perform: codecommit:ListRepositories because no identity-based policy allows the codecommit:ListRepositories action");
    let g = denied::parse_all(&text).unwrap()[0].grant(catalog).unwrap();
    assert!(g.resources.is_empty());
}

#[test]
fn denials_that_cannot_become_grants_say_why() {
    type Check = fn(&DeniedErrorKind) -> bool;
    let msg = |action: &str, resource: Option<&str>, reason: &str| {
        let on = resource.map_or(String::new(), |r| format!(" on resource: {r}"));
        format!("User: {ROLE} is not authorized to perform: {action}{on} {reason}")
    };
    let no_identity = "because no identity-based policy allows it";
    let cases: Vec<(&str, String, Check, &str)> = vec![
        (
            "a bucket ARN for an object action",
            msg(
                "s3:GetObject",
                Some("arn:aws:s3:::mojito-example"),
                no_identity,
            ),
            |k| matches!(k, DeniedErrorKind::ResourceFitsNone { .. }),
            "fits none of s3:GetObject's resource types",
        ),
        (
            "a resource in words",
            msg("iam:ListAccessKeys", Some("user nullsome_username"), ""),
            |k| matches!(k, DeniedErrorKind::ResourceFitsNone { .. }),
            "fits none",
        ),
        (
            "unknown action, with did-you-mean",
            msg("codecommit:ListRespositories", None, no_identity),
            |k| matches!(k, DeniedErrorKind::UnknownAction { suggestion: Some(s) } if s == "codecommit:ListRepositories"),
            "did you mean `codecommit:ListRepositories`?",
        ),
        (
            "no resource for an action that has types",
            msg("s3:GetObject", None, no_identity),
            |k| matches!(k, DeniedErrorKind::NeedsResource { .. }),
            "not granted on \"*\"",
        ),
        (
            "\"*\" for an action that has types",
            msg("s3:GetObject", Some("*"), no_identity),
            |k| matches!(k, DeniedErrorKind::NeedsResource { .. }),
            "not granted on \"*\"",
        ),
        (
            "other required types missing",
            msg(
                "ec2:RunInstances",
                Some("arn:aws:ec2:us-east-1:123456789012:instance/*"),
                no_identity,
            ),
            |k| matches!(k, DeniedErrorKind::MissingRequired { resource_types, .. } if resource_types.contains(&"subnet".to_string())),
            "also needs",
        ),
        (
            "an explicit deny",
            msg(
                "s3:GetObject",
                Some("arn:aws:s3:::b/k"),
                "with an explicit deny in a service control policy",
            ),
            |k| {
                matches!(
                    k,
                    DeniedErrorKind::NotIdentityFix(Cause::ExplicitDeny { .. })
                )
            },
            "no Allow overrides an explicit deny",
        ),
        (
            "a boundary",
            msg(
                "s3:GetObject",
                Some("arn:aws:s3:::b/k"),
                "because no permissions boundary allows the s3:GetObject action",
            ),
            |k| {
                matches!(
                    k,
                    DeniedErrorKind::NotIdentityFix(Cause::NotAllowedBy(
                        PolicyType::PermissionsBoundary
                    ))
                )
            },
            "the permissions boundary",
        ),
    ];
    for (name, text, check, says) in cases {
        let d = &denied::parse_all(&text).unwrap_or_else(|e| panic!("{name}: {e}"))[0];
        let e = d.grant(catalog::bundled()).expect_err(name);
        assert!(check(&e.kind), "{name}: {e:?}");
        assert!(e.to_string().contains(says), "{name}: {e}");
    }
}

/// The policy a CI role already has: it lists the bucket.
const POLICY: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "S3ListBucket",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": "arn:aws:s3:::mojito-example"
        }
    ]
}"#;

/// The failing request the golden statement is for.
const PUT_DENIED: &str = "An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::123456789012:assumed-role/ci-deploy/gh-run-42 is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::mojito-example/js/app.js\" because no identity-based policy allows the s3:PutObject action";

#[test]
fn the_policy_gets_exactly_the_missing_statement() {
    let catalog = catalog::bundled();
    let before = Policy::parse(POLICY).unwrap();
    let grants: Vec<_> = denied::parse_all(PUT_DENIED)
        .unwrap()
        .iter()
        .map(|d| d.grant(catalog).unwrap())
        .collect();
    let added = denied::add_to_policy(catalog, &before, &grants, Partition::Aws).unwrap();
    assert_eq!(added.policy.statements.len(), before.statements.len() + 1);
    assert_eq!(added.policy.statements[..1], before.statements[..]);
    assert_eq!(added.added, added.policy.statements[1..]);
    assert!(added.unchanged.is_empty());
    // Golden: s3:PutObject on the object, because of PUT_DENIED (the
    // failing request), nothing else.
    let golden: serde_json::Value = serde_json::json!({
        "Sid": "S3WriteObject",
        "Effect": "Allow",
        "Action": "s3:PutObject",
        "Resource": "arn:aws:s3:::mojito-example/js/app.js"
    });
    let one = Policy {
        statements: added.added.clone(),
        ..Policy::empty()
    };
    let printed: serde_json::Value = serde_json::from_str(&one.to_json()).unwrap();
    assert_eq!(printed["Statement"][0], golden);

    let cases = [
        (
            "the denied request",
            "s3:PutObject",
            "arn:aws:s3:::mojito-example/js/app.js",
            true,
        ),
        (
            "what it already allowed",
            "s3:ListBucket",
            "arn:aws:s3:::mojito-example",
            true,
        ),
        (
            "another key",
            "s3:PutObject",
            "arn:aws:s3:::mojito-example/js/other.js",
            false,
        ),
        (
            "another bucket",
            "s3:PutObject",
            "arn:aws:s3:::mojito-example2/js/app.js",
            false,
        ),
        (
            "another action",
            "s3:DeleteObject",
            "arn:aws:s3:::mojito-example/js/app.js",
            false,
        ),
    ];
    for (name, action, resource, allowed) in cases {
        let out = simulate(&added.policy, &Request::new(action, resource));
        assert_eq!(
            out.is_allowed(),
            allowed,
            "{name}\n{}",
            added.policy.to_json()
        );
    }
}

#[test]
fn sids_stay_unique_and_decided_requests_add_nothing() {
    let catalog = catalog::bundled();
    let list = format!("User: {ROLE} is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::other-bucket\" because no identity-based policy allows the s3:ListBucket action");
    let grants: Vec<_> = denied::parse_all(&list)
        .unwrap()
        .iter()
        .map(|d| d.grant(catalog).unwrap())
        .collect();
    let before = Policy::parse(POLICY).unwrap();
    let added = denied::add_to_policy(catalog, &before, &grants, Partition::Aws).unwrap();
    let sids: Vec<_> = added
        .policy
        .statements
        .iter()
        .map(|s| s.sid.clone().unwrap())
        .collect();
    assert_eq!(sids, ["S3ListBucket", "S3ListBucket2"]);

    // Already allowed: nothing added, and it says which statement allows it.
    let again = denied::add_to_policy(catalog, &added.policy, &grants, Partition::Aws).unwrap();
    assert_eq!(again.policy, added.policy);
    assert!(again.added.is_empty());
    assert_eq!(again.unchanged.len(), 1);
    assert_eq!(again.unchanged[0].decision, Decision::Allowed);
    assert_eq!(again.unchanged[0].statement, Some(1));

    // Denied by the policy itself: an Allow would change nothing.
    let denying = Policy::parse(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::other-bucket"}]}"#,
    )
    .unwrap();
    let out = denied::add_to_policy(catalog, &denying, &grants, Partition::Aws).unwrap();
    assert!(out.added.is_empty());
    assert_eq!(out.unchanged[0].decision, Decision::ExplicitDeny);
}

fn from_error(args: &[&str], stdin: &str) -> (i32, String, String) {
    let args: Vec<&str> = ["from-error"].iter().chain(args).copied().collect();
    crate::cli::run_with_stdin(&args, stdin)
}

#[test]
fn cli_exit_codes_and_json() {
    // Found: exit 0, the statement on stdout as a policy, the reading on stderr.
    let (code, out, err) = from_error(&[PUT_DENIED], "");
    assert_eq!(code, 0, "{err}");
    let p = Policy::parse(&out).expect("a policy");
    assert_eq!(p.statements.len(), 1);
    assert!(
        err.contains("s3:PutObject on arn:aws:s3:::mojito-example/js/app.js (PutObject)"),
        "{err}"
    );
    assert!(err.contains("no identity-based policy allows it"), "{err}");

    // --policy: the input plus exactly one statement, which allows the
    // denied request and not its neighbour. The message comes on stdin.
    let dir = std::env::temp_dir().join(format!("from-error-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("policy.json");
    std::fs::write(&file, POLICY).unwrap();
    let (code, out, err) = from_error(&["-", "--policy", file.to_str().unwrap()], PUT_DENIED);
    assert_eq!(code, 0, "{err}");
    let before = Policy::parse(POLICY).unwrap();
    let after = Policy::parse(&out).unwrap();
    assert_eq!(after.statements.len(), before.statements.len() + 1);
    assert_eq!(after.statements[..1], before.statements[..]);
    let put =
        |key: &str| Request::new("s3:PutObject", format!("arn:aws:s3:::mojito-example/{key}"));
    assert!(simulate(&after, &put("js/app.js")).is_allowed());
    assert!(!simulate(&after, &put("js/other.js")).is_allowed());

    // The updated policy already allows it: exit 1, nothing added.
    let again = dir.join("again.json");
    std::fs::write(&again, &out).unwrap();
    let (code, out2, err) = from_error(&[PUT_DENIED, "--policy", again.to_str().unwrap()], "");
    assert_eq!(code, 1, "{out2}");
    assert!(err.contains("already allows it"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();

    // JSON: the denials and the statements.
    let (code, out, _) = from_error(&[PUT_DENIED, "--format", "json"], "");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["denials"][0]["action"], "s3:PutObject");
    assert_eq!(
        v["denials"][0]["resource"],
        "arn:aws:s3:::mojito-example/js/app.js"
    );
    assert_eq!(v["denials"][0]["principal"], ROLE);
    assert_eq!(v["denials"][0]["cause"]["kind"], "no-identity-policy");
    assert_eq!(v["denials"][0]["identity_fix"], true);
    assert_eq!(v["statement"][0]["Action"], "s3:PutObject");

    // Not the identity policy's: exit 1, the cause said, nothing printed.
    let scp = format!("User: {ROLE} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::mojito-example/js/app.js\" with an explicit deny in a service control policy");
    let (code, out, err) = from_error(&[&scp], "");
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("an explicit deny in a service control policy"),
        "{err}"
    );
    let (code, out, _) = from_error(&[&scp, "--format", "json"], "");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["denials"][0]["cause"]["kind"], "explicit-deny");
    assert_eq!(
        v["denials"][0]["cause"]["policy_type"],
        "service control policy"
    );
    assert_eq!(v["denials"][0]["identity_fix"], false);
    assert_eq!(v["statement"], serde_json::json!([]));

    // Unusable: exit 2 with what was expected or what to do.
    let cases = [
        ("not a denial", "Error: ENOENT: no such file", "expected an AWS access-denied message"),
        ("S3's bare answer", "An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied", "ListObjectsV2 needs s3:ListBucket"),
        ("encoded", "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. Encoded authorization failure message: 4GIOHlTkIaWHQD0Q0m6XSnuUMCm", "aws sts decode-authorization-message"),
        ("a credential", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "never needs credentials"),
        ("an unknown action", "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: codecommit:ListRespositories because no identity-based policy allows the codecommit:ListRespositories action", "did you mean `codecommit:ListRepositories`?"),
    ];
    for (name, text, says) in cases {
        let (code, out, err) = from_error(&[text], "");
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(out.is_empty(), "{name}: {out}");
        assert!(err.contains(says), "{name}: {err}");
    }
}

/// The README's `from-error` example runs as documented: exit 0 and the
/// statement for exactly the denied request.
#[test]
fn the_readme_example_runs() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let line = readme
        .lines()
        .find(|l| l.starts_with("policy-builder from-error \""))
        .expect("the README shows from-error");
    let message = line
        .strip_prefix("policy-builder from-error \"")
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("one quoted message")
        .replace("\\\"", "\"");
    let (code, out, err) = from_error(&[&message], "");
    assert_eq!(code, 0, "{err}");
    let p = Policy::parse(&out).unwrap();
    let list = Request::new("s3:ListBucket", "arn:aws:s3:::mojito-example");
    assert!(simulate(&p, &list).is_allowed());
    assert_eq!(p.statements.len(), 1);
}
