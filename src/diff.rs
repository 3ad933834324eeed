//! Does NEW grant anything OLD does not? The effective-grant comparison of
//! two policies, or of the documents of two templates or plans.
//!
//! Text does not matter: reordered statements, renamed Sids, `s3:Get*`
//! written out in full, or the same grant split over two statements
//! change nothing. What is compared is what each policy allows, one
//! action on one resource pattern at a time.
//!
//! # The rules
//!
//! A grant of NEW is a catalog action (patterns expanded, `NotAction` read
//! as every catalog action it does not match), one of its statement's
//! resource entries that can apply to the action (as [`crate::explain`]
//! keeps them), the statement's condition and, in a resource policy, its
//! principal. It is **covered** by a statement of OLD when that statement:
//!
//! - allows the action;
//! - has a resource entry that contains NEW's: every ARN NEW's pattern
//!   matches, OLD's matches too ([`crate::wildcard::covers`]);
//!   `NotResource` is contained only by `*` or by a `NotResource` that
//!   excludes no more;
//! - is no more conditional: every condition of OLD's statement is implied
//!   by one of NEW's on the same key: the same operator with the same or
//!   fewer values (`StringEquals`, `StringLike`, `ArnLike`, `IpAddress`,
//!   …, with `ForAnyValue:`/`ForAllValues:` alike), the same or more
//!   values for a negated operator (`StringNotEquals`, `NotIpAddress`, …),
//!   `StringEquals` for a `StringLike` whose pattern matches its values,
//!   and an operator without `IfExists` for one with it. A condition only
//!   in NEW narrows. A condition of OLD that NEW drops, or changes in any
//!   other way, is widening;
//! - names the same principals or more (`*` contains every principal; an
//!   account contains its roles and users; `NotPrincipal` only itself).
//!
//! A grant no statement of OLD covers is **added**, unless a `Deny` of NEW
//! takes all of it back (a Deny that covers it by the same rules, its
//! condition implied by the grant's). And a `Deny` of OLD that NEW no
//! longer has, or has narrower, adds back whatever NEW allows under it.
//! **Removed** is the same comparison the other way round.
//!
//! Actions outside the catalog are never dropped: a name or pattern that
//! matches no catalog action is compared as text (OLD must have a pattern
//! that contains it), and a `NotAction` statement also grants "every
//! action outside the catalog", covered only by `*` or a `NotAction` that
//! excludes no more.
//!
//! Where the comparison cannot be exact, it answers "widens": a pattern
//! covered only by several of OLD's patterns together, a `NotResource`
//! against a list of ARNs, condition operators it does not order (numeric
//! and date bounds), placeholders of templates (an unknown value, compared
//! as text), a plan value known only after apply, a managed policy
//! attached by ARN, a policy attached to one more role. Each change says
//! why it is reported.
//!
//! ```
//! use policy_builder::catalog;
//! use policy_builder::diff::diff_policies;
//! use policy_builder::policy::Policy;
//!
//! let old: Policy = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
//!     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}}"#.parse()?;
//! let new: Policy = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
//!     "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::site/*"}}"#.parse()?;
//! let d = diff_policies(catalog::bundled(), &old, &new);
//! assert!(d.widens());
//! assert_eq!(d.added[0].actions, ["s3:PutObject"]);
//! assert!(diff_policies(catalog::bundled(), &new, &new).is_empty());
//! # Ok::<(), policy_builder::policy::ParseError>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::catalog::{ActionId, Catalog};
use crate::document::{Document, DocumentKind, Input, ReadError};
use crate::explain::effective;
use crate::policy::{
    ActionSpec, Condition, Effect, Policy, PrincipalSpec, Principals, ResourcePolicy, ResourceSpec,
    VERSION,
};
use crate::wildcard;

/// What NEW adds and removes, for one pair of documents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PolicyDiff {
    /// What NEW grants that OLD does not.
    pub added: Vec<Change>,
    /// What OLD grants that NEW does not.
    pub removed: Vec<Change>,
}

impl PolicyDiff {
    /// Whether NEW grants anything OLD does not.
    pub fn widens(&self) -> bool {
        !self.added.is_empty()
    }

    /// Whether both grant exactly the same.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// One group of grants on one side only: these actions on these
/// resources, from one statement, for one reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Action names, sorted; names outside the catalog as written.
    pub actions: Vec<String>,
    /// Resource entries as written (`NotResource` as "everything except …").
    pub resources: Vec<String>,
    /// The statement's principals, in a resource policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub principals: Vec<String>,
    /// The statement's condition.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub condition: Condition,
    /// The statement that grants it (in NEW for added, OLD for removed).
    pub statement: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub reason: Reason,
    /// The reason in words, naming OLD and NEW.
    pub why: String,
}

/// Why a grant is on one side only.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Reason {
    /// The other side does not grant the action at all.
    NotGranted,
    /// The other side grants the action, but not on these resources.
    WiderResource,
    /// The other side grants it, but not to these principals.
    WiderPrincipal,
    /// The other side grants it only under conditions this side drops or
    /// loosens.
    ConditionDropped {
        /// The other side's conditions, as `operator key = values`.
        conditions: Vec<String>,
    },
    /// The other side denies it (in this statement); this side does not.
    DenyRemoved {
        /// The other side's Deny statement.
        statement: usize,
    },
    /// The document cannot be compared (not in the file until apply).
    Unknown,
    /// The document is attached to more roles, users, groups or buckets.
    AttachedTo,
    /// A managed policy attached by ARN: its content is not in the file.
    ManagedPolicy,
}

/// Which way a comparison runs, for the words of [`Change::why`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    /// NEW against OLD: what NEW adds.
    Added,
    /// OLD against NEW: what NEW removes.
    Removed,
}

impl Side {
    /// (this side, the other side)
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Side::Added => ("NEW", "OLD"),
            Side::Removed => ("OLD", "NEW"),
        }
    }
}

fn why(reason: &Reason, side: Side, detail: &str) -> String {
    let (this, other) = side.names();
    match reason {
        Reason::NotGranted => format!("{other} does not grant these actions"),
        Reason::WiderResource => {
            format!("{other} grants these actions, but not on these resources")
        }
        Reason::WiderPrincipal => format!("{other} does not grant them to these principals"),
        Reason::ConditionDropped { conditions } => format!(
            "{other} grants them only under conditions that {this} drops or loosens: {}",
            conditions.join("; ")
        ),
        Reason::DenyRemoved { statement } => format!(
            "{other} denies them in Statement[{statement}]; {this} does not (or denies less)"
        ),
        Reason::Unknown => format!("cannot be compared, so counted as widening: {detail}"),
        Reason::AttachedTo => format!("{this} also attaches the policy to {detail}"),
        Reason::ManagedPolicy => format!(
            "{this} attaches a managed policy {other} does not; its content is not in the file"
        ),
    }
}

/// Compares two identity policies.
pub fn diff_policies(catalog: &Catalog, old: &Policy, new: &Policy) -> PolicyDiff {
    let old = Norm::identity(catalog, old);
    let new = Norm::identity(catalog, new);
    compare(catalog, &old, &new)
}

/// Compares two resource-based policies (bucket or trust policies):
/// principals count too.
pub fn diff_resource_policies(
    catalog: &Catalog,
    old: &ResourcePolicy,
    new: &ResourcePolicy,
) -> PolicyDiff {
    let old = Norm::resource(catalog, old);
    let new = Norm::resource(catalog, new);
    compare(catalog, &old, &new)
}

fn compare(catalog: &Catalog, old: &Norm, new: &Norm) -> PolicyDiff {
    PolicyDiff {
        added: one_way(catalog, old, new, Side::Added),
        removed: one_way(catalog, new, old, Side::Removed),
    }
}

/// The documents of two files, paired by source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub documents: Vec<DocumentDiff>,
}

impl Diff {
    /// Whether NEW grants anything OLD does not, in any document.
    pub fn widens(&self) -> bool {
        self.documents.iter().any(|d| d.diff.widens())
    }
}

/// One document's comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentDiff {
    /// The logical id or resource address (empty for a lone policy).
    pub source: String,
    pub kind: DocumentKind,
    pub status: Status,
    #[serde(flatten)]
    pub diff: PolicyDiff,
}

/// Whether a document is on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Removed,
    /// In both, granting something different.
    Changed,
    /// In both, granting the same.
    Unchanged,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
        })
    }
}

/// Compares every document of two files, paired by source (when each
/// file holds exactly one document, those two are paired whatever their
/// names). A document only in NEW is compared with an empty policy, so all
/// it grants is added. Documents come out in NEW's order, then those only
/// in OLD.
pub fn diff_inputs(catalog: &Catalog, old: &Input, new: &Input) -> Result<Diff, ReadError> {
    let mut out = Vec::new();
    if old.documents.len() == 1 && new.documents.len() == 1 {
        let (o, n) = (&old.documents[0], &new.documents[0]);
        out.push(diff_documents(catalog, Some(o), Some(n))?);
        return Ok(Diff { documents: out });
    }
    for n in &new.documents {
        let o = old.documents.iter().find(|o| o.source == n.source);
        out.push(diff_documents(catalog, o, Some(n))?);
    }
    for o in &old.documents {
        if !new.documents.iter().any(|n| n.source == o.source) {
            out.push(diff_documents(catalog, Some(o), None)?);
        }
    }
    Ok(Diff { documents: out })
}

/// Compares two documents; either may be missing.
pub fn diff_documents(
    catalog: &Catalog,
    old: Option<&Document>,
    new: Option<&Document>,
) -> Result<DocumentDiff, ReadError> {
    let some = new.or(old).expect("one side is given");
    let status = match (old, new) {
        (None, _) => Status::Added,
        (_, None) => Status::Removed,
        _ => Status::Changed,
    };
    let mut diff = PolicyDiff::default();
    let unknown = old
        .and_then(Document::unknown_reason)
        .or_else(|| new.and_then(Document::unknown_reason));
    if let Some(reason) = unknown {
        // Nothing to compare: say so, as widening, whichever side it is.
        let detail = format!(
            "{reason} in {}",
            if new.and_then(Document::unknown_reason).is_some() {
                "NEW"
            } else {
                "OLD"
            }
        );
        diff.added.push(Change {
            actions: Vec::new(),
            resources: Vec::new(),
            principals: Vec::new(),
            condition: Condition::new(),
            statement: None,
            sid: None,
            why: why(&Reason::Unknown, Side::Added, &detail),
            reason: Reason::Unknown,
        });
    } else if some.kind == DocumentKind::ManagedPolicyArns {
        let arns = |d: Option<&Document>| -> BTreeSet<String> {
            d.map(|d| d.managed_policy_arns().iter().cloned().collect())
                .unwrap_or_default()
        };
        let (o, n) = (arns(old), arns(new));
        diff.added = arn_changes(n.difference(&o), Side::Added);
        diff.removed = arn_changes(o.difference(&n), Side::Removed);
    } else {
        let norm = |d: Option<&Document>| -> Result<Norm, ReadError> {
            match d {
                None => Ok(Norm::default()),
                Some(d) if d.kind == DocumentKind::Identity => {
                    Ok(Norm::identity(catalog, &d.policy()?))
                }
                Some(d) => Ok(Norm::resource(catalog, &d.resource_policy()?)),
            }
        };
        diff = compare(catalog, &norm(old)?, &norm(new)?);
    }
    // Attached to more (or fewer) roles, users, groups or buckets.
    if let (Some(o), Some(n)) = (old, new) {
        let attached = |d: &Document| d.attached_to.iter().cloned().collect::<BTreeSet<_>>();
        let (ao, an) = (attached(o), attached(n));
        let more: Vec<String> = an.difference(&ao).cloned().collect();
        let fewer: Vec<String> = ao.difference(&an).cloned().collect();
        if !more.is_empty() {
            diff.added.push(attachment(more, Side::Added));
        }
        if !fewer.is_empty() {
            diff.removed.push(attachment(fewer, Side::Removed));
        }
    }
    let status = match status {
        Status::Changed if diff.is_empty() => Status::Unchanged,
        s => s,
    };
    Ok(DocumentDiff {
        source: some.source.clone(),
        kind: some.kind,
        status,
        diff,
    })
}

fn attachment(to: Vec<String>, side: Side) -> Change {
    let detail = to.join(", ");
    Change {
        actions: Vec::new(),
        resources: to,
        principals: Vec::new(),
        condition: Condition::new(),
        statement: None,
        sid: None,
        why: why(&Reason::AttachedTo, side, &detail),
        reason: Reason::AttachedTo,
    }
}

fn arn_changes<'a>(arns: impl Iterator<Item = &'a String>, side: Side) -> Vec<Change> {
    arns.map(|arn| Change {
        actions: Vec::new(),
        resources: vec![arn.clone()],
        principals: Vec::new(),
        condition: Condition::new(),
        statement: None,
        sid: None,
        why: why(&Reason::ManagedPolicy, side, arn),
        reason: Reason::ManagedPolicy,
    })
    .collect()
}

/// A policy's statements, ready to compare.
#[derive(Clone, Debug, Default)]
struct Norm {
    statements: Vec<NStatement>,
    /// Whether policy variables are read (Version 2012-10-17).
    variables: bool,
}

#[derive(Clone, Debug)]
struct NStatement {
    index: usize,
    /// Whether policy variables are replaced (Version 2012-10-17); a
    /// `${aws:username}` means something else when they are not.
    variables: bool,
    sid: Option<String>,
    effect: Effect,
    actions: Actions,
    resource: ResourceSpec,
    principal: Principal,
    condition: Condition,
}

/// `Action` or `NotAction`, expanded.
#[derive(Clone, Debug)]
struct Actions {
    /// `NotAction`.
    not: bool,
    /// The catalog actions the entries match.
    matched: BTreeSet<ActionId>,
    /// The entries as written.
    patterns: Vec<String>,
}

impl Actions {
    fn new(catalog: &Catalog, spec: &ActionSpec) -> Actions {
        let (not, patterns) = match spec {
            ActionSpec::Action(l) => (false, l),
            ActionSpec::NotAction(l) => (true, l),
        };
        Actions {
            not,
            matched: patterns.iter().flat_map(|p| catalog.expand(p)).collect(),
            patterns: patterns.clone(),
        }
    }

    fn allows(&self, id: ActionId) -> bool {
        self.matched.contains(&id) != self.not
    }

    /// Whether every action an entry outside the catalog names is in.
    fn allows_unknown(&self, name: &str) -> bool {
        if self.not {
            // Every action but the excluded ones: a name surely outside
            // them. A pattern might meet one: not claimed.
            !wildcard::has_wildcard(name)
                && !self
                    .patterns
                    .iter()
                    .any(|p| wildcard::is_match_ignore_case(p, name))
        } else {
            self.patterns
                .iter()
                .any(|p| wildcard::covers_ignore_case(p, name))
        }
    }

    /// Whether every action outside the catalog but those matching
    /// `excluded` is in.
    fn allows_outside(&self, excluded: &[String]) -> bool {
        if self.not {
            self.patterns
                .iter()
                .all(|p| excluded.iter().any(|q| wildcard::covers_ignore_case(q, p)))
        } else {
            self.patterns
                .iter()
                .any(|p| wildcard::covers_ignore_case(p, "*"))
        }
    }
}

/// Who a statement applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Principal {
    /// An identity policy: whoever it is attached to.
    Attached,
    /// A resource policy's statement with no principal: nobody.
    Nobody,
    Named(PrincipalSpec),
}

impl Norm {
    fn identity(catalog: &Catalog, policy: &Policy) -> Norm {
        Norm::build(catalog, policy, |_| Principal::Attached)
    }

    fn resource(catalog: &Catalog, policy: &ResourcePolicy) -> Norm {
        Norm::build(catalog, &policy.policy, |i| {
            match policy.principals.get(i).cloned().flatten() {
                Some(p) => Principal::Named(p),
                None => Principal::Nobody,
            }
        })
    }

    fn build(catalog: &Catalog, policy: &Policy, principal: impl Fn(usize) -> Principal) -> Norm {
        Norm {
            variables: policy.version.as_deref() == Some(VERSION),
            statements: policy
                .statements
                .iter()
                .enumerate()
                .map(|(index, s)| NStatement {
                    index,
                    variables: policy.version.as_deref() == Some(VERSION),
                    sid: s.sid.clone(),
                    effect: s.effect,
                    actions: Actions::new(catalog, &s.action),
                    resource: s.resource.clone(),
                    principal: principal(index),
                    condition: s.condition.clone(),
                })
                .collect(),
        }
    }

    fn allows(&self) -> impl Iterator<Item = &NStatement> {
        self.statements.iter().filter(|s| s.effect == Effect::Allow)
    }

    fn denies(&self) -> impl Iterator<Item = &NStatement> {
        self.statements.iter().filter(|s| s.effect == Effect::Deny)
    }
}

/// An action as compared: in the catalog, named outside it, or "every
/// action outside the catalog but these" (a `NotAction` statement's).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ActionKey {
    Known(ActionId),
    Unknown(String),
    Outside(Vec<String>),
}

impl ActionKey {
    fn name(&self, catalog: &Catalog) -> String {
        match self {
            ActionKey::Known(id) => catalog.action_info(*id).full_name(),
            ActionKey::Unknown(name) => name.clone(),
            ActionKey::Outside(excluded) if excluded.is_empty() => {
                "every action outside the catalog".to_string()
            }
            ActionKey::Outside(excluded) => format!(
                "every action outside the catalog except {}",
                excluded.join(", ")
            ),
        }
    }
}

/// One resource entry of a statement.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ResourceEntry {
    Pattern(String),
    AllExcept(Vec<String>),
}

impl ResourceEntry {
    fn text(&self) -> String {
        match self {
            ResourceEntry::Pattern(p) => p.clone(),
            ResourceEntry::AllExcept(l) => format!("everything except {}", l.join(", ")),
        }
    }
}

/// One grant: an action on a resource entry, under a statement's
/// principal and condition.
struct Unit<'a> {
    action: ActionKey,
    resource: ResourceEntry,
    statement: &'a NStatement,
}

/// What keeps a statement from covering a unit, the most telling first.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    Condition(Vec<String>),
    Principal,
    Resource,
    Action,
}

/// The units of a statement: each action it names, on each resource entry
/// that can apply to that action.
fn units<'a>(catalog: &Catalog, norm: &Norm, s: &'a NStatement) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    let raw: Vec<ResourceEntry> = match &s.resource {
        ResourceSpec::Resource(l) => l.iter().cloned().map(ResourceEntry::Pattern).collect(),
        ResourceSpec::NotResource(l) => vec![ResourceEntry::AllExcept(l.clone())],
    };
    let known: Box<dyn Iterator<Item = ActionId>> = if s.actions.not {
        Box::new(
            catalog
                .expand("*")
                .into_iter()
                .filter(|id| !s.actions.matched.contains(id)),
        )
    } else {
        Box::new(s.actions.matched.iter().copied())
    };
    for id in known {
        let resources: Vec<ResourceEntry> = match &s.resource {
            ResourceSpec::Resource(l) => effective(catalog, id, l, norm.variables)
                .into_iter()
                .map(ResourceEntry::Pattern)
                .collect(),
            ResourceSpec::NotResource(_) => raw.clone(),
        };
        for r in resources {
            out.push(Unit {
                action: ActionKey::Known(id),
                resource: r,
                statement: s,
            });
        }
    }
    let outside: Vec<ActionKey> = if s.actions.not {
        vec![ActionKey::Outside(s.actions.patterns.clone())]
    } else {
        s.actions
            .patterns
            .iter()
            .filter(|p| catalog.expand(p).is_empty())
            .map(|p| ActionKey::Unknown(p.clone()))
            .collect()
    };
    for action in outside {
        for r in &raw {
            out.push(Unit {
                action: action.clone(),
                resource: r.clone(),
                statement: s,
            });
        }
    }
    out
}

/// Why `s` does not cover `unit`, or `None` when it does.
fn gap(unit: &Unit<'_>, s: &NStatement) -> Option<Gap> {
    let allows = match &unit.action {
        ActionKey::Known(id) => s.actions.allows(*id),
        ActionKey::Unknown(name) => s.actions.allows_unknown(name),
        ActionKey::Outside(excluded) => s.actions.allows_outside(excluded),
    };
    if !allows {
        return Some(Gap::Action);
    }
    if !resource_covers(&s.resource, &unit.resource)
        || (s.variables != unit.statement.variables && has_variable_entry(&unit.resource))
    {
        return Some(Gap::Resource);
    }
    if !principal_covers(&s.principal, &unit.statement.principal) {
        return Some(Gap::Principal);
    }
    let mut missing = unimplied(&unit.statement.condition, &s.condition);
    if s.variables != unit.statement.variables {
        // `${aws:username}` in a value is read literally by one side and
        // replaced by the other: no condition with one is implied.
        missing.extend(variable_conditions(&s.condition));
        missing.extend(variable_conditions(&unit.statement.condition));
    }
    if !missing.is_empty() {
        return Some(Gap::Condition(missing));
    }
    None
}

fn has_variable_entry(entry: &ResourceEntry) -> bool {
    match entry {
        ResourceEntry::Pattern(p) => p.contains("${"),
        ResourceEntry::AllExcept(l) => l.iter().any(|p| p.contains("${")),
    }
}

/// The conditions whose values hold a policy variable, as text.
fn variable_conditions(condition: &Condition) -> Vec<String> {
    let mut out = Vec::new();
    for (op, keys) in condition {
        for (key, values) in keys {
            if values.iter().any(|v| v.contains("${")) {
                out.push(format!(
                    "{op} {key} = {} (policy variables read differently)",
                    values.join(", ")
                ));
            }
        }
    }
    out
}

fn resource_covers(outer: &ResourceSpec, inner: &ResourceEntry) -> bool {
    match (outer, inner) {
        (ResourceSpec::Resource(list), ResourceEntry::Pattern(r)) => {
            list.iter().any(|p| wildcard::covers(p, r))
        }
        (ResourceSpec::Resource(list), ResourceEntry::AllExcept(_)) => {
            list.iter().any(|p| wildcard::covers(p, "*"))
        }
        (ResourceSpec::NotResource(excluded), ResourceEntry::Pattern(r)) => {
            // Every ARN of `r` must escape every exclusion.
            !excluded.iter().any(|q| wildcard::overlaps(q, r))
        }
        (ResourceSpec::NotResource(out_excluded), ResourceEntry::AllExcept(in_excluded)) => {
            out_excluded
                .iter()
                .all(|q| in_excluded.iter().any(|p| wildcard::covers(p, q)))
        }
    }
}

/// Whether the statement's resources may meet `entry` (for a
/// Deny to take a grant back, or to be missed).
fn resource_overlaps(spec: &ResourceSpec, entry: &ResourceEntry) -> bool {
    match (spec, entry) {
        (ResourceSpec::Resource(list), ResourceEntry::Pattern(r)) => {
            list.iter().any(|p| wildcard::overlaps(p, r))
        }
        // NotResource against anything: assume they meet.
        _ => true,
    }
}

/// An AWS principal written as an account id, as its root ARN.
fn normalise_aws(value: &str) -> String {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        format!("arn:aws:iam::{value}:root")
    } else {
        value.to_string()
    }
}

/// The account of an IAM ARN: `123456789012` of `arn:aws:iam::123456789012:role/x`.
fn account_of(arn: &str) -> Option<&str> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "iam" | "sts", "", account, _] => Some(account),
        _ => None,
    }
}

fn principal_covers(outer: &Principal, inner: &Principal) -> bool {
    match (outer, inner) {
        (Principal::Attached, Principal::Attached) => true,
        (_, Principal::Nobody) => true,
        (Principal::Named(PrincipalSpec::Principal(Principals::Any)), Principal::Named(_)) => true,
        (
            Principal::Named(PrincipalSpec::Principal(Principals::Some(out))),
            Principal::Named(PrincipalSpec::Principal(Principals::Some(inn))),
        ) => inn.iter().all(|(kind, values)| {
            let outer_values = out.get(kind).map(Vec::as_slice).unwrap_or_default();
            values.iter().all(|v| {
                let v = normalise_aws(v);
                outer_values.iter().any(|o| {
                    let o = normalise_aws(o);
                    o == v
                        || (kind == "AWS" && o == "*")
                        || (kind == "AWS"
                            && o.ends_with(":root")
                            && account_of(&o).is_some()
                            && account_of(&o) == account_of(&v))
                })
            })
        }),
        (a, b) => a == b,
    }
}

/// `outer`'s conditions that `inner`'s do not imply, as text. Empty when
/// whenever `inner` holds, `outer` does.
fn unimplied(inner: &Condition, outer: &Condition) -> Vec<String> {
    let mut out = Vec::new();
    for (op, keys) in outer {
        for (key, values) in keys {
            let implied = inner.iter().any(|(iop, ikeys)| {
                ikeys.iter().any(|(ikey, ivalues)| {
                    ikey.eq_ignore_ascii_case(key) && implies(iop, ivalues, op, values)
                })
            });
            if !implied {
                out.push(format!("{op} {key} = {}", values.join(", ")));
            }
        }
    }
    out
}

/// `(set prefix, base operator, IfExists)` of an operator.
fn split(op: &str) -> (&str, &str, bool) {
    let (set, rest) = match op.split_once(':') {
        Some((set @ ("ForAnyValue" | "ForAllValues"), rest)) => (set, rest),
        _ => ("", op),
    };
    match rest.strip_suffix("IfExists") {
        Some(base) => (set, base, true),
        None => (set, rest, false),
    }
}

/// Operators true when the request's value is one of the values.
const POSITIVE: &[&str] = &[
    "StringEquals",
    "StringEqualsIgnoreCase",
    "StringLike",
    "ArnEquals",
    "ArnLike",
    "NumericEquals",
    "DateEquals",
    "IpAddress",
    "BinaryEquals",
    "Bool",
];

/// Operators true when the request's value is none of the values.
const NEGATIVE: &[&str] = &[
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
    "ArnNotEquals",
    "ArnNotLike",
    "NumericNotEquals",
    "DateNotEquals",
    "NotIpAddress",
];

/// Operators whose values are patterns (`*`, `?`).
fn is_pattern(base: &str) -> bool {
    matches!(
        base,
        "StringLike" | "StringNotLike" | "ArnEquals" | "ArnLike" | "ArnNotEquals" | "ArnNotLike"
    )
}

/// Whether `value` (of operator `from`) is among `values` (of `to`).
fn value_in(from: &str, value: &str, to: &str, values: &[String]) -> bool {
    values
        .iter()
        .any(|v| match (is_pattern(from), is_pattern(to)) {
            (false, false) if to.ends_with("IgnoreCase") => v.eq_ignore_ascii_case(value),
            (false, false) => v == value,
            (false, true) => wildcard::is_match(v, value),
            (true, true) => wildcard::covers(v, value),
            (true, false) => false,
        })
}

/// Whether condition `(op_i, vi)` implies `(op_o, vo)` on the same key.
fn implies(op_i: &str, vi: &[String], op_o: &str, vo: &[String]) -> bool {
    if op_i == op_o && vi.iter().collect::<BTreeSet<_>>() == vo.iter().collect::<BTreeSet<_>>() {
        return true;
    }
    let (set_i, base_i, if_exists_i) = split(op_i);
    let (set_o, base_o, if_exists_o) = split(op_o);
    // IfExists is true when the key is missing: only the looser side may
    // have it.
    if set_i != set_o || (if_exists_i && !if_exists_o) {
        return false;
    }
    let same_family = base_i == base_o
        || (base_i == "StringEquals" && base_o == "StringLike")
        || (base_i == "ArnEquals" && base_o == "ArnLike")
        || (base_i == "ArnLike" && base_o == "ArnEquals");
    if !same_family {
        return false;
    }
    if POSITIVE.contains(&base_o) {
        // Fewer accepted values: narrower.
        vi.iter().all(|v| value_in(base_i, v, base_o, vo))
    } else if NEGATIVE.contains(&base_o) {
        // More refused values: narrower.
        vo.iter().all(|v| value_in(base_o, v, base_i, vi))
    } else {
        false
    }
}

/// What `this` grants that `other` does not, grouped.
fn one_way(catalog: &Catalog, other: &Norm, this: &Norm, side: Side) -> Vec<Change> {
    // (statement, reason, resource) → actions; then merged by actions.
    type Key = (usize, Reason, ResourceEntry);
    let mut found: BTreeMap<Key, BTreeSet<ActionKey>> = BTreeMap::new();
    let mut this_allowed: BTreeSet<ActionKey> = BTreeSet::new();
    for s in this.allows() {
        for unit in units(catalog, this, s) {
            this_allowed.insert(unit.action.clone());
            // Taken back by a Deny of this side's own.
            if this.denies().any(|d| gap(&unit, d).is_none()) {
                continue;
            }
            let mut best: Option<Gap> = None;
            let mut covered = false;
            for o in other.allows() {
                match gap(&unit, o) {
                    None => {
                        covered = true;
                        break;
                    }
                    Some(g) => {
                        if best.as_ref().is_none_or(|b| g < *b) {
                            best = Some(g);
                        }
                    }
                }
            }
            if covered {
                continue;
            }
            let reason = match best {
                Some(Gap::Condition(conditions)) => Reason::ConditionDropped { conditions },
                Some(Gap::Principal) => Reason::WiderPrincipal,
                Some(Gap::Resource) => Reason::WiderResource,
                Some(Gap::Action) | None => Reason::NotGranted,
            };
            found
                .entry((s.index, reason, unit.resource.clone()))
                .or_default()
                .insert(unit.action);
        }
    }
    // The other side's Denies that this side lacks: what they took back,
    // this side allows.
    for d in other.denies() {
        for unit in units(catalog, other, d) {
            if !this_allowed.contains(&unit.action) {
                continue;
            }
            if this.denies().any(|t| gap(&unit, t).is_none()) {
                continue;
            }
            let allowed_here = this.allows().any(|s| {
                let allows = match &unit.action {
                    ActionKey::Known(id) => s.actions.allows(*id),
                    _ => true,
                };
                allows && resource_overlaps(&s.resource, &unit.resource)
            });
            if allowed_here {
                found
                    .entry((
                        d.index,
                        Reason::DenyRemoved { statement: d.index },
                        unit.resource.clone(),
                    ))
                    .or_default()
                    .insert(unit.action);
            }
        }
    }
    let mut merged: BTreeMap<(usize, Reason, BTreeSet<ActionKey>), Vec<ResourceEntry>> =
        BTreeMap::new();
    for ((statement, reason, resource), actions) in found {
        merged
            .entry((statement, reason, actions))
            .or_default()
            .push(resource);
    }
    let mut out: Vec<Change> = merged
        .into_iter()
        .map(|((statement, reason, actions), resources)| {
            // For a removed Deny the statement is the other side's.
            let from = match reason {
                Reason::DenyRemoved { .. } => other,
                _ => this,
            };
            let s = from.statements.iter().find(|s| s.index == statement);
            let mut names: Vec<String> = actions.iter().map(|a| a.name(catalog)).collect();
            names.sort_by_key(|n| n.to_ascii_lowercase());
            let (principals, condition, sid) = match (s, &reason) {
                (Some(s), Reason::DenyRemoved { .. }) => {
                    (principal_names(&s.principal), s.condition.clone(), None)
                }
                (Some(s), _) => (
                    principal_names(&s.principal),
                    s.condition.clone(),
                    s.sid.clone(),
                ),
                (None, _) => (Vec::new(), Condition::new(), None),
            };
            let statement = match reason {
                Reason::DenyRemoved { .. } => None,
                _ => Some(statement),
            };
            Change {
                actions: names,
                resources: resources.iter().map(ResourceEntry::text).collect(),
                principals,
                condition,
                statement,
                sid,
                why: why(&reason, side, ""),
                reason,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.statement
            .cmp(&b.statement)
            .then_with(|| a.reason.cmp(&b.reason))
            .then_with(|| a.actions.cmp(&b.actions))
    });
    out
}

fn principal_names(p: &Principal) -> Vec<String> {
    let list = |prefix: &str, ps: &Principals| -> Vec<String> {
        match ps {
            Principals::Any => vec![format!("{prefix}*")],
            Principals::Some(map) => map
                .iter()
                .flat_map(|(kind, values)| {
                    values.iter().map(move |v| format!("{prefix}{kind}:{v}"))
                })
                .collect(),
        }
    };
    match p {
        Principal::Attached | Principal::Nobody => Vec::new(),
        Principal::Named(PrincipalSpec::Principal(ps)) => list("", ps),
        Principal::Named(PrincipalSpec::NotPrincipal(ps)) => list("everyone but ", ps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// (name, inner op, inner values, outer op, outer values, inner implies outer)
    type ImplicationCase = (
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static str,
        &'static [&'static str],
        bool,
    );

    #[test]
    #[rustfmt::skip]
    fn condition_implication() {
        let cases: &[ImplicationCase] = &[
            ("same", "StringEquals", &["a"], "StringEquals", &["a"], true),
            ("fewer values", "StringEquals", &["a"], "StringEquals", &["a", "b"], true),
            ("more values", "StringEquals", &["a", "b"], "StringEquals", &["a"], false),
            ("other value", "StringEquals", &["c"], "StringEquals", &["a"], false),
            ("equals within like", "StringEquals", &["js/app.js"], "StringLike", &["js/*"], true),
            ("like not within equals", "StringLike", &["js/*"], "StringEquals", &["js/app.js"], false),
            ("narrower like", "StringLike", &["js/app/*"], "StringLike", &["js/*"], true),
            ("wider like", "StringLike", &["*"], "StringLike", &["js/*"], false),
            ("negated, more refused", "StringNotEquals", &["a", "b"], "StringNotEquals", &["a"], true),
            ("negated, fewer refused", "StringNotEquals", &["a"], "StringNotEquals", &["a", "b"], false),
            ("without IfExists implies with", "StringEquals", &["a"], "StringEqualsIfExists", &["a"], true),
            ("with IfExists does not imply without", "StringEqualsIfExists", &["a"], "StringEquals", &["a"], false),
            ("set operators must agree", "ForAnyValue:StringEquals", &["a"], "StringEquals", &["a"], false),
            ("same set operator, fewer", "ForAllValues:StringEquals", &["a"], "ForAllValues:StringEquals", &["a", "b"], true),
            ("bool other value", "Bool", &["false"], "Bool", &["true"], false),
            ("numeric bound not ordered", "NumericLessThan", &["5"], "NumericLessThan", &["10"], false),
            ("numeric bound same", "NumericLessThan", &["10"], "NumericLessThan", &["10"], true),
            ("ignore case", "StringEqualsIgnoreCase", &["A"], "StringEqualsIgnoreCase", &["a", "b"], true),
            ("ip subset of strings", "IpAddress", &["10.0.0.0/8"], "IpAddress", &["10.0.0.0/8", "192.168.0.0/16"], true),
            ("other family", "StringEquals", &["a"], "ArnEquals", &["a"], false),
        ];
        for (name, op_i, vi, op_o, vo, want) in cases {
            assert_eq!(implies(op_i, &strings(vi), op_o, &strings(vo)), *want, "{name}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn principal_containment() {
        let aws = |v: &[&str]| Principal::Named(PrincipalSpec::Principal(Principals::Some(BTreeMap::from([("AWS".to_string(), strings(v))]))));
        let any = Principal::Named(PrincipalSpec::Principal(Principals::Any));
        let cases = [
            ("star covers an account", any.clone(), aws(&["123456789012"]), true),
            ("account id is its root", aws(&["arn:aws:iam::123456789012:root"]), aws(&["123456789012"]), true),
            ("account covers its role", aws(&["123456789012"]), aws(&["arn:aws:iam::123456789012:role/ci"]), true),
            ("role does not cover its account", aws(&["arn:aws:iam::123456789012:role/ci"]), aws(&["123456789012"]), false),
            ("other account", aws(&["111111111111"]), aws(&["arn:aws:iam::123456789012:role/ci"]), false),
            ("AWS star covers a role", aws(&["*"]), aws(&["arn:aws:iam::123456789012:role/ci"]), true),
            ("AWS star is not everyone", aws(&["*"]), any.clone(), false),
        ];
        for (name, outer, inner, want) in cases {
            assert_eq!(principal_covers(&outer, &inner), want, "{name}");
        }
    }
}
