//! The operation map's tables. The types here stand in for
//! `src/opmap.rs`'s, field for field, so that its parser compiles in the
//! build script; the unit test
//! `opmap::tests::compile_time_tables_are_what_the_parser_reads` checks the
//! result against the real parser's, service by service.

use std::collections::HashMap;

use crate::storage::{List, Text};
use crate::tables::{array, header, offset, Strings};

#[path = "../src/opmap/format.rs"]
mod format;
#[path = "../src/opmap/generated.rs"]
pub mod generated;
#[path = "../src/opmap/reviewed.rs"]
mod reviewed;

struct OperationMap {
    source_package: Text,
    source_version: Text,
    services: List<Service>,
}

#[derive(Clone, Debug)]
struct Service {
    cli_name: Text,
    service_name: Text,
    signing_name: Text,
    endpoint_prefix: Text,
    iam_prefix: Text,
    event_source: Option<Text>,
    operations: List<OperationSpec>,
    waiters: List<Waiter>,
}

#[derive(Clone, Debug)]
struct Waiter {
    name: Text,
    command: Text,
    operation: Text,
}

#[derive(Clone, Debug)]
struct OperationSpec {
    api_name: Text,
    command: Text,
    inputs: List<Input>,
}

#[derive(Clone, Debug)]
struct Input {
    member: Text,
    flag: Text,
}

/// The Rust source of the tables, and their strings.
pub fn tables(text: &str) -> (String, String) {
    let map = match format::parse(text) {
        Ok(map) => map,
        Err(e) => panic!("static/catalog/{}: {e}", generated::OPMAP_FILE),
    };
    let mut s = Strings::default();
    let mut out = String::new();
    header(
        &mut out,
        &format!("static/catalog/{}", generated::OPMAP_FILE),
        "opmap-strings.txt",
    );
    out += &format!(
        "const SOURCE_PACKAGE: Span = {};\nconst SOURCE_VERSION: Span = {};\n",
        s.span(&map.source_package),
        s.span(&map.source_version)
    );
    let (mut services, mut operations, mut inputs, mut waiters) = (vec![], vec![], vec![], vec![]);
    // Operations with the same inputs (a third of them: `NextToken`,
    // `MaxResults`, ...) share one run of rows.
    let mut runs: HashMap<Vec<String>, (u32, u32)> = HashMap::new();
    for v in map.services.iter() {
        let ops_start = operations.len();
        for op in v.operations.iter() {
            let rows: Vec<String> = op
                .inputs
                .iter()
                .map(|i| format!("({}, {})", s.span(&i.member), s.span(&i.flag)))
                .collect();
            let (start, end) = *runs.entry(rows).or_insert_with_key(|rows| {
                let start = inputs.len();
                inputs.extend(rows.iter().cloned());
                (offset(start), offset(inputs.len()))
            });
            operations.push(format!(
                "OperationRow {{ api_name: {}, command: {}, inputs: ({start}, {end}) }}",
                s.span(&op.api_name),
                s.span(&op.command),
            ));
        }
        let waiters_start = waiters.len();
        for w in v.waiters.iter() {
            waiters.push(format!(
                "({}, {}, {})",
                s.span(&w.name),
                s.span(&w.command),
                s.span(&w.operation)
            ));
        }
        services.push(format!(
            "ServiceRow {{ cli_name: {}, service_name: {}, signing_name: {}, endpoint_prefix: {}, \
             iam_prefix: {}, event_source: {}, operations: ({}, {}), waiters: ({}, {}) }}",
            s.span(&v.cli_name),
            s.span(&v.service_name),
            s.span(&v.signing_name),
            s.span(&v.endpoint_prefix),
            s.span(&v.iam_prefix),
            s.optional(v.event_source.as_deref()),
            offset(ops_start),
            offset(operations.len()),
            offset(waiters_start),
            offset(waiters.len())
        ));
    }
    array(&mut out, "SERVICE_ROWS", "ServiceRow", services);
    array(&mut out, "OPERATION_ROWS", "OperationRow", operations);
    array(&mut out, "INPUT_ROWS", "(Span, Span)", inputs);
    array(&mut out, "WAITER_ROWS", "(Span, Span, Span)", waiters);
    (out, s.into_text())
}
