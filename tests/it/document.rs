//! Policies inside CloudFormation templates (YAML and JSON) and Terraform
//! plans: each document found and named by its source, intrinsics kept as
//! placeholders, and `lint`, `explain` and `diff` over them.

use std::process::Command;

use proptest::prelude::*;
use serde_json::{json, Value};

use policy_builder::catalog;
use policy_builder::diff::diff_inputs;
use policy_builder::document::{read, DocumentKind, Input, InputKind};
use policy_builder::lint::{lint_document, Rule};

fn fixture(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn read_fixture(rel: &str) -> Input {
    let text = std::fs::read_to_string(fixture(rel)).expect("fixture");
    read(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn run(args: &[&str]) -> (i32, String, String) {
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

fn sources(input: &Input) -> Vec<(String, DocumentKind)> {
    input
        .documents
        .iter()
        .map(|d| (d.source.clone(), d.kind))
        .collect()
}

const STACK: &[(&str, DocumentKind)] = &[
    ("DeployRole.AssumeRolePolicyDocument", DocumentKind::Trust),
    ("DeployRole.Policies[publish]", DocumentKind::Identity),
    ("InvalidatePolicy", DocumentKind::Identity),
    ("SiteBucketPolicy", DocumentKind::Resource),
];

#[test]
fn each_template_document_is_found_by_its_logical_id() {
    for rel in [
        "cloudformation/deploy-role.yaml",
        "cloudformation/deploy-role.json",
    ] {
        let input = read_fixture(rel);
        assert_eq!(input.kind, InputKind::CloudFormation, "{rel}");
        let want: Vec<(String, DocumentKind)> =
            STACK.iter().map(|(s, k)| (s.to_string(), *k)).collect();
        assert_eq!(sources(&input), want, "{rel}");
    }
}

#[test]
fn yaml_and_json_templates_hold_the_same_documents() {
    let yaml = read_fixture("cloudformation/deploy-role.yaml");
    let json = read_fixture("cloudformation/deploy-role.json");
    for (y, j) in yaml.documents.iter().zip(&json.documents) {
        assert_eq!(y.to_json(), j.to_json(), "{}", y.source);
        assert_eq!(y.attached_to, j.attached_to, "{}", y.source);
    }
}

#[test]
fn intrinsics_become_the_placeholders_the_explanation_shows() {
    let input = read_fixture("cloudformation/deploy-role.yaml");
    let doc = |source: &str| {
        input
            .documents
            .iter()
            .find(|d| d.source == source)
            .and_then(|d| d.to_json())
            .unwrap_or_else(|| panic!("{source}"))
    };
    let cases: &[(&str, &str, &str, Value)] = &[
        ("!Sub of an attribute", "DeployRole.Policies[publish]", "/Statement/0/Resource", json!("{{GetAtt:SiteBucket.Arn}}/*")),
        ("!GetAtt", "DeployRole.Policies[publish]", "/Statement/1/Resource", json!("{{GetAtt:SiteBucket.Arn}}")),
        ("!Join with !Ref", "InvalidatePolicy", "/Statement/0/Resource", json!("arn:aws:cloudfront::{{Ref:AWS::AccountId}}:distribution/E2EXAMPLE12345")),
        ("!Sub of pseudo parameters", "DeployRole.AssumeRolePolicyDocument", "/Statement/0/Principal/Federated", json!("arn:{{Ref:AWS::Partition}}:iam::{{Ref:AWS::AccountId}}:oidc-provider/token.actions.githubusercontent.com")),
        ("!Sub of a parameter in a condition", "DeployRole.AssumeRolePolicyDocument", "/Statement/0/Condition/StringEquals/token.actions.githubusercontent.com:sub", json!("repo:{{Ref:RepoName}}:ref:refs/heads/main")),
        ("!Sub of a resource", "SiteBucketPolicy", "/Statement/0/Resource", json!("arn:aws:s3:::{{Ref:SiteBucket}}/*")),
    ];
    for (name, source, pointer, want) in cases {
        assert_eq!(doc(source).pointer(pointer), Some(want), "{name}");
    }
    let attached: Vec<(&str, Vec<String>)> = input
        .documents
        .iter()
        .map(|d| (d.source.as_str(), d.attached_to.clone()))
        .collect();
    assert_eq!(
        attached[2],
        ("InvalidatePolicy", vec!["{{Ref:DeployRole}}".to_string()])
    );
    assert_eq!(
        attached[3],
        ("SiteBucketPolicy", vec!["{{Ref:SiteBucket}}".to_string()])
    );

    let (code, out, err) = run(&["explain", &fixture("cloudformation/deploy-role.yaml")]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("== DeployRole.Policies[publish] (identity policy)"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("s3:PutObject") && l.ends_with("{{GetAtt:SiteBucket.Arn}}/*")),
        "the placeholder is shown, never a guess: {out}"
    );
    assert!(
        out.contains("arn:aws:cloudfront::{{Ref:AWS::AccountId}}:distribution/E2EXAMPLE12345"),
        "{out}"
    );
}

const PLAN: &[(&str, DocumentKind)] = &[
    ("aws_iam_policy.deploy", DocumentKind::Identity),
    ("aws_iam_role.ci.assume_role_policy", DocumentKind::Trust),
    ("aws_iam_role_policy.invalidate", DocumentKind::Identity),
    (
        "aws_iam_role_policy_attachment.deploy",
        DocumentKind::ManagedPolicyArns,
    ),
    (
        "module.site.aws_s3_bucket_policy.site",
        DocumentKind::Resource,
    ),
];

#[test]
fn each_plan_document_is_found_by_its_address() {
    for rel in ["terraform/base-plan.json", "terraform/pr-plan.json"] {
        let input = read_fixture(rel);
        assert_eq!(input.kind, InputKind::TerraformPlan, "{rel}");
        let want: Vec<(String, DocumentKind)> =
            PLAN.iter().map(|(s, k)| (s.to_string(), *k)).collect();
        assert_eq!(sources(&input), want, "{rel}: the data source is skipped");
        let inline = &input.documents[2];
        assert_eq!(inline.attached_to, ["site-ci"], "{rel}");
        let attachment = &input.documents[3];
        assert_eq!(
            attachment.managed_policy_arns(),
            ["{{aws_iam_policy.deploy.arn}}"],
            "{rel}: the ARN known after apply, named by the configuration's reference"
        );
    }
}

#[test]
fn the_hosting_stack_documents_are_found() {
    let input = read_fixture("../../hosting/cloudformation.json");
    assert_eq!(
        sources(&input),
        [
            ("SiteBucketPolicy".to_string(), DocumentKind::Resource),
            ("DeployPolicy".to_string(), DocumentKind::Identity),
        ]
    );
}

#[test]
fn lint_names_each_documents_source() {
    // The pull request's plan widens the deploy policy to `s3:Put*`, a
    // security finding; the others have none.
    for (rel, exit) in [
        ("cloudformation/deploy-role.yaml", 0),
        ("cloudformation/deploy-role.json", 0),
        ("terraform/base-plan.json", 0),
        ("terraform/pr-plan.json", 1),
    ] {
        let (code, out, err) = run(&["lint", &fixture(rel), "--format", "json"]);
        assert_eq!(code, exit, "{rel}: {out}{err}");
        let v: Value = serde_json::from_str(&out).expect("json");
        let got: Vec<&str> = v
            .as_array()
            .expect("one entry per document")
            .iter()
            .map(|d| d["source"].as_str().expect("source"))
            .collect();
        let want: Vec<&str> = if rel.starts_with("terraform") {
            PLAN.iter().map(|(s, _)| *s).collect()
        } else {
            STACK.iter().map(|(s, _)| *s).collect()
        };
        assert_eq!(got, want, "{rel}");
    }
}

#[test]
fn bucket_policies_are_linted_as_resource_policies_not_trust_policies() {
    let public = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}"#;
    let scoped = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE12345"}}}]}"#;
    let cases = [
        (
            "public, no condition",
            public,
            1,
            Some(Rule::ResourcePolicyPublic),
        ),
        ("CloudFront with SourceArn", scoped, 0, None),
    ];
    let dir = std::env::temp_dir().join(format!("pb-doc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text, exit, rule) in cases {
        let input = read(text).expect(name);
        assert_eq!(input.documents[0].kind, DocumentKind::Resource, "{name}");
        let findings = lint_document(catalog::bundled(), &input.documents[0], None).expect(name);
        assert!(
            findings.iter().all(|f| !f.rule.id().starts_with("trust-")),
            "{name}: no trust-policy rule applies: {findings:#?}"
        );
        assert_eq!(
            findings
                .iter()
                .find(|f| f.rule == Rule::ResourcePolicyPublic)
                .map(|f| f.rule),
            rule,
            "{name}"
        );
        let path = dir.join("bucket.json");
        std::fs::write(&path, text).expect("write");
        let (code, out, err) = run(&["lint", path.to_str().expect("utf-8")]);
        assert_eq!(
            code, exit,
            "{name}: the CLI lints it, not refuses it: {out}{err}"
        );
        assert!(!err.contains("Principal is not allowed"), "{name}: {err}");
    }
}

#[test]
fn the_same_stack_in_yaml_and_json_does_not_differ() {
    let (code, out, err) = run(&[
        "diff",
        &fixture("cloudformation/deploy-role.yaml"),
        &fixture("cloudformation/deploy-role.json"),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.matches(": unchanged,").count(), 4, "{out}");
}

#[test]
fn plans_are_paired_by_address_and_say_where_they_widen() {
    let (code, out, err) = run(&[
        "diff",
        &fixture("terraform/base-plan.json"),
        &fixture("terraform/pr-plan.json"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    let status: Vec<(String, String, bool)> = v["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            (
                d["source"].as_str().unwrap_or_default().to_string(),
                d["status"].as_str().unwrap_or_default().to_string(),
                !d["added"].as_array().expect("added").is_empty(),
            )
        })
        .collect();
    let want = [
        ("aws_iam_policy.deploy", "changed", true),
        ("aws_iam_role.ci.assume_role_policy", "unchanged", false),
        ("aws_iam_role_policy.invalidate", "changed", true),
        ("aws_iam_role_policy_attachment.deploy", "unchanged", false),
        ("module.site.aws_s3_bucket_policy.site", "changed", false),
    ];
    let want: Vec<(String, String, bool)> = want
        .iter()
        .map(|(s, st, w)| (s.to_string(), st.to_string(), *w))
        .collect();
    assert_eq!(status, want);
    let invalidate = &v["documents"][2]["added"][0];
    assert_eq!(invalidate["reason"]["kind"], "condition-dropped");
    assert_eq!(
        invalidate["reason"]["conditions"],
        json!(["StringEquals aws:RequestedRegion = us-east-1"])
    );
    let deploy_added: Vec<&str> = v["documents"][0]["added"][0]["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        deploy_added.contains(&"s3:PutObjectAcl"),
        "{deploy_added:?}"
    );
    assert!(!deploy_added.contains(&"s3:PutObject"), "{deploy_added:?}");
}

#[test]
fn values_known_only_after_apply_count_as_widening() {
    let base: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("terraform/base-plan.json")).expect("fixture"),
    )
    .expect("json");
    let mut pr = base.clone();
    let deploy = &mut pr["planned_values"]["root_module"]["resources"][0]["values"];
    deploy.as_object_mut().expect("values").remove("policy");
    let c = catalog::bundled();
    let old = read(&base.to_string()).expect("base");
    let new = read(&pr.to_string()).expect("pr");
    assert_eq!(
        new.documents[0].unknown_reason(),
        Some("policy is known only after apply")
    );
    let d = diff_inputs(c, &old, &new).expect("diff");
    assert!(d.widens());
    assert!(
        d.documents[0].diff.added[0]
            .why
            .contains("cannot be compared"),
        "{d:#?}"
    );
    // And linting it says it was not linted, rather than passing it.
    let dir = std::env::temp_dir().join(format!("pb-doc-unknown-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("plan.json");
    std::fs::write(&path, pr.to_string()).expect("write");
    let (code, out, _) = run(&["lint", path.to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    assert!(
        out.contains("not linted: policy is known only after apply"),
        "{out}"
    );
}

#[test]
fn a_managed_policy_attached_by_arn_widens() {
    let template = |arns: &str| {
        format!(
            r#"{{"Resources": {{"Role": {{"Type": "AWS::IAM::Role", "Properties": {{
            "AssumeRolePolicyDocument": {{"Statement": {{"Effect": "Allow", "Principal": {{"Service": "ec2.amazonaws.com"}}, "Action": "sts:AssumeRole"}}}},
            "ManagedPolicyArns": [{arns}]}}}}}}}}"#
        )
    };
    let old = read(&template(r#""arn:aws:iam::aws:policy/ReadOnlyAccess""#)).expect("old");
    let new = read(&template(r#""arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess""#)).expect("new");
    let d = diff_inputs(catalog::bundled(), &old, &new).expect("diff");
    assert!(d.widens());
    let arns = &d
        .documents
        .iter()
        .find(|x| x.source == "Role.ManagedPolicyArns")
        .expect("arns")
        .diff
        .added;
    assert_eq!(
        arns[0].resources,
        ["arn:aws:iam::aws:policy/AdministratorAccess"]
    );
}

#[test]
fn unusable_templates_exit_2_with_the_position() {
    let cases = [
        (
            "bad yaml",
            "Resources:\n  A:\n    Type: AWS::IAM::Policy\n   Properties: [\n",
            "line ",
        ),
        (
            "bad grammar inside a template",
            r#"{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": {"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"}}}}}}"#,
            "line 1, column 115 (P Statement.Effect)",
        ),
        (
            "a template with no policy",
            r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#,
            "no policy document found",
        ),
    ];
    let dir = std::env::temp_dir().join(format!("pb-doc-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text, needle) in cases {
        let path = dir.join("t.txt");
        std::fs::write(&path, text).expect("write");
        for cmd in ["lint", "explain"] {
            let (code, _, err) = run(&[cmd, path.to_str().expect("utf-8")]);
            assert_eq!(code, 2, "{name} ({cmd}): {err}");
            assert!(err.contains(needle), "{name} ({cmd}): {err}");
        }
    }
}

// No input makes the readers panic: random text, text near YAML and JSON,
// and the fixtures with bytes cut out or repeated.

fn fixtures() -> Vec<String> {
    [
        "cloudformation/deploy-role.yaml",
        "cloudformation/deploy-role.json",
        "terraform/pr-plan.json",
    ]
    .iter()
    .map(|rel| std::fs::read_to_string(fixture(rel)).expect("fixture"))
    .collect()
}

fn exercise(text: &str) {
    let Ok(input) = read(text) else {
        return;
    };
    let c = catalog::bundled();
    for doc in &input.documents {
        if let Ok(findings) = lint_document(c, doc, None) {
            for f in &findings {
                let _ = doc.locate(&f.location);
            }
        }
        let _ = doc
            .policy()
            .map(|p| policy_builder::explain::explain(c, &p));
    }
    let _ = diff_inputs(c, &input, &input);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_text_reads_without_panic(text in "\\PC{0,200}") {
        exercise(&text);
    }

    #[test]
    fn yaml_like_text_reads_without_panic(text in "([a-zA-Z:!&*{}\\[\\],\"'|>#-]|  |\n| ){0,300}") {
        exercise(&text);
    }

    #[test]
    fn damaged_fixtures_read_without_panic(
        which in 0usize..3,
        cuts in proptest::collection::vec((0.0f64..1.0, 0usize..40, any::<bool>()), 1..4),
    ) {
        let mut text = fixtures()[which].clone();
        for (at, len, repeat) in cuts {
            let mut start = ((text.len() as f64) * at) as usize;
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            if repeat {
                let piece = text[start..end].to_string();
                text.insert_str(start, &piece);
            } else {
                text.replace_range(start..end, "");
            }
        }
        exercise(&text);
    }
}
