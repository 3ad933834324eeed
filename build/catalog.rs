//! The catalog's tables. The types here stand in for `src/catalog.rs`'s,
//! field for field, so that its parser compiles in the build script; the
//! unit test `catalog::tests::compile_time_tables_are_what_the_parser_reads`
//! checks the result against the real parser's, column by column.

use std::ops::Range;
use std::sync::OnceLock;

use crate::storage::{List, Text};
use crate::tables::{array, header, range, Strings};

#[path = "../src/catalog/format.rs"]
mod format;
#[path = "../src/catalog/generated.rs"]
pub mod generated;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ConditionType {
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
    Unknown,
}

#[derive(Clone, Debug)]
struct Service {
    prefix: Text,
    name: Text,
    actions: Range<u32>,
    resource_types: Range<u32>,
    condition_keys: Range<u32>,
}

#[derive(Clone, Debug)]
struct Actions {
    names: Text,
    name_starts: List<u32>,
    service: List<u32>,
    level: List<AccessLevel>,
    resource_type_starts: List<u32>,
    resource_types: List<(u32, bool)>,
    condition_key_starts: List<u32>,
    condition_keys: List<u32>,
    dependent_action_starts: List<u32>,
    dependent_actions: List<Text>,
}

#[derive(Clone, Debug)]
struct ResourceType {
    name: Text,
    arn: Text,
    condition_keys: Range<u32>,
}

#[derive(Clone, Debug)]
struct ConditionKey {
    name: Text,
    kind: ConditionType,
}

struct Catalog {
    source_version: Text,
    dependent_actions_version: Option<Text>,
    services: List<Service>,
    actions: Actions,
    resource_types: List<ResourceType>,
    resource_type_keys: List<u32>,
    condition_keys: List<ConditionKey>,
    service_order: List<u32>,
    search: OnceLock<()>,
    request_wide_keys: OnceLock<Vec<u32>>,
}

/// The Rust source of the tables, and their strings.
pub fn tables(text: &str) -> (String, String) {
    let c = match format::parse(text) {
        Ok(c) => c,
        Err(e) => panic!("static/catalog/{}: {e}", generated::CORE_FILE),
    };
    let mut s = Strings::default();
    let mut out = String::new();
    header(
        &mut out,
        &format!("static/catalog/{}", generated::CORE_FILE),
        "catalog-strings.txt",
    );
    let a = &c.actions;
    // The names first: one span of the text, as `Actions::names` is one buffer.
    out += &format!("const NAMES: Span = {};\n", s.span(&a.names));
    out += &format!(
        "const SOURCE_VERSION: Span = {};\n",
        s.span(&c.source_version)
    );
    out += &format!(
        "const DEPENDENT_ACTIONS_VERSION: Option<Span> = {};\n",
        s.optional(c.dependent_actions_version.as_deref())
    );
    let rows: Vec<String> = c
        .services
        .iter()
        .map(|v| {
            format!(
                "ServiceRow {{ prefix: {}, name: {}, actions: {}, resource_types: {}, condition_keys: {} }}",
                s.span(&v.prefix),
                s.span(&v.name),
                range(&v.actions),
                range(&v.resource_types),
                range(&v.condition_keys)
            )
        })
        .collect();
    array(&mut out, "SERVICE_ROWS", "ServiceRow", rows);
    let numbers = |list: &[u32]| list.iter().map(u32::to_string).collect::<Vec<_>>();
    array(&mut out, "NAME_STARTS", "u32", numbers(&a.name_starts));
    array(&mut out, "SERVICE", "u32", numbers(&a.service));
    array(
        &mut out,
        "LEVEL",
        "AccessLevel",
        a.level.iter().map(|l| {
            match l {
                AccessLevel::List => "L",
                AccessLevel::Read => "R",
                AccessLevel::Write => "W",
                AccessLevel::PermissionsManagement => "P",
                AccessLevel::Tagging => "T",
            }
            .to_string()
        }),
    );
    array(
        &mut out,
        "RESOURCE_TYPE_STARTS",
        "u32",
        numbers(&a.resource_type_starts),
    );
    array(
        &mut out,
        "ACTION_RESOURCE_TYPES",
        "(u32, bool)",
        a.resource_types.iter().map(|(i, r)| format!("({i}, {r})")),
    );
    array(
        &mut out,
        "CONDITION_KEY_STARTS",
        "u32",
        numbers(&a.condition_key_starts),
    );
    array(
        &mut out,
        "ACTION_CONDITION_KEYS",
        "u32",
        numbers(&a.condition_keys),
    );
    array(
        &mut out,
        "DEPENDENT_ACTION_STARTS",
        "u32",
        numbers(&a.dependent_action_starts),
    );
    let rows: Vec<String> = a.dependent_actions.iter().map(|d| s.span(d)).collect();
    array(&mut out, "DEPENDENT_ACTIONS", "Span", rows);
    let rows: Vec<String> = c
        .resource_types
        .iter()
        .map(|r| {
            format!(
                "ResourceTypeRow {{ name: {}, arn: {}, condition_keys: {} }}",
                s.span(&r.name),
                s.span(&r.arn),
                range(&r.condition_keys)
            )
        })
        .collect();
    array(&mut out, "RESOURCE_TYPE_ROWS", "ResourceTypeRow", rows);
    array(
        &mut out,
        "RESOURCE_TYPE_KEYS",
        "u32",
        numbers(&c.resource_type_keys),
    );
    let rows: Vec<String> = c
        .condition_keys
        .iter()
        .map(|k| format!("({}, ConditionType::{:?})", s.span(&k.name), k.kind))
        .collect();
    array(
        &mut out,
        "CONDITION_KEY_ROWS",
        "(Span, ConditionType)",
        rows,
    );
    array(&mut out, "SERVICE_ORDER", "u32", numbers(&c.service_order));
    (out, s.into_text())
}

/// The part of the catalog file that holds `services` (by prefix, any
/// case), for the page's first policy (`catalog::RECIPE_PART`).
pub fn part(text: &str, services: &[String]) -> String {
    let keep = |prefix: &str| services.iter().any(|s| s.eq_ignore_ascii_case(prefix));
    match format::part(text, &keep) {
        Ok(part) => part,
        Err(e) => panic!("static/catalog/{}: {e}", generated::CORE_FILE),
    }
}
