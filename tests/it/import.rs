//! Import of the seed policies: what they grant (checked against the
//! catalog), the findings a reviewer expects, and choices that generate.

use std::collections::BTreeSet;

use policy_builder::catalog;
use policy_builder::generate::generate;
use policy_builder::import::{import, ImportError};
use policy_builder::lint::{Rule, Severity};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every action a list of patterns reaches, straight from the catalog.
fn reach(patterns: &[String]) -> usize {
    let c = catalog::bundled();
    patterns
        .iter()
        .flat_map(|p| c.expand(p))
        .collect::<BTreeSet<_>>()
        .len()
}

#[test]
fn amplify_seed() {
    let c = catalog::bundled();
    let text = fixture("amplify-workshop-policy.json");
    let i = import(c, &text).expect("imports");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let actions: Vec<String> = v["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    // Everything on "*": every action the patterns reach is granted.
    assert_eq!(i.explanation.total(), reach(&actions));
    let has = |rule: Rule| {
        i.findings
            .iter()
            .any(|f| f.rule == rule && f.severity == Severity::Security)
    };
    assert!(has(Rule::PassRoleAnyRole), "PassRole on *");
    assert!(has(Rule::ServiceWildcard), "s3:*");
    assert!(i.findings.iter().any(|f| f.message.contains("\"s3:*\"")));
    assert!(i
        .explanation
        .permissions_management()
        .any(|g| g.name == "iam:PutRolePolicy"));
    // Wildcards are left for the user to confirm, not converted silently.
    assert!(i.left_out.iter().any(|l| l.contains("s3:*")));
    assert!(!i.choices.groups.iter().any(|g| g.service == "s3"));
    // What was carried over generates, and grants no more than the paste.
    let p = generate(c, &i.choices).expect("the carried choices generate");
    let carried = policy_builder::explain::explain(c, &p);
    assert!(carried.total() < i.explanation.total());
    let pasted: BTreeSet<_> = i.explanation.grants.iter().map(|g| g.action).collect();
    assert!(carried.grants.iter().all(|g| pasted.contains(&g.action)));
}

#[test]
fn image_optimizer_seed() {
    let c = catalog::bundled();
    let i = import(c, &fixture("s3-image-optimizer-restricted.json")).expect("imports");
    let patterns = [
        "s3:Put*".to_string(),
        "s3:Get*".to_string(),
        "s3:List*".to_string(),
    ];
    // arn:aws:s3:::* fits bucket and object actions, not the few that take no resource type.
    assert!(i.explanation.total() <= reach(&patterns));
    assert!(i.explanation.total() > reach(&patterns) - 20);
    assert!(
        i.findings
            .iter()
            .any(|f| f.rule == Rule::ActionWildcard && f.message.contains("s3:PutBucketPolicy")),
        "{:#?}",
        i.findings
    );
    assert!(
        i.findings.iter().any(|f| f.rule == Rule::DataExfiltration),
        "read on all buckets"
    );
}

#[test]
fn s3_full_access_seed() {
    let c = catalog::bundled();
    let i = import(c, &fixture("amazon-s3-full-access.json")).expect("imports");
    assert_eq!(
        i.explanation.total(),
        reach(&["s3:*".to_string(), "s3-object-lambda:*".to_string()])
    );
    assert!(i.findings.iter().any(|f| f.rule == Rule::ServiceWildcard));
    assert!(i.findings.iter().any(|f| f.rule == Rule::DataExfiltration));
}

#[test]
fn exact_actions_keep_their_resources_and_conditions() {
    let c = catalog::bundled();
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["s3:ListBucket", "s3:GetObject"],
        "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#;
    let i = import(c, text).unwrap();
    let pasted = policy_builder::policy::Policy::parse(text).unwrap();
    let rebuilt = generate(c, &i.choices).unwrap();
    use policy_builder::simulate::{simulate, Request};
    for (action, resource) in [
        ("s3:ListBucket", "arn:aws:s3:::b"),
        ("s3:GetObject", "arn:aws:s3:::b/k"),
        // (A GetObject request always names an object, never the bucket.)
        ("s3:GetObject", "arn:aws:s3:::other/k"),
        ("s3:ListBucket", "arn:aws:s3:::other"),
        ("s3:PutObject", "arn:aws:s3:::b/k"),
    ] {
        for tls in ["true", "false"] {
            let req = Request::new(action, resource).with("aws:SecureTransport", tls);
            assert_eq!(
                simulate(&pasted, &req).is_allowed(),
                simulate(&rebuilt, &req).is_allowed(),
                "{action} {resource} tls={tls}\n{}",
                rebuilt.to_json()
            );
        }
    }
}

#[test]
fn credentials_and_broken_json_are_refused() {
    let c = catalog::bundled();
    let e = import(
        c,
        r#"{"Version": "2012-10-17", "Statement": [], "Note": "AKIAIOSFODNN7EXAMPLE"}"#,
    )
    .unwrap_err();
    assert!(matches!(e, ImportError::Credential(_)), "{e}");
    let e = import(c, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n").unwrap_err();
    match e {
        ImportError::Parse(p) => assert!(p.line >= 3, "{p}"),
        other => panic!("{other}"),
    }
}

/// The statement naming `lint` uses: `Statement[0]`, with the Sid.
#[test]
fn left_out_names_statements_as_lint_does() {
    let c = catalog::bundled();
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
        {"Sid": "Writes", "Effect": "Allow", "Action": "s3:Put*", "Resource": "*"}]}"#;
    let i = import(c, text).unwrap();
    let cases = [
        ("no Sid", "Statement[0]: s3:Get* grants"),
        (
            "with a Sid",
            "Statement[1] (Sid \"Writes\"): s3:Put* grants",
        ),
    ];
    for (name, start) in cases {
        assert!(
            i.left_out.iter().any(|l| l.starts_with(start)),
            "{name}: {:#?}",
            i.left_out
        );
    }
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .args(args)
        .output()
        .expect("run CLI");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// IAM refuses an unknown or empty condition operator: `import` says so
/// and exits 1 (in both formats); a policy IAM accepts exits 0.
#[test]
fn import_cli_exits_1_when_iam_refuses_the_policy() {
    let dir = std::env::temp_dir().join(format!("policy-builder-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let with = |name: &str, operator: &str| {
        let path = dir.join(name);
        std::fs::write(
            &path,
            format!(
                r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {{"{operator}": {{"aws:SourceAccount": "123456789012"}}}}}}}}"#
            ),
        )
        .unwrap();
        path.to_str().unwrap().to_string()
    };
    let (typo, empty, good) = (
        with("typo.json", "StringEqualz"),
        with("empty.json", ""),
        with("good.json", "StringEquals"),
    );
    let cases = [
        ("a typo", vec!["import", typo.as_str()], 1),
        (
            "a typo, JSON",
            vec!["import", typo.as_str(), "--format", "json"],
            1,
        ),
        ("empty operator", vec!["import", empty.as_str()], 1),
        ("a known operator", vec!["import", good.as_str()], 0),
    ];
    for (name, args, want) in cases {
        let (code, out, err) = cli(&args);
        assert_eq!(code, want, "{name}: {out}{err}");
        if want == 1 {
            assert!(err.contains("IAM refuses"), "{name}: {err}");
            assert!(err.contains("Statement[0] Condition."), "{name}: {err}");
        }
    }
}
