//! The policy linter: what a policy gets wrong, and what it grants that it
//! probably should not.
//!
//! Findings are data, not errors: each is a [`Finding`] with a stable
//! [`Rule`] id, a [`Severity`], where it is, a message and an optional fix.
//! Linting is a pure function of (catalog, policy): the same input always
//! gives the same findings, in the same order.
//!
//! ```
//! use policy_builder::catalog;
//! use policy_builder::lint::{lint_text, Rule, Severity};
//!
//! let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
//!     "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::mojito-example/*"}}"#;
//! let findings = lint_text(catalog::bundled(), text, None)?;
//! assert_eq!(findings[0].rule, Rule::S3ObjectBucketMismatch);
//! assert_eq!(findings[0].severity, Severity::Warning);
//! # Ok::<(), policy_builder::policy::ParseError>(())
//! ```

mod conditions;
mod hygiene;
mod locate;
mod names;
mod resources;
mod risks;
mod trust;
mod wildcards;

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use crate::catalog::{ActionId, Catalog};
use crate::document::{Document, DocumentKind, ReadError};
use crate::policy::{
    iam_size, ActionSpec, Effect, ParseError, Policy, Position, PrincipalSpec, Principals,
    ResourcePolicy, ResourceSpec, SizeLimit, Statement,
};
use crate::wildcard;

pub(crate) use locate::locate;

/// How much a finding matters. Ordered so a caller can compare against a
/// threshold: `Suggestion < Warning < Security < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Works, but could be shorter or clearer.
    Suggestion,
    /// Probably not what was meant.
    Warning,
    /// Grants more than a least-privilege policy should.
    Security,
    /// IAM rejects it, or it grants nothing.
    Error,
}

impl Severity {
    /// The name used in output and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Suggestion => "suggestion",
            Severity::Warning => "warning",
            Severity::Security => "security",
            Severity::Error => "error",
        }
    }

    /// Every severity, lowest first.
    pub const ALL: [Severity; 4] = [
        Severity::Suggestion,
        Severity::Warning,
        Severity::Security,
        Severity::Error,
    ];
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about. [`Rule::id`] is a stable kebab-case id, the same
/// string the JSON output uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Rule {
    /// No `Version`: IAM reads the policy as `2008-10-17`.
    MissingVersion,
    /// `Version: 2008-10-17`: policy variables are not replaced.
    OldVersion,
    /// An action's service prefix is not in the catalog.
    UnknownService,
    /// An action name is not in the catalog.
    UnknownAction,
    /// A wildcard pattern that matches no action.
    PatternMatchesNothing,
    /// A concrete ARN that fits no resource type of the statement's actions.
    ResourceMismatch,
    /// An `Allow` statement names an action that none of its resources fits,
    /// so the statement never grants it.
    ActionNeverGranted,
    /// An S3 object ARN given only to bucket actions, or the other way round.
    S3ObjectBucketMismatch,
    /// `Resource: "*"` for actions that could be scoped to ARNs.
    ResourceStar,
    /// `service:*` or `*`.
    ServiceWildcard,
    /// A wildcard such as `s3:Put*` that reaches Write or Permissions
    /// management actions.
    ActionWildcard,
    /// `iam:PassRole` on every role.
    PassRoleAnyRole,
    /// `iam:PassRole` without an `iam:PassedToService` condition.
    PassRoleWithoutService,
    /// One action that lets a principal raise its own privileges.
    PrivilegeEscalation,
    /// Actions that together let a principal raise its own privileges.
    PrivilegeEscalationCombo,
    /// Reading data everywhere: every bucket, every secret, every parameter.
    DataExfiltration,
    /// Getting new credentials: any role, federation tokens, access keys.
    CredentialsExposure,
    /// Changing who else can reach a resource: bucket policies, ACLs, key
    /// policies, other Permissions management actions.
    ResourceExposure,
    /// A condition key that none of the statement's actions supports.
    UnsupportedConditionKey,
    /// A condition operator IAM does not know (`StringEqualz`, `""`): IAM
    /// rejects the policy.
    UnknownConditionOperator,
    /// An operator that does not fit the condition key's type.
    ConditionOperatorMismatch,
    /// `ForAllValues:` with a single-valued key.
    ForAllValuesSingleValued,
    /// A multivalued key without `ForAnyValue:` or `ForAllValues:`.
    MultivaluedWithoutSetOperator,
    /// An action already covered by a wildcard in the same statement.
    RedundantAction,
    /// A statement that repeats an earlier one.
    DuplicateStatement,
    /// `Allow` with `NotAction`.
    AllowNotAction,
    /// `Allow` with `NotResource`.
    AllowNotResource,
    /// The policy is longer than its size limit.
    SizeLimit,
    /// A web-identity trust policy without the provider's `:sub` condition.
    TrustMissingSub,
    /// A `:sub` wildcard that admits other repositories, organisations or forks.
    TrustSubWildcard,
    /// A web-identity trust policy without the provider's `:aud` condition.
    TrustMissingAud,
    /// `StringLike` with no wildcard in its values.
    TrustStringLikeWithoutWildcard,
    /// A trust policy with `Principal: "*"`.
    TrustPrincipalStar,
    /// `sts:AssumeRole` for a Federated OIDC principal.
    TrustAssumeRoleForWebIdentity,
    /// A resource policy (such as a bucket policy) that allows
    /// `Principal: "*"` with no condition: anyone, signed in or not.
    ResourcePolicyPublic,
}

impl Rule {
    /// Every rule, in declaration order.
    pub const ALL: [Rule; 35] = [
        Rule::MissingVersion,
        Rule::OldVersion,
        Rule::UnknownService,
        Rule::UnknownAction,
        Rule::PatternMatchesNothing,
        Rule::ResourceMismatch,
        Rule::ActionNeverGranted,
        Rule::S3ObjectBucketMismatch,
        Rule::ResourceStar,
        Rule::ServiceWildcard,
        Rule::ActionWildcard,
        Rule::PassRoleAnyRole,
        Rule::PassRoleWithoutService,
        Rule::PrivilegeEscalation,
        Rule::PrivilegeEscalationCombo,
        Rule::DataExfiltration,
        Rule::CredentialsExposure,
        Rule::ResourceExposure,
        Rule::UnsupportedConditionKey,
        Rule::UnknownConditionOperator,
        Rule::ConditionOperatorMismatch,
        Rule::ForAllValuesSingleValued,
        Rule::MultivaluedWithoutSetOperator,
        Rule::RedundantAction,
        Rule::DuplicateStatement,
        Rule::AllowNotAction,
        Rule::AllowNotResource,
        Rule::SizeLimit,
        Rule::TrustMissingSub,
        Rule::TrustSubWildcard,
        Rule::TrustMissingAud,
        Rule::TrustStringLikeWithoutWildcard,
        Rule::TrustPrincipalStar,
        Rule::TrustAssumeRoleForWebIdentity,
        Rule::ResourcePolicyPublic,
    ];

    /// Whether a finding of this rule means IAM refuses the policy outright
    /// (`MalformedPolicyDocument`), rather than storing a policy that grants
    /// other than what was meant.
    pub fn is_rejected_by_iam(self) -> bool {
        matches!(self, Rule::UnknownConditionOperator)
    }

    /// The stable kebab-case id, e.g. `unknown-action`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::MissingVersion => "missing-version",
            Rule::OldVersion => "old-version",
            Rule::UnknownService => "unknown-service",
            Rule::UnknownAction => "unknown-action",
            Rule::PatternMatchesNothing => "pattern-matches-nothing",
            Rule::ResourceMismatch => "resource-mismatch",
            Rule::ActionNeverGranted => "action-never-granted",
            Rule::S3ObjectBucketMismatch => "s3-object-bucket-mismatch",
            Rule::ResourceStar => "resource-star",
            Rule::ServiceWildcard => "service-wildcard",
            Rule::ActionWildcard => "action-wildcard",
            Rule::PassRoleAnyRole => "pass-role-any-role",
            Rule::PassRoleWithoutService => "pass-role-without-service",
            Rule::PrivilegeEscalation => "privilege-escalation",
            Rule::PrivilegeEscalationCombo => "privilege-escalation-combo",
            Rule::DataExfiltration => "data-exfiltration",
            Rule::CredentialsExposure => "credentials-exposure",
            Rule::ResourceExposure => "resource-exposure",
            Rule::UnsupportedConditionKey => "unsupported-condition-key",
            Rule::UnknownConditionOperator => "unknown-condition-operator",
            Rule::ConditionOperatorMismatch => "condition-operator-mismatch",
            Rule::ForAllValuesSingleValued => "for-all-values-single-valued",
            Rule::MultivaluedWithoutSetOperator => "multivalued-without-set-operator",
            Rule::RedundantAction => "redundant-action",
            Rule::DuplicateStatement => "duplicate-statement",
            Rule::AllowNotAction => "allow-not-action",
            Rule::AllowNotResource => "allow-not-resource",
            Rule::SizeLimit => "size-limit",
            Rule::TrustMissingSub => "trust-missing-sub",
            Rule::TrustSubWildcard => "trust-sub-wildcard",
            Rule::TrustMissingAud => "trust-missing-aud",
            Rule::TrustStringLikeWithoutWildcard => "trust-string-like-without-wildcard",
            Rule::TrustPrincipalStar => "trust-principal-star",
            Rule::TrustAssumeRoleForWebIdentity => "trust-assume-role-for-web-identity",
            Rule::ResourcePolicyPublic => "resource-policy-public",
        }
    }

    /// One line: what the rule finds.
    pub fn description(self) -> &'static str {
        match self {
            Rule::MissingVersion => "The policy has no Version, so IAM reads it as 2008-10-17.",
            Rule::OldVersion => "Version 2008-10-17: policy variables are not replaced.",
            Rule::UnknownService => "An action's service prefix is not in the catalog.",
            Rule::UnknownAction => "An action name is not in the catalog.",
            Rule::PatternMatchesNothing => "A wildcard pattern matches no action.",
            Rule::ResourceMismatch => {
                "A concrete ARN fits no resource type of the statement's actions."
            }
            Rule::ActionNeverGranted => {
                "An Allow statement names an action that none of its resources fits."
            }
            Rule::S3ObjectBucketMismatch => {
                "An S3 object ARN given only to bucket actions, or the other way round."
            }
            Rule::ResourceStar => "Resource \"*\" for actions that could be scoped to ARNs.",
            Rule::ServiceWildcard => "A whole service (service:*) or every action (*) is granted.",
            Rule::ActionWildcard => {
                "A wildcard such as s3:Put* reaches Write or Permissions management actions."
            }
            Rule::PassRoleAnyRole => "iam:PassRole on every role.",
            Rule::PassRoleWithoutService => {
                "iam:PassRole without an iam:PassedToService condition."
            }
            Rule::PrivilegeEscalation => {
                "An action that lets a principal raise its own privileges."
            }
            Rule::PrivilegeEscalationCombo => {
                "Actions that together let a principal raise its own privileges."
            }
            Rule::DataExfiltration => "Reading data everywhere: every bucket, secret or parameter.",
            Rule::CredentialsExposure => {
                "Getting new credentials: any role, federation tokens, access keys."
            }
            Rule::ResourceExposure => {
                "Changing who else can reach a resource: bucket policies, ACLs, key policies."
            }
            Rule::UnsupportedConditionKey => {
                "A condition key that none of the statement's actions supports."
            }
            Rule::UnknownConditionOperator => {
                "A condition operator IAM does not know; IAM rejects the policy."
            }
            Rule::ConditionOperatorMismatch => {
                "A condition operator that does not fit the key's type."
            }
            Rule::ForAllValuesSingleValued => "ForAllValues with a single-valued condition key.",
            Rule::MultivaluedWithoutSetOperator => {
                "A multivalued condition key without ForAnyValue or ForAllValues."
            }
            Rule::RedundantAction => {
                "An action already covered by a wildcard or listed twice in the same statement."
            }
            Rule::DuplicateStatement => "A statement that repeats an earlier one.",
            Rule::AllowNotAction => "Allow with NotAction.",
            Rule::AllowNotResource => "Allow with NotResource.",
            Rule::SizeLimit => "The policy is longer than its size limit.",
            Rule::TrustMissingSub => {
                "A web-identity trust policy without the provider's :sub condition."
            }
            Rule::TrustSubWildcard => {
                "A :sub wildcard that admits other repositories, organisations or forks."
            }
            Rule::TrustMissingAud => {
                "A web-identity trust policy without the provider's :aud condition."
            }
            Rule::TrustStringLikeWithoutWildcard => "StringLike with no wildcard in its values.",
            Rule::TrustPrincipalStar => "A trust policy with Principal \"*\".",
            Rule::TrustAssumeRoleForWebIdentity => "sts:AssumeRole for a Federated OIDC principal.",
            Rule::ResourcePolicyPublic => {
                "A resource policy allows Principal \"*\" with no condition."
            }
        }
    }

    /// What to do about a finding of this rule, for code-scanning help.
    pub fn help(self) -> &'static str {
        match self {
            Rule::MissingVersion | Rule::OldVersion => "Add \"Version\": \"2012-10-17\" so that policy variables such as ${aws:username} are replaced.",
            Rule::UnknownService | Rule::UnknownAction => "Correct the name (the finding suggests the closest one) or remove it: IAM grants nothing for a name it does not know.",
            Rule::PatternMatchesNothing => "Correct the pattern or remove it; it grants nothing today, and may grant actions AWS adds later.",
            Rule::ResourceMismatch => "Write the ARN in the form of one of the actions' resource types (policy-builder catalog --action NAME shows them).",
            Rule::ActionNeverGranted => "Give the action a resource of one of its types, in this statement or another, or remove it.",
            Rule::S3ObjectBucketMismatch => "Bucket actions take arn:aws:s3:::BUCKET; object actions take arn:aws:s3:::BUCKET/KEY or BUCKET/*.",
            Rule::ResourceStar => "Name the ARNs these actions need; keep \"*\" only for actions that accept nothing else.",
            Rule::ServiceWildcard | Rule::ActionWildcard => "List the actions the job needs instead of a wildcard: a wildcard also grants actions AWS adds later.",
            Rule::PassRoleAnyRole => "Name the roles that may be passed: arn:aws:iam::ACCOUNT:role/ROLE.",
            Rule::PassRoleWithoutService => "Add a condition such as {\"StringEquals\": {\"iam:PassedToService\": \"lambda.amazonaws.com\"}}.",
            Rule::PrivilegeEscalation | Rule::PrivilegeEscalationCombo => "Remove the action, or scope it to resources the principal cannot use to grant itself more.",
            Rule::DataExfiltration => "Name the buckets, secrets or parameters the job reads.",
            Rule::CredentialsExposure => "Scope the action to the roles or users the job needs, or remove it.",
            Rule::ResourceExposure => "Remove the Permissions management action unless the job manages access; then scope it to named resources.",
            Rule::UnsupportedConditionKey => "Use a condition key that the statement's actions support, or move the condition to a statement whose actions do.",
            Rule::UnknownConditionOperator => "Use an operator IAM knows, such as StringEquals, StringLike, ArnLike or Bool.",
            Rule::ConditionOperatorMismatch => "Use an operator of the key's type: String*, Numeric*, Date*, Bool, IpAddress, Arn*.",
            Rule::ForAllValuesSingleValued => "Drop ForAllValues: for a single-valued key; ForAllValues is true when the key is missing.",
            Rule::MultivaluedWithoutSetOperator => "Prefix the operator with ForAnyValue: or ForAllValues: to say whether any or all values must match.",
            Rule::RedundantAction | Rule::DuplicateStatement => "Remove the repetition; the policy grants the same without it and is shorter.",
            Rule::AllowNotAction => "List the actions to allow in Action: NotAction also grants every action AWS adds later.",
            Rule::AllowNotResource => "List the resources to allow in Resource: NotResource also grants every resource created later.",
            Rule::SizeLimit => "Split the policy, or replace lists of actions with narrower wildcards (policy-builder minimize).",
            Rule::TrustMissingSub => "Add a StringEquals (or StringLike) condition on the provider's :sub claim naming the repository and ref.",
            Rule::TrustSubWildcard => "Name the repository (and branch or environment) in full before any wildcard.",
            Rule::TrustMissingAud => "Add a StringEquals condition on the provider's :aud claim (sts.amazonaws.com for GitHub).",
            Rule::TrustStringLikeWithoutWildcard => "Use StringEquals when the value has no wildcard.",
            Rule::TrustPrincipalStar => "Name the principal that may assume the role.",
            Rule::TrustAssumeRoleForWebIdentity => "Use sts:AssumeRoleWithWebIdentity for a Federated OIDC principal.",
            Rule::ResourcePolicyPublic => "Name the principals, or add a condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Where a finding is: a statement (by index, with its `Sid`) and an
/// element such as `Action`, `Resource` or `Condition.StringLike.s3:prefix`.
/// Policy-wide findings have no statement.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub statement: Option<usize>,
    pub sid: Option<String>,
    pub element: Option<String>,
    /// The entry of the element's list the finding is about (`Action[2]`),
    /// when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

impl Location {
    /// The whole policy, or one of its top-level elements.
    pub fn policy(element: Option<&str>) -> Location {
        Location {
            statement: None,
            sid: None,
            element: element.map(str::to_string),
            index: None,
        }
    }
}

impl fmt::Display for Location {
    /// `Statement[0] (Sid "S3Write") Action`, or `Policy` for policy-wide
    /// findings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.statement {
            Some(i) => f.write_str(&statement_name(i, self.sid.as_deref()))?,
            None => f.write_str("Policy")?,
        }
        if let Some(element) = &self.element {
            write!(f, " {element}")?;
        }
        Ok(())
    }
}

/// How the builder names a statement everywhere (lint, import, explain, the
/// UI): `Statement[0]`, counted from 0 as the policy's array is, with the
/// Sid when there is one: `Statement[0] (Sid "S3Write")`.
pub fn statement_name(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("Statement[{index}] (Sid {sid:?})"),
        None => format!("Statement[{index}]"),
    }
}

/// One thing the linter found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    /// What to write instead, when there is one obvious fix.
    pub fix: Option<String>,
}

impl Finding {
    pub(crate) fn new(
        rule: Rule,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            location,
            message: message.into(),
            fix: None,
        }
    }

    pub(crate) fn with_fix(mut self, fix: impl Into<String>) -> Finding {
        self.fix = Some(fix.into());
        self
    }
}

/// Lints a policy, checking its size against a customer managed policy's
/// limit (reported as a warning, since the policy may be stored elsewhere).
pub fn lint(catalog: &Catalog, policy: &Policy) -> Vec<Finding> {
    lint_sized(
        catalog,
        policy,
        policy.iam_size(),
        SizeLimit::Managed,
        Severity::Warning,
    )
}

/// Lints a policy that will be stored under `limit`; going over it is an
/// error.
pub fn lint_with_limit(catalog: &Catalog, policy: &Policy, limit: SizeLimit) -> Vec<Finding> {
    lint_sized(catalog, policy, policy.iam_size(), limit, Severity::Error)
}

/// When `text` is a role's trust policy (a statement with `Principal` and an
/// `sts:AssumeRole*` action), its trust-policy findings; `None` for anything
/// else. The identity-policy grammar would refuse its `Principal`.
pub fn lint_trust(text: &str) -> Option<Vec<Finding>> {
    let doc = serde_json::from_str::<serde_json::Value>(text).ok()?;
    if !trust::is_trust_policy(&doc) {
        return None;
    }
    let mut out = Vec::new();
    trust::check(&doc, &mut out);
    Some(out)
}

/// Parses `text` and lints it. The size is counted on `text` as given, as
/// IAM does. Without a `limit`, the size is checked against a managed
/// policy's limit as a warning; with one, going over is an error.
///
/// A role's trust policy gets the trust-policy checks; another document
/// with `Principal` (a bucket policy) is a resource policy: see
/// [`lint_resource_policy`].
pub fn lint_text(
    catalog: &Catalog,
    text: &str,
    limit: Option<SizeLimit>,
) -> Result<Vec<Finding>, ParseError> {
    if let Some(findings) = lint_trust(text) {
        return Ok(findings);
    }
    if names_a_principal(text) {
        return Ok(lint_resource_policy(catalog, &ResourcePolicy::parse(text)?));
    }
    let policy = Policy::parse(text)?;
    let (limit, severity) = match limit {
        Some(l) => (l, Severity::Error),
        None => (SizeLimit::Managed, Severity::Warning),
    };
    Ok(lint_sized(
        catalog,
        &policy,
        iam_size(text),
        limit,
        severity,
    ))
}

/// Whether some statement of the JSON `text` names a principal.
fn names_a_principal(text: &str) -> bool {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    let statements = match doc.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    statements
        .iter()
        .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some())
}

/// Lints a resource-based policy that is not a trust policy, such as a
/// bucket policy: every identity-policy check of its statements (the
/// principal aside), and an `Allow` to `Principal: "*"` without a
/// condition, which opens the resource to anyone. Its size is not
/// checked: resource policies have their own limits per service (20 KB
/// for a bucket).
pub fn lint_resource_policy(catalog: &Catalog, policy: &ResourcePolicy) -> Vec<Finding> {
    let mut out = lint_statements(catalog, &policy.policy);
    for (index, (statement, principal)) in policy
        .policy
        .statements
        .iter()
        .zip(&policy.principals)
        .enumerate()
    {
        let public = match principal {
            Some(PrincipalSpec::Principal(Principals::Any)) => true,
            Some(PrincipalSpec::Principal(Principals::Some(map))) => map
                .get("AWS")
                .is_some_and(|aws| aws.iter().any(|a| a == "*")),
            _ => false,
        };
        if public && statement.effect == Effect::Allow && statement.condition.is_empty() {
            out.push(
                Finding::new(
                    Rule::ResourcePolicyPublic,
                    Severity::Security,
                    Location {
                        statement: Some(index),
                        sid: statement.sid.clone(),
                        element: Some("Principal".to_string()),
                        index: None,
                    },
                    "Principal \"*\" with no condition: anyone, in any account or none, is \
                     allowed these actions",
                )
                .with_fix("name the principals, or add a condition on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID"),
            );
        }
    }
    sort(&mut out);
    out
}

/// Lints one document of a template, plan or file ([`crate::document`]):
/// an identity policy as [`lint_text`] does (its size counted on the
/// document written without whitespace), a trust policy with the trust
/// checks, another resource policy with [`lint_resource_policy`]. A
/// document known only after apply, or a list of managed policy ARNs,
/// has nothing to lint.
pub fn lint_document(
    catalog: &Catalog,
    document: &Document,
    limit: Option<SizeLimit>,
) -> Result<Vec<Finding>, ReadError> {
    let Some(json) = document.to_json() else {
        return Ok(Vec::new());
    };
    match document.kind {
        DocumentKind::ManagedPolicyArns => Ok(Vec::new()),
        DocumentKind::Trust => {
            // The grammar first, so a malformed trust policy is an error
            // with its position, as any other document's.
            document.resource_policy()?;
            let mut out = Vec::new();
            trust::check(&json, &mut out);
            sort(&mut out);
            Ok(out)
        }
        DocumentKind::Resource => Ok(lint_resource_policy(catalog, &document.resource_policy()?)),
        DocumentKind::Identity => {
            let policy = document.policy()?;
            let (limit, severity) = match limit {
                Some(l) => (l, Severity::Error),
                None => (SizeLimit::Managed, Severity::Warning),
            };
            let size = iam_size(&json.to_string());
            Ok(lint_sized(catalog, &policy, size, limit, severity))
        }
    }
}

/// Where in `text`, a policy document, a finding's location starts; `None`
/// when `text` is not JSON.
pub fn locate_in_text(text: &str, location: &Location) -> Option<Position> {
    let root = crate::policy::parse_json(text).ok()?;
    Some(locate(&root, location))
}

/// Every check that reads statements: all but the size.
fn lint_statements(catalog: &Catalog, policy: &Policy) -> Vec<Finding> {
    let statements: Vec<Stmt<'_>> = policy
        .statements
        .iter()
        .enumerate()
        .map(|(index, statement)| Stmt::new(catalog, index, statement))
        .collect();
    let mut out = Vec::new();
    names::check_grammar(policy, &mut out);
    for s in &statements {
        names::check(catalog, s, &mut out);
        resources::check(catalog, s, &mut out);
        wildcards::check(catalog, s, &mut out);
        risks::check(catalog, s, &mut out);
        conditions::check(catalog, s, &mut out);
        hygiene::check(s, &mut out);
    }
    risks::check_combos(catalog, &statements, &mut out);
    hygiene::check_duplicates(&statements, &mut out);
    out
}

fn lint_sized(
    catalog: &Catalog,
    policy: &Policy,
    size: usize,
    limit: SizeLimit,
    severity: Severity,
) -> Vec<Finding> {
    let mut out = lint_statements(catalog, policy);
    if size > limit.max_chars() {
        out.push(Finding::new(
            Rule::SizeLimit,
            severity,
            Location::policy(None),
            format!(
                "the policy is {size} characters, over the {} characters IAM allows for a {} policy",
                limit.max_chars(),
                limit_name(limit)
            ),
        ).with_fix("split it into several policies, or replace lists of actions with narrower wildcards"));
    }
    sort(&mut out);
    out
}

fn limit_name(limit: SizeLimit) -> &'static str {
    match limit {
        SizeLimit::Managed => "managed",
        SizeLimit::InlineUser => "user's inline",
        SizeLimit::InlineGroup => "group's inline",
        SizeLimit::InlineRole => "role's inline",
    }
}

/// Most severe first, then by statement (policy-wide first), rule, element
/// and message, so the order never depends on how rules were run.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.location.statement.cmp(&b.location.statement))
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.location.element.cmp(&b.location.element))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// A statement with its action patterns expanded once for every rule.
pub(crate) struct Stmt<'a> {
    pub(crate) index: usize,
    pub(crate) statement: &'a Statement,
    /// Each `Action` entry and the actions it matches; empty for `NotAction`.
    pub(crate) actions: Vec<(&'a str, Vec<ActionId>)>,
}

impl<'a> Stmt<'a> {
    fn new(catalog: &Catalog, index: usize, statement: &'a Statement) -> Stmt<'a> {
        let actions = match &statement.action {
            ActionSpec::Action(list) => list
                .iter()
                .map(|p| (p.as_str(), catalog.expand(p)))
                .collect(),
            ActionSpec::NotAction(_) => Vec::new(),
        };
        Stmt {
            index,
            statement,
            actions,
        }
    }

    pub(crate) fn location(&self, element: &str) -> Location {
        Location {
            statement: Some(self.index),
            sid: self.statement.sid.clone(),
            element: Some(element.to_string()),
            index: None,
        }
    }

    /// The location of one entry of a list element.
    pub(crate) fn location_at(&self, element: &str, index: usize) -> Location {
        Location {
            index: Some(index),
            ..self.location(element)
        }
    }

    pub(crate) fn is_allow(&self) -> bool {
        self.statement.effect == Effect::Allow
    }

    /// Every action named by `Action`, deduplicated and sorted.
    pub(crate) fn granted(&self) -> BTreeSet<ActionId> {
        self.actions
            .iter()
            .flat_map(|(_, ids)| ids.iter().copied())
            .collect()
    }

    /// The `Resource` entries; empty for `NotResource`.
    pub(crate) fn resources(&self) -> &'a [String] {
        match &self.statement.resource {
            ResourceSpec::Resource(list) => list,
            ResourceSpec::NotResource(_) => &[],
        }
    }

    /// Whether some `Resource` entry reaches every resource of `service`.
    pub(crate) fn covers_all_of(&self, service: &str) -> bool {
        self.resources().iter().any(|r| covers_all(r, service))
    }

    /// Whether the statement has a condition on `key` (any operator).
    pub(crate) fn has_condition_key(&self, key: &str) -> bool {
        self.statement
            .condition
            .values()
            .any(|keys| keys.keys().any(|k| k.eq_ignore_ascii_case(key)))
    }
}

/// Whether the `Resource` entry `resource` reaches every resource of
/// `service`: `*`, `arn:aws:s3:::*`, `arn:*:s3:::*/*`,
/// `arn:aws:secretsmanager:*:*:secret:*`, `arn:aws:iam::*:role/*`.
pub(crate) fn covers_all(resource: &str, service: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    if parts.len() < 6 {
        // `arn:*` and the like.
        return parts.first() == Some(&"arn") && resource.ends_with('*');
    }
    if !wildcard::is_match_ignore_case(parts[2], service) {
        return false;
    }
    let id = parts[5];
    // Only wildcards (and separators) left: every resource. A name pattern
    // like `*-dev` is scoped.
    let only_wildcards = |s: &str| !s.is_empty() && s.chars().all(|c| matches!(c, '*' | '/' | ':'));
    if only_wildcards(id) {
        return true;
    }
    if service.eq_ignore_ascii_case("s3") {
        // In S3 the part before `/` is a bucket name, not a resource type.
        return false;
    }
    // A resource type, then nothing but a wildcard: `secret:*`, `role/*`.
    match id.find([':', '/']) {
        Some(i) => only_wildcards(&id[i + 1..]) && !wildcard::has_wildcard(&id[..i]),
        None => false,
    }
}

/// The service prefix of an action name: `s3` for `s3:GetObject`.
pub(crate) fn service_of(name: &str) -> &str {
    name.split_once(':').map_or(name, |(s, _)| s)
}

/// Names up to `max` actions, then "and N more". The best-known risky
/// actions (`s3:PutBucketPolicy`, `iam:CreatePolicyVersion`) come first,
/// so a reader recognises the danger; then the rest by name.
pub(crate) fn name_some(catalog: &Catalog, ids: &[ActionId], max: usize) -> String {
    let mut names: Vec<(bool, String)> = ids
        .iter()
        .map(|&id| {
            let name = catalog.action_info(id).full_name();
            (!risks::is_notable(&name), name)
        })
        .collect();
    names.sort();
    let names: Vec<String> = names.into_iter().map(|(_, n)| n).collect();
    let total = names.len();
    let mut out = names.into_iter().take(max).collect::<Vec<_>>().join(", ");
    if total > max {
        out.push_str(&format!(" and {} more", total - max));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_match_their_serde_names() {
        for rule in Rule::ALL {
            assert_eq!(
                serde_json::to_value(rule).expect("serialize"),
                serde_json::Value::String(rule.id().to_string()),
                "{rule:?}"
            );
        }
    }

    #[test]
    fn severities_order_from_suggestion_to_error() {
        assert!(Severity::Suggestion < Severity::Warning);
        assert!(Severity::Warning < Severity::Security);
        assert!(Severity::Security < Severity::Error);
    }

    #[test]
    fn covers_all_resources_of_a_service() {
        let cases = [
            ("star", "*", "s3", true),
            ("all buckets", "arn:aws:s3:::*", "s3", true),
            ("all objects any partition", "arn:*:s3:::*/*", "s3", true),
            ("one bucket", "arn:aws:s3:::b", "s3", false),
            ("objects of one bucket", "arn:aws:s3:::b/*", "s3", false),
            (
                "a name pattern is scoped",
                "arn:aws:lambda:us-east-1:123456789012:function:*-dev",
                "lambda",
                false,
            ),
            (
                "all functions",
                "arn:aws:lambda:us-east-1:123456789012:function:*",
                "lambda",
                true,
            ),
            (
                "all secrets",
                "arn:aws:secretsmanager:*:*:secret:*",
                "secretsmanager",
                true,
            ),
            (
                "one secret",
                "arn:aws:secretsmanager:us-east-1:1:secret:db-*",
                "secretsmanager",
                false,
            ),
            ("all roles", "arn:aws:iam::*:role/*", "iam", true),
            ("one role", "arn:aws:iam::1:role/app", "iam", false),
            ("other service", "arn:aws:s3:::*", "iam", false),
            ("arn star", "arn:*", "iam", true),
        ];
        for (name, resource, service, want) in cases {
            assert_eq!(covers_all(resource, service), want, "{name}");
        }
    }
}
