//! The shipped operation map, from tables built at compile time (native
//! builds).
//!
//! `build.rs` parses `static/catalog/<generated::OPMAP_FILE>` with this
//! module's parser (`format.rs`, which also works out the kebab-case
//! commands and flags and the reviewed IAM prefixes) and writes what it
//! produced as arrays of numbers and one text of strings. [`map`] makes the
//! rows from them, borrowing every string and each operation's inputs: no
//! parsing and no string copies at start-up. The unit test
//! `compile_time_tables_are_what_the_parser_reads` checks every service
//! against [`OperationMap::parse`] of the same file.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::{Input, OperationMap, OperationSpec, Service, Text, Waiter};

/// A string of the tables: `STRINGS[start..end]`.
#[derive(Clone, Copy)]
struct Span(u32, u32);

struct ServiceRow {
    cli_name: Span,
    service_name: Span,
    signing_name: Span,
    endpoint_prefix: Span,
    iam_prefix: Span,
    event_source: Option<Span>,
    operations: (u32, u32),
    waiters: (u32, u32),
}

struct OperationRow {
    api_name: Span,
    command: Span,
    inputs: (u32, u32),
}

include!(concat!(env!("OUT_DIR"), "/opmap-tables.rs"));

fn text(span: Span) -> Text {
    Cow::Borrowed(&STRINGS[span.0 as usize..span.1 as usize])
}

/// `all[start..end]`.
fn slice<T>(all: &[T], (start, end): (u32, u32)) -> &[T] {
    &all[start as usize..end as usize]
}

/// The operation map of the tables.
pub(super) fn map() -> OperationMap {
    // The rows that services and operations borrow slices of.
    static INPUTS: OnceLock<Vec<Input>> = OnceLock::new();
    static OPERATIONS: OnceLock<Vec<OperationSpec>> = OnceLock::new();
    static WAITERS: OnceLock<Vec<Waiter>> = OnceLock::new();
    let inputs = INPUTS.get_or_init(|| {
        INPUT_ROWS
            .iter()
            .map(|&(member, flag)| Input {
                member: text(member),
                flag: text(flag),
            })
            .collect()
    });
    let operations = OPERATIONS.get_or_init(|| {
        OPERATION_ROWS
            .iter()
            .map(|o| OperationSpec {
                api_name: text(o.api_name),
                command: text(o.command),
                inputs: Cow::Borrowed(slice(inputs, o.inputs)),
            })
            .collect()
    });
    let waiters = WAITERS.get_or_init(|| {
        WAITER_ROWS
            .iter()
            .map(|&(name, command, operation)| Waiter {
                name: text(name),
                command: text(command),
                operation: text(operation),
            })
            .collect()
    });
    OperationMap {
        source_package: text(SOURCE_PACKAGE),
        source_version: text(SOURCE_VERSION),
        services: SERVICE_ROWS
            .iter()
            .map(|s| Service {
                cli_name: text(s.cli_name),
                service_name: text(s.service_name),
                signing_name: text(s.signing_name),
                endpoint_prefix: text(s.endpoint_prefix),
                iam_prefix: text(s.iam_prefix),
                event_source: s.event_source.map(text),
                operations: Cow::Borrowed(slice(operations, s.operations)),
                waiters: Cow::Borrowed(slice(waiters, s.waiters)),
            })
            .collect(),
    }
}
