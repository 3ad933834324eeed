//! Import: a pasted policy in; what it grants, what is risky, and a
//! narrower starting point in the builder out.
//!
//! The conversion into [`Choices`] never widens anything and never narrows
//! silently: exact actions are kept with their resources and conditions;
//! wildcard patterns, `NotAction` and `NotResource` are not converted but
//! listed, with what they grant, for the user to choose from in the builder.

use std::collections::BTreeMap;
use std::fmt;

use crate::catalog::{AccessLevel, Catalog};
use crate::choices::{ArnChoice, Choices, ConditionChoice, Group, ResourceChoice};
use crate::explain::{explain, Explanation};
use crate::lint::{lint, lint_trust, statement_name, Finding};
use crate::policy::{ActionSpec, ParseError, Policy, ResourceSpec};
use crate::secrets::{find_credential, CredentialMatch};
use crate::wildcard;

/// A pasted policy, understood.
#[derive(Clone, Debug)]
pub struct Imported {
    pub policy: Policy,
    pub findings: Vec<Finding>,
    pub explanation: Explanation,
    /// What could be carried into the builder.
    pub choices: Choices,
    /// What was not carried over, and why; each is a suggestion to confirm.
    pub left_out: Vec<String>,
    /// `*` resources that could be scoped, and how.
    pub scoping: Vec<String>,
}

impl Imported {
    /// The findings that make IAM refuse the policy as pasted, such as an
    /// unknown condition operator.
    pub fn rejected_by_iam(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.rule.is_rejected_by_iam())
    }
}

/// Why a paste could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// It holds something that looks like a credential: refused.
    Credential(CredentialMatch),
    /// It is not a policy document.
    Parse(ParseError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Credential(m) => f.write_str(&m.warning()),
            ImportError::Parse(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ImportError {}

/// Parses, lints, explains and converts pasted text.
pub fn import(catalog: &Catalog, text: &str) -> Result<Imported, ImportError> {
    if let Some(m) = find_credential(text) {
        return Err(ImportError::Credential(m));
    }
    // A role trust policy grants nothing itself: lint it, convert nothing.
    if let Some(findings) = lint_trust(text) {
        let policy = Policy::empty();
        return Ok(Imported {
            explanation: explain(catalog, &policy),
            policy,
            findings,
            choices: Choices::default(),
            left_out: vec![
                "a role trust policy (who may assume the role) grants no permissions: \
                 nothing to carry into the builder"
                    .to_string(),
            ],
            scoping: Vec::new(),
        });
    }
    let policy = Policy::parse(text).map_err(ImportError::Parse)?;
    let findings = lint(catalog, &policy);
    let explanation = explain(catalog, &policy);
    let (choices, left_out, scoping) = to_choices(catalog, &policy);
    Ok(Imported {
        policy,
        findings,
        explanation,
        choices,
        left_out,
        scoping,
    })
}

fn level_summary(catalog: &Catalog, pattern: &str) -> String {
    let mut counts: BTreeMap<AccessLevel, usize> = BTreeMap::new();
    for id in catalog.expand(pattern) {
        *counts
            .entry(catalog.action_info(id).access_level())
            .or_default() += 1;
    }
    counts
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn to_choices(catalog: &Catalog, policy: &Policy) -> (Choices, Vec<String>, Vec<String>) {
    let mut choices = Choices::default();
    let mut left_out = Vec::new();
    let mut scoping = Vec::new();
    if let Some(p) = policy.statements.iter().find_map(|st| match &st.resource {
        ResourceSpec::Resource(r) => r.iter().find_map(|a| a.split(':').nth(1)?.parse().ok()),
        ResourceSpec::NotResource(_) => None,
    }) {
        choices.partition = p;
    }
    for (i, st) in policy.statements.iter().enumerate() {
        let label = statement_name(i, st.sid.as_deref());
        let ActionSpec::Action(actions) = &st.action else {
            left_out.push(format!("{label}: NotAction grants every action but the ones listed; rebuild it from the actions the job needs"));
            continue;
        };
        let ResourceSpec::Resource(resources) = &st.resource else {
            left_out.push(format!("{label}: NotResource grants every resource but the ones listed; choose the resources instead"));
            continue;
        };
        let conditions: Vec<ConditionChoice> = st
            .condition
            .iter()
            .flat_map(|(op, keys)| {
                keys.iter().map(move |(k, v)| ConditionChoice {
                    operator: op.clone(),
                    key: k.clone(),
                    values: v.clone(),
                })
            })
            .collect();
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        for a in actions {
            if wildcard::has_wildcard(a) {
                let n = catalog.expand(a).len();
                let service = a.split_once(':').map_or("*", |(s, _)| s);
                let hint = if a == "*" || a.ends_with(":*") {
                    "choose the access levels the job needs".to_string()
                } else {
                    "pick the actions the job needs".to_string()
                };
                left_out.push(format!(
                    "{label}: {a} grants {n} actions today ({}); {hint} under {service} in the builder",
                    level_summary(catalog, a)
                ));
                continue;
            }
            let Some(id) = catalog.action(a) else {
                left_out.push(format!("{label}: {a} is not a known action"));
                continue;
            };
            let info = catalog.action_info(id);
            let group = groups.entry(info.service().to_string()).or_insert_with(|| {
                let mut g = Group::new(info.service());
                g.effect = st.effect;
                g.conditions = conditions.clone();
                g
            });
            group.actions.insert(info.name().to_string());
            for rt in info.resource_types() {
                for r in resources {
                    if r == "*" {
                        group
                            .resources
                            .insert(rt.name().to_string(), ResourceChoice::All);
                        scoping.push(format!(
                            "{label}: {} on * could be scoped to {} ({})",
                            info.full_name(),
                            rt.name(),
                            rt.arn()
                        ));
                    } else if crate::catalog::template_matches(rt.arn(), r) {
                        match group
                            .resources
                            .entry(rt.name().to_string())
                            .or_insert_with(|| ResourceChoice::Some(Vec::new()))
                        {
                            ResourceChoice::Some(list) => {
                                let item = ArnChoice::Arn(r.clone());
                                if !list.contains(&item) {
                                    list.push(item);
                                }
                            }
                            ResourceChoice::All => {}
                        }
                    }
                }
            }
        }
        choices.groups.extend(groups.into_values());
    }
    scoping.sort();
    scoping.dedup();
    (choices, left_out, scoping)
}
