//! Where a finding belongs on screen: the form fields whose values made the
//! statement it is about, and where that statement is in the printed JSON.
//!
//! A lint finding names its statement (`Location::statement`); the builder
//! shows it beside the fields that produced that statement, and selecting it
//! highlights the statement's text in the policy preview.
//!
//! ```
//! use std::collections::BTreeMap;
//! use policy_builder::placement::{params_in_statement, statement_span};
//! use policy_builder::policy::Policy;
//!
//! let policy = Policy::parse(r#"{"Version": "2012-10-17", "Statement": [
//!     {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#).unwrap();
//! let params = BTreeMap::from([("bucket".to_string(), "my-bucket".to_string())]);
//! assert_eq!(params_in_statement(&policy.statements[0], &params), ["bucket"]);
//! // Any order of (name, value) pairs; the answer keeps it.
//! let pairs = [("prefix".to_string(), "x".to_string()), ("bucket".to_string(), "my-bucket".to_string())];
//! assert_eq!(params_in_statement(&policy.statements[0], pairs.iter().map(|(k, v)| (k, v))), ["bucket"]);
//!
//! let json = policy.to_json();
//! let span = statement_span(&json, 0).unwrap();
//! assert!(json[span].contains("s3:ListBucket"));
//! ```

use std::ops::Range;

use crate::choices::Group;
use crate::policy::{ActionSpec, ResourceSpec, Statement};

/// The byte range of statement `index` (from `{` to its `}`) in `json`, a
/// policy document whose `Statement` is an array or a single object.
/// `None` when there is no such statement or the text is not a policy.
pub fn statement_span(json: &str, index: usize) -> Option<Range<usize>> {
    /// An open `{` or `[`: where, and whether it is a statement.
    struct Open {
        is_object: bool,
        start: usize,
        /// In an object: the key whose value comes next.
        key: Option<Range<usize>>,
        /// This container is the root's `Statement` value.
        is_statements: bool,
        is_statement: bool,
    }
    let bytes = json.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    let mut last_string: Option<Range<usize>> = None;
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                last_string = Some(start..i.min(bytes.len()));
            }
            b':' => {
                if let Some(top) = stack.last_mut() {
                    top.key = last_string.take();
                }
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.key = None;
                }
            }
            c @ (b'{' | b'[') => {
                let is_object = c == b'{';
                let (is_statements, is_statement) = match stack.as_slice() {
                    [root] => {
                        let under_statement = root.is_object
                            && root
                                .key
                                .as_ref()
                                .is_some_and(|k| &json[k.clone()] == "Statement");
                        (under_statement, under_statement && is_object)
                    }
                    [.., parent] => (
                        false,
                        is_object && parent.is_statements && !parent.is_object,
                    ),
                    [] => (false, false),
                };
                stack.push(Open {
                    is_object,
                    start: i,
                    key: None,
                    is_statements,
                    is_statement,
                });
            }
            b'}' | b']' => {
                let open = stack.pop()?;
                if open.is_statement {
                    if count == index {
                        return Some(open.start..i + 1);
                    }
                    count += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The recipe parameters (name, value) whose values appear in the
/// statement's resources or condition values, as whole segments of an ARN
/// or value (`app` in `js/app.js`, not in `apple`), in the order given.
/// Empty values and `true`/`false` never match.
pub fn params_in_statement<'a>(
    statement: &Statement,
    params: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Vec<String> {
    let texts = statement_texts(statement);
    params
        .into_iter()
        .filter(|(_, v)| {
            let v = v.trim();
            !v.is_empty() && v != "true" && v != "false"
        })
        .filter(|(_, v)| texts.iter().any(|t| contains_segment(t, v.trim())))
        .map(|(k, _)| k.clone())
        .collect()
}

/// The groups (by index) whose service prefixes one of the statement's
/// actions: `s3:PutObject` belongs to the `s3` group.
pub fn groups_in_statement(statement: &Statement, groups: &[Group]) -> Vec<usize> {
    let actions = match &statement.action {
        ActionSpec::Action(a) | ActionSpec::NotAction(a) => a,
    };
    groups
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            actions.iter().any(|a| {
                a.split_once(':')
                    .is_some_and(|(prefix, _)| prefix.eq_ignore_ascii_case(&g.service))
            })
        })
        .map(|(i, _)| i)
        .collect()
}

fn statement_texts(statement: &Statement) -> Vec<&str> {
    let resources = match &statement.resource {
        ResourceSpec::Resource(r) | ResourceSpec::NotResource(r) => r,
    };
    let conditions = statement
        .condition
        .values()
        .flat_map(|keys| keys.values())
        .flatten();
    resources
        .iter()
        .chain(conditions)
        .map(String::as_str)
        .collect()
}

/// Whether `needle` occurs in `text` with no letter or digit either side.
fn contains_segment(text: &str, needle: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    text.match_indices(needle).any(|(at, _)| {
        !is_word(text[..at].chars().next_back())
            && !is_word(text[at + needle.len()..].chars().next())
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::policy::Policy;

    const TWO: &str = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::my-bucket/js/app.js"},
        {"Effect": "Allow", "Action": "cloudfront:CreateInvalidation",
         "Resource": "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE",
         "Condition": {"StringEquals": {"aws:ResourceTag/env": ["dev"]}}}]}"#;

    #[test]
    fn spans_are_each_statement_in_the_printed_json() {
        for text in [
            TWO,
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": ["a}\"{[", "b"]}}}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}"#,
        ] {
            let policy = Policy::parse(text).unwrap();
            let json = policy.to_json();
            for (i, statement) in policy.statements.iter().enumerate() {
                let span = statement_span(&json, i).unwrap_or_else(|| panic!("{i} in {json}"));
                let one = format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
                    &json[span]
                );
                let back = Policy::parse(&one).unwrap_or_else(|e| panic!("{i}: {e}"));
                assert_eq!(&back.statements[0], statement, "statement {i} of {json}");
            }
            assert_eq!(statement_span(&json, policy.statements.len()), None);
        }
    }

    #[test]
    fn spans_of_text_that_is_not_a_policy() {
        for text in [
            "",
            "{",
            "}",
            "[[[",
            r#"{"Statement": "#,
            r#"{"Other": [{}]}"#,
        ] {
            assert_eq!(statement_span(text, 0), None, "{text:?}");
        }
    }

    /// A named case: the statement, the (name, value) pairs, the names found.
    type Case<'a> = (&'a str, usize, &'a [(&'a str, &'a str)], &'a [&'a str]);

    #[test]
    fn params_match_whole_segments() {
        let policy = Policy::parse(TWO).unwrap();
        let params = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let cases: &[Case] = &[
            (
                "bucket in the ARN",
                0,
                &[("bucket", "my-bucket"), ("distribution", "E2EXAMPLE")],
                &["bucket"],
            ),
            (
                "a file name is a segment",
                0,
                &[("container", "app")],
                &["container"],
            ),
            ("part of a word is not", 0, &[("container", "ap")], &[]),
            (
                "a condition value, in the order given",
                1,
                &[("env", "dev"), ("account", "123456789012")],
                &["env", "account"],
            ),
            ("booleans never match", 0, &[("production", "true")], &[]),
            ("empty never matches", 0, &[("prefix", "")], &[]),
        ];
        for (name, i, given, want) in cases {
            let given = params(given);
            let found =
                params_in_statement(&policy.statements[*i], given.iter().map(|(k, v)| (k, v)));
            assert_eq!(found, *want, "{name}");
        }
    }

    #[test]
    fn groups_by_service_prefix() {
        let policy = Policy::parse(TWO).unwrap();
        let groups = [
            Group::new("cloudfront"),
            Group::new("s3"),
            Group::new("s3express"),
        ];
        assert_eq!(groups_in_statement(&policy.statements[0], &groups), [1]);
        assert_eq!(groups_in_statement(&policy.statements[1], &groups), [0]);
    }
}
