//! `explain` against `simulate`: what explain says a policy grants, the
//! simulator must allow, and what explain leaves out, it must not.

use std::process::Command;

use policy_builder::catalog::{self, ActionId, Catalog};
use policy_builder::explain::{actions_of, explain, Denied, Resources};
use policy_builder::policy::{Effect, Policy, ResourceSpec};
use policy_builder::simulate::{simulate, Request};

use crate::managed::managed_policies;

/// A request for `resource` as written in a policy: `*` and `?` become
/// `x`, and each variable in the resource part (after the fifth colon, as
/// `simulate` substitutes them) becomes `v`, with its key set to `v` in
/// the request context (a default is then unused). `${*}`, `${?}` and
/// `${$}` become their character. A resource that is only `*` stays `*`,
/// the resource of an action without resource-level permissions.
fn concrete(action: &str, resource: &str) -> Request {
    if resource.chars().all(|c| c == '*') {
        return Request::new(action, "*");
    }
    let chars: Vec<char> = resource.chars().collect();
    let mut arn = String::new();
    let mut keys = Vec::new();
    let mut colons = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '$' && chars.get(i + 1) == Some(&'{') {
            if let Some(len) = chars[i + 2..].iter().position(|c| *c == '}') {
                let inside: String = chars[i + 2..i + 2 + len].iter().collect();
                let end = i + 3 + len;
                if colons >= 5 {
                    match inside.as_str() {
                        "*" | "?" | "$" => arn.push_str(&inside),
                        _ => {
                            let key = inside.split(',').next().unwrap_or("").trim();
                            keys.push(key.to_string());
                            arn.push('v');
                        }
                    }
                } else {
                    arn.extend(&chars[i..end]);
                }
                i = end;
                continue;
            }
        }
        if c == ':' {
            colons += 1;
        }
        arn.push(if c == '*' || c == '?' { 'x' } else { c });
        i += 1;
    }
    keys.into_iter()
        .fold(Request::new(action, arn), |r, k| r.with(&k, "v"))
}

/// What a placeholder of an ARN template, or a variable, stands for.
const INSTANCE: &str = "x";

/// An ARN of a resource type: `arn:${Partition}:s3:::${BucketName}` becomes
/// `arn:aws:s3:::x`.
fn instance(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(match &rest[start + 2..start + len] {
            "Partition" => "aws",
            "Region" => "us-east-1",
            "Account" => "123456789012",
            _ => INSTANCE,
        });
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The context keys of the variables in `text`.
fn variable_keys(text: &str) -> Vec<String> {
    text.split("${")
        .skip(1)
        .filter_map(|s| s.split_once('}'))
        .map(|(inside, _)| inside.split(',').next().unwrap_or("").trim().to_string())
        .filter(|k| !matches!(k.as_str(), "*" | "?" | "$" | ""))
        .collect()
}

/// Every `step`-th item, so that a big policy is sampled evenly.
fn sample<T: Clone>(items: &[T], at_most: usize) -> Vec<T> {
    let step = items.len().div_ceil(at_most.max(1)).max(1);
    items.iter().step_by(step).cloned().collect()
}

/// What the corpus check counted.
#[derive(Debug, Default)]
struct Tally {
    policies: usize,
    grants_checked: usize,
    conditional_skipped: usize,
    not_resource_skipped: usize,
    partly_denied_skipped: usize,
    dropped_checked: usize,
}

/// Checks one policy; returns the disagreements.
fn check(c: &Catalog, name: &str, policy: &Policy, tally: &mut Tally) -> Vec<String> {
    let mut problems = Vec::new();
    let e = explain(c, policy);
    for grant in sample(&e.grants, 25) {
        for scope in &grant.scopes {
            if !scope.condition.is_empty() {
                tally.conditional_skipped += 1;
                continue;
            }
            let Resources::Only(resources) = &scope.resources else {
                tally.not_resource_skipped += 1;
                continue;
            };
            for resource in resources.iter().take(3) {
                let request = concrete(&grant.name, resource);
                let outcome = simulate(policy, &request);
                if outcome.is_allowed() {
                    tally.grants_checked += 1;
                } else if grant.denied == Denied::Partly {
                    tally.partly_denied_skipped += 1;
                } else {
                    problems.push(format!(
                        "{name}: explain grants {} on {resource} (Statement[{}]), simulate of {} says {}",
                        grant.name, scope.statement, request.resource, outcome.decision
                    ));
                }
            }
        }
    }

    // Actions an Allow names but explain leaves out (their resources cannot
    // apply, or a Deny takes them back): a request on a resource of a type
    // the action takes (its ARN template filled in, every variable of the
    // statement's resources set in the context) must not be allowed.
    let granted: std::collections::BTreeSet<ActionId> = e.grants.iter().map(|g| g.action).collect();
    for st in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        let ResourceSpec::Resource(resources) = &st.resource else {
            continue;
        };
        let keys: Vec<String> = resources.iter().flat_map(|r| variable_keys(r)).collect();
        let dropped: Vec<ActionId> = actions_of(c, &st.action)
            .into_iter()
            .filter(|a| !granted.contains(a))
            .collect();
        for action in sample(&dropped, 25) {
            let info = c.action_info(action);
            let types = info.resource_types();
            let arns: Vec<String> = if types.is_empty() {
                vec!["*".to_string()]
            } else {
                types.iter().map(|t| instance(t.arn())).collect()
            };
            for arn in arns {
                tally.dropped_checked += 1;
                let request = keys
                    .iter()
                    .fold(Request::new(info.full_name(), &arn), |r, k| {
                        r.with(k, INSTANCE)
                    });
                let outcome = simulate(policy, &request);
                if outcome.is_allowed() {
                    problems.push(format!(
                        "{name}: explain leaves out {} but simulate allows it on {arn}",
                        info.full_name(),
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn explain_agrees_with_simulate_over_the_managed_policies() {
    let c = catalog::bundled();
    let mut tally = Tally::default();
    let mut problems = Vec::new();
    for m in managed_policies() {
        let policy = Policy::parse(&m.document)
            .unwrap_or_else(|e| panic!("{}: a managed policy parses: {e}", m.name));
        tally.policies += 1;
        problems.extend(check(c, &m.name, &policy, &mut tally));
    }
    println!("{tally:?}");
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The check must have checked something on both sides.
    assert!(tally.grants_checked > 10_000, "{tally:?}");
    assert!(tally.dropped_checked > 100, "{tally:?}");
}

/// Issue 15: a variable whose key holds `/` or `:` in the resource part.
/// Explain dropped these grants while simulate allowed them.
#[test]
fn explain_keeps_grants_on_resources_with_variables() {
    let c = catalog::bundled();
    let tag = ("aws:PrincipalTag/DomainBucketName", "site");
    // (name, resource, action, request resource, request context, granted)
    #[rustfmt::skip]
    let cases = [
        ("tag key with slash, bucket", "arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}", "s3:ListBucket", "arn:aws:s3:::site", tag, true),
        ("tag key with slash, object", "arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}/*", "s3:GetObject", "arn:aws:s3:::site/k", tag, true),
        ("key with colon", "arn:aws:s3:::${aws:PrincipalTag/a:b}", "s3:ListBucket", "arn:aws:s3:::site", ("aws:PrincipalTag/a:b", "site"), true),
        // Only the resource part is substituted: this one never matches a role.
        ("variable in the account stays text", "arn:aws:iam::${aws:PrincipalAccount}:role/x", "iam:PassRole", "arn:aws:iam::123456789012:role/x", ("aws:PrincipalAccount", "123456789012"), false),
    ];
    for (name, resource, action, arn, (key, value), granted) in cases {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "{action}", "Resource": "{resource}"}}]}}"#
        );
        let policy = Policy::parse(&text).expect("the case parses");
        let e = explain(c, &policy);
        let explained = e.grants.iter().any(|g| g.name == action);
        assert_eq!(explained, granted, "{name}: explain");
        let request = Request::new(action, arn).with(key, value);
        assert_eq!(
            simulate(&policy, &request).is_allowed(),
            granted,
            "{name}: simulate"
        );
    }
}

#[test]
fn explain_names_statements_as_lint_does() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "Two", "Effect": "Allow", "NotAction": "s3:Nope", "Resource": "*"},
        {"Effect": "Allow", "Action": ["s3:GetObject", "nosuch:Thing"], "Resource": "*"}
    ]}"#;
    let path = std::env::temp_dir().join(format!("explain-naming-{}.json", std::process::id()));
    std::fs::write(&path, policy).expect("write the policy");
    let run = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_policy-builder"))
            .args(["explain", path.to_str().unwrap(), "--format", format])
            .output()
            .expect("run the CLI");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = run("text");
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("JSON output");
    let _ = std::fs::remove_file(&path);
    assert!(
        text.contains(
            "Statement[1] (Sid \"Two\") NotAction: s3:Nope matches no action in the catalog"
        ),
        "{text}"
    );
    assert!(
        text.contains("Statement[2] Action: nosuch:Thing matches no action in the catalog"),
        "{text}"
    );
    assert_eq!(
        json["unmatched"][0]["location"], "Statement[1] (Sid \"Two\") NotAction",
        "{json:#}"
    );
    assert_eq!(json["unmatched"][0]["statement"], 1, "{json:#}");
}
