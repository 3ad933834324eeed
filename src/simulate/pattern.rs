//! Policy strings with variables and wildcards, resolved against a request.
//!
//! IAM User Guide, "IAM policy elements: Variables and tags":
//! - `${key}` is replaced by the value of `key` in the request context. Key
//!   names are not case-sensitive.
//! - `${key, 'default'}` uses `default` when the key cannot be resolved; the
//!   default is case-sensitive, spaces around the key and the quotes are
//!   ignored, and `''` inside it stands for one `'`.
//! - `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$` where
//!   those characters would otherwise be special.
//! - Replacement happens once: a value that looks like a variable stays text.
//! - Variables only exist in policy version `2012-10-17`; in `2008-10-17`
//!   (the default when `Version` is absent) `${...}` is plain text.
//! - "If AWS cannot resolve a variable this might cause the entire statement
//!   to be invalid": a string whose variable cannot be resolved (the key is
//!   missing, has several values, or the `${...}` is malformed) matches
//!   nothing. Callers decide what that means for the element.

use super::context::Context;

/// One unit of a resolved policy string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// A character compared as itself (including `*`, `?` and `$` that came
    /// from `${*}`, `${?}`, `${$}` or from a variable's value).
    Lit(char),
    /// A `*` written in the policy: any run of characters.
    Star,
    /// A `?` written in the policy: exactly one character.
    One,
}

/// A policy string after its variables were replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pattern(Vec<Tok>);

/// The `${...}` text of a variable that could not be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unresolved(pub(crate) String);

enum Variable {
    Literal(char),
    Key {
        key: String,
        default: Option<String>,
    },
}

impl Pattern {
    /// Resolves `text` against `context`; with `variables` false (policy
    /// version `2008-10-17`) every `${...}` is plain text.
    pub(crate) fn resolve(
        text: &str,
        context: &Context,
        variables: bool,
    ) -> Result<Pattern, Unresolved> {
        let chars: Vec<char> = text.chars().collect();
        Pattern::resolve_from(&chars, context, variables.then_some(0))
    }

    /// Resolves a `Resource`/`NotResource` entry: "You can use policy
    /// variables ... in the resource portion of the ARN" only, after the
    /// fifth colon (Variables and tags, "Where you can use policy
    /// variables"). Before it, `${...}` is literal text, so a variable in
    /// the account or region segment never matches a real ARN. A string
    /// with fewer than five colons (`*`, or not an ARN) has no resource
    /// part and its `${...}` stay text.
    pub(crate) fn resolve_resource(
        text: &str,
        context: &Context,
        variables: bool,
    ) -> Result<Pattern, Unresolved> {
        let chars: Vec<char> = text.chars().collect();
        let from = if variables {
            resource_part_start(&chars)
        } else {
            None
        };
        Pattern::resolve_from(&chars, context, from)
    }

    /// Replaces the variables that start at or after char index `from`
    /// (none when `from` is `None`).
    fn resolve_from(
        chars: &[char],
        context: &Context,
        from: Option<usize>,
    ) -> Result<Pattern, Unresolved> {
        let mut toks = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let variables = from.is_some_and(|from| i >= from);
            if variables && c == '$' && chars.get(i + 1) == Some(&'{') {
                let Some((variable, end)) = parse_variable(chars, i + 2) else {
                    let rest: String = chars[i..].iter().collect();
                    return Err(Unresolved(rest));
                };
                match variable {
                    Variable::Literal(c) => toks.push(Tok::Lit(c)),
                    Variable::Key { key, default } => {
                        let value = match context.get(&key) {
                            // A multivalued key cannot be a variable.
                            Some([one]) => Some(one.as_str()),
                            _ => default.as_deref(),
                        };
                        let Some(value) = value else {
                            return Err(Unresolved(chars[i..end].iter().collect()));
                        };
                        toks.extend(value.chars().map(Tok::Lit));
                    }
                }
                i = end;
                continue;
            }
            toks.push(match c {
                '*' => Tok::Star,
                '?' => Tok::One,
                c => Tok::Lit(c),
            });
            i += 1;
        }
        Ok(Pattern(toks))
    }

    /// The resolved text with `*` and `?` taken literally, for the
    /// operators that compare whole values (`StringEquals`, ...).
    pub(crate) fn to_literal(&self) -> String {
        self.0
            .iter()
            .map(|t| match *t {
                Tok::Lit(c) => c,
                Tok::Star => '*',
                Tok::One => '?',
            })
            .collect()
    }

    /// Whether the whole of `value` matches, case-sensitively; `*` crosses
    /// every character including `/` and `:`.
    pub(crate) fn is_match(&self, value: &str) -> bool {
        let value: Vec<char> = value.chars().collect();
        glob(&self.0, &value)
    }

    /// `ArnLike`/`ArnEquals`: "Each of the six colon-delimited components
    /// of the ARN is checked separately and each can include multi-character
    /// match wildcards (*) or single-character match wildcards (?)" (IAM
    /// JSON policy elements: Condition operators). The sixth component, the
    /// resource, may itself contain `:`. Either side not having six
    /// components does not match.
    pub(crate) fn is_arn_match(&self, value: &str) -> bool {
        let value: Vec<char> = value.chars().collect();
        let pattern_parts = split6(&self.0, |t| *t == Tok::Lit(':'));
        let value_parts = split6(&value, |c| *c == ':');
        match (pattern_parts, value_parts) {
            (Some(p), Some(v)) => p.iter().zip(v.iter()).all(|(p, v)| glob(p, v)),
            _ => false,
        }
    }
}

/// The char index just after the fifth colon of an ARN, where its
/// resource part starts; colons inside a `${...}` do not count, so
/// `arn:aws:iam::${aws:PrincipalAccount}:role/x` has its resource part at
/// `role/x` and `arn:aws:s3:::${aws:PrincipalTag/a:b}` at the variable.
/// `None` when there are fewer than five colons.
pub(crate) fn resource_part_start(chars: &[char]) -> Option<usize> {
    let mut colons = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            // An unclosed `${` is malformed, not a variable: its colons
            // count, and resolving it then fails.
            '$' if chars.get(i + 1) == Some(&'{') => {
                if let Some(close) = chars[i + 2..].iter().position(|c| *c == '}') {
                    i += close + 3;
                    continue;
                }
            }
            ':' => {
                colons += 1;
                if colons == 5 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Splits at the first five separators; `None` unless there are six parts.
fn split6<T>(items: &[T], is_sep: impl Fn(&T) -> bool) -> Option<Vec<&[T]>> {
    let mut parts = Vec::with_capacity(6);
    let mut start = 0;
    for (i, item) in items.iter().enumerate() {
        if parts.len() == 5 {
            break;
        }
        if is_sep(item) {
            parts.push(&items[start..i]);
            start = i + 1;
        }
    }
    if parts.len() != 5 {
        return None;
    }
    parts.push(&items[start..]);
    Some(parts)
}

/// Parses the inside of `${...}` starting just after `${`; returns the
/// variable and the index just after `}`, or `None` when malformed.
fn parse_variable(chars: &[char], start: usize) -> Option<(Variable, usize)> {
    let mut i = start;
    let mut key = String::new();
    while i < chars.len() && chars[i] != '}' && chars[i] != ',' {
        key.push(chars[i]);
        i += 1;
    }
    let key = key.trim().to_string();
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    match chars.get(i)? {
        '}' => {
            let variable = match key.as_str() {
                "*" => Variable::Literal('*'),
                "?" => Variable::Literal('?'),
                "$" => Variable::Literal('$'),
                _ => Variable::Key { key, default: None },
            };
            Some((variable, i + 1))
        }
        _ => {
            // `, 'default'`: skip spaces, read a quoted string in which `''`
            // is one quote, skip spaces, expect `}`.
            i += 1;
            while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                i += 1;
            }
            if chars.get(i) != Some(&'\'') {
                return None;
            }
            i += 1;
            let mut default = String::new();
            loop {
                match chars.get(i)? {
                    '\'' if chars.get(i + 1) == Some(&'\'') => {
                        default.push('\'');
                        i += 2;
                    }
                    '\'' => {
                        i += 1;
                        break;
                    }
                    c => {
                        default.push(*c);
                        i += 1;
                    }
                }
            }
            while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                i += 1;
            }
            if chars.get(i) != Some(&'}') {
                return None;
            }
            Some((
                Variable::Key {
                    key,
                    default: Some(default),
                },
                i + 1,
            ))
        }
    }
}

/// Linear-time glob with single-star backtracking (as `crate::wildcard`),
/// over tokens so that literal `*` from `${*}` stays literal.
fn glob(pattern: &[Tok], value: &[char]) -> bool {
    let (mut pi, mut vi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while vi < value.len() {
        match pattern.get(pi) {
            Some(Tok::One) => {
                pi += 1;
                vi += 1;
                continue;
            }
            Some(Tok::Lit(c)) if *c == value[vi] => {
                pi += 1;
                vi += 1;
                continue;
            }
            Some(Tok::Star) => {
                star = Some((pi, vi));
                pi += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, sv)) => {
                pi = sp + 1;
                vi = sv + 1;
                star = Some((sp, sv + 1));
            }
            None => return false,
        }
    }
    pattern[pi..].iter().all(|t| *t == Tok::Star)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        [
            ("aws:username", "alice"),
            ("aws:PrincipalTag/team", "web"),
            ("aws:TagKeys", "a"),
            ("aws:TagKeys", "b"),
            ("weird", "x*y"),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn resolve() {
        // (name, text, literal result or the unresolved variable)
        #[rustfmt::skip]
        let cases: [(&str, &str, Result<&str, &str>); 16] = [
            ("no variable", "arn:aws:s3:::b/*", Ok("arn:aws:s3:::b/*")),
            ("username", "home/${aws:username}/*", Ok("home/alice/*")),
            ("key ignores case", "${AWS:UserName}", Ok("alice")),
            ("principal tag", "${aws:PrincipalTag/team}", Ok("web")),
            ("missing key", "home/${aws:userid}/*", Err("${aws:userid}")),
            ("default used", "${aws:userid, 'nobody'}", Ok("nobody")),
            ("default unused", "${aws:username, 'nobody'}", Ok("alice")),
            ("spaces ignored", "${ aws:userid , 'x' }", Ok("x")),
            ("doubled quote", "${k, 'it''s'}", Ok("it's")),
            ("multivalued is unresolved", "${aws:TagKeys}", Err("${aws:TagKeys}")),
            ("special star", "a${*}b", Ok("a*b")),
            ("special dollar", "${$}{x}", Ok("${x}")),
            ("bare dollar is text", "a$b", Ok("a$b")),
            ("unclosed", "a${aws:username", Err("${aws:username")),
            ("empty", "${}", Err("${}")),
            ("replaced once", "${k, '${aws:username}'}", Ok("${aws:username}")),
        ];
        let context = context();
        for (name, text, want) in cases {
            let got = Pattern::resolve(text, &context, true)
                .map(|p| p.to_literal())
                .map_err(|u| u.0);
            let want = want.map(str::to_string).map_err(str::to_string);
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn resource_part() {
        // (name, ARN, the resource part)
        #[rustfmt::skip]
        let cases = [
            ("s3 object", "arn:aws:s3:::b/${aws:username}", Some("b/${aws:username}")),
            ("colon inside a variable", "arn:aws:s3:::${aws:PrincipalTag/a:b}", Some("${aws:PrincipalTag/a:b}")),
            ("variable in the account", "arn:aws:iam::${aws:PrincipalAccount}:role/x", Some("role/x")),
            ("resource keeps its colons", "arn:aws:logs:r:1:log-group:g:*", Some("log-group:g:*")),
            ("unclosed variable counts its colons", "arn:aws:s3:::${aws:x", Some("${aws:x")),
            ("star", "*", None),
            ("too few colons", "arn:aws:s3:${aws:x}", None),
        ];
        for (name, arn, want) in cases {
            let chars: Vec<char> = arn.chars().collect();
            let got = resource_part_start(&chars).map(|i| chars[i..].iter().collect::<String>());
            assert_eq!(got.as_deref(), want, "{name}");
        }
    }

    #[test]
    fn version_2008_has_no_variables() {
        // "Variables and tags": policy variables need Version 2012-10-17;
        // earlier versions treat `${...}` as literal text.
        let p = Pattern::resolve("${aws:userid}", &Context::new(), false).unwrap();
        assert_eq!(p.to_literal(), "${aws:userid}");
    }

    #[test]
    fn matching() {
        // (name, pattern, value, glob result, ARN-segment result)
        #[rustfmt::skip]
        let cases = [
            ("star crosses slash", "arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y", true, true),
            ("question is one char", "arn:aws:s3:::b/?", "arn:aws:s3:::b/xy", false, false),
            ("case-sensitive", "arn:aws:s3:::B/*", "arn:aws:s3:::b/x", false, false),
            ("literal star from ${*}", "arn:aws:s3:::b/${*}", "arn:aws:s3:::b/x", false, false),
            ("literal star matches star", "arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*", true, true),
            ("variable value is literal", "${weird}", "xzzy", false, false),
            // ArnLike: `*` stays in its component, so it cannot eat the account.
            ("arn star stays in its component", "arn:aws:sns:*:topic:*", "arn:aws:sns:us-east-1:123:topic:x", true, false),
            ("arn pattern needs six components", "arn:aws:*:123:*", "arn:aws:sns:us-east-1:123:t", true, false),
            ("arn segments", "arn:aws:sns:*:123:*", "arn:aws:sns:us-east-1:123:t", true, true),
            ("arn resource keeps colons", "arn:aws:logs:*:1:log-group:*", "arn:aws:logs:r:1:log-group:g:log-stream:s", true, true),
            ("not an arn", "*", "anything", true, false),
        ];
        let context = context();
        for (name, pattern, value, want_glob, want_arn) in cases {
            let p = Pattern::resolve(pattern, &context, true).unwrap();
            assert_eq!(p.is_match(value), want_glob, "{name} (glob)");
            assert_eq!(p.is_arn_match(value), want_arn, "{name} (arn)");
        }
    }
}
