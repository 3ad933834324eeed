//! Offline evaluation of one identity policy against one request.
//!
//! IAM User Guide, "Policy evaluation logic", for a single identity-based
//! policy: an explicit `Deny` in any matching statement wins; otherwise a
//! matching `Allow` allows; otherwise the request is implicitly denied.
//! A statement matches when its `Action`/`NotAction`, its
//! `Resource`/`NotResource` and every condition in its `Condition` match.
//!
//! ```
//! use policy_builder::policy::{ActionSpec, Effect, Policy, ResourceSpec, Statement};
//! use policy_builder::simulate::{simulate, Decision, Request};
//!
//! let policy = Policy {
//!     statements: vec![Statement {
//!         sid: Some("Publish".into()),
//!         effect: Effect::Allow,
//!         action: ActionSpec::Action(vec!["s3:PutObject".into()]),
//!         resource: ResourceSpec::Resource(vec!["arn:aws:s3:::site/js/*".into()]),
//!         condition: Default::default(),
//!     }],
//!     ..Policy::empty()
//! };
//! let put = Request::new("s3:PutObject", "arn:aws:s3:::site/js/app.js");
//! assert!(simulate(&policy, &put).is_allowed());
//!
//! let delete = Request::new("s3:DeleteObject", "arn:aws:s3:::site/js/app.js");
//! let outcome = simulate(&policy, &delete);
//! assert_eq!(outcome.decision, Decision::ImplicitDeny);
//! assert_eq!(
//!     outcome.statements[0].no_match.as_ref().unwrap().to_string(),
//!     "Action s3:DeleteObject is not in Action [s3:PutObject]"
//! );
//! ```

mod condition;
mod context;
mod pattern;
mod value;

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

pub use self::context::{Context, ContextPair, ContextPairError, ContextPairErrorKind};
use self::pattern::Pattern;
use crate::policy::{ActionSpec, Effect, Policy, ResourceSpec, Statement, VERSION};
use crate::wildcard;

/// What is asked: one action on one resource, with its condition keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `service:Action`, e.g. `s3:PutObject`.
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    pub context: Context,
}

impl Request {
    /// A request with an empty context.
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> Request {
        Request {
            action: action.into(),
            resource: resource.into(),
            context: Context::new(),
        }
    }

    /// Adds one value of a condition key (repeat for a multivalued key).
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Request {
        self.context.insert(key, value);
        self
    }
}

/// The answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Decision {
    /// A statement with `"Effect": "Allow"` matched and no `Deny` did.
    Allowed,
    /// A statement with `"Effect": "Deny"` matched.
    ExplicitDeny,
    /// No statement matched: denied by default.
    ImplicitDeny,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::Allowed => "Allowed",
            Decision::ExplicitDeny => "Denied (explicit deny)",
            Decision::ImplicitDeny => "Denied (implicit deny: no statement allows it)",
        })
    }
}

/// The decision and how every statement took part in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub decision: Decision,
    /// The index of the statement that decided: the first matching `Deny`,
    /// else the first matching `Allow`; `None` for an implicit deny.
    pub deciding: Option<usize>,
    /// One trace per statement, in policy order.
    pub statements: Vec<StatementTrace>,
}

impl Outcome {
    pub fn is_allowed(&self) -> bool {
        self.decision == Decision::Allowed
    }
}

/// Whether one statement matched the request, and if not, why.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementTrace {
    /// Position in `Statement`, from 0.
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// `None` when the statement matched.
    pub no_match: Option<NoMatch>,
}

impl StatementTrace {
    pub fn is_match(&self) -> bool {
        self.no_match.is_none()
    }
}

impl Serialize for StatementTrace {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("StatementTrace", 6)?;
        out.serialize_field("index", &self.index)?;
        out.serialize_field("sid", &self.sid)?;
        out.serialize_field("effect", self.effect.as_str())?;
        out.serialize_field("matched", &self.is_match())?;
        out.serialize_field("reason", &self.no_match.as_ref().map(|n| n.to_string()))?;
        out.serialize_field("no_match", &self.no_match)?;
        out.end()
    }
}

/// The statement element a pattern list came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Element {
    Action,
    NotAction,
    Resource,
    NotResource,
}

impl fmt::Display for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Element::Action => "Action",
            Element::NotAction => "NotAction",
            Element::Resource => "Resource",
            Element::NotResource => "NotResource",
        })
    }
}

/// Why a statement did not match the request: the first element that
/// failed, checked in the order Action, Resource, Condition.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind")]
#[non_exhaustive]
pub enum NoMatch {
    /// The action is not in `Action`, or is in `NotAction`.
    Action {
        action: String,
        element: Element,
        patterns: Vec<String>,
    },
    /// The resource is not in `Resource`, or is in `NotResource`.
    Resource {
        resource: String,
        element: Element,
        patterns: Vec<String>,
    },
    /// A `Resource`/`NotResource` pattern uses a policy variable the request
    /// cannot resolve ("If AWS cannot resolve a variable this might cause
    /// the entire statement to be invalid"), and no other pattern matched.
    ResourceVariable {
        element: Element,
        pattern: String,
        variable: String,
    },
    /// One condition is not satisfied.
    Condition {
        operator: String,
        key: String,
        reason: ConditionReason,
    },
}

/// Why one condition (operator + key) is not satisfied.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind")]
#[non_exhaustive]
pub enum ConditionReason {
    /// The operator is not one IAM knows; such a statement never matches.
    UnknownOperator,
    /// The policy lists no values for the key.
    NoPolicyValues,
    /// The key is missing from the request and the operator needs it.
    MissingKey,
    /// `Null: "true"` but the request has the key.
    KeyPresent,
    /// The request's values do not satisfy the policy's.
    NotSatisfied {
        policy: Vec<String>,
        request: Vec<String>,
    },
    /// A policy value is not of the operator's type (a number, a date, a
    /// boolean, a CIDR).
    InvalidPolicyValue { value: String },
    /// A request value is not of the operator's type; the condition is then
    /// false whether the operator is negated or not.
    InvalidRequestValue { value: String },
    /// A policy value uses a variable that the request cannot resolve.
    UnresolvedVariable { variable: String },
}

/// `[a, b]`.
struct List<'a>(&'a [String]);

impl fmt::Display for List<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.0.join(", "))
    }
}

impl fmt::Display for NoMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let is_in = |element: &Element| match element {
            Element::NotAction | Element::NotResource => "is in",
            Element::Action | Element::Resource => "is not in",
        };
        match self {
            NoMatch::Action {
                action,
                element,
                patterns,
            } => write!(
                f,
                "Action {action} {} {element} {}",
                is_in(element),
                List(patterns)
            ),
            NoMatch::Resource {
                resource,
                element,
                patterns,
            } => write!(
                f,
                "Resource {resource} {} {element} {}",
                is_in(element),
                List(patterns)
            ),
            NoMatch::ResourceVariable {
                element,
                pattern,
                variable,
            } => write!(
                f,
                "{element} {pattern} uses {variable}, which the request cannot resolve"
            ),
            NoMatch::Condition {
                operator,
                key,
                reason,
            } => {
                write!(f, "Condition {operator} {key}: ")?;
                match reason {
                    ConditionReason::UnknownOperator => write!(
                        f,
                        "unknown condition operator {operator}, so the statement never matches"
                    ),
                    ConditionReason::NoPolicyValues => f.write_str("the policy lists no values"),
                    ConditionReason::MissingKey => write!(f, "request has no {key}"),
                    ConditionReason::KeyPresent => {
                        write!(f, "request has {key} but Null requires it absent")
                    }
                    ConditionReason::NotSatisfied { policy, request } => write!(
                        f,
                        "request {} does not satisfy {}",
                        List(request),
                        List(policy)
                    ),
                    ConditionReason::InvalidPolicyValue { value } => {
                        write!(f, "policy value {value:?} is not valid for {operator}")
                    }
                    ConditionReason::InvalidRequestValue { value } => {
                        write!(f, "request value {value:?} is not valid for {operator}")
                    }
                    ConditionReason::UnresolvedVariable { variable } => {
                        write!(f, "request cannot resolve {variable}")
                    }
                }
            }
        }
    }
}

/// Whether a `Resource`/`NotResource` entry has a policy variable (not one
/// of `${*}`, `${?}`, `${$}`) in its resource part, after the fifth colon:
/// the only place `simulate` substitutes one.
pub fn has_resource_variable(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let Some(start) = pattern::resource_part_start(&chars) else {
        return false;
    };
    let part: String = chars[start..].iter().collect();
    part.match_indices("${").any(|(i, _)| {
        let rest = &part[i + 2..];
        !(rest.starts_with("*}") || rest.starts_with("?}") || rest.starts_with("$}"))
    })
}

/// Evaluates `policy` for `request` as IAM does for one identity policy.
pub fn simulate(policy: &Policy, request: &Request) -> Outcome {
    // "Variables and tags": policy variables exist only in version
    // 2012-10-17; without `Version` the policy is 2008-10-17 and `${...}` is
    // literal text.
    let variables = policy.version.as_deref() == Some(VERSION);
    let statements: Vec<StatementTrace> = policy
        .statements
        .iter()
        .enumerate()
        .map(|(index, statement)| StatementTrace {
            index,
            sid: statement.sid.clone(),
            effect: statement.effect,
            no_match: match_statement(statement, request, variables).err(),
        })
        .collect();
    let first = |effect| {
        statements
            .iter()
            .find(|t| t.effect == effect && t.is_match())
            .map(|t| t.index)
    };
    // "Policy evaluation logic": an explicit deny in any policy overrides
    // any allow; without an allow, the request is implicitly denied.
    let (decision, deciding) = match (first(Effect::Deny), first(Effect::Allow)) {
        (Some(deny), _) => (Decision::ExplicitDeny, Some(deny)),
        (None, Some(allow)) => (Decision::Allowed, Some(allow)),
        (None, None) => (Decision::ImplicitDeny, None),
    };
    Outcome {
        decision,
        deciding,
        statements,
    }
}

fn match_statement(
    statement: &Statement,
    request: &Request,
    variables: bool,
) -> Result<(), NoMatch> {
    match_action(&statement.action, &request.action)?;
    match_resource(&statement.resource, statement.effect, request, variables)?;
    condition::evaluate(&statement.condition, &request.context, variables)
}

/// "IAM JSON policy elements: Action": action names are not case-sensitive
/// and take `*` and `?`. `NotAction` matches every action except those
/// listed -- with `Allow` it grants everything else.
fn match_action(spec: &ActionSpec, action: &str) -> Result<(), NoMatch> {
    let (element, patterns, wanted) = match spec {
        ActionSpec::Action(p) => (Element::Action, p, true),
        ActionSpec::NotAction(p) => (Element::NotAction, p, false),
    };
    let listed = patterns
        .iter()
        .any(|p| wildcard::is_match_ignore_case(p, action));
    if listed == wanted {
        Ok(())
    } else {
        Err(NoMatch::Action {
            action: action.to_string(),
            element,
            patterns: patterns.clone(),
        })
    }
}

/// "IAM JSON policy elements: Resource": ARNs are case-sensitive, `*` and
/// `?` are wildcards within a whole ARN (so `*` crosses `/`), and
/// `NotResource` matches every resource except those listed.
///
/// A pattern whose variable cannot be resolved matches nothing. In
/// `NotResource` that would make it exclude nothing, so neither side may
/// fail open: in an Allow an unresolvable exclusion makes the whole
/// statement not match (it never widens a grant; "If AWS cannot resolve a
/// variable this might cause the entire statement to be invalid"), and in
/// a Deny it excludes nothing (a Deny is never weakened by it).
fn match_resource(
    spec: &ResourceSpec,
    effect: Effect,
    request: &Request,
    variables: bool,
) -> Result<(), NoMatch> {
    let (element, patterns, wanted) = match spec {
        ResourceSpec::Resource(p) => (Element::Resource, p, true),
        ResourceSpec::NotResource(p) => (Element::NotResource, p, false),
    };
    let mut listed = false;
    let mut unresolved = None;
    for text in patterns {
        match Pattern::resolve_resource(text, &request.context, variables) {
            Ok(pattern) => listed |= pattern.is_match(&request.resource),
            Err(u) => {
                unresolved.get_or_insert((text, u.0));
            }
        }
    }
    let unresolved_error = |(pattern, variable): (&String, String)| NoMatch::ResourceVariable {
        element,
        pattern: pattern.clone(),
        variable,
    };
    if effect == Effect::Deny && !wanted {
        unresolved = None;
    }
    match (wanted, listed, unresolved) {
        (true, true, _) => Ok(()),
        (false, false, None) => Ok(()),
        (_, false, Some(u)) => Err(unresolved_error(u)),
        _ => Err(NoMatch::Resource {
            resource: request.resource.clone(),
            element,
            patterns: patterns.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Condition;

    /// Request context as a table cell.
    type Pairs = &'static [(&'static str, &'static str)];
    /// (name, operator, key, policy values, request context, satisfied)
    type ConditionCase = (
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
        Pairs,
        bool,
    );
    /// (name, version, resource element, resource, context, allowed)
    type ResourceCase = (
        &'static str,
        Option<&'static str>,
        ResourceSpec,
        &'static str,
        Pairs,
        bool,
    );

    fn action(p: &[&str]) -> ActionSpec {
        ActionSpec::Action(p.iter().map(|s| s.to_string()).collect())
    }
    fn not_action(p: &[&str]) -> ActionSpec {
        ActionSpec::NotAction(p.iter().map(|s| s.to_string()).collect())
    }
    fn resource(p: &[&str]) -> ResourceSpec {
        ResourceSpec::Resource(p.iter().map(|s| s.to_string()).collect())
    }
    fn not_resource(p: &[&str]) -> ResourceSpec {
        ResourceSpec::NotResource(p.iter().map(|s| s.to_string()).collect())
    }
    fn statement(effect: Effect, action: ActionSpec, resource: ResourceSpec) -> Statement {
        Statement {
            sid: None,
            effect,
            action,
            resource,
            condition: Condition::new(),
        }
    }
    fn policy(statements: Vec<Statement>) -> Policy {
        Policy {
            statements,
            ..Policy::empty()
        }
    }
    /// `Allow * on *` with one condition.
    fn allow_if(operator: &str, key: &str, values: &[&str]) -> Policy {
        let mut s = statement(Effect::Allow, action(&["*"]), resource(&["*"]));
        s.condition
            .entry(operator.into())
            .or_default()
            .insert(key.into(), values.iter().map(|v| v.to_string()).collect());
        policy(vec![s])
    }
    fn request(context: &[(&str, &str)]) -> Request {
        context.iter().fold(
            Request::new("s3:GetObject", "arn:aws:s3:::b/k"),
            |r, (k, v)| r.with(k, *v),
        )
    }

    #[test]
    fn actions_and_resources() {
        use Effect::Allow;
        let obj = "arn:aws:s3:::b/js/app.js";
        // (name, statement, action, resource, allowed)
        #[rustfmt::skip]
        let cases = [
            // "Action": names are case-insensitive, `*` and `?` wildcards.
            ("exact action", statement(Allow, action(&["s3:GetObject"]), resource(&["*"])), "s3:GetObject", obj, true),
            ("action ignores case", statement(Allow, action(&["S3:getobject"]), resource(&["*"])), "s3:GetObject", obj, true),
            ("action star", statement(Allow, action(&["s3:Get*"]), resource(&["*"])), "s3:GetObjectAcl", obj, true),
            ("action question mark is one char", statement(Allow, action(&["s3:?etObject"]), resource(&["*"])), "s3:GetObject", obj, true),
            ("action question mark not zero chars", statement(Allow, action(&["s3:?GetObject"]), resource(&["*"])), "s3:GetObject", obj, false),
            ("other action", statement(Allow, action(&["s3:GetObject"]), resource(&["*"])), "s3:DeleteObject", obj, false),
            // "NotAction": with Allow it grants every action not listed.
            ("NotAction grants everything else", statement(Allow, not_action(&["iam:*"]), resource(&["*"])), "s3:DeleteObject", obj, true),
            ("NotAction excludes listed", statement(Allow, not_action(&["iam:*"]), resource(&["*"])), "IAM:CreateUser", obj, false),
            // "Resource": case-sensitive, `*` crosses `/`.
            ("star crosses slash", statement(Allow, action(&["*"]), resource(&["arn:aws:s3:::b/*"])), "s3:GetObject", obj, true),
            ("prefix star crosses slash too", statement(Allow, action(&["*"]), resource(&["arn:aws:s3:::b/js*"])), "s3:GetObject", "arn:aws:s3:::b/jsdev/x", true),
            ("resource question mark", statement( Allow, action(&["*"]), resource(&["arn:aws:s3:::b/js/app.j?"]), ), "s3:GetObject", obj, true),
            ("resource is case-sensitive", statement(Allow, action(&["*"]), resource(&["arn:aws:s3:::B/*"])), "s3:GetObject", obj, false),
            ("bucket is not its objects", statement(Allow, action(&["*"]), resource(&["arn:aws:s3:::b"])), "s3:GetObject", obj, false),
            // "NotResource": every resource except those listed.
            ("NotResource allows others", statement( Allow, action(&["*"]), not_resource(&["arn:aws:s3:::secret/*"]), ), "s3:GetObject", obj, true),
            ("NotResource excludes listed", statement(Allow, action(&["*"]), not_resource(&["arn:aws:s3:::b/*"])), "s3:GetObject", obj, false),
        ];
        for (name, statement, action, resource, allowed) in cases {
            let outcome = simulate(&policy(vec![statement]), &Request::new(action, resource));
            assert_eq!(outcome.is_allowed(), allowed, "{name}: {outcome:?}");
        }
    }

    #[test]
    fn decisions() {
        use Effect::{Allow, Deny};
        let all = || statement(Allow, action(&["s3:*"]), resource(&["*"]));
        let deny_delete = || statement(Deny, action(&["s3:DeleteObject"]), resource(&["*"]));
        let deny_except_get = || statement(Deny, not_action(&["s3:GetObject"]), resource(&["*"]));
        // (name, statements, action, decision, deciding)
        #[rustfmt::skip]
        let cases = [
            // "Policy evaluation logic": an explicit deny overrides allows.
            ("deny wins", vec![all(), deny_delete()], "s3:DeleteObject", Decision::ExplicitDeny, Some(1)),
            ("deny elsewhere leaves allow", vec![all(), deny_delete()], "s3:GetObject", Decision::Allowed, Some(0)),
            ("deny with NotAction", vec![all(), deny_except_get()], "s3:PutObject", Decision::ExplicitDeny, Some(1)),
            ("first matching allow decides", vec![all(), all()], "s3:GetObject", Decision::Allowed, Some(0)),
            // By default all requests are implicitly denied.
            ("no statement", vec![], "s3:GetObject", Decision::ImplicitDeny, None),
            ("deny alone is still not an allow", vec![deny_delete()], "s3:GetObject", Decision::ImplicitDeny, None),
        ];
        for (name, statements, action, decision, deciding) in cases {
            let outcome = simulate(
                &policy(statements),
                &Request::new(action, "arn:aws:s3:::b/k"),
            );
            assert_eq!(
                (outcome.decision, outcome.deciding),
                (decision, deciding),
                "{name}"
            );
        }
    }

    #[test]
    fn conditions() {
        let ip: Pairs = &[("aws:SourceIp", "203.0.113.7")];
        let ip6: Pairs = &[("aws:SourceIp", "2001:db8::42")];
        let mfa: Pairs = &[("aws:MultiFactorAuthPresent", "true")];
        let time: Pairs = &[("aws:CurrentTime", "2024-06-01T12:00:00Z")];
        let tags: Pairs = &[("aws:TagKeys", "env"), ("aws:TagKeys", "team")];
        let src_arn: Pairs = &[("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:topic")];
        // (name, operator, key, policy values, request context, satisfied)
        #[rustfmt::skip]
        let cases: Vec<ConditionCase> = vec![
            // String operators: values case-sensitive, keys not.
            ("StringEquals", "StringEquals", "aws:RequestedRegion", &["eu-west-1"], &[("aws:requestedregion", "eu-west-1")], true),
            ("StringEquals is case-sensitive", "StringEquals", "aws:RequestedRegion", &["EU-west-1"], &[("aws:RequestedRegion", "eu-west-1")], false),
            ("StringEquals values are ORed", "StringEquals", "aws:RequestedRegion", &["us-east-1", "eu-west-1"], &[("aws:RequestedRegion", "eu-west-1")], true),
            ("StringEquals star is literal", "StringEquals", "s3:prefix", &["js/*"], &[("s3:prefix", "js/x")], false),
            ("StringEquals missing key", "StringEquals", "aws:RequestedRegion", &["eu-west-1"], &[], false),
            ("StringNotEquals", "StringNotEquals", "aws:RequestedRegion", &["us-east-1", "eu-west-1"], &[("aws:RequestedRegion", "eu-west-1")], false),
            ("StringNotEquals other value", "StringNotEquals", "aws:RequestedRegion", &["us-east-1"], &[("aws:RequestedRegion", "eu-west-1")], true),
            // "If the key ... is not present in the request context, the values do not match": negated operators are true.
            ("StringNotEquals missing key is true", "StringNotEquals", "aws:RequestedRegion", &["us-east-1"], &[], true),
            ("StringEqualsIgnoreCase", "StringEqualsIgnoreCase", "aws:PrincipalTag/team", &["WEB"], &[("aws:PrincipalTag/team", "web")], true),
            ("StringNotEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", &["WEB"], &[("aws:PrincipalTag/team", "web")], false),
            ("StringLike", "StringLike", "s3:prefix", &["js/*"], &[("s3:prefix", "js/app.js")], true),
            ("StringLike star crosses slash", "StringLike", "s3:prefix", &["js*"], &[("s3:prefix", "jsdev/x")], true),
            ("StringLike question mark", "StringLike", "s3:prefix", &["j?/"], &[("s3:prefix", "js/")], true),
            ("StringLike is case-sensitive", "StringLike", "s3:prefix", &["JS/*"], &[("s3:prefix", "js/x")], false),
            ("StringNotLike", "StringNotLike", "s3:prefix", &["secret/*"], &[("s3:prefix", "js/x")], true),
            // Numeric operators.
            ("NumericEquals", "NumericEquals", "s3:max-keys", &["10"], &[("s3:max-keys", "10.0")], true),
            ("NumericNotEquals", "NumericNotEquals", "s3:max-keys", &["10"], &[("s3:max-keys", "10")], false),
            ("NumericLessThan", "NumericLessThan", "s3:max-keys", &["10"], &[("s3:max-keys", "9")], true),
            ("NumericLessThanEquals", "NumericLessThanEquals", "s3:max-keys", &["10"], &[("s3:max-keys", "11")], false),
            ("NumericGreaterThan", "NumericGreaterThan", "s3:max-keys", &["10"], &[("s3:max-keys", "10")], false),
            ("NumericGreaterThanEquals", "NumericGreaterThanEquals", "s3:max-keys", &["10"], &[("s3:max-keys", "10")], true),
            ("Numeric bad policy value", "NumericEquals", "s3:max-keys", &["ten"], &[("s3:max-keys", "10")], false),
            ("Numeric bad request value, negated", "NumericNotEquals", "s3:max-keys", &["10"], &[("s3:max-keys", "ten")], false),
            // Date operators: ISO 8601 and epoch seconds.
            ("DateEquals epoch", "DateEquals", "aws:CurrentTime", &["1717243200"], time, true),
            ("DateNotEquals", "DateNotEquals", "aws:CurrentTime", &["2024-06-01T12:00:00Z"], time, false),
            ("DateLessThan", "DateLessThan", "aws:CurrentTime", &["2025-01-01T00:00:00Z"], time, true),
            ("DateLessThanEquals", "DateLessThanEquals", "aws:CurrentTime", &["2024-06-01T14:00:00+02:00"], time, true),
            ("DateGreaterThan", "DateGreaterThan", "aws:CurrentTime", &["2024-06-01"], time, true),
            ("DateGreaterThanEquals", "DateGreaterThanEquals", "aws:CurrentTime", &["2024-06-02"], time, false),
            // Bool and BinaryEquals.
            ("Bool", "Bool", "aws:MultiFactorAuthPresent", &["true"], mfa, true),
            ("Bool false", "Bool", "aws:MultiFactorAuthPresent", &["false"], mfa, false),
            ("Bool missing key", "Bool", "aws:SecureTransport", &["true"], &[], false),
            ("BinaryEquals", "BinaryEquals", "key", &["QmluYXJ5"], &[("key", "QmluYXJ5")], true),
            // IP addresses, IPv4 and IPv6 CIDR.
            ("IpAddress", "IpAddress", "aws:SourceIp", &["203.0.113.0/24"], ip, true),
            ("NotIpAddress", "NotIpAddress", "aws:SourceIp", &["203.0.113.0/24"], ip, false),
            ("IpAddress IPv6", "IpAddress", "aws:SourceIp", &["2001:db8::/32"], ip6, true),
            ("IpAddress IPv6 range misses IPv4", "IpAddress", "aws:SourceIp", &["2001:db8::/32"], ip, false),
            ("IpAddress bad request value", "IpAddress", "aws:SourceIp", &["0.0.0.0/0"], &[("aws:SourceIp", "nope")], false),
            ("NotIpAddress bad request value", "NotIpAddress", "aws:SourceIp", &["10.0.0.0/8"], &[("aws:SourceIp", "nope")], false),
            // ARN operators: each of the six components separately.
            ("ArnEquals", "ArnEquals", "aws:SourceArn", &["arn:aws:sns:us-east-1:123456789012:topic"], src_arn, true),
            ("ArnLike", "ArnLike", "aws:SourceArn", &["arn:aws:sns:*:123456789012:*"], src_arn, true),
            ("ArnLike star stays in its component", "ArnLike", "aws:SourceArn", &["arn:aws:sns:*:topic:*"], &[("aws:SourceArn", "arn:aws:sns:r:1:topic:x")], false),
            ("ArnLike needs six components", "ArnLike", "aws:SourceArn", &["arn:aws:*:123456789012:topic"], src_arn, false),
            ("ArnNotEquals", "ArnNotEquals", "aws:SourceArn", &["arn:aws:sns:us-east-1:123456789012:other"], src_arn, true),
            ("ArnNotLike", "ArnNotLike", "aws:SourceArn", &["arn:aws:sns:*:*:*"], src_arn, false),
            // Null: true means the key is absent.
            ("Null true, key absent", "Null", "aws:TokenIssueTime", &["true"], &[], true),
            ("Null true, key present", "Null", "aws:TokenIssueTime", &["true"], &[("aws:TokenIssueTime", "x")], false),
            ("Null false, key present", "Null", "aws:TokenIssueTime", &["false"], &[("aws:TokenIssueTime", "x")], true),
            ("Null false, key absent", "Null", "aws:TokenIssueTime", &["false"], &[], false),
            // "...IfExists": a missing key makes the condition true.
            ("IfExists missing key", "StringEqualsIfExists", "ec2:InstanceType", &["t3.micro"], &[], true),
            ("IfExists present key still checked", "StringEqualsIfExists", "ec2:InstanceType", &["t3.micro"], &[("ec2:InstanceType", "m5.large")], false),
            ("NumericIfExists missing key", "NumericLessThanIfExists", "s3:max-keys", &["10"], &[], true),
            // Set operators ("Single-valued vs multivalued context keys").
            ("ForAnyValue one matches", "ForAnyValue:StringEquals", "aws:TagKeys", &["env"], tags, true),
            ("ForAnyValue none match", "ForAnyValue:StringEquals", "aws:TagKeys", &["cost"], tags, false),
            ("ForAnyValue missing key is false", "ForAnyValue:StringEquals", "aws:TagKeys", &["env"], &[], false),
            ("ForAnyValue negated: some value unlisted", "ForAnyValue:StringNotEquals", "aws:TagKeys", &["env"], tags, true),
            ("ForAllValues all listed", "ForAllValues:StringEquals", "aws:TagKeys", &["env", "team", "cost"], tags, true),
            ("ForAllValues one unlisted", "ForAllValues:StringEquals", "aws:TagKeys", &["env"], tags, false),
            // The documented trap: ForAllValues is true when the key is missing.
            ("ForAllValues missing key is true", "ForAllValues:StringEquals", "aws:TagKeys", &["env"], &[], true),
            ("ForAllValues negated", "ForAllValues:StringNotLike", "aws:TagKeys", &["aws:*"], tags, true),
            ("ForAnyValue IfExists missing", "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", &["env"], &[], true),
            // Unknown operators never match.
            ("unknown operator", "StringEqualsMaybe", "aws:TagKeys", &["env"], tags, false),
            ("Null IfExists is not an operator", "NullIfExists", "k", &["true"], &[], false),
            ("no values", "StringNotEquals", "k", &[], &[], false),
            // Policy variables in condition values.
            ("variable in value", "StringLike", "s3:prefix", &["home/${aws:username}/*"], &[("aws:username", "alice"), ("s3:prefix", "home/alice/x")], true),
            ("unresolved variable never matches", "StringLike", "s3:prefix", &["home/${aws:username}/*"], &[("s3:prefix", "home/alice/x")], false),
            // It matches nothing, so a negated operator is true: a Deny on
            // `StringNotLike` of it still denies (never fails open).
            ("unresolved variable, negated", "StringNotLike", "s3:prefix", &["home/${aws:username}/*"], &[("s3:prefix", "home/alice/x")], true),
            ("variable default", "StringEquals", "aws:PrincipalTag/team", &["${aws:ResourceTag/team, 'web'}"], &[("aws:PrincipalTag/team", "web")], true),
            ("variable from the same key", "StringEquals", "aws:ResourceTag/team", &["${aws:PrincipalTag/team}"], &[ ("aws:PrincipalTag/team", "web"), ("aws:ResourceTag/team", "web"), ], true),
            // An unresolvable value is dropped; the others still apply.
            ("unresolved value dropped, other matches", "StringEquals", "aws:username", &["bob", "${aws:PrincipalTag/none}"], &[("aws:username", "bob")], true),
            ("unresolved value dropped, negated other", "StringNotEquals", "aws:username", &["bob", "${aws:PrincipalTag/none}"], &[("aws:username", "carol")], true),
            ("unresolved value dropped, negated hit", "StringNotEquals", "aws:username", &["bob", "${aws:PrincipalTag/none}"], &[("aws:username", "bob")], false),
            ("only unresolved values, positive", "StringEquals", "aws:username", &["${aws:PrincipalTag/none}"], &[("aws:username", "bob")], false),
            ("only unresolved values, negated", "ArnNotLike", "aws:SourceArn", &["arn:aws:sns:*:${aws:PrincipalTag/none}:*"], src_arn, true),
            // A missing key follows the missing-key rules whatever the values.
            ("unresolved, key missing, negated", "StringNotEquals", "aws:username", &["${aws:PrincipalTag/none}"], &[], true),
            ("unresolved, key missing, IfExists", "StringEqualsIfExists", "aws:username", &["${aws:PrincipalTag/none}"], &[], true),
            ("unresolved, key missing, ForAllValues", "ForAllValues:StringEquals", "aws:TagKeys", &["${aws:PrincipalTag/none}"], &[], true),
            ("unresolved, key missing, positive", "StringEquals", "aws:username", &["${aws:PrincipalTag/none}"], &[], false),
            ("key with slash and colon in a value", "StringEquals", "s3:prefix", &["${aws:PrincipalTag/a:b}/x"], &[("aws:PrincipalTag/a:b", "t"), ("s3:prefix", "t/x")], true),
        ];
        for (name, operator, key, values, context, satisfied) in cases {
            let outcome = simulate(&allow_if(operator, key, values), &request(context));
            assert_eq!(
                outcome.is_allowed(),
                satisfied,
                "{name}: {:?}",
                outcome.statements[0].no_match
            );
        }
    }

    #[test]
    fn several_conditions_are_anded() {
        // "Creating a condition with multiple keys or values": operators
        // and keys are ANDed.
        let mut p = allow_if("StringEquals", "aws:RequestedRegion", &["eu-west-1"]);
        p.statements[0]
            .condition
            .entry("Bool".into())
            .or_default()
            .insert("aws:SecureTransport".into(), vec!["true".into()]);
        let region = ("aws:RequestedRegion", "eu-west-1");
        let tls = ("aws:SecureTransport", "true");
        assert!(simulate(&p, &request(&[region, tls])).is_allowed());
        assert!(!simulate(&p, &request(&[region])).is_allowed());
        assert!(!simulate(&p, &request(&[tls])).is_allowed());
    }

    #[test]
    fn resource_variables() {
        let home = "arn:aws:s3:::b/home/${aws:username}/*";
        let alice: Pairs = &[("aws:username", "alice")];
        let team = "arn:aws:s3:::b/team/${aws:PrincipalTag/team, 'shared'}/*";
        // (name, version, resource element, resource, context, allowed)
        #[rustfmt::skip]
        let cases: Vec<ResourceCase> = vec![
            ("username resolved", Some(VERSION), resource(&[home]), "arn:aws:s3:::b/home/alice/x", alice, true),
            ("other user's home", Some(VERSION), resource(&[home]), "arn:aws:s3:::b/home/bob/x", alice, false),
            // "If AWS cannot resolve a variable ... the statement" does not match.
            ("missing username", Some(VERSION), resource(&[home]), "arn:aws:s3:::b/home/alice/x", &[], false),
            ("another pattern still matches", Some(VERSION), resource(&[home, "arn:aws:s3:::b/pub/*"]), "arn:aws:s3:::b/pub/x", &[], true),
            ("unresolved NotResource never widens", Some(VERSION), not_resource(&[home]), "arn:aws:s3:::b/pub/x", &[], false),
            ("userid", Some(VERSION), resource(&["arn:aws:s3:::b/${aws:userid}/*"]), "arn:aws:s3:::b/AIDA1/x", &[("aws:userid", "AIDA1")], true),
            ("tag default used", Some(VERSION), resource(&[team]), "arn:aws:s3:::b/team/shared/x", &[], true),
            ("tag value over default", Some(VERSION), resource(&[team]), "arn:aws:s3:::b/team/web/x", &[("aws:PrincipalTag/team", "web")], true),
            ("special star is literal", Some(VERSION), resource(&["arn:aws:s3:::b/${*}"]), "arn:aws:s3:::b/x", &[], false),
            ("special star matches star", Some(VERSION), resource(&["arn:aws:s3:::b/${*}"]), "arn:aws:s3:::b/*", &[], true),
            ("special question and dollar", Some(VERSION), resource(&["arn:aws:s3:::b/${?}${$}"]), "arn:aws:s3:::b/?$", &[], true),
            // Version 2008-10-17 (the default without Version) has no variables.
            ("no Version: variable is text", None, resource(&[home]), "arn:aws:s3:::b/home/${aws:username}/x", alice, true),
            ("2008: variable is text", Some("2008-10-17"), resource(&[home]), "arn:aws:s3:::b/home/alice/x", alice, false),
            // Only the resource part, after the fifth colon, is substituted.
            ("account segment stays text", Some(VERSION), resource(&["arn:aws:iam::${aws:PrincipalAccount}:role/x"]), "arn:aws:iam::123456789012:role/x", &[("aws:PrincipalAccount", "123456789012")], false),
            ("account segment matches its text", Some(VERSION), resource(&["arn:aws:iam::${aws:PrincipalAccount}:role/x"]), "arn:aws:iam::${aws:PrincipalAccount}:role/x", &[("aws:PrincipalAccount", "123456789012")], true),
            ("region segment stays text", Some(VERSION), resource(&["arn:aws:sns:${aws:RequestedRegion}:1:t"]), "arn:aws:sns:eu-west-1:1:t", &[("aws:RequestedRegion", "eu-west-1")], false),
            ("resource part after an account variable", Some(VERSION), resource(&["arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}"]), "arn:aws:iam::${aws:PrincipalAccount}:user/alice", alice, true),
            ("tag key with slash", Some(VERSION), resource(&["arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}"]), "arn:aws:s3:::site", &[("aws:PrincipalTag/DomainBucketName", "site")], true),
            ("tag key with colon", Some(VERSION), resource(&["arn:aws:s3:::${aws:PrincipalTag/a:b}/*"]), "arn:aws:s3:::site/k", &[("aws:PrincipalTag/a:b", "site")], true),
            ("not an ARN has no resource part", Some(VERSION), resource(&["${aws:username}"]), "alice", alice, false),
            ("account text in NotResource is literal", Some(VERSION), not_resource(&["arn:aws:iam::${aws:PrincipalAccount}:role/x"]), "arn:aws:iam::1:role/x", &[], true),
        ];
        for (name, version, resource, arn, context, allowed) in cases {
            let mut p = policy(vec![statement(Effect::Allow, action(&["*"]), resource)]);
            p.version = version.map(str::to_string);
            let mut r = Request::new("s3:GetObject", arn);
            for (k, v) in context {
                r = r.with(k, *v);
            }
            assert_eq!(simulate(&p, &r).is_allowed(), allowed, "{name}");
        }
    }

    #[test]
    fn unresolvable_not_resource_never_fails_open() {
        // Allow everything, Deny everything but the caller's home folder.
        let home = "arn:aws:s3:::b/home/${aws:username}/*";
        let p = |deny: Statement| {
            let mut p = policy(vec![
                statement(Effect::Allow, action(&["*"]), resource(&["*"])),
                deny,
            ]);
            p.version = Some(VERSION.to_string());
            p
        };
        let deny = p(statement(
            Effect::Deny,
            action(&["*"]),
            not_resource(&[home]),
        ));
        let other = Request::new("s3:GetObject", "arn:aws:s3:::b/other");
        // Without aws:username the exclusion matches nothing: still denied.
        assert_eq!(simulate(&deny, &other).decision, Decision::ExplicitDeny);
        let own = Request::new("s3:GetObject", "arn:aws:s3:::b/home/alice/x")
            .with("aws:username", "alice");
        assert!(simulate(&deny, &own).is_allowed());
        // In an Allow it never widens the grant.
        let allow = policy(vec![statement(
            Effect::Allow,
            action(&["*"]),
            not_resource(&[home]),
        )]);
        assert!(!simulate(&allow, &other).is_allowed());
    }

    #[test]
    fn reasons() {
        use Effect::Allow;
        let get_put = statement(
            Allow,
            action(&["s3:GetObject", "s3:PutObject"]),
            resource(&["*"]),
        );
        let not_delete = statement(Allow, not_action(&["s3:Delete*"]), resource(&["*"]));
        let bucket = statement(Allow, action(&["*"]), resource(&["arn:aws:s3:::other/*"]));
        let home = statement(
            Allow,
            action(&["*"]),
            resource(&["arn:aws:s3:::b/${aws:username}/*"]),
        );
        let prefix = allow_if("StringLike", "s3:prefix", &["js/*"])
            .statements
            .remove(0);
        let unknown = allow_if("StringEqualz", "k", &["v"]).statements.remove(0);
        let region = allow_if("StringEquals", "aws:RequestedRegion", &["us-east-1"])
            .statements
            .remove(0);
        let null = allow_if("Null", "aws:SourceIp", &["true"])
            .statements
            .remove(0);
        let ip = allow_if("IpAddress", "aws:SourceIp", &["10.0.0.0/33"])
            .statements
            .remove(0);
        let r = Request::new("s3:DeleteObject", "arn:aws:s3:::b/k")
            .with("aws:RequestedRegion", "eu-west-1")
            .with("aws:SourceIp", "10.0.0.1");
        // (name, statement, message)
        #[rustfmt::skip]
        let cases = [
            ("action", get_put, "Action s3:DeleteObject is not in Action [s3:GetObject, s3:PutObject]"),
            ("not action", not_delete, "Action s3:DeleteObject is in NotAction [s3:Delete*]"),
            ("resource", bucket, "Resource arn:aws:s3:::b/k is not in Resource [arn:aws:s3:::other/*]"),
            ("resource variable", home, "Resource arn:aws:s3:::b/${aws:username}/* uses ${aws:username}, which the request cannot resolve"),
            ("missing key", prefix, "Condition StringLike s3:prefix: request has no s3:prefix"),
            ("unknown operator", unknown, "Condition StringEqualz k: unknown condition operator StringEqualz, so the statement never matches"),
            ("not satisfied", region, "Condition StringEquals aws:RequestedRegion: request [eu-west-1] does not satisfy [us-east-1]"),
            ("null", null, "Condition Null aws:SourceIp: request has aws:SourceIp but Null requires it absent"),
            ("bad policy value", ip, "Condition IpAddress aws:SourceIp: policy value \"10.0.0.0/33\" is not valid for IpAddress"),
        ];
        for (name, statement, message) in cases {
            let outcome = simulate(&policy(vec![statement]), &r);
            let got = outcome.statements[0]
                .no_match
                .as_ref()
                .map(|n| n.to_string());
            assert_eq!(got.as_deref(), Some(message), "{name}");
        }
    }

    #[test]
    fn outcome_serializes_with_reasons() {
        let p = policy(vec![Statement {
            sid: Some("Get".into()),
            ..statement(Effect::Allow, action(&["s3:GetObject"]), resource(&["*"]))
        }]);
        let outcome = simulate(&p, &Request::new("s3:PutObject", "arn:aws:s3:::b/k"));
        let json = serde_json::to_value(&outcome).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "decision": "ImplicitDeny",
                "deciding": null,
                "statements": [{
                    "index": 0,
                    "sid": "Get",
                    "effect": "Allow",
                    "matched": false,
                    "reason": "Action s3:PutObject is not in Action [s3:GetObject]",
                    "no_match": {
                        "kind": "Action",
                        "action": "s3:PutObject",
                        "element": "Action",
                        "patterns": ["s3:GetObject"]
                    }
                }]
            })
        );
    }
}
