//! Properties of `simulate` over random policies and requests.

use std::collections::BTreeMap;

use policy_builder::policy::{
    ActionSpec, Condition, Effect, Policy, ResourceSpec, Statement, VERSION,
};
use policy_builder::simulate::{simulate, Decision, Request};
use proptest::prelude::*;

/// Known strings mixed with arbitrary ones, so that matches do happen.
fn text(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(known).prop_map(str::to_string),
        1 => "[a-zA-Z0-9:/*?${},' .-]{0,16}",
        1 => any::<String>(),
    ]
}

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "iam:CreateUser",
    "s3:*",
    "*",
    "s3:?etObject",
    "S3:get*",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b/k",
    "arn:aws:s3:::b/${aws:username}/*",
    "arn:aws:s3:::b/${aws:username, 'alice'}/*",
    "arn:aws:s3:::b/${*}",
    "arn:aws:s3:::b/${",
];
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericLessThan",
    "NumericNotEquals",
    "DateGreaterThan",
    "DateNotEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnLike",
    "ArnNotEquals",
    "Null",
    "StringEqualsIfExists",
    "ForAnyValue:StringLike",
    "ForAllValues:StringEquals",
    "ForAllValues:StringNotLikeIfExists",
    "NullIfExists",
    "Unknown",
];
const KEYS: &[&str] = &[
    "aws:username",
    "aws:SourceIp",
    "aws:TagKeys",
    "aws:CurrentTime",
    "s3:max-keys",
    "AWS:SOURCEIP",
];
const VALUES: &[&str] = &[
    "alice",
    "10.0.0.0/8",
    "10.1.2.3",
    "2001:db8::/32",
    "2001:db8::1",
    "true",
    "false",
    "10",
    "-1.5",
    "2024-01-01T00:00:00Z",
    "1700000000",
    "arn:aws:s3:::b/*",
    "${aws:username}",
    "${x, 'y'}",
    "*",
];

fn condition() -> impl Strategy<Value = Condition> {
    let values = proptest::collection::vec(text(VALUES), 0..3);
    let keys = proptest::collection::btree_map(text(KEYS), values, 0..3);
    proptest::collection::btree_map(text(OPERATORS), keys, 0..3)
}

fn statement() -> impl Strategy<Value = Statement> {
    let patterns = |known| proptest::collection::vec(text(known), 0..3);
    (
        proptest::option::of("[A-Za-z0-9]{0,6}"),
        prop_oneof![Just(Effect::Allow), Just(Effect::Deny)],
        (any::<bool>(), patterns(ACTIONS)),
        (any::<bool>(), patterns(RESOURCES)),
        condition(),
    )
        .prop_map(
            |(sid, effect, (not_action, actions), (not_resource, resources), condition)| {
                Statement {
                    sid,
                    effect,
                    action: if not_action {
                        ActionSpec::NotAction(actions)
                    } else {
                        ActionSpec::Action(actions)
                    },
                    resource: if not_resource {
                        ResourceSpec::NotResource(resources)
                    } else {
                        ResourceSpec::Resource(resources)
                    },
                    condition,
                }
            },
        )
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        prop_oneof![Just(Some(VERSION.to_string())), Just(None)],
        proptest::collection::vec(statement(), 0..5),
    )
        .prop_map(|(version, statements)| Policy {
            version,
            id: None,
            statements,
        })
}

fn request() -> impl Strategy<Value = Request> {
    (
        text(&["s3:GetObject", "s3:PutObject", "iam:CreateUser"]),
        text(&[
            "arn:aws:s3:::b/k",
            "arn:aws:s3:::b/alice/k",
            "arn:aws:s3:::b/*",
        ]),
        proptest::collection::vec((text(KEYS), text(VALUES)), 0..5),
    )
        .prop_map(|(action, resource, context)| {
            context
                .into_iter()
                .fold(Request::new(action, resource), |r, (k, v)| r.with(&k, v))
        })
}

proptest! {
    /// Never panics, and the reasons and JSON can always be produced.
    #[test]
    fn never_panics(policy in policy(), request in request()) {
        let outcome = simulate(&policy, &request);
        for trace in &outcome.statements {
            if let Some(reason) = &trace.no_match {
                prop_assert!(!reason.to_string().is_empty());
            }
        }
        prop_assert!(serde_json::to_string(&outcome).is_ok());
    }

    /// "Policy evaluation logic": an explicit deny overrides any allow, so
    /// when every Allow has a Deny twin nothing is ever allowed, and each
    /// twin matches whenever its Allow does. (A twin may match more: an
    /// unresolvable `NotResource` entry stops an Allow from applying but
    /// never a Deny.)
    #[test]
    fn deny_copies_of_allows_never_allow(mut policy in policy(), request in request()) {
        let twins: Vec<Statement> = policy
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
            .map(|s| Statement { effect: Effect::Deny, ..s.clone() })
            .collect();
        let originals = policy.statements.len();
        let allow_indices: Vec<usize> = (0..originals).filter(|&i| policy.statements[i].effect == Effect::Allow).collect();
        policy.statements.extend(twins);
        let outcome = simulate(&policy, &request);
        prop_assert!(!outcome.is_allowed());
        for (twin, &original) in allow_indices.iter().enumerate() {
            if outcome.statements[original].is_match() {
                prop_assert!(outcome.statements[originals + twin].is_match());
            }
        }
    }

    /// "Policy evaluation logic": an explicit deny overrides any allow, so
    /// adding a Deny statement never allows a request that was denied
    /// (explicitly or implicitly) without it.
    #[test]
    fn adding_a_deny_never_allows(policy in policy(), deny in statement(), request in request()) {
        let before = simulate(&policy, &request);
        let mut with_deny = policy.clone();
        with_deny.statements.push(Statement { effect: Effect::Deny, ..deny });
        let after = simulate(&with_deny, &request);
        if !before.is_allowed() {
            prop_assert!(!after.is_allowed(), "{:?}", after);
        }
    }

    /// Issue 15: a Deny never fails open. A value whose variable the
    /// request cannot resolve is dropped from its list, so the Deny with it
    /// denies at least every request the same Deny without it denies.
    #[test]
    fn an_unresolvable_value_never_weakens_a_deny(
        policy in policy(),
        deny in statement(),
        pick in any::<proptest::sample::Index>(),
        request in request(),
    ) {
        const NEVER_SET: &str = "aws:PrincipalTag/never-set";
        prop_assume!(request.context.get(NEVER_SET).is_none());
        let deny = Statement { effect: Effect::Deny, ..deny };
        let lists: Vec<(String, String)> = deny
            .condition
            .iter()
            .flat_map(|(op, keys)| keys.keys().map(move |k| (op.clone(), k.clone())))
            .collect();
        prop_assume!(!lists.is_empty());
        let (op, key) = pick.get(&lists).clone();
        let mut with_variable = deny.clone();
        with_variable.condition.get_mut(&op).unwrap().get_mut(&key).unwrap().push(format!("${{{NEVER_SET}}}"));
        let mut p1 = policy.clone();
        p1.version = Some(VERSION.to_string());
        let mut p2 = p1.clone();
        p1.statements.push(deny);
        p2.statements.push(with_variable);
        let without = simulate(&p1, &request);
        let with = simulate(&p2, &request);
        if without.decision == Decision::ExplicitDeny {
            prop_assert_eq!(with.decision, Decision::ExplicitDeny, "{:?}", with.statements.last());
        }
        if with.is_allowed() {
            prop_assert!(without.is_allowed());
        }
    }

    /// The decision agrees with the traces.
    #[test]
    fn decision_agrees_with_traces(policy in policy(), request in request()) {
        let outcome = simulate(&policy, &request);
        prop_assert_eq!(outcome.statements.len(), policy.statements.len());
        let matched = |effect| {
            outcome.statements.iter().filter(|t| t.effect == effect && t.is_match()).map(|t| t.index).next()
        };
        let (deny, allow) = (matched(Effect::Deny), matched(Effect::Allow));
        prop_assert_eq!(outcome.is_allowed(), allow.is_some() && deny.is_none());
        let want = match (deny, allow) {
            (Some(d), _) => (Decision::ExplicitDeny, Some(d)),
            (None, Some(a)) => (Decision::Allowed, Some(a)),
            (None, None) => (Decision::ImplicitDeny, None),
        };
        prop_assert_eq!((outcome.decision, outcome.deciding), want);
        let indices: Vec<usize> = outcome.statements.iter().map(|t| t.index).collect();
        prop_assert_eq!(indices, (0..policy.statements.len()).collect::<Vec<_>>());
    }
}

#[test]
fn same_input_gives_the_same_outcome() {
    // The core is deterministic: conditions are BTreeMaps, traces follow
    // statement order.
    let mut condition: Condition = BTreeMap::new();
    condition
        .entry("StringLike".into())
        .or_default()
        .insert("s3:prefix".into(), vec!["js/*".into()]);
    let policy = Policy {
        statements: vec![Statement {
            sid: None,
            effect: Effect::Allow,
            action: ActionSpec::Action(vec!["s3:ListBucket".into()]),
            resource: ResourceSpec::Resource(vec!["arn:aws:s3:::b".into()]),
            condition,
        }],
        ..Policy::empty()
    };
    let request = Request::new("s3:ListBucket", "arn:aws:s3:::b").with("s3:prefix", "js/app.js");
    assert_eq!(simulate(&policy, &request), simulate(&policy, &request));
    assert!(simulate(&policy, &request).is_allowed());
}
