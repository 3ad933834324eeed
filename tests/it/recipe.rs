//! Recipes, tested by behaviour: for every recipe and partition, each
//! request the job makes is allowed by the generated policy, and each
//! neighbouring request is denied.

use std::collections::BTreeMap;

use policy_builder::arn::Partition;
use policy_builder::catalog;
use policy_builder::generate::generate;
use policy_builder::policy::Policy;
use policy_builder::recipe::{self, RecipeErrorKind};
use policy_builder::simulate::{simulate, Request};

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn policy(ids: &[&str], pairs: &[(&str, &str)], partition: Partition) -> Policy {
    let recipes: Vec<_> = ids
        .iter()
        .map(|id| recipe::find(id).expect("recipe"))
        .collect();
    let made = recipe::instantiate(&recipes, &params(pairs), partition).expect("instantiates");
    generate(catalog::bundled(), &made.choices).expect("generates")
}

/// (action, resource with `{p}` for the partition, context, allowed?)
pub(crate) type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], bool);

/// A [`Case`] whose resource is built at run time.
type OwnedCase = (String, String, Vec<(&'static str, &'static str)>, bool);

pub(crate) fn check(policy: &Policy, partition: Partition, cases: &[Case<'_>]) {
    for (action, resource, context, want) in cases {
        let resource = resource.replace("{p}", partition.as_str());
        let mut req = Request::new(*action, resource.clone());
        for (k, v) in *context {
            req = req.with(k, *v);
        }
        let out = simulate(policy, &req);
        assert_eq!(
            out.is_allowed(),
            *want,
            "{partition}: {action} on {resource} {context:?}\n{}",
            policy.to_json()
        );
    }
}

pub(crate) const ACCOUNT: &str = "123456789012";

/// The js-publisher job's requests (allowed) and its neighbours (denied), for
/// `mojito-example`, container `app`, distribution `E2EXAMPLE1`.
pub(crate) const JS_PUBLISHER_CASES: &[Case<'static>] = &[
    (
        "s3:PutObject",
        "arn:{p}:s3:::mojito-example/js/app.js",
        &[],
        true,
    ),
    (
        "s3:PutObject",
        "arn:{p}:s3:::mojito-example/jsdev/app.pretty.js",
        &[],
        true,
    ),
    (
        "s3:ListBucket",
        "arn:{p}:s3:::mojito-example",
        &[("s3:prefix", "jsdev/app")],
        true,
    ),
    (
        "s3:ListBucket",
        "arn:{p}:s3:::mojito-example",
        &[("s3:prefix", "js/app.js")],
        true,
    ),
    (
        "cloudfront:CreateInvalidation",
        "arn:{p}:cloudfront::123456789012:distribution/E2EXAMPLE1",
        &[],
        true,
    ),
    (
        "cloudfront:GetInvalidation",
        "arn:{p}:cloudfront::123456789012:distribution/E2EXAMPLE1",
        &[],
        true,
    ),
    // Neighbours.
    (
        "s3:PutObject",
        "arn:{p}:s3:::mojito-example/js/other.js",
        &[],
        false,
    ),
    (
        "s3:PutObject",
        "arn:{p}:s3:::other-bucket/js/app.js",
        &[],
        false,
    ),
    (
        "s3:ListBucket",
        "arn:{p}:s3:::mojito-example",
        &[("s3:prefix", "js/")],
        false,
    ),
    ("s3:ListBucket", "arn:{p}:s3:::mojito-example", &[], false),
    ("s3:DeleteBucket", "arn:{p}:s3:::mojito-example", &[], false),
    (
        "s3:PutBucketPolicy",
        "arn:{p}:s3:::mojito-example",
        &[],
        false,
    ),
    (
        "s3:DeleteObject",
        "arn:{p}:s3:::mojito-example/js/app.js",
        &[],
        false,
    ),
    (
        "cloudfront:CreateInvalidation",
        "arn:{p}:cloudfront::123456789012:distribution/EOTHER",
        &[],
        false,
    ),
    (
        "iam:CreateUser",
        "arn:{p}:iam::123456789012:user/x",
        &[],
        false,
    ),
    (
        "iam:CreateAccessKey",
        "arn:{p}:iam::123456789012:user/x",
        &[],
        false,
    ),
];

#[test]
fn js_publisher_production() {
    for partition in Partition::ALL {
        let p = policy(
            &["js-publisher"],
            &[
                ("bucket", "mojito-example"),
                ("container", "app"),
                ("account", ACCOUNT),
                ("distribution", "E2EXAMPLE1"),
            ],
            partition,
        );
        check(&p, partition, JS_PUBLISHER_CASES);
    }
}

/// Issue 15: the production user's two uploads (`js/` and `jsdev/`) are one
/// `s3:PutObject` statement, as the IAM console prints it, not
/// `S3WriteObject` and `S3WriteObject2`.
#[test]
fn js_publisher_prints_one_put_object_statement() {
    for partition in Partition::ALL {
        let p = policy(
            &["js-publisher"],
            &[
                ("bucket", "mojito-example"),
                ("container", "app"),
                ("account", ACCOUNT),
                ("distribution", "E2EXAMPLE1"),
            ],
            partition,
        );
        let puts: Vec<_> = p
            .statements
            .iter()
            .filter(|st| {
                matches!(&st.action, policy_builder::policy::ActionSpec::Action(a) if a.iter().any(|x| x == "s3:PutObject"))
            })
            .collect();
        assert_eq!(puts.len(), 1, "{partition}: {}", p.to_json());
        assert_eq!(puts[0].sid.as_deref(), Some("S3WriteObject"));
        let want = policy_builder::policy::ResourceSpec::Resource(vec![
            format!("arn:{partition}:s3:::mojito-example/js/app.js"),
            format!("arn:{partition}:s3:::mojito-example/jsdev/app*"),
        ]);
        assert_eq!(puts[0].resource, want, "{partition}");
    }
}

#[test]
fn js_publisher_development_cannot_write_production() {
    for partition in Partition::ALL {
        let p = policy(
            &["js-publisher"],
            &[
                ("bucket", "mojito-example"),
                ("container", "app"),
                ("production", "false"),
            ],
            partition,
        );
        check(
            &p,
            partition,
            &[
                (
                    "s3:PutObject",
                    "arn:{p}:s3:::mojito-example/jsdev/app.js",
                    &[],
                    true,
                ),
                (
                    "s3:ListBucket",
                    "arn:{p}:s3:::mojito-example",
                    &[("s3:prefix", "jsdev/app")],
                    true,
                ),
                (
                    "s3:PutObject",
                    "arn:{p}:s3:::mojito-example/js/app.js",
                    &[],
                    false,
                ),
                (
                    "s3:ListBucket",
                    "arn:{p}:s3:::mojito-example",
                    &[("s3:prefix", "js/app.js")],
                    false,
                ),
                (
                    "cloudfront:CreateInvalidation",
                    "arn:{p}:cloudfront::123456789012:distribution/E2EXAMPLE1",
                    &[],
                    false,
                ),
            ],
        );
    }
}

/// The static-site job's requests and neighbours, for `my-site` and
/// distribution `E2EXAMPLE1`.
pub(crate) const STATIC_SITE_CASES: &[Case<'static>] = &[
    ("s3:ListBucket", "arn:{p}:s3:::my-site", &[], true),
    ("s3:PutObject", "arn:{p}:s3:::my-site/index.html", &[], true),
    (
        "s3:PutObject",
        "arn:{p}:s3:::my-site/assets/app-1234.wasm",
        &[],
        true,
    ),
    ("s3:DeleteObject", "arn:{p}:s3:::my-site/old.js", &[], true),
    (
        "s3:AbortMultipartUpload",
        "arn:{p}:s3:::my-site/big.wasm",
        &[],
        true,
    ),
    (
        "cloudfront:CreateInvalidation",
        "arn:{p}:cloudfront::123456789012:distribution/E2EXAMPLE1",
        &[],
        true,
    ),
    (
        "cloudfront:GetInvalidation",
        "arn:{p}:cloudfront::123456789012:distribution/E2EXAMPLE1",
        &[],
        true,
    ),
    (
        "s3:PutObject",
        "arn:{p}:s3:::other-site/index.html",
        &[],
        false,
    ),
    ("s3:ListBucket", "arn:{p}:s3:::other-site", &[], false),
    ("s3:DeleteBucket", "arn:{p}:s3:::my-site", &[], false),
    ("s3:PutBucketPolicy", "arn:{p}:s3:::my-site", &[], false),
    ("s3:PutBucketAcl", "arn:{p}:s3:::my-site", &[], false),
    (
        "cloudfront:CreateInvalidation",
        "arn:{p}:cloudfront::123456789012:distribution/EOTHER",
        &[],
        false,
    ),
    (
        "cloudfront:UpdateDistribution",
        "arn:{p}:cloudfront::123456789012:distribution/E2EXAMPLE1",
        &[],
        false,
    ),
    (
        "iam:CreateUser",
        "arn:{p}:iam::123456789012:user/x",
        &[],
        false,
    ),
    (
        "iam:CreateAccessKey",
        "arn:{p}:iam::123456789012:user/x",
        &[],
        false,
    ),
];

#[test]
fn static_site_deploy() {
    for partition in Partition::ALL {
        let p = policy(
            &["static-site-deploy"],
            &[
                ("bucket", "my-site"),
                ("distribution", "E2EXAMPLE1"),
                ("account", ACCOUNT),
            ],
            partition,
        );
        check(&p, partition, STATIC_SITE_CASES);
    }
}

#[test]
fn eb_deploy() {
    for partition in Partition::ALL {
        let region = partition.default_region();
        let p = policy(
            &["eb-deploy"],
            &[
                ("application", "api"),
                ("environment", "api-prod"),
                ("region", region),
                ("account", ACCOUNT),
            ],
            partition,
        );
        let eb = format!("arn:{{p}}:elasticbeanstalk:{region}:123456789012");
        let bucket = format!("arn:{{p}}:s3:::elasticbeanstalk-{region}-123456789012");
        let cases: Vec<OwnedCase> = vec![
            ("elasticbeanstalk:CreateStorageLocation".into(), "*".into(), vec![], true),
            ("elasticbeanstalk:CreateApplicationVersion".into(), format!("{eb}:applicationversion/api/v42"), vec![], true),
            ("elasticbeanstalk:UpdateEnvironment".into(), format!("{eb}:environment/api/api-prod"), vec![], true),
            ("elasticbeanstalk:DescribeEnvironments".into(), format!("{eb}:environment/api/api-prod"), vec![], true),
            ("elasticbeanstalk:DescribeEvents".into(), format!("{eb}:environment/api/api-prod"), vec![], true),
            ("s3:PutObject".into(), format!("{bucket}/api/app-v42.zip"), vec![], true),
            ("s3:GetObject".into(), format!("{bucket}/api/app-v42.zip"), vec![], true),
            ("s3:ListBucket".into(), bucket.clone(), vec![("s3:prefix", "api/app-v42.zip")], true),
            ("cloudformation:DescribeStacks".into(), format!("arn:{{p}}:cloudformation:{region}:123456789012:stack/awseb-e-abc123-stack/1111"), vec![], true),
            ("autoscaling:SuspendProcesses".into(), format!("arn:{{p}}:autoscaling:{region}:123456789012:autoScalingGroup:uuid:autoScalingGroupName/awseb-e-abc123-stack-AWSEBAutoScalingGroup-X"), vec![], true),
            ("autoscaling:DescribeAutoScalingGroups".into(), "*".into(), vec![], true),
            // Neighbours.
            ("elasticbeanstalk:UpdateEnvironment".into(), format!("{eb}:environment/api/api-staging"), vec![], false),
            ("elasticbeanstalk:UpdateEnvironment".into(), format!("{eb}:environment/other/api-prod"), vec![], false),
            ("elasticbeanstalk:TerminateEnvironment".into(), format!("{eb}:environment/api/api-prod"), vec![], false),
            ("s3:PutObject".into(), format!("{bucket}/other-app/x.zip"), vec![], false),
            ("s3:DeleteBucket".into(), bucket.clone(), vec![], false),
            ("s3:PutBucketPolicy".into(), bucket.clone(), vec![], false),
            ("cloudformation:UpdateStack".into(), format!("arn:{{p}}:cloudformation:{region}:123456789012:stack/prod-database/1111"), vec![], false),
            ("cloudformation:DeleteStack".into(), format!("arn:{{p}}:cloudformation:{region}:123456789012:stack/awseb-e-abc123-stack/1111"), vec![], false),
            ("iam:CreateUser".into(), "arn:{p}:iam::123456789012:user/x".into(), vec![], false),
            ("iam:CreateAccessKey".into(), "arn:{p}:iam::123456789012:user/x".into(), vec![], false),
        ];
        let borrowed: Vec<Case<'_>> = cases
            .iter()
            .map(|(a, r, c, w)| (a.as_str(), r.as_str(), c.as_slice(), *w))
            .collect();
        check(&p, partition, &borrowed);
    }
}

#[test]
fn amplify_workshop() {
    for partition in Partition::ALL {
        let region = partition.default_region();
        let p = policy(
            &["amplify-workshop"],
            &[
                ("project", "notes"),
                ("env", "dev"),
                ("region", region),
                ("account", ACCOUNT),
            ],
            partition,
        );
        let stack = format!("arn:{{p}}:cloudformation:{region}:123456789012:stack");
        let role = "arn:{p}:iam::123456789012:role";
        let cases: Vec<OwnedCase> = vec![
            (
                "cloudformation:CreateStack".into(),
                format!("{stack}/amplify-notes-dev-123456/abc"),
                vec![],
                true,
            ),
            (
                "cloudformation:UpdateStack".into(),
                format!("{stack}/amplify-notes-dev-123456-apinotes-XYZ/abc"),
                vec![],
                true,
            ),
            (
                "s3:PutObject".into(),
                "arn:{p}:s3:::amplify-notes-dev-123456-deployment/amplify-cfn-templates/root.json"
                    .into(),
                vec![],
                true,
            ),
            (
                "iam:CreateRole".into(),
                format!("{role}/amplify-notes-dev-123456-authRole"),
                vec![],
                true,
            ),
            (
                "iam:PassRole".into(),
                format!("{role}/amplify-notes-dev-123456-authRole"),
                vec![("iam:PassedToService", "cognito-identity.amazonaws.com")],
                true,
            ),
            (
                "lambda:CreateFunction".into(),
                format!("arn:{{p}}:lambda:{region}:123456789012:function:notesfn-dev"),
                vec![],
                true,
            ),
            ("appsync:CreateGraphqlApi".into(), "*".into(), vec![], true),
            // amplify codegen (and push, when it generates code) calls
            // GetIntrospectionSchema itself, not through CloudFormation.
            (
                "appsync:GetIntrospectionSchema".into(),
                "*".into(),
                vec![],
                true,
            ),
            (
                "appsync:GetGraphqlApi".into(),
                format!("arn:{{p}}:appsync:{region}:123456789012:apis/abc123"),
                vec![],
                true,
            ),
            // push with an API: Transformer v2's pipeline functions.
            ("appsync:CreateFunction".into(), "*".into(), vec![], true),
            ("appsync:UpdateResolver".into(), "*".into(), vec![], true),
            (
                "dynamodb:CreateTable".into(),
                format!("arn:{{p}}:dynamodb:{region}:123456789012:table/Note-abc123-dev"),
                vec![],
                true,
            ),
            // Neighbours.
            (
                "iam:PassRole".into(),
                format!("{role}/amplify-notes-dev-123456-authRole"),
                vec![("iam:PassedToService", "ec2.amazonaws.com")],
                false,
            ),
            (
                "iam:PassRole".into(),
                format!("{role}/Admin"),
                vec![("iam:PassedToService", "lambda.amazonaws.com")],
                false,
            ),
            (
                "iam:CreateRole".into(),
                format!("{role}/amplify-other-dev-1-authRole"),
                vec![],
                false,
            ),
            (
                "iam:CreateUser".into(),
                "arn:{p}:iam::123456789012:user/x".into(),
                vec![],
                false,
            ),
            (
                "iam:CreateAccessKey".into(),
                "arn:{p}:iam::123456789012:user/x".into(),
                vec![],
                false,
            ),
            (
                "iam:AttachRolePolicy".into(),
                format!("{role}/amplify-notes-dev-123456-authRole"),
                vec![],
                false,
            ),
            (
                "cloudformation:CreateStack".into(),
                format!("{stack}/amplify-notes-prod-123456/abc"),
                vec![],
                false,
            ),
            (
                "s3:PutObject".into(),
                "arn:{p}:s3:::other-bucket/x".into(),
                vec![],
                false,
            ),
            (
                "s3:DeleteBucket".into(),
                "arn:{p}:s3:::amplify-notes-dev-123456-deployment".into(),
                vec![],
                false,
            ),
            (
                "appsync:DeleteGraphqlApi".into(),
                format!("arn:{{p}}:appsync:{region}:123456789012:apis/abc123"),
                vec![],
                false,
            ),
            ("appsync:ListApiKeys".into(), "*".into(), vec![], false),
            (
                "dynamodb:DeleteTable".into(),
                format!("arn:{{p}}:dynamodb:{region}:123456789012:table/Note-abc123-dev"),
                vec![],
                false,
            ),
        ];
        let borrowed: Vec<Case<'_>> = cases
            .iter()
            .map(|(a, r, c, w)| (a.as_str(), r.as_str(), c.as_slice(), *w))
            .collect();
        check(&p, partition, &borrowed);
    }
}

#[test]
fn s3_image_optimizer_whole_bucket_and_prefix() {
    for partition in Partition::ALL {
        let whole = policy(&["s3-image-optimizer"], &[("bucket", "images")], partition);
        check(
            &whole,
            partition,
            &[
                ("s3:GetObject", "arn:{p}:s3:::images/a/b.jpg", &[], true),
                ("s3:PutObject", "arn:{p}:s3:::images/a/b.jpg", &[], true),
                ("s3:ListBucket", "arn:{p}:s3:::images", &[], true),
                ("s3:GetObject", "arn:{p}:s3:::other/a.jpg", &[], false),
                ("s3:ListBucket", "arn:{p}:s3:::other", &[], false),
                ("s3:PutBucketPolicy", "arn:{p}:s3:::images", &[], false),
                ("s3:PutBucketAcl", "arn:{p}:s3:::images", &[], false),
                (
                    "s3:PutBucketPublicAccessBlock",
                    "arn:{p}:s3:::images",
                    &[],
                    false,
                ),
                ("s3:DeleteObject", "arn:{p}:s3:::images/a.jpg", &[], false),
                ("s3:DeleteBucket", "arn:{p}:s3:::images", &[], false),
                (
                    "iam:CreateUser",
                    "arn:{p}:iam::123456789012:user/x",
                    &[],
                    false,
                ),
            ],
        );
        let prefixed = policy(
            &["s3-image-optimizer"],
            &[("bucket", "images"), ("prefix", "uploads/")],
            partition,
        );
        check(
            &prefixed,
            partition,
            &[
                (
                    "s3:GetObject",
                    "arn:{p}:s3:::images/uploads/a.jpg",
                    &[],
                    true,
                ),
                (
                    "s3:ListBucket",
                    "arn:{p}:s3:::images",
                    &[("s3:prefix", "uploads/2024/")],
                    true,
                ),
                (
                    "s3:GetObject",
                    "arn:{p}:s3:::images/private/a.jpg",
                    &[],
                    false,
                ),
                (
                    "s3:ListBucket",
                    "arn:{p}:s3:::images",
                    &[("s3:prefix", "private/")],
                    false,
                ),
            ],
        );
    }
}

/// The CircleCI CI_USER is static-site-deploy + eb-deploy, merged.
#[test]
fn merged_recipes_stay_minimal() {
    let p = policy(
        &["static-site-deploy", "eb-deploy"],
        &[
            ("bucket", "my-site"),
            ("distribution", "E2EXAMPLE1"),
            ("account", ACCOUNT),
            ("application", "api"),
            ("environment", "api-prod"),
            ("region", "us-east-1"),
        ],
        Partition::Aws,
    );
    // One statement per distinct (resources, conditions): no duplicates.
    let mut seen = std::collections::BTreeSet::new();
    for st in &p.statements {
        assert!(
            seen.insert(format!(
                "{:?}{:?}{:?}",
                st.effect, st.resource, st.condition
            )),
            "duplicate resource set"
        );
    }
    check(
        &p,
        Partition::Aws,
        &[
            ("s3:PutObject", "arn:{p}:s3:::my-site/index.html", &[], true),
            (
                "elasticbeanstalk:UpdateEnvironment",
                "arn:{p}:elasticbeanstalk:us-east-1:123456789012:environment/api/api-prod",
                &[],
                true,
            ),
            (
                "s3:PutObject",
                "arn:{p}:s3:::elasticbeanstalk-us-east-1-123456789012/other/x",
                &[],
                false,
            ),
        ],
    );
}

/// Every action a recipe names exists in the catalog and accepts one of the
/// resource types its group gives (a refreshed catalog that drops or changes
/// one fails here), and no recipe output has an error- or security-level
/// lint finding in any partition (checked in lint's tests once it lands).
#[test]
fn recipes_fit_the_catalog() {
    let c = catalog::bundled();
    for r in recipe::all() {
        let made = recipe::instantiate(&[r], &BTreeMap::new(), Partition::Aws);
        let made = match made {
            Ok(m) => m,
            Err(e) => {
                assert!(matches!(e.kind, RecipeErrorKind::Required), "{}: {e}", r.id);
                continue;
            }
        };
        for g in &made.choices.groups {
            for a in &g.actions {
                let full = format!("{}:{a}", g.service);
                let id = c
                    .action(&full)
                    .unwrap_or_else(|| panic!("{}: {full} is not in the catalog", r.id));
                let types = c.action_info(id).resource_types();
                if types.is_empty() {
                    assert!(
                        g.resources.is_empty(),
                        "{}: {full} takes no resource type but its group gives some",
                        r.id
                    );
                } else {
                    assert!(
                        types
                            .iter()
                            .any(|t| g.resources.keys().any(|k| k.eq_ignore_ascii_case(t.name()))),
                        "{}: {full} accepts none of {:?}",
                        r.id,
                        g.resources.keys().collect::<Vec<_>>()
                    );
                }
                assert!(
                    made.reasons.contains_key(&full),
                    "{}: {full} has no reason",
                    r.id
                );
            }
            for rt in g.resources.keys() {
                assert!(
                    c.resource_type(&g.service, rt).is_some(),
                    "{}: unknown resource type {rt}",
                    r.id
                );
            }
        }
    }
}

#[test]
fn parameter_errors_name_the_parameter() {
    let r = recipe::find("js-publisher").unwrap();
    let cases = [
        ("bad bucket", vec![("bucket", "My_Bucket")], "bucket"),
        (
            "wildcard container",
            vec![("container", "app*")],
            "container",
        ),
        (
            "bad account",
            vec![("account", "12345"), ("distribution", "E1")],
            "account",
        ),
        (
            "distribution without account",
            vec![("distribution", "E1")],
            "account",
        ),
        ("bad bool", vec![("production", "yes")], "production"),
        ("unknown param", vec![("buckets", "x")], "buckets"),
    ];
    for (name, pairs, param) in cases {
        let e = recipe::instantiate(&[r], &params(&pairs), Partition::Aws).expect_err(name);
        assert_eq!(e.param, param, "{name}: {e}");
        assert!(
            e.to_string().starts_with(param) || e.to_string().contains(param),
            "{name}: {e}"
        );
    }
}
