//! Condition operators IAM does not know, condition keys the statement's
//! actions do not support, operators that do not fit the key's type, and
//! the `ForAllValues`/`ForAnyValue` traps (IAM User Guide, "Single-valued
//! vs. multivalued context keys").

use super::{Finding, Rule, Severity, Stmt};
use crate::catalog::{edit_distance, Catalog, ConditionType};

pub(super) fn check(catalog: &Catalog, s: &Stmt<'_>, out: &mut Vec<Finding>) {
    let granted = s.granted();
    let every_action = s.actions.iter().any(|(p, _)| *p == "*");
    for (operator, keys) in &s.statement.condition {
        if !is_known_operator(operator) {
            out.push(unknown_operator(s, operator));
            continue;
        }
        let (set, base) = split_operator(operator);
        for (key, values) in keys {
            let element = format!("Condition.{operator}.{key}");
            // Any key is valid for some action when every action is granted,
            // and nothing is known about NotAction statements.
            if !every_action
                && !granted.is_empty()
                && !catalog.is_key_of_any_request(key)
                && !granted
                    .iter()
                    .any(|&id| catalog.action_info(id).lists_condition_key(key))
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

/// The condition operators, without `IfExists` and the set prefixes (IAM
/// User Guide, "IAM JSON policy elements: Condition operators"). Spelled
/// exactly as AWS spells them, as the simulator reads them.
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

/// Whether IAM knows `operator`: a base operator, optionally after
/// `ForAnyValue:`/`ForAllValues:` and before `IfExists`; "you can add
/// IfExists to the end of any condition operator name except the Null
/// condition", and a set operator on `Null` asks nothing `Null` answers.
fn is_known_operator(operator: &str) -> bool {
    let has_set = operator.starts_with("ForAnyValue:") || operator.starts_with("ForAllValues:");
    let if_exists = operator.ends_with("IfExists");
    let (_, base) = split_operator(operator);
    OPERATORS.contains(&base) && !(base == "Null" && (has_set || if_exists))
}

/// An unknown or empty operator: IAM rejects the whole policy.
fn unknown_operator(s: &Stmt<'_>, operator: &str) -> Finding {
    let element = format!("Condition.{operator}");
    let mut f = Finding::new(
        Rule::UnknownConditionOperator,
        Severity::Error,
        s.location(&element),
        format!("{operator:?} is not a condition operator, so IAM rejects the policy"),
    );
    match suggest_known_operator(operator) {
        Some(better) => {
            f.message.push_str(&format!("; did you mean {better:?}?"));
            f.with_fix(better)
        }
        None => f.with_fix("use an operator such as StringEquals, StringLike, ArnLike or Bool"),
    }
}

/// "Did you mean": the known operator closest to `operator`, keeping its
/// set prefix and `IfExists` when they are spelled (nearly) right:
/// `StringEqualz` → `StringEquals`, `forallvalues:stringlike` →
/// `ForAllValues:StringLike`, `NullIfExists` → `Null`.
fn suggest_known_operator(operator: &str) -> Option<String> {
    let lower = operator.to_ascii_lowercase();
    let (set, rest) = match lower.split_once(':') {
        Some((set, rest)) => {
            let set = ["ForAnyValue:", "ForAllValues:"]
                .into_iter()
                .min_by_key(|s| edit_distance(&format!("{set}:"), &s.to_ascii_lowercase()))
                .filter(|s| edit_distance(&format!("{set}:"), &s.to_ascii_lowercase()) <= 3)?;
            (set, rest)
        }
        None => ("", lower.as_str()),
    };
    if rest.is_empty() {
        return None;
    }
    if rest.starts_with("null") {
        // Null takes neither IfExists nor a set operator.
        return Some("Null".to_string());
    }
    let (d, best) = OPERATORS
        .iter()
        .filter(|&&op| op != "Null")
        .flat_map(|&op| [op.to_string(), format!("{op}IfExists")])
        .map(|op| (edit_distance(rest, &op.to_ascii_lowercase()), op))
        .min()?;
    (d <= 3.max(rest.len() / 5)).then(|| format!("{set}{best}"))
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
    fn operators_are_known_or_not() {
        let cases = [
            ("plain", "StringEquals", true),
            ("if exists", "ArnLikeIfExists", true),
            ("set and if exists", "ForAnyValue:StringLikeIfExists", true),
            ("null", "Null", true),
            ("typo", "StringEqualz", false),
            ("empty", "", false),
            ("lowercase", "stringequals", false),
            ("null if exists", "NullIfExists", false),
            ("set on null", "ForAllValues:Null", false),
            ("unknown set prefix", "ForSomeValues:StringLike", false),
            ("if exists alone", "IfExists", false),
        ];
        for (name, operator, want) in cases {
            assert_eq!(is_known_operator(operator), want, "{name}");
        }
    }

    #[test]
    fn unknown_operators_get_a_did_you_mean() {
        let cases = [
            ("one letter off", "StringEqualz", Some("StringEquals")),
            ("case", "stringlike", Some("StringLike")),
            (
                "set prefix kept",
                "ForAllValues:StringEqual",
                Some("ForAllValues:StringEquals"),
            ),
            (
                "set prefix fixed",
                "ForAnyValues:StringLike",
                Some("ForAnyValue:StringLike"),
            ),
            ("if exists kept", "ArnLikeIfExist", Some("ArnLikeIfExists")),
            (
                "if exists spelled right",
                "StringLikIfExists",
                Some("StringLikeIfExists"),
            ),
            ("null takes no suffix", "NullIfExists", Some("Null")),
            ("null takes no set", "ForAllValues:Null", Some("Null")),
            ("empty", "", None),
            ("nothing close", "Whatever", None),
        ];
        for (name, operator, want) in cases {
            assert_eq!(suggest_known_operator(operator).as_deref(), want, "{name}");
        }
    }

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
