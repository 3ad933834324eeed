//! What the user chose: the one model the UI, share links, recipes and the
//! CLI all use. A [`Choices`] value is data, and [`crate::generate`] turns it
//! into the least-privilege policy.
//!
//! ```
//! use policy_builder::choices::Choices;
//!
//! let choices: Choices = serde_json::from_str(r#"{
//!     "partition": "aws",
//!     "groups": [{
//!         "service": "s3",
//!         "actions": ["PutObject"],
//!         "resources": { "object": [{ "BucketName": "mojito-example", "ObjectName": "js/app.js" }] }
//!     }]
//! }"#).unwrap();
//! assert_eq!(choices.groups[0].service, "s3");
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::arn::Partition;
use crate::catalog::AccessLevel;
use crate::policy::Effect;

/// Everything the user chose.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choices {
    /// The partition every ARN is built in.
    #[serde(default)]
    pub partition: Partition,
    /// The 12-digit account id that fills `${Account}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region that fills `${Region}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// One group per service selection, in the order the user added them.
    #[serde(default)]
    pub groups: Vec<Group>,
}

/// The actions chosen in one service, on which resources, under which
/// conditions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Allow (the default) or Deny.
    #[serde(default, with = "effect_serde", skip_serializing_if = "is_allow")]
    pub effect: Effect,
    /// The service prefix, e.g. `s3`.
    pub service: String,
    /// Whole access levels chosen.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub levels: BTreeSet<AccessLevel>,
    /// Individual actions chosen, by name without the prefix (`PutObject`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub actions: BTreeSet<String>,
    /// Per resource type name (`object`, `bucket`): the resources chosen.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, ResourceChoice>,
    /// Conditions on every action of the group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionChoice>,
}

/// The resources chosen for one resource type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ResourceRepr", into = "ResourceRepr")]
pub enum ResourceChoice {
    /// Explicitly every resource (`"*"`), which the UI flags.
    All,
    /// Specific resources, each built from the type's ARN template.
    Some(Vec<ArnChoice>),
}

/// One resource: values for the template's placeholders, or a whole ARN.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ArnChoice {
    /// A whole ARN, as typed or imported. It may hold `*` and `?`.
    Arn(String),
    /// Placeholder → value, e.g. `{"BucketName": "b", "ObjectName": "js/*"}`.
    /// `Partition`, `Account` and `Region` default to the global choices.
    Values(BTreeMap<String, String>),
}

/// One condition: `operator` → `key` → `values`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionChoice {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

impl Group {
    /// An Allow group for `service` with nothing chosen yet.
    pub fn new(service: &str) -> Group {
        Group {
            effect: Effect::Allow,
            service: service.to_string(),
            levels: BTreeSet::new(),
            actions: BTreeSet::new(),
            resources: BTreeMap::new(),
            conditions: Vec::new(),
        }
    }

    /// Whether nothing is chosen in this group yet.
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty() && self.actions.is_empty()
    }
}

fn is_allow(e: &Effect) -> bool {
    *e == Effect::Allow
}

mod effect_serde {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::policy::Effect;

    pub fn serialize<S: Serializer>(e: &Effect, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(e.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Effect, D::Error> {
        match String::deserialize(d)?.as_str() {
            "Allow" => Ok(Effect::Allow),
            "Deny" => Ok(Effect::Deny),
            other => Err(serde::de::Error::custom(format!(
                "effect must be \"Allow\" or \"Deny\", not {other:?}"
            ))),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ResourceRepr {
    Star(String),
    List(Vec<ArnChoice>),
}

impl TryFrom<ResourceRepr> for ResourceChoice {
    type Error = String;

    fn try_from(r: ResourceRepr) -> Result<ResourceChoice, String> {
        match r {
            ResourceRepr::Star(s) if s == "*" => Ok(ResourceChoice::All),
            ResourceRepr::Star(s) => Err(format!(
                "resources are \"*\" or a list of ARNs or placeholder values, not {s:?}"
            )),
            ResourceRepr::List(v) => Ok(ResourceChoice::Some(v)),
        }
    }
}

impl From<ResourceChoice> for ResourceRepr {
    fn from(r: ResourceChoice) -> ResourceRepr {
        match r {
            ResourceChoice::All => ResourceRepr::Star("*".to_string()),
            ResourceChoice::Some(v) => ResourceRepr::List(v),
        }
    }
}
