//! The IAM identity-policy document: its types, printing, parsing and size.
//!
//! ```
//! use policy_builder::policy::{iam_size, Policy, SizeLimit};
//!
//! let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
//!     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::mojito-example/*"}}"#;
//! let policy: Policy = text.parse()?;
//! assert_eq!(Policy::parse(&policy.to_json())?, policy);
//! assert!(iam_size(text) <= SizeLimit::InlineUser.max_chars());
//! # Ok::<(), policy_builder::policy::ParseError>(())
//! ```

mod json;
mod parse;
mod size;

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

pub(crate) use json::{Member, Node, Value as NodeValue};
pub use json::{Pos as Position, MAX_BYTES, MAX_DEPTH};
pub(crate) use parse::{parse_json, parse_limited, policy_from_node, resource_policy_from_node};
pub use parse::{
    GrammarIssue, ParseError, ParseErrorKind, PrincipalSpec, Principals, ResourcePolicy,
    OLD_VERSION,
};
pub use size::{iam_size, SizeLimit, UnknownSizeLimit};

/// The only policy language version the builder writes.
pub const VERSION: &str = "2012-10-17";

/// An identity-based IAM policy document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// `Version`; `None` when a pasted document has none.
    pub version: Option<String>,
    /// `Id`, optional and rarely used in identity policies.
    pub id: Option<String>,
    /// `Statement`, always printed as an array.
    pub statements: Vec<Statement>,
}

/// One element of `Statement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub action: ActionSpec,
    pub resource: ResourceSpec,
    pub condition: Condition,
}

/// `Effect`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    #[default]
    Allow,
    Deny,
}

/// `Action` or `NotAction`: a list of action names or patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionSpec {
    Action(Vec<String>),
    NotAction(Vec<String>),
}

/// `Resource` or `NotResource`: a list of ARNs or ARN patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceSpec {
    Resource(Vec<String>),
    NotResource(Vec<String>),
}

/// `Condition`: operator → key → values. Sorted, so printing is deterministic.
pub type Condition = BTreeMap<String, BTreeMap<String, Vec<String>>>;

impl Policy {
    /// A policy with the current version and no statements.
    pub fn empty() -> Policy {
        Policy {
            version: Some(VERSION.to_string()),
            id: None,
            statements: Vec::new(),
        }
    }

    /// Prints the policy as the IAM console does: 4-space indentation, keys
    /// in the order Version, Statement; Sid, Effect, Action, Resource,
    /// Condition; a single value as a string, several as an array.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        self.serialize(&mut ser)
            .expect("serialising strings and maps into a Vec cannot fail");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

impl std::fmt::Display for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A list that prints as a string when it has one value.
pub(crate) struct OneOrMany<'a>(pub(crate) &'a [String]);

impl Serialize for OneOrMany<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let [one] = self.0 {
            return s.serialize_str(one);
        }
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(v)?;
        }
        seq.end()
    }
}

/// A condition block, printed with single values as strings.
pub(crate) struct ConditionOut<'a>(pub(crate) &'a Condition);

impl Serialize for ConditionOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut ops = s.serialize_map(Some(self.0.len()))?;
        for (op, keys) in self.0 {
            let inner: BTreeMap<&String, OneOrMany<'_>> =
                keys.iter().map(|(k, v)| (k, OneOrMany(v))).collect();
            ops.serialize_entry(op, &inner)?;
        }
        ops.end()
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(v) = &self.version {
            map.serialize_entry("Version", v)?;
        }
        if let Some(id) = &self.id {
            map.serialize_entry("Id", id)?;
        }
        map.serialize_entry("Statement", &self.statements)?;
        map.end()
    }
}

impl Serialize for Statement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(sid) = &self.sid {
            map.serialize_entry("Sid", sid)?;
        }
        map.serialize_entry("Effect", self.effect.as_str())?;
        match &self.action {
            ActionSpec::Action(v) => map.serialize_entry("Action", &OneOrMany(v))?,
            ActionSpec::NotAction(v) => map.serialize_entry("NotAction", &OneOrMany(v))?,
        }
        match &self.resource {
            ResourceSpec::Resource(v) => map.serialize_entry("Resource", &OneOrMany(v))?,
            ResourceSpec::NotResource(v) => map.serialize_entry("NotResource", &OneOrMany(v))?,
        }
        if !self.condition.is_empty() {
            map.serialize_entry("Condition", &ConditionOut(&self.condition))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_policy_prints_exactly_like_the_console() {
        assert_eq!(
            Policy::empty().to_json(),
            "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}"
        );
    }

    #[test]
    fn single_values_print_as_strings_and_keys_keep_console_order() {
        let mut condition = Condition::new();
        condition
            .entry("StringLike".into())
            .or_default()
            .insert("s3:prefix".into(), vec!["js/*".into(), "jsdev/*".into()]);
        let p = Policy {
            statements: vec![Statement {
                sid: Some("S3List".into()),
                effect: Effect::Allow,
                action: ActionSpec::Action(vec!["s3:ListBucket".into()]),
                resource: ResourceSpec::Resource(vec!["arn:aws:s3:::b".into()]),
                condition,
            }],
            ..Policy::empty()
        };
        let want = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "S3List",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": "arn:aws:s3:::b",
            "Condition": {
                "StringLike": {
                    "s3:prefix": [
                        "js/*",
                        "jsdev/*"
                    ]
                }
            }
        }
    ]
}"#;
        assert_eq!(p.to_json(), want);
    }
}
