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
