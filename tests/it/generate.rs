//! The generator: golden policies (each action with its reason), the rules
//! it keeps, and properties checked with the simulator.

use std::collections::BTreeSet;

use policy_builder::catalog::{self, AccessLevel};
use policy_builder::choices::{ArnChoice, Choices, Group, ResourceChoice};
use policy_builder::generate::{generate, generate_with_notes, GenerateErrorKind};
use policy_builder::simulate::{simulate, Request};
use proptest::prelude::*;
use serde_json::{json, Value};

fn choices(json: &str) -> Choices {
    serde_json::from_str(json).expect("choices parse")
}

fn fixture(name: &str) -> Choices {
    let path = format!(
        "{}/tests/fixtures/choices/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    choices(&std::fs::read_to_string(&path).expect("fixture exists"))
}

fn generated(c: &Choices) -> Value {
    let p = generate(catalog::bundled(), c).expect("generates");
    serde_json::from_str(&p.to_json()).expect("valid JSON")
}

/// js-publisher, production user, with its distribution. Reasons:
/// - s3:PutObject: uploads js/container-name.js and jsdev/container-name*
///   (JOBS.md job 1; API_PutObject).
/// - s3:ListBucket: the publish step lists the bucket; on the bucket ARN,
///   limited by s3:prefix (JOBS.md "S3 listing").
/// - cloudfront:CreateInvalidation, cloudfront:GetInvalidation: invalidate
///   after publishing and read its status (JOBS.md "CloudFront").
#[test]
fn golden_js_publisher() {
    let want = json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CloudfrontDistribution",
                "Effect": "Allow",
                "Action": ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
                "Resource": "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE12345"
            },
            {
                "Sid": "S3ListBucket",
                "Effect": "Allow",
                "Action": "s3:ListBucket",
                "Resource": "arn:aws:s3:::mojito-example",
                "Condition": { "StringLike": { "s3:prefix": ["js/container-name.js", "jsdev/container-name*"] } }
            },
            {
                "Sid": "S3WriteObject",
                "Effect": "Allow",
                "Action": "s3:PutObject",
                "Resource": [
                    "arn:aws:s3:::mojito-example/js/container-name.js",
                    "arn:aws:s3:::mojito-example/jsdev/container-name*"
                ]
            }
        ]
    });
    assert_eq!(generated(&fixture("js-publisher-prod")), want);
}

/// An action with no resource type gets its own `*` statement. Reasons:
/// - cloudfront:ListDistributions: find the distribution id; it has no
///   resource type, so it needs "*" (JOBS.md "CloudFront").
/// - cloudfront:GetInvalidation: wait for an invalidation on one distribution.
#[test]
fn golden_no_resource_type_gets_its_own_statement() {
    let c = choices(
        r#"{"account": "123456789012", "groups": [{
            "service": "cloudfront",
            "actions": ["ListDistributions", "GetInvalidation"],
            "resources": {"distribution": [{"DistributionId": "E1"}]}
        }]}"#,
    );
    let want = json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CloudfrontReadDistribution",
                "Effect": "Allow",
                "Action": "cloudfront:GetInvalidation",
                "Resource": "arn:aws:cloudfront::123456789012:distribution/E1"
            },
            {
                "Sid": "CloudfrontListAll",
                "Effect": "Allow",
                "Action": "cloudfront:ListDistributions",
                "Resource": "*"
            }
        ]
    });
    assert_eq!(generated(&c), want);
}

/// The same choices in another partition change every ARN. Reason:
/// s3:GetObject reads one object (API_GetObject).
#[test]
fn golden_partitions_change_every_arn() {
    for (partition, want) in [
        ("aws", "arn:aws:s3:::bkt/k"),
        ("aws-cn", "arn:aws-cn:s3:::bkt/k"),
        ("aws-us-gov", "arn:aws-us-gov:s3:::bkt/k"),
    ] {
        let c = choices(&format!(
            r#"{{"partition": "{partition}", "groups": [{{"service": "s3", "actions": ["GetObject"],
                "resources": {{"object": [{{"BucketName": "bkt", "ObjectName": "k"}}]}}}}]}}"#
        ));
        assert_eq!(
            generated(&c)["Statement"][0]["Resource"],
            want,
            "{partition}"
        );
    }
}

/// The hand-written choice files and their golden policies; the reason for
/// every action is in tests/fixtures/golden/REASONS.md.
#[test]
fn golden_choice_files() {
    let names = [
        "js-publisher-prod",
        "js-publisher-split-groups",
        "cloudfront-list-and-wait",
        "passrole-to-lambda",
        "deny-outside-region",
        "static-site-sync",
    ];
    let reasons = std::fs::read_to_string(format!(
        "{}/tests/fixtures/golden/REASONS.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    for name in names {
        let path = format!(
            "{}/tests/fixtures/golden/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let want: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let got = generated(&fixture(name));
        assert_eq!(got, want, "{name}");
        // Every action in the golden policy has its reason written down.
        let section = reasons
            .split(&format!("## {name}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("{name} has reasons"));
        let section = section.split("\n## ").next().unwrap();
        for st in want["Statement"].as_array().unwrap() {
            let actions: Vec<&str> = match &st["Action"] {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().map(|v| v.as_str().unwrap()).collect(),
                _ => unreachable!("Action is a string or an array"),
            };
            for a in actions {
                assert!(
                    section.contains(&format!("`{a}`")),
                    "{name}: no reason for {a}"
                );
            }
        }
    }
}

#[test]
fn output_is_deterministic() {
    let c = fixture("js-publisher-prod");
    let a = generate(catalog::bundled(), &c).unwrap().to_json();
    let b = generate(catalog::bundled(), &c).unwrap().to_json();
    assert_eq!(a, b);
}

#[test]
fn never_falls_back_to_star() {
    let c = choices(r#"{"groups": [{"service": "s3", "actions": ["PutObject"]}]}"#);
    let e = generate(catalog::bundled(), &c).expect_err("no resources chosen");
    assert!(e.to_string().contains("needs resources"), "{e}");
    match e.kind {
        GenerateErrorKind::MissingResource { action, .. } => assert_eq!(action, "s3:PutObject"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn explicit_all_is_allowed_and_noted() {
    let c = choices(
        r#"{"groups": [{"service": "s3", "actions": ["GetObject"], "resources": {"object": "*"}}]}"#,
    );
    let g = generate_with_notes(catalog::bundled(), &c).unwrap();
    assert_eq!(
        g.policy.statements[0].resource,
        policy_builder::policy::ResourceSpec::Resource(vec!["*".into()])
    );
    assert!(
        g.notes.iter().any(|n| n.contains("all resources")),
        "{:?}",
        g.notes
    );
}

#[test]
fn errors_name_what_is_wrong() {
    let cases = [
        (
            "unknown service",
            r#"{"groups": [{"service": "s4", "actions": ["GetObject"]}]}"#,
            "unknown service prefix `s4`",
        ),
        (
            "unknown action",
            r#"{"groups": [{"service": "s3", "actions": ["PutObjects"]}]}"#,
            "did you mean `s3:PutObject`",
        ),
        (
            "bad bucket",
            r#"{"groups": [{"service": "s3", "actions": ["GetObject"], "resources": {"object": [{"BucketName": "My_Bucket", "ObjectName": "k"}]}}]}"#,
            "bucket name",
        ),
        (
            "bad account",
            r#"{"account": "12345", "groups": []}"#,
            "account",
        ),
        (
            "empty condition",
            r#"{"groups": [{"service": "s3", "actions": ["GetObject"], "resources": {"object": "*"}, "conditions": [{"operator": "StringLike", "key": "s3:prefix", "values": []}]}]}"#,
            "has no value",
        ),
    ];
    for (name, json, needle) in cases {
        let e = generate(catalog::bundled(), &choices(json)).expect_err(name);
        assert!(e.to_string().contains(needle), "{name}: {e}");
    }
}

/// The rule on a tiny catalog in the same format, where the one dependent
/// action is known.
#[test]
fn dependent_actions_are_suggested_not_added() {
    let tiny = "iam-catalog\t2\tpkg\t1.0\nS\tkms\tKMS\t0\nS\ts3\tS3\t2\nR\tobject\tarn:${Partition}:s3:::${BucketName}/${ObjectName}\n%\n GetObject\n PutObject\n%\nRW\n%\n0\n0\n%\n\n\n%\n\nkms:GenerateDataKey\n";
    let c = policy_builder::catalog::Catalog::parse(tiny).expect("tiny catalog");
    let choices = choices(
        r#"{"groups": [{"service": "s3", "actions": ["PutObject"],
            "resources": {"object": [{"BucketName": "bkt", "ObjectName": "k"}]}}]}"#,
    );
    let g = generate_with_notes(&c, &choices).unwrap();
    assert!(!g.policy.to_json().contains("kms:"), "never added");
    assert_eq!(g.suggestions.len(), 1);
    assert_eq!(g.suggestions[0].action, "kms:GenerateDataKey");
    assert_eq!(g.suggestions[0].needed_by, "s3:PutObject");
}

/// The bundled catalog's dependent actions come from iam-data
/// 0.15.202512061 (the current dataset has none): `lambda:CreateFunction`
/// needs `iam:PassRole` there. They are offered, never added, and one the
/// user chose is not offered again.
#[test]
fn bundled_dependent_actions_are_suggested_not_added() {
    let c = catalog::bundled();
    let pick = |actions: &str| {
        choices(&format!(
            r#"{{"account": "123456789012", "region": "us-east-1", "groups": [{{"service": "lambda", "actions": [{actions}],
                "resources": {{"function": [{{"FunctionName": "deploy"}}]}}}}]}}"#
        ))
    };
    let g = generate_with_notes(c, &pick(r#""CreateFunction""#)).unwrap();
    let offered: Vec<(&str, &str)> = g
        .suggestions
        .iter()
        .map(|s| (s.action.as_str(), s.needed_by.as_str()))
        .collect();
    assert!(
        offered.contains(&("iam:PassRole", "lambda:CreateFunction")),
        "{offered:?}"
    );
    let json = g.policy.to_json();
    assert!(!json.contains("iam:"), "never added: {json}");
    for s in &g.suggestions {
        assert!(
            c.action(&s.action).is_some(),
            "{} is in the catalog",
            s.action
        );
        assert!(s.to_string().contains("it was not added"), "{s}");
    }
}

/// Statements that differ only in resources become one (issue 15): the
/// js-publisher recipe used to print `S3WriteObject` and `S3WriteObject2`.
#[test]
fn statements_differing_only_in_resources_merge() {
    let c = choices(
        r#"{"groups": [
            {"service": "s3", "actions": ["PutObject"], "resources": {"object": [{"BucketName": "bkt", "ObjectName": "js/app.js"}]}},
            {"service": "s3", "actions": ["PutObject"], "resources": {"object": [{"BucketName": "bkt", "ObjectName": "jsdev/app*"}]}},
            {"service": "s3", "actions": ["GetObject"], "resources": {"object": [{"BucketName": "bkt", "ObjectName": "other"}]}}
        ]}"#,
    );
    let want = json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "S3ReadObject",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::bkt/other"
            },
            {
                "Sid": "S3WriteObject",
                "Effect": "Allow",
                "Action": "s3:PutObject",
                "Resource": ["arn:aws:s3:::bkt/js/app.js", "arn:aws:s3:::bkt/jsdev/app*"]
            }
        ]
    });
    assert_eq!(generated(&c), want);
}

/// What must not merge: another effect, another condition, other actions;
/// and `*` absorbs the other resources, as the union would.
#[test]
fn merging_keeps_effect_condition_and_actions_apart() {
    let c = choices(
        r#"{"groups": [
            {"service": "s3", "actions": ["PutObject"], "resources": {"object": [{"BucketName": "bkt", "ObjectName": "a"}]}},
            {"service": "s3", "actions": ["PutObject"], "resources": {"object": [{"BucketName": "bkt", "ObjectName": "c"}]},
             "conditions": [{"operator": "Bool", "key": "aws:SecureTransport", "values": ["true"]}]},
            {"service": "s3", "effect": "Deny", "actions": ["PutObject"], "resources": {"object": [{"BucketName": "bkt", "ObjectName": "d"}]}},
            {"service": "s3", "actions": ["GetObject"], "resources": {"object": [{"BucketName": "bkt", "ObjectName": "e"}]}},
            {"service": "s3", "actions": ["GetObject"], "resources": {"object": "*"}}
        ]}"#,
    );
    let p = generate(catalog::bundled(), &c).expect("generates");
    let shape: Vec<String> = p
        .statements
        .iter()
        .map(|st| format!("{:?} {:?} {:?}", st.effect, st.resource, st.condition))
        .collect();
    assert_eq!(p.statements.len(), 4, "{shape:#?}");
    // GetObject on `e` and on `*` became one statement on `*`.
    let json = p.to_json();
    assert!(!json.contains("arn:aws:s3:::bkt/e"), "{json}");
    // Every choice still decides as before.
    for (action, object, want) in [
        ("s3:PutObject", "a", true),
        ("s3:PutObject", "d", false),
        ("s3:GetObject", "e", true),
        ("s3:GetObject", "anything", true),
        ("s3:DeleteObject", "a", false),
    ] {
        let r = Request::new(action, format!("arn:aws:s3:::bkt/{object}"));
        assert_eq!(simulate(&p, &r).is_allowed(), want, "{action} {object}");
    }
}

const ACTIONS: &[&str] = &[
    "GetObject",
    "PutObject",
    "DeleteObject",
    "ListBucket",
    "GetBucketLocation",
    "PutObjectAcl",
];
const BUCKETS: &[&str] = &["alpha", "beta-1", "gamma.data"];

fn arb_choices() -> impl Strategy<Value = (Choices, Vec<(String, String)>)> {
    (
        proptest::sample::subsequence(ACTIONS.to_vec(), 1..=ACTIONS.len()),
        proptest::sample::subsequence(BUCKETS.to_vec(), 1..=2),
        "[a-z]{1,6}(/[a-z]{1,6})?",
        prop_oneof![Just("aws"), Just("aws-cn"), Just("aws-us-gov")],
    )
        .prop_map(|(actions, buckets, key, partition)| {
            let mut g = Group::new("s3");
            g.actions = actions.iter().map(|s| s.to_string()).collect();
            let objects = buckets
                .iter()
                .map(|b| {
                    ArnChoice::Values(
                        [
                            ("BucketName".into(), b.to_string()),
                            ("ObjectName".into(), key.clone()),
                        ]
                        .into(),
                    )
                })
                .collect();
            let bucket_arns = buckets
                .iter()
                .map(|b| ArnChoice::Values([("BucketName".into(), b.to_string())].into()))
                .collect();
            g.resources
                .insert("object".into(), ResourceChoice::Some(objects));
            g.resources
                .insert("bucket".into(), ResourceChoice::Some(bucket_arns));
            let mut chosen = Vec::new();
            let c = catalog::bundled();
            for a in &actions {
                let id = c.action(&format!("s3:{a}")).unwrap();
                let on_object = c
                    .action_info(id)
                    .resource_types()
                    .iter()
                    .any(|t| t.name() == "object");
                for b in &buckets {
                    let arn = if on_object {
                        format!("arn:{partition}:s3:::{b}/{key}")
                    } else {
                        format!("arn:{partition}:s3:::{b}")
                    };
                    chosen.push((format!("s3:{a}"), arn));
                }
            }
            let choices = Choices {
                partition: partition.parse().unwrap(),
                groups: vec![g],
                ..Choices::default()
            };
            (choices, chosen)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Every chosen (action, resource) request is allowed, and every request
    /// the policy allows among a sampled set was chosen.
    #[test]
    fn grants_exactly_what_was_chosen(
        (choices, chosen) in arb_choices(),
        other_action in proptest::sample::select(vec!["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:GetObject", "s3:PutObject", "s3:ListBucket", "iam:CreateUser", "iam:CreateAccessKey", "s3:GetObjectAcl"]),
        other_bucket in proptest::sample::select(vec!["alpha", "beta-1", "other-bucket"]),
        other_key in "[a-z]{1,6}",
    ) {
        let policy = generate(catalog::bundled(), &choices).unwrap();
        for (action, resource) in &chosen {
            let out = simulate(&policy, &Request::new(action.clone(), resource.clone()));
            prop_assert!(out.is_allowed(), "{action} on {resource} denied:\n{}", policy.to_json());
        }
        let partition = choices.partition.to_string();
        let candidates = [
            format!("arn:{partition}:s3:::{other_bucket}"),
            format!("arn:{partition}:s3:::{other_bucket}/{other_key}"),
        ];
        let chosen_set: BTreeSet<(String, String)> = chosen.iter().cloned().collect();
        for resource in candidates {
            let out = simulate(&policy, &Request::new(other_action, resource.clone()));
            if out.is_allowed() {
                prop_assert!(
                    chosen_set.contains(&(other_action.to_string(), resource.clone())),
                    "{other_action} on {resource} allowed but not chosen:\n{}", policy.to_json()
                );
            }
        }
    }
}

#[test]
fn access_levels_expand_to_the_level_actions() {
    let c = catalog::bundled();
    let mut g = Group::new("cloudfront");
    g.levels.insert(AccessLevel::List);
    g.resources
        .insert("distribution".into(), ResourceChoice::All);
    let policy = generate(
        c,
        &Choices {
            groups: vec![g],
            ..Choices::default()
        },
    );
    let policy = match policy {
        Ok(p) => p,
        // Some list actions need other resource types: the error names one.
        Err(e) => {
            assert!(
                matches!(e.kind, GenerateErrorKind::MissingResource { .. }),
                "{e}"
            );
            return;
        }
    };
    let json = policy.to_json();
    for id in c.actions_of("cloudfront", Some(AccessLevel::List)) {
        assert!(json.contains(&c.action_info(id).full_name()));
    }
}

fn s3_actions() -> Vec<String> {
    let c = catalog::bundled();
    c.actions_of("s3", None)
        .iter()
        .map(|id| c.action_info(*id).full_name())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Minimising never changes a decision: for a random set of s3 actions,
    /// the compressed list allows exactly the same sampled requests.
    #[test]
    fn minimize_never_changes_a_decision(
        chosen in proptest::sample::subsequence(s3_actions(), 1..120),
        probes in proptest::collection::vec(proptest::sample::select(s3_actions()), 20),
    ) {
        use policy_builder::policy::{ActionSpec, Effect, Policy, ResourceSpec, Statement};
        let c = catalog::bundled();
        let compressed = policy_builder::generate::compress(c, &chosen);
        let policy = |actions: Vec<String>| Policy {
            statements: vec![Statement {
                sid: None,
                effect: Effect::Allow,
                action: ActionSpec::Action(actions),
                resource: ResourceSpec::Resource(vec!["*".into()]),
                condition: Default::default(),
            }],
            ..Policy::empty()
        };
        let before = policy(chosen.clone());
        let after = policy(compressed.clone());
        for action in probes.iter().chain(chosen.iter().take(5)) {
            let req = Request::new(action.clone(), "arn:aws:s3:::b/k");
            prop_assert_eq!(
                simulate(&before, &req).is_allowed(),
                simulate(&after, &req).is_allowed(),
                "{} with {:?}", action, compressed
            );
        }
        prop_assert!(compressed.len() <= chosen.len());
    }
}

/// s3:prefix only exists on listing requests: in a group with PutObject and
/// ListBucket it lands on ListBucket alone, and a note says so.
#[test]
fn conditions_apply_only_where_their_key_exists() {
    let c = choices(
        r#"{"groups": [{"service": "s3", "actions": ["PutObject", "ListBucket"],
            "resources": {"object": [{"BucketName": "bkt", "ObjectName": "js/*"}], "bucket": [{"BucketName": "bkt"}]},
            "conditions": [{"operator": "StringLike", "key": "s3:prefix", "values": ["js/*"]},
                           {"operator": "Bool", "key": "aws:SecureTransport", "values": ["true"]}]}]}"#,
    );
    let g = generate_with_notes(catalog::bundled(), &c).unwrap();
    let put = simulate(
        &g.policy,
        &Request::new("s3:PutObject", "arn:aws:s3:::bkt/js/a.js")
            .with("aws:SecureTransport", "true"),
    );
    assert!(put.is_allowed(), "{}", g.policy.to_json());
    let list = simulate(
        &g.policy,
        &Request::new("s3:ListBucket", "arn:aws:s3:::bkt")
            .with("aws:SecureTransport", "true")
            .with("s3:prefix", "other/"),
    );
    assert!(!list.is_allowed(), "the prefix still limits listing");
    let plain = simulate(
        &g.policy,
        &Request::new("s3:PutObject", "arn:aws:s3:::bkt/js/a.js")
            .with("aws:SecureTransport", "false"),
    );
    assert!(
        !plain.is_allowed(),
        "the global key applies to every action"
    );
    assert!(
        g.notes
            .iter()
            .any(|n| n.contains("s3:prefix") && n.contains("s3:PutObject")),
        "{:?}",
        g.notes
    );
}

#[test]
fn an_empty_resource_list_is_missing_not_an_empty_resource() {
    // Found by `scripts/fuzz.sh choices_pipeline` (fuzz/artifacts, crash-b3d83e50):
    // an empty list for `object` printed `"Resource": []`, which neither IAM
    // nor our parser accepts. It now means nothing was chosen.
    let c = choices(
        r#"{"groups": [{"service": "s3", "actions": ["PutObject"], "resources": {"object": []}}]}"#,
    );
    let e = generate(catalog::bundled(), &c).expect_err("nothing chosen for object");
    assert!(
        matches!(&e.kind, GenerateErrorKind::MissingResource { action, .. } if action == "s3:PutObject"),
        "{e:?}"
    );
    // Beside a type that is chosen, the empty one is simply not used.
    let c = choices(
        r#"{"groups": [{"service": "s3", "actions": ["PutObject"],
            "resources": {"object": [], "accesspointobject": ["arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/*"]}}]}"#,
    );
    let p = generate(catalog::bundled(), &c).expect("the access point ARN is enough");
    let json = p.to_json();
    assert!(!json.contains("[]"), "{json}");
    assert!(json.contains("accesspoint/ap/object/*"), "{json}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Two groups generated together allow exactly the requests chosen in
    /// either, and decide every request as the two generated apart do, one
    /// allowing it being enough (so merging their statements never widens
    /// nor narrows), in no more statements.
    #[test]
    fn merging_two_groups_decides_as_the_union(
        (first, chosen1) in arb_choices(),
        (mut second, chosen2) in arb_choices(),
        other_key in "[a-z]{1,6}",
    ) {
        let c = catalog::bundled();
        let p = first.partition.to_string();
        let from = format!("arn:{}:", second.partition);
        second.partition = first.partition;
        let chosen2: Vec<(String, String)> = chosen2
            .into_iter()
            .map(|(a, r)| (a, r.replacen(&from, &format!("arn:{p}:"), 1)))
            .collect();
        let mut both = first.clone();
        both.groups.extend(second.groups.clone());
        let (one, two, merged) = (
            generate(c, &first).unwrap(),
            generate(c, &second).unwrap(),
            generate(c, &both).unwrap(),
        );
        prop_assert!(merged.statements.len() <= one.statements.len() + two.statements.len());
        let chosen: BTreeSet<(String, String)> = chosen1.into_iter().chain(chosen2).collect();
        let mut requests: Vec<(String, String)> = chosen.iter().cloned().collect();
        for a in ACTIONS {
            for b in BUCKETS {
                requests.push((format!("s3:{a}"), format!("arn:{p}:s3:::{b}/{other_key}")));
                requests.push((format!("s3:{a}"), format!("arn:{p}:s3:::{b}")));
            }
        }
        for (action, resource) in &requests {
            let r = Request::new(action.clone(), resource.clone());
            // Exactly what was chosen, in either group.
            prop_assert_eq!(
                simulate(&merged, &r).is_allowed(),
                chosen.contains(&(action.clone(), resource.clone())),
                "{} on {}:\n{}",
                action,
                resource,
                merged.to_json()
            );
            let apart = simulate(&one, &r).is_allowed() || simulate(&two, &r).is_allowed();
            prop_assert_eq!(
                simulate(&merged, &r).is_allowed(),
                apart,
                "{} on {}:\n{}",
                action,
                resource,
                merged.to_json()
            );
        }
    }
}
