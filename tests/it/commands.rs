//! From commands to policy (issue 16): the seed jobs written as AWS CLI
//! commands pass their recipes' behaviour tests, every hand-written mapping
//! and a sample of generated ones give exactly the actions and ARNs they
//! should (each checked against the catalog), and bad input is reported on
//! its line.

use std::collections::{BTreeMap, BTreeSet};

use policy_builder::arn::Partition;
use policy_builder::commands::{self, Mapped, Outcome, Problem, Settings, VarSource};
use policy_builder::policy::Policy;
use policy_builder::{catalog, generate, opmap};

use crate::recipe::{check, ACCOUNT, JS_PUBLISHER_CASES, STATIC_SITE_CASES};

/// The js-publisher job as the commands a CI step runs: the publish tool
/// looks at what is there (the recipe's listing), uploads both files, and
/// invalidates the distribution, waiting for it.
pub(crate) const PUBLISHER: &str = r#"#!/bin/sh
# publish --production
aws s3 ls s3://$BUCKET/js/$CONTAINER.js
aws s3 ls "s3://$BUCKET/jsdev/$CONTAINER"
aws s3 cp dist/$CONTAINER.js s3://$BUCKET/js/$CONTAINER.js
aws s3 cp dist/$CONTAINER.pretty.js \
    s3://$BUCKET/jsdev/$CONTAINER.pretty.js --content-type application/javascript
ID=$(aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" \
  --paths "/js/$CONTAINER.js" --query Invalidation.Id --output text)
aws cloudfront wait invalidation-completed --distribution-id "$DISTRIBUTION" --id "$ID"
echo published
"#;

/// The static-site job: build, mirror, invalidate, wait.
pub(crate) const STATIC_SITE: &str = "npm ci && npm run build
aws s3 sync build/ s3://$SITE --delete
aws cloudfront create-invalidation --distribution-id $DISTRIBUTION --paths '/*'
aws cloudfront wait invalidation-completed --distribution-id $DISTRIBUTION --id $INVALIDATION
";

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn settings(partition: Partition) -> Settings<'static> {
    Settings {
        partition,
        account: Some(ACCOUNT),
        region: Some(partition.default_region()),
    }
}

fn map(script: &str, pairs: &[(&str, &str)], settings: &Settings) -> Mapped {
    commands::map_script(
        catalog::bundled(),
        opmap::shipped(),
        script,
        &params(pairs),
        settings,
    )
}

fn policy(mapped: &Mapped, settings: &Settings) -> Policy {
    generate::generate(catalog::bundled(), &mapped.granted(settings).choices)
        .expect("the grants generate")
}

#[test]
fn the_publisher_as_commands_passes_the_recipe_tests_in_every_partition() {
    for partition in Partition::ALL {
        let s = settings(partition);
        let m = map(
            PUBLISHER,
            &[
                ("BUCKET", "mojito-example"),
                ("CONTAINER", "app"),
                ("DISTRIBUTION", "E2EXAMPLE1"),
            ],
            &s,
        );
        assert!(m.is_complete(), "{:#?}", m.lines);
        check(&policy(&m, &s), partition, JS_PUBLISHER_CASES);
    }
}

#[test]
fn the_static_site_as_commands_passes_the_recipe_tests_in_every_partition() {
    for partition in Partition::ALL {
        let s = settings(partition);
        let m = map(
            STATIC_SITE,
            &[("SITE", "my-site"), ("DISTRIBUTION", "E2EXAMPLE1")],
            &s,
        );
        assert!(m.is_complete(), "{:#?}", m.lines);
        check(&policy(&m, &s), partition, STATIC_SITE_CASES);
    }
}

#[test]
fn every_action_cites_its_line() {
    let s = settings(Partition::Aws);
    let m = map(
        PUBLISHER,
        &[
            ("BUCKET", "mojito-example"),
            ("CONTAINER", "app"),
            ("DISTRIBUTION", "E2EXAMPLE1"),
        ],
        &s,
    );
    let granted = m.granted(&s);
    let lines: BTreeMap<usize, &str> = m.lines.iter().map(|l| (l.line, l.text.as_str())).collect();
    for (action, reasons) in &granted.reasons {
        for r in reasons {
            let (head, rest) = r.reason.split_once(": ").expect("line N: text");
            let n: usize = head
                .strip_prefix("line ")
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{action}: {}", r.reason));
            // `line N: <the command, cut at 90 characters with …> (why)`.
            let (cited, _why) = rest.rsplit_once(" (").expect("text (why)");
            assert!(
                lines[&n].contains(cited.trim_end_matches('…')),
                "{action}: {} vs {}",
                r.reason,
                lines[&n]
            );
        }
    }
    assert_eq!(
        granted.reasons["cloudfront:GetInvalidation"][0]
            .reason
            .split(':')
            .next(),
        Some("line 10")
    );
    // The continuation line is one command on its first line.
    assert_eq!(
        granted.reasons["cloudfront:CreateInvalidation"][0]
            .reason
            .split(':')
            .next(),
        Some("line 8")
    );
    // `echo` is ignored, and its line says so.
    assert_eq!(
        m.lines.last().unwrap().outcome,
        Outcome::NotAws("echo".into())
    );
}

/// (command, the exact (action, resource) pairs it must give, why).
type Row = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

/// One row per hand-written mapping, and a sample of generated ones. The
/// reasons are the sources cited in `src/commands/s3.rs` and
/// `src/commands/custom.rs`, or the operation map's reviewed rows.
const ROWS: &[Row] = &[
    // aws s3, by hand (awscli 1.46.3 customizations/s3).
    (
        "aws s3 cp a.js s3://b-1/js/a.js",
        &[
            ("s3:PutObject", "arn:aws:s3:::b-1/js/a.js"),
            ("s3:AbortMultipartUpload", "arn:aws:s3:::b-1/js/a.js"),
        ],
        "upload: PutObject; above 8 MiB a multipart upload, aborted on failure",
    ),
    (
        "aws s3 cp s3://b-1/a/x.txt .",
        &[("s3:GetObject", "arn:aws:s3:::b-1/a/x.txt")],
        "download: HeadObject then GetObject, both s3:GetObject",
    ),
    (
        "aws s3 cp s3://b-1/a/x.txt s3://b-2/c/",
        &[
            ("s3:GetObject", "arn:aws:s3:::b-1/a/x.txt"),
            ("s3:PutObject", "arn:aws:s3:::b-2/c/x.txt"),
            ("s3:AbortMultipartUpload", "arn:aws:s3:::b-2/c/x.txt"),
        ],
        "S3-to-S3: CopyObject reads the source, writes the target",
    ),
    (
        "aws s3 cp dist/ s3://b-1/site/ --recursive",
        &[
            ("s3:PutObject", "arn:aws:s3:::b-1/site/*"),
            ("s3:AbortMultipartUpload", "arn:aws:s3:::b-1/site/*"),
        ],
        "a local directory up: one upload per file, no listing of S3",
    ),
    (
        "aws s3 sync dist/ s3://b-1/site/ --delete",
        &[
            ("s3:ListBucket", "arn:aws:s3:::b-1"),
            ("s3:PutObject", "arn:aws:s3:::b-1/site/*"),
            ("s3:AbortMultipartUpload", "arn:aws:s3:::b-1/site/*"),
            ("s3:DeleteObject", "arn:aws:s3:::b-1/site/*"),
        ],
        "sync lists the target under site/, uploads, and --delete removes",
    ),
    (
        "aws s3 rm s3://b-1/old/ --recursive",
        &[
            ("s3:ListBucket", "arn:aws:s3:::b-1"),
            ("s3:DeleteObject", "arn:aws:s3:::b-1/old/*"),
        ],
        "rm --recursive lists, then deletes each object",
    ),
    (
        "aws s3 rm s3://b-1/a.txt",
        &[("s3:DeleteObject", "arn:aws:s3:::b-1/a.txt")],
        "a single rm sends only DeleteObject",
    ),
    (
        "aws s3 mv s3://b-1/a.txt s3://b-1/b.txt",
        &[
            ("s3:GetObject", "arn:aws:s3:::b-1/a.txt"),
            ("s3:PutObject", "arn:aws:s3:::b-1/b.txt"),
            ("s3:AbortMultipartUpload", "arn:aws:s3:::b-1/b.txt"),
            ("s3:DeleteObject", "arn:aws:s3:::b-1/a.txt"),
        ],
        "mv is a copy, then a delete of the source",
    ),
    (
        "aws s3 ls",
        &[("s3:ListAllMyBuckets", "*")],
        "ls without a path is ListBuckets",
    ),
    (
        "aws s3 ls s3://b-1/logs/",
        &[("s3:ListBucket", "arn:aws:s3:::b-1")],
        "ls of a path is ListObjectsV2 with that prefix",
    ),
    (
        "aws s3 mb s3://b-1",
        &[("s3:CreateBucket", "arn:aws:s3:::b-1")],
        "mb is CreateBucket",
    ),
    (
        "aws s3 rb s3://b-1",
        &[("s3:DeleteBucket", "arn:aws:s3:::b-1")],
        "rb is DeleteBucket",
    ),
    (
        "aws s3 website s3://b-1 --index-document index.html",
        &[("s3:PutBucketWebsite", "arn:aws:s3:::b-1")],
        "website is PutBucketWebsite",
    ),
    // Waiters: the operation each one polls (botocore waiters-2.json).
    (
        "aws cloudfront wait invalidation-completed --distribution-id E1 --id I1",
        &[("cloudfront:GetInvalidation", "arn:aws:cloudfront::123456789012:distribution/E1")],
        "the waiter polls GetInvalidation",
    ),
    (
        "aws cloudformation wait stack-create-complete --stack-name app",
        &[("cloudformation:DescribeStacks", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*")],
        "the waiter polls DescribeStacks",
    ),
    // cloudformation deploy / package (awscli deployer.py, s3uploader.py).
    (
        "aws cloudformation deploy --template-file t.yml --stack-name app --s3-bucket art-1 --s3-prefix cfn --role-arn arn:aws:iam::123456789012:role/cfn",
        &[
            ("cloudformation:DescribeStacks", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*"),
            ("cloudformation:GetTemplateSummary", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*"),
            ("cloudformation:CreateChangeSet", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*"),
            ("cloudformation:DescribeChangeSet", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*"),
            ("cloudformation:ExecuteChangeSet", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*"),
            ("s3:GetObject", "arn:aws:s3:::art-1/cfn/*"),
            ("s3:PutObject", "arn:aws:s3:::art-1/cfn/*"),
            ("iam:PassRole", "arn:aws:iam::123456789012:role/cfn"),
        ],
        "has_stack, get_template_summary, create/wait/execute the change set, upload the template, pass the role",
    ),
    (
        "aws cloudformation deploy --template-file t.yml --stack-name app --no-execute-changeset",
        &[
            ("cloudformation:DescribeStacks", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*"),
            ("cloudformation:GetTemplateSummary", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*"),
            ("cloudformation:CreateChangeSet", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*"),
            ("cloudformation:DescribeChangeSet", "arn:aws:cloudformation:us-east-1:123456789012:stack/app/*"),
        ],
        "--no-execute-changeset stops before ExecuteChangeSet",
    ),
    (
        "aws cloudformation package --template-file t.yml --s3-bucket art-1 --output-template-file o.yml",
        &[
            ("s3:GetObject", "arn:aws:s3:::art-1/*"),
            ("s3:PutObject", "arn:aws:s3:::art-1/*"),
        ],
        "each artifact: HeadObject, then PutObject at <md5> in the bucket's root",
    ),
    // ECR login and docker push.
    (
        "aws ecr get-login-password --region eu-west-1",
        &[("ecr:GetAuthorizationToken", "*")],
        "get_authorization_token, which has no resource type",
    ),
    (
        "docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2",
        &[
            ("ecr:BatchCheckLayerAvailability", "arn:aws:ecr:eu-west-1:123456789012:repository/team/app"),
            ("ecr:InitiateLayerUpload", "arn:aws:ecr:eu-west-1:123456789012:repository/team/app"),
            ("ecr:UploadLayerPart", "arn:aws:ecr:eu-west-1:123456789012:repository/team/app"),
            ("ecr:CompleteLayerUpload", "arn:aws:ecr:eu-west-1:123456789012:repository/team/app"),
            ("ecr:PutImage", "arn:aws:ecr:eu-west-1:123456789012:repository/team/app"),
            ("ecr:BatchGetImage", "arn:aws:ecr:eu-west-1:123456789012:repository/team/app"),
        ],
        "ECR's image-push-iam page, on the repository the image names",
    ),
    (
        "aws lambda update-function-code --function-name fn --s3-bucket art-1 --s3-key fn/v1.zip",
        &[
            ("lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:123456789012:function:fn"),
            ("s3:GetObject", "arn:aws:s3:::art-1/fn/v1.zip"),
        ],
        "Lambda reads the package with the caller's permissions",
    ),
    (
        "aws s3api copy-object --copy-source src-1/k2 --bucket dst-1 --key k",
        &[
            ("s3:GetObject", "arn:aws:s3:::src-1/k2"),
            ("s3:PutObject", "arn:aws:s3:::dst-1/k"),
        ],
        "CopyObject: read the source, write the target",
    ),
    (
        "aws s3api list-objects-v2 --bucket b-1 --prefix logs/",
        &[("s3:ListBucket", "arn:aws:s3:::b-1")],
        "ListObjectsV2 is authorised by ListBucket",
    ),
    (
        "aws sqs send-message --queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/jobs --message-body hi",
        &[("sqs:SendMessage", "arn:aws:sqs:eu-west-1:123456789012:jobs")],
        "the queue URL holds the region, account and name",
    ),
    (
        "aws ssm get-parameter --name /app/db-url",
        &[("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/app/db-url")],
        "the parameter's ARN drops its leading slash",
    ),
    (
        "aws ecs update-service --cluster prod --service web --force-new-deployment",
        &[("ecs:UpdateService", "arn:aws:ecs:us-east-1:123456789012:service/prod/web")],
        "a service ARN holds its cluster",
    ),
    (
        "aws secretsmanager get-secret-value --secret-id prod/db",
        &[("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????")],
        "Secrets Manager adds six random characters to the name",
    ),
    // Generated: botocore operation → the IAM action of the same name, or
    // a reviewed row.
    (
        "aws lambda invoke --function-name fn out.json",
        &[("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:fn")],
        "reviewed: Invoke is authorised by InvokeFunction",
    ),
    (
        "aws s3api head-object --bucket b-1 --key a/b.txt",
        &[("s3:GetObject", "arn:aws:s3:::b-1/a/b.txt")],
        "reviewed: HeadObject is authorised by GetObject",
    ),
    (
        "aws dynamodb put-item --table-name Orders --item '{}'",
        &[("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Orders")],
        "generated: same name",
    ),
    (
        "aws sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:alerts --message hi",
        &[("sns:Publish", "arn:aws:sns:us-east-1:123456789012:alerts")],
        "generated: an ARN flag is used whole",
    ),
    (
        "aws logs put-log-events --log-group-name /ci/app --log-stream-name run-1 --log-events '[]'",
        &[("logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:/ci/app:log-stream:run-1")],
        "generated: two flags fill one ARN",
    ),
    (
        "aws iam get-role --role-name deployer",
        &[("iam:GetRole", "arn:aws:iam::123456789012:role/deployer")],
        "generated: a global service's ARN has no region",
    ),
    (
        "aws ec2 describe-instances",
        &[("ec2:DescribeInstances", "*")],
        "generated: an action without resource types gets *",
    ),
    (
        "aws sts get-caller-identity",
        &[("sts:GetCallerIdentity", "*")],
        "generated: no resource type",
    ),
    (
        "aws cloudfront create-invalidation --distribution-id E1 --paths '/*'",
        &[("cloudfront:CreateInvalidation", "arn:aws:cloudfront::123456789012:distribution/E1")],
        "generated: same name",
    ),
];

/// (action, resource) pairs of a policy.
fn pairs(policy: &Policy) -> BTreeSet<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(&policy.to_json()).unwrap();
    let list = |v: &serde_json::Value| -> Vec<String> {
        match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => {
                a.iter().map(|x| x.as_str().unwrap().to_string()).collect()
            }
            _ => panic!("{v}"),
        }
    };
    let mut out = BTreeSet::new();
    for s in json["Statement"].as_array().unwrap() {
        for a in list(&s["Action"]) {
            for r in list(&s["Resource"]) {
                out.insert((a.clone(), r));
            }
        }
    }
    out
}

#[test]
fn each_mapping_gives_exactly_its_actions_on_arns_that_fit_the_catalog() {
    let catalog = catalog::bundled();
    let s = settings(Partition::Aws);
    for (command, want, why) in ROWS {
        let m = map(command, &[], &s);
        assert!(m.is_complete(), "{command}: {:#?}", m.lines);
        let got = pairs(&policy(&m, &s));
        let want: BTreeSet<(String, String)> = want
            .iter()
            .map(|(a, r)| (a.to_string(), r.to_string()))
            .collect();
        assert_eq!(got, want, "{command} ({why})");
        for (action, arn) in &got {
            let id = catalog
                .action(action)
                .unwrap_or_else(|| panic!("{command}: {action} is not in the catalog"));
            let types = catalog.action_info(id).resource_types();
            if arn == "*" {
                assert!(
                    types.is_empty(),
                    "{command}: {action} has resource types but got *"
                );
            } else {
                assert!(
                    !catalog.matching_resource_types(id, arn).is_empty(),
                    "{command}: {arn} fits none of {action}'s resource types"
                );
            }
        }
    }
}

#[test]
fn list_prefixes_are_conditions_equal_to_what_the_cli_sends() {
    let s = settings(Partition::Aws);
    let m = map(
        "aws s3 sync dist/ s3://b-1/site --delete\naws s3api list-objects-v2 --bucket b-1 --prefix logs/",
        &[],
        &s,
    );
    let json = policy(&m, &s).to_json();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let list = v["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Action"] == "s3:ListBucket")
        .expect("one ListBucket statement");
    assert_eq!(
        list["Condition"]["StringEquals"]["s3:prefix"],
        serde_json::json!(["logs/", "site/"]),
        "{json}"
    );
}

#[test]
fn nothing_is_granted_on_star_for_an_action_with_a_resource_type() {
    let s = settings(Partition::Aws);
    for (command, action) in [
        (
            "aws cloudfront create-invalidation --paths '/*'",
            "cloudfront:CreateInvalidation",
        ),
        ("aws kms decrypt --ciphertext-blob fileb://x", "kms:Decrypt"),
    ] {
        let m = map(command, &[], &s);
        assert!(m.grants.is_empty(), "{command}: {:?}", m.grants);
        let (line, problem) = m.unmapped().next().expect("unmapped");
        assert_eq!(line.line, 1);
        assert!(
            matches!(problem, Problem::Unscoped { action: a, .. } if a == action),
            "{command}: {problem}"
        );
        assert!(problem.to_string().contains("rather than granted on \"*\""));
    }
}

#[test]
fn misspellings_are_reported_on_their_line_with_a_suggestion() {
    let s = settings(Partition::Aws);
    let m = map(
        "aws configure set region eu-west-1\naws s3 snyc dist/ s3://b-1\naws cloudfrnt create-invalidation --distribution-id E1 --paths /x\naws cloudfront create-invalidaton --distribution-id E1 --paths /x\naws cloudfront wait invalidation-complete --distribution-id E1 --id I\naws frobnicate do-it\n",
        &[],
        &s,
    );
    let got: Vec<(usize, String)> = m.unmapped().map(|(l, p)| (l.line, p.to_string())).collect();
    assert_eq!(
        got,
        [
            (2, "`aws s3` has no command `snyc` (did you mean `sync`?)".to_string()),
            (3, "unknown AWS CLI service `cloudfrnt` (did you mean `cloudfront`?)".to_string()),
            (4, "`aws cloudfront` has no command `create-invalidaton` (did you mean `create-invalidation`?)".to_string()),
            (5, "`aws cloudfront` has no command `wait invalidation-complete` (did you mean `wait invalidation-completed`?)".to_string()),
            (6, "unknown AWS CLI service `frobnicate`".to_string()),
        ]
    );
    assert!(matches!(m.lines[0].outcome, Outcome::NeedsNothing(_)));
    assert!(m.grants.is_empty());
}

#[test]
fn variables_come_from_params_the_script_or_defaults_and_say_where() {
    let s = settings(Partition::Aws);
    let script = "BUCKET=from-script\naws s3 cp a s3://$BUCKET/a\naws s3 cp b s3://${OTHER:-default-bucket}/b\naws s3 cp c s3://$MISSING/c\naws cloudfront create-invalidation --distribution-id E1 --paths \"/$COMMIT\"\n";
    let m = map(script, &[], &s);
    let vars: BTreeMap<&str, (&Option<String>, VarSource, bool)> = m
        .variables
        .iter()
        .map(|v| (v.name.as_str(), (&v.value, v.source, v.needed)))
        .collect();
    assert_eq!(
        vars["BUCKET"],
        (&Some("from-script".into()), VarSource::Script(1), true)
    );
    assert_eq!(
        vars["OTHER"],
        (&Some("default-bucket".into()), VarSource::Default, true)
    );
    assert_eq!(vars["MISSING"], (&None, VarSource::Missing, true));
    // A variable in --paths changes nothing in the policy.
    assert!(!vars["COMMIT"].2);
    assert_eq!(
        m.missing().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["MISSING"]
    );
    assert_eq!(m.lines[3].outcome, Outcome::Pending(vec!["MISSING".into()]));
    // A param wins over the script's own value.
    let m = map(
        script,
        &[("BUCKET", "from-param"), ("MISSING", "given")],
        &s,
    );
    assert!(m.is_complete(), "{:#?}", m.lines);
    let json = policy(&m, &s).to_json();
    assert!(json.contains("arn:aws:s3:::from-param/a"), "{json}");
    assert!(!json.contains("from-script"), "{json}");
    assert!(json.contains("arn:aws:s3:::given/c"), "{json}");
}

#[test]
fn a_resource_known_only_at_run_time_is_not_guessed() {
    let s = settings(Partition::Aws);
    let m = map(
        "DIST=$(aws cloudfront list-distributions --query 'DistributionList.Items[0].Id' --output text)\naws cloudfront create-invalidation --distribution-id $DIST --paths '/*'\n",
        &[],
        &s,
    );
    let problems: Vec<(usize, &Problem)> = m.unmapped().map(|(l, p)| (l.line, p)).collect();
    assert_eq!(problems.len(), 1, "{:#?}", m.lines);
    assert_eq!(problems[0].0, 2);
    assert!(
        matches!(problems[0].1, Problem::RunTime { .. }),
        "{}",
        problems[0].1
    );
    // The substitution's own command is mapped.
    assert!(m
        .grants
        .iter()
        .any(|g| g.action == "cloudfront:ListDistributions"));
    assert!(!m
        .grants
        .iter()
        .any(|g| g.action == "cloudfront:CreateInvalidation"));
}

#[test]
fn region_comes_from_the_flag_the_environment_or_the_settings() {
    let s = Settings {
        partition: Partition::Aws,
        account: Some(ACCOUNT),
        region: None,
    };
    let m = map(
        "aws dynamodb get-item --table-name T --key '{}' --region eu-west-1\nexport AWS_REGION=ap-south-1\naws dynamodb get-item --table-name U --key '{}'\n",
        &[],
        &s,
    );
    let json = policy(&m, &s).to_json();
    assert!(
        json.contains("arn:aws:dynamodb:eu-west-1:123456789012:table/T"),
        "{json}"
    );
    assert!(
        json.contains("arn:aws:dynamodb:ap-south-1:123456789012:table/U"),
        "{json}"
    );
    let m = map("aws dynamodb get-item --table-name T --key '{}'", &[], &s);
    assert!(matches!(
        m.unmapped().next().unwrap().1,
        Problem::NeedsRegion { .. }
    ));
    let no_account = Settings {
        account: None,
        ..settings(Partition::Aws)
    };
    let m = map(
        "aws dynamodb get-item --table-name T --key '{}'",
        &[],
        &no_account,
    );
    assert!(matches!(
        m.unmapped().next().unwrap().1,
        Problem::NeedsAccount { .. }
    ));
}

fn from_commands(script: &str, args: &[&str]) -> (i32, String, String) {
    let args: Vec<&str> = ["from-commands", "-"].iter().chain(args).copied().collect();
    crate::cli::run_with_stdin(&args, script)
}

#[test]
fn cli_exit_codes_and_json() {
    let (code, out, err) = from_commands(
        STATIC_SITE,
        &[
            "--param",
            "SITE=my-site",
            "--param",
            "DISTRIBUTION=E2EXAMPLE1",
            "--account",
            ACCOUNT,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let p = Policy::parse(&out).expect("text prints the policy");
    assert!(p.to_json().contains("arn:aws:s3:::my-site/*"));
    assert!(
        err.contains("line 1: ignored: `npm` is not the AWS CLI"),
        "{err}"
    );

    // Some lines unmapped: exit 1, the policy for the rest, each line listed.
    let (code, out, _) = from_commands(
        "aws s3 cp a s3://my-site/a\naws cloudfrnt create-invalidation --distribution-id E1 --paths /a\n",
        &["--format", "json"],
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["policy"].to_string().contains("arn:aws:s3:::my-site/a"));
    assert_eq!(v["unmapped"][0]["line"], 2);
    assert!(v["unmapped"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("did you mean `cloudfront`?"));

    // Unusable: a needed variable without a value, no AWS command, a
    // credential, a bad setting.
    let (code, _, err) = from_commands(STATIC_SITE, &["--account", ACCOUNT]);
    assert_eq!(code, 2);
    assert!(
        err.contains("$SITE (line 2)") && err.contains("$DISTRIBUTION (line 3)"),
        "{err}"
    );
    let (code, _, err) = from_commands("npm ci\necho hi\n", &[]);
    assert_eq!(code, 2);
    assert!(err.contains("no AWS CLI command"), "{err}");
    let (code, out, err) = from_commands(
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 cp a s3://my-site/a\n",
        &[],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty());
    assert!(err.to_lowercase().contains("access key"), "{err}");
    let (code, _, err) = from_commands("aws s3 ls\n", &["--account", "12345"]);
    assert_eq!(code, 2);
    assert!(err.contains("--account"), "{err}");
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README")
}

/// The README's `from-commands` example runs as documented: the script in
/// its heredoc, the flags on its command line; exit 0 and exactly the
/// grants the text after it lists.
#[test]
fn the_readme_example_runs() {
    let readme = readme();
    let script = readme
        .split_once("cat > deploy.sh <<'EOF'\n")
        .and_then(|(_, rest)| rest.split_once("\nEOF\n"))
        .map(|(script, _)| script)
        .expect("the README shows deploy.sh");
    let line = readme
        .lines()
        .find(|l| l.starts_with("policy-builder from-commands deploy.sh "))
        .expect("the README runs from-commands on it");
    let args: Vec<&str> = line.split_whitespace().skip(3).collect();
    let (code, out, err) = from_commands(script, &args);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("--exclude cannot narrow"), "{err}");
    let p = Policy::parse(&out).unwrap();
    let dist = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE12345";
    let want: BTreeSet<(String, String)> = [
        ("s3:ListBucket", "arn:aws:s3:::my-site"),
        ("s3:PutObject", "arn:aws:s3:::my-site/site/*"),
        ("s3:DeleteObject", "arn:aws:s3:::my-site/site/*"),
        ("s3:AbortMultipartUpload", "arn:aws:s3:::my-site/site/*"),
        ("cloudfront:CreateInvalidation", dist),
        ("cloudfront:GetInvalidation", dist),
    ]
    .iter()
    .map(|(a, r)| (a.to_string(), r.to_string()))
    .collect();
    assert_eq!(pairs(&p), want);
    // "only for the prefix `site/`"
    let json: serde_json::Value = serde_json::from_str(&p.to_json()).unwrap();
    let list = json["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Action"] == "s3:ListBucket")
        .expect("a ListBucket statement");
    assert_eq!(
        list["Condition"]["StringEquals"]["s3:prefix"], "site/",
        "{list}"
    );
}

/// The README's `?commands=` link opens on the static-site deploy step:
/// its variables filled and locked, and the policy it gives passes the
/// static-site recipe's behaviour tests.
#[test]
fn the_readme_commands_link_gives_the_static_site_policy() {
    let readme = readme();
    let url = readme
        .lines()
        .find(|l| l.starts_with("https://tools.example.com/iam/?commands="))
        .expect("the README shows a commands link");
    let query = url.split_once('?').unwrap().1;
    let preset = policy_builder::preset::parse_query(query).expect("the link parses");
    assert!(preset.embed);
    assert_eq!(
        preset.command_lock,
        ["BUCKET", "DIST"].iter().map(|s| s.to_string()).collect()
    );
    let script = preset.commands.as_deref().expect("commands");
    let vars: Vec<(&str, &str)> = preset
        .command_params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(preset.account.as_deref(), Some(ACCOUNT));
    let s = settings(Partition::Aws);
    let m = map(script, &vars, &s);
    assert!(m.is_complete(), "{:#?}", m.lines);
    check(&policy(&m, &s), Partition::Aws, STATIC_SITE_CASES);
}

/// The benchmark's 50-line deploy step (`benches/fifty-line-script.sh`)
/// maps completely: BENCHMARKS.md times it as a whole script, so a command
/// that stopped mapping would make the figure time less work.
#[test]
fn the_benchmark_script_maps_every_aws_command() {
    let s = settings(Partition::Aws);
    let m = map(
        include_str!("../../benches/fifty-line-script.sh"),
        &[
            ("SITE_BUCKET", "my-site"),
            ("ARTIFACTS", "my-artifacts"),
            ("VERSION", "1.2.3"),
            ("DISTRIBUTION", "E2EXAMPLE1"),
            ("FUNCTION", "app"),
            ("TABLE", "releases"),
            ("ACCOUNT", ACCOUNT),
        ],
        &s,
    );
    assert!(m.is_complete(), "{:#?}", m.unmapped().collect::<Vec<_>>());
    let p = policy(&m, &s);
    assert!(p.statements.len() >= 9, "{}", p.to_json());
}
