use std::collections::BTreeMap;

use policy_builder::arn::{Arn, ArnErrorKind, ArnTemplate, Partition};

/// Placeholder values, written as pairs.
type Pairs = &'static [(&'static str, &'static str)];

fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
#[rustfmt::skip]
fn every_partition_produces_correct_arns() {
    let s3 = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    let cloudfront = "arn:${Partition}:cloudfront::${Account}:distribution/${DistributionId}";
    let iam = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
    let cases = [
        ("s3_aws", s3, "aws", "arn:aws:s3:::mojito-example/js/app.js"),
        ("s3_aws_cn", s3, "aws-cn", "arn:aws-cn:s3:::mojito-example/js/app.js"),
        ("s3_aws_us_gov", s3, "aws-us-gov", "arn:aws-us-gov:s3:::mojito-example/js/app.js"),
        ("cloudfront_aws", cloudfront, "aws", "arn:aws:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE"),
        ("cloudfront_aws_cn", cloudfront, "aws-cn", "arn:aws-cn:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE"),
        ("cloudfront_aws_us_gov", cloudfront, "aws-us-gov", "arn:aws-us-gov:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE"),
        ("iam_aws", iam, "aws", "arn:aws:iam::123456789012:role/ci/deployer"),
        ("iam_aws_cn", iam, "aws-cn", "arn:aws-cn:iam::123456789012:role/ci/deployer"),
        ("iam_aws_us_gov", iam, "aws-us-gov", "arn:aws-us-gov:iam::123456789012:role/ci/deployer"),
    ];
    for (name, template, partition, want) in cases {
        let template: ArnTemplate = template.parse().expect("template parses");
        let filled = template
            .fill(&values(&[
                ("Partition", partition),
                ("BucketName", "mojito-example"),
                ("ObjectName", "js/app.js"),
                ("Account", "123456789012"),
                ("DistributionId", "E2QWRUHEXAMPLE"),
                ("RoleNameWithPath", "ci/deployer"),
            ]))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(filled, want, "{name}");
        let arn: Arn = filled.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(arn.partition.to_string(), partition, "{name}: partition");
        assert_eq!(arn.to_string(), want, "{name}: display");
    }
}

#[test]
fn partitions_know_their_console_and_regions() {
    let cases = [
        ("aws", Partition::Aws, "console.aws.amazon.com", "us-east-1"),
        (
            "aws_cn",
            Partition::AwsCn,
            "console.amazonaws.cn",
            "cn-north-1",
        ),
        (
            "aws_us_gov",
            Partition::AwsUsGov,
            "console.amazonaws-us-gov.com",
            "us-gov-west-1",
        ),
    ];
    for (name, partition, host, region) in cases {
        assert_eq!(partition.console_host(), host, "{name}");
        assert_eq!(partition.default_region(), region, "{name}");
        assert!(partition.regions().contains(&region), "{name}");
    }
    // No region belongs to two partitions.
    for a in Partition::ALL {
        for b in Partition::ALL.into_iter().filter(|&b| b != a) {
            assert!(a.regions().iter().all(|r| !b.has_region(r)), "{a} {b}");
        }
    }
}

#[test]
fn arn_parts_round_trip() {
    let arn: Arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/app:*"
        .parse()
        .expect("valid ARN");
    assert_eq!(arn.partition, Partition::Aws);
    assert_eq!(arn.service, "logs");
    assert_eq!(arn.region, "eu-west-1");
    assert_eq!(arn.account, "123456789012");
    assert_eq!(arn.resource, "log-group:/app:*");
    assert_eq!(
        arn.to_string(),
        "arn:aws:logs:eu-west-1:123456789012:log-group:/app:*"
    );
}

#[test]
#[rustfmt::skip]
fn fill_reports_the_field_and_rule_in_plain_words() {
    let s3 = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    let logs = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
    let cases: [(&str, &str, Pairs, &str); 9] = [
        ("bad_bucket", s3, &[("Partition", "aws"), ("BucketName", "My_Bucket"), ("ObjectName", "a")], "bucket name `My_Bucket` breaks S3 naming rules: only lowercase letters, digits, dots and hyphens are allowed (found `M`)"),
        ("ip_bucket", s3, &[("Partition", "aws"), ("BucketName", "192.168.5.4"), ("ObjectName", "a")], "bucket name `192.168.5.4` breaks S3 naming rules: it must not look like an IP address"),
        ("reserved_suffix", s3, &[("Partition", "aws"), ("BucketName", "logs-s3alias"), ("ObjectName", "a")], "bucket name `logs-s3alias` breaks S3 naming rules: names ending with `-s3alias` are reserved by AWS"),
        ("missing_object", s3, &[("Partition", "aws"), ("BucketName", "logs")], "object name is missing: give a value for ${ObjectName}"),
        ("bad_partition", s3, &[("Partition", "amazon"), ("BucketName", "logs"), ("ObjectName", "a")], "partition `amazon` is not an AWS partition: use aws, aws-cn or aws-us-gov"),
        ("region_of_other_partition", logs, &[("Partition", "aws-cn"), ("Region", "us-east-1"), ("Account", "123456789012"), ("LogGroupName", "app")], "region `us-east-1` is not a region of the `aws-cn` partition (for example cn-north-1)"),
        ("region_pattern", logs, &[("Partition", "aws"), ("Region", "cn-*"), ("Account", "123456789012"), ("LogGroupName", "app")], "region `cn-*` matches no region of the `aws` partition"),
        ("short_account", logs, &[("Partition", "aws"), ("Region", "us-east-1"), ("Account", "1234"), ("LogGroupName", "app")], "account ID `1234` is not valid: an account ID is exactly 12 digits"),
        ("space_in_name", logs, &[("Partition", "aws"), ("Region", "us-east-1"), ("Account", "123456789012"), ("LogGroupName", "my app")], "log group name `my app` must not contain spaces or other whitespace"),
    ];
    for (name, template, pairs, want) in cases {
        let template: ArnTemplate = template.parse().expect("template parses");
        let err = template.fill(&values(pairs)).expect_err(name);
        assert_eq!(err.to_string(), want, "{name}");
    }
}

#[test]
fn fill_accepts_wildcards_where_iam_does() {
    let template: ArnTemplate = "arn:${Partition}:logs:${Region}:${Account}:log-group:${Name}"
        .parse()
        .expect("template parses");
    let filled = template
        .fill(&values(&[
            ("Partition", "aws"),
            ("Region", "*"),
            ("Account", "*"),
            ("Name", "/ci/*"),
        ]))
        .expect("wildcards are allowed in region, account and path");
    assert_eq!(filled, "arn:aws:logs:*:*:log-group:/ci/*");
}

#[test]
fn fill_checks_the_whole_arn_length() {
    let template: ArnTemplate = "arn:aws:s3:::${BucketName}/${ObjectName}"
        .parse()
        .expect("template parses");
    let key = "k".repeat(1024);
    let mut v = values(&[("BucketName", "b".repeat(63).as_str())]);
    v.insert("ObjectName".into(), key.clone());
    let mut v2 = v.clone();
    v2.insert("ObjectName".into(), format!("{key}/{key}"));
    assert!(template.fill(&v).is_ok());
    let err = template.fill(&v2).expect_err("too long");
    assert_eq!(err.kind, ArnErrorKind::TooLong { max: 1024 });
    let long_template: ArnTemplate =
        format!("arn:aws:s3:::${{BucketName}}/{key}/{key}/${{ObjectName}}")
            .parse()
            .expect("template parses");
    let err = long_template.fill(&v).expect_err("ARN too long");
    assert_eq!(err.field, "ARN");
    assert!(matches!(err.kind, ArnErrorKind::ArnLength { len } if len > 2048));
}
