//! Recipes: the real jobs from setup guides, as data.
//!
//! A recipe is a named template of [`Choices`] with typed parameters and
//! defaults, stored as JSON in `src/recipe/data/`. Every action in it carries
//! a one-line reason and, where one exists, a source.
//!
//! ```
//! use std::collections::BTreeMap;
//! use policy_builder::{arn::Partition, catalog, generate, recipe};
//!
//! let r = recipe::find("static-site-deploy").unwrap();
//! let params = BTreeMap::from([("bucket".to_string(), "my-site".to_string())]);
//! let made = recipe::instantiate(&[r], &params, Partition::Aws).unwrap();
//! let policy = generate::generate(catalog::bundled(), &made.choices).unwrap();
//! assert!(policy.to_json().contains("arn:aws:s3:::my-site/*"));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::arn::{self, Partition};
use crate::choices::{ArnChoice, Choices, ConditionChoice, Group, ResourceChoice};

const DATA: &[&str] = &[
    include_str!("recipe/data/js-publisher.json"),
    include_str!("recipe/data/static-site-deploy.json"),
    include_str!("recipe/data/eb-deploy.json"),
    include_str!("recipe/data/amplify-workshop.json"),
    include_str!("recipe/data/s3-image-optimizer.json"),
];

/// Every recipe, parsed once.
pub fn all() -> &'static [Recipe] {
    static RECIPES: OnceLock<Vec<Recipe>> = OnceLock::new();
    RECIPES.get_or_init(|| {
        DATA.iter()
            .map(|text| serde_json::from_str(text).expect("the shipped recipes parse (tested)"))
            .collect()
    })
}

/// A recipe by id.
pub fn find(id: &str) -> Option<&'static Recipe> {
    all().iter().find(|r| r.id == id)
}

/// One job, as a parameterised template of choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// Stable id, part of the interface: `js-publisher`.
    pub id: String,
    /// The job in the user's words.
    pub title: String,
    pub summary: String,
    /// The guide the job comes from.
    pub source: String,
    pub params: Vec<Param>,
    groups: Vec<GroupTemplate>,
    /// Caveats, with `{param}` placeholders.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Recipe {
    /// The service prefix of each of its groups, in order (one may repeat).
    pub fn services(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(|g| g.service.as_str())
    }

    /// Whether the recipe has a parameter called `name`.
    pub fn has_param(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.name == name)
    }
}

/// A recipe parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// Stable name, part of the interface: `bucket`.
    pub name: String,
    pub label: String,
    pub kind: ParamKind,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub optional: bool,
    pub help: String,
}

/// What a parameter holds, which decides how it is checked.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParamKind {
    /// An S3 bucket name.
    Bucket,
    /// A 12-digit account id.
    Account,
    /// A region code of the partition.
    Region,
    /// A CloudFront distribution id.
    Distribution,
    /// A name: letters, digits, `.`, `_` and `-`.
    Name,
    /// A path inside a bucket: no wildcards, no whitespace.
    Path,
    /// `true` or `false`.
    Bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupTemplate {
    /// Only when this parameter is set (non-empty, not `false`).
    #[serde(default)]
    when: Option<String>,
    /// Only when this parameter is not set.
    #[serde(default)]
    unless: Option<String>,
    service: String,
    actions: BTreeMap<String, Reason>,
    #[serde(default)]
    resources: BTreeMap<String, Vec<BTreeMap<String, String>>>,
    #[serde(default)]
    conditions: Vec<ConditionTemplate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionTemplate {
    #[serde(default)]
    when: Option<String>,
    operator: String,
    key: String,
    values: Vec<String>,
}

/// Why an action is in a recipe.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// One line: what request of the job needs it.
    pub reason: String,
    /// The AWS doc or CLI behaviour that says so.
    #[serde(default)]
    pub source: Option<String>,
}

/// Recipes filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instantiated {
    pub choices: Choices,
    /// `s3:PutObject` → why, per recipe group that uses it.
    pub reasons: BTreeMap<String, Vec<Reason>>,
    /// The recipes' caveats, filled in.
    pub notes: Vec<String>,
}

/// A parameter value is missing or breaks its rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeError {
    /// The parameter's name, or the recipe id for `UnknownRecipe`.
    pub param: String,
    pub input: String,
    pub kind: RecipeErrorKind,
}

/// What was wrong.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecipeErrorKind {
    /// No recipe has this id.
    UnknownRecipe,
    /// The parameter is required and empty.
    Required,
    /// The value breaks an ARN rule (bucket naming, account id, region).
    Invalid(arn::ArnError),
    /// The value has a character this kind of parameter cannot hold.
    BadCharacter(char),
    /// Wildcards would widen the recipe's resources: not allowed in values.
    Wildcard,
    /// A boolean parameter is neither `true` nor `false`.
    NotBool,
    /// No recipe has this parameter.
    UnknownParam,
}

impl fmt::Display for RecipeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.param;
        match &self.kind {
            RecipeErrorKind::UnknownRecipe => {
                let ids: Vec<&str> = all().iter().map(|r| r.id.as_str()).collect();
                write!(f, "unknown recipe `{p}`: choose one of {}", ids.join(", "))
            }
            RecipeErrorKind::Required => write!(f, "{p} is required"),
            RecipeErrorKind::Invalid(e) => write!(f, "{p}: {e}"),
            RecipeErrorKind::BadCharacter(c) => {
                write!(
                    f,
                    "{p} `{}` has a character it cannot hold: {c:?}",
                    self.input
                )
            }
            RecipeErrorKind::Wildcard => write!(
                f,
                "{p} `{}` contains * or ?, which would widen the policy: give an exact value",
                self.input
            ),
            RecipeErrorKind::NotBool => {
                write!(f, "{p} must be true or false, not `{}`", self.input)
            }
            RecipeErrorKind::UnknownParam => {
                write!(f, "unknown parameter `{p}` for the chosen recipes")
            }
        }
    }
}

impl std::error::Error for RecipeError {}

fn error(param: &str, input: &str, kind: RecipeErrorKind) -> RecipeError {
    RecipeError {
        param: param.to_string(),
        input: input.to_string(),
        kind,
    }
}

/// Checks one parameter value (non-empty) against its kind.
pub fn validate_param(param: &Param, value: &str, partition: Partition) -> Result<(), RecipeError> {
    let err = |kind| Err(error(&param.name, value, kind));
    if param.kind != ParamKind::Bool && crate::wildcard::has_wildcard(value) {
        return err(RecipeErrorKind::Wildcard);
    }
    let invalid = |e| error(&param.name, value, RecipeErrorKind::Invalid(e));
    match param.kind {
        ParamKind::Bucket => arn::validate_bucket_name(value).map_err(invalid),
        ParamKind::Account => arn::validate_account(value).map_err(invalid),
        ParamKind::Region => arn::validate_region(partition, value).map_err(invalid),
        ParamKind::Distribution => match value
            .chars()
            .find(|c| !c.is_ascii_uppercase() && !c.is_ascii_digit())
        {
            Some(c) => err(RecipeErrorKind::BadCharacter(c)),
            None if value.len() > 32 => err(RecipeErrorKind::BadCharacter('…')),
            None => Ok(()),
        },
        ParamKind::Name => match value
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && !matches!(c, '.' | '_' | '-'))
        {
            Some(c) => err(RecipeErrorKind::BadCharacter(c)),
            None => Ok(()),
        },
        ParamKind::Path => match value.chars().find(|c| c.is_whitespace() || c.is_control()) {
            Some(c) => err(RecipeErrorKind::BadCharacter(c)),
            None => Ok(()),
        },
        ParamKind::Bool => match value {
            "true" | "false" => Ok(()),
            _ => err(RecipeErrorKind::NotBool),
        },
    }
}

/// Fills `recipes` with `params` (missing ones take their defaults) and
/// merges them into one [`Choices`]. `account` and `region` also become the
/// choices' global account and region.
pub fn instantiate(
    recipes: &[&Recipe],
    params: &BTreeMap<String, String>,
    partition: Partition,
) -> Result<Instantiated, RecipeError> {
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    let mut known: BTreeSet<&str> = BTreeSet::new();
    for r in recipes {
        for p in &r.params {
            known.insert(&p.name);
            let given = params.get(&p.name).map(|v| v.trim().to_string());
            let value = given
                .filter(|v| !v.is_empty())
                .or_else(|| p.default.clone())
                .unwrap_or_default();
            if value.is_empty() {
                if !p.optional {
                    return Err(error(&p.name, "", RecipeErrorKind::Required));
                }
            } else {
                validate_param(p, &value, partition)?;
            }
            values.insert(p.name.clone(), value);
        }
    }
    if let Some(unknown) = params.keys().find(|k| !known.contains(k.as_str())) {
        return Err(error(unknown, "", RecipeErrorKind::UnknownParam));
    }
    let is_set = |name: &str| {
        values
            .get(name)
            .is_some_and(|v| !v.is_empty() && v != "false")
    };
    let fill = |text: &str| -> String {
        let mut out = text.to_string();
        for (k, v) in &values {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    };

    let mut choices = Choices {
        partition,
        account: values.get("account").filter(|v| !v.is_empty()).cloned(),
        region: values.get("region").filter(|v| !v.is_empty()).cloned(),
        groups: Vec::new(),
    };
    let mut reasons: BTreeMap<String, Vec<Reason>> = BTreeMap::new();
    let mut notes = Vec::new();
    for r in recipes {
        for g in &r.groups {
            if g.when.as_deref().is_some_and(|w| !is_set(w))
                || g.unless.as_deref().is_some_and(is_set)
            {
                continue;
            }
            let mut group = Group::new(&g.service);
            for (action, reason) in &g.actions {
                group.actions.insert(action.clone());
                let entry = reasons
                    .entry(format!("{}:{action}", g.service))
                    .or_default();
                let filled = Reason {
                    reason: fill(&reason.reason),
                    source: reason.source.clone(),
                };
                if !entry.contains(&filled) {
                    entry.push(filled);
                }
            }
            for (rt, items) in &g.resources {
                let list = items
                    .iter()
                    .map(|m| {
                        ArnChoice::Values(m.iter().map(|(k, v)| (k.clone(), fill(v))).collect())
                    })
                    .collect();
                group
                    .resources
                    .insert(rt.clone(), ResourceChoice::Some(list));
            }
            for c in &g.conditions {
                if c.when.as_deref().is_some_and(|w| !is_set(w)) {
                    continue;
                }
                group.conditions.push(ConditionChoice {
                    operator: c.operator.clone(),
                    key: c.key.clone(),
                    values: c.values.iter().map(|v| fill(v)).collect(),
                });
            }
            choices.groups.push(group);
        }
        notes.extend(r.notes.iter().map(|n| fill(n)));
    }
    if choices.account.is_none() && needs_account(&choices) {
        return Err(error("account", "", RecipeErrorKind::Required));
    }
    Ok(Instantiated {
        choices,
        reasons,
        notes,
    })
}

/// Whether any chosen resource type's ARN template has `${Account}`.
fn needs_account(choices: &Choices) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let catalog = crate::catalog::bundled();
        choices.groups.iter().any(|g| {
            g.resources.keys().any(|rt| {
                catalog
                    .resource_type(&g.service, rt)
                    .is_some_and(|t| t.arn().contains("${Account}"))
            })
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        // In the browser the catalog is fetched; the generator reports the
        // missing account as a missing `Account` value instead.
        let _ = choices;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_recipes_parse_with_unique_ids() {
        let ids: BTreeSet<&str> = all().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), DATA.len());
        for id in [
            "js-publisher",
            "static-site-deploy",
            "eb-deploy",
            "amplify-workshop",
            "s3-image-optimizer",
        ] {
            assert!(find(id).is_some(), "{id}");
        }
    }
}
