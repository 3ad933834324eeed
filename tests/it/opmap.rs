//! The operation map against the catalog: every reviewed row, a sample of
//! the generated ones, and the shipped file itself.

use policy_builder::catalog::{self, Catalog};
use policy_builder::opmap::{self, generated, Binding, Operation, OperationMap};

/// The ARN a binding builds: its placeholder filled with a value, the
/// context placeholders with an example partition, region and account, and
/// any other placeholder with another value.
fn arn_of(catalog: &Catalog, b: &Binding) -> String {
    let id = catalog.action(&b.action).expect("the bound action exists");
    let template = catalog
        .action_info(id)
        .resource_types()
        .into_iter()
        .find(|r| r.name() == b.resource_type)
        .unwrap_or_else(|| panic!("{} has no resource type {}", b.action, b.resource_type))
        .arn()
        .to_string();
    assert!(
        template.contains(&format!("${{{}}}", b.placeholder)),
        "{template} has no {}",
        b.placeholder
    );
    let mut arn = template
        .replace("${Partition}", "aws")
        .replace("${Region}", "us-east-1")
        .replace("${Account}", "123456789012")
        .replace(&format!("${{{}}}", b.placeholder), "bound-value");
    while let Some(start) = arn.find("${") {
        let end = arn[start..].find('}').map_or(arn.len(), |e| start + e + 1);
        arn.replace_range(start..end, "other");
    }
    arn
}

/// Checks what every resolved operation must satisfy.
fn check(catalog: &Catalog, what: &str, op: &Operation) {
    for a in &op.actions {
        assert!(
            catalog.action(a).is_some(),
            "{what}: {a} is not in the catalog"
        );
    }
    for b in &op.bindings {
        assert!(
            op.actions.contains(&b.action),
            "{what}: binding for an action it lacks: {b:?}"
        );
        assert!(b.flag.starts_with("--"), "{what}: {b:?}");
        let arn = arn_of(catalog, b);
        let id = catalog.action(&b.action).unwrap();
        let fits: Vec<&str> = catalog
            .matching_resource_types(id, &arn)
            .into_iter()
            .map(|r| r.name())
            .collect();
        assert!(
            fits.contains(&b.resource_type.as_str()),
            "{what}: {arn} fits {fits:?}, not {}",
            b.resource_type
        );
    }
}

fn resolve(map: &OperationMap, cli: &str, command: &str) -> Operation {
    map.service(cli)
        .unwrap_or_else(|| panic!("no service {cli}"))
        .by_command(command, catalog::bundled())
        .unwrap_or_else(|| panic!("no command {cli} {command}"))
}

#[test]
fn shipped_file_parses_and_names_botocore() {
    let map = opmap::shipped();
    assert_eq!(map.source_package(), "botocore");
    assert_eq!(map.source_version(), "1.43.62");
    assert_eq!(generated::SOURCE_VERSION, "1.43.62");
    let text =
        std::fs::read_to_string(format!("static/catalog/{}", generated::OPMAP_FILE)).unwrap();
    assert!(
        text.starts_with("opmap\t1\tbotocore\t1.43.62\t"),
        "{}",
        &text[..40]
    );
    assert_eq!(map.services().len(), 427);
    let ops: usize = map.services().iter().map(|s| s.operations.len()).sum();
    assert_eq!(ops, 18_917);
    let waiters: usize = map.services().iter().map(|s| s.waiters.len()).sum();
    assert_eq!(waiters, 376, "botocore 1.43.62's waiters-2.json files");
}

/// `aws <service> wait <waiter>` polls one operation of the same service.
/// Rows from botocore 1.43.62's `waiters-2.json` (cloudfront: waiter
/// `InvalidationCompleted`, operation `GetInvalidation`), and the CLI's
/// reference pages (https://docs.aws.amazon.com/cli/latest/reference/cloudfront/wait/invalidation-completed.html:
/// "It will poll every 20 seconds until a successful state has been
/// reached. This will exit with a return code of 255 after 30 failed
/// checks", calling get-invalidation).
#[test]
fn waiters_poll_an_operation_of_their_service() {
    let map = opmap::shipped();
    for s in map.services() {
        for w in s.waiters.iter() {
            assert!(
                s.operations.iter().any(|o| o.api_name == w.operation),
                "{} wait {} polls {}, which it does not have",
                s.cli_name,
                w.command,
                w.operation
            );
            assert_eq!(s.waiter(&w.command), Some(w));
        }
    }
    let cases = [
        ("cloudfront", "invalidation-completed", "GetInvalidation"),
        ("cloudfront", "distribution-deployed", "GetDistribution"),
        ("s3api", "object-exists", "HeadObject"),
        ("cloudformation", "stack-update-complete", "DescribeStacks"),
        ("ec2", "instance-running", "DescribeInstances"),
        ("ecs", "services-stable", "DescribeServices"),
    ];
    for (cli, command, operation) in cases {
        let w = map
            .service(cli)
            .and_then(|s| s.waiter(command))
            .unwrap_or_else(|| panic!("aws {cli} wait {command} is missing"));
        assert_eq!(w.operation, operation, "aws {cli} wait {command}");
    }
    assert_eq!(map.service("cloudfront").unwrap().waiter("made-up"), None);
}

/// One row per hand-reviewed mapping: (aws service, command, actions,
/// flag → resource type bindings expected among the operation's).
#[test]
fn reviewed_rows_resolve_to_their_actions() {
    let map = opmap::shipped();
    let c = catalog::bundled();
    type Row = (
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [(&'static str, &'static str)],
    );
    let rows: &[Row] = &[
        (
            "s3api",
            "list-objects",
            &["s3:ListBucket"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "list-objects-v2",
            &["s3:ListBucket"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "list-object-versions",
            &["s3:ListBucketVersions"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "list-multipart-uploads",
            &["s3:ListBucketMultipartUploads"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "list-parts",
            &["s3:ListMultipartUploadParts"],
            &[("--bucket", "object"), ("--key", "object")],
        ),
        ("s3api", "list-buckets", &["s3:ListAllMyBuckets"], &[]),
        (
            "s3api",
            "head-bucket",
            &["s3:ListBucket"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "head-object",
            &["s3:GetObject"],
            &[("--bucket", "object"), ("--key", "object")],
        ),
        (
            "s3api",
            "create-multipart-upload",
            &["s3:PutObject"],
            &[("--key", "object")],
        ),
        (
            "s3api",
            "upload-part",
            &["s3:PutObject"],
            &[("--key", "object")],
        ),
        (
            "s3api",
            "complete-multipart-upload",
            &["s3:PutObject"],
            &[("--key", "object")],
        ),
        (
            "s3api",
            "copy-object",
            &["s3:GetObject", "s3:PutObject"],
            &[("--bucket", "object"), ("--key", "object")],
        ),
        (
            "s3api",
            "upload-part-copy",
            &["s3:GetObject", "s3:PutObject"],
            &[("--key", "object")],
        ),
        (
            "s3api",
            "delete-objects",
            &["s3:DeleteObject"],
            &[("--bucket", "object")],
        ),
        (
            "s3api",
            "delete-bucket-cors",
            &["s3:PutBucketCORS"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-bucket-encryption",
            &["s3:PutEncryptionConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-encryption",
            &["s3:GetEncryptionConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-encryption",
            &["s3:PutEncryptionConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-bucket-analytics-configuration",
            &["s3:PutAnalyticsConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-bucket-intelligent-tiering-configuration",
            &["s3:PutIntelligentTieringConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-bucket-inventory-configuration",
            &["s3:PutInventoryConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-bucket-lifecycle",
            &["s3:PutLifecycleConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-lifecycle-configuration",
            &["s3:GetLifecycleConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-lifecycle-configuration",
            &["s3:PutLifecycleConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-bucket-replication",
            &["s3:PutReplicationConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-replication",
            &["s3:GetReplicationConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-replication",
            &["s3:PutReplicationConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-bucket-tagging",
            &["s3:PutBucketTagging"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-notification-configuration",
            &["s3:GetBucketNotification"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-notification-configuration",
            &["s3:PutBucketNotification"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-public-access-block",
            &["s3:PutBucketPublicAccessBlock"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-public-access-block",
            &["s3:GetBucketPublicAccessBlock"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-public-access-block",
            &["s3:PutBucketPublicAccessBlock"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-accelerate-configuration",
            &["s3:GetAccelerateConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-accelerate-configuration",
            &["s3:PutAccelerateConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-analytics-configuration",
            &["s3:GetAnalyticsConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "list-bucket-analytics-configurations",
            &["s3:GetAnalyticsConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-analytics-configuration",
            &["s3:PutAnalyticsConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-intelligent-tiering-configuration",
            &["s3:GetIntelligentTieringConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "list-bucket-intelligent-tiering-configurations",
            &["s3:GetIntelligentTieringConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-intelligent-tiering-configuration",
            &["s3:PutIntelligentTieringConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-inventory-configuration",
            &["s3:GetInventoryConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "list-bucket-inventory-configurations",
            &["s3:GetInventoryConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-inventory-configuration",
            &["s3:PutInventoryConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-bucket-metrics-configuration",
            &["s3:PutMetricsConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-metrics-configuration",
            &["s3:GetMetricsConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "list-bucket-metrics-configurations",
            &["s3:GetMetricsConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-metrics-configuration",
            &["s3:PutMetricsConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-bucket-lifecycle",
            &["s3:GetLifecycleConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-bucket-lifecycle",
            &["s3:PutLifecycleConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "delete-bucket-ownership-controls",
            &["s3:PutBucketOwnershipControls"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "get-object-lock-configuration",
            &["s3:GetBucketObjectLockConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "put-object-lock-configuration",
            &["s3:PutBucketObjectLockConfiguration"],
            &[("--bucket", "bucket")],
        ),
        (
            "s3api",
            "select-object-content",
            &["s3:GetObject"],
            &[("--bucket", "object"), ("--key", "object")],
        ),
        (
            "lambda",
            "invoke",
            &["lambda:InvokeFunction"],
            &[("--function-name", "function")],
        ),
        (
            "lambda",
            "invoke-with-response-stream",
            &["lambda:InvokeFunction"],
            &[("--function-name", "function")],
        ),
    ];
    for (cli, command, actions, bound) in rows {
        let what = format!("aws {cli} {command}");
        let op = resolve(map, cli, command);
        assert_eq!(op.actions, *actions, "{what}");
        assert!(
            op.reviewed
                .is_some_and(|s| s.starts_with("https://docs.aws.amazon.com/")),
            "{what}"
        );
        for (flag, rt) in *bound {
            assert!(
                op.bindings
                    .iter()
                    .any(|b| b.flag == *flag && b.resource_type == *rt),
                "{what}: no {flag} -> {rt} in {:?}",
                op.bindings
            );
        }
        check(c, &what, &op);
    }
    // One row per reviewed operation: the rows are distinct, and as many
    // as the operations the map places by the reviewed table.
    let distinct: std::collections::BTreeSet<(&str, &str)> = rows
        .iter()
        .map(|(cli, command, ..)| (*cli, *command))
        .collect();
    assert_eq!(distinct.len(), rows.len());
    assert_eq!(
        rows.len(),
        map.coverage(c).reviewed,
        "a reviewed row has no test row"
    );
    // CopyObject's source comes from --copy-source: GetObject is not bound
    // to the target's --bucket/--key.
    let copy = resolve(map, "s3api", "copy-object");
    assert!(
        copy.bindings.iter().all(|b| b.action == "s3:PutObject"),
        "{:?}",
        copy.bindings
    );
}

/// Hand-checked rows of the generated map: the command, the action and a
/// binding AWS documents for it.
#[test]
fn known_commands_bind_their_flags() {
    let map = opmap::shipped();
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        bool,
    );
    let rows: &[Row] = &[
        // (service, command, action, flag, resource type, placeholder, accepts an ARN)
        (
            "cloudfront",
            "create-invalidation",
            "cloudfront:CreateInvalidation",
            "--distribution-id",
            "distribution",
            "DistributionId",
            false,
        ),
        (
            "cloudfront",
            "get-distribution",
            "cloudfront:GetDistribution",
            "--id",
            "distribution",
            "DistributionId",
            false,
        ),
        (
            "cloudfront",
            "get-invalidation",
            "cloudfront:GetInvalidation",
            "--distribution-id",
            "distribution",
            "DistributionId",
            false,
        ),
        (
            "cloudfront",
            "get-cache-policy",
            "cloudfront:GetCachePolicy",
            "--id",
            "cache-policy",
            "Id",
            false,
        ),
        (
            "s3api",
            "put-object",
            "s3:PutObject",
            "--bucket",
            "object",
            "BucketName",
            false,
        ),
        (
            "s3api",
            "get-object",
            "s3:GetObject",
            "--key",
            "object",
            "ObjectName",
            false,
        ),
        (
            "s3api",
            "get-bucket-location",
            "s3:GetBucketLocation",
            "--bucket",
            "bucket",
            "BucketName",
            false,
        ),
        (
            "lambda",
            "update-function-code",
            "lambda:UpdateFunctionCode",
            "--function-name",
            "function",
            "FunctionName",
            true,
        ),
        (
            "lambda",
            "get-function",
            "lambda:GetFunction",
            "--function-name",
            "function",
            "FunctionName",
            true,
        ),
        (
            "iam",
            "get-role",
            "iam:GetRole",
            "--role-name",
            "role",
            "RoleNameWithPath",
            false,
        ),
        (
            "iam",
            "create-access-key",
            "iam:CreateAccessKey",
            "--user-name",
            "user",
            "UserNameWithPath",
            false,
        ),
        (
            "ecr",
            "put-image",
            "ecr:PutImage",
            "--repository-name",
            "repository",
            "RepositoryName",
            false,
        ),
        (
            "logs",
            "create-log-stream",
            "logs:CreateLogStream",
            "--log-stream-name",
            "log-stream",
            "LogStreamName",
            false,
        ),
        (
            "dynamodb",
            "put-item",
            "dynamodb:PutItem",
            "--table-name",
            "table",
            "TableName",
            false,
        ),
        (
            "sns",
            "publish",
            "sns:Publish",
            "--topic-arn",
            "topic",
            "TopicName",
            true,
        ),
        (
            "stepfunctions",
            "start-execution",
            "states:StartExecution",
            "--state-machine-arn",
            "statemachine",
            "StateMachineName",
            true,
        ),
        (
            "cloudformation",
            "describe-stacks",
            "cloudformation:DescribeStacks",
            "--stack-name",
            "stack",
            "StackName",
            false,
        ),
    ];
    for &(cli, command, action, flag, rt, placeholder, accepts_arn) in rows {
        let what = format!("aws {cli} {command}");
        let op = resolve(map, cli, command);
        assert_eq!(op.actions, [action], "{what}");
        assert_eq!(op.reviewed, None, "{what}: maps by name");
        let b = op
            .bindings
            .iter()
            .find(|b| b.flag == flag && b.resource_type == rt)
            .unwrap_or_else(|| panic!("{what}: no {flag} -> {rt} in {:?}", op.bindings));
        assert_eq!(
            (b.placeholder.as_str(), b.accepts_arn),
            (placeholder, accepts_arn),
            "{what}"
        );
        check(catalog::bundled(), &what, &op);
    }
}

/// 40 generated operations, every 40th-or-so binding-carrying operation
/// across all services in CLI-name order: each action exists and each
/// binding's ARN fits its resource type.
#[test]
fn a_sample_of_generated_rows_fits_the_catalog() {
    let map = opmap::shipped();
    let c = catalog::bundled();
    let with_bindings: Vec<(String, Operation)> = map
        .services()
        .iter()
        .flat_map(|s| s.operations.iter().map(move |o| (s, o)))
        .map(|(s, o)| (format!("aws {} {}", s.cli_name, o.command), s.resolve(o, c)))
        .filter(|(_, op)| op.reviewed.is_none() && !op.bindings.is_empty())
        .collect();
    assert!(
        with_bindings.len() > 5_000,
        "{} operations have bindings",
        with_bindings.len()
    );
    let step = with_bindings.len() / 40;
    let sample: Vec<&(String, Operation)> = with_bindings.iter().step_by(step).take(40).collect();
    assert_eq!(sample.len(), 40);
    let services: std::collections::BTreeSet<&str> = sample
        .iter()
        .map(|(w, _)| w.split(' ').nth(1).unwrap())
        .collect();
    assert!(
        services.len() >= 30,
        "the sample spans {} services",
        services.len()
    );
    for (what, op) in sample {
        assert_eq!(op.actions.len(), 1, "{what}");
        check(c, what, op);
    }
}

#[test]
fn every_binding_in_the_map_fits_the_catalog() {
    let map = opmap::shipped();
    let c = catalog::bundled();
    for s in map.services() {
        for o in s.operations.iter() {
            check(
                c,
                &format!("aws {} {}", s.cli_name, o.command),
                &s.resolve(o, c),
            );
        }
    }
}

#[test]
fn a_made_up_operation_is_unmapped() {
    let text = "opmap\t1\tbotocore\t1.43.62\t1\t2\n\
                S\ts3api\ts3\ts3\t=\ts3.amazonaws.com\n\
                FrobnicateBucket\t=\tBucket\n\
                GetObject\t=\tBucket,Key\n";
    let map = OperationMap::parse(text).unwrap();
    let s3 = map.service("s3api").unwrap();
    let op = s3
        .by_command("frobnicate-bucket", catalog::bundled())
        .unwrap();
    assert!(op.is_unmapped());
    assert_eq!(
        (op.actions.len(), op.bindings.len(), op.reviewed),
        (0, 0, None)
    );
    // The same file's real operation does map: the test can fail.
    assert!(!s3
        .by_api_name("GetObject", catalog::bundled())
        .unwrap()
        .is_unmapped());
    // A shipped operation whose service has no IAM actions stays unmapped.
    let portal = resolve(opmap::shipped(), "sso", "get-role-credentials");
    assert!(portal.is_unmapped(), "{portal:?}");
}

#[test]
fn services_are_found_by_cli_name_and_event_source() {
    let map = opmap::shipped();
    let cases = [
        ("cloudfront.amazonaws.com", "cloudfront", "cloudfront"),
        ("s3.amazonaws.com", "s3api", "s3"),
        ("lambda.amazonaws.com", "lambda", "lambda"),
        ("monitoring.amazonaws.com", "cloudwatch", "cloudwatch"),
    ];
    for (source, cli, prefix) in cases {
        let s = map
            .service_by_event_source(source)
            .unwrap_or_else(|| panic!("{source}"));
        assert_eq!((&*s.cli_name, &*s.iam_prefix), (cli, prefix), "{source}");
    }
    assert_eq!(map.service("configservice").unwrap().service_name, "config");
    assert_eq!(map.service("deploy").unwrap().service_name, "codedeploy");
    // ECR's endpoint prefix is api.ecr: its event source is reviewed, not derived.
    let ecr = map.service("ecr").unwrap();
    assert_eq!(
        (&*ecr.endpoint_prefix, ecr.event_source.as_deref()),
        ("api.ecr", Some("ecr.amazonaws.com"))
    );
    assert_eq!(
        map.service_by_event_source("ecr.amazonaws.com")
            .unwrap()
            .cli_name,
        "ecr"
    );
    // Others stay unknown rather than guessed.
    assert_eq!(map.service("sagemaker").unwrap().event_source, None);
    assert!(
        map.service("s3").is_none(),
        "`aws s3` is the high-level command set"
    );
}

/// The figures BENCHMARKS.md reports; a change in either input moves them.
#[test]
fn coverage_is_measured() {
    let cov = opmap::shipped().coverage(catalog::bundled());
    eprintln!("operation map coverage: {cov:?}");
    assert_eq!(cov.total(), 18_917);
    assert!(cov.same_name >= 18_000, "{cov:?}");
    assert!(cov.reviewed >= 50, "{cov:?}");
    assert!(cov.unmapped < 800, "{cov:?}");
    let map = opmap::shipped();
    let c = catalog::bundled();
    let (mut bound, mut by_arn) = (0, 0);
    for s in map.services() {
        for o in s.operations.iter() {
            let op = s.resolve(o, c);
            bound += usize::from(!op.bindings.is_empty());
            by_arn += usize::from(
                op.bindings
                    .iter()
                    .any(|b| b.member.to_ascii_lowercase().ends_with("arn")),
            );
        }
    }
    eprintln!("operations with a binding: {bound}; with an ARN-valued input binding: {by_arn}");
    assert!(bound > 7_000, "{bound}");
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    const HEADER: &str = "opmap\t1\tbotocore\t1.43.62\t2\t3\n";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Any text is a map or an error with a line inside the text.
        #[test]
        fn parse_never_panics(body in "[SA-Za-z0-9=,\t\n-]{0,200}") {
            let text = format!("{HEADER}{body}");
            if let Err(e) = OperationMap::parse(&text) {
                prop_assert!(e.line >= 1 && e.line <= text.lines().count().max(1), "{e}");
            }
        }

        /// Resolving whatever parses never panics, and never maps a made-up
        /// operation name.
        #[test]
        fn resolving_never_invents_actions(
            api in "Frob[A-Z][a-z]{1,8}",
            members in proptest::collection::vec("[A-Z][a-z]{1,6}", 0..4),
        ) {
            let text = format!(
                "opmap\t1\tbotocore\t1.43.62\t1\t1\nS\ts3api\ts3\ts3\t=\ts3.amazonaws.com\n{api}\t=\t{}\n",
                members.join(",")
            );
            let text = text.replace("\t=\t\n", "\t=\n");
            let map = OperationMap::parse(&text).unwrap();
            let s = &map.services()[0];
            let op = s.resolve(&s.operations[0], catalog::bundled());
            prop_assert!(op.is_unmapped(), "{op:?}");
            prop_assert!(op.bindings.is_empty());
        }
    }
}
