//! Condition keys the statement's actions do not support, operators that do
//! not fit the key's type, and the `ForAllValues`/`ForAnyValue` traps
//! (IAM User Guide, "Single-valued vs. multivalued context keys").

use super::{Finding, Rule, Severity, Stmt};
use crate::catalog::{Catalog, ConditionType};

pub(super) fn check(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    let granted = s.granted();
    let every_action = s.actions.iter().any(|(p, _)| *p == "*");
    for (operator, keys) in &s.statement.condition {
        let (set, base) = split_operator(operator);
        for (key, values) in keys {
            let element = format!("Condition.{operator}.{key}");
            // Any key is valid for some action when every action is granted,
            // and nothing is known about NotAction statements.
            if !every_action
                && !granted.is_empty()
                && !granted
                    .iter()
                    .any(|&id| catalog.action_info(id).supports_condition_key(key))
            {
                out.push(Finding::new(
                    Rule::UnsupportedConditionKey,
                    Severity::Warning,
                    s.location(&element),
                    format!(
                        "{key} is not a condition key of any action in this statement, so the \
                         condition never matches (or always does, with IfExists)"
                    ),
                ));
            }
            let Some(kind) = catalog.condition_key(key).map(|k| k.kind()) else {
                continue;
            };
            if kind == ConditionType::Unknown {
                continue;
            }
            if !operator_fits(base, kind.element(), values) {
                out.push(
                    Finding::new(
                        Rule::ConditionOperatorMismatch,
                        Severity::Warning,
                        s.location(&element),
                        format!("{base} does not fit {key}, whose values are of type {kind}"),
                    )
                    .with_fix(format!("use {}", suggest_operator(base, kind.element()))),
                );
            }
            match set {
                Some(SetOperator::ForAllValues) if !kind.is_multivalued() => {
                    out.push(
                        Finding::new(
                            Rule::ForAllValuesSingleValued,
                            Severity::Warning,
                            s.location(&element),
                            format!(
                                "{key} is single-valued, and ForAllValues is true when the key is \
                                 missing from the request"
                            ),
                        )
                        .with_fix(format!("use {base} without ForAllValues:")),
                    );
                }
                None if kind.is_multivalued() && base != "Null" => {
                    out.push(
                        Finding::new(
                            Rule::MultivaluedWithoutSetOperator,
                            Severity::Warning,
                            s.location(&element),
                            format!(
                                "{key} can hold several values; say whether any or all of them \
                                 must match"
                            ),
                        )
                        .with_fix(format!("ForAnyValue:{operator} or ForAllValues:{operator}")),
                    );
                }
                _ => {}
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SetOperator {
    ForAnyValue,
    ForAllValues,
}

/// `ForAllValues:StringLikeIfExists` → (ForAllValues, `StringLike`).
fn split_operator(operator: &str) -> (Option<SetOperator>, &str) {
    let (set, rest) = if let Some(rest) = operator.strip_prefix("ForAnyValue:") {
        (Some(SetOperator::ForAnyValue), rest)
    } else if let Some(rest) = operator.strip_prefix("ForAllValues:") {
        (Some(SetOperator::ForAllValues), rest)
    } else {
        (None, operator)
    };
    (set, rest.strip_suffix("IfExists").unwrap_or(rest))
}

/// Whether the operator family `base` compares values of type `element`.
/// Unknown operators are left to the parser and the simulator.
fn operator_fits(base: &str, element: ConditionType, values: &[String]) -> bool {
    use ConditionType as T;
    if base == "Null" {
        return true;
    }
    if base.starts_with("String") {
        return element == T::String;
    }
    if base.starts_with("Numeric") {
        return element == T::Numeric;
    }
    if base.starts_with("Date") {
        return element == T::Date;
    }
    if base == "Bool" {
        return element == T::Bool;
    }
    if base == "IpAddress" || base == "NotIpAddress" {
        return element == T::IpAddress;
    }
    if base.starts_with("Arn") {
        return element == T::Arn
            || (element == T::String && values.iter().all(|v| v.starts_with("arn:")));
    }
    if base == "BinaryEquals" {
        return element == T::Binary;
    }
    true
}

/// The operator of the key's type closest to `base`: `StringLike` on an
/// ARN key → `ArnLike`, `StringEquals` on a number → `NumericEquals`.
fn suggest_operator(base: &str, element: ConditionType) -> String {
    use ConditionType as T;
    const COMPARE: &[&str] = &[
        "Equals",
        "NotEquals",
        "LessThan",
        "LessThanEquals",
        "GreaterThan",
        "GreaterThanEquals",
    ];
    const MATCH: &[&str] = &["Equals", "NotEquals", "Like", "NotLike"];
    let (family, suffixes, default): (&str, &[&str], &str) = match element {
        T::Numeric => ("Numeric", COMPARE, "Equals"),
        T::Date => ("Date", COMPARE, "Equals"),
        T::Arn => ("Arn", MATCH, "Like"),
        T::Bool => return "Bool".to_string(),
        T::IpAddress if base.starts_with("StringNot") => return "NotIpAddress".to_string(),
        T::IpAddress => return "IpAddress".to_string(),
        T::Binary => return "BinaryEquals".to_string(),
        _ => ("String", MATCH, "Equals"),
    };
    let suffix = ["String", "Numeric", "Date", "Arn"]
        .iter()
        .find_map(|f| base.strip_prefix(f))
        .filter(|s| suffixes.contains(s))
        .unwrap_or(default);
    format!("{family}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_split_into_set_and_base() {
        let cases = [
            ("plain", "StringEquals", None, "StringEquals"),
            ("if exists", "StringLikeIfExists", None, "StringLike"),
            (
                "any",
                "ForAnyValue:StringLike",
                Some(SetOperator::ForAnyValue),
                "StringLike",
            ),
            (
                "all if exists",
                "ForAllValues:StringEqualsIfExists",
                Some(SetOperator::ForAllValues),
                "StringEquals",
            ),
        ];
        for (name, operator, set, base) in cases {
            assert_eq!(split_operator(operator), (set, base), "{name}");
        }
    }

    #[test]
    fn operators_fit_key_types() {
        use ConditionType as T;
        let arn = vec!["arn:aws:iam::1:role/x".to_string()];
        let text = vec!["x".to_string()];
        let cases = [
            ("string on string", "StringLike", T::String, &text, true),
            ("string on ip", "StringEquals", T::IpAddress, &text, false),
            (
                "numeric on numeric",
                "NumericLessThan",
                T::Numeric,
                &text,
                true,
            ),
            (
                "numeric on string",
                "NumericEquals",
                T::String,
                &text,
                false,
            ),
            ("date on date", "DateGreaterThan", T::Date, &text, true),
            ("bool on bool", "Bool", T::Bool, &text, true),
            ("bool on string", "Bool", T::String, &text, false),
            ("ip on ip", "NotIpAddress", T::IpAddress, &text, true),
            ("arn on arn", "ArnLike", T::Arn, &text, true),
            (
                "arn on string with ARN values",
                "ArnEquals",
                T::String,
                &arn,
                true,
            ),
            (
                "arn on string with other values",
                "ArnEquals",
                T::String,
                &text,
                false,
            ),
            ("null on anything", "Null", T::Numeric, &text, true),
            ("binary on binary", "BinaryEquals", T::Binary, &text, true),
        ];
        for (name, base, element, values, want) in cases {
            assert_eq!(operator_fits(base, element, values), want, "{name}");
        }
    }

    #[test]
    fn fixes_suggest_the_matching_operator() {
        use ConditionType as T;
        let cases = [
            ("like on arn", "StringLike", T::Arn, "ArnLike"),
            ("equals on arn", "StringEquals", T::Arn, "ArnEquals"),
            (
                "less than on string",
                "NumericLessThan",
                T::String,
                "StringEquals",
            ),
            (
                "equals on number",
                "StringEquals",
                T::Numeric,
                "NumericEquals",
            ),
            ("string on date", "StringLike", T::Date, "DateEquals"),
            ("string on bool", "StringEquals", T::Bool, "Bool"),
            (
                "not equals on ip",
                "StringNotEquals",
                T::IpAddress,
                "NotIpAddress",
            ),
        ];
        for (name, base, element, want) in cases {
            assert_eq!(suggest_operator(base, element), want, "{name}");
        }
    }
}
