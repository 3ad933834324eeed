//! The policy documents inside a file: a policy on its own, a CloudFormation
//! template (JSON, or YAML in the CLI) or a Terraform plan
//! (`terraform show -json`).
//!
//! [`read`] finds every document and names its source: a template's
//! logical id (`DeployPolicy`, `CiRole.AssumeRolePolicyDocument`,
//! `CiRole.Policies[deploy]`) or a plan's resource address
//! (`aws_iam_policy.deploy`, `module.ci.aws_iam_role.ci.assume_role_policy`).
//!
//! An intrinsic function is never evaluated: it becomes a named placeholder
//! in double braces that every report shows as written, so `!Ref Bucket`
//! reads `{{Ref:Bucket}}`, `!GetAtt Bucket.Arn` reads
//! `{{GetAtt:Bucket.Arn}}`, and `!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"`
//! reads `arn:{{Ref:AWS::Partition}}:s3:::{{Ref:Bucket}}/*`. `Fn::Join`
//! joins its parts; `Fn::If`, `Fn::ImportValue`, `Fn::FindInMap` and the
//! rest become one placeholder each (`{{If:IsProd}}`). A placeholder is an
//! unknown value: the diff never reads it as narrower than a literal.
//!
//! Positions are the file's: a finding inside a template points at the
//! template's line and column. A document held in a JSON string (a plan's
//! `policy` attribute) points at that string.
//!
//! ```
//! use policy_builder::document::{read, DocumentKind, InputKind};
//!
//! let template = r#"{"Resources": {"ReadSite": {"Type": "AWS::IAM::ManagedPolicy",
//!     "Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": {
//!         "Effect": "Allow", "Action": "s3:GetObject",
//!         "Resource": {"Fn::Sub": "arn:aws:s3:::${Site}/*"}}}}}}}"#;
//! let input = read(template)?;
//! assert_eq!(input.kind, InputKind::CloudFormation);
//! let doc = &input.documents[0];
//! assert_eq!((doc.source.as_str(), doc.kind), ("ReadSite", DocumentKind::Identity));
//! let policy = doc.policy().expect("an identity policy");
//! assert_eq!(policy.to_json().contains("arn:aws:s3:::{{Ref:Site}}/*"), true);
//! # Ok::<(), policy_builder::document::ReadError>(())
//! ```

mod cloudformation;
mod terraform;
#[cfg(not(target_arch = "wasm32"))]
mod yaml;

use std::fmt;

use serde::Serialize;

use crate::lint::Location;
use crate::policy::{
    policy_from_node, resource_policy_from_node, Member, Node, NodeValue, ParseError,
    ParseErrorKind, Policy, Position, ResourcePolicy,
};

/// The largest template or plan read, in bytes. A Terraform plan of a big
/// stack runs to megabytes; CloudFormation's own limit is 1 MB.
pub const MAX_FILE_BYTES: usize = 32 << 20;

/// What kind of file held the documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// One policy document.
    Policy,
    /// A CloudFormation template.
    CloudFormation,
    /// A Terraform plan or state as JSON.
    TerraformPlan,
}

/// What a document is for, which sets its grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// An identity policy: a managed or inline policy of a role, user or
    /// group. No `Principal`.
    Identity,
    /// A role's trust policy (`AssumeRolePolicyDocument`,
    /// `assume_role_policy`): who may assume the role.
    Trust,
    /// Another resource-based policy, such as a bucket policy: `Principal`
    /// and `Resource`.
    Resource,
    /// The managed policies attached to a role, user or group by ARN
    /// (`ManagedPolicyArns`, `aws_iam_*_policy_attachment`). Their content
    /// is not in the file.
    ManagedPolicyArns,
}

impl DocumentKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Identity => "identity policy",
            DocumentKind::Trust => "trust policy",
            DocumentKind::Resource => "resource policy",
            DocumentKind::ManagedPolicyArns => "managed policy ARNs",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything [`read`] found in a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub kind: InputKind,
    /// In file order.
    pub documents: Vec<Document>,
}

/// One policy document and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The logical id or resource address; empty for a file that is one
    /// policy.
    pub source: String,
    pub kind: DocumentKind,
    /// Where the document starts in the file.
    pub position: Position,
    /// The roles, users, groups or buckets the file attaches it to
    /// (`Roles`, `Users`, `Groups`, `Bucket`; a plan's `role`, `user`,
    /// `group`, `bucket`), sorted; placeholders for references.
    pub attached_to: Vec<String>,
    pub(crate) body: Body,
}

/// What a document holds.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Body {
    /// The document, intrinsics replaced by placeholders.
    Tree(Node),
    /// Not in the file: a plan value known only after apply.
    Unknown(String),
    /// Managed policy ARNs (or placeholders).
    Arns(Vec<String>),
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// The source of the document the error is in; empty when it is about
    /// the file itself.
    pub source: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub kind: ReadErrorKind,
}

/// What a [`ReadError`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file is JSON but not valid JSON, or a policy with a grammar
    /// error; the parser's error, with its JSON path.
    Json {
        /// The path in the document, such as `Statement[1].Effect`.
        path: String,
        /// What is wrong.
        kind: ParseErrorKind,
    },
    /// The file is not valid YAML.
    Yaml {
        /// The YAML parser's message.
        message: String,
    },
    /// The file is YAML, which only the CLI reads.
    YamlNotSupported,
    /// A template or plan element has the wrong shape.
    Shape {
        /// What was expected, in words.
        expected: &'static str,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// Its size in bytes.
        len: usize,
    },
    /// A CloudFormation template, Terraform plan or policy that holds no
    /// policy document.
    NoDocuments,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)?;
        match (&self.kind, self.source.is_empty()) {
            (ReadErrorKind::Json { path, .. }, false) if !path.is_empty() => {
                write!(f, " ({} {path})", self.source)?
            }
            (ReadErrorKind::Json { path, .. }, true) if !path.is_empty() => write!(f, " ({path})")?,
            (_, false) => write!(f, " ({})", self.source)?,
            _ => {}
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for ReadError {}

impl fmt::Display for ReadErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadErrorKind::Json { kind, .. } => write!(f, "{kind}"),
            ReadErrorKind::Yaml { message } => write!(f, "not valid YAML: {message}"),
            ReadErrorKind::YamlNotSupported => f.write_str(
                "this is not JSON; YAML templates are read by the policy-builder CLI only",
            ),
            ReadErrorKind::Shape { expected } => write!(f, "expected {expected}"),
            ReadErrorKind::TooLarge { len } => write!(
                f,
                "the file is {len} bytes; files larger than {MAX_FILE_BYTES} bytes are not read"
            ),
            ReadErrorKind::NoDocuments => f.write_str(
                "no policy document found: a CloudFormation template's IAM policies, roles, \
                 users, groups and bucket policies, or a Terraform plan's aws_iam_* and \
                 aws_s3_bucket_policy resources",
            ),
        }
    }
}

impl ReadError {
    pub(crate) fn at(source: &str, pos: Position, kind: ReadErrorKind) -> ReadError {
        ReadError {
            source: source.to_string(),
            line: pos.line,
            column: pos.column,
            kind,
        }
    }

    fn from_parse(source: &str, e: ParseError) -> ReadError {
        ReadError {
            source: source.to_string(),
            line: e.line,
            column: e.column,
            kind: ReadErrorKind::Json {
                path: e.path,
                kind: e.kind,
            },
        }
    }
}

/// Reads a file: a policy, a CloudFormation template or a Terraform plan,
/// and finds the policy documents in it. Pure: the caller reads the file.
pub fn read(text: &str) -> Result<Input, ReadError> {
    let start = Position { line: 1, column: 1 };
    if text.len() > MAX_FILE_BYTES {
        return Err(ReadError::at(
            "",
            start,
            ReadErrorKind::TooLarge { len: text.len() },
        ));
    }
    let root = parse_tree(text)?;
    if cloudformation::is_template(&root) {
        let documents = cloudformation::documents(&root)?;
        return non_empty(InputKind::CloudFormation, documents, root.pos);
    }
    if terraform::is_plan(&root) {
        let documents = terraform::documents(&root)?;
        return non_empty(InputKind::TerraformPlan, documents, root.pos);
    }
    let kind = kind_of_policy(&root);
    Ok(Input {
        kind: InputKind::Policy,
        documents: vec![Document {
            source: String::new(),
            kind,
            position: root.pos,
            attached_to: Vec::new(),
            body: Body::Tree(root),
        }],
    })
}

fn non_empty(kind: InputKind, documents: Vec<Document>, pos: Position) -> Result<Input, ReadError> {
    if documents.is_empty() {
        return Err(ReadError::at("", pos, ReadErrorKind::NoDocuments));
    }
    Ok(Input { kind, documents })
}

/// JSON when the file starts with `{` or `[`; otherwise YAML (CLI only).
fn parse_tree(text: &str) -> Result<Node, ReadError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = body.trim_start().chars().next();
    if matches!(first, Some('{' | '[') | None) {
        return crate::policy::parse_limited(text, MAX_FILE_BYTES)
            .map_err(|e| ReadError::from_parse("", e));
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        yaml::parse(text)
    }
    #[cfg(target_arch = "wasm32")]
    {
        Err(ReadError::at(
            "",
            Position { line: 1, column: 1 },
            ReadErrorKind::YamlNotSupported,
        ))
    }
}

/// A policy on its own: a trust policy when a statement has `Principal`
/// and an `sts:AssumeRole*` action, a resource policy when it has
/// `Principal` otherwise, else an identity policy.
fn kind_of_policy(root: &Node) -> DocumentKind {
    let statements: Vec<&Node> = match root.get("Statement").map(|m| &m.value) {
        Some(
            n @ Node {
                value: NodeValue::Object(_),
                ..
            },
        ) => vec![n],
        Some(Node {
            value: NodeValue::Array(items),
            ..
        }) => items.iter().collect(),
        _ => Vec::new(),
    };
    let has_principal = |s: &Node| s.get("Principal").is_some() || s.get("NotPrincipal").is_some();
    let assumes = |s: &Node| {
        strings(s.get("Action").map(|m| &m.value))
            .iter()
            .any(|a| a.to_ascii_lowercase().starts_with("sts:assumerole"))
    };
    if statements.iter().any(|s| has_principal(s) && assumes(s)) {
        DocumentKind::Trust
    } else if statements.iter().any(|s| has_principal(s)) {
        DocumentKind::Resource
    } else {
        DocumentKind::Identity
    }
}

/// A string or the strings of an array.
fn strings(node: Option<&Node>) -> Vec<&str> {
    match node.map(|n| &n.value) {
        Some(NodeValue::String(s)) => vec![s.as_str()],
        Some(NodeValue::Array(items)) => items
            .iter()
            .filter_map(|i| match &i.value {
                NodeValue::String(s) => Some(s.as_str()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether `text` holds a template placeholder such as `{{Ref:Bucket}}`:
/// a value only known when the stack is deployed.
pub fn has_placeholder(text: &str) -> bool {
    text.find("{{").is_some_and(|i| text[i..].contains("}}"))
}

impl Document {
    /// The document as an identity policy; for a trust or resource policy,
    /// the statements without their principals.
    pub fn policy(&self) -> Result<Policy, ReadError> {
        match self.kind {
            DocumentKind::Identity => {
                policy_from_node(self.tree()?).map_err(|e| ReadError::from_parse(&self.source, e))
            }
            _ => self.resource_policy().map(|r| r.policy),
        }
    }

    /// The document as a resource-based policy, principals and all. An
    /// identity policy reads as one whose statements name no principal.
    pub fn resource_policy(&self) -> Result<ResourcePolicy, ReadError> {
        resource_policy_from_node(self.tree()?).map_err(|e| ReadError::from_parse(&self.source, e))
    }

    /// Whether the document follows its grammar (an identity policy's, or a
    /// resource policy's); a document not in the file passes.
    pub fn check(&self) -> Result<(), ReadError> {
        match (&self.body, self.kind) {
            (Body::Tree(_), DocumentKind::Identity) => self.policy().map(drop),
            (Body::Tree(_), _) => self.resource_policy().map(drop),
            _ => Ok(()),
        }
    }

    /// The document as JSON, for the trust-policy checks and for printing.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        match &self.body {
            Body::Tree(node) => Some(node.to_json()),
            _ => None,
        }
    }

    /// Why the document is not in the file (a plan value known only after
    /// apply), if it is not.
    pub fn unknown_reason(&self) -> Option<&str> {
        match &self.body {
            Body::Unknown(why) => Some(why),
            _ => None,
        }
    }

    /// The managed policy ARNs, for a [`DocumentKind::ManagedPolicyArns`].
    pub fn managed_policy_arns(&self) -> &[String] {
        match &self.body {
            Body::Arns(arns) => arns,
            _ => &[],
        }
    }

    /// Where in the file the element a finding is about starts: the
    /// statement, its element, the entry of a list, or the document when
    /// nothing closer is found.
    pub fn locate(&self, location: &Location) -> Position {
        match &self.body {
            Body::Tree(node) => crate::lint::locate(node, location),
            _ => self.position,
        }
    }

    fn tree(&self) -> Result<&Node, ReadError> {
        match &self.body {
            Body::Tree(node) => Ok(node),
            Body::Unknown(why) => Err(ReadError::at(
                &self.source,
                self.position,
                ReadErrorKind::Shape {
                    expected: if why.is_empty() {
                        "a policy document"
                    } else {
                        "a policy document known before apply"
                    },
                },
            )),
            Body::Arns(_) => Err(ReadError::at(
                &self.source,
                self.position,
                ReadErrorKind::Shape {
                    expected: "a policy document, not a list of managed policy ARNs",
                },
            )),
        }
    }
}

/// A document held as a JSON string (a plan's `policy`, or a template's
/// `PolicyDocument` written as a string): parsed, every position moved to
/// the string's own, since the string's inside has no place in the file.
pub(crate) fn tree_of_string(source: &str, node: &Node) -> Result<Node, ReadError> {
    let NodeValue::String(text) = &node.value else {
        return Ok(node.clone());
    };
    let mut inner = crate::policy::parse_json(text).map_err(|e| ReadError {
        source: source.to_string(),
        line: node.pos.line,
        column: node.pos.column,
        kind: ReadErrorKind::Json {
            path: format!(
                "inside the string, line {}, column {}: {}",
                e.line, e.column, e.path
            ),
            kind: e.kind,
        },
    })?;
    move_to(&mut inner, node.pos);
    Ok(inner)
}

fn move_to(node: &mut Node, pos: Position) {
    node.pos = pos;
    match &mut node.value {
        NodeValue::Array(items) => items.iter_mut().for_each(|i| move_to(i, pos)),
        NodeValue::Object(members) => members.iter_mut().for_each(|m: &mut Member| {
            m.key_pos = pos;
            move_to(&mut m.value, pos);
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn placeholders_are_recognised() {
        let cases = [
            ("ref", "arn:aws:s3:::{{Ref:Bucket}}/*", true),
            ("getatt alone", "{{GetAtt:Role.Arn}}", true),
            ("iam variable is not one", "arn:aws:s3:::b/${aws:username}/*", false),
            ("unclosed", "arn:aws:s3:::{{Ref:Bucket", false),
            ("plain", "arn:aws:s3:::b", false),
        ];
        for (name, text, want) in cases {
            assert_eq!(has_placeholder(text), want, "{name}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn a_lone_policy_is_classified_by_its_statements() {
        let cases = [
            ("identity", r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#, DocumentKind::Identity),
            ("trust", r#"{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#, DocumentKind::Trust),
            ("bucket", r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#, DocumentKind::Resource),
            ("not principal", r#"{"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:*", "Resource": "*"}]}"#, DocumentKind::Resource),
        ];
        for (name, text, want) in cases {
            let input = read(text).expect(name);
            assert_eq!(input.kind, InputKind::Policy, "{name}");
            assert_eq!(input.documents[0].kind, want, "{name}");
        }
    }
}
