//! `diff`: what NEW grants that OLD does not, compared as effective grants,
//! through the library and the CLI; and the property that a policy, and
//! its minimised form, differ from themselves in nothing.

use std::collections::BTreeMap;
use std::process::Command;

use proptest::prelude::*;
use serde_json::Value;

use policy_builder::arn::Partition;
use policy_builder::catalog::{self, AccessLevel};
use policy_builder::choices::{Choices, ConditionChoice, Group, ResourceChoice};
use policy_builder::diff::{diff_policies, Reason};
use policy_builder::generate::{generate, minimize};
use policy_builder::policy::{Effect, Policy, SizeLimit};
use policy_builder::recipe;

fn policy(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

fn parse(text: &str) -> Policy {
    Policy::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every catalog action `pattern` matches, written out in full.
fn written_out(pattern: &str) -> String {
    let c = catalog::bundled();
    let names: Vec<String> = c
        .expand(pattern)
        .into_iter()
        .map(|id| format!("{:?}", c.action_info(id).full_name()))
        .collect();
    names.join(", ")
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pb-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

/// `policy-builder diff OLD NEW --format json`: exit code and output.
fn cli_diff(name: &str, old: &str, new: &str) -> (i32, Value) {
    let o = temp_file(&format!("{name}-old.json"), old);
    let n = temp_file(&format!("{name}-new.json"), new);
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .arg("diff")
        .arg(&o)
        .arg(&n)
        .args(["--format", "json"])
        .output()
        .expect("run CLI");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{name}: {e}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

fn actions(changes: &Value) -> Vec<String> {
    changes
        .as_array()
        .expect("changes")
        .iter()
        .flat_map(|c| c["actions"].as_array().cloned().unwrap_or_default())
        .map(|a| a.as_str().expect("name").to_string())
        .collect()
}

fn resources(changes: &Value) -> Vec<String> {
    changes
        .as_array()
        .expect("changes")
        .iter()
        .flat_map(|c| c["resources"].as_array().cloned().unwrap_or_default())
        .map(|a| a.as_str().expect("resource").to_string())
        .collect()
}

struct Case {
    name: &'static str,
    old: String,
    new: String,
    exit: i32,
    /// Actions that must be listed as added (none listed: nothing added).
    added: &'static [&'static str],
    /// Actions that must not be listed as added.
    not_added: &'static [&'static str],
    /// Resources that must be listed as removed.
    removed_resources: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    let get = r#"{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}"#;
    let list = r#"{"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::site"}"#;
    let get_star = r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::site/*"}"#;
    let star = r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#;
    let vpc = r#""Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}}"#;
    vec![
        Case {
            name:
                "identical grants written differently: reordered, Sids renamed, s3:Get* written out",
            old: policy(&format!("{get_star}, {list}")),
            new: policy(&format!(
                r#"{{"Sid": "B", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::site"}},
                   {{"Sid": "A", "Effect": "Allow", "Action": [{}], "Resource": "arn:aws:s3:::site/*"}}"#,
                written_out("s3:Get*")
            )),
            exit: 0,
            added: &[],
            not_added: &["s3:GetObject", "s3:ListBucket"],
            removed_resources: &[],
        },
        Case {
            name: "a wildcard that widens",
            old: policy(get),
            new: policy(get_star),
            exit: 1,
            added: &[
                "s3:GetObjectAcl",
                "s3:GetObjectTagging",
                "s3:GetObjectVersion",
            ],
            not_added: &["s3:GetObject"],
            removed_resources: &[],
        },
        Case {
            name: "a narrowed resource",
            old: policy(get),
            new: policy(
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/js/*"}"#,
            ),
            exit: 0,
            added: &[],
            not_added: &["s3:GetObject"],
            removed_resources: &["arn:aws:s3:::site/*"],
        },
        Case {
            name: "a widened resource",
            old: policy(
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/js/*"}"#,
            ),
            new: policy(get),
            exit: 1,
            added: &["s3:GetObject"],
            not_added: &[],
            removed_resources: &[],
        },
        Case {
            name: "an added Deny",
            old: policy(star),
            new: policy(&format!(
                r#"{star}, {{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}"#
            )),
            exit: 0,
            added: &[],
            not_added: &["s3:DeleteBucket"],
            removed_resources: &["*"],
        },
        Case {
            name: "a removed Deny",
            old: policy(&format!(
                r#"{star}, {{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}"#
            )),
            new: policy(star),
            exit: 1,
            added: &["s3:DeleteBucket"],
            not_added: &["s3:GetObject"],
            removed_resources: &[],
        },
        Case {
            name: "a Deny that NEW adds takes back what NEW adds",
            old: policy(get),
            new: policy(&format!(
                r#"{get_star}, {{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"}}"#
            )),
            exit: 0,
            added: &[],
            not_added: &["s3:GetObjectAcl"],
            removed_resources: &[],
        },
        Case {
            name: "NotAction that excludes more narrows",
            old: policy(r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#),
            new: policy(r#"{"Effect": "Allow", "NotAction": ["iam:*", "s3:*"], "Resource": "*"}"#),
            exit: 0,
            added: &[],
            not_added: &["s3:GetObject"],
            removed_resources: &["*"],
        },
        Case {
            name: "NotAction that excludes less widens, outside the catalog too",
            old: policy(r#"{"Effect": "Allow", "NotAction": ["iam:*", "s3:*"], "Resource": "*"}"#),
            new: policy(r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#),
            exit: 1,
            added: &[
                "s3:GetObject",
                "every action outside the catalog except iam:*",
            ],
            not_added: &["iam:CreateUser", "ec2:RunInstances"],
            removed_resources: &[],
        },
        Case {
            name: "NotAction against the same actions listed",
            old: policy(r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#),
            new: policy(
                r#"{"Effect": "Allow", "Action": ["ec2:RunInstances", "s3:GetObject"], "Resource": "*"}"#,
            ),
            exit: 0,
            added: &[],
            not_added: &["ec2:RunInstances", "s3:GetObject"],
            removed_resources: &["*"],
        },
        Case {
            name: "a dropped condition",
            old: policy(&format!(
                r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", {vpc}}}"#
            )),
            new: policy(get),
            exit: 1,
            added: &["s3:GetObject"],
            not_added: &[],
            removed_resources: &[],
        },
        Case {
            name: "a condition only in NEW narrows",
            old: policy(get),
            new: policy(&format!(
                r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", {vpc}}}"#
            )),
            exit: 0,
            added: &[],
            not_added: &["s3:GetObject"],
            removed_resources: &["arn:aws:s3:::site/*"],
        },
        Case {
            name: "a tightened condition narrows",
            old: policy(
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", "Condition": {"StringEquals": {"aws:SourceVpc": ["vpc-1", "vpc-2"]}}}"#,
            ),
            new: policy(&format!(
                r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", {vpc}}}"#
            )),
            exit: 0,
            added: &[],
            not_added: &["s3:GetObject"],
            removed_resources: &["arn:aws:s3:::site/*"],
        },
        Case {
            name: "a changed condition widens",
            old: policy(&format!(
                r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", {vpc}}}"#
            )),
            new: policy(
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-2"}}}"#,
            ),
            exit: 1,
            added: &["s3:GetObject"],
            not_added: &[],
            removed_resources: &["arn:aws:s3:::site/*"],
        },
        Case {
            name: "an action outside the catalog is listed as written",
            old: policy(get),
            new: policy(
                r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjektNew"], "Resource": "arn:aws:s3:::site/*"}"#,
            ),
            exit: 1,
            added: &["s3:GetObjektNew"],
            not_added: &["s3:GetObject"],
            removed_resources: &[],
        },
        Case {
            name: "an action outside the catalog covered by OLD's wildcard",
            old: policy(
                r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::site/*"}"#,
            ),
            new: policy(
                r#"{"Effect": "Allow", "Action": "s3:GetObjektNew", "Resource": "arn:aws:s3:::site/*"}"#,
            ),
            exit: 0,
            added: &[],
            not_added: &["s3:GetObjektNew"],
            removed_resources: &["arn:aws:s3:::site/*"],
        },
        Case {
            name: "a policy variable read literally before, replaced now",
            old: r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}"#.to_string(),
            new: policy(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}"#),
            exit: 1,
            added: &["s3:GetObject"],
            not_added: &[],
            removed_resources: &["arn:aws:s3:::home/${aws:username}/*"],
        },
        Case {
            name: "a grant split over two statements",
            old: policy(
                r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]}"#,
            ),
            new: policy(
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}, {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::a/*"}"#,
            ),
            exit: 0,
            added: &[],
            not_added: &["s3:GetObject", "s3:PutObject"],
            removed_resources: &[],
        },
    ]
}

#[test]
fn diff_cases_through_the_cli() {
    for case in cases() {
        let (code, v) = cli_diff(
            case.name.split(':').next().unwrap_or("case"),
            &case.old,
            &case.new,
        );
        let name = case.name;
        assert_eq!(code, case.exit, "{name}: {v:#}");
        assert_eq!(v["widens"], case.exit == 1, "{name}");
        let doc = &v["documents"][0];
        let added = actions(&doc["added"]);
        if case.added.is_empty() {
            assert!(added.is_empty(), "{name}: nothing added, got {added:?}");
        }
        for a in case.added {
            assert!(added.iter().any(|x| x == a), "{name}: {a} added: {added:?}");
        }
        for a in case.not_added {
            assert!(
                !added.iter().any(|x| x == a),
                "{name}: {a} not added: {added:?}"
            );
        }
        let removed = resources(&doc["removed"]);
        for r in case.removed_resources {
            assert!(
                removed.iter().any(|x| x == r),
                "{name}: {r} removed: {removed:?}"
            );
        }
        if case.exit == 0 && case.removed_resources.is_empty() {
            assert_eq!(doc["status"], "unchanged", "{name}");
        }
    }
}

#[test]
fn a_dropped_condition_says_which() {
    let c = catalog::bundled();
    let old = parse(&policy(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}}}"#,
    ));
    let new = parse(&policy(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}"#,
    ));
    let d = diff_policies(c, &old, &new);
    assert_eq!(d.added.len(), 1, "{d:#?}");
    assert_eq!(
        d.added[0].reason,
        Reason::ConditionDropped {
            conditions: vec!["StringEquals aws:SourceVpc = vpc-1".into()]
        }
    );
    assert!(d.added[0]
        .why
        .contains("OLD grants them only under conditions"));
}

#[test]
fn each_reason_is_reported() {
    let c = catalog::bundled();
    let cases = [
        (
            "not granted",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}"#,
            Reason::NotGranted,
        ),
        (
            "wider resource",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}"#,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            Reason::WiderResource,
        ),
        (
            "deny removed",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::secret/*"}"#,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
            Reason::DenyRemoved { statement: 1 },
        ),
    ];
    for (name, old, new, want) in cases {
        let d = diff_policies(c, &parse(&policy(old)), &parse(&policy(new)));
        assert!(
            d.added.iter().any(|ch| ch.reason == want),
            "{name}: {:#?}",
            d.added
        );
    }
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let old = temp_file(
        "md-old.json",
        &policy(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}"#,
        ),
    );
    let new = temp_file(
        "md-new.json",
        &policy(r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::site/*"}"#),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "markdown"])
        .output()
        .expect("run CLI");
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.starts_with("### IAM policy diff"), "{md}");
    assert!(
        md.contains("**This change widens IAM permissions.**"),
        "{md}"
    );
    assert!(
        md.contains("| `the policy` | identity policy | changed, widens |"),
        "{md}"
    );
    assert!(md.contains("`s3:GetObjectAcl`"), "{md}");
    assert!(
        md.contains("<details><summary>All "),
        "a long list folds: {md}"
    );
}

#[test]
fn text_names_each_document_and_the_verdict() {
    let old = temp_file(
        "txt-old.json",
        &policy(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}"#,
        ),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .arg("diff")
        .arg(&old)
        .arg(&old)
        .output()
        .expect("run CLI");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("the policy (identity policy): unchanged"),
        "{text}"
    );
    assert!(
        text.ends_with("1 documents compared, 0 widen: NEW grants nothing OLD does not\n"),
        "{text}"
    );
}

#[test]
fn unusable_input_exits_2_with_the_file_and_position() {
    let good = temp_file(
        "bad-good.json",
        &policy(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#),
    );
    let bad = temp_file("bad-bad.json", "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Alow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}");
    for (name, old, new) in [("bad new", &good, &bad), ("bad old", &bad, &good)] {
        let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
            .arg("diff")
            .arg(old)
            .arg(new)
            .output()
            .expect("run CLI");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains("bad-bad.json"), "{name}: {err}");
        assert!(err.contains("line 2, column 26"), "{name}: {err}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
        .args(["diff", "/nonexistent/old.json"])
        .arg(&good)
        .output()
        .expect("run CLI");
    assert_eq!(out.status.code(), Some(2));
}

// Property tests: a policy differs from itself, and from its minimised
// form, in nothing.

const SERVICES: &[&str] = &["s3", "cloudfront", "iam", "lambda", "dynamodb", "sqs"];

fn arb_group() -> impl Strategy<Value = Group> {
    (
        proptest::sample::select(SERVICES),
        proptest::sample::subsequence(
            vec![
                AccessLevel::List,
                AccessLevel::Read,
                AccessLevel::Write,
                AccessLevel::Tagging,
            ],
            0..=2,
        ),
        any::<bool>(),
        proptest::option::of(proptest::sample::select(vec!["vpc-1", "vpc-2"])),
    )
        .prop_map(|(service, levels, deny, vpc)| {
            let mut g = Group::new(service);
            g.levels = levels.into_iter().collect();
            if g.levels.is_empty() {
                let c = catalog::bundled();
                if let Some(first) = c.actions_of(service, None).first() {
                    g.actions.insert(c.action_info(*first).name().to_string());
                }
            }
            if deny {
                g.effect = Effect::Deny;
            }
            let c = catalog::bundled();
            for rt in c.resource_types_of(service) {
                g.resources
                    .insert(rt.name().to_string(), ResourceChoice::All);
            }
            if let Some(vpc) = vpc {
                g.conditions.push(ConditionChoice {
                    operator: "StringEquals".into(),
                    key: "aws:SourceVpc".into(),
                    values: vec![vpc.into()],
                });
            }
            g
        })
}

fn arb_policy() -> impl Strategy<Value = Policy> {
    let recipes: Vec<Policy> = recipe_policies();
    prop_oneof![
        proptest::sample::select(recipes),
        proptest::collection::vec(arb_group(), 1..5).prop_filter_map("generates", |groups| {
            let choices = Choices {
                partition: Partition::Aws,
                account: Some("123456789012".into()),
                region: Some("us-east-1".into()),
                groups,
            };
            generate(catalog::bundled(), &choices).ok()
        }),
    ]
}

/// Every recipe, filled with sample values.
fn recipe_policies() -> Vec<Policy> {
    let params = BTreeMap::from([
        ("bucket".to_string(), "mojito-example".to_string()),
        ("container".to_string(), "app".to_string()),
        ("account".to_string(), "123456789012".to_string()),
        ("distribution".to_string(), "E2EXAMPLE1".to_string()),
        ("application".to_string(), "shop".to_string()),
        ("environment".to_string(), "shop-prod".to_string()),
        ("region".to_string(), "us-east-1".to_string()),
        ("project".to_string(), "app".to_string()),
        ("env".to_string(), "dev".to_string()),
    ]);
    recipe::all()
        .iter()
        .map(|r| {
            let mine: BTreeMap<String, String> = params
                .iter()
                .filter(|(k, _)| r.has_param(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let inst = recipe::instantiate(&[r], &mine, Partition::Aws)
                .unwrap_or_else(|e| panic!("{}: {e}", r.id));
            generate(catalog::bundled(), &inst.choices).expect("recipe generates")
        })
        .collect()
}

/// `minimize`'s result whether or not it fits: the compressed policy.
fn minimised(p: &Policy) -> Policy {
    match minimize(catalog::bundled(), p, SizeLimit::InlineUser) {
        Ok(m) => m,
        Err(e) => e.policy,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_policy_differs_from_itself_in_nothing(p in arb_policy()) {
        let d = diff_policies(catalog::bundled(), &p, &p);
        prop_assert!(d.is_empty(), "{:#?}\n{}", d, p.to_json());
    }

    #[test]
    fn minimising_changes_no_grant(p in arb_policy()) {
        let m = minimised(&p);
        let c = catalog::bundled();
        let there = diff_policies(c, &p, &m);
        let back = diff_policies(c, &m, &p);
        prop_assert!(there.is_empty(), "{:#?}\n{}\n{}", there, p.to_json(), m.to_json());
        prop_assert!(back.is_empty(), "{:#?}", back);
    }
}

#[test]
fn minimising_really_compresses_some_generated_policies() {
    // Guard for the property above: it must see policies that minimize
    // rewrites, not only ones it leaves alone.
    let mut g = Group::new("s3");
    g.levels = [AccessLevel::Read, AccessLevel::List].into_iter().collect();
    for rt in catalog::bundled().resource_types_of("s3") {
        g.resources
            .insert(rt.name().to_string(), ResourceChoice::All);
    }
    let choices = Choices {
        partition: Partition::Aws,
        groups: vec![g],
        ..Choices::default()
    };
    let p = generate(catalog::bundled(), &choices).expect("generates");
    let m = minimised(&p);
    assert_ne!(p, m, "minimize rewrites a large policy");
    assert!(diff_policies(catalog::bundled(), &p, &m).is_empty());
}
