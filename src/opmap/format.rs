//! The compact operation-map file, written by `scripts/gen-opmap.py`.
//!
//! One line per service, then one per operation of that service; fields
//! are separated by tabs, lists by commas:
//!
//! ```text
//! opmap  1  botocore  <version>  <services>  <operations>        header
//! S  <cli name>  <botocore name>  <signing name>  <endpoint prefix|=>  <event source|->
//! <ApiName>  <command|=>  [<Member>[=<flag>],...]             an operation's string inputs
//! W  <WaiterName>  <ApiName it polls>  [<command>]            a waiter (`aws <cli name> wait <command>`)
//! ```
//!
//! `=` as the command, or a member without `=<flag>`, means the name in
//! kebab case by [`kebab`]; the generator writes the name out wherever
//! awscli's own `xform_name` (and its argument renames) gives another.

use std::fmt;

use super::{Input, OperationMap, OperationSpec, Service, Waiter};
use crate::opmap::reviewed;
use crate::storage::vec_mut;

/// The operation map could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpMapError {
    /// 1-based line number.
    pub line: usize,
    pub kind: OpMapErrorKind,
}

/// What was wrong.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpMapErrorKind {
    /// The first line is not an `opmap 1` header.
    BadHeader,
    /// A line does not have the fields its kind needs (the line, cut to 80 characters).
    BadLine(String),
    /// An operation line comes before any service line.
    OperationOutsideService(String),
    /// The header's service or operation count does not match the lines.
    CountMismatch {
        what: &'static str,
        expected: usize,
        found: usize,
    },
}

impl fmt::Display for OpMapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "operation map line {}: ", self.line)?;
        match &self.kind {
            OpMapErrorKind::BadHeader => f.write_str("not an opmap version 1 file"),
            OpMapErrorKind::BadLine(l) => write!(f, "malformed line {l:?}"),
            OpMapErrorKind::OperationOutsideService(l) => {
                write!(f, "operation {l:?} comes before any service line")
            }
            OpMapErrorKind::CountMismatch {
                what,
                expected,
                found,
            } => write!(
                f,
                "the header says {expected} {what} but the file has {found}"
            ),
        }
    }
}

impl std::error::Error for OpMapError {}

/// awscli's kebab case for the plain cases: a dash before a capital that
/// starts a capitalised word (`(.)([A-Z][a-z]+)`), then before a capital
/// that follows a lower-case letter or digit (`([a-z0-9])([A-Z])`), then
/// lower case. This is botocore's `xform_name` without its special cases,
/// which the generator writes out instead.
pub(crate) fn kebab(name: &str) -> String {
    let s: Vec<char> = name.chars().collect();
    // First pass: `(.)([A-Z][a-z]+)`, non-overlapping, left to right.
    let mut first: Vec<char> = Vec::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < s.len() {
        if i + 2 < s.len() + 1
            && s.get(i + 1).is_some_and(|c| c.is_ascii_uppercase())
            && s.get(i + 2).is_some_and(|c| c.is_ascii_lowercase())
        {
            first.push(s[i]);
            first.push('-');
            first.push(s[i + 1]);
            let mut j = i + 2;
            while j < s.len() && s[j].is_ascii_lowercase() {
                first.push(s[j]);
                j += 1;
            }
            i = j;
        } else {
            first.push(s[i]);
            i += 1;
        }
    }
    // Second pass: `([a-z0-9])([A-Z])`, non-overlapping.
    let mut out = String::with_capacity(first.len() + 8);
    let mut i = 0;
    while i < first.len() {
        let c = first[i];
        if (c.is_ascii_lowercase() || c.is_ascii_digit())
            && first.get(i + 1).is_some_and(|d| d.is_ascii_uppercase())
        {
            out.push(c);
            out.push('-');
            out.push(first[i + 1]);
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out.to_lowercase()
}

// `.into()` makes the owned `Text` and `List` of `src/storage.rs`: a no-op
// in the wasm, where they are `String` and `Vec`.
#[cfg_attr(target_arch = "wasm32", allow(clippy::useless_conversion))]
pub(super) fn parse(text: &str) -> Result<OperationMap, OpMapError> {
    let err = |line, kind| OpMapError { line, kind };
    let bad =
        |line: usize, l: &str| err(line, OpMapErrorKind::BadLine(l.chars().take(80).collect()));
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let (_, header) = lines
        .next()
        .ok_or_else(|| err(1, OpMapErrorKind::BadHeader))?;
    let h: Vec<&str> = header.split('\t').collect();
    if h.len() != 6 || h[0] != "opmap" || h[1] != "1" || h[2].is_empty() || h[3].is_empty() {
        return Err(err(1, OpMapErrorKind::BadHeader));
    }
    let (Ok(n_services), Ok(n_operations)) = (h[4].parse::<usize>(), h[5].parse::<usize>()) else {
        return Err(err(1, OpMapErrorKind::BadHeader));
    };
    let mut services: Vec<Service> = Vec::with_capacity(n_services);
    let mut operations = 0usize;
    let mut last = 1;
    for (n, line) in lines {
        last = n;
        let f: Vec<&str> = line.split('\t').collect();
        if f[0] == "S" {
            let [_, cli, name, signing, endpoint, source] = f[..] else {
                return Err(bad(n, line));
            };
            if [cli, name, signing, endpoint, source]
                .iter()
                .any(|s| s.is_empty())
            {
                return Err(bad(n, line));
            }
            let endpoint = if endpoint == "=" { signing } else { endpoint };
            services.push(Service {
                cli_name: cli.to_string().into(),
                service_name: name.to_string().into(),
                signing_name: signing.to_string().into(),
                endpoint_prefix: endpoint.to_string().into(),
                iam_prefix: reviewed::iam_prefix(signing)
                    .map_or_else(|| signing.to_string().into(), |(p, _)| p.to_string().into()),
                event_source: (source != "-")
                    .then_some(source)
                    .or_else(|| reviewed::event_source(name))
                    .map(str::to_string)
                    .map(Into::into),
                operations: Vec::new().into(),
                waiters: Vec::new().into(),
            });
            continue;
        }
        if f[0] == "W" {
            let (name, operation, command) = match f[..] {
                [_, name, operation] => (name, operation, None),
                [_, name, operation, command] if !command.is_empty() => {
                    (name, operation, Some(command))
                }
                _ => return Err(bad(n, line)),
            };
            if name.is_empty() || operation.is_empty() {
                return Err(bad(n, line));
            }
            let Some(service) = services.last_mut() else {
                return Err(err(
                    n,
                    OpMapErrorKind::OperationOutsideService(name.chars().take(80).collect()),
                ));
            };
            vec_mut(&mut service.waiters).push(Waiter {
                name: name.to_string().into(),
                command: command.map_or_else(|| kebab(name).into(), |c| c.to_string().into()),
                operation: operation.to_string().into(),
            });
            continue;
        }
        let (api, command, inputs) = match f[..] {
            [api, command] => (api, command, ""),
            [api, command, inputs] if !inputs.is_empty() => (api, command, inputs),
            _ => return Err(bad(n, line)),
        };
        if api.is_empty() || command.is_empty() || !api.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad(n, line));
        }
        let Some(service) = services.last_mut() else {
            return Err(err(
                n,
                OpMapErrorKind::OperationOutsideService(api.chars().take(80).collect()),
            ));
        };
        let mut parsed = Vec::new();
        for input in inputs.split(',').filter(|_| !inputs.is_empty()) {
            let (member, flag) = match input.split_once('=') {
                Some((m, f)) => (m, f.to_string()),
                None => (input, kebab(input)),
            };
            if member.is_empty() || flag.is_empty() {
                return Err(bad(n, line));
            }
            parsed.push(Input {
                member: member.to_string().into(),
                flag: format!("--{flag}").into(),
            });
        }
        vec_mut(&mut service.operations).push(OperationSpec {
            api_name: api.to_string().into(),
            command: if command == "=" {
                kebab(api).into()
            } else {
                command.to_string().into()
            },
            inputs: parsed.into(),
        });
        operations += 1;
    }
    if services.len() != n_services {
        return Err(err(
            last,
            OpMapErrorKind::CountMismatch {
                what: "services",
                expected: n_services,
                found: services.len(),
            },
        ));
    }
    if operations != n_operations {
        return Err(err(
            last,
            OpMapErrorKind::CountMismatch {
                what: "operations",
                expected: n_operations,
                found: operations,
            },
        ));
    }
    services.sort_by(|a, b| a.cli_name.cmp(&b.cli_name));
    for s in &mut services {
        vec_mut(&mut s.operations).sort_by(|a, b| a.command.cmp(&b.command));
        vec_mut(&mut s.waiters).sort_by(|a, b| a.command.cmp(&b.command));
    }
    Ok(OperationMap {
        source_package: h[2].to_string().into(),
        source_version: h[3].to_string().into(),
        services: services.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values are botocore 1.43.62's `xform_name(name, '-')`.
    /// (Where it differs, as `ListHITs` → `list-hits`, the file spells the
    /// name out: `kebab` gives `list-hi-ts`, as the bare regexes do.)
    #[test]
    fn kebab_matches_xform_name_on_plain_names() {
        let cases = [
            ("create-invalidation", "CreateInvalidation"),
            ("list-objects-v2", "ListObjectsV2"),
            ("get-bucket-acl", "GetBucketAcl"),
            ("describe-db-instances", "DescribeDBInstances"),
            ("put-bucket-cors", "PutBucketCors"),
            ("get-o-tel-enrichment-x", "GetOTelEnrichmentX"),
            ("distribution-id", "DistributionId"),
            ("s3-location", "S3Location"),
            ("a-bc-de", "ABcDe"),
            ("a-bc-de-f", "aBCDeF"),
            ("ab1-cd", "Ab1Cd"),
            ("x", "X"),
            ("ec2-instance-id", "Ec2InstanceId"),
            ("kms-key-id", "KMSKeyId"),
            ("bucket", "bucket"),
            ("ssekms-key-id", "SSEKMSKeyId"),
            ("analyzer-arn", "analyzerArn"),
        ];
        for (want, name) in cases {
            assert_eq!(kebab(name), want, "{name}");
        }
        assert_eq!(kebab("ListHITs"), "list-hi-ts");
    }

    #[test]
    fn errors_name_the_line() {
        let ok_header = "opmap\t1\tbotocore\t1.43.62\t1\t1\n";
        let cases: [(&str, String, OpMapError); 5] = [
            (
                "empty file",
                String::new(),
                OpMapError {
                    line: 1,
                    kind: OpMapErrorKind::BadHeader,
                },
            ),
            (
                "wrong version",
                "opmap\t2\tbotocore\t1\t0\t0\n".to_string(),
                OpMapError {
                    line: 1,
                    kind: OpMapErrorKind::BadHeader,
                },
            ),
            (
                "operation before service",
                format!("{ok_header}Invoke\t=\n"),
                OpMapError {
                    line: 2,
                    kind: OpMapErrorKind::OperationOutsideService("Invoke".into()),
                },
            ),
            (
                "short service line",
                format!("{ok_header}S\tlambda\n"),
                OpMapError {
                    line: 2,
                    kind: OpMapErrorKind::BadLine("S\tlambda".into()),
                },
            ),
            (
                "count mismatch",
                format!("{ok_header}S\tlambda\tlambda\tlambda\t=\t-\n"),
                OpMapError {
                    line: 2,
                    kind: OpMapErrorKind::CountMismatch {
                        what: "operations",
                        expected: 1,
                        found: 0,
                    },
                },
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(parse(&text).err(), Some(want), "{name}");
        }
    }

    #[test]
    fn bad_input_lines_are_errors_not_panics() {
        let header = "opmap\t1\tbotocore\t1.43.62\t1\t1\nS\ts3api\ts3\ts3\t=\ts3.amazonaws.com\n";
        for line in [
            "",
            "\t",
            "Bad Name\t=",
            "GetObject\t",
            "GetObject\t=\t",
            "GetObject\t=\t=x",
            "A\tb\tc\td",
        ] {
            let text = format!("{header}{line}\n");
            let e = parse(&text).expect_err(line);
            assert_eq!(e.line, 3, "{line:?}: {e}");
        }
    }

    #[test]
    fn parses_explicit_and_derived_names() {
        let text = "opmap\t1\tbotocore\t1.43.62\t1\t2\n\
                    S\tsns\tsns\tsns\t=\tsns.amazonaws.com\n\
                    Subscribe\t=\tTopicArn,Endpoint=notification-endpoint\n\
                    ListHITs\tlist-hits\n";
        let map = parse(text).unwrap();
        let sns = &map.services[0];
        assert_eq!(sns.event_source.as_deref(), Some("sns.amazonaws.com"));
        let sub = &sns.operations[1];
        assert_eq!((&*sub.api_name, &*sub.command), ("Subscribe", "subscribe"));
        let flags: Vec<(&str, &str)> = sub.inputs.iter().map(|i| (&*i.member, &*i.flag)).collect();
        assert_eq!(
            flags,
            [
                ("TopicArn", "--topic-arn"),
                ("Endpoint", "--notification-endpoint")
            ]
        );
        assert_eq!(sns.operations[0].command, "list-hits");
    }
}
