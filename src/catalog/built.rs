//! The bundled catalog, from tables built at compile time (native builds).
//!
//! `build.rs` parses `static/catalog/<generated::CORE_FILE>` with this
//! module's parser (`format.rs`) and writes what it produced as arrays of
//! numbers and one text of strings. [`catalog`] borrows the per-action
//! columns as they are and makes the few thousand service, resource-type
//! and condition-key rows, borrowing their strings: no parsing and no
//! string copies at start-up. The unit test
//! `compile_time_tables_are_what_the_parser_reads` checks every column
//! against [`Catalog::parse`] of the same file.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::{
    AccessLevel, Actions, Catalog, ConditionKey, ConditionType, ResourceType, Service, Text,
};

/// A string of the tables: `STRINGS[start..end]`.
#[derive(Clone, Copy)]
struct Span(u32, u32);

struct ServiceRow {
    prefix: Span,
    name: Span,
    actions: (u32, u32),
    resource_types: (u32, u32),
    condition_keys: (u32, u32),
}

struct ResourceTypeRow {
    name: Span,
    arn: Span,
    condition_keys: (u32, u32),
}

// The access levels as the catalog file writes them.
const L: AccessLevel = AccessLevel::List;
const R: AccessLevel = AccessLevel::Read;
const W: AccessLevel = AccessLevel::Write;
const P: AccessLevel = AccessLevel::PermissionsManagement;
const T: AccessLevel = AccessLevel::Tagging;

include!(concat!(env!("OUT_DIR"), "/catalog-tables.rs"));

fn text(span: Span) -> Text {
    Cow::Borrowed(&STRINGS[span.0 as usize..span.1 as usize])
}

fn range((start, end): (u32, u32)) -> std::ops::Range<u32> {
    start..end
}

/// The catalog of the tables.
pub(super) fn catalog() -> Catalog {
    Catalog {
        source_version: text(SOURCE_VERSION),
        dependent_actions_version: DEPENDENT_ACTIONS_VERSION.map(text),
        services: SERVICE_ROWS
            .iter()
            .map(|s| Service {
                prefix: text(s.prefix),
                name: text(s.name),
                actions: range(s.actions),
                resource_types: range(s.resource_types),
                condition_keys: range(s.condition_keys),
            })
            .collect(),
        actions: Actions {
            names: text(NAMES),
            name_starts: Cow::Borrowed(&NAME_STARTS),
            service: Cow::Borrowed(&SERVICE),
            level: Cow::Borrowed(&LEVEL),
            resource_type_starts: Cow::Borrowed(&RESOURCE_TYPE_STARTS),
            resource_types: Cow::Borrowed(&ACTION_RESOURCE_TYPES),
            condition_key_starts: Cow::Borrowed(&CONDITION_KEY_STARTS),
            condition_keys: Cow::Borrowed(&ACTION_CONDITION_KEYS),
            dependent_action_starts: Cow::Borrowed(&DEPENDENT_ACTION_STARTS),
            dependent_actions: DEPENDENT_ACTIONS.iter().copied().map(text).collect(),
        },
        resource_types: RESOURCE_TYPE_ROWS
            .iter()
            .map(|r| ResourceType {
                name: text(r.name),
                arn: text(r.arn),
                condition_keys: range(r.condition_keys),
            })
            .collect(),
        resource_type_keys: Cow::Borrowed(&RESOURCE_TYPE_KEYS),
        condition_keys: CONDITION_KEY_ROWS
            .iter()
            .map(|&(name, kind)| ConditionKey {
                name: text(name),
                kind,
            })
            .collect(),
        service_order: Cow::Borrowed(&SERVICE_ORDER),
        search: OnceLock::new(),
        request_wide_keys: OnceLock::new(),
    }
}
