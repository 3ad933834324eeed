//! Findings for a role's trust policy (`AssumeRolePolicyDocument`) that
//! trusts an OIDC web identity, such as a CI system's (issue 17).
//!
//! A trust policy has `Principal` and no `Resource`, which the
//! identity-policy model does not hold, so these checks read the JSON.

use serde_json::Value;

use super::{Finding, Location, Rule, Severity};

/// Whether `doc` is a role trust policy: a statement with a `Principal`
/// whose action is one of STS's `AssumeRole*` actions.
pub(crate) fn is_trust_policy(doc: &Value) -> bool {
    statements(doc).iter().any(|s| {
        s.get("Principal").is_some()
            && strings(s.get("Action"))
                .iter()
                .any(|a| a.to_ascii_lowercase().starts_with("sts:assumerole"))
    })
}

fn statements(doc: &Value) -> Vec<&Value> {
    match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The condition keys of a statement: (operator, key, values), with the key
/// as written.
fn conditions(s: &Value) -> Vec<(&str, &str, Vec<&str>)> {
    let mut out = Vec::new();
    if let Some(Value::Object(ops)) = s.get("Condition") {
        for (op, keys) in ops {
            if let Value::Object(keys) = keys {
                for (key, values) in keys {
                    out.push((op.as_str(), key.as_str(), strings(Some(values))));
                }
            }
        }
    }
    out
}

/// The provider host/path of an OIDC provider ARN
/// (`arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`).
fn oidc_host(principal_arn: &str) -> Option<&str> {
    principal_arn
        .split_once(":oidc-provider/")
        .map(|(_, host)| host)
}

/// Whether a `sub` pattern's first wildcard comes before the part that
/// names the repository, project or organisation, so that it admits others:
/// `repo:*`, `repo:org/*`, `project_path:group/*`, `org/ID/project/*`,
/// `*`. A wildcard after the repository (`repo:org/name:*`,
/// `.../user/*`, Bitbucket's `{REPO}:*`) only varies the ref or run.
fn is_wide_sub(pattern: &str) -> bool {
    let Some(star) = pattern.find(['*', '?']) else {
        return false;
    };
    let fixed = &pattern[..star];
    if let Some(rest) = fixed.strip_prefix("repo:") {
        // GitHub: repo:OWNER/NAME:...; the name must be whole before a ':'.
        return !rest
            .split_once('/')
            .is_some_and(|(_, after)| after.contains(':'));
    }
    if let Some(rest) = fixed.strip_prefix("project_path:") {
        return !rest.contains(":");
    }
    if fixed.starts_with("org/") {
        // CircleCI: org/ORG/project/PROJECT/user/USER.
        return !fixed.contains("/user/");
    }
    if fixed.starts_with('{') {
        // Bitbucket: {REPOSITORY-UUID}:...
        return !fixed.contains("}:");
    }
    true
}

/// Lints a trust policy.
pub(crate) fn check(doc: &Value, out: &mut Vec<Finding>) {
    for (index, s) in statements(doc).into_iter().enumerate() {
        let sid = s.get("Sid").and_then(Value::as_str).map(str::to_string);
        let at = |element: &str| Location {
            statement: Some(index),
            sid: sid.clone(),
            element: Some(element.to_string()),
            index: None,
        };
        let allow = s.get("Effect").and_then(Value::as_str) == Some("Allow");
        if !allow {
            continue;
        }
        let principal = s.get("Principal");
        if principal.and_then(Value::as_str) == Some("*")
            || principal
                .and_then(|p| p.get("AWS"))
                .is_some_and(|aws| strings(Some(aws)).contains(&"*"))
        {
            out.push(Finding::new(
                Rule::TrustPrincipalStar,
                Severity::Security,
                at("Principal"),
                "Principal \"*\": anyone in any AWS account can assume this role",
            ));
        }
        let federated: Vec<&str> = principal
            .and_then(|p| p.get("Federated"))
            .map(|f| strings(Some(f)))
            .unwrap_or_default();
        let hosts: Vec<&str> = federated.iter().filter_map(|f| oidc_host(f)).collect();
        if hosts.is_empty() {
            continue;
        }
        let actions = strings(s.get("Action"));
        if actions
            .iter()
            .any(|a| a.eq_ignore_ascii_case("sts:AssumeRole"))
        {
            out.push(
                Finding::new(
                    Rule::TrustAssumeRoleForWebIdentity,
                    Severity::Security,
                    at("Action"),
                    "sts:AssumeRole with a Federated OIDC principal: a web identity token calls sts:AssumeRoleWithWebIdentity",
                )
                .with_fix("sts:AssumeRoleWithWebIdentity"),
            );
        }
        let conds = conditions(s);
        for host in hosts {
            let key = |claim: &str| format!("{host}:{claim}");
            let of = |claim: &str| {
                let k = key(claim);
                conds
                    .iter()
                    .filter(move |(_, ck, _)| ck.eq_ignore_ascii_case(&k))
                    .collect::<Vec<_>>()
            };
            if of("aud").is_empty() {
                out.push(Finding::new(
                    Rule::TrustMissingAud,
                    Severity::Security,
                    at("Condition"),
                    format!("no {} condition: a token this provider issued for another audience is accepted", key("aud")),
                ));
            }
            let subs = of("sub");
            if subs.is_empty() {
                out.push(Finding::new(
                    Rule::TrustMissingSub,
                    Severity::Security,
                    at("Condition"),
                    format!(
                        "no {} condition: any repository on this provider can assume the role",
                        key("sub")
                    ),
                ));
            }
            for (op, ck, values) in subs {
                let element = format!("Condition.{op}.{ck}");
                let like = op.to_ascii_lowercase().contains("like");
                for v in values {
                    if like && is_wide_sub(v) {
                        out.push(Finding::new(
                            Rule::TrustSubWildcard,
                            Severity::Security,
                            at(&element),
                            format!("{v:?} admits other repositories, organisations or forks: pin the whole repository before any wildcard"),
                        ));
                    }
                }
            }
        }
        for (op, ck, values) in &conds {
            let like = op.to_ascii_lowercase().ends_with("stringlike");
            if like && values.iter().all(|v| !v.contains(['*', '?'])) {
                out.push(
                    Finding::new(
                        Rule::TrustStringLikeWithoutWildcard,
                        Severity::Warning,
                        at(&format!("Condition.{op}.{ck}")),
                        "StringLike without a wildcard: StringEquals says the match is exact",
                    )
                    .with_fix(op.replace("StringLike", "StringEquals")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arn::Partition;
    use crate::trust::{build, CiProvider, TrustRequest};

    const GH: &str = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

    fn doc(principal: Value, action: &str, condition: Value) -> Value {
        serde_json::json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": principal, "Action": action, "Condition": condition}]})
    }

    fn rules(d: &Value) -> Vec<(Rule, Severity)> {
        let mut out = Vec::new();
        check(d, &mut out);
        out.into_iter().map(|f| (f.rule, f.severity)).collect()
    }

    #[test]
    fn bad_trust_policies_are_flagged() {
        let fed = serde_json::json!({"Federated": GH});
        let aud = "token.actions.githubusercontent.com:aud";
        let sub = "token.actions.githubusercontent.com:sub";
        type Case = (&'static str, Value, Vec<(Rule, Severity)>);
        let cases: Vec<Case> = vec![
            (
                "missing sub",
                doc(
                    fed.clone(),
                    "sts:AssumeRoleWithWebIdentity",
                    serde_json::json!({"StringEquals": {aud: "sts.amazonaws.com"}}),
                ),
                vec![(Rule::TrustMissingSub, Severity::Security)],
            ),
            (
                "missing aud",
                doc(
                    fed.clone(),
                    "sts:AssumeRoleWithWebIdentity",
                    serde_json::json!({"StringEquals": {sub: "repo:o/r:ref:refs/heads/main"}}),
                ),
                vec![(Rule::TrustMissingAud, Severity::Security)],
            ),
            (
                "repo:*",
                doc(
                    fed.clone(),
                    "sts:AssumeRoleWithWebIdentity",
                    serde_json::json!({"StringEquals": {aud: "sts.amazonaws.com"}, "StringLike": {sub: "repo:*"}}),
                ),
                vec![(Rule::TrustSubWildcard, Severity::Security)],
            ),
            (
                "repo:org/*",
                doc(
                    fed.clone(),
                    "sts:AssumeRoleWithWebIdentity",
                    serde_json::json!({"StringEquals": {aud: "sts.amazonaws.com"}, "StringLike": {sub: "repo:org/*"}}),
                ),
                vec![(Rule::TrustSubWildcard, Severity::Security)],
            ),
            (
                "repo:org/app* admits app-fork",
                doc(
                    fed.clone(),
                    "sts:AssumeRoleWithWebIdentity",
                    serde_json::json!({"StringEquals": {aud: "sts.amazonaws.com"}, "StringLike": {sub: "repo:org/app*"}}),
                ),
                vec![(Rule::TrustSubWildcard, Severity::Security)],
            ),
            (
                "project_path:group/*",
                doc(
                    serde_json::json!({"Federated": "arn:aws:iam::123456789012:oidc-provider/gitlab.com"}),
                    "sts:AssumeRoleWithWebIdentity",
                    serde_json::json!({"StringEquals": {"gitlab.com:aud": "https://gitlab.com"}, "StringLike": {"gitlab.com:sub": "project_path:group/*"}}),
                ),
                vec![(Rule::TrustSubWildcard, Severity::Security)],
            ),
            (
                "StringLike without wildcard",
                doc(
                    fed.clone(),
                    "sts:AssumeRoleWithWebIdentity",
                    serde_json::json!({"StringEquals": {aud: "sts.amazonaws.com"}, "StringLike": {sub: "repo:o/r:ref:refs/heads/main"}}),
                ),
                vec![(Rule::TrustStringLikeWithoutWildcard, Severity::Warning)],
            ),
            (
                "Principal *",
                doc(
                    serde_json::json!("*"),
                    "sts:AssumeRole",
                    serde_json::json!({}),
                ),
                vec![(Rule::TrustPrincipalStar, Severity::Security)],
            ),
            (
                "AssumeRole for web identity",
                doc(
                    fed.clone(),
                    "sts:AssumeRole",
                    serde_json::json!({"StringEquals": {aud: "sts.amazonaws.com", sub: "repo:o/r:ref:refs/heads/main"}}),
                ),
                vec![(Rule::TrustAssumeRoleForWebIdentity, Severity::Security)],
            ),
            (
                "branch wildcard after the repo is fine",
                doc(
                    fed.clone(),
                    "sts:AssumeRoleWithWebIdentity",
                    serde_json::json!({"StringEquals": {aud: "sts.amazonaws.com"}, "StringLike": {sub: "repo:o/r:*"}}),
                ),
                vec![],
            ),
        ];
        for (name, d, want) in cases {
            assert!(
                is_trust_policy(&d),
                "{name}: not detected as a trust policy"
            );
            assert_eq!(rules(&d), want, "{name}");
        }
    }

    #[test]
    fn generated_trust_policies_have_no_findings() {
        let cases: &[(CiProvider, &[(&str, &str)])] = &[
            (
                CiProvider::GitHub,
                &[("repo", "o/r"), ("ref", "refs/heads/main")],
            ),
            (
                CiProvider::GitHub,
                &[("repo", "o/r"), ("environment", "prod")],
            ),
            (CiProvider::GitLab, &[("project", "g/p"), ("ref", "main")]),
            (
                CiProvider::Bitbucket,
                &[
                    ("workspace", "a"),
                    ("workspace-uuid", "{6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11}"),
                    ("repository-uuid", "{0c2f1d6e-5b7a-4e0f-8d3c-9a1b2c3d4e5f}"),
                ],
            ),
            (
                CiProvider::Bitbucket,
                &[
                    ("workspace", "a"),
                    ("workspace-uuid", "{6a7a6bd4-2c1c-4b3e-9a7e-2f7b1c1d0e11}"),
                    ("repository-uuid", "{0c2f1d6e-5b7a-4e0f-8d3c-9a1b2c3d4e5f}"),
                    ("environment-uuid", "{9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a}"),
                ],
            ),
            (
                CiProvider::CircleCi,
                &[
                    ("org-id", "11111111-2222-3333-4444-555555555555"),
                    ("project-id", "66666666-7777-8888-9999-000000000000"),
                ],
            ),
        ];
        for (provider, params) in cases {
            let req = TrustRequest {
                provider: *provider,
                params: params
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                partition: Partition::Aws,
                account: "123456789012".to_string(),
            };
            let d: Value =
                serde_json::from_str(&build(&req).unwrap().trust_policy.to_json()).unwrap();
            assert!(is_trust_policy(&d), "{provider}");
            assert_eq!(rules(&d), vec![], "{provider} {params:?}");
        }
    }

    #[test]
    fn identity_policies_are_not_trust_policies() {
        let d = serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]});
        assert!(!is_trust_policy(&d));
    }
}
