//! The generator: choices in, the smallest correct policy out.
//!
//! Rules it keeps:
//! - every action gets exactly the resources of the resource types it
//!   accepts; actions with no resource type get `"Resource": "*"`;
//! - actions that share the same effect, resources and conditions share one
//!   statement, and statements that differ only in resources are merged;
//! - nothing the user did not choose is ever added: dependent actions from
//!   the catalog come back as [`Suggestion`]s, never in the policy;
//! - the output is deterministic: the same choices print byte-identical JSON.

mod minimize;
mod sid;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::arn::{self, ArnTemplate};
use crate::catalog::{AccessLevel, ActionId, Catalog};
use crate::choices::{ArnChoice, Choices, ResourceChoice};
use crate::policy::{ActionSpec, Condition, Effect, Policy, ResourceSpec, Statement};

pub use minimize::{compress, minimize, MinimizeError};

/// A generated policy with what the user should know about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    pub policy: Policy,
    /// Actions the catalog says the chosen ones depend on, not added.
    pub suggestions: Vec<Suggestion>,
    /// Things worth saying that are not errors.
    pub notes: Vec<String>,
}

/// A dependent action the catalog names, offered and never added.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Suggestion {
    /// The action to consider adding, e.g. `kms:GenerateDataKey`.
    pub action: String,
    /// The chosen action that needs it.
    pub needed_by: String,
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} may also need {} (a dependent action in the Service Authorization Reference); it was not added",
            self.needed_by, self.action
        )
    }
}

/// Why choices could not become a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateError {
    /// The index of the group in [`Choices::groups`] at fault.
    pub group: usize,
    pub kind: GenerateErrorKind,
}

/// What was wrong with a group.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenerateErrorKind {
    /// The service prefix is not in the catalog.
    UnknownService(String),
    /// The action is not in the service.
    UnknownAction {
        action: String,
        suggestion: Option<String>,
    },
    /// The resource type is not one of the service's.
    UnknownResourceType(String),
    /// The action accepts resource types, and none of them (or not all of
    /// its required ones) were given. The generator never falls back to `*`.
    MissingResource {
        action: String,
        resource_types: Vec<String>,
    },
    /// A resource value breaks a rule.
    BadResource(arn::ArnError),
    /// The global account or region breaks a rule.
    BadScope(arn::ArnError),
    /// A condition has no key, no operator or no value.
    BadCondition(String),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            GenerateErrorKind::UnknownService(s) => write!(f, "unknown service prefix `{s}`"),
            GenerateErrorKind::UnknownAction { action, suggestion } => {
                write!(f, "unknown action `{action}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            GenerateErrorKind::UnknownResourceType(t) => write!(f, "unknown resource type `{t}`"),
            GenerateErrorKind::MissingResource {
                action,
                resource_types,
            } => write!(
                f,
                "{action} needs resources: choose {} (or explicitly all resources)",
                resource_types
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            GenerateErrorKind::BadResource(e) | GenerateErrorKind::BadScope(e) => e.fmt(f),
            GenerateErrorKind::BadCondition(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Choices → policy. See [`generate_with_notes`] for the suggestions.
pub fn generate(catalog: &Catalog, choices: &Choices) -> Result<Policy, GenerateError> {
    generate_with_notes(catalog, choices).map(|g| g.policy)
}

/// The statement key: actions sharing it share a statement.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    effect: EffectOrd,
    resources: BTreeSet<String>,
    condition: Condition,
}

/// Allow sorts before Deny.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum EffectOrd {
    Allow,
    Deny,
}

/// Choices → policy, with suggestions and notes.
pub fn generate_with_notes(
    catalog: &Catalog,
    choices: &Choices,
) -> Result<Generated, GenerateError> {
    let scope = Scope::new(choices)?;
    let mut statements: BTreeMap<Key, BTreeSet<ActionId>> = BTreeMap::new();
    let mut suggestions = BTreeSet::new();
    let mut notes = Vec::new();

    for (gi, group) in choices.groups.iter().enumerate() {
        let err = |kind| GenerateError { group: gi, kind };
        if group.is_empty() {
            continue;
        }
        let service = catalog
            .service(&group.service)
            .ok_or_else(|| err(GenerateErrorKind::UnknownService(group.service.clone())))?;
        let prefix = service.prefix().to_string();

        let mut actions: BTreeSet<ActionId> = BTreeSet::new();
        for level in &group.levels {
            actions.extend(catalog.actions_of(&prefix, Some(*level)));
        }
        for name in &group.actions {
            let full = format!("{prefix}:{name}");
            let id = catalog.action(&full).ok_or_else(|| {
                err(GenerateErrorKind::UnknownAction {
                    suggestion: catalog.suggest_action(&full),
                    action: full.clone(),
                })
            })?;
            actions.insert(id);
        }

        // Resource type name (lowercase) → the ARNs chosen for it.
        let mut arns_by_type: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (type_name, choice) in &group.resources {
            let rt = catalog
                .resource_type(&prefix, type_name)
                .ok_or_else(|| err(GenerateErrorKind::UnknownResourceType(type_name.clone())))?;
            let arns = match choice {
                ResourceChoice::All => BTreeSet::from(["*".to_string()]),
                ResourceChoice::Some(list) => {
                    let template: ArnTemplate = rt
                        .arn()
                        .parse()
                        .map_err(|e| err(GenerateErrorKind::BadResource(e)))?;
                    let mut out = BTreeSet::new();
                    for item in list {
                        out.insert(
                            scope
                                .build(&template, item)
                                .map_err(|e| err(GenerateErrorKind::BadResource(e)))?,
                        );
                    }
                    out
                }
            };
            // An empty list chooses nothing: the actions that need this type
            // then report it missing, rather than printing `"Resource": []`,
            // which IAM rejects (found by fuzzing `choices_pipeline`).
            if !arns.is_empty() {
                arns_by_type.insert(rt.name().to_ascii_lowercase(), arns);
            }
        }

        let condition =
            condition_of(&group.conditions).map_err(|m| err(GenerateErrorKind::BadCondition(m)))?;

        for id in actions {
            let action = catalog.action_info(id);
            let types = action.resource_types();
            let resources: BTreeSet<String> = if types.is_empty() {
                BTreeSet::from(["*".to_string()])
            } else {
                let chosen: Vec<_> = types
                    .iter()
                    .filter(|t| arns_by_type.contains_key(&t.name().to_ascii_lowercase()))
                    .collect();
                let missing_required = types.iter().any(|t| {
                    t.required() && !arns_by_type.contains_key(&t.name().to_ascii_lowercase())
                });
                if chosen.is_empty() || missing_required {
                    return Err(err(GenerateErrorKind::MissingResource {
                        action: action.full_name(),
                        resource_types: types.iter().map(|t| t.name().to_string()).collect(),
                    }));
                }
                let mut all: BTreeSet<String> = chosen
                    .iter()
                    .flat_map(|t| arns_by_type[&t.name().to_ascii_lowercase()].iter().cloned())
                    .collect();
                if all.contains("*") {
                    all = BTreeSet::from(["*".to_string()]);
                }
                all
            };
            for dep in action.dependent_actions() {
                suggestions.insert(Suggestion {
                    action: dep.to_string(),
                    needed_by: action.full_name(),
                });
            }
            // A condition applies to the actions whose requests carry its
            // key (their own keys, their resource types' keys, or a global
            // `aws:` key). On any other action it could never match, so the
            // action would be granted in name only: it is left off there,
            // and a note says so.
            let mut own = condition.clone();
            for keys in own.values_mut() {
                keys.retain(|k, _| {
                    let keep = action.supports_condition_key(k);
                    if !keep {
                        notes.push(format!(
                            "The condition on {k} does not apply to {} (its requests never carry that key), so it was applied only to the group's actions that support it",
                            action.full_name()
                        ));
                    }
                    keep
                });
            }
            own.retain(|_, keys| !keys.is_empty());
            let key = Key {
                effect: match group.effect {
                    Effect::Allow => EffectOrd::Allow,
                    Effect::Deny => EffectOrd::Deny,
                },
                resources,
                condition: own,
            };
            statements.entry(key).or_default().insert(id);
        }
    }

    // A suggestion already chosen is no suggestion.
    let chosen: BTreeSet<String> = statements
        .values()
        .flatten()
        .map(|id| catalog.action_info(*id).full_name().to_ascii_lowercase())
        .collect();
    let suggestions: Vec<Suggestion> = suggestions
        .into_iter()
        .filter(|s| !chosen.contains(&s.action.to_ascii_lowercase()))
        .collect();

    let mut out: Vec<(Key, Vec<String>, Vec<AccessLevel>)> = merge_resources(statements)
        .into_iter()
        .map(|(key, ids)| {
            let mut names: Vec<String> = ids
                .iter()
                .map(|id| catalog.action_info(*id).full_name())
                .collect();
            names.sort_by_key(|n| n.to_ascii_lowercase());
            let levels: Vec<AccessLevel> = ids
                .iter()
                .map(|id| catalog.action_info(*id).access_level())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            (key, names, levels)
        })
        .collect();
    // Allow before Deny; then by first action, then by resources.
    out.sort_by(|a, b| (a.0.effect, &a.1, &a.0.resources).cmp(&(b.0.effect, &b.1, &b.0.resources)));

    let mut used_sids = BTreeSet::new();
    let mut policy = Policy::empty();
    for (key, names, levels) in out {
        let effect = match key.effect {
            EffectOrd::Allow => Effect::Allow,
            EffectOrd::Deny => Effect::Deny,
        };
        let sid = sid::make(
            catalog,
            effect,
            &names,
            &levels,
            &key.resources,
            &mut used_sids,
        );
        if effect == Effect::Allow && key.resources.contains("*") {
            let wide: Vec<&String> = names
                .iter()
                .filter(|n| {
                    catalog
                        .action(n)
                        .is_some_and(|id| !catalog.action_info(id).resource_types().is_empty())
                })
                .collect();
            if !wide.is_empty() {
                notes.push(format!(
                    "Statement {sid} grants {} on all resources because you chose \"all\"",
                    wide.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        policy.statements.push(Statement {
            sid: Some(sid),
            effect,
            action: ActionSpec::Action(names),
            resource: ResourceSpec::Resource(key.resources.into_iter().collect()),
            condition: key.condition,
        });
    }

    Ok(Generated {
        policy,
        suggestions,
        notes,
    })
}

/// Statements with the same effect, condition and actions that differ only
/// in resources become one, with the union of the resources (`*` if either
/// has it), as the IAM console prints them.
///
/// It never widens: each action is allowed (or denied) on a resource in the
/// merged statement exactly when one of the originals did, because both
/// had that action and the same condition. It is always smaller: the actions,
/// effect and condition are printed once instead of twice. Only `Action` +
/// `Resource` statements are built here, so `NotAction`/`NotResource` never
/// merge. The result is keyed like its input, so the order stays
/// deterministic.
fn merge_resources(
    mut statements: BTreeMap<Key, BTreeSet<ActionId>>,
) -> BTreeMap<Key, BTreeSet<ActionId>> {
    // Each pass joins equal action sets by resources, then equal resource
    // sets by actions ((A1 ∪ A2) on R grants exactly A1 on R and A2 on R).
    // That can make a new equal action set, so repeat until nothing
    // changes; every pass that changes something removes a statement.
    loop {
        let before = statements.len();
        let mut by_actions: BTreeMap<(EffectOrd, Condition, BTreeSet<ActionId>), BTreeSet<String>> =
            BTreeMap::new();
        for (key, ids) in statements {
            by_actions
                .entry((key.effect, key.condition, ids))
                .or_default()
                .extend(key.resources);
        }
        statements = BTreeMap::new();
        for ((effect, condition, ids), mut resources) in by_actions {
            if resources.contains("*") {
                resources = BTreeSet::from(["*".to_string()]);
            }
            statements
                .entry(Key {
                    effect,
                    resources,
                    condition,
                })
                .or_default()
                .extend(ids);
        }
        if statements.len() == before {
            return statements;
        }
    }
}

fn condition_of(choices: &[crate::choices::ConditionChoice]) -> Result<Condition, String> {
    let mut out = Condition::new();
    for c in choices {
        if c.operator.trim().is_empty() {
            return Err(format!("the condition on {} has no operator", c.key));
        }
        if c.key.trim().is_empty() {
            return Err(format!("a {} condition has no key", c.operator));
        }
        let values: Vec<String> = c
            .values
            .iter()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            return Err(format!(
                "the condition {} {} has no value",
                c.operator, c.key
            ));
        }
        let slot = out
            .entry(c.operator.clone())
            .or_default()
            .entry(c.key.clone())
            .or_default();
        slot.extend(values);
        slot.sort();
        slot.dedup();
    }
    Ok(out)
}

/// The global values every ARN shares.
struct Scope<'a> {
    partition: String,
    account: Option<&'a str>,
    region: Option<&'a str>,
}

impl<'a> Scope<'a> {
    fn new(choices: &'a Choices) -> Result<Scope<'a>, GenerateError> {
        let bad = |e| GenerateError {
            group: 0,
            kind: GenerateErrorKind::BadScope(e),
        };
        let account = choices.account.as_deref().filter(|s| !s.is_empty());
        if let Some(a) = account {
            arn::validate_account(a).map_err(bad)?;
        }
        let region = choices.region.as_deref().filter(|s| !s.is_empty());
        if let Some(r) = region {
            arn::validate_region(choices.partition, r).map_err(bad)?;
        }
        Ok(Scope {
            partition: choices.partition.to_string(),
            account,
            region,
        })
    }

    fn build(&self, template: &ArnTemplate, item: &ArnChoice) -> Result<String, arn::ArnError> {
        match item {
            ArnChoice::Arn(s) => {
                arn::validate_arn(s)?;
                Ok(s.clone())
            }
            ArnChoice::Values(values) => {
                let mut all = values.clone();
                // The partition is set once, globally: never per resource.
                all.insert("Partition".into(), self.partition.clone());
                if let Some(a) = self.account {
                    all.entry("Account".into()).or_insert_with(|| a.to_string());
                }
                if let Some(r) = self.region {
                    all.entry("Region".into()).or_insert_with(|| r.to_string());
                }
                template.fill(&all)
            }
        }
    }
}
