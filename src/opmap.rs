//! The operation map: every AWS API operation botocore knows, with its AWS
//! CLI command, its string inputs by CLI flag, and (resolved against a
//! [`Catalog`]) the IAM actions that authorise it and which flag fills
//! which placeholder of which resource type's ARN.
//!
//! The map is generated from botocore's service models by
//! `scripts/gen-opmap.py` into `static/catalog/opmap-<hash>.txt`
//! ([`generated::OPMAP_FILE`]). Native builds embed it as tables `build.rs`
//! makes from that file at compile time ([`shipped`]); the web app fetches
//! the file when an input needs it and calls [`OperationMap::parse`], so the
//! map is not linked into the wasm.
//!
//! An operation maps to `prefix:ApiName` when the catalog has that action,
//! else to a reviewed row with its source (`src/opmap/reviewed.rs`), else it
//! is **unmapped**: nothing is guessed.
//!
//! ```
//! let catalog = policy_builder::catalog::bundled();
//! let map = policy_builder::opmap::shipped();
//! let cloudfront = map.service("cloudfront").unwrap();
//! let op = cloudfront.by_command("create-invalidation", catalog).unwrap();
//! assert_eq!(op.actions, ["cloudfront:CreateInvalidation"]);
//! let b = &op.bindings[0];
//! assert_eq!((b.flag.as_str(), b.resource_type.as_str()), ("--distribution-id", "distribution"));
//! assert_eq!(b.placeholder, "DistributionId");
//!
//! let s3 = map.service("s3api").unwrap();
//! let head = s3.by_command("head-object", catalog).unwrap();
//! assert_eq!(head.actions, ["s3:GetObject"]);
//! assert!(head.reviewed.is_some());
//! ```

#[cfg(not(target_arch = "wasm32"))]
mod built;
mod format;
pub mod generated;
mod reviewed;

use crate::catalog::Catalog;
use crate::storage::{List, Text};

pub use format::{OpMapError, OpMapErrorKind};

/// The operation map compiled into native builds (CLI, tests). It is not
/// parsed at run time: `build.rs` parsed the same file at compile time,
/// and this borrows its tables (see `src/opmap/built.rs`).
#[cfg(not(target_arch = "wasm32"))]
pub fn shipped() -> &'static OperationMap {
    static MAP: std::sync::OnceLock<OperationMap> = std::sync::OnceLock::new();
    MAP.get_or_init(built::map)
}

/// Every service's operations, as botocore and the AWS CLI name them.
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(PartialEq, Eq))]
pub struct OperationMap {
    source_package: Text,
    source_version: Text,
    /// Sorted by CLI name.
    services: List<Service>,
}

/// One botocore service.
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(PartialEq, Eq))]
pub struct Service {
    /// What follows `aws`: `cloudfront`, `s3api`, `configservice`.
    pub cli_name: Text,
    /// botocore's name: `s3`, `config`.
    pub service_name: Text,
    /// The SigV4 signing name: `monitoring` for CloudWatch.
    pub signing_name: Text,
    /// The endpoint prefix: `api.ecr` for ECR.
    pub endpoint_prefix: Text,
    /// The IAM prefix its actions use: `cloudwatch` for CloudWatch.
    pub iam_prefix: Text,
    /// CloudTrail's `eventSource`, where derivable: `cloudfront.amazonaws.com`.
    pub event_source: Option<Text>,
    /// Sorted by command.
    pub operations: List<OperationSpec>,
    /// `aws <cli name> wait <command>`, sorted by command.
    pub waiters: List<Waiter>,
}

/// A waiter: `aws cloudfront wait invalidation-completed` polls
/// `GetInvalidation` until the invalidation is done, so it needs exactly
/// that operation's permission, with the same flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiter {
    /// botocore's name: `InvalidationCompleted`.
    pub name: Text,
    /// The CLI's: `invalidation-completed`.
    pub command: Text,
    /// The API name of the operation it polls: `GetInvalidation`.
    pub operation: Text,
}

/// One operation as botocore describes it, before IAM is looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationSpec {
    /// `CreateInvalidation`.
    pub api_name: Text,
    /// `create-invalidation`.
    pub command: Text,
    /// The top-level string inputs.
    pub inputs: List<Input>,
}

/// A top-level string input and its CLI flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// `DistributionId`.
    pub member: Text,
    /// `--distribution-id`.
    pub flag: Text,
}

/// An operation resolved against a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    pub api_name: String,
    pub command: String,
    /// The actions that authorise it, as the catalog spells them
    /// (`s3:PutObject`); empty when the operation is unmapped.
    pub actions: Vec<String>,
    /// Which flags fill which ARN placeholders.
    pub bindings: Vec<Binding>,
    /// The source of the hand-reviewed row the actions come from; `None`
    /// when they are the operation's own name (or it is unmapped).
    pub reviewed: Option<&'static str>,
}

impl Operation {
    /// Whether no action is known for it. Such an operation must be
    /// reported to the user, never guessed.
    pub fn is_unmapped(&self) -> bool {
        self.actions.is_empty()
    }
}

/// A CLI flag that fills one placeholder of one resource type's ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// `--distribution-id`.
    pub flag: String,
    /// `DistributionId`.
    pub member: String,
    /// `cloudfront:CreateInvalidation`.
    pub action: String,
    /// `distribution`.
    pub resource_type: String,
    /// The placeholder's name without `${}`: `DistributionId`.
    pub placeholder: String,
    /// The flag takes the resource's whole ARN: instead of a name
    /// (Lambda's `--function-name`), or always (`--topic-arn`, whose
    /// placeholder is then the ARN's last one, the resource's own name).
    pub accepts_arn: bool,
}

/// How the map's operations resolve against a catalog.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Operations whose action has the operation's name.
    pub same_name: usize,
    /// Operations placed by the reviewed table.
    pub reviewed: usize,
    /// Operations no action is known for.
    pub unmapped: usize,
}

impl Coverage {
    pub fn total(&self) -> usize {
        self.same_name + self.reviewed + self.unmapped
    }
}

impl OperationMap {
    /// Reads the generated file's text.
    pub fn parse(text: &str) -> Result<OperationMap, OpMapError> {
        format::parse(text)
    }

    /// The package the map was generated from: `botocore`.
    pub fn source_package(&self) -> &str {
        &self.source_package
    }

    /// Its version: `1.43.62`.
    pub fn source_version(&self) -> &str {
        &self.source_version
    }

    /// Every service, sorted by CLI name.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// A service by the name `aws` takes: `cloudfront`, `s3api`.
    pub fn service(&self, cli_name: &str) -> Option<&Service> {
        self.services
            .binary_search_by(|s| (*s.cli_name).cmp(cli_name))
            .ok()
            .map(|i| &self.services[i])
    }

    /// The first service (by CLI name) whose CloudTrail event source is
    /// `source` (`cloudfront.amazonaws.com`). Several botocore services can
    /// share one source (`lambda`'s preview clients); the plain one comes
    /// first when its CLI name is the shortest.
    pub fn service_by_event_source(&self, source: &str) -> Option<&Service> {
        let mut found: Vec<&Service> = self
            .services
            .iter()
            .filter(|s| s.event_source.as_deref() == Some(source))
            .collect();
        found.sort_by_key(|s| (s.cli_name.len(), &*s.cli_name));
        found.first().copied()
    }

    /// Counts how the operations resolve against `catalog`.
    pub fn coverage(&self, catalog: &Catalog) -> Coverage {
        let mut c = Coverage::default();
        for s in self.services.iter() {
            for op in s.operations.iter() {
                let r = s.resolve(op, catalog);
                if r.is_unmapped() {
                    c.unmapped += 1;
                } else if r.reviewed.is_some() {
                    c.reviewed += 1;
                } else {
                    c.same_name += 1;
                }
            }
        }
        c
    }
}

impl Service {
    /// An operation by CLI command (`create-invalidation`), resolved.
    pub fn by_command(&self, command: &str, catalog: &Catalog) -> Option<Operation> {
        let i = self
            .operations
            .binary_search_by(|o| (*o.command).cmp(command))
            .ok()?;
        Some(self.resolve(&self.operations[i], catalog))
    }

    /// A waiter by CLI command (`invalidation-completed`).
    pub fn waiter(&self, command: &str) -> Option<&Waiter> {
        self.waiters
            .binary_search_by(|w| (*w.command).cmp(command))
            .ok()
            .map(|i| &self.waiters[i])
    }

    /// An operation by API name (`CreateInvalidation`), resolved.
    pub fn by_api_name(&self, api_name: &str, catalog: &Catalog) -> Option<Operation> {
        let op = self.operations.iter().find(|o| o.api_name == api_name)?;
        Some(self.resolve(op, catalog))
    }

    /// Resolves one of this service's operations against `catalog`.
    pub fn resolve(&self, op: &OperationSpec, catalog: &Catalog) -> Operation {
        let prefix = &*self.iam_prefix;
        let (actions, unbound, reviewed): (Vec<String>, &[&str], _) =
            match reviewed::operation(&self.service_name, &op.api_name) {
                Some(row) => (
                    row.actions
                        .iter()
                        .filter_map(|a| catalog.action(a))
                        .map(|id| catalog.action_info(id).full_name())
                        .collect(),
                    row.unbound,
                    Some(row.source),
                ),
                None => match catalog.action(&format!("{prefix}:{}", op.api_name)) {
                    Some(id) => (vec![catalog.action_info(id).full_name()], &[], None),
                    None => (Vec::new(), &[], None),
                },
            };
        // A reviewed row whose actions the catalog lacks maps nothing.
        let reviewed = reviewed.filter(|_| !actions.is_empty());
        let mut bindings = Vec::new();
        for action in &actions {
            if unbound.iter().any(|u| u.eq_ignore_ascii_case(action)) {
                continue;
            }
            let Some(id) = catalog.action(action) else {
                continue;
            };
            for r in catalog.action_info(id).resource_types() {
                for placeholder in placeholders(r.arn()) {
                    for input in op.inputs.iter() {
                        let fills = input.member.eq_ignore_ascii_case(placeholder)
                            || reviewed::alias(&self.service_name, &op.api_name, &input.member)
                                .is_some_and(|a| a.placeholder == placeholder);
                        if fills {
                            bindings.push(Binding {
                                flag: input.flag.to_string(),
                                member: input.member.to_string(),
                                action: action.clone(),
                                resource_type: r.name().to_string(),
                                placeholder: placeholder.to_string(),
                                accepts_arn: reviewed::accepts_arn(
                                    &self.service_name,
                                    &input.member,
                                ),
                            });
                        }
                    }
                }
                // `--topic-arn` for a `topic`: the input is the resource's
                // whole ARN. It binds the template's last placeholder (the
                // resource's own name or ID) and always takes an ARN.
                let Some(last) = placeholders(r.arn()).last() else {
                    continue;
                };
                for input in op.inputs.iter() {
                    let names_type =
                        arn_stem(&input.member).is_some_and(|stem| same_name(stem, r.name()));
                    if names_type
                        && !bindings.iter().any(|b| {
                            b.action == *action
                                && b.resource_type == r.name()
                                && b.member == input.member
                        })
                    {
                        bindings.push(Binding {
                            flag: input.flag.to_string(),
                            member: input.member.to_string(),
                            action: action.clone(),
                            resource_type: r.name().to_string(),
                            placeholder: last.to_string(),
                            accepts_arn: true,
                        });
                    }
                }
            }
        }
        Operation {
            api_name: op.api_name.to_string(),
            command: op.command.to_string(),
            actions,
            bindings,
            reviewed,
        }
    }
}

/// `TopicArn` → `Topic`, `stateMachineArn` → `stateMachine`, `KvsARN` → `Kvs`.
fn arn_stem(member: &str) -> Option<&str> {
    ["Arn", "ARN"]
        .iter()
        .find_map(|suffix| member.strip_suffix(suffix))
        .filter(|stem| !stem.is_empty())
}

/// Whether an input's stem names a resource type, ignoring case and
/// punctuation: `StateMachine` names `stateMachine`, `LogGroup` `log-group`.
fn same_name(stem: &str, resource_type: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    norm(stem) == norm(resource_type)
}

/// The placeholders of an ARN template a request fills, without the
/// partition, region and account, which come from the caller's context.
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split("${")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !matches!(*name, "Partition" | "Region" | "Account"))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The CLI's map (tables built by `build.rs`) is the one the web app
    /// parses from the same file: every service, with its operations,
    /// inputs and waiters. The pattern names every field, so a new one must
    /// be compared here.
    #[test]
    fn compile_time_tables_are_what_the_parser_reads() {
        use std::borrow::Cow;

        let parsed = OperationMap::parse(generated::OPMAP_TEXT).expect("the committed map parses");
        let built = built::map();
        let OperationMap {
            source_package,
            source_version,
            services,
        } = &built;
        assert_eq!(*source_package, parsed.source_package);
        assert_eq!(*source_version, parsed.source_version);
        assert!(!parsed.services.is_empty());
        assert_eq!(services.len(), parsed.services.len());
        for (b, p) in services.iter().zip(parsed.services.iter()) {
            assert!(b == p, "{}: built {b:?}, parsed {p:?}", p.cli_name);
        }
        assert!(built == parsed);
        // Borrowed from the tables, not copied at start-up; and `shipped`
        // is that map.
        for m in [&built, shipped()] {
            let s3 = m.service("s3api").expect("s3api");
            assert!(matches!(s3.cli_name, Cow::Borrowed(_)));
            assert!(matches!(s3.operations, Cow::Borrowed(_)));
            assert!(matches!(s3.operations[0].inputs, Cow::Borrowed(_)));
        }
    }

    #[test]
    fn arn_inputs_name_their_resource_type() {
        let cases = [
            ("TopicArn", "topic", true),
            ("stateMachineArn", "stateMachine", true),
            ("LogGroupArn", "log-group", true),
            ("KvsARN", "key-value-store", false),
            ("Arn", "topic", false),
            ("RoleArn", "stack", false),
            ("TopicName", "topic", false),
        ];
        for (member, rt, want) in cases {
            let got = arn_stem(member).is_some_and(|stem| same_name(stem, rt));
            assert_eq!(got, want, "{member} / {rt}");
        }
    }

    #[test]
    fn placeholders_skip_the_context() {
        let cases = [
            (
                "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
                vec!["BucketName", "ObjectName"],
            ),
            (
                "arn:${Partition}:cloudfront::${Account}:distribution/${DistributionId}",
                vec!["DistributionId"],
            ),
            ("arn:${Partition}:iam::${Account}:root", vec![]),
            ("arn:${Partition}:broken:${Unclosed", vec![]),
        ];
        for (template, want) in cases {
            assert_eq!(
                placeholders(template).collect::<Vec<_>>(),
                want,
                "{template}"
            );
        }
    }

    #[test]
    fn every_reviewed_row_is_unique_and_named_in_the_catalog() {
        let catalog = crate::catalog::bundled();
        for (i, r) in reviewed::OPERATIONS.iter().enumerate() {
            assert!(
                reviewed::OPERATIONS[..i]
                    .iter()
                    .all(|o| (o.prefix, o.api_name) != (r.prefix, r.api_name)),
                "{}:{} twice",
                r.prefix,
                r.api_name
            );
            assert!(
                r.source.starts_with("https://docs.aws.amazon.com/"),
                "{}",
                r.api_name
            );
            for a in r.actions.iter().chain(r.unbound) {
                let id = catalog
                    .action(a)
                    .unwrap_or_else(|| panic!("{a} not in the catalog"));
                assert_eq!(
                    catalog.action_info(id).full_name(),
                    *a,
                    "spelled as the catalog does"
                );
            }
            // A reviewed row for an operation whose own name is an action
            // would hide that action: only rename what needs renaming.
            assert!(
                r.actions
                    .iter()
                    .any(|a| !a.ends_with(&format!(":{}", r.api_name))),
                "{}:{} maps to itself",
                r.prefix,
                r.api_name
            );
        }
    }

    #[test]
    fn iam_prefix_overrides_point_at_catalog_services() {
        let catalog = crate::catalog::bundled();
        for signing in [
            "monitoring",
            "cloudcontrolapi",
            "iotdata",
            "IoTSecuredTunneling",
            "iot-jobs-data",
            "mturk-requester",
            "tagging",
        ] {
            let (prefix, source) = reviewed::iam_prefix(signing).unwrap();
            assert!(catalog.service(prefix).is_some(), "{signing} -> {prefix}");
            assert!(source.starts_with("https://docs.aws.amazon.com/service-authorization/"));
        }
        assert_eq!(reviewed::iam_prefix("s3"), None);
    }

    #[test]
    fn aliases_fill_placeholders_of_their_service() {
        let catalog = crate::catalog::bundled();
        for a in reviewed::ALIASES {
            let placeholder = format!("${{{}}}", a.placeholder);
            assert!(
                catalog
                    .resource_types_of(a.prefix)
                    .iter()
                    .any(|rt| rt.arn().contains(&placeholder)),
                "{}: no resource type has {placeholder}",
                a.prefix
            );
            assert!(
                a.source.starts_with("https://docs.aws.amazon.com/"),
                "{}",
                a.member
            );
        }
        let cases = [
            ("s3", "GetObject", "Bucket", Some("BucketName")),
            ("s3", "GetObject", "Key", Some("ObjectName")),
            (
                "cloudfront",
                "GetDistribution",
                "Id",
                Some("DistributionId"),
            ),
            ("cloudfront", "GetCachePolicy", "Id", None),
            ("lambda", "Invoke", "Bucket", None),
        ];
        for (prefix, api, member, want) in cases {
            let got = reviewed::alias(prefix, api, member).map(|a| a.placeholder);
            assert_eq!(got, want, "{prefix}:{api} {member}");
        }
    }
}
