//! The explainer: what a policy really grants, wildcards expanded against
//! the catalog.
//!
//! `Action` patterns are expanded (`s3:Get*` → every `s3:Get…` action),
//! `NotAction` becomes every catalog action it does not match, and each
//! grant keeps the resources and conditions of the statement that gives it.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{AccessLevel, ActionId, Catalog};
use crate::lint::Location;
use crate::policy::{ActionSpec, Condition, Effect, Policy, ResourceSpec, VERSION};
use crate::simulate::has_resource_variable;
use crate::wildcard;

/// What a policy grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// One entry per granted action, sorted by name.
    pub grants: Vec<Grant>,
    /// Granted actions per access level.
    pub counts: BTreeMap<AccessLevel, usize>,
    /// `Action`/`NotAction` entries that match no catalog action.
    pub unmatched: Vec<Unmatched>,
}

/// One action and every way the policy allows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub action: ActionId,
    /// `s3:PutObject`.
    pub name: String,
    pub access_level: AccessLevel,
    /// One scope per Allow statement that grants the action.
    pub scopes: Vec<Scope>,
    /// Whether some Deny statement can match this action.
    pub denied: Denied,
}

/// How much of a grant Deny statements take back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    /// No Deny statement names the action.
    No,
    /// A Deny names the action, on some resources or under conditions.
    Partly,
    /// A Deny with no condition on `*` takes it back entirely.
    Fully,
}

/// Where and when one statement grants an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// The statement's index.
    pub statement: usize,
    pub sid: Option<String>,
    pub resources: Resources,
    pub condition: Condition,
}

/// The resources of a grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resources {
    /// The listed ARNs and patterns.
    Only(Vec<String>),
    /// Everything but the listed ones (`NotResource`).
    AllExcept(Vec<String>),
}

/// A name in `Action` or `NotAction` that matches nothing in the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmatched {
    pub statement: usize,
    pub sid: Option<String>,
    /// `Action` or `NotAction`.
    pub element: &'static str,
    pub pattern: String,
}

impl Unmatched {
    /// Where it is, named as the linter names it: `Statement[0] (Sid X)
    /// Action`.
    pub fn location(&self) -> Location {
        Location {
            statement: Some(self.statement),
            sid: self.sid.clone(),
            element: Some(self.element.to_string()),
            index: None,
        }
    }
}

impl Grant {
    /// Whether this grant reaches every resource (`*`, or `NotResource`)
    /// although the action supports resource-level permissions.
    pub fn is_wildcard_resource(&self, catalog: &Catalog) -> bool {
        let scoped = !catalog.action_info(self.action).resource_types().is_empty();
        scoped
            && self.scopes.iter().any(|s| match &s.resources {
                Resources::Only(list) => list.iter().any(|r| r == "*"),
                Resources::AllExcept(_) => true,
            })
    }

    /// Whether it is a permissions-management action.
    pub fn is_permissions_management(&self) -> bool {
        self.access_level == AccessLevel::PermissionsManagement
    }

    /// Whether some scope has no condition.
    pub fn is_unconditional(&self) -> bool {
        self.scopes.iter().any(|s| s.condition.is_empty())
    }
}

impl Explanation {
    /// The number of distinct actions granted.
    pub fn total(&self) -> usize {
        self.grants.len()
    }

    /// Grants of permissions-management actions.
    pub fn permissions_management(&self) -> impl Iterator<Item = &Grant> {
        self.grants.iter().filter(|g| g.is_permissions_management())
    }

    /// Grants on every resource of actions that could have been scoped.
    pub fn wildcard_resource<'a>(
        &'a self,
        catalog: &'a Catalog,
    ) -> impl Iterator<Item = &'a Grant> + 'a {
        self.grants
            .iter()
            .filter(move |g| g.is_wildcard_resource(catalog))
    }
}

/// The catalog actions a statement's `Action`/`NotAction` covers.
pub fn actions_of(catalog: &Catalog, spec: &ActionSpec) -> BTreeSet<ActionId> {
    match spec {
        ActionSpec::Action(list) => list.iter().flat_map(|p| catalog.expand(p)).collect(),
        ActionSpec::NotAction(list) => {
            let excluded: BTreeSet<ActionId> =
                list.iter().flat_map(|p| catalog.expand(p)).collect();
            catalog
                .expand("*")
                .into_iter()
                .filter(|id| !excluded.contains(id))
                .collect()
        }
    }
}

/// Expands `policy` into exactly what it grants.
pub fn explain(catalog: &Catalog, policy: &Policy) -> Explanation {
    let mut grants: BTreeMap<ActionId, Vec<Scope>> = BTreeMap::new();
    let mut denied: BTreeMap<ActionId, Denied> = BTreeMap::new();
    let mut unmatched = Vec::new();
    // Policy variables exist only in version 2012-10-17 (as in `simulate`).
    let variables = policy.version.as_deref() == Some(VERSION);

    for (i, st) in policy.statements.iter().enumerate() {
        let (element, names) = match &st.action {
            ActionSpec::Action(l) => ("Action", l),
            ActionSpec::NotAction(l) => ("NotAction", l),
        };
        for p in names {
            if catalog.expand(p).is_empty() {
                unmatched.push(Unmatched {
                    statement: i,
                    sid: st.sid.clone(),
                    element,
                    pattern: p.clone(),
                });
            }
        }
        let actions = actions_of(catalog, &st.action);
        match st.effect {
            Effect::Allow => {
                for id in actions {
                    let resources = match &st.resource {
                        ResourceSpec::Resource(r) => {
                            Resources::Only(effective(catalog, id, r, variables))
                        }
                        ResourceSpec::NotResource(r) => Resources::AllExcept(r.clone()),
                    };
                    if matches!(&resources, Resources::Only(r) if r.is_empty()) {
                        continue;
                    }
                    grants.entry(id).or_default().push(Scope {
                        statement: i,
                        sid: st.sid.clone(),
                        resources,
                        condition: st.condition.clone(),
                    });
                }
            }
            Effect::Deny => {
                let full = st.condition.is_empty()
                    && matches!(&st.resource, ResourceSpec::Resource(r) if r.iter().any(|x| x == "*"));
                for id in actions {
                    let d = denied.entry(id).or_insert(Denied::No);
                    if full {
                        *d = Denied::Fully;
                    } else if *d == Denied::No {
                        *d = Denied::Partly;
                    }
                }
            }
        }
    }

    let mut counts = BTreeMap::new();
    let mut out: Vec<Grant> = grants
        .into_iter()
        .map(|(id, scopes)| {
            let a = catalog.action_info(id);
            Grant {
                action: id,
                name: a.full_name(),
                access_level: a.access_level(),
                scopes,
                denied: denied.get(&id).copied().unwrap_or(Denied::No),
            }
        })
        .filter(|g| g.denied != Denied::Fully)
        .collect();
    out.sort_by(|a, b| {
        a.name
            .to_ascii_lowercase()
            .cmp(&b.name.to_ascii_lowercase())
    });
    for g in &out {
        *counts.entry(g.access_level).or_insert(0) += 1;
    }
    Explanation {
        grants: out,
        counts,
        unmatched,
    }
}

/// The statement's resources that can apply to `action`: a concrete ARN
/// must fit one of the action's resource types; patterns are kept (they may
/// match), and so are ARNs with a policy variable in their resource part,
/// whose value may be anything (`arn:aws:s3:::${aws:PrincipalTag/Bucket}`),
/// exactly as `simulate` substitutes them. An action with no resource type
/// only ever matches `*`.
pub(crate) fn effective(
    catalog: &Catalog,
    action: ActionId,
    resources: &[String],
    variables: bool,
) -> Vec<String> {
    let types = catalog.action_info(action).resource_types();
    resources
        .iter()
        .filter(|r| {
            if r.as_str() == "*" {
                return true;
            }
            if types.is_empty() {
                // No resource-level permission: only `*` (or a pattern that
                // covers everything) matches the request's resource.
                return r.chars().all(|c| c == '*');
            }
            wildcard::has_wildcard(r)
                || (variables && has_resource_variable(r))
                // A template placeholder ({{Ref:Bucket}}) may be any ARN.
                || crate::document::has_placeholder(r)
                || !catalog.matching_resource_types(action, r).is_empty()
        })
        .cloned()
        .collect()
}
