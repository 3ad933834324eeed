//! Reading a pasted policy: JSON syntax, then the IAM policy grammar, with
//! the line, column and JSON path of the first problem.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use crate::catalog::edit_distance;

use super::json::{self, Member, Node, PathDisplay, Pos, Segment, Value};
use super::{ActionSpec, Condition, Effect, Policy, ResourceSpec, Statement, VERSION};

/// The policy language version IAM uses when a policy names none.
pub const OLD_VERSION: &str = "2008-10-17";

/// Why a document is not a policy, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line of the offending value or key.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The JSON path to it, such as `Statement[1].Effect`; empty for the
    /// document itself.
    pub path: String,
    /// What is wrong.
    pub kind: ParseErrorKind,
}

/// What a [`ParseError`] reports: first JSON syntax, then IAM grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The document ends where something else was expected.
    UnexpectedEnd {
        /// What was expected, in words.
        expected: &'static str,
    },
    /// A character that cannot appear here.
    UnexpectedCharacter {
        /// The character found.
        found: char,
        /// What was expected, in words.
        expected: &'static str,
    },
    /// A comma directly before `]` or `}`; JSON does not allow it.
    TrailingComma,
    /// A backslash escape in a string that JSON does not define, or a
    /// broken `\u` escape.
    InvalidEscape,
    /// A number that is not written the JSON way.
    InvalidNumber,
    /// A raw control character, such as a line break, inside a string.
    ControlCharacterInString,
    /// More text after the document's closing bracket.
    TrailingCharacters,
    /// Arrays and objects nested deeper than `max`.
    TooDeep {
        /// The nesting limit.
        max: usize,
    },
    /// The document is larger than `max` bytes.
    TooLarge {
        /// Its size in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// The same key twice in one object.
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// The document is not a JSON object.
    NotAnObject {
        /// What it is instead, in words.
        found: &'static str,
    },
    /// A value of the wrong JSON type.
    WrongType {
        /// What the grammar allows here, in words.
        expected: &'static str,
        /// What the document has, in words.
        found: &'static str,
    },
    /// The policy has no `Statement`.
    MissingStatement,
    /// `Version` is neither `2012-10-17` nor `2008-10-17`.
    UnsupportedVersion {
        /// The version written.
        found: String,
    },
    /// `Effect` is neither `Allow` nor `Deny`.
    InvalidEffect {
        /// The effect written.
        found: String,
    },
    /// A statement has no `Effect`.
    MissingEffect,
    /// A statement has both `Action` and `NotAction`.
    BothActionAndNotAction,
    /// A statement has neither `Action` nor `NotAction`.
    MissingAction,
    /// A statement has both `Resource` and `NotResource`.
    BothResourceAndNotResource,
    /// A statement has neither `Resource` nor `NotResource`.
    MissingResource,
    /// `Action`, `NotAction`, `Resource` or `NotResource` is an empty list.
    EmptyList {
        /// The element.
        element: &'static str,
    },
    /// An element IAM does not know.
    UnknownElement {
        /// The element's name as written.
        name: String,
        /// The known element it most likely means.
        suggestion: Option<&'static str>,
    },
    /// `Principal` or `NotPrincipal`, which only resource-based policies have.
    PrincipalInIdentityPolicy {
        /// `Principal` or `NotPrincipal`.
        element: &'static str,
    },
    /// A `Sid` with characters other than ASCII letters and digits.
    InvalidSid {
        /// The Sid written.
        sid: String,
    },
    /// Two statements with the same `Sid`.
    DuplicateSid {
        /// The repeated Sid.
        sid: String,
    },
    /// A condition value that is an object; values are strings, numbers,
    /// booleans or arrays of them.
    ConditionValueObject,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, " ({})", self.path)?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for ParseError {}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ParseErrorKind::*;
        match self {
            UnexpectedEnd { expected } => {
                write!(f, "the document ends too early: expected {expected}")
            }
            UnexpectedCharacter { found, expected } => {
                if found.is_control() {
                    write!(f, "expected {expected}, found `{}`", found.escape_default())?;
                } else {
                    write!(f, "expected {expected}, found `{found}`")?;
                }
                if *found == '\'' {
                    f.write_str(" (JSON strings use double quotes)")?;
                }
                Ok(())
            }
            TrailingComma => f.write_str("remove this comma: JSON allows none before `]` or `}`"),
            InvalidEscape => f.write_str(
                "invalid escape: after `\\` JSON allows only \" \\ / b f n r t or u and 4 hex digits",
            ),
            InvalidNumber => f.write_str("this is not a valid JSON number"),
            ControlCharacterInString => f.write_str(
                "a string cannot contain a raw line break or control character; write it as \\n or \\t",
            ),
            TrailingCharacters => f.write_str("unexpected text after the end of the policy"),
            TooDeep { max } => write!(f, "arrays and objects are nested more than {max} deep"),
            TooLarge { len, max } => write!(
                f,
                "the document is {len} bytes; documents larger than {max} bytes are not read"
            ),
            DuplicateKey { key } => write!(
                f,
                "{key:?} appears twice in the same object; each key may appear only once"
            ),
            NotAnObject { found } => {
                write!(f, "a policy must be a JSON object {{ … }}, not {found}")
            }
            WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            MissingStatement => f.write_str("the policy has no Statement"),
            UnsupportedVersion { found } => write!(
                f,
                "Version must be \"{VERSION}\" (or the older \"{OLD_VERSION}\"), not {found:?}"
            ),
            InvalidEffect { found } => {
                write!(f, "Effect must be \"Allow\" or \"Deny\", not {found:?}")
            }
            MissingEffect => f.write_str(
                "the statement has no Effect: add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"",
            ),
            BothActionAndNotAction => {
                f.write_str("a statement has Action or NotAction, not both")
            }
            MissingAction => f.write_str("the statement has neither Action nor NotAction"),
            BothResourceAndNotResource => {
                f.write_str("a statement has Resource or NotResource, not both")
            }
            MissingResource => f.write_str(
                "the statement has neither Resource nor NotResource; identity policies need one",
            ),
            EmptyList { element } => write!(f, "{element} must not be an empty list"),
            UnknownElement { name, suggestion } => {
                write!(f, "unknown element {name:?}")?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean {s:?}?")?;
                }
                Ok(())
            }
            PrincipalInIdentityPolicy { element } => write!(
                f,
                "{element} is not allowed here: this looks like a resource-based policy \
                 (such as a bucket policy or a role trust policy); an identity policy \
                 applies to whoever it is attached to and names no principal"
            ),
            InvalidSid { sid } => {
                write!(f, "Sid {sid:?} must contain only ASCII letters and digits")
            }
            DuplicateSid { sid } => write!(
                f,
                "Sid {sid:?} is already used by an earlier statement; Sids must be unique"
            ),
            ConditionValueObject => f.write_str(
                "a condition value must be a string, number, boolean or an array of them, \
                 not an object",
            ),
        }
    }
}

/// Something legal but doubtful about a parsed policy's grammar. These are
/// findings for the linter, not parse errors.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GrammarIssue {
    /// The policy has no `Version`, so IAM reads it as `2008-10-17`.
    MissingVersion,
    /// The policy says `Version: 2008-10-17`.
    OldVersion,
}

impl fmt::Display for GrammarIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let consequence = "so policy variables such as ${aws:username} are not replaced";
        match self {
            GrammarIssue::MissingVersion => write!(
                f,
                "the policy has no Version, so IAM uses \"{OLD_VERSION}\", {consequence}; \
                 add \"Version\": \"{VERSION}\""
            ),
            GrammarIssue::OldVersion => write!(
                f,
                "Version \"{OLD_VERSION}\" is the old policy language, {consequence}; \
                 use \"{VERSION}\""
            ),
        }
    }
}

impl Policy {
    /// Parses an identity-based policy, as pasted from the console or a file.
    ///
    /// Returns the first JSON syntax or grammar error. A missing or old
    /// `Version` is not an error: the policy parses with `version: None` (or
    /// `2008-10-17`) and [`Policy::check_grammar`] reports it, so a linter can
    /// show it as a finding next to the others.
    ///
    /// ```
    /// use policy_builder::policy::Policy;
    ///
    /// let err = Policy::parse(r#"{
    ///     "Version": "2012-10-17",
    ///     "Statement": {
    ///         "Effect": "Alow",
    ///         "Action": "s3:GetObject",
    ///         "Resource": "*"
    ///     }
    /// }"#).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     r#"line 4, column 19 (Statement.Effect): Effect must be "Allow" or "Deny", not "Alow""#
    /// );
    /// ```
    pub fn parse(text: &str) -> Result<Policy, ParseError> {
        policy_from_node(&parse_json(text)?)
    }

    /// Grammar that parses but deserves a finding: a missing or old Version.
    pub fn check_grammar(&self) -> Vec<GrammarIssue> {
        match self.version.as_deref() {
            None => vec![GrammarIssue::MissingVersion],
            Some(OLD_VERSION) => vec![GrammarIssue::OldVersion],
            Some(_) => Vec::new(),
        }
    }
}

impl FromStr for Policy {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Policy, ParseError> {
        Policy::parse(s)
    }
}

/// Who one statement of a resource-based policy (a bucket policy, a role's
/// trust policy) applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalSpec {
    /// `Principal`.
    Principal(Principals),
    /// `NotPrincipal`: everyone but these.
    NotPrincipal(Principals),
}

/// The value of `Principal` or `NotPrincipal`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principals {
    /// `"*"`: anyone, in any account, signed or anonymous.
    Any,
    /// Principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`) →
    /// the values as written.
    Some(BTreeMap<String, Vec<String>>),
}

/// A resource-based policy: the statements, read with the identity grammar
/// plus `Principal`/`NotPrincipal`, and one principal per statement.
///
/// ```
/// use policy_builder::policy::{Principals, PrincipalSpec, ResourcePolicy};
///
/// let p = ResourcePolicy::parse(r#"{"Version": "2012-10-17", "Statement": {
///     "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
///     "Resource": "arn:aws:s3:::site/*"}}"#)?;
/// assert_eq!(p.principals, [Some(PrincipalSpec::Principal(Principals::Any))]);
/// # Ok::<(), policy_builder::policy::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourcePolicy {
    /// The statements. A statement without `Resource` (a trust policy's)
    /// has `Resource: "*"`: the resource the policy is attached to.
    pub policy: Policy,
    /// `principals[i]` is statement `i`'s; `None` when it names none.
    pub principals: Vec<Option<PrincipalSpec>>,
}

impl ResourcePolicy {
    /// Parses a resource-based policy: the identity grammar, plus
    /// `Principal` or `NotPrincipal`, and `Resource` optional.
    pub fn parse(text: &str) -> Result<ResourcePolicy, ParseError> {
        resource_policy_from_node(&parse_json(text)?)
    }
}

/// Parses JSON into a span-aware tree, errors as [`ParseError`]s.
pub(crate) fn parse_json(text: &str) -> Result<Node, ParseError> {
    json::parse(text).map_err(syntax_error)
}

/// [`parse_json`] for files larger than a policy: templates and plans.
pub(crate) fn parse_limited(text: &str, max_bytes: usize) -> Result<Node, ParseError> {
    json::parse_limited(text, max_bytes).map_err(syntax_error)
}

fn syntax_error(e: json::SyntaxError) -> ParseError {
    ParseError {
        line: e.pos.line,
        column: e.pos.column,
        path: PathDisplay(&e.path).to_string(),
        kind: e.kind,
    }
}

/// Reads an identity policy from a span-aware tree (a whole file, or a
/// document inside a template, whose positions are the template's).
pub(crate) fn policy_from_node(root: &Node) -> Result<Policy, ParseError> {
    Walker::new(false).policy(root)
}

/// Reads a resource-based policy from a span-aware tree.
pub(crate) fn resource_policy_from_node(root: &Node) -> Result<ResourcePolicy, ParseError> {
    let mut w = Walker::new(true);
    let policy = w.policy(root)?;
    Ok(ResourcePolicy {
        policy,
        principals: w.principals,
    })
}

const POLICY_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: &[&str] = &[
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// The known element an unknown name most likely means: same letters in
/// another case, or at most two edits away.
fn suggest(name: &str, known: &[&'static str]) -> Option<&'static str> {
    if name.chars().count() > 24 {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Walks the span-aware JSON tree, keeping the path for error messages.
struct Walker {
    path: Vec<Segment>,
    /// Whether `Principal` is allowed and `Resource` optional.
    resource_based: bool,
    /// Each statement's principal, when `resource_based`.
    principals: Vec<Option<PrincipalSpec>>,
}

type Walk<T> = Result<T, ParseError>;

impl Walker {
    fn new(resource_based: bool) -> Walker {
        Walker {
            path: Vec::new(),
            resource_based,
            principals: Vec::new(),
        }
    }

    fn error(&self, pos: Pos, kind: ParseErrorKind) -> ParseError {
        ParseError {
            line: pos.line,
            column: pos.column,
            path: PathDisplay(&self.path).to_string(),
            kind,
        }
    }

    /// An error about a member's key, with the key in the path.
    fn key_error(&mut self, member: &Member, kind: ParseErrorKind) -> ParseError {
        self.path.push(Segment::Key(member.key.clone()));
        let err = self.error(member.key_pos, kind);
        self.path.pop();
        err
    }

    /// An error about a member's value, with the key in the path.
    fn value_error(&mut self, member: &Member, kind: ParseErrorKind) -> ParseError {
        self.path.push(Segment::Key(member.key.clone()));
        let err = self.error(member.value.pos, kind);
        self.path.pop();
        err
    }

    fn wrong_type(&self, node: &Node, expected: &'static str) -> ParseError {
        let found = node.value.describe();
        self.error(node.pos, ParseErrorKind::WrongType { expected, found })
    }

    fn string<'n>(&self, node: &'n Node) -> Walk<&'n str> {
        match &node.value {
            Value::String(s) => Ok(s),
            _ => Err(self.wrong_type(node, "a string")),
        }
    }

    /// Runs `f` with `key` appended to the path.
    fn at<T>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> Walk<T>) -> Walk<T> {
        self.path.push(Segment::Key(key.to_string()));
        let out = f(self);
        self.path.pop();
        out
    }

    fn policy(&mut self, root: &Node) -> Walk<Policy> {
        let Value::Object(members) = &root.value else {
            let found = root.value.describe();
            return Err(self.error(root.pos, ParseErrorKind::NotAnObject { found }));
        };
        let mut policy = Policy::default();
        let mut statement = None;
        for m in members {
            match m.key.as_str() {
                "Version" => {
                    let v = self.at("Version", |w| w.string(&m.value))?;
                    if v != VERSION && v != OLD_VERSION {
                        let found = v.to_string();
                        let err = ParseErrorKind::UnsupportedVersion { found };
                        return Err(self.value_error(m, err));
                    }
                    policy.version = Some(v.to_string());
                }
                "Id" => policy.id = Some(self.at("Id", |w| w.string(&m.value))?.to_string()),
                "Statement" => statement = Some(&m.value),
                name => {
                    let kind = ParseErrorKind::UnknownElement {
                        name: name.to_string(),
                        suggestion: suggest(name, POLICY_ELEMENTS),
                    };
                    return Err(self.key_error(m, kind));
                }
            }
        }
        let Some(statement) = statement else {
            return Err(self.error(root.pos, ParseErrorKind::MissingStatement));
        };
        let mut sids = BTreeSet::new();
        self.path.push(Segment::Key("Statement".into()));
        match &statement.value {
            Value::Object(_) => {
                policy
                    .statements
                    .push(self.statement(statement, &mut sids)?);
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Segment::Index(i));
                    policy.statements.push(self.statement(item, &mut sids)?);
                    self.path.pop();
                }
            }
            _ => return Err(self.wrong_type(statement, "an object or an array of objects")),
        }
        self.path.pop();
        Ok(policy)
    }

    fn statement(&mut self, node: &Node, sids: &mut BTreeSet<String>) -> Walk<Statement> {
        let Value::Object(members) = &node.value else {
            return Err(self.wrong_type(node, "an object"));
        };
        let mut sid = None;
        let mut effect = None;
        let mut action: Option<ActionSpec> = None;
        let mut resource: Option<ResourceSpec> = None;
        let mut condition = Condition::new();
        let mut principal = None;
        for m in members {
            let key = m.key.as_str();
            match key {
                "Sid" => {
                    let s = self.at(key, |w| w.string(&m.value))?;
                    let kind = if !s.chars().all(|c| c.is_ascii_alphanumeric()) {
                        Some(ParseErrorKind::InvalidSid { sid: s.to_string() })
                    } else if !sids.insert(s.to_string()) {
                        Some(ParseErrorKind::DuplicateSid { sid: s.to_string() })
                    } else {
                        None
                    };
                    if let Some(kind) = kind {
                        return Err(self.value_error(m, kind));
                    }
                    sid = Some(s.to_string());
                }
                "Effect" => {
                    let e = self.at(key, |w| w.string(&m.value))?;
                    effect = Some(match e {
                        "Allow" => Effect::Allow,
                        "Deny" => Effect::Deny,
                        _ => {
                            let kind = ParseErrorKind::InvalidEffect {
                                found: e.to_string(),
                            };
                            return Err(self.value_error(m, kind));
                        }
                    });
                }
                "Action" | "NotAction" => {
                    if action.is_some() {
                        return Err(self.key_error(m, ParseErrorKind::BothActionAndNotAction));
                    }
                    let element = if key == "Action" {
                        "Action"
                    } else {
                        "NotAction"
                    };
                    let list = self.at(key, |w| w.string_list(&m.value, element))?;
                    action = Some(if key == "Action" {
                        ActionSpec::Action(list)
                    } else {
                        ActionSpec::NotAction(list)
                    });
                }
                "Resource" | "NotResource" => {
                    if resource.is_some() {
                        return Err(self.key_error(m, ParseErrorKind::BothResourceAndNotResource));
                    }
                    let element = if key == "Resource" {
                        "Resource"
                    } else {
                        "NotResource"
                    };
                    let list = self.at(key, |w| w.string_list(&m.value, element))?;
                    resource = Some(if key == "Resource" {
                        ResourceSpec::Resource(list)
                    } else {
                        ResourceSpec::NotResource(list)
                    });
                }
                "Condition" => condition = self.at(key, |w| w.condition(&m.value))?,
                "Principal" | "NotPrincipal" if self.resource_based => {
                    if principal.is_some() {
                        let kind = ParseErrorKind::DuplicateKey {
                            key: "Principal and NotPrincipal".into(),
                        };
                        return Err(self.key_error(m, kind));
                    }
                    let p = self.at(key, |w| w.principals_of(&m.value))?;
                    principal = Some(if key == "Principal" {
                        PrincipalSpec::Principal(p)
                    } else {
                        PrincipalSpec::NotPrincipal(p)
                    });
                }
                "Principal" | "NotPrincipal" => {
                    let element = if key == "Principal" {
                        "Principal"
                    } else {
                        "NotPrincipal"
                    };
                    let kind = ParseErrorKind::PrincipalInIdentityPolicy { element };
                    return Err(self.key_error(m, kind));
                }
                name => {
                    let kind = ParseErrorKind::UnknownElement {
                        name: name.to_string(),
                        suggestion: suggest(name, STATEMENT_ELEMENTS),
                    };
                    return Err(self.key_error(m, kind));
                }
            }
        }
        let missing = |kind| Err(self.error(node.pos, kind));
        let Some(effect) = effect else {
            return missing(ParseErrorKind::MissingEffect);
        };
        let Some(action) = action else {
            return missing(ParseErrorKind::MissingAction);
        };
        let resource = match resource {
            Some(r) => r,
            // A trust policy names no resource: it is the role.
            None if self.resource_based => ResourceSpec::Resource(vec!["*".to_string()]),
            None => return missing(ParseErrorKind::MissingResource),
        };
        if self.resource_based {
            self.principals.push(principal);
        }
        Ok(Statement {
            sid,
            effect,
            action,
            resource,
            condition,
        })
    }

    /// `"*"` or an object of principal type → a string or strings.
    fn principals_of(&mut self, node: &Node) -> Walk<Principals> {
        const EXPECTED: &str =
            "\"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}";
        match &node.value {
            Value::String(s) if s == "*" => Ok(Principals::Any),
            Value::Object(members) => {
                let mut out = BTreeMap::new();
                for m in members {
                    let values = self.at(&m.key, |w| w.string_list(&m.value, "Principal"))?;
                    out.insert(m.key.clone(), values);
                }
                Ok(Principals::Some(out))
            }
            _ => Err(self.wrong_type(node, EXPECTED)),
        }
    }

    /// A string or a non-empty array of strings.
    fn string_list(&mut self, node: &Node, element: &'static str) -> Walk<Vec<String>> {
        const EXPECTED: &str = "a string or an array of strings";
        match &node.value {
            Value::String(s) => Ok(vec![s.clone()]),
            Value::Array(items) if items.is_empty() => {
                Err(self.error(node.pos, ParseErrorKind::EmptyList { element }))
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    self.path.push(Segment::Index(i));
                    let s = self.string(item).map(str::to_string);
                    self.path.pop();
                    s
                })
                .collect(),
            _ => Err(self.wrong_type(node, EXPECTED)),
        }
    }

    fn condition(&mut self, node: &Node) -> Walk<Condition> {
        const OPERATORS: &str = "an object of condition operators";
        const KEYS: &str = "an object of condition keys";
        let Value::Object(ops) = &node.value else {
            return Err(self.wrong_type(node, OPERATORS));
        };
        let mut condition = Condition::new();
        for op in ops {
            let keys = self.at(&op.key, |w| {
                let Value::Object(keys) = &op.value.value else {
                    return Err(w.wrong_type(&op.value, KEYS));
                };
                let mut out = std::collections::BTreeMap::new();
                for k in keys {
                    let values = w.at(&k.key, |w| w.condition_values(&k.value))?;
                    out.insert(k.key.clone(), values);
                }
                Ok(out)
            })?;
            condition.insert(op.key.clone(), keys);
        }
        Ok(condition)
    }

    /// A condition value or array of them, as strings.
    fn condition_values(&mut self, node: &Node) -> Walk<Vec<String>> {
        match &node.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    self.path.push(Segment::Index(i));
                    let v = match &item.value {
                        Value::Array(_) => Err(self.wrong_type(
                            item,
                            "a string, number or boolean inside a condition's array",
                        )),
                        _ => self.condition_value(item),
                    };
                    self.path.pop();
                    v
                })
                .collect(),
            _ => Ok(vec![self.condition_value(node)?]),
        }
    }

    fn condition_value(&self, node: &Node) -> Walk<String> {
        match &node.value {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.clone()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Object(_) => Err(self.error(node.pos, ParseErrorKind::ConditionValueObject)),
            Value::Null | Value::Array(_) => {
                Err(self.wrong_type(node, "a string, number, boolean or an array of them"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn suggestions() {
        let cases = [
            ("plural", "Actions", Some("Action")),
            ("lowercase", "effect", Some("Effect")),
            ("typo", "Resorce", Some("Resource")),
            ("not_prefix_kept", "NotActions", Some("NotAction")),
            ("condition_plural", "Conditions", Some("Condition")),
            ("unrelated", "Priority", None),
            ("long_name_skipped", "ActionActionActionActionAction", None),
        ];
        for (name, input, want) in cases {
            assert_eq!(suggest(input, STATEMENT_ELEMENTS), want, "{name}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn edit_distances() {
        let cases = [
            ("same", "abc", "abc", 0),
            ("insert", "abc", "abcd", 1),
            ("delete", "abcd", "abc", 1),
            ("substitute", "abc", "abd", 1),
            ("empty", "", "abc", 3),
        ];
        for (name, a, b, want) in cases {
            assert_eq!(edit_distance(a, b), want, "{name}");
        }
    }
}
