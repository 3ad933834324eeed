//! The `Condition` element: operators, keys and values.
//!
//! IAM User Guide, "IAM JSON policy elements: Condition operators" and
//! "Creating a condition with multiple keys or values":
//! - all operators in a `Condition` block must be true (AND);
//! - within one operator, all keys must be true (AND);
//! - several values for one key are alternatives (OR); for a negated
//!   operator (`StringNotEquals`, ...) the request value must match none.
//!
//! Condition key names are not case-sensitive; values are compared
//! case-sensitively except by the `...IgnoreCase` operators (and `Bool`).

use std::net::IpAddr;

use super::context::Context;
use super::pattern::Pattern;
use super::value::{parse_bool, parse_date, parse_number, Cidr};
use super::{ConditionReason, NoMatch};
use crate::policy::Condition;

/// How the request's set of values is compared ("Single-valued vs
/// multivalued context keys").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SetOp {
    /// `ForAnyValue:`: at least one request value matches.
    AnyValue,
    /// `ForAllValues:`: every request value matches.
    AllValues,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    fn holds<T: PartialOrd>(self, request: T, policy: T) -> bool {
        match self {
            Cmp::Eq => request == policy,
            Cmp::Lt => request < policy,
            Cmp::Le => request <= policy,
            Cmp::Gt => request > policy,
            Cmp::Ge => request >= policy,
        }
    }
}

/// What one request value is compared with one policy value by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    String,
    StringIgnoreCase,
    StringLike,
    Numeric(Cmp),
    Date(Cmp),
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

/// A parsed operator such as `ForAllValues:StringNotLikeIfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Operator {
    set: Option<SetOp>,
    kind: Kind,
    /// The `Not` forms: true when no policy value matches.
    negated: bool,
    if_exists: bool,
}

/// Base operator names, the comparison they use, and whether negated.
const OPERATORS: &[(&str, Kind, bool)] = &[
    ("StringEquals", Kind::String, false),
    ("StringNotEquals", Kind::String, true),
    ("StringEqualsIgnoreCase", Kind::StringIgnoreCase, false),
    ("StringNotEqualsIgnoreCase", Kind::StringIgnoreCase, true),
    ("StringLike", Kind::StringLike, false),
    ("StringNotLike", Kind::StringLike, true),
    ("NumericEquals", Kind::Numeric(Cmp::Eq), false),
    ("NumericNotEquals", Kind::Numeric(Cmp::Eq), true),
    ("NumericLessThan", Kind::Numeric(Cmp::Lt), false),
    ("NumericLessThanEquals", Kind::Numeric(Cmp::Le), false),
    ("NumericGreaterThan", Kind::Numeric(Cmp::Gt), false),
    ("NumericGreaterThanEquals", Kind::Numeric(Cmp::Ge), false),
    ("DateEquals", Kind::Date(Cmp::Eq), false),
    ("DateNotEquals", Kind::Date(Cmp::Eq), true),
    ("DateLessThan", Kind::Date(Cmp::Lt), false),
    ("DateLessThanEquals", Kind::Date(Cmp::Le), false),
    ("DateGreaterThan", Kind::Date(Cmp::Gt), false),
    ("DateGreaterThanEquals", Kind::Date(Cmp::Ge), false),
    ("Bool", Kind::Bool, false),
    ("BinaryEquals", Kind::Binary, false),
    ("IpAddress", Kind::Ip, false),
    ("NotIpAddress", Kind::Ip, true),
    // "ArnEquals, ArnLike: Case-sensitive matching of the ARN" -- the two
    // behave the same, both take wildcards per ARN component.
    ("ArnEquals", Kind::Arn, false),
    ("ArnLike", Kind::Arn, false),
    ("ArnNotEquals", Kind::Arn, true),
    ("ArnNotLike", Kind::Arn, true),
    ("Null", Kind::Null, false),
];

impl Operator {
    /// Operator names are matched exactly as AWS spells them; anything else
    /// is unknown and the statement does not match.
    fn parse(text: &str) -> Option<Operator> {
        let (set, rest) = if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Some(SetOp::AnyValue), rest)
        } else if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Some(SetOp::AllValues), rest)
        } else {
            (None, text)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let &(_, kind, negated) = OPERATORS.iter().find(|(name, _, _)| *name == base)?;
        // "You can add IfExists to the end of any condition operator name
        // except the Null condition"; a set operator on Null asks nothing
        // Null can answer, so it is treated as unknown too.
        if kind == Kind::Null && (if_exists || set.is_some()) {
            return None;
        }
        Some(Operator {
            set,
            kind,
            negated,
            if_exists,
        })
    }
}

/// A policy value parsed once for its operator.
enum PolicyValue {
    Text(Pattern),
    Number(f64),
    Date(i64),
    Bool(bool),
    Cidr(Cidr),
}

/// Evaluates a whole `Condition` block; the first condition that is not
/// satisfied explains why the statement does not match.
pub(crate) fn evaluate(
    condition: &Condition,
    context: &Context,
    variables: bool,
) -> Result<(), NoMatch> {
    for (operator, keys) in condition {
        for (key, values) in keys {
            evaluate_one(operator, key, values, context, variables).map_err(|reason| {
                NoMatch::Condition {
                    operator: operator.clone(),
                    key: key.clone(),
                    reason,
                }
            })?;
        }
    }
    Ok(())
}

fn evaluate_one(
    operator: &str,
    key: &str,
    values: &[String],
    context: &Context,
    variables: bool,
) -> Result<(), ConditionReason> {
    let op = Operator::parse(operator).ok_or(ConditionReason::UnknownOperator)?;
    if values.is_empty() {
        return Err(ConditionReason::NoPolicyValues);
    }
    // "Variables and tags": a value whose variable the request cannot
    // resolve matches nothing, so only that value is dropped; the other
    // values of the list are alternatives (OR) and still apply. A value of
    // the wrong type still spoils the whole condition.
    let mut policy = Vec::with_capacity(values.len());
    let mut unresolved = None;
    for v in values {
        match parse_policy_value(op.kind, v, context, variables)? {
            Ok(p) => policy.push(p),
            Err(variable) => {
                unresolved.get_or_insert(variable);
            }
        }
    }
    let request = context.get(key);

    if op.kind == Kind::Null {
        // "Null: true -- the key doesn't exist, it is null; false -- the key
        // exists and its value is not null."
        let is_missing = request.is_none();
        let wanted = policy
            .iter()
            .any(|p| matches!(p, PolicyValue::Bool(b) if *b == is_missing));
        return match (wanted, is_missing) {
            (true, _) => Ok(()),
            (false, true) => Err(ConditionReason::MissingKey),
            (false, false) => Err(ConditionReason::KeyPresent),
        };
    }

    let Some(request) = request else {
        return match (op.if_exists, op.set, op.negated) {
            // "...IfExists: If the policy key is present in the context of
            // the request, process the key as specified in the policy. If the
            // key is not present, evaluate the condition element as true."
            (true, _, _) => Ok(()),
            // "Single-valued vs multivalued context keys": ForAllValues also
            // returns true when the request has no such context key (or it
            // resolves to an empty set) -- the documented trap: a missing key
            // satisfies every ForAllValues condition, so pair it with Null.
            (false, Some(SetOp::AllValues), _) => Ok(()),
            // Same page: ForAnyValue needs at least one request value to
            // match, so a missing key makes it false.
            (false, Some(SetOp::AnyValue), _) => Err(ConditionReason::MissingKey),
            // "Condition operators": if the key is not present in the
            // request context the values do not match, so a positive
            // operator is false and a negated one (StringNotEquals,
            // NotIpAddress, ...) is true.
            (false, None, true) => Ok(()),
            (false, None, false) => Err(ConditionReason::MissingKey),
        };
    };

    // For each request value: does it match any policy value?
    let mut hits = Vec::with_capacity(request.len());
    for r in request {
        let mut hit = false;
        for p in &policy {
            hit |= is_value_match(op.kind, r, p)?;
        }
        hits.push(hit);
    }
    let satisfied = match (op.set, op.negated) {
        // Plain operators on a (normally single-valued) key: some request
        // value matches some policy value; negated: none does.
        (None, false) | (Some(SetOp::AnyValue), false) => hits.iter().any(|h| *h),
        (None, true) | (Some(SetOp::AllValues), true) => hits.iter().all(|h| !*h),
        // ForAnyValue with a negated operator: some request value matches
        // no policy value.
        (Some(SetOp::AnyValue), true) => hits.iter().any(|h| !*h),
        // ForAllValues: every request value matches some policy value.
        (Some(SetOp::AllValues), false) => hits.iter().all(|h| *h),
    };
    // With every value dropped nothing matches: a positive operator is
    // false and a negated one true ("no policy value matches"), so a Deny
    // such as `ArnNotLike` on `${aws:PrincipalTag/trusted}` still denies
    // a principal without that tag rather than failing open.
    if satisfied {
        Ok(())
    } else if let (true, Some(variable)) = (policy.is_empty(), unresolved) {
        Err(ConditionReason::UnresolvedVariable { variable })
    } else {
        Err(ConditionReason::NotSatisfied {
            policy: values.to_vec(),
            request: request.to_vec(),
        })
    }
}

/// Parses one policy value for its operator: `Ok(Err(variable))` when it
/// uses a variable the request cannot resolve, `Err` when it is not of the
/// operator's type.
fn parse_policy_value(
    kind: Kind,
    text: &str,
    context: &Context,
    variables: bool,
) -> Result<Result<PolicyValue, String>, ConditionReason> {
    // Variables may appear in condition values ("Variables and tags":
    // "Where you can use policy variables"), so resolve before parsing.
    let pattern = match Pattern::resolve(text, context, variables) {
        Ok(pattern) => pattern,
        Err(u) => return Ok(Err(u.0)),
    };
    let invalid = || ConditionReason::InvalidPolicyValue {
        value: text.to_string(),
    };
    let literal = pattern.to_literal();
    Ok(Ok(match kind {
        Kind::String | Kind::StringIgnoreCase | Kind::StringLike | Kind::Binary | Kind::Arn => {
            PolicyValue::Text(pattern)
        }
        Kind::Numeric(_) => PolicyValue::Number(parse_number(&literal).ok_or_else(invalid)?),
        Kind::Date(_) => PolicyValue::Date(parse_date(&literal).ok_or_else(invalid)?),
        Kind::Bool | Kind::Null => PolicyValue::Bool(parse_bool(&literal).ok_or_else(invalid)?),
        Kind::Ip => PolicyValue::Cidr(Cidr::parse(&literal).ok_or_else(invalid)?),
    }))
}

/// Whether one request value matches one policy value under the positive
/// form of the operator. A request value the operator cannot read (an IP
/// that is not an address, ...) is an error, so that neither a positive nor
/// a negated operator is satisfied by garbage.
fn is_value_match(
    kind: Kind,
    request: &str,
    policy: &PolicyValue,
) -> Result<bool, ConditionReason> {
    let invalid = || ConditionReason::InvalidRequestValue {
        value: request.to_string(),
    };
    Ok(match (kind, policy) {
        (Kind::String | Kind::Binary, PolicyValue::Text(p)) => request == p.to_literal(),
        (Kind::StringIgnoreCase, PolicyValue::Text(p)) => {
            request.to_lowercase() == p.to_literal().to_lowercase()
        }
        (Kind::StringLike, PolicyValue::Text(p)) => p.is_match(request),
        (Kind::Arn, PolicyValue::Text(p)) => p.is_arn_match(request),
        (Kind::Numeric(cmp), PolicyValue::Number(p)) => {
            cmp.holds(parse_number(request).ok_or_else(invalid)?, *p)
        }
        (Kind::Date(cmp), PolicyValue::Date(p)) => {
            cmp.holds(parse_date(request).ok_or_else(invalid)?, *p)
        }
        (Kind::Bool, PolicyValue::Bool(p)) => parse_bool(request).ok_or_else(invalid)? == *p,
        (Kind::Ip, PolicyValue::Cidr(p)) => {
            p.contains(request.parse::<IpAddr>().map_err(|_| invalid())?)
        }
        // `parse_policy_value` pairs every kind with its value type, and
        // Null never gets here; a mismatch is still just "no match".
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_names() {
        // (name, text, known)
        #[rustfmt::skip]
        let cases = [
            ("plain", "StringEquals", true),
            ("set and if-exists", "ForAllValues:StringNotLikeIfExists", true),
            ("any value", "ForAnyValue:ArnLike", true),
            ("case matters", "stringequals", false),
            ("typo", "StringEqual", false),
            ("no Null IfExists", "NullIfExists", false),
            ("no set op on Null", "ForAnyValue:Null", false),
            ("set op alone", "ForAnyValue:", false),
            ("empty", "", false),
        ];
        for (name, text, known) in cases {
            assert_eq!(Operator::parse(text).is_some(), known, "{name}");
        }
    }
}
