//! What a command, an error or an event needs: one action on exact
//! resources, with the line that asks for it. [`to_choices`] turns a list of
//! them into [`Choices`] for the generator, one group per distinct set of
//! resources and conditions, so no action gets a resource another one asked
//! for.

use std::collections::{BTreeMap, BTreeSet};

use crate::arn::Partition;
use crate::choices::{ArnChoice, Choices, ConditionChoice, Group, ResourceChoice};
use crate::recipe::Reason;

/// One action a job needs, scoped as the job's text says.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grant {
    /// As the catalog spells it: `s3:PutObject`.
    pub action: String,
    /// Resource type name (`object`) → the resources of that type. Empty
    /// only for an action that has no resource type (it gets `*`).
    pub resources: BTreeMap<String, BTreeSet<ArnChoice>>,
    /// Conditions on this action (`StringLike` `s3:prefix`).
    pub conditions: Vec<ConditionChoice>,
    /// Why: `line 3: aws s3 sync dist/ s3://my-site --delete`.
    pub reason: String,
}

/// Grants as choices, with each action's reasons.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Granted {
    pub choices: Choices,
    /// `s3:PutObject` → why, once per line that needs it.
    pub reasons: BTreeMap<String, Vec<Reason>>,
}

/// Builds choices that give each grant's action exactly its resources.
///
/// Grants with the same action, service and conditions have their resources
/// unioned; actions whose resources and conditions are then equal share a
/// group. The account, region and partition fill the ARN templates.
pub fn to_choices(
    grants: &[Grant],
    partition: Partition,
    account: Option<&str>,
    region: Option<&str>,
) -> Granted {
    // (action, conditions) → resources.
    type Scoped = BTreeMap<String, BTreeSet<ArnChoice>>;
    let mut per_action: BTreeMap<(String, Vec<ConditionChoice>), Scoped> = BTreeMap::new();
    let mut reasons: BTreeMap<String, Vec<Reason>> = BTreeMap::new();
    for g in grants {
        let mut conditions = g.conditions.clone();
        conditions.sort();
        conditions.dedup();
        let slot = per_action
            .entry((g.action.clone(), conditions))
            .or_default();
        for (rt, list) in &g.resources {
            slot.entry(rt.clone())
                .or_default()
                .extend(list.iter().cloned());
        }
        let why = reasons.entry(g.action.clone()).or_default();
        if !why.iter().any(|r| r.reason == g.reason) {
            why.push(Reason {
                reason: g.reason.clone(),
                source: None,
            });
        }
    }
    // One condition with the same operator and key on the same resources,
    // from two lines (`s3:prefix` "js/" and "jsdev/"), is one condition with
    // both values: a value list is the union of its values, so nothing
    // widens.
    let mut single: BTreeMap<(String, Scoped, String, String), BTreeSet<String>> = BTreeMap::new();
    let mut rest: BTreeMap<(String, Vec<ConditionChoice>), Scoped> = BTreeMap::new();
    for ((action, conditions), resources) in per_action {
        match conditions.as_slice() {
            // ForAllValues of [a] or of [b] is not ForAllValues of [a, b].
            [c] if !c.operator.starts_with("ForAllValues:") => {
                single
                    .entry((action, resources, c.operator.clone(), c.key.clone()))
                    .or_default()
                    .extend(c.values.iter().cloned());
            }
            _ => {
                rest.insert((action, conditions), resources);
            }
        }
    }
    let mut per_action: Vec<((String, Vec<ConditionChoice>), Scoped)> = rest.into_iter().collect();
    for ((action, resources, operator, key), values) in single {
        let c = ConditionChoice {
            operator,
            key,
            values: values.into_iter().collect(),
        };
        per_action.push(((action, vec![c]), resources));
    }
    // (service, resources, conditions) → action names.
    let mut groups: BTreeMap<(String, Scoped, Vec<ConditionChoice>), BTreeSet<String>> =
        BTreeMap::new();
    for ((action, conditions), resources) in per_action {
        let (service, name) = action.split_once(':').unwrap_or(("", action.as_str()));
        groups
            .entry((service.to_string(), resources, conditions))
            .or_default()
            .insert(name.to_string());
    }
    let groups = groups
        .into_iter()
        .map(|((service, resources, conditions), actions)| {
            let mut g = Group::new(&service);
            g.actions = actions;
            g.resources = resources
                .into_iter()
                .map(|(rt, list)| (rt, ResourceChoice::Some(list.into_iter().collect())))
                .collect();
            g.conditions = conditions;
            g
        })
        .collect();
    Granted {
        choices: Choices {
            partition,
            account: account.filter(|a| !a.is_empty()).map(str::to_string),
            region: region.filter(|r| !r.is_empty()).map(str::to_string),
            groups,
        },
        reasons,
    }
}

/// `choices` with groups added for `grants`, in its scope: what the builder
/// shows after an AccessDenied error's missing action is added to it.
/// Nothing already chosen changes.
pub fn with_grants(choices: &Choices, grants: &[Grant]) -> Choices {
    let added = to_choices(
        grants,
        choices.partition,
        choices.account.as_deref(),
        choices.region.as_deref(),
    );
    let mut out = choices.clone();
    out.groups.extend(added.choices.groups);
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::{catalog, generate};

    fn values(pairs: &[(&str, &str)]) -> ArnChoice {
        ArnChoice::Values(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn grant(action: &str, rt: &str, arn: ArnChoice, line: usize) -> Grant {
        Grant {
            action: action.into(),
            resources: BTreeMap::from([(rt.to_string(), BTreeSet::from([arn]))]),
            conditions: Vec::new(),
            reason: format!("line {line}"),
        }
    }

    #[test]
    fn each_action_keeps_only_its_own_resources() {
        let site = values(&[("BucketName", "bucket-b"), ("ObjectName", "site/*")]);
        let logs = values(&[("BucketName", "bucket-b"), ("ObjectName", "logs/*")]);
        let grants = [
            grant("s3:PutObject", "object", site.clone(), 1),
            grant("s3:DeleteObject", "object", site, 1),
            grant("s3:GetObject", "object", logs, 2),
        ];
        let g = to_choices(&grants, Partition::Aws, None, None);
        assert_eq!(g.choices.groups.len(), 2, "{:?}", g.choices.groups);
        let json = generate::generate(catalog::bundled(), &g.choices)
            .unwrap()
            .to_json();
        let policy: serde_json::Value = serde_json::from_str(&json).unwrap();
        let statements = policy["Statement"].as_array().unwrap();
        for s in statements {
            let actions = s["Action"].to_string();
            let resource = s["Resource"].to_string();
            if actions.contains("GetObject") {
                assert!(!actions.contains("PutObject"), "{json}");
                assert_eq!(resource, "\"arn:aws:s3:::bucket-b/logs/*\"", "{json}");
            } else {
                assert_eq!(resource, "\"arn:aws:s3:::bucket-b/site/*\"", "{json}");
            }
        }
        assert_eq!(g.reasons["s3:PutObject"][0].reason, "line 1");
    }

    #[test]
    fn the_same_action_on_two_lines_has_both_resources_and_both_reasons() {
        let a = values(&[("BucketName", "b"), ("ObjectName", "a.js")]);
        let b = values(&[("BucketName", "b"), ("ObjectName", "b.js")]);
        let grants = [
            grant("s3:PutObject", "object", a, 1),
            grant("s3:PutObject", "object", b, 4),
        ];
        let g = to_choices(&grants, Partition::Aws, None, None);
        assert_eq!(g.choices.groups.len(), 1);
        let ResourceChoice::Some(list) = &g.choices.groups[0].resources["object"] else {
            panic!("not a list");
        };
        assert_eq!(list.len(), 2);
        let why: Vec<&str> = g.reasons["s3:PutObject"]
            .iter()
            .map(|r| r.reason.as_str())
            .collect();
        assert_eq!(why, ["line 1", "line 4"]);
    }
}
